#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Ntp, ClientPacketOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__ntp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ntp.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:ntp");
    EXPECT_EQ(d.uint("ntp.flags.vn"), 4u);
    EXPECT_EQ(d.uint("ntp.flags.mode"), 3u);
    EXPECT_EQ(d.uint("ntp.stratum"), 0u);
    EXPECT_TRUE(d.has("ntp.xmt"));
    EXPECT_TRUE(d.has("ntp.keyid"));
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "NTP Version 4, client");
}

}  // namespace
}  // namespace caplens
