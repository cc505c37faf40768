#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

// Ethernet + IPv4 (+ UDP or TCP) around `payload`, from 10.0.0.1:`sport` to 10.0.0.2:`dport`.
std::vector<std::uint8_t> frame(bool tcp, std::uint16_t sport, std::uint16_t dport, const std::vector<std::uint8_t>& payload,
                                bool reverse = false) {
    const std::size_t l4 = tcp ? 20 : 8;
    const std::size_t total = 20 + l4 + payload.size();
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                   0, 1, 0x40, 0, 64, static_cast<std::uint8_t>(tcp ? 6 : 17), 0, 0,
                                   10, 0, 0, static_cast<std::uint8_t>(reverse ? 2 : 1),
                                   10, 0, 0, static_cast<std::uint8_t>(reverse ? 1 : 2)};
    const std::uint8_t ports[] = {static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                  static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport)};
    f.insert(f.end(), ports, ports + 4);
    if (tcp) {
        const std::uint8_t rest[] = {0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0};
        f.insert(f.end(), rest, rest + sizeof rest);
    } else {
        const std::size_t udpLength = 8 + payload.size();
        const std::uint8_t rest[] = {static_cast<std::uint8_t>(udpLength >> 8), static_cast<std::uint8_t>(udpLength), 0, 0};
        f.insert(f.end(), rest, rest + sizeof rest);
    }
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// A portmap GETPORT call for MOUNT v3 over UDP, AUTH_NULL credentials.
std::vector<std::uint8_t> getportCall(std::uint32_t xid) {
    std::vector<std::uint8_t> m;
    for (std::uint32_t v : {xid, 0u, 2u, 100000u, 2u, 3u, 0u, 0u, 0u, 0u, 100005u, 3u, 17u, 0u}) put32(m, v);
    return m;
}

TEST(Rpc, PortmapGetportCallAndReplyOverUdp) {
    test::ProtoDecoder d;
    d.decode(frame(false, 700, 111, getportCall(0x1234)), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:rpc:portmap");
    EXPECT_EQ(d.uint("rpc.xid"), 0x1234u);
    EXPECT_EQ(d.uint("rpc.msgtyp"), 0u);
    EXPECT_EQ(d.uint("rpc.program"), 100000u);
    EXPECT_EQ(d.uint("rpc.procedure"), 3u);
    EXPECT_EQ(d.uint("portmap.prog"), 100005u);
    EXPECT_EQ(d.uint("portmap.proto"), 17u);
    EXPECT_EQ(d.uint("portmap.procedure_v2"), 3u);
    EXPECT_EQ(d.packet().protocolColumn(), "Portmap");
    EXPECT_EQ(d.packet().infoText(), "V2 GETPORT Call MOUNT(100005) V:3 UDP");

    std::vector<std::uint8_t> reply;
    for (std::uint32_t v : {0x1234u, 1u, 0u, 0u, 0u, 0u, 635u}) put32(reply, v);
    d.decode(frame(false, 111, 700, reply, true), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:rpc:portmap");
    EXPECT_EQ(d.uint("rpc.msgtyp"), 1u);
    EXPECT_EQ(d.uint("rpc.replystat"), 0u);
    EXPECT_EQ(d.uint("rpc.program"), 100000u);  // from the call
    EXPECT_EQ(d.uint("rpc.repframe"), 1u);
    EXPECT_EQ(d.uint("portmap.port"), 635u);
    EXPECT_EQ(d.packet().infoText(), "V2 GETPORT Reply (Call In 1) Port:635");
}

TEST(Rpc, RecordMarkedCallOverTcpIsFoundByTheHeuristic) {
    std::vector<std::uint8_t> m = getportCall(7);
    std::vector<std::uint8_t> payload;
    put32(payload, 0x80000000u | static_cast<std::uint32_t>(m.size()));
    payload.insert(payload.end(), m.begin(), m.end());
    test::ProtoDecoder d;
    d.decode(frame(true, 800, 5000, payload), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:rpc:portmap");
    EXPECT_EQ(d.uint("rpc.lastfrag"), 1u);
    EXPECT_EQ(d.uint("rpc.fraglen"), m.size());
}

TEST(Rpc, UnknownProgramIsNotRpcButPort111ShowsAContinuation) {
    std::vector<std::uint8_t> m;
    for (std::uint32_t v : {1u, 0u, 2u, 424242u, 1u, 0u}) put32(m, v);
    test::ProtoDecoder d;
    d.decode(frame(false, 700, 5000, m), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
    d.decode(frame(false, 700, 111, m), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:rpc");
    EXPECT_TRUE(d.has("rpc.continuation_data"));
}

TEST(Rpc, CallsOfARealCaptureCutBySnapLength) {
    CAPLENS_REQUIRE_CORPUS("wswiki__nfs_bad_stalls.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__nfs_bad_stalls.cap", 7));
    // The DUMP reply: its call (frame 5) was cut inside the credentials, so the results cannot
    // be dissected, but the reply still names the call's program and procedure.
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:rpc");
    EXPECT_EQ(d.uint("rpc.program"), 100000u);
    EXPECT_EQ(d.uint("rpc.procedure"), 4u);
    EXPECT_TRUE(d.has("portmap"));
}

TEST(Rpc, BootparamsCaptureMatchesCallsAndReplies) {
    CAPLENS_REQUIRE_CORPUS("wswiki__bootparams.cap.gz");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__bootparams.cap.gz", 4));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:rpc");
    EXPECT_EQ(d.uint("rpc.program"), 100026u);
    EXPECT_EQ(d.uint("rpc.repframe"), 3u);
    EXPECT_EQ(d.packet().protocolColumn(), "BOOTPARAMS");
}

}  // namespace
}  // namespace caplens
