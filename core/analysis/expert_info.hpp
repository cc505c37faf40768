// expert_info.hpp — Analyze > Expert Information, as tshark's `-z expert`: the expert notes
// dissectors raised, counted per severity, per group, and per entry (protocol + summary), each
// entry with the display filter that selects its frames (the note's abbreviation).
//
// A frame whose dissection hit malformed bytes counts as tshark's "Malformed Packet (Exception
// occurred)" error of the protocol that was being dissected (filter: _ws.malformed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/captured_frame.hpp"
#include "core/proto/expert.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

struct ExpertEntry {
    proto::FieldId expert = proto::kNoField;  // the note's field (_ws.malformed for malformed frames)
    proto::ExpertSeverity severity = proto::ExpertSeverity::Note;
    proto::ExpertGroup group = proto::ExpertGroup::Protocol;
    std::string protocol;  // "TCP"
    std::string summary;   // the declared summary
    std::string filter;    // "tcp.analysis.lost_segment"
    std::uint64_t count = 0;   // notes (a frame may carry the same note twice)
    std::uint64_t frames = 0;  // frames with the note
    std::uint64_t lastFrame = 0;
};

class ExpertInfo {
public:
    ExpertInfo();
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet);

    // In order of first appearance.
    [[nodiscard]] const std::vector<ExpertEntry>& entries() const { return m_entries; }
    [[nodiscard]] std::uint64_t total(proto::ExpertSeverity severity) const;

    // {"severities":[{"severity":"Warning","count":N}],"groups":[{"group":"Sequence","count":N}],
    //  "entries":[{"severity":"Warning","group":"Sequence","protocol":"TCP","summary":"..",
    //  "filter":"tcp.analysis.lost_segment","count":N,"frames":N}]}
    [[nodiscard]] std::string json() const;
    // tshark's layout: "Errors (N)", "Warns (N)", "Notes (N)", "Chats (N)", "Comments (N)".
    [[nodiscard]] std::string text() const;

private:
    ExpertEntry& entryFor(proto::ExpertNote note, proto::ProtocolId malformedIn);
    std::int32_t& slotFor(proto::ExpertNote note, proto::ProtocolId malformedIn);

    std::vector<ExpertEntry> m_entries;
    std::vector<std::int32_t> m_byField;      // FieldId -> entry, -1
    // Notes raised by another protocol than their own (DNS's under mDNS): (note, entry).
    std::vector<std::pair<proto::ExpertNote, std::int32_t>> m_raisedElsewhere;
    std::vector<std::int32_t> m_malformedBy;  // ProtocolId -> entry, -1
    proto::FieldId m_malformed = proto::kNoField;
};

}  // namespace caplens
