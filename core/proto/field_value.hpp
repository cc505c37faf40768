// field_value.hpp — the value a dissector found for one field occurrence.
//
// Small and trivially copyable: numbers inline, byte strings / text / addresses as a pointer
// into the frame's bytes or into the packet's arena (valid while that frame is dissected).
// How to read it follows from the field's FieldType.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace caplens::proto {

struct FieldValue {
    union {
        std::uint64_t u;  // unsigned integers, bools, IPv4 (host order), frame numbers
        std::int64_t i;   // signed integers, times in ns
        double d;         // floats
    };
    const std::uint8_t* data = nullptr;  // bytes, strings, IPv6 (16), Ether (6)
    std::uint32_t size = 0;

    FieldValue() : u(0) {}

    [[nodiscard]] static FieldValue ofUnsigned(std::uint64_t v) {
        FieldValue f;
        f.u = v;
        return f;
    }
    [[nodiscard]] static FieldValue ofSigned(std::int64_t v) {
        FieldValue f;
        f.i = v;
        return f;
    }
    [[nodiscard]] static FieldValue ofDouble(double v) {
        FieldValue f;
        f.d = v;
        return f;
    }
    [[nodiscard]] static FieldValue ofBytes(std::span<const std::uint8_t> bytes) {
        FieldValue f;
        f.data = bytes.data();
        f.size = static_cast<std::uint32_t>(bytes.size());
        return f;
    }
    [[nodiscard]] static FieldValue ofText(std::string_view text) {
        FieldValue f;
        f.data = reinterpret_cast<const std::uint8_t*>(text.data());
        f.size = static_cast<std::uint32_t>(text.size());
        return f;
    }

    [[nodiscard]] std::span<const std::uint8_t> bytes() const { return {data, size}; }
    [[nodiscard]] std::string_view text() const {
        return {reinterpret_cast<const char*>(data), size};
    }
};

}  // namespace caplens::proto
