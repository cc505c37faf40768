// byte_source.hpp — where a capture's bytes come from, without core doing any I/O.
//
// The CLI implements this over a file (and over a gzip stream), the browser over File.slice()
// reads that JavaScript feeds in. A source may not have the bytes yet (the browser's reads are
// asynchronous): it then answers Pending and the job is resumed once they have arrived.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/io/capture_error.hpp"
#include "core/io/capture_reader.hpp"

namespace caplens {

enum class SourceStatus : std::uint8_t { Ready, Pending, Failed };

struct SourceRead {
    SourceStatus status = SourceStatus::Pending;
    ByteWindow window;  // valid until the next read() when Ready
};

class ByteSource {
public:
    virtual ~ByteSource() = default;

    // Bytes starting at `offset`: at least `minBytes` of them unless the stream ends sooner
    // (then window.reachesEnd is set). Sources usually return much more than asked. An offset
    // at or past the end of the stream gives an empty window at that offset with reachesEnd.
    virtual SourceRead read(std::uint64_t offset, std::size_t minBytes) = 0;

    // Total length of the stream when known (not for a gzip stream before its end).
    [[nodiscard]] virtual std::optional<std::uint64_t> size() const = 0;

    // Fraction of the underlying input consumed so far, for progress bars (0..1).
    [[nodiscard]] virtual double progress() const = 0;

    // Set when read() answered Failed.
    [[nodiscard]] virtual const CaptureError& error() const = 0;
};

}  // namespace caplens
