// ExpertInfo: notes counted per entry, severity and group, each with its filter; malformed
// frames as tshark's "Malformed Packet" error.
#include "core/analysis/expert_info.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

std::uint64_t countOf(const ExpertInfo& expert, std::string_view filter) {
    for (const ExpertEntry& e : expert.entries()) {
        if (e.filter == filter) return e.count;
    }
    return 0;
}

TEST(ExpertInfo, TcpConnectionNotes) {
    FrameFeeder feed;
    ExpertInfo expert;
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, expert);
    feed.feed(ethIpv4(6, tcp(50433, 443, 1, 0, kSyn)), kMs, expert);
    const auto& entries = expert.entries();
    const auto syn = std::find_if(entries.begin(), entries.end(),
                                  [](const ExpertEntry& e) { return e.filter == "tcp.connection.syn"; });
    ASSERT_NE(syn, entries.end());
    EXPECT_EQ(syn->count, 2u);
    EXPECT_EQ(syn->frames, 2u);
    EXPECT_EQ(syn->protocol, "TCP");
    EXPECT_EQ(syn->severity, proto::ExpertSeverity::Chat);
    EXPECT_EQ(syn->group, proto::ExpertGroup::Sequence);
    EXPECT_EQ(expert.total(proto::ExpertSeverity::Chat), 2u);
    EXPECT_NE(expert.text().find("\nChats (2)\n=============\n   Frequency      Group           Protocol  Summary\n"
                                 "           2   Sequence                TCP  Connection establish request (SYN)\n"),
              std::string::npos)
        << expert.text();
    EXPECT_NE(expert.json().find("{\"severity\":\"Chat\",\"group\":\"Sequence\",\"protocol\":\"TCP\",\"summary\":"
                                 "\"Connection establish request (SYN)\",\"filter\":\"tcp.connection.syn\",\"count\":2,\"frames\":2}"),
              std::string::npos);
}

// The side whose FIN comes first initiates the closing; the other side's FIN undergoes it
// (tshark's tcp.connection.fin_active and fin_passive).
TEST(ExpertInfo, TcpClosingNotes) {
    FrameFeeder feed;
    ExpertInfo expert;
    feed.feed(ethIpv4(6, tcp(50432, 443, 100, 200, kFin | kAckFlag)), 0, expert);
    feed.feed(ethIpv4(6, tcp(443, 50432, 200, 101, kFin | kAckFlag), kServer, kClient), kMs, expert);
    EXPECT_EQ(countOf(expert, "tcp.connection.fin_active"), 1u);
    EXPECT_EQ(countOf(expert, "tcp.connection.fin_passive"), 1u);
    EXPECT_EQ(countOf(expert, "tcp.connection.fin"), 2u);
}

// A traceroute probe (TTL 1, UDP port 33435) raises ip.ttl.too_small and udp.possible_traceroute;
// quoted again by the ICMP error it provokes, it raises them in the quoted datagram, which
// Wireshark's taps skip: each note counts once.
TEST(ExpertInfo, NotesOfQuotedDatagramsAreNotCounted) {
    FrameFeeder feed;
    ExpertInfo expert;
    const Bytes probe = net::ipv4(17, net::udp(40000, 33435, Bytes(12, 0)), kClient, kServer, 1, 0, 1);
    feed.feed(net::ethernet(0x0800, probe), 0, expert);
    Bytes timeExceeded = {11, 0, 0, 0, 0, 0, 0, 0};
    timeExceeded.insert(timeExceeded.end(), probe.begin(), probe.begin() + 28);
    feed.feed(ethIpv4(1, timeExceeded, 0x0a000001, kClient), kMs, expert);
    EXPECT_EQ(countOf(expert, "ip.ttl.too_small"), 1u);
    EXPECT_EQ(countOf(expert, "udp.possible_traceroute"), 1u);
}

TEST(ExpertInfo, MalformedFrames) {
    FrameFeeder feed;
    ExpertInfo expert;
    // The IPv4 total length leaves 10 bytes for a 20-byte TCP header: malformed, not cut.
    Bytes frame = ethIpv4(6, tcp(50432, 443, 1, 0, kSyn));
    frame[14 + 2] = 0;
    frame[14 + 3] = 30;
    feed.feed(frame, 0, expert);
    const auto& entries = expert.entries();
    const auto malformed = std::find_if(entries.begin(), entries.end(),
                                        [](const ExpertEntry& e) { return e.filter == "_ws.malformed"; });
    ASSERT_NE(malformed, entries.end());
    EXPECT_EQ(malformed->severity, proto::ExpertSeverity::Error);
    EXPECT_EQ(malformed->group, proto::ExpertGroup::Malformed);
    EXPECT_EQ(malformed->protocol, "TCP");
    EXPECT_EQ(malformed->summary, "Malformed Packet (Exception occurred)");
}

}  // namespace
}  // namespace caplens
