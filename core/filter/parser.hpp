// parser.hpp — tokens to syntax tree, with Wireshark 4.0's grammar and precedence.
//
//   expr     := xor ( ("||" | "or") xor )*           lowest
//   xor      := and ( ("^^" | "xor") and )*
//   and      := unary ( ("&&" | "and") unary )*
//   unary    := ("!" | "not") unary | "(" expr ")" | ["any" | "all"] relation
//   relation := arith [ cmp arith | "contains" entity | "matches" entity | ["not"] "in" set ]
//   arith    := sum ( "&" sum )*                      (bitwise and binds loosest)
//   sum      := product ( ("+" | "-") product )*
//   product  := signed ( ("*" | "/" | "%") signed )*
//   signed   := ["-" | "+"] entity
//   entity   := ( word ["#" layers] | word "(" [arith ("," arith)*] ")" | string | 'c'
//               | "${" word "}" | "{" arith "}" ) ( "[" ranges "]" )*
//   set      := "{" element ("," element)* "}"       (the commas are required)
//   element  := signed [".." signed]
// Relations do not chain ("a < b < c" is an error, as in Wireshark 4.0). "xor"/"^^" is
// Wireshark 4.2's; 4.0 rejects it.
//
// Limits against hostile input: the parser recurses only into parentheses, braces, function
// arguments and "not", at most kMaxNesting levels; no subtree may be deeper than that either
// (long "1 + 1 + ..." chains), so every later pass may recurse over the tree safely.
#pragma once

#include <string_view>

#include "core/filter/ast.hpp"
#include "core/filter/lexer.hpp"

namespace caplens::filter {

inline constexpr std::uint16_t kMaxNesting = 256;

struct ParseResult {
    Ast ast;
    FilterError error;
};

// Parses the tokens of `source` (from tokenize(source)).
[[nodiscard]] ParseResult parse(std::string_view source, const std::vector<Token>& tokens);

// Parses one range of a slice or layer list ("0:3", "-1", "2-4", ":2", "3:").
[[nodiscard]] bool parseRange(std::string_view text, SourceSpan span, RangeSpec& out, FilterError& error);

}  // namespace caplens::filter
