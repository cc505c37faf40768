#include "core/capture/frame_details.hpp"

#include "core/proto/field_format.hpp"
#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

std::string jsonValue(const proto::FieldDef& def, const proto::FieldRecord& record) {
    using proto::FieldType;
    switch (def.type) {
        case FieldType::Protocol:
        case FieldType::None: return {};
        case FieldType::Bool: return record.value.u ? "true" : "false";
        case FieldType::RelativeTime:
        case FieldType::AbsoluteTime: {
            JsonWriter w;
            w.value(static_cast<double>(record.value.i) / 1e9);
            return w.take();
        }
        case FieldType::Float:
        case FieldType::Double: {
            JsonWriter w;
            w.value(record.value.d);
            return w.take();
        }
        default: break;
    }
    if (proto::isSignedType(def.type)) return std::to_string(record.value.i);
    if (proto::isUnsignedType(def.type)) return std::to_string(record.value.u);
    std::string out;
    JsonWriter::appendQuoted(out, proto::formatValue(def, record));
    return out;
}

}  // namespace

FrameDetails buildFrameDetails(const proto::Packet& packet) {
    const proto::Registry& registry = packet.registry();
    FrameDetails details;
    details.number = packet.frame().number;
    const auto frameBytes = packet.sourceBytes(0);
    details.frameBytes.assign(frameBytes.begin(), frameBytes.end());
    for (const auto& source : packet.dataSources()) {
        details.sources.push_back({source.name + " (" + std::to_string(source.bytes.size()) + " bytes)", source.bytes});
    }
    const auto records = packet.records();
    // Record index -> node index; hidden records (and everything under them) have none.
    std::vector<std::int32_t> nodeOf(records.size(), -1);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const proto::FieldRecord& r = records[i];
        if (proto::hasFlag(r.flags, proto::FieldFlags::Hidden)) continue;
        std::int32_t parent = -1;
        if (r.parent != proto::kNoItem) {
            parent = nodeOf[static_cast<std::size_t>(r.parent)];
            if (parent < 0) continue;  // under a hidden item
        }
        const proto::FieldDef& def = registry.field(r.field);
        DetailNode node;
        node.label = proto::fieldLabel(def, r);
        node.field = r.field;
        node.abbrev = def.abbrev;
        node.filterValue = proto::filterValue(def, r);
        node.valueJson = jsonValue(def, r);
        node.offset = r.offset;
        node.length = r.length;
        node.source = r.source;
        node.generated = proto::hasFlag(r.flags, proto::FieldFlags::Generated);
        node.parent = parent;
        const auto index = static_cast<std::int32_t>(details.nodes.size());
        details.nodes.push_back(std::move(node));
        nodeOf[i] = index;
        if (parent < 0) {
            details.roots.push_back(index);
        } else {
            details.nodes[static_cast<std::size_t>(parent)].children.push_back(index);
        }
    }
    return details;
}

std::string FrameDetails::filterFor(std::int32_t node) const {
    const DetailNode& n = nodes[static_cast<std::size_t>(node)];
    if (n.filterValue.empty()) return std::string(n.abbrev);
    return std::string(n.abbrev) + " == " + n.filterValue;
}

std::int32_t FrameDetails::nodeAt(std::uint8_t source, std::uint32_t offset) const {
    std::int32_t best = -1;
    std::uint32_t bestLength = 0xFFFFFFFF;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const DetailNode& n = nodes[i];
        if (n.source != source || n.length == 0 || offset < n.offset || offset >= n.offset + n.length) continue;
        // The smallest covering node is the innermost; later nodes win ties (deeper in the tree).
        if (n.length <= bestLength) {
            best = static_cast<std::int32_t>(i);
            bestLength = n.length;
        }
    }
    return best;
}

namespace {

void writeNode(const FrameDetails& details, std::int32_t index, JsonWriter& w) {
    const DetailNode& n = details.nodes[static_cast<std::size_t>(index)];
    w.beginObject();
    w.key("name").value(n.label);
    w.key("abbrev").value(n.abbrev);
    w.key("value");
    if (n.valueJson.empty()) {
        w.null();
    } else {
        w.raw(n.valueJson);
    }
    w.key("offset").value(n.offset);
    w.key("length").value(n.length);
    if (n.source != 0) w.key("source").value(static_cast<unsigned>(n.source));
    w.key("children").beginArray();
    for (const auto child : n.children) writeNode(details, child, w);
    w.endArray();
    w.endObject();
}

void writeText(const FrameDetails& details, std::int32_t index, int depth, std::string& out) {
    const DetailNode& n = details.nodes[static_cast<std::size_t>(index)];
    out.append(static_cast<std::size_t>(depth) * 4, ' ');
    out += n.label;
    out += '\n';
    for (const auto child : n.children) writeText(details, child, depth + 1, out);
}

}  // namespace

std::string frameDetailsJson(const FrameDetails& details) {
    JsonWriter w;
    w.beginArray();
    for (const auto root : details.roots) writeNode(details, root, w);
    w.endArray();
    return w.take();
}

std::string frameDetailsText(const FrameDetails& details) {
    std::string out;
    for (const auto root : details.roots) writeText(details, root, 0, out);
    return out;
}

}  // namespace caplens
