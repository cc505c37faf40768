#include "core/proto/names.hpp"

#include <cstdio>

namespace caplens::proto {

std::string_view nameOf(std::span<const ValueName> names, std::uint64_t value) {
    for (const auto& entry : names) {
        if (entry.value == value) return entry.name;
    }
    return {};
}

std::string formatEther(std::span<const std::uint8_t> bytes) {
    std::string out;
    char part[4];
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::snprintf(part, sizeof part, i == 0 ? "%02x" : ":%02x", bytes[i]);
        out += part;
    }
    return out;
}

std::string formatIpv4(std::uint32_t address) {
    char text[16];
    std::snprintf(text, sizeof text, "%u.%u.%u.%u", address >> 24, (address >> 16) & 0xFF, (address >> 8) & 0xFF,
                  address & 0xFF);
    return text;
}

std::string formatIpv6(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != 16) return formatEther(bytes);
    std::uint16_t groups[8];
    for (int i = 0; i < 8; ++i) groups[i] = static_cast<std::uint16_t>(bytes[2 * i] << 8 | bytes[2 * i + 1]);
    // IPv4-mapped addresses keep their dotted tail (RFC 5952 section 5).
    const bool mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 &&
                        groups[5] == 0xFFFF;
    const int hexGroups = mapped ? 6 : 8;
    // The longest run of two or more zero groups (the first of equals) becomes "::".
    int bestStart = -1, bestLength = 0;
    for (int i = 0; i < hexGroups;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < hexGroups && groups[j] == 0) ++j;
        if (j - i > bestLength && j - i >= 2) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    std::string out;
    char part[8];
    for (int i = 0; i < hexGroups; ++i) {
        if (i == bestStart) {
            out += "::";
            i += bestLength - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(part, sizeof part, "%x", groups[i]);
        out += part;
    }
    if (mapped) {
        if (!out.empty() && out.back() != ':') out += ':';
        out += formatIpv4(static_cast<std::uint32_t>(bytes[12]) << 24 | bytes[13] << 16 | bytes[14] << 8 | bytes[15]);
    }
    return out;
}

}  // namespace caplens::proto
