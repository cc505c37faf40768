// CaptureStatistics: every statistic from one pass, and the JSON of `caplens stats --all`.
#include "core/analysis/capture_statistics.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(CaptureStatistics, OnePassFeedsEveryAnalyzer) {
    FrameFeeder feed;
    CaptureStatistics stats;
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, stats);
    feed.feed(ethIpv4(6, tcp(443, 50432, 7, 2, kSyn | kAckFlag), kServer, kClient), 10 * kMs, stats);
    feed.feed(ethIpv4(6, tcp(50432, 443, 2, 8, kAckFlag)), 10 * kMs + 30 * kUs, stats);
    feed.feed(ethIpv4(17, net::udp(5353, 53, {1})), 20 * kMs, stats);
    stats.finish();
    EXPECT_EQ(stats.properties().frames, 4u);
    EXPECT_EQ(stats.handshakes().handshakes().size(), 1u);
    EXPECT_EQ(stats.handshakes().captureSide(), CaptureSide::Client);
    EXPECT_EQ(stats.conversations(ConversationType::Tcp).all().size(), 1u);
    EXPECT_EQ(stats.conversations(ConversationType::Udp).all().size(), 1u);
    EXPECT_EQ(stats.conversations(ConversationType::Ipv4).all().size(), 1u);
    EXPECT_EQ(stats.endpoints(ConversationType::Ethernet).all().size(), 2u);
    EXPECT_EQ(stats.packetLengths().tree().node(stats.packetLengths().tree().topNodes()[0]).counter, 4u);
    EXPECT_EQ(stats.ioGraph().series(0).frames.at(0), 4u);
    const std::string json = stats.json();
    for (const char* key : {"\"capture\":", "\"rtt\":{\"capture_side\":\"client\"", "\"conversations\":{\"eth\":",
                            "\"endpoints\":{", "\"destinations\":[", "\"trees\":{\"dests\":", "\"iograph\":",
                            "\"expert\":"}) {
        EXPECT_NE(json.find(key), std::string::npos) << key;
    }
}

}  // namespace
}  // namespace caplens
