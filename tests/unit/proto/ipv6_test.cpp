#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using namespace test::net;

std::string hierarchy(const proto::Packet& p) {
    std::string out;
    for (const auto id : p.hierarchyPath()) out += (out.empty() ? "" : ">") + std::string(proto::registry().field(id).abbrev);
    return out;
}

Bytes dnsQuery() {
    return {0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p',
            'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
}

TEST(Ipv6, HopByHopMldQueryOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("tcpdump__icmpv6.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "tcpdump__icmpv6.pcap", 3));
    EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.hopopts:icmpv6");
    // The extension header shows inside the IPv6 tree: no level of the hierarchy.
    EXPECT_EQ(hierarchy(d.packet()), "eth>ipv6>icmpv6");
    EXPECT_EQ(d.text("ipv6.src"), "fe80::b2a8:6eff:fe0c:d4e8");
    EXPECT_EQ(d.text("ipv6.dst"), "ff02::1");
    EXPECT_EQ(d.uint("ipv6.nxt"), 0u);
    EXPECT_EQ(d.uint("ipv6.hlim"), 1u);
    EXPECT_EQ(d.uint("ipv6.plen"), 36u);
    EXPECT_EQ(d.uint("ipv6.hopopts.nxt"), 58u);
    EXPECT_EQ(d.uint("ipv6.hopopts.len_oct"), 8u);
    EXPECT_EQ(d.uint("ipv6.opt.router_alert"), 0u);
    EXPECT_EQ(d.all("ipv6.opt.type").size(), 2u);
    EXPECT_EQ(d.text("ipv6.src_slaac_mac"), "b0:a8:6e:0c:d4:e8");
    EXPECT_EQ(d.all("ipv6.addr").size(), 2u);
    EXPECT_EQ(d.packet().protocolColumn(), "ICMPv6");
}

TEST(Ipv6, FragmentsAreReassembledOnTheLastOne) {
    const Bytes datagram = udp(1234, 53, dnsQuery());
    const auto fragment = [&](std::uint16_t offset, bool more, std::size_t from, std::size_t to) {
        Bytes header = {17, 0};
        put16(header, static_cast<std::uint32_t>(offset << 3 | (more ? 1 : 0)));
        put32(header, 0x1234);
        return ethernet(0x86dd, ipv6(44, header + Bytes(datagram.begin() + from, datagram.begin() + to)));
    };
    test::ProtoDecoder d;
    d.decode(fragment(0, true, 0, 16), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.fraghdr:data");
    EXPECT_EQ(hierarchy(d.packet()), "eth>ipv6>data");
    EXPECT_EQ(d.packet().infoText(), "IPv6 fragment (off=0 more=y ident=0x00001234 nxt=17)");
    EXPECT_EQ(d.uint("ipv6.fraghdr.more"), 1u);
    d.decode(fragment(2, false, 16, datagram.size()), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.fraghdr:udp:dns");
    EXPECT_EQ(hierarchy(d.packet()), "eth>ipv6>udp>dns");
    EXPECT_EQ(d.uint("ipv6.fraghdr.offset"), 2u);
    EXPECT_EQ(d.uint("ipv6.fragment.count"), 2u);
    EXPECT_EQ(d.uint("ipv6.reassembled.length"), datagram.size());
    EXPECT_EQ(d.all("ipv6.fragment").size(), 2u);
    EXPECT_EQ(d.uint("udp.dstport"), 53u);
}

TEST(Ipv6, ExtensionHeadersChainAndEachHandsOn) {
    const Bytes hop = {60, 0, 5, 2, 0, 0, 1, 0};          // router alert, PadN
    const Bytes dst = {43, 0, 1, 4, 0, 0, 0, 0};          // PadN(4)
    Bytes routing = {17, 2, 0, 1, 0, 0, 0, 0};            // type 0, one address
    routing = routing + ipv6Address(3);
    test::ProtoDecoder d;
    d.decode(ethernet(0x86dd, ipv6(0, hop + dst + routing + udp(1234, 53, dnsQuery()))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:ipv6.hopopts:ipv6.dstopts:ipv6.routing:udp:dns");
    EXPECT_EQ(hierarchy(d.packet()), "eth>ipv6>udp>dns");
    EXPECT_EQ(d.uint("ipv6.dstopts.nxt"), 43u);
    EXPECT_EQ(d.uint("ipv6.routing.type"), 0u);
    EXPECT_EQ(d.uint("ipv6.routing.segleft"), 1u);
    EXPECT_EQ(d.text("ipv6.routing.src.addr"), "2001:db8::3");
    EXPECT_TRUE(d.has("ipv6.routing.deprecated"));
}

TEST(Ipv6, ExtensionHeaderAfterIpv4IsAProtocolOfItsOwn) {
    const Bytes hop = {17, 0, 1, 4, 0, 0, 0, 0};
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(0, hop + udp(1234, 53, dnsQuery()))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:ipv6.hopopts:udp:dns");
    EXPECT_EQ(hierarchy(d.packet()), "eth>ip>ipv6.hopopts>udp>dns");
}

TEST(Ipv6, TunnelsBothWays) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x0800, ipv4(41, ipv6(17, udp(1234, 53, dnsQuery())))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:ipv6:udp:dns");
    d.decode(ethernet(0x86dd, ipv6(4, ipv4(17, udp(1234, 53, dnsQuery())))), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:ip:udp:dns");
    d.decode(ipv6(17, udp(1234, 53, dnsQuery())), linktype::Ipv6);
    EXPECT_EQ(d.protocols(), "ipv6:udp:dns");
}

TEST(Ipv6, NoNextHeaderAndUnknownNextHeader) {
    test::ProtoDecoder d;
    d.decode(ethernet(0x86dd, ipv6(59, {})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6");
    EXPECT_EQ(d.packet().infoText(), "IPv6 no next header");
    d.decode(ethernet(0x86dd, ipv6(253, {1, 2, 3, 4})), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:data");
}

TEST(Ipv6, LengthsThatDisagreeWithTheFrame) {
    test::ProtoDecoder d;
    Bytes frame = ethernet(0x86dd, ipv6(17, udp(1234, 53, dnsQuery())));
    frame[14 + 4] = 0x01;  // payload length 256 + ...: more than the frame holds
    d.decode(frame, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ipv6:udp:dns");
    EXPECT_TRUE(d.has("ipv6.plen_exceeds_framing"));
    // A header cut by the snap length is short, not malformed.
    const Bytes cut(frame.begin(), frame.begin() + 14 + 30);
    d.decode(cut, linktype::Ethernet, static_cast<std::uint32_t>(frame.size()));
    EXPECT_EQ(d.protocols(), "eth:ipv6");
    EXPECT_TRUE(d.has("_ws.short"));
    EXPECT_FALSE(d.has("ipv6.src"));
}

TEST(Ipv6, TeredoAnd6to4AddressDetails) {
    // 2001:0:c288:1c4c:20f3:359b:46f9:3f46 -> 2002:c288:1c4c::c288:1c4d (ndpi__teredo frame 9)
    const Bytes teredo = {0x20, 0x01, 0x00, 0x00, 0xc2, 0x88, 0x1c, 0x4c, 0x20, 0xf3, 0x35, 0x9b, 0x46, 0xf9, 0x3f, 0x46};
    const Bytes sixToFour = {0x20, 0x02, 0xc2, 0x88, 0x1c, 0x4c, 0, 0, 0, 0, 0, 0, 0xc2, 0x88, 0x1c, 0x4d};
    test::ProtoDecoder d;
    d.decode(ethernet(0x86dd, ipv6(59, {}, teredo, sixToFour)), linktype::Ethernet);
    EXPECT_EQ(d.text("ipv6.src_ts_ipv4"), "194.136.28.76");
    EXPECT_EQ(d.uint("ipv6.src_tc_port"), 51812u);
    EXPECT_EQ(d.text("ipv6.src_tc_ipv4"), "185.6.192.185");
    EXPECT_EQ(d.text("ipv6.dst_6to4_gw_ipv4"), "194.136.28.76");
    EXPECT_EQ(d.uint("ipv6.dst_6to4_sla_id"), 0u);
    EXPECT_EQ(d.all("ipv6.tc_ipv4").size(), 1u);
}

TEST(Ipv6, HostileExtensionHeadersNeverLoopOrOverrun) {
    // A hop-by-hop header whose option claims more than the header holds, then one whose
    // length runs past the packet.
    test::ProtoDecoder d;
    d.decode(ethernet(0x86dd, ipv6(0, {59, 0, 0x63, 200, 0, 0, 0, 0})), linktype::Ethernet);
    EXPECT_TRUE(d.has("ipv6.opt.invalid_len"));
    d.decode(ethernet(0x86dd, ipv6(0, {59, 9, 1, 0, 0, 0, 0, 0})), linktype::Ethernet);
    EXPECT_TRUE(d.has("_ws.malformed"));
    // Long chains of destination options end when the bytes do.
    Bytes chain;
    for (int i = 0; i < 200; ++i) chain = chain + Bytes{60, 0, 1, 4, 0, 0, 0, 0};
    d.decode(ethernet(0x86dd, ipv6(60, chain)), linktype::Ethernet);
    EXPECT_FALSE(d.protocols().empty());
}

}  // namespace
}  // namespace caplens
