// Follow TCP/UDP Stream in the page: the session finds a frame's stream and follows it on its
// own byte channel; the result must be what `caplens follow` computes (StreamFollower fed by
// the command line's pass) for the same stream.
#include <gtest/gtest.h>

#include "cli/capture_pass.hpp"
#include "cli/commands/stats_pass.hpp"
#include "tests/unit/wasm/session_fixture.hpp"

namespace caplens::wasm {
namespace {

FollowedStream followedByCli(FollowProtocol protocol, std::uint32_t stream) {
    StreamFollower follower(protocol, stream);
    cli::StatsSink sink(nullptr, follower.mask(), [&](const CapturedFrame& frame, const proto::Packet& packet) {
        follower.onFrame(frame, packet);
    });
    (void)cli::readCapture(CAPLENS_SAMPLE, sink);
    return follower.finish();
}

class SessionFollow : public test::SampleSession {
protected:
    void SetUp() override {
        SampleSession::SetUp();
        ASSERT_TRUE(runUntil([&] { return m_session->finished(); }));
    }

    // streamOf() may need the frame's bytes first: a few animation frames.
    std::optional<CaptureSession::StreamRef> streamOf(std::uint64_t number) {
        std::optional<CaptureSession::StreamRef> found;
        (void)runUntil([&] { return (found = m_session->streamOf(number)).has_value(); }, 50);
        return found;
    }
};

TEST_F(SessionFollow, FindsTheStreamOfAFrameAndFollowsItAsTheCommandLineDoes) {
    // The sample: frames 1-4 are DNS over UDP, frame 5 opens the first HTTP connection.
    const auto udp = streamOf(1);
    ASSERT_TRUE(udp.has_value());
    EXPECT_EQ(udp->protocol, FollowProtocol::Udp);
    const auto tcp = streamOf(5);
    ASSERT_TRUE(tcp.has_value());
    EXPECT_EQ(tcp->protocol, FollowProtocol::Tcp);
    EXPECT_EQ(tcp->stream, 0u);
    for (const CaptureSession::StreamRef ref : {*udp, *tcp}) {
        m_session->startFollow(ref);
        ASSERT_TRUE(runUntil([&] { return m_session->followed() != nullptr; }));
        const FollowedStream expected = followedByCli(ref.protocol, ref.stream);
        EXPECT_FALSE(expected.chunks.empty());
        EXPECT_EQ(m_session->followed()->json(), expected.json());
    }
}

}  // namespace
}  // namespace caplens::wasm
