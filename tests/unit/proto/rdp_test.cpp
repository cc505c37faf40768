#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

// Ethernet + IPv4 + TCP (PSH/ACK) from 10.0.0.1:`sport` to 10.0.0.2:`dport` around `payload`.
std::vector<std::uint8_t> tcpFrame(std::uint16_t sport, std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
    const std::size_t total = 40 + payload.size();
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                   0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                                   static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                   static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport),
                                   0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0};
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

TEST(Rdp, ConnectionConfirmWithNegotiationResponse) {
    // TPKT (19 bytes) | COTP CC, class 0 | rdpNegRsp selecting TLS.
    const std::vector<std::uint8_t> payload = {3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0,
                                               2, 0x1f, 8, 0, 1, 0, 0, 0};
    test::ProtoDecoder d;
    d.decode(tcpFrame(3389, 50000, payload), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:tpkt:cotp:rdp");
    EXPECT_EQ(d.uint("tpkt.version"), 3u);
    EXPECT_EQ(d.uint("tpkt.length"), 19u);
    EXPECT_EQ(d.uint("cotp.type"), 0xdu);
    EXPECT_EQ(d.uint("cotp.srcref"), 0x1234u);
    EXPECT_EQ(d.uint("rdp.neg_type"), 2u);
    EXPECT_EQ(d.uint("rdp.negReq.selectedProtocol"), 1u);
    EXPECT_EQ(d.uint("rdp.negRsp.flags.extended_client_data_supported"), 1u);
    EXPECT_EQ(d.packet().infoText(), "Negotiate Response");
    EXPECT_EQ(d.packet().protocolColumn(), "RDP");
}

TEST(Rdp, ConnectionRequestOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("wswiki__RDP-002.pcap.gz");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__RDP-002.pcap.gz", 4));
    EXPECT_TRUE(d.has("tpkt"));
    EXPECT_TRUE(d.has("cotp"));
    EXPECT_EQ(d.text("rdp.rt_cookie"), "Cookie: mstshash=A70067");
    EXPECT_EQ(d.packet().infoText(), "Cookie: mstshash=A70067");
}

TEST(Rdp, FastPathInputIsFoundWhereTpktVersionIsNot3) {
    CAPLENS_REQUIRE_CORPUS("wswiki__RDP-002.pcap.gz");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__RDP-002.pcap.gz", 125));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:tpkt:rdp");
    EXPECT_FALSE(d.has("tpkt"));  // no TPKT header: TPKT only handed the bytes on
    EXPECT_EQ(d.uint("rdp.fastpathPDULength"), 12u);
    EXPECT_EQ(d.packet().infoText(), "Fast-Path PDU,Scancode");
}

TEST(Rdp, McsSendDataIndicationCarriesRdp) {
    CAPLENS_REQUIRE_CORPUS("wswiki__RDP-002.pcap.gz");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__RDP-002.pcap.gz", 25));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:tpkt:cotp:rdp");
    EXPECT_EQ(d.uint("cotp.eot"), 1u);
}

}  // namespace
}  // namespace caplens
