// IpProtocolTypes: the frame's port type per IP header (TCP, UDP, NONE).
#include "core/analysis/ip_protocol_types.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(IpProtocolTypes, PortTypes) {
    FrameFeeder feed;
    IpProtocolTypes types(IpVersion::V4);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, types);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), kMs, types);
    feed.feed(ethIpv4(17, net::udp(53, 53, {1})), 2 * kMs, types);
    feed.feed(ethIpv4(1, {8, 0, 0, 0, 0, 0, 0, 0}), 3 * kMs, types);
    // A frame cut before its TCP header has no port type.
    Bytes cut = ethIpv4(6, tcp(50432, 443, 1, 0, kSyn));
    cut.resize(34);
    const proto::Packet& p = feed.frame(cut, 4 * kMs, 54);
    types.onFrame(feed.captured(), p);
    const StatsTree& tree = types.tree();
    const auto top = tree.topNodes().at(0);
    EXPECT_EQ(tree.node(top).counter, 5u);
    const auto children = tree.sortedChildren(top);
    ASSERT_EQ(children.size(), 3u);
    EXPECT_EQ(tree.node(children[0]).name, "TCP");
    EXPECT_EQ(tree.node(children[0]).counter, 2u);
    EXPECT_EQ(tree.node(children[1]).name, "NONE");
    EXPECT_EQ(tree.node(children[1]).counter, 2u);
    EXPECT_EQ(tree.node(children[2]).name, "UDP");
}

}  // namespace
}  // namespace caplens
