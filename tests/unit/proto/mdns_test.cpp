#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Mdns, QueryWithTheQuBitOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__1kxun.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__1kxun.pcap", 682));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:mdns");
    EXPECT_EQ(d.text("dns.qry.name"), "_googlecast._tcp.local");
    EXPECT_EQ(d.uint("dns.qry.type"), 12u);
    EXPECT_EQ(d.uint("dns.qry.class"), 1u);
    EXPECT_EQ(d.uint("dns.qry.qu"), 0u);
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(),
              "Standard query 0x0000 PTR _googlecast._tcp.local, \"QM\" question");
    EXPECT_EQ(d.packet().protocolColumn(), "MDNS");
}

}  // namespace
}  // namespace caplens
