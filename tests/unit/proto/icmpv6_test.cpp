#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

TEST(Icmpv6, NeighborDiscoveryOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("wswiki__smb-on-windows-10.pcapng");
    test::ProtoDecoder d;
    const auto frames = test::corpusFrames("wswiki__smb-on-windows-10.pcapng");
    ASSERT_GE(frames.size(), 182u);
    for (std::size_t i = 0; i < 12; ++i) d.decode(frames[i].frame);
    EXPECT_EQ(d.protocols(), "eth:ipv6:icmpv6");
    EXPECT_EQ(d.uint("icmpv6.type"), 136u);
    EXPECT_EQ(d.uint("icmpv6.checksum.status"), 1u);
    EXPECT_EQ(d.uint("icmpv6.nd.na.flag.o"), 1u);
    EXPECT_EQ(d.uint("icmpv6.nd.na.flag.s"), 0u);
    EXPECT_EQ(d.text("icmpv6.nd.na.target_address"), "fe80::65b5:3a97:92d1:9199");
    EXPECT_EQ(d.uint("icmpv6.opt.type"), 2u);
    EXPECT_TRUE(d.has("icmpv6.opt.target_linkaddr"));
    EXPECT_EQ(d.packet().infoText(), "Neighbor Advertisement fe80::65b5:3a97:92d1:9199 (ovr) is at 00:0c:29:61:f5:5f");
    for (std::size_t i = 12; i < 182; ++i) d.decode(frames[i].frame);
    EXPECT_EQ(d.uint("icmpv6.type"), 135u);
    EXPECT_EQ(d.text("icmpv6.nd.ns.target_address"), "fe80::65b5:3a97:92d1:9199");
    EXPECT_EQ(d.packet().infoText(),
              "Neighbor Solicitation for fe80::65b5:3a97:92d1:9199 from 00:50:56:c0:00:01");
}

TEST(Icmpv6, RouterAdvertisementOptionsAndMldOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__icmpv6.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__icmpv6.pcap", 1));
    EXPECT_EQ(d.uint("icmpv6.type"), 134u);
    EXPECT_EQ(d.uint("icmpv6.nd.ra.cur_hop_limit"), 64u);
    EXPECT_EQ(d.uint("icmpv6.nd.ra.flag.h"), 1u);
    EXPECT_EQ(d.uint("icmpv6.opt.prefix.length"), 72u);
    EXPECT_EQ(d.text("icmpv6.opt.prefix"), "2222:3333:4444:5555:6600::");
    EXPECT_EQ(d.all("icmpv6.opt.rdnss").size(), 2u);
    EXPECT_EQ(d.all("icmpv6.opt.dnssl").size(), 3u);
    EXPECT_EQ(d.text("icmpv6.opt.dnssl"), "example.com");
    EXPECT_EQ(d.uint("icmpv6.opt.mtu"), 100u);
    EXPECT_EQ(d.packet().infoText(), "Router Advertisement from b0:99:28:c8:d6:6c");
    d.decode(test::corpusFrames("tcpdump__icmpv6.pcap")[1].frame);
    EXPECT_EQ(d.uint("icmpv6.type"), 143u);
    EXPECT_GE(d.all("icmpv6.mldr.mar.multicast_address").size(), 1u);
}

TEST(Icmpv6, ErrorQuotesTheDatagramAndEchoesPair) {
    Bytes echo = {128, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'};
    test::ProtoDecoder d;
    d.decode(ethernet(0x86dd, ipv6(58, echo)), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:icmpv6:data");
    EXPECT_EQ(d.uint("icmpv6.checksum.status"), 0u);  // left at zero: bad
    const Bytes quoted = ipv6(17, udp(1234, 5555, {1, 2, 3, 4}), ipv6Address(2), ipv6Address(1));
    d.decode(ethernet(0x86dd, ipv6(58, Bytes{1, 4, 0, 0, 0, 0, 0, 0} + quoted)), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:icmpv6:ipv6:udp:data");
    EXPECT_EQ(d.packet().infoText(), "Destination Unreachable (Port unreachable)");
}

TEST(Icmpv6, TeredoDirectConnectivityTestOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__teredo.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__teredo.pcap", 9));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:teredo:ipv6:icmpv6");
    EXPECT_TRUE(d.has("icmpv6.nonce"));
    EXPECT_EQ(d.packet().protocolColumn(), "Teredo");
    EXPECT_EQ(d.packet().infoText(), "Direct IPv6 Connectivity Test id=0x28f0, seq=45679, hop limit=21");
}

}  // namespace
}  // namespace caplens
