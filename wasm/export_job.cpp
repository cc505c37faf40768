#include "wasm/export_job.hpp"

#include <algorithm>
#include <string>

namespace caplens::wasm {
namespace {

std::string limitText(std::uint64_t bytes) {
    return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

}  // namespace

ExportJob::ExportJob(std::uint64_t streamSize, std::unique_ptr<filter::DisplayFilter> filter,
                     std::optional<ExportFormat> format, std::uint64_t totalFrames, std::uint64_t maxBytes)
    : m_source(streamSize),
      m_filter(std::move(filter)),
      m_sink(format, m_filter.get(),
             [this](std::span<const std::uint8_t> piece) {
                 if (m_tooLarge || m_bytes.size() + piece.size() > m_maxBytes) {
                     m_tooLarge = true;
                     return;
                 }
                 m_bytes.insert(m_bytes.end(), piece.begin(), piece.end());
             }),
      m_scan(m_source, m_sink),
      m_totalFrames(totalFrames),
      m_maxBytes(maxBytes) {
    m_sink.attach(m_scan);
}

JobStatus ExportJob::step(std::chrono::steady_clock::duration budget) {
    if (m_finished) return m_scan.status();
    if (m_source.awaitingBytes()) return JobStatus::WaitingForBytes;
    const JobStatus status = m_scan.step(budget);
    if (m_tooLarge) {
        m_finished = true;
        m_error = {CaptureErrorCode::UnwritableFrame,
                   "the export would be larger than " + limitText(m_maxBytes) + ", more than the page keeps in memory: narrow it with a display filter or a range, "
                       "or use caplens export",
                   0};
        m_bytes = {};
        return JobStatus::Failed;
    }
    if (status == JobStatus::Done || status == JobStatus::Failed) finish();
    return status;
}

void ExportJob::finish() {
    m_finished = true;
    // As `caplens export`: a refused frame or a capture that gave nothing leaves no file.
    if (m_sink.error()) {
        m_error = m_sink.error();
    } else if (m_scan.error() && m_scan.framesRead() == 0) {
        m_error = m_scan.error();
    } else {
        m_sink.finish(m_scan.format(), m_scan.metadata());
        return;
    }
    m_bytes = {};
}

double ExportJob::progress() const {
    return m_finished ? 1.0 : m_scan.progressAgainst(m_totalFrames);
}

}  // namespace caplens::wasm
