#include "web/text_format.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace caplens::web {

std::string groupedNumber(std::uint64_t value) {
    std::string digits = std::to_string(value);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string byteSize(std::uint64_t bytes) {
    if (bytes < 1000) return countOf(bytes, "byte", "bytes");
    constexpr const char* kUnits[] = {"kB", "MB", "GB", "TB", "PB"};
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    // Three significant digits: "4.43 kB", "12.3 MB", "512 GB".
    const int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
    std::snprintf(text, sizeof text, "%.*f %s", decimals, value, kUnits[unit]);
    return text;
}

std::string percent(double fraction) {
    const double clamped = std::clamp(fraction, 0.0, 1.0);
    // Floor, so that 100% appears only when the work is really complete.
    return std::to_string(static_cast<int>(std::floor(clamped * 100))) + "%";
}

std::string countOf(std::uint64_t count, const char* singular, const char* plural) {
    return groupedNumber(count) + " " + (count == 1 ? singular : plural);
}

std::string errorHeadline(const CaptureError& error, std::uint64_t frames) {
    switch (error.code) {
        case CaptureErrorCode::UnsupportedFormat: return "Not a capture file caplens can read";
        case CaptureErrorCode::UnsupportedVersion: return "Unsupported version of this format";
        case CaptureErrorCode::SourceFailure: return "The file could not be read";
        case CaptureErrorCode::Cancelled: return "Reading was cancelled";
        case CaptureErrorCode::UnwritableFrame: return "The frames cannot be written in this format";
        case CaptureErrorCode::None:
        case CaptureErrorCode::TruncatedFile:
        case CaptureErrorCode::CorruptRecord: break;
    }
    return frames > 0 ? "The capture is damaged" : "The file is damaged";
}

std::string asSentence(std::string text) {
    if (text.empty()) return text;
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    if (text.back() != '.') text += '.';
    return text;
}

}  // namespace caplens::web
