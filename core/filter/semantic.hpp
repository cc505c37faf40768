// semantic.hpp — the syntax tree checked against the registry: a typed tree.
//
// Words become fields or protocols (the registry's names) or literal values read as the type
// of the other side; every value gets its static type (a proto::FieldType); operators are
// checked against the types they may take, with Wireshark 4.0's messages. The result is what
// the compiler turns into an evaluation program.
//
// Semantics kept from Wireshark 4.0 (tshark -Y is the oracle):
//  - A field occurring several times yields several values. "==", "<", ">", "contains",
//    "matches", "~=" hold when some pair of values does; "!=" and "===" (and "all" before a
//    relation) when every pair does; "any"/"all" before a relation choose explicitly.
//  - A relation on an absent field (or function of one) is false, "!=" included.
//  - Values that cannot be compared (an unsigned field and a negative number) make every pair
//    undecided: "some pair" relations are false, "every pair" relations true.
//  - "x in {a, b..c}" is "x == a || x in [b, c]" per element (each element with the relation's
//    quantifier); "not in" is its negation.
//  - A slice past the end of a value yields no value (not an error); a slice used as a test
//    holds when it yields bytes; arithmetic used as a test holds when a result is not zero.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/filter/ast.hpp"
#include "core/filter/regex.hpp"
#include "core/filter/value.hpp"
#include "core/proto/packet.hpp"
#include "core/proto/registry.hpp"

namespace caplens::filter {

using ExprIndex = std::uint32_t;
inline constexpr ExprIndex kNoExpr = 0xFFFFFFFF;

enum class ExprKind : std::uint8_t {
    // tests
    Or,        // children: tests
    Xor,       // children: tests
    And,       // children: tests
    Not,       // children[0]
    Exists,    // field (with layers) is present
    NotEmpty,  // children[0] (a slice) yields a value
    NotZero,   // children[0] (arithmetic) yields a non-zero value
    Compare,   // children[0] op children[1]
    Contains,  // children[0] contains children[1]
    Matches,   // children[0] matches regexes[regex]
    InRange,   // children[0] in [children[1], children[2]]
    // values
    Field,     // the values of field (with layers)
    Constant,  // constants[constant, constant + constantCount)
    Missing,   // never has a value (a ${reference}: there is no selected frame)
    Slice,     // children[0][ranges] as bytes
    AsBytes,   // children[0] as bytes (for comparing with a slice)
    Call,      // function(children...)
    Arith,     // children[0] arith children[1]
    Negate,    // -children[0]
};

enum class Function : std::uint8_t { Len, Count, Upper, Lower, String, Abs, Max, Min };

// How two values compare, decided from their static types.
enum class CompareClass : std::uint8_t { Unsigned, Signed, Bool, Double, Time, Ipv4, Ipv6, Bytes, String, Incomparable };

// The relation applied to each pair of values.
enum class Predicate : std::uint8_t { Eq, Ne, Gt, Ge, Lt, Le };

struct Expr {
    ExprKind kind = ExprKind::Constant;
    proto::FieldType type = proto::FieldType::None;  // values: static type
    SourceSpan span;
    std::vector<ExprIndex> children;
    proto::FieldId field = proto::kNoField;          // Field, Exists
    proto::FieldId layerProtocol = proto::kNoField;  // Field, Exists with layers: its protocol's field
    std::vector<RangeSpec> ranges;                   // Slice: byte ranges; Field/Exists: layers
    bool hasLayers = false;
    std::uint8_t signBits = 0;                       // Field of a signed type: its width in bits
    std::uint32_t constant = 0, constantCount = 0;   // Constant
    Predicate predicate = Predicate::Eq;             // Compare
    CompareClass compareClass = CompareClass::Incomparable;  // Compare, InRange, Arith
    bool all = false;                                // Compare, Contains, Matches, InRange: every pair
    std::uint32_t regex = 0;                         // Matches
    ArithOp arith = ArithOp::Add;                    // Arith
    Function function = Function::Len;               // Call
};

struct CheckedFilter {
    std::vector<Expr> exprs;
    ExprIndex root = kNoExpr;  // kNoExpr: the empty filter
    std::vector<Value> constants;
    std::vector<std::unique_ptr<std::string>> constantBytes;  // what constants' data point into
    std::vector<Regex> regexes;
    proto::FieldMask mask;     // the fields the filter reads
};

struct CheckResult {
    CheckedFilter filter;
    FilterError error;
};

[[nodiscard]] CheckResult analyze(const Ast& ast, const proto::Registry& registry);

// Bytes-like types (compared as byte strings; can be sliced).
[[nodiscard]] bool isBytesLike(proto::FieldType type);

}  // namespace caplens::filter
