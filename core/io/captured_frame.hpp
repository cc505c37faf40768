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
    // A pcapng packet block carried an opt_comment (its text is in CaptureMetadata::frameComments).
    kFrameHasComment = 1u << 1,
};

// Lengths follow Wireshark's frame.cap_len / frame.len. Some link types start the frame's bytes
// with a pseudo-header that describes the packet rather than being part of it (the ERF record
// header of LINKTYPE_ERF, the 4-byte SunATM header): Wireshark shows it as a layer of its own
// but counts it in neither length. `data` keeps it, so a dissector can read it:
//
//   data:  [ pseudo-header (pseudoHeaderLength) | packet bytes (capturedLength) ]
struct CapturedFrame {
    TimestampNs timestampNs = kNoTimestamp;
    std::uint32_t capturedLength = 0;  // packet bytes present (== data.size() - pseudoHeaderLength)
    std::uint32_t originalLength = 0;  // packet bytes on the wire; larger when cut by the snap length
    std::uint32_t pseudoHeaderLength = 0;  // leading bytes of `data` that are a link-type pseudo-header
    LinkType linkType = linktype::Unknown;
    std::uint32_t interfaceId = 0;     // index into CaptureMetadata::interfaces (0 when there are none)
    std::uint64_t fileOffset = 0;      // offset of the first byte of `data` in the (decompressed) stream
    std::uint8_t flags = 0;            // FrameFlag bits
    // The frame's bytes, pseudo-header included. Valid only during the sink call: they live in
    // the reader's window.
    std::span<const std::uint8_t> data;

    // The packet bytes without the pseudo-header.
    [[nodiscard]] std::span<const std::uint8_t> packet() const { return data.subspan(pseudoHeaderLength); }

    [[nodiscard]] bool hasTimestamp() const { return timestampNs != kNoTimestamp; }
    [[nodiscard]] bool cutBySnapLength() const { return capturedLength < originalLength; }
};

}  // namespace caplens
