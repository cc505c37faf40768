#include "wasm/api/analysis_pass.hpp"

#include <algorithm>

namespace caplens::wasm {

AnalysisPass::AnalysisPass(std::uint64_t streamSize, FrameAnalyzer& analyzer, proto::FieldMask mask,
                           std::uint64_t totalFrames)
    : m_source(streamSize),
      m_analyzer(analyzer),
      m_mask(std::move(mask)),
      m_recordFields(std::find(m_mask.begin(), m_mask.end(), 1) != m_mask.end()),
      m_scan(m_source, *this),
      m_totalFrames(totalFrames) {}

void AnalysisPass::onFrame(const CapturedFrame& frame) {
    // Every frame is dissected, in order: TCP analysis and reassembly need the ones before.
    const proto::Packet& packet = m_recordFields
                                      ? m_decoder.decode(frame, proto::DissectionMode::Filter, &m_mask, false)
                                      : m_decoder.decode(frame, proto::DissectionMode::Fast, nullptr, false);
    m_analyzer.onFrame(frame, packet);
}

JobStatus AnalysisPass::step(std::chrono::steady_clock::duration budget) {
    if (m_finished) return m_scan.status();
    if (m_source.awaitingBytes()) return JobStatus::WaitingForBytes;
    const JobStatus status = m_scan.step(budget);
    if (status == JobStatus::Done || status == JobStatus::Failed) {
        m_finished = true;
        m_analyzer.finish();
    }
    return status;
}

double AnalysisPass::progress() const {
    return m_finished ? 1.0 : m_scan.progressAgainst(m_totalFrames);
}

}  // namespace caplens::wasm
