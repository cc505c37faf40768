#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Nbns, NameQueryOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__netbios.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__netbios.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:nbns");
    EXPECT_EQ(d.text("nbns.name"), "XSTREAM_HY<00>");
    EXPECT_EQ(d.uint("nbns.type"), 32u);
    EXPECT_EQ(d.uint("nbns.flags.opcode"), 0u);
    EXPECT_EQ(d.uint("nbns.count.queries"), 1u);
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Name query NB XSTREAM_HY<00>");
}

}  // namespace
}  // namespace caplens
