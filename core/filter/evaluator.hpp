// evaluator.hpp — runs a compiled filter program against one dissected frame.
//
// The packet was dissected in DissectionMode::Filter with the filter's field mask, so its
// records hold just the fields the filter reads: each field lookup is a scan of a few records.
// Registers, the xor stack and the scratch arena keep their memory from frame to frame: once
// warm, evaluating a frame allocates nothing (multi-range slices, upper()/lower()/string()
// results use the arena).
#pragma once

#include <cstdint>
#include <vector>

#include "core/filter/program.hpp"
#include "core/filter/value.hpp"
#include "core/proto/packet.hpp"

namespace caplens::filter {

class Evaluator {
public:
    explicit Evaluator(const Program& program);

    // Whether the frame in `packet` passes the filter.
    [[nodiscard]] bool run(const Program& program, const proto::Packet& packet);

private:
    struct Register {
        std::vector<Value> values;  // storage for computed values
        const Value* data = nullptr;
        std::uint32_t size = 0;
        bool missing = true;        // no value at all: a relation on it is false

        [[nodiscard]] const Value* begin() const { return data; }
        [[nodiscard]] const Value* end() const { return data + size; }
    };

    void execute(const Program& program, const Instruction& in, const proto::Packet& packet);
    void loadField(const Program& program, const Instruction& in, const proto::Packet& packet, Register& out);
    [[nodiscard]] bool exists(const Program& program, const Instruction& in, const proto::Packet& packet) const;
    void slice(const Program& program, const Instruction& in);
    void asBytes(const Instruction& in);
    void call(const Program& program, const Instruction& in);
    void arith(const Instruction& in);
    void negate(const Instruction& in);
    [[nodiscard]] bool compare(const Instruction& in) const;
    [[nodiscard]] bool contains(const Instruction& in) const;
    [[nodiscard]] bool matches(const Program& program, const Instruction& in) const;
    [[nodiscard]] bool inRange(const Instruction& in) const;
    [[nodiscard]] bool notZero(const Instruction& in) const;

    // The value's bytes (IPv4 addresses are written out in network order).
    [[nodiscard]] std::span<const std::uint8_t> bytesOf(const Value& v, proto::FieldType type);
    static void seal(Register& r, bool missing);

    std::vector<Register> m_registers;
    std::vector<bool> m_stack;
    ScratchArena m_arena;
    bool m_flag = false;
};

}  // namespace caplens::filter
