#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Cmd, OnEthernetTheEthertypeComesLast) {
    const Bytes cmd = {1, 1, 0, 1, 0, 42, 0x08, 0x00};
    test::ProtoDecoder d;
    d.decode(ethernet(0x8909, cmd + ipv4(17, udp(1, 2, {'x'}))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:cmd:ip:udp:data");
    EXPECT_EQ(d.uint("cmd.version"), 1u);
    EXPECT_EQ(d.uint("cmd.sgt"), 42u);
    EXPECT_EQ(d.uint("cmd.type"), 0x0800u);
}

TEST(Cmd, InGreTheEthertypeComesFirst) {
    const Bytes cmd = {0x08, 0x00, 1, 1, 0, 1, 0, 42};
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(47, Bytes{0, 0, 0x89, 0x09} + cmd + ipv4(17, udp(1, 2, {'x'})))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:gre:cmd:ip:udp:data");
    EXPECT_EQ(d.uint("cmd.sgt"), 42u);
    d.decode(ethernet(0x8909, {1, 1}), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
