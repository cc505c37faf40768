// The Statistics helpers: Wireshark's size and time formats, endpoints' text, FrameTaps.
#include "core/analysis/stats_support.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(StatsSupport, FormatSizeAsWireshark) {
    EXPECT_EQ(formatSize(0), "0 bytes");
    EXPECT_EQ(formatSize(9999), "9999 bytes");
    EXPECT_EQ(formatSize(10000), "10 kB");
    EXPECT_EQ(formatSize(114596), "114 kB");
    EXPECT_EQ(formatSize(9999999), "9999 kB");
    EXPECT_EQ(formatSize(10000000), "10 MB");
    EXPECT_EQ(formatSize(12000000000ull), "12 GB");
}

TEST(StatsSupport, NstimeSeconds) {
    EXPECT_DOUBLE_EQ(nstimeSeconds(6652847000), 6.652847);
    EXPECT_DOUBLE_EQ(nstimeSeconds(-1500000000), -1.5);
    EXPECT_DOUBLE_EQ(nstimeMilliseconds(6709000000), 6709.0);
}

TEST(StatsSupport, Endpoints) {
    StatAddress v4;
    v4.length = 4;
    v4.bytes[0] = 10;
    v4.bytes[3] = 4;
    EXPECT_EQ(formatEndpoint(v4, 50432), "10.0.0.4:50432");
    StatAddress v6;
    v6.length = 16;
    v6.bytes[0] = 0x20;
    v6.bytes[1] = 0x01;
    v6.bytes[2] = 0x0d;
    v6.bytes[3] = 0xb8;
    v6.bytes[15] = 1;
    EXPECT_EQ(formatEndpoint(v6, 443), "[2001:db8::1]:443");
    EXPECT_TRUE(v4 < v6);
}

TEST(StatsSupport, FrameTapsGiveTransportsTheirAddresses) {
    FrameFeeder feed;
    const proto::Packet& p = feed.frame(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0);
    const FrameTaps taps(p);
    ASSERT_NE(taps.tcp(), nullptr);
    EXPECT_EQ(taps.tcp()->addressLength, 4);
    EXPECT_EQ(formatAddress(tapSource(*taps.tcp())), "10.0.0.4");
    EXPECT_EQ(formatAddress(tapDestination(*taps.tcp())), "10.0.0.5");
    EXPECT_EQ(taps.transport(), taps.tcp());
    EXPECT_FALSE(taps.tcpHeaderMissing());
    EXPECT_STREQ(portTypeName(taps.transport()), "TCP");
}

TEST(StatsSupport, FrameTapsKnowIpv6Headers) {
    FrameFeeder feed;
    const proto::Packet& p = feed.frame(net::ethernet(0x86dd, net::ipv6(17, net::udp(5000, 53, {1}))), 0);
    const FrameTaps taps(p);
    ASSERT_NE(taps.network(), nullptr);
    EXPECT_EQ(taps.network()->kind, proto::TapKind::Ipv6);
    ASSERT_NE(taps.transport(), nullptr);
    EXPECT_EQ(formatAddress(tapDestination(*taps.transport())), "2001:db8::2");
}

TEST(StatsSupport, FrameTapsSeeAMissingTcpHeader) {
    FrameFeeder feed;
    Bytes cut = ethIpv4(6, tcp(50432, 443, 1, 0, kSyn));
    cut.resize(34);
    const proto::Packet& p = feed.frame(cut, 0, 54);
    const FrameTaps taps(p);
    EXPECT_TRUE(taps.tcpHeaderMissing());
    EXPECT_EQ(taps.transport(), nullptr);
    EXPECT_STREQ(portTypeName(taps.transport()), "NONE");
}

}  // namespace
}  // namespace caplens
