#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Tcp, HandshakeFieldsOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("filesamples__simple_http.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "filesamples__simple_http.pcap", 2));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp");
    EXPECT_EQ(d.uint("tcp.srcport"), 56789u);
    EXPECT_EQ(d.uint("tcp.dstport"), 32784u);
    EXPECT_EQ(d.uint("tcp.flags"), 0x012u);
    EXPECT_EQ(d.uint("tcp.flags.syn"), 1u);
    EXPECT_EQ(d.uint("tcp.flags.ack"), 1u);
    EXPECT_EQ(d.uint("tcp.seq"), 0u);
    EXPECT_EQ(d.uint("tcp.ack"), 1u);
    EXPECT_EQ(d.uint("tcp.stream"), 0u);
    EXPECT_TRUE(d.has("tcp.options.mss_val"));
    EXPECT_EQ(d.all("tcp.port").size(), 2u);
}

TEST(Tcp, SegmentBuiltByHandIsDissectedWithItsOptions) {
    // Ethernet + IPv4 + TCP SYN with MSS 1460 and window scale 7.
    std::vector<std::uint8_t> f = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,                       // eth
        0x45, 0, 0, 48, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,   // ip, len 48
        0xc3, 0x50, 0x01, 0xbb, 0, 0, 0, 100, 0, 0, 0, 0, 0x70, 0x02, 0xff, 0xff, 0, 0, 0, 0,  // tcp hl 28
        2, 4, 0x05, 0xb4, 3, 3, 7, 0,                                            // MSS, WS, EOL
    };
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp");
    EXPECT_EQ(d.uint("tcp.srcport"), 50000u);
    EXPECT_EQ(d.uint("tcp.options.mss_val"), 1460u);
    EXPECT_EQ(d.uint("tcp.options.wscale.shift"), 7u);
    EXPECT_EQ(d.uint("tcp.hdr_len"), 28u);
    EXPECT_EQ(d.packet().protocolColumn(), "TCP");
}

TEST(Tcp, HeaderCutBySnapLengthIsShortNotMalformed) {
    // Azure Network Watcher's 34-byte frames: Ethernet + IPv4 and nothing of TCP.
    std::vector<std::uint8_t> f = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
        0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    };
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet, 54);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp");
    EXPECT_TRUE(d.has("_ws.short"));
    EXPECT_FALSE(d.has("_ws.malformed"));
    EXPECT_FALSE(d.has("tcp.srcport"));
}

}  // namespace
}  // namespace caplens
