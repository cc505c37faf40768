#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

Bytes icmp(std::uint8_t type, std::uint8_t code, const Bytes& rest) {
    Bytes b = {type, code, 0, 0};
    b = b + rest;
    fixChecksum(b, 2);
    return b;
}

TEST(Icmp, EchoRequestAndReplyOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("wswiki__trace.snoop");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__trace.snoop", 4));
    EXPECT_EQ(d.protocols(), "eth:ip:icmp:data");
    EXPECT_EQ(d.uint("icmp.type"), 8u);
    EXPECT_EQ(d.uint("icmp.code"), 0u);
    EXPECT_EQ(d.uint("icmp.ident"), 0x0200u);
    EXPECT_EQ(d.uint("icmp.ident_le"), 0x0002u);
    EXPECT_EQ(d.uint("icmp.seq"), 256u);
    EXPECT_EQ(d.uint("icmp.seq_le"), 1u);
    EXPECT_EQ(d.uint("icmp.checksum.status"), 1u);  // good
    EXPECT_EQ(d.packet().infoText(), "Echo (ping) request  id=0x0200, seq=256/1, ttl=128");
    d.decode(test::corpusFrames("wswiki__trace.snoop")[4].frame);
    EXPECT_EQ(d.uint("icmp.type"), 0u);
    EXPECT_EQ(d.uint("icmp.resp_to"), 4u);
    EXPECT_TRUE(d.has("icmp.resptime"));
    EXPECT_EQ(d.packet().infoText(), "Echo (ping) reply    id=0x0200, seq=256/1, ttl=255 (request in 4)");
}

TEST(Icmp, UnreachableQuotesTheDatagramInsideTheIcmpTree) {
    CAPLENS_REQUIRE_CORPUS("wswiki__SkypeIRC.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__SkypeIRC.cap", 233));
    EXPECT_EQ(d.protocols(), "eth:ip:icmp:ip:udp");
    EXPECT_EQ(d.uint("icmp.type"), 3u);
    EXPECT_EQ(d.uint("icmp.code"), 3u);
    EXPECT_EQ(d.all("ip.src").size(), 2u);
    EXPECT_EQ(d.uint("udp.dstport"), 25906u);
    // The quoted datagram leaves the columns to the error itself.
    EXPECT_EQ(d.packet().protocolColumn(), "ICMP");
    EXPECT_EQ(d.packet().infoText(), "Destination unreachable (Port unreachable)");
    EXPECT_EQ(d.packet().sourceColumn(), "86.128.163.125");
}

TEST(Icmp, ReplyWithOtherDataIsNoAnswer) {
    const Bytes request = icmp(8, 0, {0x12, 0x34, 0, 1, 'a', 'b', 'c', 'd'});
    const Bytes reply = icmp(0, 0, {0x12, 0x34, 0, 1, 'a', 'b', 'c', 'X'});
    const Bytes goodReply = icmp(0, 0, {0x12, 0x34, 0, 1, 'a', 'b', 'c', 'd'});
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(1, request)), linktype::Ethernet);
    d.decode(ethernet(0x0800, ipv4(1, reply, 0x0a000002, 0x0a000001)), linktype::Ethernet);
    EXPECT_FALSE(d.has("icmp.resp_to"));
    d.decode(ethernet(0x0800, ipv4(1, goodReply, 0x0a000002, 0x0a000001)), linktype::Ethernet);
    EXPECT_EQ(d.uint("icmp.resp_to"), 1u);
}

TEST(Icmp, TimestampAndShortMessages) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(1, icmp(13, 0, Bytes(16, 0)))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:icmp");
    EXPECT_TRUE(d.has("icmp.transmit_timestamp"));
    // Shorter than the 8-byte header: malformed, and no ICMP level in the hierarchy.
    d.decode(ethernet(0x0800, ipv4(1, {8, 0, 0, 0})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:icmp");
    EXPECT_TRUE(d.has("_ws.malformed"));
    EXPECT_FALSE(d.has("icmp.type"));
    // An error with a bad checksum says so.
    Bytes bad = icmp(11, 0, Bytes(4, 0));
    bad[2] ^= 0xFF;
    d.decode(ethernet(0x0800, ipv4(1, bad)), linktype::Ethernet);
    EXPECT_EQ(d.uint("icmp.checksum.status"), 0u);
    EXPECT_TRUE(d.has("icmp.checksum_bad"));
}

}  // namespace
}  // namespace caplens
