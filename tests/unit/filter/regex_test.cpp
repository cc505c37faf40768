// The linear-time regular expressions of `matches`.
#include <gtest/gtest.h>

#include <chrono>

#include "core/filter/regex.hpp"

namespace caplens::filter {
namespace {

bool match(std::string_view pattern, std::string_view text, bool caseless = true) {
    std::string error;
    const auto re = Regex::compile(pattern, error, caseless);
    EXPECT_TRUE(re.has_value()) << pattern << ": " << error;
    return re && re->search(text);
}

std::string compileError(std::string_view pattern) {
    std::string error;
    const auto re = Regex::compile(pattern, error);
    EXPECT_FALSE(re.has_value()) << pattern;
    return error;
}

TEST(FilterRegex, LiteralsSearchAnywhere) {
    EXPECT_TRUE(match("GET", "xx GET /"));
    EXPECT_FALSE(match("POST", "GET /"));
    EXPECT_TRUE(match("", "anything"));
    EXPECT_TRUE(match("", ""));
}

TEST(FilterRegex, CaselessByDefaultLikeWireshark) {
    EXPECT_TRUE(match("get", "GET /"));
    EXPECT_FALSE(match("get", "GET /", false));
    EXPECT_FALSE(match("(?-i)get", "GET /"));
    EXPECT_TRUE(match("(?-i)G(?i)et", "GET"));
    EXPECT_TRUE(match("(?-i:G)et", "GET"));
    EXPECT_FALSE(match("(?-i:g)et", "GET"));
    EXPECT_TRUE(match("[[:upper:]]{3}", "get"));
    EXPECT_FALSE(match("[^a]", "aA"));  // negated classes fold case first
}

TEST(FilterRegex, AnchorsAndBoundaries) {
    EXPECT_TRUE(match("^GET", "GET /"));
    EXPECT_FALSE(match("^GET", " GET /"));
    EXPECT_TRUE(match("1\\.1$", "HTTP/1.1"));
    EXPECT_TRUE(match("1\\.1$", "HTTP/1.1\n"));  // $ also before a final newline
    EXPECT_FALSE(match("1\\.1\\z", "HTTP/1.1\n"));
    EXPECT_TRUE(match("(?m)^Host:", "GET /\r\nHost: x"));
    EXPECT_FALSE(match("^Host:", "GET /\r\nHost: x"));
    EXPECT_TRUE(match("\\bcom\\b", "example.com"));
    EXPECT_FALSE(match("\\bcom\\b", "example.comx"));
    EXPECT_TRUE(match("\\Bxam", "example"));
}

TEST(FilterRegex, ClassesAndEscapes) {
    EXPECT_TRUE(match("\\d{3} OK", "HTTP/1.1 200 OK"));
    EXPECT_TRUE(match("G\\wT", "GET"));
    EXPECT_FALSE(match("G\\WT", "GET"));
    EXPECT_TRUE(match("a\\sb", "a\tb"));
    EXPECT_TRUE(match("[a-c]+z", "xxabcz"));
    EXPECT_TRUE(match("[^0-9]", "12a3"));
    EXPECT_FALSE(match("^[^0-9]+$", "12a3"));
    EXPECT_TRUE(match("[]a]", "]"));
    EXPECT_TRUE(match("[a\\-z]", "-"));
    EXPECT_TRUE(match("\\x47ET", "GET"));
    EXPECT_TRUE(match("\\x{47}ET", "GET"));
    EXPECT_TRUE(match("a.c", "abc"));
    EXPECT_FALSE(match("a.c", "a\nc"));
    EXPECT_TRUE(match("(?s)a.c", "a\nc"));
    EXPECT_TRUE(match("\\.", "."));
    EXPECT_FALSE(match("\\.", "a"));
    EXPECT_TRUE(match("[[:digit:]][[:alpha:]]", "1a"));
}

TEST(FilterRegex, AlternationGroupsQuantifiers) {
    EXPECT_TRUE(match("GET|POST", "POST /"));
    EXPECT_TRUE(match("^(GET|POST) /", "POST /"));
    EXPECT_FALSE(match("^(GET|POST) /", "PUT /"));
    EXPECT_TRUE(match("^a(bc)*d$", "abcbcd"));
    EXPECT_TRUE(match("^a(bc)*d$", "ad"));
    EXPECT_FALSE(match("^a(bc)+d$", "ad"));
    EXPECT_TRUE(match("^ab?c$", "ac"));
    EXPECT_TRUE(match("^a{2,3}$", "aaa"));
    EXPECT_FALSE(match("^a{2,3}$", "aaaa"));
    EXPECT_TRUE(match("^a{2,}$", "aaaaa"));
    EXPECT_TRUE(match("^a{2}$", "aa"));
    EXPECT_TRUE(match("^a*?b+?c??$", "aabb"));
    EXPECT_TRUE(match("^a++b$", "aab"));
    EXPECT_TRUE(match("a{2,", "a{2,"));  // not a quantifier: literal
    EXPECT_TRUE(match("(?:ab)+", "abab"));
    EXPECT_TRUE(match("(?<name>ab)", "ab"));
    EXPECT_TRUE(match("(?x) a b # comment", "ab"));
}

TEST(FilterRegex, UnsupportedAndInvalidPatternsAreErrors) {
    EXPECT_NE(compileError("(a").find("missing closing parenthesis"), std::string::npos);
    EXPECT_NE(compileError("a)").find("unmatched closing parenthesis"), std::string::npos);
    EXPECT_NE(compileError("\\1").find("reference to non-existent subpattern"), std::string::npos);
    EXPECT_NE(compileError("(a)\\1").find("back references are not supported"), std::string::npos);
    EXPECT_NE(compileError("(?<=G)ET").find("not supported"), std::string::npos);
    EXPECT_NE(compileError("a(?=b)").find("not supported"), std::string::npos);
    EXPECT_NE(compileError("*a").find("quantifier does not follow"), std::string::npos);
    EXPECT_NE(compileError("[a").find("missing terminating ]"), std::string::npos);
    EXPECT_NE(compileError("a{3,2}").find("out of order"), std::string::npos);
    EXPECT_NE(compileError("a{1001}").find("too big"), std::string::npos);
    EXPECT_NE(compileError("\\p{L}").find("not supported"), std::string::npos);
    EXPECT_NE(compileError("[z-a]").find("out of order"), std::string::npos);
}

TEST(FilterRegex, PathologicalPatternsRunInLinearTime) {
    const std::string text(100'000, 'a');
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(match("(a*)*b", text));
    EXPECT_FALSE(match("(a|a)*b", text));
    EXPECT_FALSE(match("(a+)+$x", text));
    EXPECT_FALSE(match("^(a|aa)*c", text));
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 5.0);
}

TEST(FilterRegex, ProgramSizeIsBounded) {
    EXPECT_NE(compileError("(a{1000}){1000}").find("too large"), std::string::npos);
    EXPECT_NE(compileError("((((a{100}){100}){100}){100})").find("too large"), std::string::npos);
    std::string deep;
    for (int i = 0; i < 300; ++i) deep += "(";
    deep += "a";
    for (int i = 0; i < 300; ++i) deep += ")";
    EXPECT_NE(compileError(deep).find("too deeply nested"), std::string::npos);
}

}  // namespace
}  // namespace caplens::filter
