#include "wasm/capture_session.hpp"

#include <algorithm>
#include <string>

#include "core/util/json_writer.hpp"

namespace caplens::wasm {

const char* sessionPhaseName(SessionPhase phase) {
    switch (phase) {
        case SessionPhase::Decompressing: return "decompressing";
        case SessionPhase::Reading: return "reading";
        case SessionPhase::Done: return "done";
        case SessionPhase::Failed: return "failed";
    }
    return "failed";
}

CaptureSession::CaptureSession(int id, std::string fileName, std::uint64_t fileSize, bool gzip)
    : m_id(id), m_phase(gzip ? SessionPhase::Decompressing : SessionPhase::Reading) {
    m_info.fileName = std::move(fileName);
    m_info.fileSize = fileSize;
    m_info.gzip = gzip;
}

void CaptureSession::setDecompressProgress(double fraction) {
    m_decompressProgress = std::clamp(fraction, 0.0, 1.0);
}

void CaptureSession::startReading(std::uint64_t streamSize) {
    if (finished() || m_scan) return;
    m_phase = SessionPhase::Reading;
    m_decompressProgress = 1.0;
    m_streamSize = streamSize;
    m_source = std::make_unique<JsByteSource>(streamSize);
    m_scan = std::make_unique<CaptureScan>(*m_source, m_sink);
}

void CaptureSession::failSource(std::string message) {
    if (finished()) return;
    const std::uint64_t offset = streamPosition();
    m_phase = SessionPhase::Failed;
    m_info.error = {CaptureErrorCode::SourceFailure, std::move(message), offset};
    if (m_source) {
        // Let the scan stop at the failure so that its figures and offset stay consistent.
        m_source->fail(m_info.error.message);
        m_scan->step(std::chrono::milliseconds(1));
        refreshInfo();
    }
}

std::uint8_t* CaptureSession::prepareReceive(std::uint64_t offset, std::size_t length) {
    return m_source && !finished() ? m_source->prepareReceive(offset, length) : nullptr;
}

void CaptureSession::receive() {
    if (m_source) m_source->receive();
}

void CaptureSession::step(std::chrono::steady_clock::duration budget) {
    if (m_phase != SessionPhase::Reading || !m_scan) return;
    // Nothing to do until the outstanding read has been answered.
    if (m_source->awaitingBytes()) return;
    switch (m_scan->step(budget)) {
        case JobStatus::Done: m_phase = SessionPhase::Done; break;
        case JobStatus::Failed: m_phase = SessionPhase::Failed; break;
        case JobStatus::Running:
        case JobStatus::WaitingForBytes: break;
    }
    refreshInfo();
}

std::optional<ByteRequest> CaptureSession::takeByteRequest() {
    if (m_phase != SessionPhase::Reading || !m_source) return std::nullopt;
    auto request = m_source->takeRequest();
    if (request) ++m_readsRequested;
    return request;
}

void CaptureSession::refreshInfo() {
    m_info.format = m_scan->format();
    m_info.metadata = m_scan->metadata();
    m_info.properties = m_sink.result();
    if (m_scan->error()) m_info.error = m_scan->error();
}

double CaptureSession::phaseProgress() const {
    switch (m_phase) {
        case SessionPhase::Decompressing: return m_decompressProgress;
        case SessionPhase::Reading: return m_scan ? std::clamp(m_scan->progress(), 0.0, 1.0) : 0.0;
        case SessionPhase::Done:
        case SessionPhase::Failed: return 1.0;
    }
    return 1.0;
}

double CaptureSession::progress() const {
    if (finished()) return 1.0;
    const double phase = phaseProgress();
    // Never report 1 before the end: the page's test hook waits for exactly 1.
    const double overall = m_info.gzip ? (m_phase == SessionPhase::Decompressing ? 0.5 * phase
                                                                                : 0.5 + 0.5 * phase)
                                       : phase;
    return std::min(overall, 0.999);
}

std::uint64_t CaptureSession::streamPosition() const {
    if (!m_scan) return 0;
    return finished() ? m_streamSize : std::min(m_scan->position(), m_streamSize);
}

void CaptureSession::writeStateMembers(JsonWriter& w) const {
    const CaptureProperties& p = m_info.properties;
    const auto optionalString = [&](const std::optional<TimestampNs>& t) -> JsonWriter& {
        return t ? w.value(std::to_string(*t)) : w.null();
    };
    w.key("file").value(m_info.fileName);
    w.key("file_size").value(m_info.fileSize);
    w.key("gzip").value(m_info.gzip);
    w.key("phase").value(sessionPhaseName(m_phase));
    w.key("progress").value(progress());
    w.key("reads").value(m_readsRequested);
    w.key("format").value(captureFormatName(m_info.format));
    w.key("encapsulations").beginArray();
    for (const auto& name : encapsulationNames(m_info)) w.value(name);
    w.endArray();
    w.key("frames").value(p.frames);
    w.key("bytes").value(p.bytes);
    w.key("captured_bytes").value(p.capturedBytes);
    w.key("start_ns");
    optionalString(p.start);
    w.key("end_ns");
    optionalString(p.end);
    w.key("truncated_frames").value(p.truncatedFrames);
    w.key("interfaces").value(static_cast<std::uint64_t>(m_info.metadata.interfaces.size()));
    w.key("error");
    if (m_info.error) {
        w.value(m_info.error.message);
        w.key("error_offset").value(m_info.error.offset);
    } else {
        w.null();
        w.key("error_offset").null();
    }
    // Exactly what `caplens info --json` prints for the same file (same code).
    w.key("info").raw(captureInfoJson(m_info));
}

}  // namespace caplens::wasm
