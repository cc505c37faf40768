#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Vxlan, EthernetInVxlanOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__vxlan.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__vxlan.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:vxlan:eth:ip:icmp:data");
    EXPECT_EQ(d.uint("vxlan.flags"), 0x0800u);
    EXPECT_EQ(d.uint("vxlan.flag_i"), 1u);
    EXPECT_EQ(d.uint("vxlan.flag_g"), 0u);
    EXPECT_EQ(d.uint("vxlan.vni"), 100u);
    EXPECT_EQ(d.all("eth.src").size(), 2u);
}

TEST(Vxlan, ShortHeaderIsMalformed) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 4789, {0x08, 0x00}))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:vxlan");
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
