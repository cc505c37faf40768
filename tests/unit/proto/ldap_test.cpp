#include <gtest/gtest.h>

#include "tests/unit/proto/proto_test_support.hpp"

namespace caplens {
namespace {

constexpr const char* kCapture = "msod__MS-ADOD_Example2_10_Win2016_X64_Win2016_X64_Domain_ObtainAListOfUserAccountsUsingTheLDAPProtocol.cap";

TEST(Ldap, SimpleBindRequest) {
    // LDAPMessage { messageID 1, bindRequest { version 3, name "cn=a", simple "pw" } }
    const std::vector<std::uint8_t> ldap = {0x30, 0x12, 0x02, 0x01, 0x01, 0x60, 0x0d, 0x02, 0x01, 0x03,
                                            0x04, 0x04, 'c', 'n', '=', 'a', 0x80, 0x02, 'p', 'w'};
    const std::size_t total = 40 + ldap.size();
    std::vector<std::uint8_t> f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
                                   0x45, 0, 0, static_cast<std::uint8_t>(total), 0, 1, 0x40, 0, 64, 6, 0, 0,
                                   10, 0, 0, 1, 10, 0, 0, 2, 0xc3, 0x50, 0x01, 0x85,
                                   0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0};
    f.insert(f.end(), ldap.begin(), ldap.end());
    test::ProtoDecoder d;
    d.decode(f, linktype::Ethernet);
    EXPECT_EQ(d.protocols(), "eth:ip:tcp:ldap");
    EXPECT_EQ(d.uint("ldap.messageID"), 1u);
    EXPECT_EQ(d.uint("ldap.protocolOp"), 0u);
    EXPECT_EQ(d.uint("ldap.version"), 3u);
    EXPECT_EQ(d.text("ldap.name"), "cn=a");
    EXPECT_EQ(d.uint("ldap.authentication"), 0u);
    EXPECT_EQ(d.packet().infoText(), "bindRequest(1) \"cn=a\" simple ");
    EXPECT_EQ(d.packet().protocolColumn(), "LDAP");
}

TEST(Ldap, SearchAndResultsOfARealCapture) {
    CAPLENS_REQUIRE_CORPUS(kCapture);
    test::ProtoDecoder d;
    ASSERT_TRUE(test::decodeCorpusFrame(d, kCapture, 30));
    EXPECT_EQ(d.uint("ldap.protocolOp"), 3u);
    EXPECT_EQ(d.text("ldap.baseObject"), "CN=Users,DC=contoso,DC=com");
    EXPECT_EQ(d.uint("ldap.scope"), 1u);
    EXPECT_EQ(d.packet().infoText(), "searchRequest(5) \"CN=Users,DC=contoso,DC=com\" singleLevel ");
    test::ProtoDecoder entries;
    ASSERT_TRUE(test::decodeCorpusFrame(entries, kCapture, 23));
    EXPECT_EQ(entries.all("ldap").size(), 2u);  // searchResEntry and searchResDone
    EXPECT_EQ(entries.packet().infoText(), "searchResEntry(4) \"<ROOT>\"  | searchResDone(4) success  [1 result]");
}

}  // namespace
}  // namespace caplens
