// time_format.hpp — printing integer-nanosecond timestamps without the C library's time zone
// machinery (identical natively and in wasm).
#pragma once

#include <cstdint>
#include <string>

namespace caplens {

struct CivilDate {
    std::int64_t year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

// The proleptic Gregorian date of a day count since 1970-01-01.
[[nodiscard]] CivilDate civilFromDays(std::int64_t days);

// "2024-11-27 17:45:16.680626" in UTC, with `fractionDigits` (0..9) after the seconds.
[[nodiscard]] std::string formatUtc(std::int64_t timestampNs, int fractionDigits);

// Seconds as "12.345678" with `fractionDigits` decimals, for durations and relative times.
[[nodiscard]] std::string formatSeconds(std::int64_t nanoseconds, int fractionDigits);

}  // namespace caplens
