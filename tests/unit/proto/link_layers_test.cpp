// Link layers: one real frame of the corpus per protocol (skipped without the corpus), frames
// built byte by byte for what the corpus lacks, and hostile bytes on every link type.
#include <gtest/gtest.h>

#include <random>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

bool startsWith(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// The Info column of the last frame (Packet::info() is the dissectors' append-only handle).
std::string info(const test::ProtoDecoder& d) { return const_cast<proto::Packet&>(d.packet()).info(); }

// Decodes a corpus capture up to frame `number` (the test is skipped without the corpus). The
// frames stay alive with the decoder: byte-valued fields point into them.
#define DECODE_CORPUS(decoder, file, number)                          \
    CAPLENS_REQUIRE_CORPUS(file);                                     \
    const auto decoder##Frames = test::corpusFrames(file);            \
    ASSERT_GE(decoder##Frames.size(), std::size_t{number});           \
    test::ProtoDecoder decoder;                                       \
    for (std::size_t i = 0; i < (number); ++i) decoder.decode(decoder##Frames[i].frame)

TEST(LinkLayers, SllVersion1WithAnUnknownProtocolIsData) {
    DECODE_CORPUS(d, "wswiki__attachment_SLL_Simple.pcap", 1);
    EXPECT_EQ(d.protocols(), "sll:data");
    EXPECT_EQ(d.uint("sll.pkttype"), 4u);
    EXPECT_EQ(d.uint("sll.hatype"), 801u);
    EXPECT_EQ(d.uint("sll.halen"), 6u);
    EXPECT_EQ(d.text("sll.src.eth"), "00:24:2b:03:78:f0");
    EXPECT_EQ(d.uint("sll.ltype"), 0u);
    EXPECT_EQ(info(d), "Sent by us");
}

TEST(LinkLayers, SllVersion2HandsItsEthertypeOn) {
    DECODE_CORPUS(d, "filesamples__simple_http_sll2.pcap", 1);
    EXPECT_EQ(d.protocols(), "sll:ip:tcp");
    EXPECT_EQ(d.uint("sll.etype"), 0x0800u);
    EXPECT_EQ(d.uint("sll.hatype"), 772u);  // loopback
    EXPECT_TRUE(d.has("sll.ifindex"));
}

TEST(LinkLayers, NullFamilyInHostByteOrder) {
    DECODE_CORPUS(d, "ndpi__rdp.pcap", 1);
    EXPECT_EQ(d.protocols(), "null:ip:tcp");
    EXPECT_EQ(d.uint("null.family"), 2u);
}

TEST(LinkLayers, LoopbackFamilyInNetworkByteOrderIsNullToo) {
    const std::vector<std::uint8_t> f = {0, 0, 0, 2, 0x45, 0, 0, 20, 0, 1, 0, 0, 64, 253, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
    test::ProtoDecoder d;
    d.decode(f, linktype::Loop);
    EXPECT_EQ(d.protocols(), "null:ip");
    EXPECT_EQ(d.uint("null.family"), 2u);
}

TEST(LinkLayers, RawIpAndTheIpv4LinkTypeWithoutALayer) {
    {
        DECODE_CORPUS(d, "tcpdump__LINKTYPE_RAW_ipv4.pcap", 1);
        EXPECT_TRUE(startsWith(d.protocols(), "raw:ip:udp")) << d.protocols();
    }
    {
        DECODE_CORPUS(d, "tcpdump__LINKTYPE_IPV4.pcap", 1);
        EXPECT_TRUE(startsWith(d.protocols(), "ip:udp")) << d.protocols();
    }
}

TEST(LinkLayers, ErfRecordHeaderThenEthernet) {
    DECODE_CORPUS(d, "wswiki__erf-ethernet-example.erf", 1);
    EXPECT_EQ(d.protocols(), "erf:eth:ip:tcp");
    EXPECT_EQ(d.uint("erf.types.type"), 2u);
    EXPECT_EQ(d.uint("erf.rlen"), 96u);
    EXPECT_EQ(d.uint("erf.wlen"), 78u);
    EXPECT_EQ(d.uint("erf.flags.cap"), 1u);
}

TEST(LinkLayers, NetmonHeaderComesBeforeTheFramesLinkType) {
    DECODE_CORPUS(d, "msod__MS-AUTHSOD_Example2-1_Win2016_X64_Win2016_X64_Domain.cap", 1);
    EXPECT_TRUE(startsWith(d.protocols(), "netmon_header:eth:ip:tcp")) << d.protocols();
}

TEST(LinkLayers, VlanTagAndArpRequestBuiltByHand) {
    std::vector<std::uint8_t> f = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x81, 0x00,  // eth, 802.1Q
        0xa0, 0x64, 0x08, 0x06,                                                          // PCP 5, VID 100, ARP
        0, 1, 0x08, 0, 6, 4, 0, 1,                                                       // ARP request
        0, 0x11, 0x22, 0x33, 0x44, 0x55, 10, 0, 0, 2,                                    // sender
        0, 0, 0, 0, 0, 0, 10, 0, 0, 1,                                                   // target
    };
    f.resize(64, 0);
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:vlan:arp");
    EXPECT_EQ(d.uint("vlan.id"), 100u);
    EXPECT_EQ(d.uint("vlan.priority"), 5u);
    EXPECT_EQ(d.uint("vlan.dei"), 0u);
    EXPECT_EQ(d.uint("vlan.etype"), 0x0806u);
    EXPECT_EQ(d.uint("arp.opcode"), 1u);
    EXPECT_EQ(d.text("arp.src.hw_mac"), "00:11:22:33:44:55");
    EXPECT_EQ(d.text("arp.src.proto_ipv4"), "10.0.0.2");
    EXPECT_EQ(d.text("arp.dst.proto_ipv4"), "10.0.0.1");
    EXPECT_FALSE(d.has("arp.isgratuitous"));
    EXPECT_EQ(info(d), "Who has 10.0.0.1? Tell 10.0.0.2");
    EXPECT_EQ(d.packet().protocolColumn(), "ARP");
    EXPECT_TRUE(d.has("eth.padding"));  // what ARP left of the 60-byte minimum
}

TEST(LinkLayers, ArpReplyAndGratuitousArp) {
    std::vector<std::uint8_t> reply = {
        0, 0x11, 0x22, 0x33, 0x44, 0x66, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x06,
        0, 1, 0x08, 0, 6, 4, 0, 2, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 10, 0, 0, 1,
        0, 0x11, 0x22, 0x33, 0x44, 0x66, 10, 0, 0, 2,
    };
    test::ProtoDecoder d;
    d.decode(reply, linktype::Ethernet);
    EXPECT_EQ(info(d), "10.0.0.1 is at 00:11:22:33:44:55");
    // The same address announced by its owner: a gratuitous reply.
    std::copy(reply.begin() + 28, reply.begin() + 32, reply.begin() + 38);
    d.decode(reply, linktype::Ethernet);
    EXPECT_EQ(d.uint("arp.isgratuitous"), 1u);
    EXPECT_EQ(info(d), "Gratuitous ARP for 10.0.0.1 (Reply)");
}

TEST(LinkLayers, ArpFlagsAnAddressSeenWithTwoMacAddresses) {
    std::vector<std::uint8_t> reply = {
        0, 0x11, 0x22, 0x33, 0x44, 0x66, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x06,
        0, 1, 0x08, 0, 6, 4, 0, 2, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 10, 0, 0, 1,
        0, 0x11, 0x22, 0x33, 0x44, 0x66, 10, 0, 0, 2,
    };
    test::ProtoDecoder d;
    d.decode(reply, linktype::Ethernet);
    EXPECT_FALSE(d.has("arp.duplicate-address-detected"));
    reply[27] = 0x77;  // another MAC address claims 10.0.0.1
    d.decode(reply, linktype::Ethernet);
    EXPECT_TRUE(d.has("arp.duplicate-address-detected"));
    EXPECT_EQ(d.uint("arp.duplicate-address-frame"), 1u);
    EXPECT_EQ(info(d), "10.0.0.1 is at 00:11:22:33:44:77 (duplicate use of 10.0.0.1 detected!)");
}

TEST(LinkLayers, ReverseArp) {
    DECODE_CORPUS(d, "wswiki__rarp_req_reply.pcapng", 2);
    EXPECT_EQ(d.protocols(), "eth:arp");
    EXPECT_EQ(d.uint("arp.opcode"), 4u);
    EXPECT_EQ(d.packet().protocolColumn(), "RARP");
    EXPECT_EQ(info(d), "00:0c:29:34:0b:de is at 10.1.1.100");
}

TEST(LinkLayers, QinQ) {
    DECODE_CORPUS(d, "tcpdump__802.1ad_QinQ.pcap", 1);
    EXPECT_EQ(d.protocols(), "eth:ieee8021ad:vlan:arp");
    EXPECT_EQ(d.uint("ieee8021ad.id"), 200u);
    EXPECT_EQ(d.uint("ieee8021ah.etype"), 0x8100u);
    EXPECT_EQ(d.uint("vlan.id"), 2001u);
}

TEST(LinkLayers, LlcAndSpanningTree) {
    DECODE_CORPUS(d, "tcpdump__various_gre.pcap", 3);
    EXPECT_EQ(d.protocols(), "eth:llc:stp");
    EXPECT_EQ(d.uint("llc.dsap"), 0x42u);
    EXPECT_EQ(d.uint("llc.control"), 0x03u);
    EXPECT_EQ(d.uint("stp.root.prio"), 32768u);
    EXPECT_EQ(d.uint("stp.root.ext"), 1u);
    EXPECT_EQ(d.uint("stp.port"), 0x8002u);
    EXPECT_EQ(info(d), "Conf. Root = 32768/1/aa:bb:cc:00:03:00  Cost = 0  Port = 0x8002");
}

TEST(LinkLayers, SnapWithCiscoOuiAndPvst) {
    DECODE_CORPUS(d, "tcpdump__various_gre.pcap", 2);
    EXPECT_EQ(d.protocols(), "eth:vlan:llc:stp");
    EXPECT_EQ(d.uint("llc.oui"), 0x00000Cu);
    EXPECT_EQ(d.uint("llc.cisco_pid"), 0x010Bu);
}

TEST(LinkLayers, RawIpxInAn8023FrameIsNotLlc) {
    std::vector<std::uint8_t> f = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 30, 0xff, 0xff, 0, 30};
    f.resize(60, 0);
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:data");
}

TEST(LinkLayers, ConfigurationTestProtocol) {
    DECODE_CORPUS(d, "tcpdump__loopback.pcap", 1);
    EXPECT_EQ(d.protocols(), "eth:loop:data");
    EXPECT_EQ(d.uint("loop.skipcount"), 0u);
    EXPECT_EQ(d.uint("loop.relevant_function"), 2u);
    EXPECT_EQ(info(d), "Forward Data");
}

TEST(LinkLayers, PppWithoutAddressAndControl) {
    DECODE_CORPUS(d, "ndpi__dlt_ppp.pcap", 1);
    EXPECT_TRUE(startsWith(d.protocols(), "ppp:ip:udp")) << d.protocols();
    EXPECT_EQ(d.uint("ppp.protocol"), 0x0021u);
    EXPECT_FALSE(d.has("ppp.address"));
}

TEST(LinkLayers, ChapAndLcpStraightAfterEthernet) {
    DECODE_CORPUS(d, "wswiki__PPPHandshake.cap", 9);
    EXPECT_EQ(d.protocols(), "eth:chap");
    EXPECT_EQ(d.uint("chap.code"), 2u);
    EXPECT_EQ(d.uint("chap.value_size"), 49u);
    EXPECT_EQ(d.text("chap.name"), "Tyson");
    EXPECT_EQ(d.packet().protocolColumn(), "PPP CHAP");
    EXPECT_TRUE(startsWith(info(d), "Response (NAME='Tyson', VALUE=0xfe0ddf04")) << info(d);
    for (std::size_t i = 9; i < 17; ++i) d.decode(dFrames[i].frame);
    const test::ProtoDecoder& e = d;
    EXPECT_EQ(e.protocols(), "eth:lcp");
    EXPECT_EQ(e.uint("ppp.code"), 5u);
    EXPECT_EQ(info(e), "Termination Request");
}

TEST(LinkLayers, PppoeDiscoveryTags) {
    DECODE_CORPUS(d, "tcpdump__pppoe.pcap", 1);
    EXPECT_EQ(d.protocols(), "eth:pppoed");
    EXPECT_EQ(d.uint("pppoe.code"), 0x09u);
    EXPECT_EQ(d.uint("pppoe.payload_length"), 18u);
    EXPECT_EQ(d.text("pppoed.tags.host_uniq"), "16372c16");
    EXPECT_EQ(info(d), "Active Discovery Initiation (PADI)");
}

TEST(LinkLayers, PppoeSessionCarriesPpp) {
    std::vector<std::uint8_t> f = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x88, 0x64,                        // eth
        0x11, 0x00, 0x12, 0x34, 0, 22,                                             // PPPoE session 0x1234
        0x00, 0x21,                                                                // PPP: IPv4
        0x45, 0, 0, 20, 0, 1, 0, 0, 64, 253, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,       // IPv4, protocol 253
    };
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:pppoes:ppp:ip");
    EXPECT_EQ(d.uint("pppoe.session_id"), 0x1234u);
    EXPECT_EQ(d.uint("ppp.protocol"), 0x0021u);
}

TEST(LinkLayers, CiscoHdlcAndSlarp) {
    DECODE_CORPUS(d, "tcpdump__hdlc_slarp.pcapng", 3);
    EXPECT_EQ(d.protocols(), "chdlc:slarp");
    EXPECT_EQ(d.uint("chdlc.address"), 0x8fu);
    EXPECT_EQ(d.uint("chdlc.protocol"), 0x8035u);
    EXPECT_EQ(d.text("slarp.address"), "15.0.0.1");
    EXPECT_EQ(info(d), "Reply, from 15.0.0.1, mask 255.255.255.252");
}

TEST(LinkLayers, NflogPayloadAndItsAttributes) {
    DECODE_CORPUS(d, "tcpdump__nflog.pcap", 1);
    EXPECT_TRUE(startsWith(d.protocols(), "nflog:ip:udp")) << d.protocols();
    EXPECT_EQ(d.uint("nflog.family"), 2u);
    EXPECT_EQ(d.uint("nflog.res_id"), 20u);
    EXPECT_EQ(d.uint("nflog.protocol"), 0x0800u);
    EXPECT_EQ(d.uint("nflog.hook"), 1u);
    EXPECT_EQ(d.uint("nflog.ifindex_indev"), 2u);
}

TEST(LinkLayers, NflogIsNotALevelOfTheFastHierarchy) {
    // Wireshark builds no nflog item unless it is looked at: its hierarchy starts at "ip".
    const auto frames = test::corpusFrames("tcpdump__nflog.pcap");
    if (frames.empty()) GTEST_SKIP() << "capture corpus not on this machine";
    proto::FrameDecoder decoder;
    const auto& packet = decoder.decode(frames[0].frame, proto::DissectionMode::Fast);
    ASSERT_FALSE(packet.hierarchyPath().empty());
    EXPECT_EQ(packet.hierarchyPath().front(), *proto::registry().findField("ip"));
    EXPECT_EQ(proto::registry().protocol(packet.layers().front()).info().abbrev, "nflog");
}

TEST(LinkLayers, IpOverInfiniband) {
    DECODE_CORPUS(d, "tcpdump__ipoib.pcap", 6);
    EXPECT_EQ(d.protocols(), "ipoib:arp");
    EXPECT_EQ(d.uint("ipoib.type"), 0x0806u);
    EXPECT_EQ(d.uint("ipoib.daddr.qpn"), 0x000550u);
    EXPECT_EQ(d.uint("arp.hw.type"), 32u);  // InfiniBand: 20-byte hardware addresses
    EXPECT_TRUE(d.has("arp.src.hw"));
}

TEST(LinkLayers, CutFramesAreShortAndHostileBytesNeverCrash) {
    const LinkType types[] = {linktype::Ethernet, linktype::LinuxSll, linktype::LinuxSll2, linktype::Null,
                              linktype::Loop, linktype::Raw, linktype::Ppp, linktype::CiscoHdlc,
                              linktype::Nflog, linktype::IpOverIb, linktype::Erf, 50, 12};
    std::mt19937 random(12345);
    test::ProtoDecoder d;
    for (int round = 0; round < 300; ++round) {
        for (const LinkType type : types) {
            std::vector<std::uint8_t> bytes(random() % 96);
            for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
            // Steer some frames into the link layers' hand-offs.
            if (type == linktype::Ethernet && bytes.size() >= 14) {
                static const std::uint16_t kTypes[] = {0x8100, 0x88a8, 0x0806, 0x8863, 0x8864, 0x9000, 0xc021, 0xc223, 40};
                const std::uint16_t t = kTypes[random() % std::size(kTypes)];
                bytes[12] = static_cast<std::uint8_t>(t >> 8);
                bytes[13] = static_cast<std::uint8_t>(t);
            }
            d.decode(bytes, type, static_cast<std::uint32_t>(bytes.size() + random() % 3));
        }
    }
    // An Ethernet header with only part of the VLAN tag: short, not malformed.
    std::vector<std::uint8_t> cut = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x81, 0x00, 0x00};
    d.decode(cut, linktype::Ethernet, 60);
    EXPECT_EQ(d.protocols(), "eth:vlan");
    EXPECT_TRUE(d.has("_ws.short"));
    EXPECT_FALSE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
