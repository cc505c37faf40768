#include "core/analysis/expert_info.hpp"

#include <algorithm>

#include "core/analysis/stats_support.hpp"
#include "core/proto/registry.hpp"
#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

constexpr proto::ExpertSeverity kSeverities[] = {proto::ExpertSeverity::Error, proto::ExpertSeverity::Warning,
                                                 proto::ExpertSeverity::Note, proto::ExpertSeverity::Chat,
                                                 proto::ExpertSeverity::Comment};

// tshark's section titles.
const char* sectionTitle(proto::ExpertSeverity severity) {
    switch (severity) {
        case proto::ExpertSeverity::Error: return "Errors";
        case proto::ExpertSeverity::Warning: return "Warns";
        case proto::ExpertSeverity::Note: return "Notes";
        case proto::ExpertSeverity::Chat: return "Chats";
        case proto::ExpertSeverity::Comment: return "Comments";
    }
    return "";
}

// Wireshark names the protocol being dissected when the note was raised.
std::string protocolName(proto::ProtocolId id) {
    const proto::Registry& registry = proto::registry();
    if (id >= registry.protocolCount()) return "";
    const proto::ProtocolInfo& info = registry.protocol(id).info();
    return std::string(info.expertName.empty() ? info.shortName : info.expertName);
}

}  // namespace

ExpertInfo::ExpertInfo() {
    const proto::Registry& registry = proto::registry();
    m_byField.assign(registry.fieldCount(), -1);
    m_malformedBy.assign(registry.protocolCount() + 1, -1);
    if (const auto field = registry.findField("_ws.malformed")) m_malformed = *field;
}

std::int32_t& ExpertInfo::slotFor(proto::ExpertNote note, proto::ProtocolId malformedIn) {
    if (malformedIn != proto::kNoProtocol) return m_malformedBy[std::min<std::size_t>(malformedIn, m_malformedBy.size() - 1)];
    if (note.raisedIn == proto::kNoProtocol || note.raisedIn == proto::registry().protocolOfField(note.field)) {
        return m_byField[note.field];
    }
    for (auto& [raised, slot] : m_raisedElsewhere) {
        if (raised.field == note.field && raised.raisedIn == note.raisedIn) return slot;
    }
    return m_raisedElsewhere.emplace_back(note, -1).second;
}

ExpertEntry& ExpertInfo::entryFor(proto::ExpertNote note, proto::ProtocolId malformedIn) {
    const proto::Registry& registry = proto::registry();
    std::int32_t& slot = slotFor(note, malformedIn);
    if (slot >= 0) return m_entries[static_cast<std::size_t>(slot)];
    ExpertEntry e;
    e.expert = note.field;
    if (malformedIn != proto::kNoProtocol) {
        e.severity = proto::ExpertSeverity::Error;
        e.group = proto::ExpertGroup::Malformed;
        e.protocol = protocolName(malformedIn);
        e.summary = "Malformed Packet (Exception occurred)";
        e.filter = "_ws.malformed";
    } else {
        const proto::ExpertDef* def = registry.expertOf(note.field);
        if (def != nullptr) {
            e.severity = def->severity;
            e.group = def->group;
            e.summary = std::string(def->summary);
        }
        e.protocol = protocolName(note.raisedIn != proto::kNoProtocol ? note.raisedIn : registry.protocolOfField(note.field));
        e.filter = std::string(registry.field(note.field).abbrev);
    }
    slot = static_cast<std::int32_t>(m_entries.size());
    m_entries.push_back(std::move(e));
    return m_entries.back();
}

void ExpertInfo::onFrame(const CapturedFrame&, const proto::Packet& packet) {
    const std::uint64_t number = packet.frame().number;
    const auto note = [number](ExpertEntry& e) {
        ++e.count;
        if (e.lastFrame != number) {
            ++e.frames;
            e.lastFrame = number;
        }
    };
    for (const proto::ExpertNote expert : packet.experts()) {
        // Wireshark's taps skip what a quoted datagram raises (TAP_PACKET_IS_ERROR_PACKET).
        if (expert.field < m_byField.size() && !expert.inErrorPacket) note(entryFor(expert, proto::kNoProtocol));
    }
    if (m_malformed == proto::kNoField) return;
    const auto path = packet.hierarchyPath();
    if (std::find(path.begin(), path.end(), m_malformed) == path.end()) return;
    // The protocol being dissected when the bytes contradicted themselves: the last layer.
    const auto layers = packet.layers();
    const proto::ProtocolId where = layers.empty() ? proto::ProtocolId{0} : layers.back();
    note(entryFor({m_malformed, proto::kNoProtocol}, where));
}

std::uint64_t ExpertInfo::total(proto::ExpertSeverity severity) const {
    std::uint64_t sum = 0;
    for (const ExpertEntry& e : m_entries) {
        if (e.severity == severity) sum += e.count;
    }
    return sum;
}

std::string ExpertInfo::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("severities").beginArray();
    for (const auto severity : kSeverities) {
        w.beginObject().key("severity").value(proto::expertSeverityName(severity)).key("count").value(total(severity)).endObject();
    }
    w.endArray();
    std::vector<std::pair<proto::ExpertGroup, std::uint64_t>> groups;
    for (const ExpertEntry& e : m_entries) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == e.group; });
        if (it == groups.end()) {
            groups.emplace_back(e.group, e.count);
        } else {
            it->second += e.count;
        }
    }
    w.key("groups").beginArray();
    for (const auto& [group, count] : groups) {
        w.beginObject().key("group").value(proto::expertGroupName(group)).key("count").value(count).endObject();
    }
    w.endArray();
    w.key("entries").beginArray();
    for (const auto severity : kSeverities) {
        for (const ExpertEntry& e : m_entries) {
            if (e.severity != severity) continue;
            w.beginObject();
            w.key("severity").value(proto::expertSeverityName(e.severity));
            w.key("group").value(proto::expertGroupName(e.group));
            w.key("protocol").value(e.protocol);
            w.key("summary").value(e.summary);
            w.key("filter").value(e.filter);
            w.key("count").value(e.count);
            w.key("frames").value(e.frames);
            w.endObject();
        }
    }
    w.endArray();
    w.endObject();
    return w.take();
}

std::string ExpertInfo::text() const {
    // ui/cli/tap-expert.c
    std::string out;
    for (const auto severity : kSeverities) {
        const std::uint64_t sum = total(severity);
        if (sum == 0) continue;
        out += formatText("\n%s (%llu)\n", sectionTitle(severity), static_cast<unsigned long long>(sum));
        out += "=============\n";
        out += "   Frequency      Group           Protocol  Summary\n";
        for (const ExpertEntry& e : m_entries) {
            if (e.severity != severity) continue;
            out += formatText("%12llu %10s %18s  %s\n", static_cast<unsigned long long>(e.count),
                              std::string(proto::expertGroupName(e.group)).c_str(), e.protocol.c_str(), e.summary.c_str());
        }
    }
    return out;
}

}  // namespace caplens
