#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

// Ethernet + IPv4 + UDP (ports sport -> dport) around `payload`.
std::vector<std::uint8_t> udpFrame(std::uint16_t sport, std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
    const auto udpLength = static_cast<std::uint16_t>(8 + payload.size());
    const auto ipLength = static_cast<std::uint16_t>(20 + udpLength);
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, static_cast<std::uint8_t>(ipLength >> 8), static_cast<std::uint8_t>(ipLength),
                                   0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                                   static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                   static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport),
                                   static_cast<std::uint8_t>(udpLength >> 8), static_cast<std::uint8_t>(udpLength), 0, 0};
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

TEST(Dns, QueryOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__dns_udp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__dns_udp.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
    EXPECT_EQ(d.uint("dns.id"), 0x5934u);
    EXPECT_EQ(d.uint("dns.flags.response"), 0u);
    EXPECT_EQ(d.text("dns.qry.name"), "www.tcpdump.org");
    EXPECT_EQ(d.uint("dns.qry.type"), 1u);
    EXPECT_EQ(d.uint("dns.qry.class"), 1u);
    EXPECT_EQ(d.uint("dns.qry.name.len"), 15u);
    EXPECT_EQ(d.uint("dns.count.labels"), 3u);
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Standard query 0x5934 A www.tcpdump.org OPT");
}

TEST(Dns, ResponseRecordsAndTransactionOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__dns_udp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__dns_udp.pcap", 2));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
    EXPECT_EQ(d.uint("dns.flags.response"), 1u);
    EXPECT_EQ(d.uint("dns.flags.rcode"), 0u);
    EXPECT_EQ(d.uint("dns.count.answers"), 2u);
    EXPECT_EQ(d.uint("dns.count.auth_rr"), 2u);
    EXPECT_EQ(d.uint("dns.count.add_rr"), 5u);
    EXPECT_EQ(d.text("dns.a"), "192.139.46.66");
    EXPECT_EQ(d.all("dns.a").size(), 4u);
    EXPECT_EQ(d.text("dns.aaaa"), "2607:f0b0:f::babe:f00d");
    EXPECT_EQ(d.text("dns.ns"), "sns.cooperix.net");
    EXPECT_EQ(d.text("dns.resp.name"), "www.tcpdump.org");
    EXPECT_EQ(d.uint("dns.resp.ttl"), 60u);
    EXPECT_EQ(d.uint("dns.response_to"), 1u);
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(),
              "Standard query response 0x5934 A www.tcpdump.org A 192.139.46.66 A 198.199.88.104 NS sns.cooperix.net "
              "NS nic.sandelman.ca A 209.87.249.18 AAAA 2607:f0b0:f::babe:f00d A 97.107.133.15 "
              "AAAA 2600:3c03::f03c:91ff:fe96:e8ef OPT");
}

TEST(Dns, OverTcpWithItsLengthPrefix) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__dns_tcp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__dns_tcp.pcap", 4));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:dns");
    EXPECT_TRUE(d.has("dns.length"));
    EXPECT_TRUE(d.has("dns.qry.name"));
}

TEST(Dns, NamesLongerThan255CharactersAreNotMalformed) {
    CAPLENS_REQUIRE_CORPUS("ndpi__malformed_dns.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__malformed_dns.pcap", 2));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
    EXPECT_FALSE(d.has("_ws.malformed"));
    ASSERT_EQ(d.all("dns.qry.name").size(), 2u);
    EXPECT_EQ(proto::formatValue(proto::registry().field(d.all("dns.qry.name")[1]->field), *d.all("dns.qry.name")[1]),
              "<Name too long>");
    EXPECT_EQ(d.text("dns.a"), "66.66.66.66");
}

TEST(Dns, CompressionPointerLoopIsBounded) {
    // A query whose name is a pointer to itself (offset 12).
    const std::vector<std::uint8_t> dns = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1};
    test::ProtoDecoder d;
    d.decode(udpFrame(40000, 53, dns), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
    EXPECT_EQ(d.text("dns.qry.name"), "<Name contains a pointer that loops>");
    EXPECT_EQ(d.uint("dns.qry.type"), 1u);
}

TEST(Dns, TruncatedMessageIsMalformed) {
    // Header announces one question, the name runs past the datagram.
    const std::vector<std::uint8_t> dns = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a'};
    test::ProtoDecoder d;
    d.decode(udpFrame(40000, 53, dns), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
    EXPECT_TRUE(d.has("_ws.malformed"));
}

TEST(Dns, HeuristicFindsAQueryOnAnotherPort) {
    const std::vector<std::uint8_t> dns = {0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                           3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
                                           0, 1, 0, 1};
    test::ProtoDecoder d;
    d.decode(udpFrame(40000, 40001, dns), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:dns");
    EXPECT_EQ(d.text("dns.qry.name"), "www.example.com");
    EXPECT_EQ(const_cast<proto::Packet&>(d.packet()).info(), "Standard query 0xabcd A www.example.com");
    // Not a plausible query (two questions): left to data.
    std::vector<std::uint8_t> two = dns;
    two[5] = 2;
    d.decode(udpFrame(40002, 40003, two), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
}

}  // namespace
}  // namespace caplens
