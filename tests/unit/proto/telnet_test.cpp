// Telnet data lines and IAC commands (telnet.cpp). Expected values are tshark 4.0's for the
// corpus frames.
#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using test::net::Bytes;

std::vector<std::uint64_t> values(const test::ProtoDecoder& d, std::string_view abbrev) {
    std::vector<std::uint64_t> out;
    for (const auto* r : d.all(abbrev)) out.push_back(r->value.u);
    return out;
}

TEST(Telnet, OptionNegotiationOfARealSession) {
    CAPLENS_REQUIRE_CORPUS("wswiki__telnet-raw.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__telnet-raw.pcap", 4));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:telnet");
    EXPECT_EQ(values(d, "telnet.cmd"),
              (std::vector<std::uint64_t>{253, 251, 251, 251, 251, 251, 251, 253, 251}));
    EXPECT_EQ(values(d, "telnet.subcmd"),
              (std::vector<std::uint64_t>{3, 24, 31, 32, 33, 34, 39, 5, 35}));
    EXPECT_EQ(d.packet().infoText(), "Telnet Data ...");
}

TEST(Telnet, SuboptionsOfARealSession) {
    CAPLENS_REQUIRE_CORPUS("wswiki__telnet-raw.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__telnet-raw.pcap", 16));
    EXPECT_EQ(values(d, "telnet.cmd"),
              (std::vector<std::uint64_t>{250, 240, 250, 240, 250, 240, 250, 240}));
    EXPECT_EQ(values(d, "telnet.subcmd"), (std::vector<std::uint64_t>{32, 35, 0, 39, 24, 0}));
    const auto strings = d.all("telnet.string_subopt.value");
    ASSERT_EQ(strings.size(), 2u);
    EXPECT_EQ(d.text("telnet.string_subopt.value"), "bam.zing.org:0.0");
    EXPECT_EQ(d.text("telnet.option_data"),
              "00393630302c39363030");  // Terminal Speed: IS 9600,9600
}

TEST(Telnet, TextLinesOfARealSession) {
    CAPLENS_REQUIRE_CORPUS("wswiki__telnet-raw.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__telnet-raw.pcap", 26));
    const auto lines = d.all("telnet.data");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]->value.text(), "\r\n");
    EXPECT_EQ(lines[1]->value.text(), "OpenBSD/i386 (oof) (ttyp1)\r\n");
    EXPECT_FALSE(d.has("telnet.cmd"));
}

TEST(Telnet, IacAtTheEndOfASegmentIsMalformed) {
    CAPLENS_REQUIRE_CORPUS("wswiki__telnet-raw.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__telnet-raw.pcap", 246));  // one byte: 0xff
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:telnet");
    EXPECT_TRUE(d.has("_ws.malformed"));
}

TEST(Telnet, HandBuiltCommandsAndHostileEnds) {
    test::net::TcpSession s(40023, 23);
    test::ProtoDecoder d;
    // IAC IAC is a data byte; NOP; an unknown command; then WILL without its option.
    d.decode(s.fromServer({'a', 0xff, 0xff, 0xff, 0xf1, 0xff, 0x10, 0xff, 0xfb}),
             linktype::Ethernet);
    EXPECT_EQ(values(d, "telnet.cmd"), (std::vector<std::uint64_t>{241, 16}));
    EXPECT_EQ(d.all("telnet.data").size(), 2u);
    EXPECT_TRUE(d.has("_ws.malformed"));
    // A suboption whose IAC SE never comes: its data runs to the end of the segment.
    d.decode(s.fromServer({0xff, 0xfa, 0x18, 0x01}), linktype::Ethernet);
    EXPECT_EQ(values(d, "telnet.subcmd"), (std::vector<std::uint64_t>{24, 1}));
    EXPECT_FALSE(d.has("_ws.malformed"));
    d.decode(s.fromServer({0xff, 0xfa}), linktype::Ethernet);  // SB without its option
    EXPECT_TRUE(d.has("_ws.malformed"));
}

}  // namespace
}  // namespace caplens
