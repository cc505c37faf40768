#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Ssdp, SearchOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__1kxun.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__1kxun.pcap", 3));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:ssdp");
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "M-SEARCH * HTTP/1.1 ");
}

}  // namespace
}  // namespace caplens
