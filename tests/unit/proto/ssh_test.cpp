// SSH version exchange, key exchange packets and encrypted packets (ssh.cpp). Expected values
// are tshark 4.0's for the corpus frames.
#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using test::net::Bytes;
using test::net::text;

std::string infoOf(const test::ProtoDecoder& d) {
    return d.packet().infoText();
}

TEST(Ssh, VersionExchangeOfARealConnection) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__ssh.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ssh.pcap", 4));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ssh");
    EXPECT_EQ(d.text("ssh.protocol"), "SSH-2.0-OpenSSH_7.8");
    EXPECT_EQ(infoOf(d), "Client: Protocol (SSH-2.0-OpenSSH_7.8)");
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ssh.pcap", 6));
    EXPECT_EQ(infoOf(d), "Server: Protocol (SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u3)");
}

TEST(Ssh, KeyExchangeOfARealConnection) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__ssh.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ssh.pcap", 8));
    EXPECT_EQ(d.uint("ssh.packet_length"), 1388u);
    EXPECT_EQ(d.uint("ssh.padding_length"), 4u);
    EXPECT_EQ(d.uint("ssh.message_code"), 20u);
    EXPECT_EQ(d.uint("ssh.kex_algorithms_length"), 269u);
    EXPECT_EQ(d.text("ssh.cookie"), "ab01f5e12a4b20b630b0d383ba6dff71");
    EXPECT_EQ(infoOf(d), "Client: Key Exchange Init");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ssh.pcap", 12));
    EXPECT_EQ(d.uint("ssh.message_code"), 30u);
    EXPECT_EQ(infoOf(d), "Client: Elliptic Curve Diffie-Hellman Key Exchange Init");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ssh.pcap", 14));
    const auto codes = d.all("ssh.message_code");
    ASSERT_EQ(codes.size(), 2u);  // tshark: 31,21 with packet lengths 604,12
    EXPECT_EQ(codes[0]->value.u, 31u);
    EXPECT_EQ(codes[1]->value.u, 21u);
    EXPECT_EQ(d.all("ssh.packet_length")[0]->value.u, 604u);
    EXPECT_EQ(
        infoOf(d).rfind("Server: Elliptic Curve Diffie-Hellman Key Exchange Reply, New Keys", 0),
        0u)
        << infoOf(d);

    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__ssh.pcap", 18));  // after the client's NEWKEYS
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ssh");
    EXPECT_FALSE(d.has("ssh.message_code"));
    EXPECT_TRUE(d.has("ssh.encrypted_packet"));
}

TEST(Ssh, CaptureStartedMidConnectionShowsEncryptedPackets) {
    CAPLENS_REQUIRE_CORPUS("wswiki__out.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__out.cap", 5));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ssh");
    EXPECT_EQ(infoOf(d), "Server: Encrypted packet (len=52)");
    EXPECT_EQ(d.text("ssh.packet_length_encrypted"), "237d0924");
}

Bytes packet(std::uint32_t length, std::uint8_t padding, std::uint8_t code, std::size_t bodyBytes) {
    Bytes b;
    test::net::put32(b, length);
    b.push_back(padding);
    b.push_back(code);
    b.insert(b.end(), bodyBytes, 0);
    return b;
}

TEST(Ssh, VersionLineWithoutLineEndIsTakenAsItIs) {
    test::net::TcpSession s(50022, 22);
    test::ProtoDecoder d;
    d.decode(s.fromClient(text("SSH-2.0-hal")), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ssh");
    EXPECT_EQ(d.text("ssh.protocol"), "SSH-2.0-hal");
    EXPECT_EQ(infoOf(d), "Client: Protocol (SSH-2.0-hal)");
}

TEST(Ssh, AbsurdPacketLengthIsFlaggedNotFollowed) {
    test::net::TcpSession s(50023, 22);
    test::ProtoDecoder d;
    d.decode(s.fromServer(text("SSH-2.0-x\r\n")), linktype::Ethernet);
    d.decode(s.fromServer(packet(0xFFFFFFF0u, 4, 20, 8)), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ssh");
    EXPECT_EQ(d.uint("ssh.packet_length"), 0xFFFFFFF0u);
    EXPECT_TRUE(d.has("ssh.packet_length.error"));
    EXPECT_FALSE(d.has("ssh.message_code"));
}

TEST(Ssh, PaddingLongerThanThePacketIsMalformed) {
    test::net::TcpSession s(50024, 22);
    test::ProtoDecoder d;
    d.decode(s.fromServer(text("SSH-2.0-x\r\n")), linktype::Ethernet);
    d.decode(s.fromServer(packet(4, 200, 5, 2)), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
}

TEST(Ssh, KexInitWithAListLongerThanThePacketStops) {
    test::net::TcpSession s(50025, 22);
    test::ProtoDecoder d;
    d.decode(s.fromClient(text("SSH-2.0-x\r\n")), linktype::Ethernet);
    Bytes kex = packet(1 + 1 + 16 + 4 + 4, 4, 20, 16);  // padding 4, code, cookie, one list
    test::net::put32(kex, 0x7FFFFFFF);                  // kex_algorithms length: absurd
    kex.insert(kex.end(), 4, 0);                        // the padding
    d.decode(s.fromClient(kex), linktype::Ethernet);
    EXPECT_EQ(d.uint("ssh.message_code"), 20u);
    EXPECT_EQ(d.uint("ssh.kex_algorithms_length"), 0x7FFFFFFFu);
    EXPECT_FALSE(d.has("ssh.kex_algorithms"));
    EXPECT_TRUE(d.has("_ws.malformed"));
}

TEST(Ssh, NewKeysTurnsTheRestOfTheDirectionEncrypted) {
    test::net::TcpSession s(50026, 22);
    test::ProtoDecoder d;
    d.decode(s.fromClient(text("SSH-2.0-x\r\n")), linktype::Ethernet);
    Bytes segment = packet(12, 10, 21, 10);  // NEWKEYS, then 8 encrypted bytes
    segment.insert(segment.end(), {1, 2, 3, 4, 5, 6, 7, 8});
    d.decode(s.fromClient(segment), linktype::Ethernet);
    EXPECT_EQ(d.uint("ssh.message_code"), 21u);
    EXPECT_EQ(d.text("ssh.encrypted_packet"), "05060708");
    EXPECT_EQ(infoOf(d), "Client: New Keys, Encrypted packet (len=8)");
}

}  // namespace
}  // namespace caplens
