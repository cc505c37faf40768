// export_job.hpp — exporting a capture's frames in the browser: reads the capture again, in
// order, through its own JsByteSource, keeps the frames passing an optional display filter
// (dissected as `caplens export -Y` does) and writes them as pcap or pcapng into memory, the
// file the page then downloads. The same bytes as `caplens export FILE -w OUT`. A resumable
// job: step(budget) each animation frame (or each turn of the API's loop).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/capture/capture_scan.hpp"
#include "core/capture/export_sink.hpp"
#include "core/filter/display_filter.hpp"
#include "wasm/js_byte_source.hpp"

namespace caplens::wasm {

class ExportJob {
public:
    // `filter`: null exports every frame. `format`: nullopt chooses pcapng for a pcapng
    // capture, else pcap. `totalFrames`: frames of the first pass (for progress).
    // `maxBytes`: the largest file the job keeps in memory (the wasm heap is limited; a larger
    // export ends with an error that says so).
    ExportJob(std::uint64_t streamSize, std::unique_ptr<filter::DisplayFilter> filter,
              std::optional<ExportFormat> format, std::uint64_t totalFrames,
              std::uint64_t maxBytes = kMaxExportBytes);

    static constexpr std::uint64_t kMaxExportBytes = 512ull << 20;
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    JobStatus step(std::chrono::steady_clock::duration budget);
    [[nodiscard]] bool finished() const { return m_finished; }
    [[nodiscard]] double progress() const;
    [[nodiscard]] JsByteSource& source() { return m_source; }

    // Once finished: why there is no file (a frame the format cannot hold; or a capture that
    // gave no frame before its damage), or none (a damaged capture's frames before the damage
    // are written, as the CLI does).
    [[nodiscard]] const CaptureError& error() const { return m_error; }
    // The capture's own damage, if any (the file then holds the frames before it).
    [[nodiscard]] const CaptureError& readError() const { return m_scan.error(); }
    [[nodiscard]] std::uint64_t framesWritten() const { return m_sink.framesWritten(); }
    [[nodiscard]] std::optional<ExportFormat> format() const { return m_sink.format(); }
    // The file written (complete once finished without error); takeBytes() hands it over.
    [[nodiscard]] const std::vector<std::uint8_t>& bytes() const { return m_bytes; }
    [[nodiscard]] std::vector<std::uint8_t> takeBytes() { return std::move(m_bytes); }

private:
    void finish();

    JsByteSource m_source;
    std::unique_ptr<filter::DisplayFilter> m_filter;
    std::vector<std::uint8_t> m_bytes;
    ExportSink m_sink;
    CaptureScan m_scan;
    std::uint64_t m_totalFrames;
    std::uint64_t m_maxBytes;
    bool m_tooLarge = false;
    bool m_finished = false;
    CaptureError m_error;
};

}  // namespace caplens::wasm
