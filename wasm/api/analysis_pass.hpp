// analysis_pass.hpp — a second pass over a capture for an analyzer that needs fields recorded
// (the findings): reads the capture again, in order, through its own JsByteSource, dissects
// every frame in Filter mode with the analyzer's field mask — exactly as `caplens findings`
// does — and hands each frame to the analyzer. A resumable job: step(budget) until finished().
#pragma once

#include <chrono>
#include <cstdint>

#include "core/capture/capture_model.hpp"
#include "core/capture/capture_scan.hpp"
#include "core/proto/frame_decoder.hpp"
#include "wasm/js_byte_source.hpp"

namespace caplens::wasm {

class AnalysisPass final : private FrameSink {
public:
    // `analyzer` must outlive the pass; `totalFrames` (the first pass's count) measures progress.
    AnalysisPass(std::uint64_t streamSize, FrameAnalyzer& analyzer, proto::FieldMask mask,
                 std::uint64_t totalFrames);
    AnalysisPass(const AnalysisPass&) = delete;
    AnalysisPass& operator=(const AnalysisPass&) = delete;

    // Works for about `budget`; once the capture's end (or its damage) is reached the
    // analyzer's finish() has been called.
    JobStatus step(std::chrono::steady_clock::duration budget);
    [[nodiscard]] bool finished() const { return m_finished; }
    [[nodiscard]] double progress() const;
    [[nodiscard]] JsByteSource& source() { return m_source; }

private:
    void onFrame(const CapturedFrame& frame) override;

    JsByteSource m_source;
    FrameAnalyzer& m_analyzer;
    proto::FieldMask m_mask;
    bool m_recordFields;
    proto::FrameDecoder m_decoder;
    CaptureScan m_scan;
    std::uint64_t m_totalFrames;
    bool m_finished = false;
};

}  // namespace caplens::wasm
