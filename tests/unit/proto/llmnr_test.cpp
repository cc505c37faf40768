#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Llmnr, QueryOfARealCapture) {
    const std::string file = "msod__MS-WMOD_Example4_WS2016_X64_Win10_X64_Domain_Hagala.cap";
    CAPLENS_REQUIRE_CORPUS(file);
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, file, 2));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:llmnr");
    EXPECT_EQ(d.uint("dns.id"), 0xe991u);
    EXPECT_EQ(d.text("dns.qry.name"), "isatap");
    EXPECT_TRUE(d.has("dns.flags.conflict"));
    EXPECT_TRUE(d.has("dns.flags.tentative"));
    EXPECT_FALSE(d.has("dns.flags.recdesired"));
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Standard query 0xe991 A isatap");
}

}  // namespace
}  // namespace caplens
