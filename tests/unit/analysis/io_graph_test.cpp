// IoGraph: frames and bytes per interval for every frame and per display-filter series.
#include "core/analysis/io_graph.hpp"

#include <gtest/gtest.h>

#include "tests/unit/analysis/analysis_test_support.hpp"

namespace caplens {
namespace {

using namespace test;

TEST(IoGraph, IntervalsAndSeries) {
    IoGraph graph(1000 * kMs);
    auto tcpOnly = filter::compile("tcp");
    ASSERT_TRUE(tcpOnly);
    graph.addSeries(std::move(tcpOnly.filter));
    FrameFeeder feed;
    const auto add = [&](const Bytes& bytes, std::int64_t t) {
        const proto::Packet& p = feed.frame(bytes, t, 0, &graph.fieldMask());
        graph.onFrame(feed.captured(), p);
    };
    add(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 0);
    add(ethIpv4(17, net::udp(53, 53, {1})), 500 * kMs);
    add(ethIpv4(6, tcp(50432, 443, 1, 0, kSyn)), 1200 * kMs);
    add(ethIpv4(17, net::udp(53, 53, {1})), 3100 * kMs);
    ASSERT_EQ(graph.intervals(), 4u);
    ASSERT_EQ(graph.seriesCount(), 2u);
    EXPECT_EQ(graph.series(0).frames[0], 2u);
    EXPECT_EQ(graph.series(0).bytes[0], 54u + 43u);
    EXPECT_EQ(graph.series(0).frames[2], 0u);
    EXPECT_EQ(graph.series(0).frames[3], 1u);
    EXPECT_EQ(graph.series(1).frames[0], 1u);
    EXPECT_EQ(graph.series(1).frames[1], 1u);
    EXPECT_EQ(graph.series(1).frames[3], 0u);
    EXPECT_EQ(graph.json(),
              "{\"interval_s\":1,\"intervals\":4,\"series\":[{\"filter\":null,\"frames\":[2,1,0,1],\"bytes\":[97,54,0,43]},"
              "{\"filter\":\"tcp\",\"frames\":[1,1,0,0],\"bytes\":[54,54,0,0]}],\"dropped_frames\":0}");
    EXPECT_NE(graph.text("").find("Col 2: tcp"), std::string::npos);
}

}  // namespace
}  // namespace caplens
