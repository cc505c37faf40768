// capture_scan.hpp — a resumable job that reads a whole capture once, in slices.
//
// It detects the format from the first bytes, creates the reader, and then feeds the reader
// windows from the source until the reader is done or fails. Every frame goes to the sink.
// The CLI calls run(); the browser calls step() once per animation frame with a time budget.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "core/io/byte_source.hpp"
#include "core/io/capture_reader.hpp"

namespace caplens {

enum class JobStatus : std::uint8_t {
    Running,          // more to do: call step() again
    WaitingForBytes,  // the source answered Pending: call step() again once bytes arrived
    Done,             // the whole capture was read cleanly
    Failed,           // stopped at error(); the frames before it were delivered
};

class CaptureScan {
public:
    CaptureScan(ByteSource& source, FrameSink& sink);

    // Works for about `budget`, then returns. Never blocks on I/O.
    JobStatus step(std::chrono::steady_clock::duration budget);
    // Steps until Done or Failed (only for sources that are never Pending).
    JobStatus run();
    // Stops the job; step() then reports Failed with a Cancelled error.
    void cancel();

    [[nodiscard]] JobStatus status() const { return m_status; }
    [[nodiscard]] CaptureFormat format() const { return m_format; }
    [[nodiscard]] const CaptureError& error() const { return m_error; }
    // The reader's metadata so far (empty before the format is known).
    [[nodiscard]] const CaptureMetadata& metadata() const;
    [[nodiscard]] std::uint64_t framesRead() const { return m_sink.count(); }
    // Offset in the stream up to which records have been parsed.
    [[nodiscard]] std::uint64_t position() const;
    [[nodiscard]] double progress() const;
    // The progress of a second pass over a capture whose frame count an earlier pass gave
    // (frames read / `expectedFrames`, below 1 until the pass ends; the byte progress when 0).
    [[nodiscard]] double progressAgainst(std::uint64_t expectedFrames) const;

private:
    // Counts frames on their way to the caller's sink.
    class CountingSink final : public FrameSink {
    public:
        explicit CountingSink(FrameSink& next) : m_next(next) {}
        void onFrame(const CapturedFrame& frame) override {
            ++m_count;
            m_next.onFrame(frame);
        }
        [[nodiscard]] std::uint64_t count() const { return m_count; }

    private:
        FrameSink& m_next;
        std::uint64_t m_count = 0;
    };

    bool detectFormat();
    bool readSlice();
    void failWith(CaptureError error);

    ByteSource& m_source;
    CountingSink m_sink;
    std::unique_ptr<CaptureReader> m_reader;
    CaptureFormat m_format = CaptureFormat::Unknown;
    JobStatus m_status = JobStatus::Running;
    CaptureError m_error;
};

}  // namespace caplens
