#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Dhcpv6, SolicitOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__dhcpv6-ia-na.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__dhcpv6-ia-na.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ipv6:udp:dhcpv6");
    EXPECT_EQ(d.uint("dhcpv6.msgtype"), 1u);
    EXPECT_EQ(d.uint("dhcpv6.xid"), 0x90b45cu);
    EXPECT_TRUE(d.has("dhcpv6.duid.type"));
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Solicit XID: 0x90b45c CID: 00030001000102030405 ");
}

}  // namespace
}  // namespace caplens
