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
    return finished() ? 1.0 : m_scan.progressAgainst(m_totalFrames);
}

}  // namespace caplens::wasm
