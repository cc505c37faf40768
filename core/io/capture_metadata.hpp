// capture_metadata.hpp — what a capture file says about itself besides its frames.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/io/capture_format.hpp"
#include "core/io/link_type.hpp"

namespace caplens {

// One capture interface (a pcapng IDB; the single implicit interface of other formats).
struct InterfaceInfo {
    LinkType linkType = linktype::Unknown;
    std::uint32_t snapLength = 0;  // 0: not set
    std::string name;
    std::string description;
    std::string filter;
    std::string os;
    std::uint8_t timestampDigits = 6;  // decimal digits of the timestamp resolution
};

// An address-to-name record (pcapng Name Resolution Block), kept for display.
struct ResolvedName {
    bool ipv6 = false;
    std::array<std::uint8_t, 16> address{};  // first 4 bytes for IPv4
    std::string name;
};

struct CaptureMetadata {
    CaptureFormat format = CaptureFormat::Unknown;
    std::vector<InterfaceInfo> interfaces;
    // Decimal digits of the file's timestamp precision (6 = microseconds, 9 = nanoseconds);
    // per-interface values live in InterfaceInfo.
    std::uint8_t timestampDigits = 6;
    std::uint32_t sections = 0;  // pcapng sections seen
    std::string hardware;
    std::string os;
    std::string application;
    std::vector<std::string> comments;  // file/section comments, in order
    std::vector<ResolvedName> names;
};

}  // namespace caplens
