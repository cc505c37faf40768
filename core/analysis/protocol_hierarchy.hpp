// protocol_hierarchy.hpp — Statistics > Protocol Hierarchy, with tshark's `-z io,phs`
// semantics: each frame counts at every node of its path (the frame's top-level items in
// order, each nested under the one before), bytes are original frame lengths.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/proto/field.hpp"

namespace caplens {

struct HierarchyNode {
    proto::FieldId field = proto::kNoField;  // the protocol (or top-level item) of this node
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    std::vector<HierarchyNode> children;      // in order of first appearance
};

class ProtocolHierarchy {
public:
    // Counts one frame of `frameLength` original bytes along `path`.
    void add(std::span<const proto::FieldId> path, std::uint32_t frameLength);

    [[nodiscard]] const std::vector<HierarchyNode>& roots() const { return m_roots; }
    [[nodiscard]] std::uint64_t frames() const { return m_frames; }
    [[nodiscard]] std::uint64_t bytes() const { return m_bytes; }

    // tshark's text layout (indentation capped with "..." past 16 levels).
    [[nodiscard]] std::string text(std::string_view filter) const;
    // {"frames":N,"bytes":N,"protocols":[{"name":"eth","frames":N,"bytes":N,"children":[...]}]}
    [[nodiscard]] std::string json() const;

private:
    std::vector<HierarchyNode> m_roots;
    std::uint64_t m_frames = 0;
    std::uint64_t m_bytes = 0;
};

}  // namespace caplens
