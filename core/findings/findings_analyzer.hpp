// findings_analyzer.hpp — Findings (DESIGN.md, question 2 and beyond): the traffic in a capture
// that deserves a second look, each with evidence and a display filter for its frames.
//
//   FindingsAnalyzer analyzer;
//   decode every frame in order in DissectionMode::Filter with analyzer.mask();
//   analyzer.onFrame(frame, packet) ...; analyzer.finish();
//   analyzer.findings(), analyzer.json()
//
// The rules (rule_list.cpp) observe every frame of the one pass; the analyzer also runs the
// handshake report and counts per TCP stream and per capture what the rules share
// (FindingsContext). Each finding's `filter` selects exactly `count` frames in `caplens filter`
// (and tshark): counts are what the filters, evaluated in the pass, selected.
//
// The frames must be dissected with the fields mask() names (Filter mode): a pass in Fast mode
// records no fields and every filter would fail.
#pragma once

#include <string>
#include <vector>

#include "core/analysis/handshake_report.hpp"
#include "core/capture/capture_model.hpp"
#include "core/findings/finding.hpp"
#include "core/findings/rule.hpp"

namespace caplens::findings {

class FindingsAnalyzer final : public FrameAnalyzer {
public:
    FindingsAnalyzer();

    // The fields every rule's filters read: dissect in Filter mode with it.
    [[nodiscard]] const proto::FieldMask& mask() const { return m_mask; }
    // Ids of rules whose filters do not compile (empty: all sound).
    [[nodiscard]] std::vector<std::string> invalidRules() const;
    // Every rule's declaration, in order (a rule reporting several ids shows its first).
    [[nodiscard]] std::vector<RuleInfo> rules() const;

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) override;
    void finish() override;

    // Most severe first (complete after finish()).
    [[nodiscard]] const std::vector<Finding>& findings() const { return m_findings; }
    [[nodiscard]] const HandshakeReport& handshakes() const { return m_handshakes; }
    [[nodiscard]] std::string json() const { return findingsJson(m_findings); }
    [[nodiscard]] std::string text() const { return findingsText(m_findings); }

private:
    RuleList m_rules;
    proto::FieldMask m_mask;
    HandshakeReport m_handshakes;
    FindingsContext m_context;
    std::vector<Finding> m_findings;
    bool m_finished = false;
};

}  // namespace caplens::findings
