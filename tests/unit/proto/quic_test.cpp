#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Quic, InitialThenShortHeadersOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__quic_handshake.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__quic_handshake.pcap", 1));
    EXPECT_EQ(d.protocols(), "null:ipv6:udp:quic");
    EXPECT_EQ(d.uint("quic.version"), 1u);
    EXPECT_EQ(d.text("quic.dcid"), "84acac06b42ed863");
    EXPECT_EQ(d.uint("quic.long.packet_type"), 0u);
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Initial, DCID=84acac06b42ed863");
    const auto frames = test::corpusFrames("tcpdump__quic_handshake.pcap");
    for (std::size_t i = 1; i < frames.size(); ++i) {
        d.decode(frames[i].frame);
        EXPECT_EQ(d.protocols(), "null:ipv6:udp:quic") << "frame " << i + 1;
    }
}

TEST(Quic, UnknownVersionIsNotQuic) {
    // Long header with version 0x12345678 on ports no one registered.
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, 0, 48, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                                   0xc3, 0x51, 0x01, 0xbb, 0, 28, 0, 0,
                                   0xc0, 0x12, 0x34, 0x56, 0x78, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
}

}  // namespace
}  // namespace caplens
