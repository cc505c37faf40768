// dissector_input.hpp — how fuzz_dissector reads its input, and how dissector seeds are written.
//
//   byte 0     which link type: an index into the registry's "linktype" table (modulo its size)
//   byte 1     flags (DissectorInputFlag)
//   bytes 2..  frames, separated by kFrameSeparator (at most kMaxFrames are dissected)
//
// A link-type index rather than the LINKTYPE_ number keeps every input on a real dissector.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/io/link_type.hpp"
#include "core/proto/registry.hpp"

namespace caplens::fuzz {

inline constexpr std::array<std::uint8_t, 4> kFrameSeparator{0xCA, 0x11, 0xF2, 0x5E};
inline constexpr std::size_t kMaxFrames = 32;

enum DissectorInputFlag : std::uint8_t {
    kCutBySnapLength = 1u << 0,  // frames claim 100 more bytes on the wire than captured
    kNetmonComment = 1u << 1,    // frames carry a NetMon title (the netmon_header layer)
    kColumns = 1u << 2,          // the Fast pass builds the columns too
    kShortOriginal = 1u << 3,    // frames claim fewer bytes on the wire than captured (corrupt files do)
};

struct DissectorInput {
    LinkType linkType = linktype::Ethernet;
    std::uint8_t flags = 0;
    std::vector<std::span<const std::uint8_t>> frames;
};

// The link types that have a dissector, in key order.
[[nodiscard]] inline std::vector<LinkType> dissectedLinkTypes() {
    std::vector<LinkType> types;
    if (const auto* table = proto::registry().findTable("linktype")) {
        for (const auto& [key, dissector] : table->entries()) types.push_back(key);
    }
    return types;
}

[[nodiscard]] inline DissectorInput parseDissectorInput(std::span<const std::uint8_t> bytes,
                                                        const std::vector<LinkType>& linkTypes) {
    DissectorInput input;
    if (bytes.size() < 2 || linkTypes.empty()) return input;
    input.linkType = linkTypes[bytes[0] % linkTypes.size()];
    input.flags = bytes[1];
    std::span<const std::uint8_t> rest = bytes.subspan(2);
    while (input.frames.size() < kMaxFrames) {
        const auto separator = std::search(rest.begin(), rest.end(), kFrameSeparator.begin(), kFrameSeparator.end());
        const auto length = static_cast<std::size_t>(separator - rest.begin());
        input.frames.push_back(rest.first(length));
        if (separator == rest.end()) break;
        rest = rest.subspan(length + kFrameSeparator.size());
    }
    return input;
}

// The seed for `frames` of `linkType`; empty when no dissector handles that link type.
[[nodiscard]] inline std::vector<std::uint8_t> encodeDissectorInput(LinkType linkType,
                                                                    const std::vector<std::vector<std::uint8_t>>& frames,
                                                                    const std::vector<LinkType>& linkTypes) {
    const auto found = std::find(linkTypes.begin(), linkTypes.end(), linkType);
    if (found == linkTypes.end() || linkTypes.size() > 256) return {};
    std::vector<std::uint8_t> out{static_cast<std::uint8_t>(found - linkTypes.begin()), 0};
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i > 0) out.insert(out.end(), kFrameSeparator.begin(), kFrameSeparator.end());
        out.insert(out.end(), frames[i].begin(), frames[i].end());
    }
    return out;
}

}  // namespace caplens::fuzz
