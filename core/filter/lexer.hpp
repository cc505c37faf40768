// lexer.hpp — the tokens of Wireshark 4.0's display-filter language.
//
// The whole filter is split into tokens up front (linear time, no recursion). Words are the
// "unparsed" tokens of Wireshark's scanner: field and protocol names and literal values alike
// ("tcp.port", "80", "10.0.0.0/8", "00:1a:2b", "fe80::1"); which one a word is depends on the
// registry and on the other side of a comparison, so the semantic stage decides. Keywords are
// lower case and only whole words ("80and" is one word). Inside brackets the lexer returns
// the raw range specifications ("0:3", "-1", "2-4") of a slice; after '#' the layer number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/filter/filter_error.hpp"

namespace caplens::filter {

enum class TokenKind : std::uint8_t {
    End,        // end of the filter
    Word,       // field/protocol name or literal value (text as written)
    String,     // "..." or r"..." (value holds the decoded bytes)
    CharConst,  // 'c' (value holds the one decoded byte)
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,   // followed by RangeNode (Comma RangeNode)* RBracket
    RBracket,
    RangeNode,  // one range of a slice or layer: "0:3", ":2", "-1", "4-6", "3:"
    Comma,
    DotDot,
    Dollar,
    Hash,       // followed by LayerNumber or LBracket
    LayerNumber,
    // relations
    AnyEq,      // == eq any_eq
    AllNe,      // != ne all_ne
    AllEq,      // === all_eq
    AnyNe,      // !== ~= any_ne
    Gt,         // > gt
    Ge,         // >= ge
    Lt,         // < lt
    Le,         // <= le
    Contains,
    Matches,    // matches ~
    In,
    // logic
    Not,        // ! not
    And,        // && and
    Or,         // || or
    Xor,        // ^^ xor
    Any,        // any (quantifier before a relation)
    All,        // all
    // arithmetic
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    BitAnd,     // & bitwise_and bitand
};

struct Token {
    TokenKind kind = TokenKind::End;
    SourceSpan span;        // where it is in the filter text
    std::string_view text;  // as written
    std::string value;      // String: decoded bytes; CharConst: the byte
    bool raw = false;       // String written as r"..."
};

struct LexResult {
    std::vector<Token> tokens;  // always ends with an End token when there is no error
    FilterError error;
};

// Splits `text` into tokens (the first error stops it).
[[nodiscard]] LexResult tokenize(std::string_view text);

// How a token reads in error messages ("==", "and", "\"abc\"").
[[nodiscard]] std::string_view tokenKindName(TokenKind kind);

}  // namespace caplens::filter
