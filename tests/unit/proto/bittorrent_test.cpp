#include <gtest/gtest.h>

#include <string>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

// Ethernet + IPv4 + TCP (PSH/ACK) or UDP from 10.0.0.1:`sport` to 10.0.0.2:`dport`.
std::vector<std::uint8_t> frame(bool tcp, std::uint16_t sport, std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
    const std::size_t l4 = tcp ? 20 : 8;
    const std::size_t total = 20 + l4 + payload.size();
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                   0, 1, 0x40, 0, 64, static_cast<std::uint8_t>(tcp ? 6 : 17), 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
    const std::uint8_t ports[] = {static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                  static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport)};
    f.insert(f.end(), ports, ports + 4);
    if (tcp) {
        const std::uint8_t rest[] = {0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0};
        f.insert(f.end(), rest, rest + sizeof rest);
    } else {
        const std::size_t length = 8 + payload.size();
        const std::uint8_t rest[] = {static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length), 0, 0};
        f.insert(f.end(), rest, rest + sizeof rest);
    }
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

TEST(Bittorrent, HandshakeAndMessagesOnAnyPortByTheHeuristic) {
    std::vector<std::uint8_t> payload = {19};
    const std::string name = "BitTorrent protocol";
    payload.insert(payload.end(), name.begin(), name.end());
    payload.insert(payload.end(), 8, 0);       // reserved
    payload.insert(payload.end(), 20, 0xAB);   // info_hash
    payload.insert(payload.end(), 20, 0xCD);   // peer_id
    // Have piece 0x2d2, then Interested.
    const std::uint8_t messages[] = {0, 0, 0, 5, 4, 0, 0, 0x02, 0xd2, 0, 0, 0, 1, 2};
    payload.insert(payload.end(), messages, messages + sizeof messages);
    test::ProtoDecoder d;
    d.decode(frame(true, 50000, 40000, payload), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:bittorrent");
    EXPECT_EQ(d.all("bittorrent").size(), 3u);  // one level per PDU
    EXPECT_EQ(d.uint("bittorrent.protocol.name.length"), 19u);
    EXPECT_EQ(d.text("bittorrent.info_hash"), "abababababababababababababababababababab");
    EXPECT_EQ(d.uint("bittorrent.piece.index"), 0x2d2u);
    EXPECT_EQ(d.all("bittorrent.msg.type").size(), 2u);
    EXPECT_EQ(d.packet().infoText(), "Handshake  Have, Piece (Idx:0x2d2)  Interested  ");
    EXPECT_EQ(d.packet().protocolColumn(), "BitTorrent");
}

TEST(Bittorrent, ExtensionHandshakeIsBencoded) {
    CAPLENS_REQUIRE_CORPUS("ndpi__bittorrent.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__bittorrent.pcap", 5));
    // The Extended message completes a PDU begun in frame 4; the rest of the segment follows.
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:bittorrent:bencode:bittorrent");
    EXPECT_EQ(d.uint("bittorrent.extended.id"), 0u);
    EXPECT_TRUE(d.has("bencode.dict"));
    EXPECT_TRUE(d.has("tcp.segments"));
    EXPECT_EQ(d.all("bittorrent").size(), 26u);
}

TEST(Bittorrent, DhtQueryOverUdp) {
    CAPLENS_REQUIRE_CORPUS("ndpi__bittorrent_utp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__bittorrent_utp.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:bt-dht");
    EXPECT_TRUE(d.has("bt-dht.bencoded.dict_entry"));
    EXPECT_EQ(d.packet().infoText(), "BitTorrent DHT Protocol");
    // uTP on the same conversation is not DHT.
    test::ProtoDecoder later;
    ASSERT_TRUE(test::decodeCorpusFrame(later, "ndpi__bittorrent_utp.pcap", 3));
    EXPECT_EQ(later.protocols(), "eth:ip:udp:data");
}

}  // namespace
}  // namespace caplens
