#include "core/capture/export_sink.hpp"

#include <string>

namespace caplens {

ExportSink::ExportSink(std::optional<ExportFormat> format, const filter::DisplayFilter* filter, ByteSink out)
    : m_format(format), m_filter(filter), m_out(std::move(out)) {}

CaptureWriter& ExportSink::writer(CaptureFormat inputFormat) {
    if (!m_writer) {
        if (!m_format) m_format = defaultExportFormat(inputFormat);
        m_writer = makeCaptureWriter(*m_format, m_out);
    }
    return *m_writer;
}

void ExportSink::onFrame(const CapturedFrame& frame) {
    ++m_framesRead;
    if (m_error) return;
    if (m_filter != nullptr) {
        // Every frame is dissected, in order: TCP analysis and reassembly need the ones before.
        const proto::Packet& packet = m_decoder.decode(frame, proto::DissectionMode::Filter, &m_filter->mask(), false);
        if (!m_filter->matches(packet)) return;
    }
    // A scan hands frames over only once it has a reader: the format and metadata are known.
    if (CaptureError error = writer(m_scan->format()).write(frame, m_scan->metadata())) {
        m_error = std::move(error);
        m_error.message = "frame " + std::to_string(m_framesRead) + ": " + m_error.message;
    }
}

void ExportSink::finish(CaptureFormat inputFormat, const CaptureMetadata& input) {
    m_scan = nullptr;
    writer(inputFormat).finish(input);
}

}  // namespace caplens
