// js_byte_source.hpp — a ByteSource whose bytes arrive asynchronously from JavaScript.
//
// The browser cannot read a File synchronously, so this source never blocks: when a reader
// needs bytes the source does not hold, read() answers Pending and records the request. The
// page glue takes the request (takeRequest()), reads `File.slice(offset, offset + length)`,
// and hands the bytes in with receive(). The job resumes on the next animation frame.
//
// The source holds one window of the stream at a time (about kChunkBytes), never the whole
// file: captures may be gigabytes. Nothing here depends on Emscripten, so it also builds
// natively.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/io/byte_source.hpp"

namespace caplens::wasm {

// A read the page glue should perform: `length` bytes of the stream from `offset` (fewer
// only at the end of the stream).
struct ByteRequest {
    std::uint64_t offset = 0;
    std::size_t length = 0;
};

class JsByteSource final : public ByteSource {
public:
    // How much one request asks for beyond what the reader needs: large enough that a
    // plain capture costs one asynchronous read per few thousand frames.
    static constexpr std::size_t kChunkBytes = 4 * 1024 * 1024;

    // `streamSize`: bytes in the stream (the decompressed size for gzip captures).
    explicit JsByteSource(std::uint64_t streamSize) : m_size(streamSize) {}

    // Ready with the bytes from `offset` when the window holds at least `minBytes` of them
    // (or everything up to the end of the stream); otherwise Pending, recording a request.
    SourceRead read(std::uint64_t offset, std::size_t minBytes) override;
    [[nodiscard]] std::optional<std::uint64_t> size() const override { return m_size; }
    // Where the reader last asked for bytes, as a fraction of the stream.
    [[nodiscard]] double progress() const override;
    [[nodiscard]] const CaptureError& error() const override { return m_error; }

    // The request that read() recorded and nobody has taken yet; taking it marks it as
    // sent, so every request is handed out exactly once.
    [[nodiscard]] std::optional<ByteRequest> takeRequest();
    // True while a taken request waits for its bytes.
    [[nodiscard]] bool awaitingBytes() const { return m_request && m_requestTaken; }

    // Memory for `length` bytes that JavaScript is about to copy in for the request at
    // `offset`; nullptr when that is not the outstanding request (a late answer).
    [[nodiscard]] std::uint8_t* prepareReceive(std::uint64_t offset, std::size_t length);
    // The bytes written through prepareReceive() are complete: they become the window.
    void receive();
    // The read could not be done (the file vanished, permission lost): the next read()
    // answers Failed with `message`.
    void fail(std::string message);

private:
    [[nodiscard]] std::uint64_t windowEnd() const { return m_start + m_window.size(); }

    std::uint64_t m_size;
    std::vector<std::uint8_t> m_window;    // the stream's bytes [m_start, windowEnd())
    std::uint64_t m_start = 0;
    std::vector<std::uint8_t> m_incoming;  // filled by JavaScript, then swapped in
    std::optional<ByteRequest> m_request;  // outstanding request, if any
    bool m_requestTaken = false;
    std::uint64_t m_lastOffset = 0;
    CaptureError m_error;
};

}  // namespace caplens::wasm
