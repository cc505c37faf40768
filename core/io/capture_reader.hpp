// capture_reader.hpp — the interface every capture format reader implements.
//
// Readers are pull-driven and never do I/O: a reader says which byte of the stream it needs
// next (request()), the driver hands it a window of bytes starting there (parse()), and the
// reader turns every complete record in the window into frames for the sink. A window may end
// anywhere, mid-record included; the reader then asks again for the bytes from that record on.
// Most formats ask for bytes strictly in order; NetMon asks for its frame table first and then
// for each frame at the offset the table gives.
//
// A reader never allocates by a length read from the file: records larger than the format
// allows are rejected as corrupt before anything is asked for, and minBytes never exceeds
// kMaxBlockLength. A reader may ask for an offset past the end of the stream (a NetMon frame
// table that was cut off); the source then answers an empty window with reachesEnd set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "core/io/capture_error.hpp"
#include "core/io/capture_format.hpp"
#include "core/io/capture_metadata.hpp"
#include "core/io/captured_frame.hpp"

namespace caplens {

// Bytes of the stream starting at `offset`. `reachesEnd` says the stream ends with them.
struct ByteWindow {
    std::span<const std::uint8_t> bytes;
    std::uint64_t offset = 0;
    bool reachesEnd = false;
};

// Where a reader wants to continue, and how many contiguous bytes it needs there to make
// progress (the driver may supply more; it supplies fewer only at the end of the stream).
struct ReadRequest {
    std::uint64_t offset = 0;
    std::size_t minBytes = 0;
};

class FrameSink {
public:
    virtual ~FrameSink() = default;
    virtual void onFrame(const CapturedFrame& frame) = 0;
};

enum class ReaderState : std::uint8_t { Reading, Done, Failed };

// The largest record any reader accepts; anything larger is treated as corrupt.
// (Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD is 256 KiB; pcapng blocks may carry options.)
inline constexpr std::uint32_t kMaxFrameLength = 256 * 1024;
inline constexpr std::uint32_t kMaxBlockLength = 16 * 1024 * 1024;

class CaptureReader {
public:
    virtual ~CaptureReader() = default;

    [[nodiscard]] ReadRequest request() const { return m_request; }
    [[nodiscard]] ReaderState state() const { return m_state; }
    [[nodiscard]] const CaptureError& error() const { return m_error; }
    [[nodiscard]] const CaptureMetadata& metadata() const { return m_metadata; }

    // Parses the complete records in `window` (which starts at request().offset), sending
    // frames to `sink`, and updates request() and state().
    virtual void parse(const ByteWindow& window, FrameSink& sink) = 0;

protected:
    explicit CaptureReader(CaptureFormat format) { m_metadata.format = format; }

    // Continue at `offset`, needing `minBytes` there.
    void want(std::uint64_t offset, std::size_t minBytes) { m_request = {offset, minBytes}; }
    void finish() { m_state = ReaderState::Done; }
    void fail(CaptureErrorCode code, std::string message, std::uint64_t offset) {
        m_state = ReaderState::Failed;
        m_error = {code, std::move(message), offset};
    }
    // The stream ended inside the record that starts at `offset`.
    void failTruncated(std::uint64_t offset, std::string_view what = "a packet");
    // Hands `frame` to `sink` and counts it.
    void emit(FrameSink& sink, const CapturedFrame& frame) {
        ++m_framesEmitted;
        sink.onFrame(frame);
    }
    // Frames handed over so far; the next frame's number is framesEmitted() + 1.
    [[nodiscard]] std::uint64_t framesEmitted() const { return m_framesEmitted; }
    // Attaches `text` to the frame about to be emitted.
    void commentNextFrame(std::string text) {
        m_metadata.frameComments.push_back({m_framesEmitted + 1, std::move(text)});
    }
    // Where the bytes of `window` start relative to request().offset: the index of the
    // requested offset within the window, or nullopt when the window does not contain it
    // (a source asked for an offset past the end of the stream answers an empty window there).
    [[nodiscard]] std::optional<std::size_t> requestedIndex(const ByteWindow& window) const;

    CaptureMetadata m_metadata;

private:
    std::uint64_t m_framesEmitted = 0;
    ReadRequest m_request{0, 1};
    ReaderState m_state = ReaderState::Reading;
    CaptureError m_error;
};

// A reader for `format`, or nullptr when caplens has none (see isReadableFormat()).
[[nodiscard]] std::unique_ptr<CaptureReader> makeCaptureReader(CaptureFormat format);

}  // namespace caplens
