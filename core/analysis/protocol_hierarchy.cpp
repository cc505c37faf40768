#include "core/analysis/protocol_hierarchy.hpp"

#include <cstdio>

#include "core/proto/registry.hpp"
#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

std::string_view nodeName(const HierarchyNode& node) {
    return proto::registry().field(node.field).abbrev;
}

void drawText(const std::vector<HierarchyNode>& nodes, int depth, std::string& out) {
    for (const auto& node : nodes) {
        std::string label;
        for (int i = 0; i < depth; ++i) {
            // tshark stops indenting after 16 levels and marks deeper ones with "...".
            if (i > 15) {
                label += "...";
                break;
            }
            label += "  ";
        }
        label += nodeName(node);
        char line[256];
        std::snprintf(line, sizeof line, "%-40s frames:%llu bytes:%llu\n", label.c_str(),
                      static_cast<unsigned long long>(node.frames), static_cast<unsigned long long>(node.bytes));
        out += line;
        drawText(node.children, depth + 1, out);
    }
}

void writeJson(const std::vector<HierarchyNode>& nodes, JsonWriter& w) {
    w.beginArray();
    for (const auto& node : nodes) {
        w.beginObject();
        w.key("name").value(nodeName(node));
        w.key("frames").value(node.frames);
        w.key("bytes").value(node.bytes);
        w.key("children");
        writeJson(node.children, w);
        w.endObject();
    }
    w.endArray();
}

}  // namespace

void ProtocolHierarchy::add(std::span<const proto::FieldId> path, std::uint32_t frameLength) {
    ++m_frames;
    m_bytes += frameLength;
    std::vector<HierarchyNode>* level = &m_roots;
    for (const proto::FieldId field : path) {
        HierarchyNode* node = nullptr;
        for (auto& candidate : *level) {
            if (candidate.field == field) {
                node = &candidate;
                break;
            }
        }
        if (node == nullptr) {
            level->push_back(HierarchyNode{field, 0, 0, {}});
            node = &level->back();
        }
        ++node->frames;
        node->bytes += frameLength;
        level = &node->children;
    }
}

std::string ProtocolHierarchy::text(std::string_view filter) const {
    std::string out = "\n===================================================================\n"
                      "Protocol Hierarchy Statistics\nFilter: ";
    out += filter;
    out += "\n\n";
    drawText(m_roots, 0, out);
    out += "===================================================================\n";
    return out;
}

std::string ProtocolHierarchy::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("frames").value(m_frames);
    w.key("bytes").value(m_bytes);
    w.key("protocols");
    writeJson(m_roots, w);
    w.endObject();
    return w.take();
}

}  // namespace caplens
