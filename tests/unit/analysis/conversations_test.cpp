// Conversations: direction from the first frame, both ways counted, tshark's order and layout,
// TCP conversations told apart by stream, JSON shape.
#include "core/analysis/conversations.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(Conversations, DirectionFromTheFirstFrame) {
    FrameFeeder feed;
    Conversations ip(ConversationType::Ipv4);
    Conversations tcpConv(ConversationType::Tcp);
    Conversations eth(ConversationType::Ethernet);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, ip, tcpConv, eth);
    feed.feed(ethIpv4(6, tcp(443, 50432, 7, 2, kSyn | kAckFlag), kServer, kClient), 2 * kMs, ip, tcpConv, eth);
    feed.feed(ethIpv4(6, tcp(50432, 443, 2, 8, kAckFlag)), 3 * kMs, ip, tcpConv, eth);
    ASSERT_EQ(ip.all().size(), 1u);
    const Conversation& c = ip.all()[0];
    EXPECT_EQ(formatAddress(c.a.address), "10.0.0.4");
    EXPECT_EQ(formatAddress(c.b.address), "10.0.0.5");
    EXPECT_EQ(c.framesAToB, 2u);
    EXPECT_EQ(c.framesBToA, 1u);
    EXPECT_EQ(c.bytesAToB, 2u * 54u);
    EXPECT_EQ(c.startNs, 0);
    EXPECT_EQ(c.stopNs, 3 * kMs);
    ASSERT_EQ(tcpConv.all().size(), 1u);
    EXPECT_EQ(tcpConv.endText(tcpConv.all()[0].a), "10.0.0.4:50432");
    EXPECT_EQ(tcpConv.endText(tcpConv.all()[0].b), "10.0.0.5:443");
    EXPECT_EQ(eth.all().size(), 1u);
    EXPECT_EQ(formatAddress(eth.all()[0].a.address), "66:77:88:99:aa:bb");
}

TEST(Conversations, TsharkTableLayout) {
    FrameFeeder feed;
    Conversations conv(ConversationType::Tcp);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, conv);
    feed.feed(ethIpv4(6, tcp(443, 50432, 7, 2, kSyn | kAckFlag), kServer, kClient), 2 * kMs, conv);
    const std::string text = conv.text("");
    EXPECT_NE(text.find("TCP Conversations\nFilter:<No Filter>\n"), std::string::npos);
    // tap-iousers.c: "%-26s <-> %-26s  %6u %-9s  %6u %-9s  %6u %-9s  %14.9f   %12.4f"
    EXPECT_NE(text.find("10.0.0.4:50432             <-> 10.0.0.5:443                     1 54 bytes        1 54 bytes "
                        "       2 108 bytes     0.000000000         0.0020\n"),
              std::string::npos)
        << text;
}

TEST(Conversations, SortedByFramesThenFirstSeen) {
    FrameFeeder feed;
    Conversations conv(ConversationType::Udp);
    feed.feed(ethIpv4(17, net::udp(1000, 53, {1})), 0, conv);
    feed.feed(ethIpv4(17, net::udp(1001, 53, {1})), kMs, conv);
    feed.feed(ethIpv4(17, net::udp(1001, 53, {1})), 2 * kMs, conv);
    feed.feed(ethIpv4(17, net::udp(1002, 53, {1})), 3 * kMs, conv);
    const auto sorted = conv.sorted();
    ASSERT_EQ(sorted.size(), 3u);
    EXPECT_EQ(sorted[0]->a.port, 1001);
    EXPECT_EQ(sorted[1]->a.port, 1000);
    EXPECT_EQ(sorted[2]->a.port, 1002);
}

TEST(Conversations, PortReuseOpensANewTcpConversation) {
    FrameFeeder feed;
    Conversations conv(ConversationType::Tcp);
    feed.feed(ethIpv4(6, tcp(50432, 80, 100, 0, kSyn)), 0, conv);
    feed.feed(ethIpv4(6, tcp(80, 50432, 7, 101, kSyn | kAckFlag), kServer, kClient), kMs, conv);
    feed.feed(ethIpv4(6, tcp(50432, 80, 101, 8, kFin | kAckFlag)), 2 * kMs, conv);
    feed.feed(ethIpv4(6, tcp(50432, 80, 5000, 0, kSyn)), 10 * kMs, conv);  // a new initial sequence number
    ASSERT_EQ(conv.all().size(), 2u);
    EXPECT_EQ(conv.all()[0].stream, 0u);
    EXPECT_EQ(conv.all()[1].stream, 1u);
    EXPECT_EQ(conv.all()[1].frames(), 1u);
}

TEST(Conversations, JsonShape) {
    FrameFeeder feed;
    Conversations conv(ConversationType::Tcp);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, conv);
    EXPECT_EQ(conv.json(),
              "{\"type\":\"tcp\",\"conversations\":[{\"a\":\"10.0.0.4:50432\",\"b\":\"10.0.0.5:443\",\"frames_a_to_b\":1,"
              "\"bytes_a_to_b\":54,\"frames_b_to_a\":0,\"bytes_b_to_a\":0,\"frames\":1,\"bytes\":54,\"rel_start_s\":0,"
              "\"duration_s\":0,\"stream\":0,\"filter\":\"ip.addr==10.0.0.4 && tcp.port==50432 && ip.addr==10.0.0.5 && "
              "tcp.port==443\"}]}");
}

TEST(Conversations, TypeNames) {
    EXPECT_EQ(parseConversationType("ipv6"), ConversationType::Ipv6);
    EXPECT_EQ(parseConversationType("eth"), ConversationType::Ethernet);
    EXPECT_FALSE(parseConversationType("sctp").has_value());
    EXPECT_EQ(conversationTypeTitle(ConversationType::Ipv4), "IPv4");
}

}  // namespace
}  // namespace caplens
