#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Esp, UdpEncapsulatedEspOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__isakmp4500.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__isakmp4500.pcap", 12));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:udpencap:esp");
    EXPECT_EQ(d.uint("esp.spi"), 0xf4dc0ae5u);
    EXPECT_EQ(d.uint("esp.sequence"), 1u);
    EXPECT_EQ(d.packet().protocolColumn(), "ESP");
    EXPECT_EQ(d.packet().infoText(), "ESP (SPI=0xf4dc0ae5)");
}

TEST(Esp, OnIpAndShort) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(50, Bytes{0, 0, 1, 0, 0, 0, 0, 5} + Bytes(20, 'x'))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:esp");
    EXPECT_EQ(d.uint("esp.sequence"), 5u);
    d.decode(ethernet(0x0800, ipv4(50, {0, 0, 1})), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
