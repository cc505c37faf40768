// compiler.cpp — the checked tree to a program of instructions (program.hpp).
#include <unordered_map>

#include "core/filter/program.hpp"

namespace caplens::filter {
namespace {

class Compiler {
public:
    explicit Compiler(CheckedFilter&& checked) : m_checked(std::move(checked)) {}

    Program run() {
        m_program.constants = std::move(m_checked.constants);
        m_program.constantBytes = std::move(m_checked.constantBytes);
        m_program.regexes = std::move(m_checked.regexes);
        if (m_checked.root != kNoExpr) {
            m_program.matchesAll = false;
            test(m_checked.root, 0);
        }
        return std::move(m_program);
    }

private:
    [[nodiscard]] const Expr& at(ExprIndex i) const { return m_checked.exprs[i]; }
    std::uint32_t here() const { return static_cast<std::uint32_t>(m_program.code.size()); }
    std::uint32_t emit(Instruction in) {
        m_program.code.push_back(in);
        return here() - 1;
    }
    std::uint32_t newRegister() { return m_program.registerCount++; }
    std::uint32_t addRanges(const std::vector<RangeSpec>& ranges) {
        m_program.ranges.push_back(ranges);
        return static_cast<std::uint32_t>(m_program.ranges.size() - 1);
    }

    // ---- tests ----
    void test(ExprIndex i, std::uint32_t xorDepth) {
        const Expr& e = at(i);
        switch (e.kind) {
            case ExprKind::Or:
            case ExprKind::And: return chain(e, e.kind == ExprKind::Or ? OpCode::JumpIfTrue : OpCode::JumpIfFalse, xorDepth);
            case ExprKind::Xor: {
                test(e.children.front(), xorDepth);
                for (std::size_t k = 1; k < e.children.size(); ++k) {
                    emit({OpCode::Push});
                    m_program.maxXorDepth = std::max(m_program.maxXorDepth, xorDepth + 1);
                    test(e.children[k], xorDepth + 1);
                    emit({OpCode::XorPop});
                }
                return;
            }
            case ExprKind::Not:
                test(e.children.front(), xorDepth);
                emit({OpCode::Not});
                return;
            case ExprKind::Exists: {
                Instruction in{OpCode::Exists};
                fieldOperands(e, in);
                emit(in);
                return;
            }
            case ExprKind::NotEmpty:
            case ExprKind::NotZero: {
                Instruction in{e.kind == ExprKind::NotEmpty ? OpCode::NotEmpty : OpCode::NotZero};
                in.x = value(e.children.front());
                in.type = at(e.children.front()).type;
                emit(in);
                return;
            }
            case ExprKind::Compare:
            case ExprKind::Contains:
            case ExprKind::InRange: {
                Instruction in{e.kind == ExprKind::Compare    ? OpCode::Compare
                               : e.kind == ExprKind::Contains ? OpCode::Contains
                                                              : OpCode::InRange};
                in.sub = static_cast<std::uint8_t>(e.predicate);
                in.compareClass = e.compareClass;
                in.all = e.all;
                in.x = value(e.children[0]);
                in.y = value(e.children[1]);
                if (e.kind == ExprKind::InRange) in.z = value(e.children[2]);
                emit(in);
                return;
            }
            case ExprKind::Matches: {
                Instruction in{OpCode::Matches};
                in.all = e.all;
                in.x = value(e.children[0]);
                in.y = e.regex;
                emit(in);
                return;
            }
            default: return;  // values are never tests (the semantic stage guarantees it)
        }
    }

    // a || b || c: each operand that decides the result jumps to the end.
    void chain(const Expr& e, OpCode jump, std::uint32_t xorDepth) {
        std::vector<std::uint32_t> jumps;
        for (std::size_t k = 0; k < e.children.size(); ++k) {
            test(e.children[k], xorDepth);
            if (k + 1 < e.children.size()) jumps.push_back(emit({jump}));
        }
        for (const std::uint32_t j : jumps) m_program.code[j].x = here();
    }

    void fieldOperands(const Expr& e, Instruction& in) {
        in.x = e.field;
        in.type = e.type;
        in.y = e.hasLayers ? addRanges(e.ranges) : kNone;
        in.z = e.layerProtocol;
        in.signBits = e.signBits;
    }

    // ---- values ----
    // The register holding the expression's values. An expression shared by several tests
    // (the left side of "in") is loaded once: the first test of the "or" chain always runs.
    std::uint32_t value(ExprIndex i) {
        if (const auto it = m_loaded.find(i); it != m_loaded.end()) return it->second;
        const Expr& e = at(i);
        Instruction in;
        in.type = e.type;
        switch (e.kind) {
            case ExprKind::Field:
                in.code = OpCode::LoadField;
                fieldOperands(e, in);
                break;
            case ExprKind::Constant:
                in.code = OpCode::LoadConst;
                in.x = e.constant;
                in.y = e.constantCount;
                break;
            case ExprKind::Missing: in.code = OpCode::LoadMissing; break;
            case ExprKind::Slice:
                in.code = OpCode::Slice;
                in.x = value(e.children.front());
                in.sourceType = at(e.children.front()).type;
                in.y = addRanges(e.ranges);
                break;
            case ExprKind::AsBytes:
                in.code = OpCode::AsBytes;
                in.x = value(e.children.front());
                in.sourceType = at(e.children.front()).type;
                break;
            case ExprKind::Call: {
                in.code = OpCode::Call;
                in.sub = static_cast<std::uint8_t>(e.function);
                in.compareClass = e.compareClass;
                std::vector<std::uint32_t> args;
                for (const ExprIndex a : e.children) args.push_back(value(a));
                in.sourceType = at(e.children.front()).type;
                m_program.argumentLists.push_back(std::move(args));
                in.x = static_cast<std::uint32_t>(m_program.argumentLists.size() - 1);
                break;
            }
            case ExprKind::Arith:
                in.code = OpCode::Arith;
                in.sub = static_cast<std::uint8_t>(e.arith);
                in.compareClass = e.compareClass;
                in.x = value(e.children[0]);
                in.y = value(e.children[1]);
                break;
            case ExprKind::Negate:
                in.code = OpCode::Negate;
                in.x = value(e.children.front());
                in.sourceType = at(e.children.front()).type;
                break;
            default: in.code = OpCode::LoadMissing; break;
        }
        in.dst = newRegister();
        emit(in);
        m_loaded.emplace(i, in.dst);
        return in.dst;
    }

    CheckedFilter m_checked;
    Program m_program;
    std::unordered_map<ExprIndex, std::uint32_t> m_loaded;
};

const char* opName(OpCode code) {
    switch (code) {
        case OpCode::LoadField: return "load_field";
        case OpCode::LoadConst: return "load_const";
        case OpCode::LoadMissing: return "load_missing";
        case OpCode::Slice: return "slice";
        case OpCode::AsBytes: return "as_bytes";
        case OpCode::Call: return "call";
        case OpCode::Arith: return "arith";
        case OpCode::Negate: return "negate";
        case OpCode::Exists: return "exists";
        case OpCode::NotEmpty: return "not_empty";
        case OpCode::NotZero: return "not_zero";
        case OpCode::Compare: return "compare";
        case OpCode::Contains: return "contains";
        case OpCode::Matches: return "matches";
        case OpCode::InRange: return "in_range";
        case OpCode::Not: return "not";
        case OpCode::JumpIfTrue: return "jump_if_true";
        case OpCode::JumpIfFalse: return "jump_if_false";
        case OpCode::Push: return "push";
        case OpCode::XorPop: return "xor_pop";
    }
    return "?";
}

}  // namespace

Program compileProgram(CheckedFilter&& checked) { return Compiler(std::move(checked)).run(); }

std::string disassemble(const Program& program) {
    std::string out;
    for (std::size_t k = 0; k < program.code.size(); ++k) {
        const Instruction& in = program.code[k];
        out += std::to_string(k) + " " + opName(in.code) + " dst=" + std::to_string(in.dst) + " x=" +
               std::to_string(in.x) + " y=" + std::to_string(in.y) + " sub=" + std::to_string(in.sub) +
               (in.all ? " all" : "") + "\n";
    }
    return out;
}

}  // namespace caplens::filter
