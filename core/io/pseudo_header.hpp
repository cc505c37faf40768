// pseudo_header.hpp — link-type pseudo-headers: bytes at the start of a frame that describe
// the packet rather than belong to it.
//
// Wireshark strips them from frame.len and frame.cap_len and shows them as a layer of their
// own; caplens keeps them in CapturedFrame::data and records their length in
// CapturedFrame::pseudoHeaderLength. Link types not listed here have none.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/io/link_type.hpp"

namespace caplens {

// The ERF record header that starts `record`: 16 bytes, 8 more per extension header (each says
// in its top bit whether another follows), then the subheader of the record type (2 bytes of
// padding for Ethernet types, 4 for multi-channel and AAL2 types). nullopt when `record` is too
// short to hold all of that.
[[nodiscard]] std::optional<std::uint32_t> erfHeaderLength(std::span<const std::uint8_t> record);

// The pseudo-header length of a frame of `linkType` whose captured bytes are `frame`
// (LINKTYPE_ERF: the ERF header; LINKTYPE_SUNATM: 4 bytes; others: 0). nullopt when the frame
// is too short to hold it.
[[nodiscard]] std::optional<std::uint32_t> pseudoHeaderLength(LinkType linkType,
                                                              std::span<const std::uint8_t> frame);

}  // namespace caplens
