#include "core/capture/capture_scan.hpp"

#include <algorithm>
#include <string>

namespace caplens {
namespace {

// The reader sees at most this much per call, so that step() can look at the clock often
// enough to keep a browser frame short.
constexpr std::size_t kSliceBytes = 256 * 1024;

const CaptureMetadata kNoMetadata;

std::string unsupportedMessage(CaptureFormat format) {
    if (format == CaptureFormat::Unknown) {
        return "unsupported capture format (not a capture file caplens or tshark recognises)";
    }
    return "unsupported capture format (looks like " +
           std::string(captureFormatDescription(format)) + ")";
}

}  // namespace

CaptureScan::CaptureScan(ByteSource& source, FrameSink& sink) : m_source(source), m_sink(sink) {}

const CaptureMetadata& CaptureScan::metadata() const {
    return m_reader ? m_reader->metadata() : kNoMetadata;
}

std::uint64_t CaptureScan::position() const { return m_reader ? m_reader->request().offset : 0; }

double CaptureScan::progress() const {
    if (m_status == JobStatus::Done) return 1.0;
    return m_source.progress();
}

double CaptureScan::progressAgainst(std::uint64_t expectedFrames) const {
    if (m_status == JobStatus::Done || m_status == JobStatus::Failed) return 1.0;
    if (expectedFrames == 0) return progress();
    return std::min(0.999, static_cast<double>(framesRead()) / static_cast<double>(expectedFrames));
}

void CaptureScan::cancel() {
    if (m_status == JobStatus::Done || m_status == JobStatus::Failed) return;
    failWith({CaptureErrorCode::Cancelled, "Reading was cancelled.", position()});
}

void CaptureScan::failWith(CaptureError error) {
    m_error = std::move(error);
    m_status = JobStatus::Failed;
}

JobStatus CaptureScan::run() {
    while (true) {
        const JobStatus status = step(std::chrono::seconds(3600));
        if (status != JobStatus::Running) return status;
    }
}

JobStatus CaptureScan::step(std::chrono::steady_clock::duration budget) {
    if (m_status == JobStatus::Done || m_status == JobStatus::Failed) return m_status;
    const auto deadline = std::chrono::steady_clock::now() + budget;
    m_status = JobStatus::Running;
    if (!m_reader && !detectFormat()) return m_status;
    while (m_status == JobStatus::Running) {
        if (!readSlice()) break;
        if (std::chrono::steady_clock::now() >= deadline) break;
    }
    return m_status;
}

bool CaptureScan::detectFormat() {
    const SourceRead head = m_source.read(0, kFormatDetectionBytes);
    if (head.status == SourceStatus::Pending) {
        m_status = JobStatus::WaitingForBytes;
        return false;
    }
    if (head.status == SourceStatus::Failed) {
        failWith(m_source.error());
        return false;
    }
    if (head.window.bytes.empty()) {
        failWith({CaptureErrorCode::TruncatedFile, "The file is empty.", 0});
        return false;
    }
    // Exactly the first kFormatDetectionBytes, however many the source returned: otherwise the
    // same file could be detected differently when read in other chunks (in the browser, say).
    const auto bytes = head.window.bytes;
    m_format = detectCaptureFormat(bytes.first(std::min(bytes.size(), kFormatDetectionBytes)));
    m_reader = makeCaptureReader(m_format);
    if (!m_reader) {
        failWith({CaptureErrorCode::UnsupportedFormat, unsupportedMessage(m_format), 0});
        return false;
    }
    return true;
}

// Hands the reader one slice of bytes; returns false when the job cannot continue now.
bool CaptureScan::readSlice() {
    const ReadRequest request = m_reader->request();
    const SourceRead read = m_source.read(request.offset, request.minBytes);
    if (read.status == SourceStatus::Pending) {
        m_status = JobStatus::WaitingForBytes;
        return false;
    }
    if (read.status == SourceStatus::Failed) {
        failWith(m_source.error());
        return false;
    }
    ByteWindow slice = read.window;
    const std::size_t sliceLength = std::max(kSliceBytes, request.minBytes);
    if (slice.bytes.size() > sliceLength) {
        slice.bytes = slice.bytes.first(sliceLength);
        slice.reachesEnd = false;
    }
    m_reader->parse(slice, m_sink);
    switch (m_reader->state()) {
        case ReaderState::Done: m_status = JobStatus::Done; return false;
        case ReaderState::Failed: failWith(m_reader->error()); return false;
        case ReaderState::Reading: break;
    }
    const ReadRequest next = m_reader->request();
    if (next.offset == request.offset && next.minBytes <= slice.bytes.size() &&
        !slice.reachesEnd && slice.bytes.size() >= request.minBytes) {
        // The reader made no progress although it had what it asked for: a reader bug.
        // Stop rather than spin.
        failWith({CaptureErrorCode::CorruptRecord, "The reader could not make progress.",
                  next.offset});
        return false;
    }
    return true;
}

}  // namespace caplens
