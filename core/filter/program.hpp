// program.hpp — a compiled display filter: a short list of instructions over registers.
//
// Registers hold lists of values (a field may occur several times). Value instructions fill
// one register each; test instructions set the one boolean flag; "and"/"or" are jumps, so a
// relation's fields are only looked up when the relation is reached (Wireshark's DFVM works
// the same way). The program runs top to bottom without recursion; its length is bounded by
// the filter's size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/filter/ast.hpp"
#include "core/filter/regex.hpp"
#include "core/filter/semantic.hpp"
#include "core/filter/value.hpp"
#include "core/proto/field.hpp"

namespace caplens::filter {

enum class OpCode : std::uint8_t {
    // values: fill register dst
    LoadField,    // x: field, y: layer ranges (kNone: all), z: the layers' protocol field
    LoadConst,    // x: first constant, y: count
    LoadMissing,  // a register without a value
    Slice,        // x: source register, y: ranges
    AsBytes,      // x: source register
    Call,         // x: argument list, sub: Function
    Arith,        // x, y: operand registers, sub: ArithOp
    Negate,       // x: operand register
    // tests: set the flag
    Exists,       // x: field, y: layer ranges (kNone: all), z: the layers' protocol field
    NotEmpty,     // x: register
    NotZero,      // x: register
    Compare,      // x, y: registers, sub: Predicate, all: every pair
    Contains,     // x, y: registers
    Matches,      // x: register, y: regex
    InRange,      // x: register, y: low register, z: high register
    // logic
    Not,          // flag = !flag
    JumpIfTrue,   // x: target
    JumpIfFalse,  // x: target
    Push,         // push the flag (for xor)
    XorPop,       // flag = popped ^ flag
};

inline constexpr std::uint32_t kNone = 0xFFFFFFFF;

struct Instruction {
    OpCode code = OpCode::Not;
    std::uint8_t sub = 0;  // Predicate, ArithOp or Function
    CompareClass compareClass = CompareClass::Incomparable;
    proto::FieldType type = proto::FieldType::None;  // the static type of the value produced / read
    proto::FieldType sourceType = proto::FieldType::None;  // Slice/AsBytes/Negate/Call: the operand's type
    bool all = false;
    std::uint8_t signBits = 0;  // LoadField of a signed field: bits to sign-extend from
    std::uint32_t dst = 0;
    std::uint32_t x = 0, y = 0, z = 0;
};

struct Program {
    std::vector<Instruction> code;
    std::uint32_t registerCount = 0;
    std::uint32_t maxXorDepth = 0;
    std::vector<Value> constants;
    std::vector<std::unique_ptr<std::string>> constantBytes;
    std::vector<std::vector<RangeSpec>> ranges;      // slice and layer ranges
    std::vector<std::vector<std::uint32_t>> argumentLists;  // Call: argument registers
    std::vector<proto::FieldType> argumentTypes;     // per argument list: type of the first argument
    std::vector<Regex> regexes;
    bool matchesAll = true;  // the empty filter
};

// Turns the checked tree into a program (takes over its constants and regexes).
[[nodiscard]] Program compileProgram(CheckedFilter&& checked);

// A readable listing of the program (for tests and `caplens filter --explain`-style debugging).
[[nodiscard]] std::string disassemble(const Program& program);

}  // namespace caplens::filter
