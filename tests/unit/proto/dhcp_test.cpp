#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Dhcp, DiscoverOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("wswiki__dhcp-nanosecond.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__dhcp-nanosecond.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dhcp");
    EXPECT_EQ(d.uint("dhcp.type"), 1u);
    EXPECT_EQ(d.uint("dhcp.id"), 0x3d1du);
    EXPECT_EQ(d.text("dhcp.hw.mac_addr"), "00:0b:82:01:fc:42");
    EXPECT_EQ(d.uint("dhcp.option.dhcp"), 1u);
    EXPECT_EQ(d.text("dhcp.option.requested_ip_address"), "0.0.0.0");
    EXPECT_EQ(d.all("dhcp.option.request_list_item").size(), 4u);
    EXPECT_TRUE(d.has("dhcp.option.end"));
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "DHCP Discover - Transaction ID 0x3d1d");
}

}  // namespace
}  // namespace caplens
