// ast.hpp — the syntax tree of a display filter, as the parser builds it.
//
// Nodes live in one vector and refer to each other by index. Chains of the same logical
// operator ("a && b && c") are one n-ary node, so the tree is only as deep as the filter's
// nesting (parentheses, braces, function calls, "not"), which the parser bounds.
// Words are kept as written: whether "tcp" or "80" is a field or a value is the semantic
// stage's business.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/filter/filter_error.hpp"

namespace caplens::filter {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex kNoNode = 0xFFFFFFFF;

enum class NodeKind : std::uint8_t {
    // tests (true or false)
    Or,        // children: 2 or more tests
    Xor,       // children: 2 or more tests
    And,       // children: 2 or more tests
    Not,       // children[0]: a test
    Relation,  // children[0] op children[1]
    In,        // children[0] in set; children[1..]: SetElement
    Test,      // children[0]: a value used as a test (presence, non-zero, non-empty)
    // values
    Word,       // a field/protocol name or a literal (text), maybe with layers
    String,     // text: the decoded bytes
    CharConst,  // text: the one byte
    Reference,  // ${field}: text is the field name
    Slice,      // children[0][ranges]
    Function,   // text(children...)
    Arith,      // children[0] arith children[1]
    Negate,     // -children[0]
    SetElement, // children[0] (.. children[1])
};

enum class RelOp : std::uint8_t { AnyEq, AllNe, AllEq, AnyNe, Gt, Ge, Lt, Le, Contains, Matches };
enum class ArithOp : std::uint8_t { Add, Subtract, Multiply, Divide, Modulo, BitAnd };
// The "any"/"all" written before a relation (Default: the operator's own).
enum class Quantifier : std::uint8_t { Default, Any, All };

// One range of a slice or of a layer list, Wireshark's drange_node.
struct RangeSpec {
    enum class End : std::uint8_t { Single, Length, Offset, ToEnd };
    std::int64_t start = 0;
    End end = End::Single;
    std::int64_t value = 0;  // Length: the length; Offset: the last offset (inclusive)
    SourceSpan span;
};

struct Node {
    NodeKind kind = NodeKind::Word;
    SourceSpan span;
    std::vector<NodeIndex> children;
    std::string text;
    std::vector<RangeSpec> ranges;  // Slice: its ranges; Word with layers: the layer ranges
    bool hasLayers = false;         // Word written with "#"
    bool forcedField = false;       // Word written with a leading "." (always a field)
    bool raw = false;               // String written r"..."
    RelOp op = RelOp::AnyEq;
    ArithOp arith = ArithOp::Add;
    Quantifier quantifier = Quantifier::Default;
    bool negatedIn = false;         // In written "not in"
    std::uint16_t depth = 1;        // height of the subtree
};

struct Ast {
    std::vector<Node> nodes;
    NodeIndex root = kNoNode;  // kNoNode: the empty filter (matches everything)
    std::string_view source;   // the filter text the spans refer to
};

// How an operator is written in messages ("==", "contains").
[[nodiscard]] const char* relOpText(RelOp op);
[[nodiscard]] const char* arithOpText(ArithOp op);

}  // namespace caplens::filter
