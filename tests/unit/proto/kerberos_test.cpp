#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

constexpr const char* kCapture = "msod__MS-ADOD_Example1_3_Win2016_X64_Win2016_X64_Domain_JoiningADomainByCreatingAnAccountViaLDAP.cap";

TEST(Kerberos, AsRequestOverTcpWithItsRecordMark) {
    CAPLENS_REQUIRE_CORPUS(kCapture);
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, kCapture, 26));
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:kerberos");
    EXPECT_EQ(d.uint("kerberos.rm.length"), 231u);
    EXPECT_EQ(d.uint("kerberos.msg_type"), 10u);
    EXPECT_EQ(d.uint("kerberos.pvno"), 5u);
    EXPECT_EQ(d.text("kerberos.realm"), "contoso.com");
    EXPECT_EQ(d.text("kerberos.CNameString"), "Administrator");
    EXPECT_EQ(d.packet().infoText(), "AS-REQ");
    EXPECT_EQ(d.packet().protocolColumn(), "KRB5");
}

TEST(Kerberos, ErrorNamesItsCode) {
    CAPLENS_REQUIRE_CORPUS(kCapture);
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, kCapture, 29));
    EXPECT_EQ(d.uint("kerberos.msg_type"), 30u);
    EXPECT_EQ(d.uint("kerberos.error_code"), 25u);
    EXPECT_EQ(d.packet().infoText(), "KRB Error: KRB5KDC_ERR_PREAUTH_REQUIRED");
}

TEST(Kerberos, AsRequestOverUdp) {
    // [APPLICATION 10] { SEQUENCE { [1] pvno 5, [2] msg-type 10 } } on UDP 88.
    const std::vector<std::uint8_t> krb = {0x6a, 0x0c, 0x30, 0x0a, 0xa1, 0x03, 0x02, 0x01, 0x05,
                                           0xa2, 0x03, 0x02, 0x01, 0x0a};
    const std::size_t total = 28 + krb.size();
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, 0, static_cast<std::uint8_t>(total), 0, 1, 0x40, 0, 64, 17, 0, 0,
                                   10, 0, 0, 1, 10, 0, 0, 2, 0xc3, 0x50, 0x00, 0x58,
                                   0, static_cast<std::uint8_t>(8 + krb.size()), 0, 0};
    f.insert(f.end(), krb.begin(), krb.end());
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:udp:kerberos");
    EXPECT_EQ(d.uint("kerberos.pvno"), 5u);
    EXPECT_EQ(d.uint("kerberos.msg_type"), 10u);
}

}  // namespace
}  // namespace caplens
