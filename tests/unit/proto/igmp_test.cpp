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

TEST(Igmp, Version3ReportOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("wswiki__smb-on-windows-10.pcapng");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__smb-on-windows-10.pcapng", 32));
    // Wireshark's two steps: "igmp" twice in the stack, once in the hierarchy.
    EXPECT_EQ(d.protocols(), "eth:ip:igmp:igmp");
    EXPECT_EQ(hierarchy(d.packet()), "eth>ip>igmp");
    EXPECT_EQ(d.uint("igmp.version"), 3u);
    EXPECT_EQ(d.uint("igmp.type"), 0x22u);
    EXPECT_EQ(d.uint("igmp.num_grp_recs"), 1u);
    EXPECT_EQ(d.uint("igmp.record_type"), 4u);
    EXPECT_EQ(d.text("igmp.maddr"), "224.0.0.251");
    EXPECT_EQ(d.uint("igmp.checksum.status"), 1u);
    EXPECT_EQ(d.packet().protocolColumn(), "IGMPv3");
    EXPECT_EQ(d.packet().infoText(), "Membership Report / Join group 224.0.0.251 for any sources");
}

TEST(Igmp, Version2QueryOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("wswiki__SkypeIRC.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__SkypeIRC.cap", 626));
    EXPECT_EQ(d.protocols(), "eth:ip:igmp:igmp");
    EXPECT_EQ(d.uint("igmp.version"), 2u);
    EXPECT_EQ(d.uint("igmp.max_resp"), 10u);
    EXPECT_EQ(d.packet().infoText(), "Membership Query, general");
}

TEST(Igmp, VersionsTypesAndShortMessages) {
    const auto igmp = [](Bytes b) {
        fixChecksum(b, 2);
        return ethernet(0x0800, ipv4(2, b, 0x0a000001, 0xe0000001));
    };
    test::ProtoDecoder d;
    d.decode(igmp({0x11, 0, 0, 0, 0, 0, 0, 0}), linktype::Ethernet);
    EXPECT_EQ(d.uint("igmp.version"), 1u);
    d.decode(igmp({0x17, 0, 0, 0, 224, 1, 2, 3}), linktype::Ethernet);
    EXPECT_EQ(d.packet().infoText(), "Leave Group 224.1.2.3");
    d.decode(igmp({0x11, 100, 0, 0, 224, 1, 2, 3, 2, 125, 0, 2, 10, 0, 0, 9, 10, 0, 0, 10}), linktype::Ethernet);
    EXPECT_EQ(d.uint("igmp.version"), 3u);
    EXPECT_EQ(d.all("igmp.saddr").size(), 2u);
    EXPECT_EQ(d.packet().infoText(), "Membership Query, specific for group 224.1.2.3, sources {10.0.0.9, 10.0.0.10}");
    // A type no IGMP dissector takes (DVMRP): one IGMP layer with the type and data.
    d.decode(igmp({0x13, 0, 0, 0, 0, 0, 0, 0}), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:igmp");
    // A report whose records run past the packet is malformed.
    d.decode(igmp({0x22, 0, 0, 0, 0, 0, 0, 9}), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:igmp:igmp");
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
