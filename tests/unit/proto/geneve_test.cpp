#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Geneve, OptionsAndEthernetOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__geneve.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__geneve.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:geneve:eth:ip:icmp:data");
    EXPECT_EQ(d.uint("geneve.version"), 0u);
    EXPECT_EQ(d.uint("geneve.flags.critical"), 1u);
    EXPECT_EQ(d.uint("geneve.proto_type"), 0x6558u);
    EXPECT_EQ(d.uint("geneve.vni"), 10u);
    EXPECT_EQ(d.uint("geneve.option.class"), 0u);
    EXPECT_EQ(d.uint("geneve.option.type"), 0x80u);
    EXPECT_EQ(d.uint("geneve.option.type.critical"), 1u);
    EXPECT_EQ(d.uint("geneve.option.length"), 8u);
    EXPECT_EQ(d.packet().infoText().empty(), false);
}

TEST(Geneve, ProtocolTypeGoesThroughTheEthertypeTable) {
    test::ProtoDecoder d;
    const Bytes header = {0, 0, 0x08, 0x00, 0, 0, 10, 0};
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 6081, header + ipv4(17, udp(1, 2, {'x'}))))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:geneve:ip:udp:data");
    const Bytes unknown = {0, 0, 0x12, 0x34, 0, 0, 10, 0, 'a', 'b'};
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 6081, unknown))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:geneve:data");
    EXPECT_EQ(d.packet().infoText(), "Encapsulated 0x1234 (unknown)");
    // An option whose length runs past the options.
    const Bytes badOption = {1, 0, 0x65, 0x58, 0, 0, 10, 0, 0, 0, 0x80, 0x1f};
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 6081, badOption))), linktype::Ethernet);
    EXPECT_TRUE(d.has("geneve.option.length.invalid"));
}

}  // namespace
}  // namespace caplens
