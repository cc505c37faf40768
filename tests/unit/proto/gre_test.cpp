#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Gre, PptpEnhancedGreOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__pptp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__pptp.pcap", 16));
    EXPECT_EQ(d.protocols().rfind("eth:ip:gre", 0), 0u);
    EXPECT_EQ(d.uint("gre.proto"), 0x880bu);
    EXPECT_EQ(d.uint("gre.flags.version"), 1u);
    EXPECT_EQ(d.uint("gre.flags.key"), 1u);
    EXPECT_EQ(d.uint("gre.key.payload_length"), 48u);
    EXPECT_EQ(d.uint("gre.key.call_id"), 0u);
    EXPECT_EQ(d.uint("gre.sequence_number"), 0u);
    EXPECT_FALSE(d.has("gre.ack_number"));
}

TEST(Gre, KeyedCiscoMetaDataTunnelOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__various_gre.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__various_gre.pcap", 25));
    const std::string stack = d.protocols();
    EXPECT_NE(stack.find("ip:gre:cmd:ip:icmp:data"), std::string::npos) << stack;
    EXPECT_EQ(d.uint("gre.key"), 0x28u);
    EXPECT_EQ(d.uint("cmd.type"), 0x0800u);
    EXPECT_EQ(d.uint("cmd.version"), 1u);
    EXPECT_EQ(d.uint("cmd.options"), 1u);
}

TEST(Gre, PayloadsByProtocolType) {
    const Bytes inner = ipv4(17, udp(1, 2, {'x'}));
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(47, Bytes{0, 0, 0x08, 0x00} + inner)), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre:ip:udp:data");
    EXPECT_EQ(d.packet().protocolColumn(), "UDP");
    d.decode(ethernet(0x0800, ipv4(47, Bytes{0, 0, 0x86, 0xdd} + ipv6(59, {}))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre:ipv6");
    d.decode(ethernet(0x0800, ipv4(47, Bytes{0, 0, 0x65, 0x58} + ethernet(0x0800, inner))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre:eth:ip:udp:data");
    // A keepalive: protocol type 0 and nothing after the header.
    d.decode(ethernet(0x0800, ipv4(47, {0, 0, 0, 0})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre");
    EXPECT_EQ(d.packet().infoText(), "Encapsulated Possible GRE keepalive packet");
    d.decode(ethernet(0x0800, ipv4(47, {0, 0, 0x12, 0x34, 1, 2})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre:data");
    EXPECT_EQ(d.packet().infoText(), "Encapsulated 0x1234 (unknown)");
    // GRE in UDP (RFC 8086).
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 4754, Bytes{0, 0, 0x08, 0x00} + inner))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:gre:ip:udp:data");
}

TEST(Gre, ChecksumAndShortHeaders) {
    Bytes gre = Bytes{0x80, 0, 0x08, 0x00, 0, 0, 0, 0} + ipv4(17, udp(1, 2, {'x'}));
    fixChecksum(gre, 4);
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(47, gre)), linktype::Ethernet);
    EXPECT_EQ(d.uint("gre.checksum.status"), 1u);
    gre[4] ^= 1;
    d.decode(ethernet(0x0800, ipv4(47, gre)), linktype::Ethernet);
    EXPECT_EQ(d.uint("gre.checksum.status"), 0u);
    EXPECT_TRUE(d.has("gre.checksum.incorrect"));
    // Fewer than 4 bytes: malformed before any GRE item, as Wireshark.
    d.decode(ethernet(0x0800, ipv4(47, {0, 0})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre");
    EXPECT_TRUE(d.has("_ws.malformed"));
    EXPECT_FALSE(d.has("gre.proto"));
    // Key announced but missing.
    d.decode(ethernet(0x0800, ipv4(47, {0x20, 0, 0x08, 0x00, 0})), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
