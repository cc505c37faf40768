// HandshakeReport on hand-built connections: the three legs, retries, resets, silence, frames cut
// by the snap length, which side the capture was taken on, and the per-server summary.
#include "core/analysis/handshake_report.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

struct Connection {
    std::uint16_t clientPort = 50432;
    std::uint16_t serverPort = 443;
    std::uint32_t clientSeq = 1000;
    std::uint32_t serverSeq = 9000;

    [[nodiscard]] Bytes syn() const { return ethIpv4(6, tcp(clientPort, serverPort, clientSeq, 0, kSyn)); }
    [[nodiscard]] Bytes synAck() const {
        return ethIpv4(6, tcp(serverPort, clientPort, serverSeq, clientSeq + 1, kSyn | kAckFlag), kServer, kClient);
    }
    [[nodiscard]] Bytes ack() const { return ethIpv4(6, tcp(clientPort, serverPort, clientSeq + 1, serverSeq + 1, kAckFlag)); }
    [[nodiscard]] Bytes rst() const {
        return ethIpv4(6, tcp(serverPort, clientPort, 0, clientSeq + 1, kRst | kAckFlag), kServer, kClient);
    }
};

TEST(HandshakeReport, ClientSideHandshake) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.syn(), 0, report);
    feed.feed(c.synAck(), 2211 * kUs, report);
    feed.feed(c.ack(), 2292 * kUs, report);
    report.finish();
    ASSERT_EQ(report.handshakes().size(), 1u);
    const Handshake& h = report.handshakes()[0];
    EXPECT_EQ(formatEndpoint(h.clientAddress, h.clientPort), "10.0.0.4:50432");
    EXPECT_EQ(formatEndpoint(h.serverAddress, h.serverPort), "10.0.0.5:443");
    EXPECT_EQ(h.synFrame, 1u);
    EXPECT_EQ(h.synAckFrame, 2u);
    EXPECT_EQ(h.ackFrame, 3u);
    EXPECT_EQ(h.synRetries(), 0u);
    EXPECT_EQ(h.synToSynAckNs, 2211 * kUs);
    EXPECT_EQ(h.synAckToAckNs, 81 * kUs);
    EXPECT_EQ(h.irttNs, 2292 * kUs);
    EXPECT_EQ(h.wiresharkIrttNs, 2292 * kUs);
    EXPECT_EQ(h.wiresharkIrttFrame, 3u);
    EXPECT_EQ(h.outcome, HandshakeOutcome::Established);
    EXPECT_EQ(h.side, CaptureSide::Client);
    EXPECT_EQ(h.rttNs, 2211 * kUs);
    EXPECT_EQ(report.captureSide(), CaptureSide::Client);
    const std::string json = report.json();
    EXPECT_NE(json.find("{\"capture_side\":\"client\",\"handshakes\":[{\"stream\":0,\"client\":\"10.0.0.4:50432\","
                        "\"server\":\"10.0.0.5:443\",\"syn_frame\":1,\"synack_frame\":2,\"ack_frame\":3,"
                        "\"syn_retries\":0,\"syn_to_synack_s\":0.002211,\"synack_to_ack_s\":0.000081,"
                        "\"irtt_s\":0.002292,\"outcome\":\"established\""),
              std::string::npos)
        << json;
    EXPECT_NE(json.find("\"servers\":[{\"server\":\"10.0.0.5:443\",\"count\":1,\"min_s\":0.002211,\"median_s\":0.002211,"
                        "\"p95_s\":0.002211,\"max_s\":0.002211}]"),
              std::string::npos)
        << json;
}

TEST(HandshakeReport, ServerSideHandshake) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.syn(), 0, report);
    feed.feed(c.synAck(), 40 * kUs, report);
    feed.feed(c.ack(), 18 * kMs, report);
    report.finish();
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(h.side, CaptureSide::Server);
    EXPECT_EQ(h.rttNs, 18 * kMs - 40 * kUs);
    EXPECT_EQ(report.captureSide(), CaptureSide::Server);
}

TEST(HandshakeReport, SynRetriesMeasureAsWiresharkDoes) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.syn(), 0, report);
    feed.feed(c.syn(), 1000 * kMs, report);
    feed.feed(c.synAck(), 1020 * kMs, report);
    feed.feed(c.ack(), 1020 * kMs + 100 * kUs, report);
    report.finish();
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(h.synCount, 2u);
    EXPECT_EQ(h.synRetries(), 1u);
    EXPECT_EQ(h.synFrame, 1u);
    // The SYN/ACK acknowledges the first SYN (tcp.analysis.ack_rtt); the iRTT runs from the last.
    EXPECT_EQ(h.synToSynAckNs, 1020 * kMs);
    EXPECT_EQ(h.irttNs, 20 * kMs + 100 * kUs);
    EXPECT_EQ(h.outcome, HandshakeOutcome::Established);
}

TEST(HandshakeReport, ResetMeansClosedPort) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.syn(), 0, report);
    feed.feed(c.rst(), 180 * kMs, report);
    report.finish();
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(h.outcome, HandshakeOutcome::Reset);
    EXPECT_EQ(h.resetFrame, 2u);
    EXPECT_EQ(h.synToResetNs, 180 * kMs);
    EXPECT_FALSE(h.irttNs.has_value());
    // Wireshark's tcp.analysis.initial_rtt is set on the RST/ACK all the same.
    EXPECT_EQ(h.wiresharkIrttNs, 180 * kMs);
    EXPECT_EQ(h.wiresharkIrttFrame, 2u);
    EXPECT_NE(report.json().find("\"outcome\":\"reset\""), std::string::npos);
}

TEST(HandshakeReport, UnansweredSynsAreFiltered) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.syn(), 0, report);
    feed.feed(c.syn(), 1000 * kMs, report);
    feed.feed(c.syn(), 3000 * kMs, report);
    report.finish();
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(h.outcome, HandshakeOutcome::NoAnswer);
    EXPECT_EQ(h.synRetries(), 2u);
    EXPECT_FALSE(h.synToSynAckNs.has_value());
    EXPECT_EQ(report.captureSide(), CaptureSide::Unknown);
    EXPECT_NE(report.json().find("\"synack_frame\":null,\"ack_frame\":null,\"syn_retries\":2,\"syn_to_synack_s\":null"),
              std::string::npos);
}

TEST(HandshakeReport, SynAckFirstNamesTheClientFromIt) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.synAck(), 0, report);
    feed.feed(c.ack(), 1 * kMs, report);
    report.finish();
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(formatEndpoint(h.clientAddress, h.clientPort), "10.0.0.4:50432");
    EXPECT_EQ(h.synFrame, 0u);
    EXPECT_EQ(h.ackFrame, 2u);
    EXPECT_FALSE(h.synToSynAckNs.has_value());
    EXPECT_EQ(h.side, CaptureSide::Unknown);
}

TEST(HandshakeReport, FramesCutBeforeTheTcpHeaderInventNothing) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    feed.feed(c.syn(), 0, report);
    // The answer is cut after 34 bytes (Ethernet + IPv4): no ports, no flags.
    Bytes cut = c.synAck();
    const auto original = static_cast<std::uint32_t>(cut.size());
    cut.resize(34);
    const proto::Packet& p = feed.frame(cut, 20 * kMs, original);
    report.onFrame(feed.captured(), p);
    report.finish();
    EXPECT_EQ(report.unavailableFrames(), 1u);
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(h.outcome, HandshakeOutcome::Unavailable);
    EXPECT_FALSE(h.synToSynAckNs.has_value());
    EXPECT_FALSE(h.rttNs.has_value());
    EXPECT_NE(report.json().find("\"unavailable_frames\":1"), std::string::npos);
    EXPECT_NE(report.text("").find("cut by the snap length"), std::string::npos);
}

TEST(HandshakeReport, WholeCaptureCutAt34BytesHasNoHandshakes) {
    FrameFeeder feed;
    HandshakeReport report;
    const Connection c;
    std::int64_t t = 0;
    for (const Bytes& full : {c.syn(), c.synAck(), c.ack()}) {
        Bytes cut = full;
        cut.resize(34);
        const proto::Packet& p = feed.frame(cut, t += kMs, static_cast<std::uint32_t>(full.size()));
        report.onFrame(feed.captured(), p);
    }
    report.finish();
    EXPECT_TRUE(report.handshakes().empty());
    EXPECT_EQ(report.unavailableFrames(), 3u);
    EXPECT_EQ(report.captureSide(), CaptureSide::Unknown);
    EXPECT_NE(report.json().find("\"capture_side\":\"unknown\",\"handshakes\":[],\"servers\":[],\"unavailable_frames\":3"),
              std::string::npos)
        << report.json();
}

TEST(HandshakeReport, PerServerSummary) {
    FrameFeeder feed;
    HandshakeReport report;
    std::int64_t t = 0;
    std::uint16_t port = 40000;
    for (const std::int64_t rtt : {40 * kMs, 10 * kMs, 20 * kMs}) {
        Connection c;
        c.clientPort = port++;
        feed.feed(c.syn(), t, report);
        feed.feed(c.synAck(), t + rtt, report);
        feed.feed(c.ack(), t + rtt + 50 * kUs, report);
        t += 1000 * kMs;
    }
    report.finish();
    ASSERT_EQ(report.servers().size(), 1u);
    const ServerRtt& s = report.servers()[0];
    EXPECT_EQ(s.count, 3u);
    EXPECT_EQ(s.minNs, 10 * kMs);
    EXPECT_EQ(s.medianNs, 20 * kMs);
    EXPECT_EQ(s.p95Ns, 40 * kMs);
    EXPECT_EQ(s.maxNs, 40 * kMs);
}

TEST(HandshakeReport, MixedSidesSayMixed) {
    FrameFeeder feed;
    HandshakeReport report;
    Connection outgoing;
    feed.feed(outgoing.syn(), 0, report);
    feed.feed(outgoing.synAck(), 30 * kMs, report);
    feed.feed(outgoing.ack(), 30 * kMs + 40 * kUs, report);
    Connection incoming;
    incoming.clientPort = 50999;
    feed.feed(incoming.syn(), 100 * kMs, report);
    feed.feed(incoming.synAck(), 100 * kMs + 30 * kUs, report);
    feed.feed(incoming.ack(), 125 * kMs, report);
    report.finish();
    EXPECT_EQ(report.handshakes().at(0).side, CaptureSide::Client);
    EXPECT_EQ(report.handshakes().at(1).side, CaptureSide::Server);
    EXPECT_EQ(report.captureSide(), CaptureSide::Mixed);
}

TEST(HandshakeReport, Ipv6EndpointsInBrackets) {
    FrameFeeder feed;
    HandshakeReport report;
    const Bytes client = net::ipv6Address(1), server = net::ipv6Address(2);
    feed.feed(net::ethernet(0x86dd, net::ipv6(6, tcp(50432, 443, 1, 0, kSyn), client, server)), 0, report);
    feed.feed(net::ethernet(0x86dd, net::ipv6(6, tcp(443, 50432, 7, 2, kSyn | kAckFlag), server, client)), 5 * kMs, report);
    feed.feed(net::ethernet(0x86dd, net::ipv6(6, tcp(50432, 443, 2, 8, kAckFlag), client, server)), 5 * kMs + 20 * kUs, report);
    report.finish();
    const Handshake& h = report.handshakes().at(0);
    EXPECT_EQ(formatEndpoint(h.clientAddress, h.clientPort), "[2001:db8::1]:50432");
    EXPECT_EQ(formatEndpoint(h.serverAddress, h.serverPort), "[2001:db8::2]:443");
    EXPECT_EQ(h.outcome, HandshakeOutcome::Established);
}

}  // namespace
}  // namespace caplens
