// The display-filter lexer: words, operators, keywords, strings, slices and layers.
#include <gtest/gtest.h>

#include "core/filter/lexer.hpp"

namespace caplens::filter {
namespace {

std::vector<TokenKind> kinds(std::string_view text) {
    std::vector<TokenKind> out;
    const LexResult r = tokenize(text);
    EXPECT_FALSE(r.error) << text << ": " << r.error.message;
    for (const Token& t : r.tokens) out.push_back(t.kind);
    return out;
}

std::vector<std::string> texts(std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(text).tokens) out.emplace_back(t.text);
    return out;
}

TEST(FilterLexer, SplitsComparisonsWithAndWithoutSpaces) {
    using K = TokenKind;
    EXPECT_EQ(kinds("tcp.port == 80"), (std::vector{K::Word, K::AnyEq, K::Word, K::End}));
    EXPECT_EQ(kinds("tcp.port==80"), (std::vector{K::Word, K::AnyEq, K::Word, K::End}));
    EXPECT_EQ(texts("ip.src==10.0.0.0/8&&!udp"), (std::vector<std::string>{"ip.src", "==", "10.0.0.0/8", "&&", "!", "udp", ""}));
}

TEST(FilterLexer, EveryOperatorAndItsWordForm) {
    using K = TokenKind;
    EXPECT_EQ(kinds("== eq any_eq"), (std::vector{K::AnyEq, K::AnyEq, K::AnyEq, K::End}));
    EXPECT_EQ(kinds("!= ne all_ne"), (std::vector{K::AllNe, K::AllNe, K::AllNe, K::End}));
    EXPECT_EQ(kinds("=== all_eq"), (std::vector{K::AllEq, K::AllEq, K::End}));
    EXPECT_EQ(kinds("~= !== any_ne"), (std::vector{K::AnyNe, K::AnyNe, K::AnyNe, K::End}));
    EXPECT_EQ(kinds("> gt >= ge < lt <= le"), (std::vector{K::Gt, K::Gt, K::Ge, K::Ge, K::Lt, K::Lt, K::Le, K::Le, K::End}));
    EXPECT_EQ(kinds("contains matches ~ in"), (std::vector{K::Contains, K::Matches, K::Matches, K::In, K::End}));
    EXPECT_EQ(kinds("&& and || or ^^ xor ! not"),
              (std::vector{K::And, K::And, K::Or, K::Or, K::Xor, K::Xor, K::Not, K::Not, K::End}));
    EXPECT_EQ(kinds("& bitwise_and bitand + - * / %"),
              (std::vector{K::BitAnd, K::BitAnd, K::BitAnd, K::Plus, K::Minus, K::Star, K::Slash, K::Percent, K::End}));
    EXPECT_EQ(kinds("any all"), (std::vector{K::Any, K::All, K::End}));
}

TEST(FilterLexer, KeywordsAreLowerCaseWholeWords) {
    using K = TokenKind;
    EXPECT_EQ(kinds("80and"), (std::vector{K::Word, K::End}));
    EXPECT_EQ(kinds("AND"), (std::vector{K::Word, K::End}));
    EXPECT_EQ(kinds("android"), (std::vector{K::Word, K::End}));
}

TEST(FilterLexer, WordsKeepAddressesAndBytesWhole) {
    EXPECT_EQ(texts("fe80::1/10 00:1a:2b 00-1a-2b 00.1a.2b 10.0.0.0/8"),
              (std::vector<std::string>{"fe80::1/10", "00:1a:2b", "00-1a-2b", "00.1a.2b", "10.0.0.0/8", ""}));
    // A dash inside a word is part of it ("80-1" is one literal); at the start it is minus.
    EXPECT_EQ(texts("80-1 -1"), (std::vector<std::string>{"80-1", "-", "1", ""}));
}

TEST(FilterLexer, DotDotSeparatesRangeBounds) {
    EXPECT_EQ(texts("{80..443}"), (std::vector<std::string>{"{", "80", "..", "443", "}", ""}));
    EXPECT_EQ(texts("{1.2.3.4..1.2.3.9}"), (std::vector<std::string>{"{", "1.2.3.4", "..", "1.2.3.9", "}", ""}));
}

TEST(FilterLexer, StringsDecodeEscapes) {
    const LexResult r = tokenize(R"("a\x41\101\n\t\\\"\u00e9")");
    ASSERT_FALSE(r.error) << r.error.message;
    EXPECT_EQ(r.tokens[0].kind, TokenKind::String);
    EXPECT_EQ(r.tokens[0].value, "aAA\n\t\\\"\xc3\xa9");
}

TEST(FilterLexer, RawStringsKeepBackslashes) {
    const LexResult r = tokenize(R"(r"a\.b\"c")");
    ASSERT_FALSE(r.error) << r.error.message;
    EXPECT_TRUE(r.tokens[0].raw);
    EXPECT_EQ(r.tokens[0].value, R"(a\.b\"c)");
}

TEST(FilterLexer, CharacterConstants) {
    const LexResult r = tokenize(R"('G' '\x47' '\n')");
    ASSERT_FALSE(r.error);
    EXPECT_EQ(r.tokens[0].value, "G");
    EXPECT_EQ(r.tokens[1].value, "G");
    EXPECT_EQ(r.tokens[2].value, "\n");
    EXPECT_EQ(tokenize("'ab'").error.message, "'ab' is too long to be a valid character constant.");
}

TEST(FilterLexer, SlicesAndLayersAreRawRanges) {
    using K = TokenKind;
    EXPECT_EQ(kinds("eth.src[0:3]"), (std::vector{K::Word, K::LBracket, K::RangeNode, K::RBracket, K::End}));
    EXPECT_EQ(texts("frame[ 1 : 2 , -1]"), (std::vector<std::string>{"frame", "[", "1 : 2", ",", "-1", "]", ""}));
    EXPECT_EQ(kinds("ip.addr#2"), (std::vector{K::Word, K::Hash, K::LayerNumber, K::End}));
    EXPECT_EQ(kinds("ip.addr#[1-2]"), (std::vector{K::Word, K::Hash, K::LBracket, K::RangeNode, K::RBracket, K::End}));
}

TEST(FilterLexer, ErrorsCarryColumns) {
    FilterError e = tokenize(R"(frame contains "GET)").error;
    EXPECT_EQ(e.message, "The final quote was missing from a quoted string.");
    EXPECT_EQ(e.column, 20u);
    e = tokenize(R"(frame contains "\q")").error;
    EXPECT_EQ(e.message, "\\q is not a valid character escape sequence");
    EXPECT_EQ(e.column, 17u);
    EXPECT_EQ(e.endColumn, 18u);
    e = tokenize(R"(tcp.port == "\777")").error;
    EXPECT_EQ(e.message, "\\777 is larger than 255.");
    e = tokenize("tcp.port = 80").error;
    EXPECT_EQ(e.message, "\"=\" was unexpected in this context.");
    EXPECT_EQ(e.column, 10u);
    e = tokenize("eth.src[0:1").error;
    EXPECT_EQ(e.message, "The right bracket was missing from a slice.");
    e = tokenize("ip.addr#x == 1.2.3.4").error;
    EXPECT_EQ(e.message, "Expected digit or \"[\", not \"x\"");
    EXPECT_EQ(e.column, 9u);
}

}  // namespace
}  // namespace caplens::filter
