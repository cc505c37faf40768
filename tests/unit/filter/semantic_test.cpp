// Checking filters against the registry: names, types, and Wireshark 4.0's error messages
// with the columns the filter bar underlines.
#include <gtest/gtest.h>

#include "tests/unit/filter/filter_test_support.hpp"

namespace caplens::test {
namespace {

struct Expected {
    const char* expression;
    const char* message;
    std::uint32_t column;
    std::uint32_t endColumn;
};

TEST(FilterSemantic, ErrorsAsWiresharkWordsThem) {
    const Expected cases[] = {
        {"tcp.prt", "\"tcp.prt\" is neither a field nor a protocol name.", 1, 7},
        {"tcp.prt == 80", "\"tcp.prt\" is neither a field nor a protocol name.", 1, 7},
        {"80 == tcp.port", "Left side of \"==\" expression must be a field or function, not 80.", 1, 2},
        {"tcp.port == foo", "\"foo\" is not a valid number.", 13, 15},
        {"tcp.port == 70000", "\"70000\" too big for this field, maximum 65535.", 13, 17},
        {"ip.src == tcp.port", "ip.src and tcp.port are not of compatible types.", 11, 18},
        {"ip.proto == tcp", "ip.proto and tcp are not of compatible types.", 13, 15},
        {"tcp.port contains 80", "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.", 1, 8},
        {"ip.src matches \"a\"", "ip.src (type=IPv4 address) cannot participate in matches comparison.", 1, 6},
        {"tcp.port[0:1] == 0", "\"tcp.port\" is a Unsigned integer (2 bytes) and cannot be sliced into a sequence of bytes.", 1, 8},
        {"frame matches GET", "Matches requires a double quoted string on the right side.", 15, 17},
        {"len(tcp.port)", "You cannot test whether a function is present.", 1, 13},
        {"foo(tcp)", "Function 'foo' does not exist", 1, 3},
        {"upper(tcp.port) == \"A\"", "Only string type fields can be used as parameter for upper()", 7, 14},
        {"len(\"abc\") == 3", "Only fields can be used as parameter for len()", 5, 9},
        {"min(80, tcp.srcport) == 80", "Argument '80' is not valid for min()", 5, 6},
        {"abs(-1) == 1", "Constant arithmetic expression on the LHS is invalid.", 5, 6},
        {"tcp.port in {\"80\"}", "Unsigned integer (2 bytes) cannot be converted from a string (\"80\").", 14, 17},
        {"tcp.flags.syn == true", "\"true\" cannot be found among the possible values for tcp.flags.syn.", 18, 21},
        {"\"abc\"", "\"abc\" is neither a field nor a protocol name.", 1, 5},
        {"eth.src == \"fe:ff:20:00:01:00\"", "Ethernet or other MAC address cannot be converted from a string (\"fe:ff:20:00:01:00\").", 12, 30},
        {"ip.addr == 10.0.0.256", "\"10.0.0.256\" is not a valid hostname or IPv4 address.", 12, 21},
        {"ip.addr == 10.0.0.0/33", "Netmask bits in a CIDR IPv4 address should be <= 32, not 33", 12, 22},
        {"eth.src == 00:11:22:33:44", "\"00:11:22:33:44\" contains too few bytes to be a valid Ethernet address.", 12, 25},
        {"frame.len == 1.5.6", "\"1.5.6\" is not a valid number.", 14, 18},
        {"count(80) == 1", "Only fields can be used as parameter for count()", 7, 8},
        {"tcp.port in {eth.src[0:1]}", "A slice may not appear inside a set.", 14, 25},
        {"80 in {80}", "Only a field may be tested for membership in a set.", 1, 2},
        {".nosuch == 1", "\"nosuch\" is not a valid protocol or protocol field.", 1, 7},
        {"frame matches \"(a\"", "Regex compilation error: missing closing parenthesis at offset 2.", 15, 18},
    };
    for (const Expected& c : cases) {
        const filter::FilterError e = errorOf(c.expression);
        EXPECT_EQ(e.message, c.message) << c.expression;
        EXPECT_EQ(e.column, c.column) << c.expression;
        EXPECT_EQ(e.endColumn, c.endColumn) << c.expression;
    }
}

TEST(FilterSemantic, MaskHoldsTheFieldsTheFilterReads) {
    const auto compiled = filter::compile("tcp.port == 80 && ip.src == 1.2.3.4 || frame contains \"x\"");
    ASSERT_TRUE(compiled);
    const auto& reg = proto::registry();
    const auto& mask = compiled.filter->mask();
    ASSERT_EQ(mask.size(), reg.fieldCount());
    EXPECT_TRUE(mask[*reg.findField("tcp.port")]);
    EXPECT_TRUE(mask[*reg.findField("ip.src")]);
    EXPECT_TRUE(mask[*reg.findField("frame")]);
    EXPECT_FALSE(mask[*reg.findField("tcp")]);
    EXPECT_FALSE(mask[*reg.findField("ip.dst")]);
    std::size_t set = 0;
    for (const auto m : mask) set += m != 0;
    EXPECT_EQ(set, 3u);
}

TEST(FilterSemantic, LayersAlsoReadTheirProtocol) {
    const auto compiled = filter::compile("ip.addr#2 == 1.2.3.4");
    ASSERT_TRUE(compiled);
    EXPECT_TRUE(compiled.filter->mask()[*proto::registry().findField("ip")]);
}

TEST(FilterSemantic, EmptyFilterMatchesEverything) {
    const auto compiled = filter::compile("");
    ASSERT_TRUE(compiled);
    EXPECT_TRUE(compiled.filter->matchesEverything());
}

}  // namespace
}  // namespace caplens::test
