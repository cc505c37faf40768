// FTP control connections and the data connections they announce (ftp.cpp, ftp_data.cpp).
// Expected values are tshark 4.0's for the corpus frames.
#include <gtest/gtest.h>

#include "tests/unit/proto/net_test_frames.hpp"
#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

using test::net::text;

std::string infoOf(const test::ProtoDecoder& d) {
    return d.packet().infoText();
}

TEST(Ftp, RequestAndResponseOfARealLogin) {
    CAPLENS_REQUIRE_CORPUS("ndpi__ftp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__ftp.pcap", 4));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp");
    EXPECT_EQ(d.uint("ftp.response.code"), 220u);
    EXPECT_EQ(d.text("ftp.response.arg"), "(vsFTPd 3.0.3)");
    EXPECT_EQ(d.uint("ftp.response"), 1u);
    EXPECT_EQ(infoOf(d), "Response: 220 (vsFTPd 3.0.3)");

    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__ftp.pcap", 6));
    EXPECT_EQ(d.text("ftp.request.command"), "USER");
    EXPECT_EQ(d.text("ftp.request.arg"), "anonymous");
    EXPECT_EQ(d.uint("ftp.request"), 1u);
    EXPECT_EQ(infoOf(d), "Request: USER anonymous");
}

TEST(Ftp, PassiveModeHandsTheDataConnectionToFtpData) {
    CAPLENS_REQUIRE_CORPUS("ndpi__ftp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__ftp.pcap", 43));  // frames 1..43 in order
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp-data");
    EXPECT_EQ(infoOf(d).rfind("FTP Data: 1205 bytes", 0), 0u) << infoOf(d);

    test::ProtoDecoder announcing;
    ASSERT_TRUE(test::decodeCorpusFrame(announcing, "ndpi__ftp.pcap", 35));
    EXPECT_EQ(announcing.uint("ftp.response.code"), 227u);
    EXPECT_EQ(announcing.text("ftp.passive.ip"), "90.130.70.73");
    EXPECT_EQ(announcing.uint("ftp.passive.port"), 25685u);  // 100 * 256 + 85
}

TEST(Ftp, MultiLineReplyContinuationHasNoCode) {
    CAPLENS_REQUIRE_CORPUS("ndpi__ftp.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__ftp.pcap", 20));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp");
    EXPECT_FALSE(d.has("ftp.response.code"));
    EXPECT_EQ(infoOf(d), "Response:  EPRT");
}

TEST(Ftp, IPv6ControlConnection) {
    CAPLENS_REQUIRE_CORPUS("wswiki__FTPv6-1.cap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "wswiki__FTPv6-1.cap", 329));
    EXPECT_EQ(d.protocols(), "eth:ip:ipv6:tcp:ftp");
    EXPECT_EQ(d.text("ftp.request.command"), "opts");
    EXPECT_EQ(d.text("ftp.request.arg"), "utf8 on");
}

TEST(Ftp, ActiveModeAnnouncesTheClientsPort) {
    test::net::TcpSession control(40000, 21);
    test::ProtoDecoder d;
    d.decode(control.fromClient(text("PORT 10,0,0,1,195,80\r\n")), linktype::Ethernet);
    EXPECT_EQ(d.text("ftp.active.cip"), "10.0.0.1");
    EXPECT_EQ(d.uint("ftp.active.port"), 50000u);
    EXPECT_FALSE(d.has("ftp.active.nat"));
    // The server opens the data connection from port 20 to 10.0.0.1:50000.
    test::net::TcpSession data(50000, 20);
    d.decode(data.fromServer(text("-rw-r--r-- 1 ftp ftp 4 file\r\n")), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp-data");
}

TEST(Ftp, AnnouncedPortOtherThan20IsFtpDataToo) {
    test::net::TcpSession control(40001, 21);
    test::ProtoDecoder d;
    d.decode(control.fromServer(text("229 Entering Extended Passive Mode (|||6446|)\r\n")),
             linktype::Ethernet);
    EXPECT_EQ(d.uint("ftp.epsv.port"), 6446u);
    EXPECT_EQ(d.text("ftp.epsv.ip"), "10.0.0.2");
    test::net::TcpSession data(40002, 6446);
    d.decode(data.fromClient(text("\x01\x02\x03")), linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp-data");
    EXPECT_EQ(infoOf(d), "FTP Data: 3 bytes");
}

TEST(Ftp, HostileLinesNeverCrash) {
    test::net::TcpSession s(40003, 21);
    test::ProtoDecoder d;
    d.decode(s.fromClient(text("USER bob")), linktype::Ethernet);  // no CRLF: the rest is the line
    EXPECT_EQ(d.text("ftp.request.command"), "USER");
    EXPECT_EQ(d.text("ftp.request.arg"), "bob");
    d.decode(s.fromServer(text("22")), linktype::Ethernet);  // too short for a code
    EXPECT_FALSE(d.has("ftp.response.code"));
    EXPECT_EQ(d.text("ftp.response.arg"), "22");
    d.decode(s.fromServer(text("227 Entering Passive Mode (999,1,1,1,1,1)\r\n")),
             linktype::Ethernet);
    EXPECT_FALSE(d.has("ftp.passive.ip"));  // 999 is no address byte
    d.decode(s.fromClient(text("PORT 1,2,3,4,5\r\n")), linktype::Ethernet);
    EXPECT_FALSE(d.has("ftp.active.port"));
    d.decode(s.fromClient(text("EPRT |1|1.2.3|7|\r\n")), linktype::Ethernet);
    EXPECT_FALSE(d.has("ftp.eprt.port"));
    d.decode(s.fromServer(text("229 Entering Extended Passive Mode (|||99999|)\r\n")),
             linktype::Ethernet);
    EXPECT_FALSE(d.has("ftp.epsv.port"));
    d.decode(s.fromClient(text("\r\n")), linktype::Ethernet);  // an empty line
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ftp");
    EXPECT_FALSE(d.has("ftp.request.command"));
}

}  // namespace
}  // namespace caplens
