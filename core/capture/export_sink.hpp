// export_sink.hpp — the frame sink of an export pass: reads every frame a CaptureScan hands
// it, keeps those passing an optional display filter (every frame dissected in order, in
// Filter mode with the filter's fields, as `caplens filter` does) and writes exactly those
// through a CaptureWriter to a byte sink. Nothing else is added (no dependent frames).
//
// Both the CLI's `caplens export` and the browser's export job (wasm/) drive one of these:
//   ExportSink sink(format, filter.get(), out);
//   CaptureScan scan(source, sink);
//   sink.attach(scan);  // the format and interfaces come from the running scan
//   scan.run();         // or step(budget) in slices
//   sink.finish(scan.format(), scan.metadata());  // headers even for an empty result
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "core/capture/capture_scan.hpp"
#include "core/filter/display_filter.hpp"
#include "core/io/capture_writer.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens {

class ExportSink final : public FrameSink {
public:
    // `format`: nullopt chooses defaultExportFormat() of the input. `filter` (may be null: every
    // frame) must outlive the sink.
    ExportSink(std::optional<ExportFormat> format, const filter::DisplayFilter* filter, ByteSink out);

    // The scan feeding this sink (attach before it runs): where each frame's input format and metadata are read from
    // while it runs (it need not outlive the sink: finish() does not use it).
    void attach(const CaptureScan& scan) { m_scan = &scan; }
    void onFrame(const CapturedFrame& frame) override;
    // Completes the output once the scan has ended (a file of no frames gets its headers):
    // `inputFormat` and `input` are the scan's at its end.
    void finish(CaptureFormat inputFormat, const CaptureMetadata& input);

    // The first frame the format could not hold ("frame N: ..."); nothing is written after it.
    [[nodiscard]] const CaptureError& error() const { return m_error; }
    // The format written (known once the first frame or finish() came).
    [[nodiscard]] std::optional<ExportFormat> format() const { return m_format; }
    [[nodiscard]] std::uint64_t framesWritten() const { return m_writer ? m_writer->framesWritten() : 0; }
    [[nodiscard]] std::uint64_t bytesWritten() const { return m_writer ? m_writer->bytesWritten() : 0; }

private:
    CaptureWriter& writer(CaptureFormat inputFormat);

    std::optional<ExportFormat> m_format;
    const filter::DisplayFilter* m_filter;
    ByteSink m_out;
    const CaptureScan* m_scan = nullptr;
    proto::FrameDecoder m_decoder;
    std::unique_ptr<CaptureWriter> m_writer;
    std::uint64_t m_framesRead = 0;
    CaptureError m_error;
};

}  // namespace caplens
