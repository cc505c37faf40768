#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

// Ethernet + IPv4 + TCP (PSH/ACK) from 10.0.0.1:`sport` to 10.0.0.2:`dport` around `payload`.
std::vector<std::uint8_t> tcpFrame(std::uint16_t sport, std::uint16_t dport, const std::vector<std::uint8_t>& payload) {
    const std::size_t total = 40 + payload.size();
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                   0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                                   static_cast<std::uint8_t>(sport >> 8), static_cast<std::uint8_t>(sport),
                                   static_cast<std::uint8_t>(dport >> 8), static_cast<std::uint8_t>(dport),
                                   0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0};
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

TEST(Smb, NbssSessionRequestNamesTheCalledAndCallingHosts) {
    // "SCV" <20> and "HOST" <00>, first-level encoded (RFC 1001 14.1).
    auto encode = [](std::string name, std::uint8_t type) {
        name.resize(15, ' ');
        std::vector<std::uint8_t> out = {32};
        for (int i = 0; i < 16; ++i) {
            const std::uint8_t c = i < 15 ? static_cast<std::uint8_t>(name[static_cast<std::size_t>(i)]) : type;
            out.push_back(static_cast<std::uint8_t>('A' + (c >> 4)));
            out.push_back(static_cast<std::uint8_t>('A' + (c & 0xF)));
        }
        out.push_back(0);
        return out;
    };
    const auto called = encode("SCV", 0x20);
    const auto calling = encode("HOST", 0x00);
    std::vector<std::uint8_t> payload = {0x81, 0, 0, static_cast<std::uint8_t>(called.size() + calling.size())};
    payload.insert(payload.end(), called.begin(), called.end());
    payload.insert(payload.end(), calling.begin(), calling.end());
    test::ProtoDecoder d;
    d.decode(tcpFrame(50000, 139, payload), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:nbss");
    EXPECT_EQ(d.uint("nbss.type"), 0x81u);
    EXPECT_EQ(d.uint("nbss.length"), 68u);
    EXPECT_EQ(d.text("nbss.called_name"), "SCV<20>");
    EXPECT_EQ(d.text("nbss.calling_name"), "HOST<00>");
    EXPECT_EQ(d.packet().infoText(), "Session request, to SCV<20> from HOST<00>");
}

TEST(Smb, Smb2CompoundRequestIsOneLevelPerCommand) {
    CAPLENS_REQUIRE_CORPUS("ndpi__smb_deletefile.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__smb_deletefile.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:nbss:smb2");
    EXPECT_EQ(d.all("smb2").size(), 3u);  // Create, Find, Close chained
    EXPECT_EQ(d.all("smb2.cmd").size(), 3u);
    EXPECT_EQ(d.uint("smb2.cmd"), 5u);
    EXPECT_EQ(d.uint("smb2.sesid"), 0x000028000000001dull);
    EXPECT_EQ(d.uint("smb2.msg_id"), 3996u);
    EXPECT_EQ(d.text("smb2.filename"), "Luca\\Downloads");
    EXPECT_EQ(d.packet().protocolColumn(), "SMB2");
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__smb_deletefile.pcap", 2));
    EXPECT_EQ(d.uint("smb2.flags.response"), 1u);
}

TEST(Smb, Smb1NegotiateOverNbss) {
    CAPLENS_REQUIRE_CORPUS("ndpi__smbv1.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__smbv1.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:nbss:smb");
    EXPECT_EQ(d.uint("smb.cmd"), 0x72u);
    EXPECT_EQ(d.uint("smb.mid"), 64u);
    EXPECT_EQ(d.uint("smb.flags.response"), 0u);
    EXPECT_EQ(d.packet().infoText(), "Negotiate Protocol Request");
}

TEST(Smb, BrowserAnnouncementInANetbiosDatagram) {
    CAPLENS_REQUIRE_CORPUS("wswiki__smb-on-windows-10.pcapng");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__smb-on-windows-10.pcapng", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:nbdgm:smb");
    EXPECT_EQ(d.uint("nbdgm.type"), 17u);
    EXPECT_EQ(d.text("nbdgm.source_name"), "SCV<00>");
    EXPECT_EQ(d.uint("smb.cmd"), 0x25u);  // Trans to a mailslot
}

}  // namespace
}  // namespace caplens
