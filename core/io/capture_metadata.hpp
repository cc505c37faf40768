// capture_metadata.hpp — what a capture file says about itself besides its frames.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/io/capture_format.hpp"
#include "core/io/link_type.hpp"

namespace caplens {

// One capture interface (a pcapng IDB; the single implicit interface of pcap and snoop; one per
// ERF port). Formats that describe no interface (NetMon 2.1+) have none.
struct InterfaceInfo {
    LinkType linkType = linktype::Unknown;
    std::uint32_t snapLength = 0;  // 0: not set
    std::string name;
    std::string description;
    std::string filter;
    std::string os;
    std::uint8_t timestampDigits = 6;  // decimal digits of the timestamp resolution
};

// A comment attached to one frame (pcapng opt_comment, NetMon frame title and description).
struct FrameComment {
    std::uint64_t frameNumber = 0;  // 1-based, in the order the reader delivered the frames
    std::string text;
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
    // Decimal digits of the file's timestamp precision (6 = microseconds, 9 = nanoseconds), as
    // capinfos prints it; per-interface values live in InterfaceInfo. When interfaces differ,
    // the finest of them.
    std::uint8_t timestampDigits = 6;
    // The format gives every frame its own link type (NetMon 2.1+): capinfos then calls the
    // file's encapsulation "per-packet" even when all frames share one.
    bool perPacketLinkTypes = false;
    std::uint32_t sections = 0;  // pcapng sections seen
    std::string hardware;        // the first section's shb_hardware
    std::string os;              // the first section's shb_os
    std::string application;     // the first section's shb_userappl
    std::vector<std::string> comments;  // file/section comments, in order
    std::vector<FrameComment> frameComments;  // in frame order
    std::vector<ResolvedName> names;
};

}  // namespace caplens
