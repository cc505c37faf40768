// Hostile filters: deep nesting, huge text, pathological regular expressions, slices past the
// end, mismatched types, random token soup. Each gives an error or an answer in bounded time;
// none may crash, hang or overflow the stack (the asan preset runs these too).
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "tests/unit/filter/filter_test_support.hpp"

namespace caplens::test {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(FilterHostile, DeepParenthesesAreAnError) {
    const std::string deep = std::string(100'000, '(') + "tcp" + std::string(100'000, ')');
    const auto e = errorOf(deep.substr(0, 60'000));  // within the length limit
    EXPECT_NE(e.message.find("nested too deeply"), std::string::npos) << e.message;
    EXPECT_EQ(e.column, 257u);
    std::string ok = std::string(200, '(') + "tcp" + std::string(200, ')');
    EXPECT_TRUE(filter::compile(ok));
}

TEST(FilterHostile, DeepNotsBracesAndFunctionsAreAnError) {
    std::string nots;
    for (int i = 0; i < 20'000; ++i) nots += "!";
    EXPECT_NE(errorOf(nots + "tcp").message.find("nested too deeply"), std::string::npos);
    EXPECT_NE(errorOf(std::string(20'000, '{') + "tcp.port" + std::string(20'000, '}') + " == 1").message.find("nested too deeply"),
              std::string::npos);
    std::string calls;
    for (int i = 0; i < 5'000; ++i) calls += "abs(";
    calls += "tcp.port";
    for (int i = 0; i < 5'000; ++i) calls += ")";
    EXPECT_NE(errorOf(calls + " == 1").message.find("nested too deeply"), std::string::npos);
    std::string slices = "frame";
    for (int i = 0; i < 5'000; ++i) slices += "[0:1]";
    EXPECT_NE(errorOf(slices + " == 00").message.find("nested too deeply"), std::string::npos);
}

TEST(FilterHostile, LongArithmeticChainsAreBounded) {
    std::string sum = "tcp.port";
    for (int i = 0; i < 5'000; ++i) sum += " + 1";
    EXPECT_NE(errorOf(sum + " == 1").message.find("nested too deeply"), std::string::npos);
}

TEST(FilterHostile, LongLogicalChainsCompileAndRunFast) {
    std::string chain = "tcp";
    while (chain.size() < 60'000) chain += " && tcp.port != 1";
    const auto start = std::chrono::steady_clock::now();
    FilterProbe probe(httpRequestFrame());
    EXPECT_TRUE(probe(chain));
    EXPECT_LT(secondsSince(start), 10.0);
}

TEST(FilterHostile, MegabyteFilterIsTooLong) {
    const std::string huge(1 << 20, 'a');
    const auto e = errorOf(huge);
    EXPECT_NE(e.message.find("too long"), std::string::npos);
    EXPECT_EQ(e.column, 65537u);
    std::string hugeValid = "tcp";
    while (hugeValid.size() < (1 << 20)) hugeValid += " or tcp";
    EXPECT_NE(errorOf(hugeValid).message.find("too long"), std::string::npos);
}

TEST(FilterHostile, PathologicalRegexOnAPacketIsBounded) {
    const Bytes payload(1400, 'a');
    FilterProbe probe(ethernet(kMacA, kMacB, 0x0800, ipv4(1, 2, 6, 64, tcp(1, 2, kAck, payload))));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(probe("frame matches \"(a*)*b\""));
    EXPECT_FALSE(probe("tcp.payload matches \"(a|aa)+$x\""));
    EXPECT_TRUE(probe("frame matches \"(a+)+\""));
    EXPECT_LT(secondsSince(start), 5.0);
    EXPECT_NE(errorOf("frame matches \"(a{1000}){1000}\"").message.find("too large"), std::string::npos);
}

TEST(FilterHostile, SlicesPastTheEndYieldNothing) {
    FilterProbe probe(httpRequestFrame());
    EXPECT_FALSE(probe("frame[1000000:1] == 00"));
    EXPECT_FALSE(probe("frame[-1000000:1] == 00"));
    EXPECT_FALSE(probe("frame[9223372036854775807:1] == 00"));
    EXPECT_FALSE(probe("frame[60:9223372036854775807] == 00"));
    EXPECT_FALSE(probe("eth.src[-9223372036854775807] == 00"));
    EXPECT_FALSE(probe("frame[65:10] == 00"));
    EXPECT_FALSE(probe("tcp.payload[16] == 00"));
    EXPECT_FALSE(probe("ip.addr#[9223372036854775807] == 1.2.3.4"));
    EXPECT_FALSE(probe("ip.addr#[-9223372036854775807:2] == 1.2.3.4"));
    EXPECT_FALSE(errorOf("frame[99999999999999999999] == 00").message.empty());
}

TEST(FilterHostile, MismatchedTypesAreErrors) {
    for (const char* expression : {"ip.src == eth.src", "tcp.port == \"http\"", "ip.src == tcp", "tcp.port contains \"a\"",
                                   "frame.time_relative == ip.src", "tcp.flags.syn == -1", "eth.src + 1 == 1",
                                   "ip.src > \"1.2.3.4\"", "upper(tcp) == \"X\"", "max(ip.src, tcp.port) == 1",
                                   "tcp.options.mss == 1", "len() == 1", "abs(tcp.port, 1) == 1"}) {
        EXPECT_FALSE(errorOf(expression).message.empty()) << expression;
    }
}

// Random sequences of the language's tokens: every one compiles or fails cleanly, and those
// that compile evaluate without trouble.
TEST(FilterHostile, RandomTokenSoup) {
    static const char* kTokens[] = {"tcp", "udp", "ip.addr", "tcp.port", "eth.src", "frame", "tcp.payload", "80", "0x10",
                                    "10.0.0.0/8", "00:11", "\"GET\"", "r\"a\\.\"", "'G'", "==", "!=", "~=", "===", ">", "<=",
                                    "contains", "matches", "in", "not", "and", "or", "xor", "!", "&&", "(", ")", "{", "}",
                                    ",", "..", "[0:2]", "[-1]", "#2", "len(", "count(", "max(", "upper(", "+", "-", "*",
                                    "/", "&", "any", "all", "${tcp.port}", "\"(a*)*b\"", "[", "]", "#", "$"};
    std::mt19937 rng(4);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(kTokens) - 1);
    std::uniform_int_distribution<int> length(1, 12);
    FilterProbe probe(httpRequestFrame());
    int compiled = 0;
    for (int i = 0; i < 20'000; ++i) {
        std::string expression;
        for (int n = length(rng); n > 0; --n) expression += std::string(kTokens[pick(rng)]) + " ";
        const filter::CompileResult r = filter::compile(expression);
        if (!r) {
            EXPECT_GE(r.error.column, 1u) << expression;
            EXPECT_LE(r.error.column, expression.size() + 1) << expression;
            continue;
        }
        ++compiled;
        (void)probe(expression);
    }
    EXPECT_GT(compiled, 10);
}

}  // namespace
}  // namespace caplens::test
