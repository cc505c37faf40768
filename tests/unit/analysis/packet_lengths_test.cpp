// PacketLengths: every frame's original length in Wireshark's default ranges.
#include "core/analysis/packet_lengths.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(PacketLengths, Ranges) {
    FrameFeeder feed;
    PacketLengths lengths;
    feed.feed(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0, lengths);  // 54 bytes
    Bytes big = ethIpv4(17, net::udp(1, 2, Bytes(1400, 0)));         // 1442 bytes
    feed.feed(big, kMs, lengths);
    // Cut by the snap length: counted by its original length.
    Bytes cut = big;
    cut.resize(34);
    const proto::Packet& p = feed.frame(cut, 2 * kMs, 6000);
    lengths.onFrame(feed.captured(), p);
    const StatsTree& tree = lengths.tree();
    const auto top = tree.topNodes().at(0);
    EXPECT_EQ(tree.node(top).counter, 3u);
    EXPECT_EQ(tree.node(top).minValue, 54);
    EXPECT_EQ(tree.node(top).maxValue, 6000);
    const auto ranges = tree.sortedChildren(top);
    ASSERT_EQ(ranges.size(), 10u);
    EXPECT_EQ(tree.node(ranges[2]).name, "40-79");
    EXPECT_EQ(tree.node(ranges[2]).counter, 1u);
    EXPECT_EQ(tree.node(ranges[7]).name, "1280-2559");
    EXPECT_EQ(tree.node(ranges[7]).counter, 1u);
    EXPECT_EQ(tree.node(ranges[9]).name, "5120 and greater");
    EXPECT_EQ(tree.node(ranges[9]).counter, 1u);
    EXPECT_EQ(tree.columns(top)[1], "2498.67");
}

}  // namespace
}  // namespace caplens
