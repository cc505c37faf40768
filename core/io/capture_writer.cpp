#include "core/io/capture_writer.hpp"

#include <algorithm>
#include <string>

#include "core/io/pcap_writer.hpp"
#include "core/io/pcapng_writer.hpp"

namespace caplens {

std::string_view exportFormatName(ExportFormat format) {
    return format == ExportFormat::Pcapng ? "pcapng" : "pcap";
}

std::optional<ExportFormat> parseExportFormat(std::string_view name) {
    if (name == "pcap") return ExportFormat::Pcap;
    if (name == "pcapng") return ExportFormat::Pcapng;
    return std::nullopt;
}

ExportFormat defaultExportFormat(CaptureFormat input) {
    return input == CaptureFormat::Pcapng ? ExportFormat::Pcapng : ExportFormat::Pcap;
}

CaptureError CaptureWriter::checkLinkType(const CapturedFrame& frame, std::string_view formatName) {
    if (frame.linkType < linktype::PrivateBase) return {};
    return {CaptureErrorCode::UnwritableFrame,
            "a " + std::string(linkTypeNames(frame.linkType).longName) +
                " record has no link type that " + std::string(formatName) + " can hold",
            frame.fileOffset};
}

std::uint32_t CaptureWriter::recordOriginalLength(const CapturedFrame& frame) {
    const std::uint64_t length = std::uint64_t{frame.originalLength} + frame.pseudoHeaderLength;
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(length, UINT32_MAX));
}

void CaptureWriter::put16(std::uint16_t value) {
    m_record.push_back(static_cast<std::uint8_t>(value));
    m_record.push_back(static_cast<std::uint8_t>(value >> 8));
}

void CaptureWriter::put32(std::uint32_t value) {
    put16(static_cast<std::uint16_t>(value));
    put16(static_cast<std::uint16_t>(value >> 16));
}

void CaptureWriter::putBytes(std::span<const std::uint8_t> bytes) {
    m_record.insert(m_record.end(), bytes.begin(), bytes.end());
}

void CaptureWriter::padTo4() {
    while (m_record.size() % 4 != 0) m_record.push_back(0);
}

void CaptureWriter::patch32(std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) m_record[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void CaptureWriter::flushRecord() {
    m_sink(m_record);
    m_bytes += m_record.size();
    m_record.clear();
}

std::unique_ptr<CaptureWriter> makeCaptureWriter(ExportFormat format, ByteSink sink) {
    if (format == ExportFormat::Pcapng) return std::make_unique<PcapngWriter>(std::move(sink));
    return std::make_unique<PcapWriter>(std::move(sink));
}

const InterfaceInfo* frameInterface(const CapturedFrame& frame, const CaptureMetadata& input) {
    return frame.interfaceId < input.interfaces.size() ? &input.interfaces[frame.interfaceId] : nullptr;
}

}  // namespace caplens
