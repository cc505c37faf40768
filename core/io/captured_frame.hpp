// captured_frame.hpp — one frame as a capture reader hands it over.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

#include "core/io/link_type.hpp"

namespace caplens {

// A timestamp in integer nanoseconds since the Unix epoch (design principle 8).
using TimestampNs = std::int64_t;

// Marks a frame that carries no timestamp (pcapng Simple Packet Blocks).
inline constexpr TimestampNs kNoTimestamp = std::numeric_limits<TimestampNs>::min();

// Per-frame facts that travel beside the bytes.
enum FrameFlag : std::uint8_t {
    // NetMon attached a title/description to this frame; Wireshark shows it as a
    // "netmon_header" layer above the frame's own encapsulation.
    kFrameHasNetmonComment = 1u << 0,
    // A pcapng packet block carried an opt_comment (kept by the reader for display).
    kFrameHasComment = 1u << 1,
};

struct CapturedFrame {
    TimestampNs timestampNs = kNoTimestamp;
    std::uint32_t capturedLength = 0;  // bytes present in the file (== data.size())
    std::uint32_t originalLength = 0;  // bytes on the wire; larger when cut by the snap length
    LinkType linkType = linktype::Unknown;
    std::uint32_t interfaceId = 0;
    std::uint64_t fileOffset = 0;      // offset of the first byte of `data` in the (decompressed) stream
    std::uint8_t flags = 0;            // FrameFlag bits
    // The frame's bytes. Valid only during the sink call: they live in the reader's window.
    std::span<const std::uint8_t> data;

    [[nodiscard]] bool hasTimestamp() const { return timestampNs != kNoTimestamp; }
    [[nodiscard]] bool cutBySnapLength() const { return capturedLength < originalLength; }
};

}  // namespace caplens
