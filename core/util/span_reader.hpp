// span_reader.hpp — a bounds-checked cursor over a byte span.
//
// Reads past the end never touch memory outside the span: they return zero (or an empty
// span) and latch `overrun()`, so a parser can read a whole header and check once at the end.
// This is the only way caplens code reads multi-byte values from untrusted bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/util/byte_order.hpp"

namespace caplens {

using Bytes = std::span<const std::uint8_t>;

class SpanReader {
public:
    explicit SpanReader(Bytes bytes, ByteOrder order = ByteOrder::Big)
        : m_bytes(bytes), m_order(order) {}

    [[nodiscard]] std::size_t offset() const { return m_offset; }
    [[nodiscard]] std::size_t size() const { return m_bytes.size(); }
    [[nodiscard]] std::size_t remaining() const { return m_bytes.size() - m_offset; }
    [[nodiscard]] bool atEnd() const { return m_offset >= m_bytes.size(); }
    // True once any read asked for more bytes than remained.
    [[nodiscard]] bool overrun() const { return m_overrun; }
    [[nodiscard]] bool ok() const { return !m_overrun; }
    [[nodiscard]] bool has(std::size_t n) const { return n <= remaining(); }
    [[nodiscard]] ByteOrder byteOrder() const { return m_order; }
    void setByteOrder(ByteOrder order) { m_order = order; }

    [[nodiscard]] std::uint8_t u8() { return read<std::uint8_t>(); }
    [[nodiscard]] std::uint16_t u16() { return read<std::uint16_t>(); }
    [[nodiscard]] std::uint32_t u32() { return read<std::uint32_t>(); }
    [[nodiscard]] std::uint64_t u64() { return read<std::uint64_t>(); }

    // Returns the next n bytes and advances, or an empty span (and latches overrun).
    [[nodiscard]] Bytes take(std::size_t n) {
        if (!has(n)) return fail<Bytes>();
        Bytes out = m_bytes.subspan(m_offset, n);
        m_offset += n;
        return out;
    }
    [[nodiscard]] std::string_view takeString(std::size_t n) {
        Bytes b = take(n);
        return {reinterpret_cast<const char*>(b.data()), b.size()};
    }
    // The bytes from the cursor to the end, without advancing.
    [[nodiscard]] Bytes rest() const { return m_bytes.subspan(m_offset); }
    void skip(std::size_t n) {
        if (!has(n)) {
            fail<int>();
            return;
        }
        m_offset += n;
    }
    // Moves the cursor to an absolute position within the span.
    void seek(std::size_t position) {
        if (position > m_bytes.size()) {
            fail<int>();
            return;
        }
        m_offset = position;
    }

    template <typename T>
    [[nodiscard]] T peek(std::size_t ahead = 0) const {
        if (ahead > remaining() || sizeof(T) > remaining() - ahead) return T{};
        return load<T>(m_bytes.data() + m_offset + ahead, m_order);
    }

private:
    template <typename T>
    T read() {
        if (!has(sizeof(T))) return fail<T>();
        T value = load<T>(m_bytes.data() + m_offset, m_order);
        m_offset += sizeof(T);
        return value;
    }
    template <typename T>
    T fail() {
        m_overrun = true;
        m_offset = m_bytes.size();
        return T{};
    }

    Bytes m_bytes;
    std::size_t m_offset = 0;
    ByteOrder m_order;
    bool m_overrun = false;
};

}  // namespace caplens
