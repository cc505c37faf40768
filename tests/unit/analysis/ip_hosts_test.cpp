// AllAddresses: each IP header ticks its source and its destination.
#include "core/analysis/ip_hosts.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(AllAddresses, SourceAndDestination) {
    FrameFeeder feed;
    AllAddresses hosts(IpVersion::V4);
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, hosts);
    feed.feed(ethIpv4(17, net::udp(53, 53, {1}), kClient, 0x08080808), kMs, hosts);
    const StatsTree& tree = hosts.tree();
    const auto top = tree.topNodes().at(0);
    EXPECT_EQ(tree.node(top).counter, 2u);
    const auto children = tree.sortedChildren(top);
    ASSERT_EQ(children.size(), 3u);
    EXPECT_EQ(tree.node(children[0]).name, "10.0.0.4");
    EXPECT_EQ(tree.node(children[0]).counter, 2u);
    EXPECT_EQ(tree.columns(children[0])[5], "100.00%");
    EXPECT_EQ(tree.node(children[1]).name, "8.8.8.8");  // ties: name descending
    EXPECT_EQ(tree.node(children[2]).name, "10.0.0.5");
    EXPECT_NE(tree.text().find("IPv4 Statistics/All Addresses:"), std::string::npos);
}

}  // namespace
}  // namespace caplens
