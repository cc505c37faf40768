// POP3 requests and responses (pop.cpp). Expected values are tshark 4.0's for the corpus frames.
#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using test::net::text;

TEST(Pop, LoginOfARealSession) {
    CAPLENS_REQUIRE_CORPUS("wswiki__Mixed1.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 57));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:pop");
    EXPECT_EQ(d.text("pop.response.indicator"), "+OK");
    EXPECT_EQ(d.text("pop.response.description"), "<45846156.16653@localhost>, POP3 server ready.");
    EXPECT_EQ(d.packet().infoText(), "S: +OK <45846156.16653@localhost>, POP3 server ready.");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 58));
    EXPECT_EQ(d.text("pop.request.command"), "USER");
    EXPECT_EQ(d.text("pop.request.parameter"), "test");
    EXPECT_EQ(d.packet().infoText(), "C: USER test");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 60));  // "PASS \r\n": no parameter
    EXPECT_EQ(d.text("pop.request.command"), "PASS");
    EXPECT_FALSE(d.has("pop.request.parameter"));

    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 61));
    EXPECT_EQ(d.text("pop.response.indicator"), "-ERR");
}

TEST(Pop, MultiLineResponseAndHostileLines) {
    test::net::TcpSession s(40110, 110);
    test::ProtoDecoder d;
    d.decode(s.fromServer(text("+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n")), linktype::Ethernet);
    EXPECT_EQ(d.text("pop.response.indicator"), "+OK");
    EXPECT_EQ(d.all("pop.response.data").size(), 3u);
    d.decode(s.fromServer(text("Subject: no status line")),
             linktype::Ethernet);  // the middle of a message
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:pop");
    EXPECT_FALSE(d.has("pop.response.indicator"));
    EXPECT_EQ(d.all("pop.response.data").size(), 1u);
    d.decode(s.fromClient(text("STAT")), linktype::Ethernet);  // no CRLF
    EXPECT_EQ(d.text("pop.request.command"), "STAT");
    d.decode(s.fromClient(text("\x01\xff\r")), linktype::Ethernet);
    EXPECT_EQ(d.packet().infoText(), "C: \\x01\\xff");
}

}  // namespace
}  // namespace caplens
