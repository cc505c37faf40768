#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Teredo, AuthenticationAndOriginHeadersOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__teredo.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__teredo.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:teredo:ipv6:icmpv6");
    EXPECT_TRUE(d.has("teredo.auth"));
    EXPECT_EQ(d.uint("teredo.auth.idlen"), 0u);
    EXPECT_EQ(d.text("teredo.auth.nonce"), "b11b3fea46a9afe9");
    EXPECT_EQ(d.packet().infoText(), "Router Solicitation");
    const auto frames = test::corpusFrames("ndpi__teredo.pcap");
    for (std::size_t i = 1; i < 15; ++i) d.decode(frames[i].frame);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:teredo:ipv6");
    EXPECT_EQ(d.uint("teredo.orig.port"), 3544u);
    EXPECT_EQ(d.text("teredo.orig.addr"), "194.136.28.76");
    EXPECT_EQ(d.packet().infoText(), "IPv6 no next header");
}

TEST(Teredo, WhatFollowsIsAlwaysIpv6AndShortHeadersAreMalformed) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 3544, ipv6(59, {})))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:teredo:ipv6");
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 3544, {0, 0, 0x0d, 0x96, 0x3d, 0x77, 0xe3, 0xb3}))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:teredo");
    EXPECT_TRUE(d.has("_ws.malformed"));
    d.decode(ethernet(0x0800, ipv4(17, udp(1000, 3544, {0, 1, 200, 200}))), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
