// Endpoints: Tx/Rx per address (and port), tshark's order and layout, JSON shape.
#include "core/analysis/endpoints.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(Endpoints, TxAndRxPerAddress) {
    FrameFeeder feed;
    Endpoints ip(ConversationType::Ipv4);
    Endpoints tcpEnd(ConversationType::Tcp);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, ip, tcpEnd);
    feed.feed(ethIpv4(6, tcp(443, 50432, 7, 2, kSyn | kAckFlag), kServer, kClient), kMs, ip, tcpEnd);
    feed.feed(ethIpv4(6, tcp(50432, 443, 2, 8, kAckFlag)), 2 * kMs, ip, tcpEnd);
    ASSERT_EQ(ip.all().size(), 2u);
    const Endpoint& client = ip.all()[0];
    EXPECT_EQ(formatAddress(client.address), "10.0.0.4");
    EXPECT_EQ(client.txFrames, 2u);
    EXPECT_EQ(client.rxFrames, 1u);
    EXPECT_EQ(client.txBytes, 108u);
    EXPECT_EQ(client.rxBytes, 54u);
    ASSERT_EQ(tcpEnd.all().size(), 2u);
    EXPECT_EQ(tcpEnd.all()[1].port, 443);
}

TEST(Endpoints, TsharkTableLayout) {
    FrameFeeder feed;
    Endpoints tcpEnd(ConversationType::Tcp);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, tcpEnd);
    const std::string text = tcpEnd.text("");
    EXPECT_NE(text.find("TCP Endpoints\nFilter:<No Filter>\n                       |  Port  ||  Packets  | |  Bytes  | "
                        "| Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n"),
              std::string::npos);
    // tap-endpoints.c: "%-20s      %5s     %6u     %9u     %6u       %9u      %6u       %9u   "
    EXPECT_NE(text.find("10.0.0.4                  50432          1            54          1              54           "
                        "0               0   \n"),
              std::string::npos)
        << text;
}

TEST(Endpoints, JsonShape) {
    FrameFeeder feed;
    Endpoints ip(ConversationType::Ipv4);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, ip);
    EXPECT_EQ(ip.json(),
              "{\"type\":\"ip\",\"endpoints\":[{\"address\":\"10.0.0.4\",\"port\":null,\"frames\":1,\"bytes\":54,"
              "\"tx_frames\":1,\"tx_bytes\":54,\"rx_frames\":0,\"rx_bytes\":0,\"filter\":\"ip.addr==10.0.0.4\"},"
              "{\"address\":\"10.0.0.5\",\"port\":null,\"frames\":1,\"bytes\":54,\"tx_frames\":0,\"tx_bytes\":0,"
              "\"rx_frames\":1,\"rx_bytes\":54,\"filter\":\"ip.addr==10.0.0.5\"}]}");
}

}  // namespace
}  // namespace caplens
