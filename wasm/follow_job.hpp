// follow_job.hpp — Follow TCP/UDP Stream in the page: reads the capture again, in order,
// through its own JsByteSource, dissects every frame with the fields the follower reads and
// feeds a StreamFollower (the same code as `caplens follow`). A resumable job: step(budget)
// each animation frame.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "core/analysis/stream_follow.hpp"
#include "core/capture/capture_scan.hpp"
#include "core/proto/frame_decoder.hpp"
#include "wasm/js_byte_source.hpp"

namespace caplens::wasm {

class FollowJob {
public:
    FollowJob(std::uint64_t streamSize, FollowProtocol protocol, std::uint32_t stream, std::uint64_t totalFrames);
    FollowJob(const FollowJob&) = delete;
    FollowJob& operator=(const FollowJob&) = delete;

    void step(std::chrono::steady_clock::duration budget);
    [[nodiscard]] bool finished() const { return m_result.has_value(); }
    [[nodiscard]] double progress() const;
    [[nodiscard]] JsByteSource& source() { return m_source; }
    // The stream, once finished (what was read before the capture's damage, if any).
    [[nodiscard]] const FollowedStream* result() const { return m_result ? &*m_result : nullptr; }

private:
    struct Sink final : public FrameSink {
        Sink(FollowProtocol protocol, std::uint32_t stream) : follower(protocol, stream) {}
        void onFrame(const CapturedFrame& frame) override {
            follower.onFrame(frame, decoder.decode(frame, proto::DissectionMode::Filter, &follower.mask(), false));
        }
        StreamFollower follower;
        proto::FrameDecoder decoder;
    };

    JsByteSource m_source;
    Sink m_sink;
    CaptureScan m_scan;
    std::uint64_t m_totalFrames;
    std::optional<FollowedStream> m_result;
};

}  // namespace caplens::wasm
