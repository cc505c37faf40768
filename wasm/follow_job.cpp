#include "wasm/follow_job.hpp"

#include <algorithm>

namespace caplens::wasm {

FollowJob::FollowJob(std::uint64_t streamSize, FollowProtocol protocol, std::uint32_t stream, std::uint64_t totalFrames)
    : m_source(streamSize), m_sink(protocol, stream), m_scan(m_source, m_sink), m_totalFrames(totalFrames) {}

void FollowJob::step(std::chrono::steady_clock::duration budget) {
    if (finished() || m_source.awaitingBytes()) return;
    const JobStatus status = m_scan.step(budget);
    if (status == JobStatus::Done || status == JobStatus::Failed) m_result = m_sink.follower.finish();
}

double FollowJob::progress() const {
    if (finished()) return 1.0;
    if (m_totalFrames == 0) return m_scan.progress();
    return std::min(0.999, static_cast<double>(m_scan.framesRead()) / static_cast<double>(m_totalFrames));
}

}  // namespace caplens::wasm
