#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Gquic, Q046ClientHelloOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__gquic.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__gquic.pcap", 1));
    EXPECT_EQ(d.protocols(), "raw:ip:udp:gquic");
    EXPECT_EQ(d.text("gquic.version"), "Q046");
    EXPECT_EQ(d.uint("gquic.cid"), 2442460965746936605u);
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Client Hello, PKN: 3, CID: 2442460965746936605");
}

}  // namespace
}  // namespace caplens
