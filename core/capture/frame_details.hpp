// frame_details.hpp — the details tree of one frame (Wireshark's middle pane), built from a
// packet dissected in Tree mode: labels from the registry, byte ranges for the bytes pane,
// the filter text for Apply as Filter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/proto/packet.hpp"

namespace caplens {

struct DetailNode {
    std::string label;          // "Source Port: 443"
    proto::FieldId field = proto::kNoField;
    std::string_view abbrev;    // "tcp.srcport" (registry storage)
    std::string filterValue;    // "443": what Apply as Filter puts after "=="; empty: presence only
    std::string valueJson;      // the value as JSON (443, "192.168.0.1", true), or empty
    std::uint32_t offset = 0;   // within data source `source`
    std::uint32_t length = 0;
    std::uint8_t source = 0;    // 0: the frame; 1..: FrameDetails::sources[source - 1]
    bool generated = false;
    std::int32_t parent = -1;   // index into FrameDetails::nodes
    std::vector<std::int32_t> children;
};

struct DetailSource {
    std::string name;           // "Reassembled TCP (1234 bytes)"
    std::vector<std::uint8_t> bytes;
};

struct FrameDetails {
    std::uint64_t number = 0;
    std::vector<DetailNode> nodes;  // in tree order; roots have parent -1
    std::vector<std::int32_t> roots;
    std::vector<std::uint8_t> frameBytes;
    std::vector<DetailSource> sources;

    // The filter that selects this node's value ("tcp.srcport == 443", or "tcp" for presence).
    [[nodiscard]] std::string filterFor(std::int32_t node) const;
    // The innermost node covering byte `offset` of `source` (for clicking in the bytes pane).
    [[nodiscard]] std::int32_t nodeAt(std::uint8_t source, std::uint32_t offset) const;
};

// The tree of `packet` (dissected in Tree mode). Hidden fields are left out.
[[nodiscard]] FrameDetails buildFrameDetails(const proto::Packet& packet);

// `caplens frame --json`: [{"name":"Source Port: 443","abbrev":"tcp.srcport","value":443,
// "offset":34,"length":2,"children":[...]}, ...]
[[nodiscard]] std::string frameDetailsJson(const FrameDetails& details);

// Indented text, one node per line (`caplens frame`).
[[nodiscard]] std::string frameDetailsText(const FrameDetails& details);

}  // namespace caplens
