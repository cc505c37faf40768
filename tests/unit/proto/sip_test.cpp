#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

TEST(Sip, RegisterAndItsChallengeOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS("ndpi__sip.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__sip.pcap", 1));
    EXPECT_EQ(d.protocols(), "eth:ip:udp:sip");
    EXPECT_EQ(d.text("sip.Method"), "REGISTER");
    EXPECT_EQ(d.text("sip.Call-ID"), "578222729-4665d775@578222732-4665d772");
    EXPECT_EQ(d.text("sip.from.addr"), "sip:voi18063@sip.cybercity.dk");
    EXPECT_EQ(d.uint("sip.CSeq.seq"), 68u);
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__sip.pcap", 2));
    EXPECT_EQ(d.uint("sip.Status-Code"), 401u);
    EXPECT_FALSE(d.has("sip.Method"));
}

TEST(Sip, TextThatIsNotSipIsLeftToData) {
    CAPLENS_REQUIRE_CORPUS("ndpi__sip.pcap");
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, "ndpi__sip.pcap", 19));  // five blanks on port 5060
    EXPECT_EQ(d.protocols(), "eth:ip:udp:data");
}

}  // namespace
}  // namespace caplens
