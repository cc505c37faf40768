// The display-filter parser: Wireshark 4.0's grammar and precedence, and its syntax errors.
#include <gtest/gtest.h>

#include "core/filter/lexer.hpp"
#include "core/filter/parser.hpp"

namespace caplens::filter {
namespace {

// The tree as an s-expression: (or (and a b) c), (== tcp.port 80), (slice eth.src 0:3).
std::string show(const Ast& ast, NodeIndex i) {
    const Node& n = ast.nodes[i];
    const auto list = [&](const std::string& head) {
        std::string out = "(" + head;
        for (const NodeIndex c : n.children) out += " " + show(ast, c);
        return out + ")";
    };
    switch (n.kind) {
        case NodeKind::Or: return list("or");
        case NodeKind::Xor: return list("xor");
        case NodeKind::And: return list("and");
        case NodeKind::Not: return list("not");
        case NodeKind::Test: return show(ast, n.children[0]);
        case NodeKind::Relation: {
            const char* q = n.quantifier == Quantifier::Any ? "any " : n.quantifier == Quantifier::All ? "all " : "";
            return list(std::string(q) + relOpText(n.op));
        }
        case NodeKind::In: return list(n.negatedIn ? "not-in" : "in");
        case NodeKind::SetElement: return n.children.size() == 1 ? show(ast, n.children[0]) : list("..");
        case NodeKind::Word: return n.text + (n.hasLayers ? "#" + std::to_string(n.ranges.size()) : "");
        case NodeKind::String: return "\"" + n.text + "\"";
        case NodeKind::CharConst: return "'" + n.text + "'";
        case NodeKind::Reference: return "${" + n.text + "}";
        case NodeKind::Slice: return list("slice");
        case NodeKind::Function: return list("call " + n.text);
        case NodeKind::Arith: return list(arithOpText(n.arith));
        case NodeKind::Negate: return list("neg");
    }
    return "?";
}

std::string tree(const std::string& text) {
    const LexResult lexed = tokenize(text);
    EXPECT_FALSE(lexed.error) << text << ": " << lexed.error.message;
    const ParseResult parsed = parse(text, lexed.tokens);
    EXPECT_FALSE(parsed.error) << text << ": " << parsed.error.message;
    if (parsed.error || parsed.ast.root == kNoNode) return "";
    return show(parsed.ast, parsed.ast.root);
}

FilterError syntaxError(const std::string& text) {
    const LexResult lexed = tokenize(text);
    if (lexed.error) return lexed.error;
    return parse(text, lexed.tokens).error;
}

TEST(FilterParser, AndBindsTighterThanXorThanOr) {
    EXPECT_EQ(tree("a || b && c"), "(or a (and b c))");
    EXPECT_EQ(tree("a && b || c"), "(or (and a b) c)");
    EXPECT_EQ(tree("a or b xor c and d"), "(or a (xor b (and c d)))");
    EXPECT_EQ(tree("a && b && c"), "(and a b c)");  // chains are one node
}

TEST(FilterParser, NotBindsTightestAndParenthesesGroup) {
    EXPECT_EQ(tree("!a && b"), "(and (not a) b)");
    EXPECT_EQ(tree("not (a || b)"), "(not (or a b))");
    EXPECT_EQ(tree("!tcp.port == 80"), "(not (== tcp.port 80))");
    EXPECT_EQ(tree("!!a"), "(not (not a))");
}

TEST(FilterParser, Relations) {
    EXPECT_EQ(tree("tcp.port eq 80"), "(== tcp.port 80)");
    EXPECT_EQ(tree("ip.addr ~= 10.0.0.1"), "(~= ip.addr 10.0.0.1)");
    EXPECT_EQ(tree("all tcp.port > 1024"), "(all > tcp.port 1024)");
    EXPECT_EQ(tree("frame contains \"HTTP\""), "(contains frame \"HTTP\")");
    EXPECT_EQ(tree("http.host matches r\"^www\\.\""), "(matches http.host \"^www\\.\")");
}

TEST(FilterParser, ArithmeticPrecedence) {
    EXPECT_EQ(tree("tcp.srcport + 1 * 2 == 3"), "(== (+ tcp.srcport (* 1 2)) 3)");
    EXPECT_EQ(tree("tcp.flags & 0x02 == 2"), "(== (& tcp.flags 0x02) 2)");
    EXPECT_EQ(tree("tcp.flags & 1 + 1"), "(& tcp.flags (+ 1 1))");
    EXPECT_EQ(tree("{tcp.srcport + 1} * 2 == 4"), "(== (* (+ tcp.srcport 1) 2) 4)");
    EXPECT_EQ(tree("-tcp.srcport == -80"), "(== (neg tcp.srcport) (neg 80))");
}

TEST(FilterParser, SetsRequireCommas) {
    EXPECT_EQ(tree("tcp.port in {80, 443, 8000..8080}"), "(in tcp.port 80 443 (.. 8000 8080))");
    EXPECT_EQ(tree("tcp.port not in {80}"), "(not-in tcp.port 80)");
    const FilterError e = syntaxError("tcp.port in {80 443}");
    EXPECT_EQ(e.message, "\"443\" was unexpected in this context.");
    EXPECT_EQ(e.column, 17u);
    EXPECT_EQ(e.endColumn, 19u);
    EXPECT_EQ(syntaxError("tcp.port in {}").message, "\"}\" was unexpected in this context.");
    EXPECT_EQ(syntaxError("tcp.port in {80,}").message, "\"}\" was unexpected in this context.");
}

TEST(FilterParser, SlicesFunctionsLayersReferences) {
    EXPECT_EQ(tree("eth.src[0:3] == 00:00:0c"), "(== (slice eth.src) 00:00:0c)");
    EXPECT_EQ(tree("frame[1:4][0] == 00"), "(== (slice (slice frame)) 00)");
    EXPECT_EQ(tree("len(http.host) > 3"), "(> (call len http.host) 3)");
    EXPECT_EQ(tree("max(tcp.srcport, tcp.dstport) > 3"), "(> (call max tcp.srcport tcp.dstport) 3)");
    EXPECT_EQ(tree("ip.addr#2 == 1.2.3.4"), "(== ip.addr#1 1.2.3.4)");
    EXPECT_EQ(tree("tcp.port == ${tcp.srcport}"), "(== tcp.port ${tcp.srcport})");
}

TEST(FilterParser, RangeSpecifications) {
    RangeSpec r;
    FilterError e;
    ASSERT_TRUE(parseRange("1:2", {}, r, e));
    EXPECT_EQ(r.start, 1);
    EXPECT_EQ(r.end, RangeSpec::End::Length);
    EXPECT_EQ(r.value, 2);
    ASSERT_TRUE(parseRange("-3", {}, r, e));
    EXPECT_EQ(r.start, -3);
    EXPECT_EQ(r.end, RangeSpec::End::Single);
    ASSERT_TRUE(parseRange("2-4", {}, r, e));
    EXPECT_EQ(r.end, RangeSpec::End::Offset);
    EXPECT_EQ(r.value, 4);
    ASSERT_TRUE(parseRange(":4", {}, r, e));
    EXPECT_EQ(r.start, 0);
    ASSERT_TRUE(parseRange("4:", {}, r, e));
    EXPECT_EQ(r.end, RangeSpec::End::ToEnd);
    EXPECT_FALSE(parseRange("0:0", {}, r, e));
    EXPECT_EQ(e.message, "Range 0:0 isn't valid because length 0 isn't positive");
    EXPECT_FALSE(parseRange("1-0", {}, r, e));
    EXPECT_EQ(e.message, "Range 1-0 isn't valid because 1 is greater or equal than 0");
    EXPECT_FALSE(parseRange("-2-1", {}, r, e));
    EXPECT_EQ(e.message, "Range -2-1 isn't valid because -2 and 1 have different signs");
    EXPECT_FALSE(parseRange("1:2:3", {}, r, e));
    EXPECT_EQ(e.message, "\"1:2:3\" is not a valid range.");
    EXPECT_FALSE(parseRange("a", {}, r, e));
    EXPECT_EQ(e.message, "\"a\" is not a valid number.");
}

TEST(FilterParser, SyntaxErrorsAsWiresharkWordsThem) {
    EXPECT_EQ(syntaxError("tcp.port == ").message, "Unexpected end of filter expression.");
    EXPECT_EQ(syntaxError("tcp.port == ").column, 13u);
    EXPECT_EQ(syntaxError("(tcp.port == 80").message, "Unexpected end of filter expression.");
    FilterError e = syntaxError("tcp.port == 80)");
    EXPECT_EQ(e.message, "\")\" was unexpected in this context.");
    EXPECT_EQ(e.column, 15u);
    e = syntaxError("tcp.port >< 80");
    EXPECT_EQ(e.message, "\"<\" was unexpected in this context.");
    EXPECT_EQ(e.column, 11u);
    EXPECT_EQ(syntaxError("&& tcp").message, "\"&&\" was unexpected in this context.");
    EXPECT_EQ(syntaxError("tcp.port == \"http\"x").message, "\"x\" was unexpected in this context.");
    EXPECT_EQ(syntaxError("()").message, "\")\" was unexpected in this context.");
    EXPECT_EQ(syntaxError("tcp.srcport < 81 < 82").message, "\"<\" was unexpected in this context.");
    EXPECT_EQ(syntaxError("ip.addr#").message, "Unexpected end of filter expression.");
}

TEST(FilterParser, EmptyFilterHasNoRoot) {
    const ParseResult r = parse("", tokenize("").tokens);
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.ast.root, kNoNode);
    EXPECT_EQ(parse("  ", tokenize("  ").tokens).ast.root, kNoNode);
}

}  // namespace
}  // namespace caplens::filter
