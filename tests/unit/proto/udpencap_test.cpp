#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Udpencap, KeepaliveAndIkeOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__isakmp4500.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__isakmp4500.pcap", 18));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:udpencap");
    EXPECT_TRUE(d.has("udpencap.nat_keepalive"));
    EXPECT_EQ(d.packet().infoText(), "NAT-keepalive");
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__isakmp4500.pcap", 7));
    EXPECT_TRUE(d.has("udpencap.non_esp_marker"));
    EXPECT_EQ(d.protocols().rfind("eth:ip:udp:udpencap:", 0), 0u);
}

TEST(Udpencap, TooShortForAMarkerIsMalformed) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 4500, {0x12, 0x34}))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:udpencap");
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
