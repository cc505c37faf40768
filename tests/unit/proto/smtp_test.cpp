// SMTP commands, replies and the message between DATA and "." (smtp.cpp). The corpus has no
// SMTP; the frames are built here.
#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using test::net::text;

TEST(Smtp, CommandsRepliesAndTheMessage) {
    test::net::TcpSession s(40025, 25);
    test::ProtoDecoder d;
    d.decode(s.fromServer(text("250-mail.example.com\r\n250 AUTH PLAIN LOGIN\r\n")),
             linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:smtp");
    EXPECT_EQ(d.all("smtp.response.code").size(), 2u);
    EXPECT_EQ(d.uint("smtp.response.code"), 250u);
    EXPECT_EQ(d.text("smtp.rsp.parameter"), "mail.example.com");
    EXPECT_EQ(d.uint("smtp.rsp"), 1u);
    EXPECT_EQ(d.packet().infoText(), "S: 250-mail.example.com | 250 AUTH PLAIN LOGIN");

    d.decode(s.fromClient(text("AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n")), linktype::Ethernet);
    EXPECT_EQ(d.text("smtp.req.command"), "AUTH");
    EXPECT_EQ(d.text("smtp.req.parameter"), "PLAIN AGJvYgBzZWNyZXQ=");
    EXPECT_EQ(d.text("smtp.command_line"), "AUTH PLAIN AGJvYgBzZWNyZXQ=");
    EXPECT_EQ(d.uint("smtp.req"), 1u);
    EXPECT_EQ(d.packet().infoText(), "C: AUTH PLAIN AGJvYgBzZWNyZXQ=");

    d.decode(s.fromClient(text("DATA\r\n")), linktype::Ethernet);
    d.decode(s.fromServer(text("354 go ahead\r\n")), linktype::Ethernet);
    d.decode(s.fromClient(text("Subject: hi\r\n\r\nQUIT\r\n.\r\n")), linktype::Ethernet);
    EXPECT_FALSE(d.has("smtp.req.command"));  // "QUIT" inside the message is text
    EXPECT_EQ(d.all("smtp.message").size(), 4u);
    EXPECT_EQ(d.packet().infoText(), "C: DATA fragment, 24 byte(s)");
    d.decode(s.fromClient(text("QUIT\r\n")), linktype::Ethernet);  // after "." commands again
    EXPECT_EQ(d.text("smtp.req.command"), "QUIT");
}

TEST(Smtp, SubmissionPortAndHostileLines) {
    test::net::TcpSession s(40587, 587);
    test::ProtoDecoder d;
    d.decode(s.fromServer(text("2")), linktype::Ethernet);  // too short for a code
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:smtp");
    EXPECT_FALSE(d.has("smtp.response.code"));
    EXPECT_EQ(d.text("smtp.response"), "2");
    d.decode(s.fromClient(text("EHLO")), linktype::Ethernet);  // no CRLF
    EXPECT_EQ(d.text("smtp.req.command"), "EHLO");
    EXPECT_FALSE(d.has("smtp.req.parameter"));
}

}  // namespace
}  // namespace caplens
