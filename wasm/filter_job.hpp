// filter_job.hpp — the display-filter pass of the page: reads the capture again, in order,
// through its own JsByteSource, dissects every frame in Filter mode with the fields the filter
// reads (as `caplens filter` does), and collects the numbers of the frames that pass. A
// resumable job: step(budget) each animation frame.
//
// On request it also computes the statistics of the frames that pass (the Statistics windows'
// "Limit to display filter", as `caplens stats -Y` counts them): every frame is still dissected,
// in order, and the passing ones feed a CaptureStatistics and a ProtocolHierarchy.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/analysis/capture_statistics.hpp"
#include "core/analysis/protocol_hierarchy.hpp"
#include "core/capture/capture_scan.hpp"
#include "core/filter/display_filter.hpp"
#include "core/proto/frame_decoder.hpp"
#include "wasm/js_byte_source.hpp"

namespace caplens::wasm {

// The statistics of the frames a display filter passes.
struct DisplayedStatistics {
    CaptureStatistics statistics;
    ProtocolHierarchy hierarchy;
};

class FilterJob {
public:
    // `totalFrames`: frames of the first pass (for progress); `withStatistics`: also compute
    // the statistics of the passing frames.
    FilterJob(std::uint64_t streamSize, std::unique_ptr<filter::DisplayFilter> filter, std::uint64_t totalFrames,
              bool withStatistics = false);
    FilterJob(const FilterJob&) = delete;
    FilterJob& operator=(const FilterJob&) = delete;

    JobStatus step(std::chrono::steady_clock::duration budget);
    [[nodiscard]] bool finished() const {
        return m_scan.status() == JobStatus::Done || m_scan.status() == JobStatus::Failed;
    }
    [[nodiscard]] double progress() const;
    [[nodiscard]] JsByteSource& source() { return m_source; }
    // Frame numbers that passed so far, ascending.
    [[nodiscard]] const std::vector<std::uint64_t>& matches() const { return m_sink.matches; }
    [[nodiscard]] std::uint64_t framesFiltered() const { return m_scan.framesRead(); }
    [[nodiscard]] bool collectsStatistics() const { return m_sink.statistics != nullptr; }
    // The passing frames' statistics, once finished (null if not asked for, or before).
    [[nodiscard]] const DisplayedStatistics* statistics() const {
        return finished() && m_sink.statistics ? m_sink.statistics.get() : nullptr;
    }
    // Wall time of the whole pass, once finished.
    [[nodiscard]] std::optional<double> seconds() const { return m_seconds; }

private:
    struct Sink final : public FrameSink {
        explicit Sink(std::unique_ptr<filter::DisplayFilter> f) : filter(std::move(f)) {}
        void onFrame(const CapturedFrame& frame) override;
        std::unique_ptr<filter::DisplayFilter> filter;
        proto::FrameDecoder decoder;
        std::vector<std::uint64_t> matches;
        std::unique_ptr<DisplayedStatistics> statistics;  // null unless asked for
    };

    JsByteSource m_source;
    Sink m_sink;
    CaptureScan m_scan;
    std::uint64_t m_totalFrames;
    std::chrono::steady_clock::time_point m_started;
    std::optional<double> m_seconds;
};

}  // namespace caplens::wasm
