// capture_writer.hpp — writing chosen frames of an open capture as a new pcap or pcapng file.
//
// A writer streams: it is fed one frame at a time, exactly as a reader reported it (the
// CapturedFrame and the reader's metadata so far), and appends the output's bytes to a sink as
// it goes. It never holds more than one record. Frames are written as they were read: the
// pseudo-header (ERF, SunATM) stays in front of the packet bytes, as in the input file.
//
//   auto writer = makeCaptureWriter(ExportFormat::Pcapng, [&](auto bytes) { out.write(bytes); });
//   for each chosen frame: if (CaptureError e = writer->write(frame, reader.metadata())) stop;
//   writer->finish(reader.metadata());
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/io/capture_error.hpp"
#include "core/io/capture_format.hpp"
#include "core/io/capture_metadata.hpp"
#include "core/io/captured_frame.hpp"

namespace caplens {

enum class ExportFormat : std::uint8_t {
    Pcap,    // libpcap: one link type per file; nanosecond magic when the input had ns precision
    Pcapng,  // pcapng: one interface block per (input interface, link type) used
};

// "pcap" or "pcapng" (the names of the CLI's -F and the JS API's `format`).
[[nodiscard]] std::string_view exportFormatName(ExportFormat format);
// The format named `name`, or nullopt.
[[nodiscard]] std::optional<ExportFormat> parseExportFormat(std::string_view name);
// What an export of a capture in `input` defaults to: pcapng for pcapng, else pcap.
[[nodiscard]] ExportFormat defaultExportFormat(CaptureFormat input);

// Where a writer's bytes go; called with each piece in order.
using ByteSink = std::function<void(std::span<const std::uint8_t>)>;

// The snap length a pcap header states when the input gives none.
inline constexpr std::uint32_t kDefaultSnapLength = 262144;

class CaptureWriter {
public:
    virtual ~CaptureWriter() = default;

    // Appends `frame`; `input` is the metadata of the capture it came from, as known when the
    // frame was read (its interface is described there). An error value (and nothing written)
    // when the format cannot hold the frame; the writer may be fed further frames after that.
    [[nodiscard]] virtual CaptureError write(const CapturedFrame& frame, const CaptureMetadata& input) = 0;
    // Completes the output: a file with no frame still gets its header(s).
    virtual void finish(const CaptureMetadata& input) = 0;

    [[nodiscard]] std::uint64_t framesWritten() const { return m_frames; }
    [[nodiscard]] std::uint64_t bytesWritten() const { return m_bytes; }

protected:
    explicit CaptureWriter(ByteSink sink) : m_sink(std::move(sink)) {}

    // An UnwritableFrame error when `frame`'s encapsulation has no LINKTYPE_ number (NetMon's
    // event and filter records), which neither pcap nor pcapng can hold.
    [[nodiscard]] static CaptureError checkLinkType(const CapturedFrame& frame, std::string_view formatName);
    // The record's captured and original lengths as the file states them: with the pseudo-header.
    [[nodiscard]] static std::uint32_t recordCapturedLength(const CapturedFrame& frame) {
        return static_cast<std::uint32_t>(frame.data.size());
    }
    [[nodiscard]] static std::uint32_t recordOriginalLength(const CapturedFrame& frame);

    // Little-endian appends to the record being built.
    void put16(std::uint16_t value);
    void put32(std::uint32_t value);
    void putBytes(std::span<const std::uint8_t> bytes);
    // Zero bytes up to the next multiple of 4 (pcapng).
    void padTo4();
    // Sends the record built so far to the sink and starts the next one.
    void flushRecord();
    void countFrame() { ++m_frames; }
    [[nodiscard]] std::size_t recordSize() const { return m_record.size(); }
    // Overwrites 4 bytes of the record at `at` (a length known only at the end).
    void patch32(std::size_t at, std::uint32_t value);

private:
    ByteSink m_sink;
    std::vector<std::uint8_t> m_record;  // reused for every record: no allocation per frame
    std::uint64_t m_frames = 0;
    std::uint64_t m_bytes = 0;
};

// A writer of `format` sending its bytes to `sink`.
[[nodiscard]] std::unique_ptr<CaptureWriter> makeCaptureWriter(ExportFormat format, ByteSink sink);

// The interface `frame` belongs to in `input`, or null (NetMon describes none).
[[nodiscard]] const InterfaceInfo* frameInterface(const CapturedFrame& frame, const CaptureMetadata& input);

}  // namespace caplens
