// capture_session.hpp — one capture opened in the page: where its bytes come from, the job
// that reads it, and the figures learnt so far.
//
// Life of a session (the page glue drives the first steps, the UI's frame loop the rest):
//   1. constructed when the user drops or picks a file (phase Decompressing for gzip files,
//      whose bytes the glue first inflates with DecompressionStream, else Reading);
//   2. startReading(size) once the byte stream is available;
//   3. step(budget) every animation frame; takeByteRequest() hands reads to the glue, which
//      answers through prepareReceive()/receive();
//   4. Done or Failed: info() holds the `caplens info` figures (and the error, if any).
// A new file gets a new session; answers meant for an old one are recognised by id().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/analysis/capture_properties.hpp"
#include "core/capture/capture_info.hpp"
#include "core/capture/capture_scan.hpp"
#include "wasm/js_byte_source.hpp"

namespace caplens {
class JsonWriter;
}

namespace caplens::wasm {

enum class SessionPhase : std::uint8_t {
    Decompressing,  // the page glue is inflating a gzip file
    Reading,        // the capture is being read
    Done,           // read to its end
    Failed,         // stopped at info().error; the figures cover the frames before it
};

class CaptureSession {
public:
    // `id` is the page glue's number for this file; `fileSize` the bytes as stored.
    CaptureSession(int id, std::string fileName, std::uint64_t fileSize, bool gzip);
    CaptureSession(const CaptureSession&) = delete;
    CaptureSession& operator=(const CaptureSession&) = delete;

    [[nodiscard]] int id() const { return m_id; }

    // ---- events from the page glue
    // Decompression progress of a gzip file (0..1 of the compressed bytes consumed).
    void setDecompressProgress(double fraction);
    // The byte stream (the file, or its decompressed content) is ready: `streamSize` bytes.
    void startReading(std::uint64_t streamSize);
    // The bytes could not be obtained at all (unreadable file, gzip stream not inflatable).
    void failSource(std::string message);
    // See JsByteSource::prepareReceive() and receive().
    [[nodiscard]] std::uint8_t* prepareReceive(std::uint64_t offset, std::size_t length);
    void receive();

    // ---- from the frame loop
    // Advances the reading job for about `budget`.
    void step(std::chrono::steady_clock::duration budget);
    // A read the glue should start now, if any (each request is handed out once).
    [[nodiscard]] std::optional<ByteRequest> takeByteRequest();

    // ---- queries
    [[nodiscard]] SessionPhase phase() const { return m_phase; }
    [[nodiscard]] bool finished() const {
        return m_phase == SessionPhase::Done || m_phase == SessionPhase::Failed;
    }
    // Progress of the current phase (0..1).
    [[nodiscard]] double phaseProgress() const;
    // Progress of the whole open (0..1; 1 exactly when finished). For gzip files the
    // decompression counts as the first half.
    [[nodiscard]] double progress() const;
    // Bytes of the stream the reader has reached, and the stream's size (0 before Reading).
    [[nodiscard]] std::uint64_t streamPosition() const;
    [[nodiscard]] std::uint64_t streamSize() const { return m_streamSize; }
    // Reads handed to the page glue so far (each one File.slice() of up to 4 MiB).
    [[nodiscard]] std::uint64_t readsRequested() const { return m_readsRequested; }
    // The `caplens info` figures so far (complete once finished()).
    [[nodiscard]] const CaptureInfo& info() const { return m_info; }

    // Writes this session's figures as members of the object `w` is in (the page's test
    // hook): file, format, frames, bytes, ..., start_ns/end_ns as strings (exact beyond
    // 2^53), error (message or null), error_offset, progress, phase, reads (requests handed
    // to the glue), and `info`: the object
    // `caplens info --json` prints.
    void writeStateMembers(JsonWriter& w) const;

private:
    // Feeds frames to the properties collector (CaptureScan wants a FrameSink).
    class PropertiesSink final : public FrameSink {
    public:
        void onFrame(const CapturedFrame& frame) override { m_collector.onFrame(frame); }
        [[nodiscard]] const CaptureProperties& result() const { return m_collector.result(); }

    private:
        CapturePropertiesCollector m_collector;
    };

    void refreshInfo();

    int m_id;
    SessionPhase m_phase;
    double m_decompressProgress = 0;
    std::uint64_t m_streamSize = 0;
    std::uint64_t m_readsRequested = 0;
    // The scan refers to the source and the sink: declared after them, destroyed before.
    std::unique_ptr<JsByteSource> m_source;
    PropertiesSink m_sink;
    std::unique_ptr<CaptureScan> m_scan;
    CaptureInfo m_info;
};

// "decompressing", "reading", "done", "failed".
[[nodiscard]] const char* sessionPhaseName(SessionPhase phase);

}  // namespace caplens::wasm
