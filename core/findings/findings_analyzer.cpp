#include "core/findings/findings_analyzer.hpp"

#include <algorithm>

namespace caplens::findings {

FindingsAnalyzer::FindingsAnalyzer() : m_rules(allRules()) {
    for (const auto& rule : m_rules) rule->addMask(m_mask);
}

std::vector<std::string> FindingsAnalyzer::invalidRules() const {
    std::vector<std::string> out;
    for (const auto& rule : m_rules) {
        if (!rule->valid()) out.emplace_back(rule->info().id);
    }
    return out;
}

std::vector<RuleInfo> FindingsAnalyzer::rules() const {
    std::vector<RuleInfo> out;
    for (const auto& rule : m_rules) out.push_back(rule->info());
    return out;
}

void FindingsAnalyzer::onFrame(const CapturedFrame& frame, const proto::Packet& packet) {
    const FrameTaps taps(packet);
    m_handshakes.onFrame(frame, packet, taps);

    FindingsContext& c = m_context;
    ++c.frames;
    if (frame.capturedLength < frame.originalLength) {
        c.minTruncatedLength = c.truncatedFrames == 0 ? frame.capturedLength : std::min(c.minTruncatedLength, frame.capturedLength);
        c.maxTruncatedLength = std::max(c.maxTruncatedLength, frame.capturedLength);
        ++c.truncatedFrames;
    }
    if (taps.tcpHeaderMissing()) ++c.tcpHeaderMissingFrames;
    if (frame.timestampNs != kNoTimestamp) {
        ++c.framesWithTime;
        if (!c.first || frame.timestampNs < *c.first) c.first = frame.timestampNs;
        if (!c.last || frame.timestampNs > *c.last) c.last = frame.timestampNs;
    }
    if (const proto::TapRecord* tcp = taps.tcp()) {
        StreamCounts& s = c.streams[tcp->stream];
        ++s.segments;
        if (tcp->payloadLength > 0) ++s.dataSegments;
    }
    for (const auto& rule : m_rules) rule->onFrame(packet, taps);
}

void FindingsAnalyzer::finish() {
    if (m_finished) return;
    m_finished = true;
    m_handshakes.finish();
    m_context.handshakes = &m_handshakes;
    m_context.tcpStreams = m_context.streams.size();
    for (const auto& rule : m_rules) {
        if (rule->valid()) rule->finish(m_context, m_findings);
    }
    sortFindings(m_findings);
}

}  // namespace caplens::findings
