// DestinationsAndPorts: destination, then the frame's port type, then its destination port;
// IPv4 and IPv6 apart; the JSON shape of `caplens dests`.
#include "core/analysis/destinations.hpp"

#include <gtest/gtest.h>

#include "core/util/json_writer.hpp"
#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(DestinationsAndPorts, DestinationProtocolPort) {
    FrameFeeder feed;
    DestinationsAndPorts v4(IpVersion::V4);
    DestinationsAndPorts v6(IpVersion::V6);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, v4, v6);
    feed.feed(ethIpv4(6, tcp(50433, 443, 1, 0, kSyn)), kMs, v4, v6);
    feed.feed(ethIpv4(17, net::udp(5353, 53, {1, 2})), 2 * kMs, v4, v6);
    feed.feed(ethIpv4(1, {8, 0, 0, 0, 0, 0, 0, 0}), 3 * kMs, v4, v6);
    feed.feed(ethIpv4(6, tcp(443, 50432, 7, 2, kSyn | kAckFlag), kServer, kClient), 4 * kMs, v4, v6);
    JsonWriter w;
    w.beginArray();
    v4.appendDestinationsJson(w);
    w.endArray();
    EXPECT_EQ(w.str(),
              "[{\"address\":\"10.0.0.5\",\"frames\":4,\"filter\":\"ip.dst == 10.0.0.5\",\"protocols\":["
              "{\"name\":\"TCP\",\"frames\":2,\"filter\":\"ip.dst == 10.0.0.5 && tcp\",\"ports\":[{\"port\":443,\"frames\":2,"
              "\"filter\":\"ip.dst == 10.0.0.5 && tcp.dstport == 443\"}]},"
              "{\"name\":\"UDP\",\"frames\":1,\"filter\":\"ip.dst == 10.0.0.5 && udp\",\"ports\":[{\"port\":53,\"frames\":1,"
              "\"filter\":\"ip.dst == 10.0.0.5 && udp.dstport == 53\"}]},"
              "{\"name\":\"NONE\",\"frames\":1,\"filter\":\"ip.dst == 10.0.0.5 && !tcp && !udp && !sctp\",\"ports\":[{\"port\":0,"
              "\"frames\":1,\"filter\":\"ip.dst == 10.0.0.5 && !tcp && !udp && !sctp\"}]}]},"
              "{\"address\":\"10.0.0.4\",\"frames\":1,\"filter\":\"ip.dst == 10.0.0.4\",\"protocols\":[{\"name\":\"TCP\","
              "\"frames\":1,\"filter\":\"ip.dst == 10.0.0.4 && tcp\",\"ports\":[{\"port\":50432,\"frames\":1,"
              "\"filter\":\"ip.dst == 10.0.0.4 && tcp.dstport == 50432\"}]}]}]");
    EXPECT_TRUE(v6.tree().sortedChildren(v6.tree().topNodes()[0]).empty());
}

TEST(DestinationsAndPorts, Ipv6) {
    FrameFeeder feed;
    DestinationsAndPorts v6(IpVersion::V6);
    feed.feed(net::ethernet(0x86dd, net::ipv6(17, net::udp(5000, 53, {1}))), 0, v6);
    const std::string text = v6.text();
    EXPECT_NE(text.find("IPv6 Statistics/Destinations and Ports:"), std::string::npos);
    EXPECT_NE(text.find(" 2001:db8::2 "), std::string::npos) << text;
    EXPECT_NE(text.find("  UDP "), std::string::npos);
    EXPECT_NE(text.find("   53 "), std::string::npos);
}

}  // namespace
}  // namespace caplens
