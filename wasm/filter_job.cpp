#include "wasm/filter_job.hpp"

#include <algorithm>

namespace caplens::wasm {

void FilterJob::Sink::onFrame(const CapturedFrame& frame) {
    // Every frame is dissected, in order: TCP analysis and reassembly need the ones before.
    const proto::Packet& packet = decoder.decode(frame, proto::DissectionMode::Filter, &filter->mask(), false);
    if (!filter->matches(packet)) return;
    matches.push_back(packet.frame().number);
    if (statistics) {
        statistics->statistics.onFrame(frame, packet);
        statistics->hierarchy.add(packet.hierarchyPath(), frame.originalLength);
    }
}

FilterJob::FilterJob(std::uint64_t streamSize, std::unique_ptr<filter::DisplayFilter> filter, std::uint64_t totalFrames,
                     bool withStatistics)
    : m_source(streamSize),
      m_sink(std::move(filter)),
      m_scan(m_source, m_sink),
      m_totalFrames(totalFrames),
      m_started(std::chrono::steady_clock::now()) {
    if (withStatistics) m_sink.statistics = std::make_unique<DisplayedStatistics>();
}

JobStatus FilterJob::step(std::chrono::steady_clock::duration budget) {
    if (finished()) return m_scan.status();
    if (m_source.awaitingBytes()) return JobStatus::WaitingForBytes;
    const JobStatus status = m_scan.step(budget);
    if (finished() && m_sink.statistics && !m_seconds) m_sink.statistics->statistics.finish();
    if (finished() && !m_seconds) {
        m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    }
    return status;
}

double FilterJob::progress() const {
    return finished() ? 1.0 : m_scan.progressAgainst(m_totalFrames);
}

}  // namespace caplens::wasm
