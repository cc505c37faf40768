// StatsTree: counting, Wireshark's burst buckets, sort order, columns and the plain-text layout.
#include "core/analysis/stats_tree.hpp"

#include <gtest/gtest.h>

#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

constexpr std::int64_t kMs = 1'000'000;

TEST(StatsTree, BurstIsTheMostTicksWithinAWindow) {
    StatsTree tree("Test/Items");
    const auto top = tree.addTopNode("Items");
    // Ticks at 0, 50 and 120 ms: at most two fall within one 100 ms window.
    for (const std::int64_t t : {0 * kMs, 50 * kMs, 120 * kMs}) {
        tree.beginFrame(t);
        tree.tick(top);
    }
    EXPECT_EQ(tree.node(top).counter, 3u);
    EXPECT_EQ(tree.maxBurst(top), 2u);
    const auto columns = tree.columns(top);
    EXPECT_EQ(columns[0], "3");
    EXPECT_EQ(columns[4], "0.0250");  // 3 ticks over 120 ms
    EXPECT_EQ(columns[5], "100%");
    EXPECT_EQ(columns[6], "0.0200");  // 2 per 100 ms
    EXPECT_EQ(columns[7], "0.000");   // the window starting at the first bucket
}

TEST(StatsTree, BurstWindowSlides) {
    StatsTree tree("Items");
    const auto top = tree.addTopNode("Items");
    for (const std::int64_t t : {0 * kMs, 500 * kMs, 510 * kMs, 520 * kMs, 700 * kMs}) {
        tree.beginFrame(t);
        tree.tick(top);
    }
    EXPECT_EQ(tree.maxBurst(top), 3u);
    EXPECT_EQ(tree.columns(top)[7], "0.500");
}

TEST(StatsTree, ChildrenSortByCountThenNameDescending) {
    StatsTree tree("Items");
    const auto top = tree.addTopNode("Items");
    tree.beginFrame(0);
    const auto a = tree.child(top, StatsTree::numberKey(1), [] { return std::string("192.168.1.212"); });
    const auto b = tree.child(top, StatsTree::numberKey(2), [] { return std::string("90.130.70.73"); });
    const auto c = tree.child(top, StatsTree::numberKey(3), [] { return std::string("10.0.0.1"); });
    tree.tick(a);
    tree.tick(b);
    tree.tick(c);
    tree.tick(c);
    const auto sorted = tree.sortedChildren(top);
    ASSERT_EQ(sorted.size(), 3u);
    EXPECT_EQ(sorted[0], c);
    EXPECT_EQ(sorted[1], b);  // "90..." > "192..." as strings
    EXPECT_EQ(sorted[2], a);
    // The same key finds the same node.
    EXPECT_EQ(tree.child(top, StatsTree::numberKey(1), [] { return std::string("x"); }), a);
}

TEST(StatsTree, RangesKeepTheirOrderAndValues) {
    const StatsTree::Range ranges[] = {{0, 19, "0-19"}, {20, 39, "20-39"}, {40, -1, "40 and greater"}};
    StatsTree tree("Lengths");
    const auto top = tree.addRangeNode("Lengths", ranges);
    for (const int value : {60, 60, 25, 70}) {
        tree.beginFrame(0);
        tree.tick(top);
        tree.tickRange(top, value);
    }
    const auto sorted = tree.sortedChildren(top);
    ASSERT_EQ(sorted.size(), 3u);
    EXPECT_EQ(tree.node(sorted[0]).name, "0-19");
    EXPECT_EQ(tree.node(sorted[2]).counter, 3u);
    const auto top4 = tree.columns(top);
    EXPECT_EQ(top4[1], "53.75");
    EXPECT_EQ(top4[2], "25");
    EXPECT_EQ(top4[3], "70");
    const auto empty = tree.columns(sorted[0]);
    EXPECT_EQ(empty[1], "-");
    EXPECT_EQ(empty[5], "0.00%");
    EXPECT_EQ(empty[6], "-");
}

TEST(StatsTree, PlainTextLayoutAsTshark) {
    // tshark -qz dests,tree on ndpi__malformed_icmp.pcap (one ICMP frame).
    StatsTree tree("IPv4 Statistics/Destinations and Ports");
    const auto top = tree.addTopNode("Destinations and Ports");
    tree.beginFrame(0);
    tree.tick(top);
    const auto address = tree.child(top, StatsTree::numberKey(1), [] { return std::string("218.152.179.54"); });
    tree.tick(address);
    const auto none = tree.child(address, StatsTree::numberKey(0), [] { return std::string("NONE"); });
    tree.tick(none);
    tree.tick(tree.child(none, StatsTree::numberKey(0), [] { return std::string("0"); }));
    EXPECT_EQ(tree.text(),
              "\n=======================================================================================================================================\n"
              "IPv4 Statistics/Destinations and Ports:\n"
              "Topic / Item            Count         Average       Min Val       Max Val       Rate (ms)     Percent       Burst Rate    Burst Start  \n"
              "---------------------------------------------------------------------------------------------------------------------------------------\n"
              "Destinations and Ports  1                                                                     100%          0.0100        0.000        \n"
              " 218.152.179.54         1                                                                     100.00%       0.0100        0.000        \n"
              "  NONE                  1                                                                     100.00%       0.0100        0.000        \n"
              "   0                    1                                                                     100.00%       0.0100        0.000        \n"
              "\n"
              "---------------------------------------------------------------------------------------------------------------------------------------\n");
}

TEST(StatsTree, Json) {
    StatsTree tree("Items");
    const auto top = tree.addTopNode("Items");
    tree.beginFrame(0);
    tree.tick(top);
    JsonWriter w;
    tree.writeJson(w);
    EXPECT_EQ(w.str(),
              "{\"title\":\"Items\",\"nodes\":[{\"name\":\"Items\",\"count\":1,\"rate_ms\":null,\"percent\":100,"
              "\"burst_rate\":0.01,\"burst_start_s\":0,\"children\":[]}]}");
}

}  // namespace
}  // namespace caplens
