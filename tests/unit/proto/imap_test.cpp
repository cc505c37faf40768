// IMAP lines, tags, commands and statuses (imap.cpp). Expected values are tshark 4.0's for the
// corpus frames.
#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using test::net::text;

TEST(Imap, TaggedResponseAfterUntaggedLines) {
    CAPLENS_REQUIRE_CORPUS("wswiki__Mixed1.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 75));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:imap");
    EXPECT_EQ(d.all("imap.line").size(), 2u);
    EXPECT_EQ(d.text("imap.response"), "0000 OK CAPABILITY complete.");
    EXPECT_EQ(d.text("imap.response_tag"), "0000");
    EXPECT_EQ(d.text("imap.response.status"), "OK");
    EXPECT_EQ(d.text("imap.response.command"), "CAPABILITY");
    EXPECT_EQ(d.uint("imap.isrequest"), 0u);
    EXPECT_EQ(d.packet().infoText(), "[TCP Previous segment not captured] Response: 0000 OK CAPABILITY complete.");
}

TEST(Imap, LoginAndFolderRequests) {
    CAPLENS_REQUIRE_CORPUS("wswiki__Mixed1.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 76));
    EXPECT_EQ(d.text("imap.request_tag"), "0001");
    EXPECT_EQ(d.text("imap.request.command"), "LOGIN");
    EXPECT_EQ(d.text("imap.request.username"), "\"admin\"");
    EXPECT_EQ(d.text("imap.request.password"), "");
    EXPECT_EQ(d.uint("imap.isrequest"), 1u);
    EXPECT_EQ(d.packet().infoText(), "[TCP Previous segment not captured] Request: 0001 LOGIN \"admin\" \"\"");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 86));
    EXPECT_EQ(d.text("imap.request.folder"), "\"INBOX\"");
    EXPECT_EQ(d.text("imap.command"), "SUBSCRIBE");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__Mixed1.cap", 114));
    EXPECT_EQ(d.text("imap.request.command"), "FETCH");
    EXPECT_EQ(d.uint("imap.request.command.uid"), 1u);
}

TEST(Imap, UntaggedAndHostileLines) {
    test::net::TcpSession s(40143, 143);
    test::ProtoDecoder d;
    d.decode(s.fromServer(text("* OK ready\r\n+ go ahead\r\n")), linktype::Ethernet);
    EXPECT_EQ(d.all("imap.line").size(), 2u);
    EXPECT_FALSE(d.has("imap.response"));
    d.decode(s.fromClient(text("a1")), linktype::Ethernet);  // a tag and nothing else, no CRLF
    EXPECT_EQ(d.text("imap.request_tag"), "a1");
    EXPECT_FALSE(d.has("imap.request.command"));
    d.decode(s.fromClient(text("a2 UID\r\n")), linktype::Ethernet);  // UID without its command
    EXPECT_FALSE(d.has("imap.request.command.uid"));
    d.decode(s.fromClient(text("a3 LOGIN\r\n")), linktype::Ethernet);  // LOGIN without arguments
    EXPECT_FALSE(d.has("imap.request.username"));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:imap");
}

}  // namespace
}  // namespace caplens
