#include "core/util/time_format.hpp"

#include <cstdio>

namespace caplens {
namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t powerOfTen(int exponent) {
    std::int64_t value = 1;
    for (int i = 0; i < exponent; ++i) value *= 10;
    return value;
}

}  // namespace

// Days to a civil date, by counting 400-year eras of 146097 days that start on March 1st
// (so that the leap day falls at the end of the counted year).
CivilDate civilFromDays(std::int64_t days) {
    const std::int64_t shifted = days + 719'468;  // days from 0000-03-01 to 1970-01-01
    const std::int64_t era = floorDiv(shifted, 146'097);
    const std::int64_t dayOfEra = shifted - era * 146'097;
    const std::int64_t yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t monthFromMarch = (5 * dayOfYear + 2) / 153;
    const unsigned day = static_cast<unsigned>(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    const unsigned month =
        static_cast<unsigned>(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    const std::int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

std::string formatUtc(std::int64_t timestampNs, int fractionDigits) {
    const std::int64_t seconds = floorDiv(timestampNs, kNsPerSecond);
    const std::int64_t nanos = timestampNs - seconds * kNsPerSecond;
    const std::int64_t days = floorDiv(seconds, kSecondsPerDay);
    const std::int64_t secondOfDay = seconds - days * kSecondsPerDay;
    const CivilDate date = civilFromDays(days);
    char buffer[96];
    int n = std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                          static_cast<long long>(date.year), date.month, date.day,
                          static_cast<long long>(secondOfDay / 3600),
                          static_cast<long long>(secondOfDay / 60 % 60),
                          static_cast<long long>(secondOfDay % 60));
    if (fractionDigits > 0 && fractionDigits <= 9 && n > 0) {
        const std::int64_t fraction = nanos / powerOfTen(9 - fractionDigits);
        std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), ".%0*lld",
                      fractionDigits, static_cast<long long>(fraction));
    }
    return buffer;
}

std::string formatSeconds(std::int64_t nanoseconds, int fractionDigits) {
    const bool negative = nanoseconds < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(nanoseconds)
                                             : static_cast<std::uint64_t>(nanoseconds);
    const std::uint64_t whole = magnitude / kNsPerSecond;
    const std::uint64_t nanos = magnitude % kNsPerSecond;
    char buffer[64];
    if (fractionDigits <= 0 || fractionDigits > 9) {
        std::snprintf(buffer, sizeof buffer, "%s%llu", negative ? "-" : "",
                      static_cast<unsigned long long>(whole));
    } else {
        const auto divisor = static_cast<std::uint64_t>(powerOfTen(9 - fractionDigits));
        std::snprintf(buffer, sizeof buffer, "%s%llu.%0*llu", negative ? "-" : "",
                      static_cast<unsigned long long>(whole), fractionDigits,
                      static_cast<unsigned long long>(nanos / divisor));
    }
    return buffer;
}

}  // namespace caplens
