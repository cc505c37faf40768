// Literal values read as the type of what they are compared with.
#include <gtest/gtest.h>

#include "core/filter/literals.hpp"

namespace caplens::filter {
namespace {

using proto::FieldType;

struct Read {
    bool ok = false;
    Constant c;
    std::string error;
};

Read read(FieldType type, std::string_view text, LiteralForm form = LiteralForm::Word,
          const proto::FieldDef* field = nullptr) {
    Read r;
    r.ok = parseLiteral(type, form, text, field, r.c, r.error);
    return r;
}

std::string hex(const std::string& bytes) {
    std::string out;
    char buf[4];
    for (const unsigned char b : bytes) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        out += buf;
    }
    return out;
}

TEST(FilterLiterals, IntegersInEveryBase) {
    EXPECT_EQ(read(FieldType::UInt16, "80").c.value.u, 80u);
    EXPECT_EQ(read(FieldType::UInt16, "0x50").c.value.u, 80u);
    EXPECT_EQ(read(FieldType::UInt16, "0120").c.value.u, 80u);
    EXPECT_EQ(read(FieldType::UInt16, "0b1010000").c.value.u, 80u);
    EXPECT_EQ(read(FieldType::UInt64, "18446744073709551615").c.value.u, 18446744073709551615ull);
    EXPECT_EQ(read(FieldType::Int32, "2147483647").c.value.i, 2147483647);
}

TEST(FilterLiterals, IntegerErrors) {
    EXPECT_EQ(read(FieldType::UInt16, "70000").error, "\"70000\" too big for this field, maximum 65535.");
    EXPECT_EQ(read(FieldType::UInt8, "256").error, "\"256\" too big for this field, maximum 255.");
    EXPECT_EQ(read(FieldType::UInt16, "99999999999999999999").error, "\"99999999999999999999\" causes an integer overflow.");
    EXPECT_EQ(read(FieldType::UInt16, "08").error, "\"08\" is not a valid number.");
    EXPECT_EQ(read(FieldType::UInt16, "0x").error, "\"0x\" is not a valid number.");
    EXPECT_EQ(read(FieldType::UInt16, "80.0").error, "\"80.0\" is not a valid number.");
    EXPECT_EQ(read(FieldType::UInt32, "1.5.6").error, "\"1.5.6\" is not a valid number.");
    EXPECT_EQ(read(FieldType::UInt16, "80", LiteralForm::String).error,
              "Unsigned integer (2 bytes) cannot be converted from a string (\"80\").");
}

TEST(FilterLiterals, ValueNamesAreCaseInsensitive) {
    static constexpr proto::ValueName kNames[] = {{6, "TCP"}, {17, "UDP"}};
    const proto::FieldDef proto{0, "ip.proto", "Protocol", FieldType::UInt8, proto::Base::Dec, 0, kNames};
    EXPECT_EQ(read(FieldType::UInt8, "UDP", LiteralForm::Word, &proto).c.value.u, 17u);
    EXPECT_EQ(read(FieldType::UInt8, "udp", LiteralForm::String, &proto).c.value.u, 17u);
    EXPECT_EQ(read(FieldType::UInt8, "17", LiteralForm::Word, &proto).c.value.u, 17u);
    EXPECT_EQ(read(FieldType::UInt8, "sctp", LiteralForm::Word, &proto).error,
              "\"sctp\" cannot be found among the possible values for ip.proto.");
}

TEST(FilterLiterals, Booleans) {
    static constexpr proto::ValueName kSet[] = {{0, "Not set"}, {1, "Set"}};
    const proto::FieldDef syn{0, "tcp.flags.syn", "Syn", FieldType::Bool, proto::Base::None, 0x02, kSet};
    EXPECT_EQ(read(FieldType::Bool, "1", LiteralForm::Word, &syn).c.value.u, 1u);
    EXPECT_EQ(read(FieldType::Bool, "2", LiteralForm::Word, &syn).c.value.u, 1u);
    EXPECT_EQ(read(FieldType::Bool, "0x0", LiteralForm::Word, &syn).c.value.u, 0u);
    EXPECT_EQ(read(FieldType::Bool, "True", LiteralForm::Word, &syn).c.value.u, 1u);
    EXPECT_EQ(read(FieldType::Bool, "FALSE", LiteralForm::Word, &syn).c.value.u, 0u);
    EXPECT_EQ(read(FieldType::Bool, "set", LiteralForm::Word, &syn).c.value.u, 1u);
    EXPECT_EQ(read(FieldType::Bool, "not SET", LiteralForm::String, &syn).c.value.u, 0u);
    EXPECT_EQ(read(FieldType::Bool, "true", LiteralForm::Word, &syn).error,
              "\"true\" cannot be found among the possible values for tcp.flags.syn.");
    EXPECT_EQ(read(FieldType::Bool, "TRUE", LiteralForm::String, &syn).error,
              "\"TRUE\" cannot be found among the possible values for tcp.flags.syn.");
}

TEST(FilterLiterals, Floats) {
    EXPECT_DOUBLE_EQ(read(FieldType::Double, "1.5").c.value.d, 1.5);
    EXPECT_DOUBLE_EQ(read(FieldType::Double, "1e3").c.value.d, 1000.0);
    EXPECT_EQ(read(FieldType::Double, "1.5x").error, "\"1.5x\" is not a valid number.");
}

TEST(FilterLiterals, Ipv4WithCidr) {
    Read r = read(FieldType::Ipv4, "10.1.2.3");
    EXPECT_EQ(r.c.value.u, 0x0a010203u);
    EXPECT_EQ(r.c.value.prefix, 32);
    r = read(FieldType::Ipv4, "10.0.0.0/8");
    EXPECT_EQ(r.c.value.prefix, 8);
    EXPECT_EQ(read(FieldType::Ipv4, "10.0.0.256").error, "\"10.0.0.256\" is not a valid hostname or IPv4 address.");
    EXPECT_EQ(read(FieldType::Ipv4, "10.0.0").error, "\"10.0.0\" is not a valid hostname or IPv4 address.");
    EXPECT_EQ(read(FieldType::Ipv4, "1.2.3.4.5").error, "\"1.2.3.4.5\" is not a valid hostname or IPv4 address.");
    EXPECT_EQ(read(FieldType::Ipv4, "10.0.0.0/33").error, "Netmask bits in a CIDR IPv4 address should be <= 32, not 33");
    EXPECT_EQ(read(FieldType::Ipv4, "10.0.0.1", LiteralForm::String).error,
              "IPv4 address cannot be converted from a string (\"10.0.0.1\").");
}

TEST(FilterLiterals, Ipv6WithPrefix) {
    EXPECT_EQ(hex(read(FieldType::Ipv6, "::1").c.bytes), "00000000000000000000000000000001");
    EXPECT_EQ(hex(read(FieldType::Ipv6, "fe80::/10").c.bytes), "fe800000000000000000000000000000");
    EXPECT_EQ(read(FieldType::Ipv6, "fe80::/10").c.value.prefix, 10);
    EXPECT_EQ(hex(read(FieldType::Ipv6, "2001:db8::ff00:42:8329").c.bytes), "20010db8000000000000ff0000428329");
    EXPECT_EQ(hex(read(FieldType::Ipv6, "::ffff:192.0.2.1").c.bytes), "00000000000000000000ffffc0000201");
    EXPECT_EQ(hex(read(FieldType::Ipv6, "1:2:3:4:5:6:7:8").c.bytes), "00010002000300040005000600070008");
    EXPECT_FALSE(read(FieldType::Ipv6, "1:2:3:4:5:6:7:8:9").ok);
    EXPECT_FALSE(read(FieldType::Ipv6, "1::2::3").ok);
    EXPECT_FALSE(read(FieldType::Ipv6, ":1").ok);
    EXPECT_EQ(read(FieldType::Ipv6, "::1/129").error, "Prefix in a IPv6 address should be <= 128, not 129");
}

TEST(FilterLiterals, EthernetAddressesInEveryNotation) {
    for (const char* text : {"fe:ff:20:00:01:00", "fe-ff-20-00-01-00", "fe.ff.20.00.01.00", "feff.2000.0100", "feff20000100"}) {
        EXPECT_EQ(hex(read(FieldType::Ether, text).c.bytes), "feff20000100") << text;
    }
    EXPECT_EQ(read(FieldType::Ether, "00:11:22:33:44").error,
              "\"00:11:22:33:44\" contains too few bytes to be a valid Ethernet address.");
    EXPECT_EQ(read(FieldType::Ether, "00:11:22:33:44:55:66").error,
              "\"00:11:22:33:44:55:66\" contains too many bytes to be a valid Ethernet address.");
}

TEST(FilterLiterals, ByteStrings) {
    EXPECT_EQ(hex(read(FieldType::Bytes, "00:1a:2b").c.bytes), "001a2b");
    EXPECT_EQ(hex(read(FieldType::Bytes, "00-1a-2b").c.bytes), "001a2b");
    EXPECT_EQ(hex(read(FieldType::Bytes, "00.1a.2b").c.bytes), "001a2b");
    EXPECT_EQ(hex(read(FieldType::Bytes, "474554").c.bytes), "474554");
    EXPECT_EQ(hex(read(FieldType::Bytes, "ff").c.bytes), "ff");
    EXPECT_EQ(hex(read(FieldType::Bytes, "0x47").c.bytes), "47");
    EXPECT_EQ(hex(read(FieldType::Bytes, "GET", LiteralForm::String).c.bytes), "474554");
    EXPECT_EQ(read(FieldType::Bytes, "GET").error, "\"GET\" is not a valid byte string.");
    EXPECT_FALSE(read(FieldType::Bytes, "47:45-54").ok);
}

TEST(FilterLiterals, StringsAndCharacters) {
    EXPECT_EQ(read(FieldType::String, "www.example.com").c.bytes, "www.example.com");
    EXPECT_EQ(read(FieldType::String, "a b", LiteralForm::String).c.bytes, "a b");
    EXPECT_EQ(read(FieldType::UInt16, "P", LiteralForm::CharConst).c.value.u, 80u);
    EXPECT_EQ(hex(read(FieldType::Bytes, "G", LiteralForm::CharConst).c.bytes), "47");
}

TEST(FilterLiterals, Times) {
    EXPECT_EQ(read(FieldType::RelativeTime, "1.5").c.value.i, 1'500'000'000);
    EXPECT_EQ(read(FieldType::RelativeTime, "0.000001").c.value.i, 1'000);
    EXPECT_EQ(read(FieldType::RelativeTime, "2").c.value.i, 2'000'000'000);
    EXPECT_EQ(read(FieldType::RelativeTime, "1e3").error, "\"1e3\" is not a valid time.");
    EXPECT_EQ(read(FieldType::RelativeTime, "1.0000000001").error, "\"1.0000000001\" is not a valid time.");
    const std::int64_t t = 1084443427311224000;  // May 13, 2004 10:17:07.311224 UTC
    EXPECT_EQ(read(FieldType::AbsoluteTime, "May 13, 2004 10:17:07.311224000", LiteralForm::String).c.value.i, t);
    EXPECT_EQ(read(FieldType::AbsoluteTime, "2004-05-13 10:17:07.311224", LiteralForm::String).c.value.i, t);
    EXPECT_EQ(read(FieldType::AbsoluteTime, "2004-05-13T10:17:07.311224Z", LiteralForm::String).c.value.i, t);
    EXPECT_EQ(read(FieldType::AbsoluteTime, "2004-05-13", LiteralForm::String).c.value.i, 1084406400000000000);
    EXPECT_FALSE(read(FieldType::AbsoluteTime, "Nov 12 1999", LiteralForm::String).ok);
}

TEST(FilterLiterals, TypeNamesAreWiresharks) {
    EXPECT_EQ(typeName(FieldType::UInt16), "Unsigned integer (2 bytes)");
    EXPECT_EQ(typeName(FieldType::Int32), "Signed integer (4 bytes)");
    EXPECT_EQ(typeName(FieldType::Ether), "Ethernet or other MAC address");
    EXPECT_EQ(typeName(FieldType::RelativeTime), "Time offset");
}

}  // namespace
}  // namespace caplens::filter
