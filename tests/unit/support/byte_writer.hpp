// byte_writer.hpp — builds small capture files byte by byte for reader tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/util/byte_order.hpp"

namespace caplens::test {

class ByteWriter {
public:
    explicit ByteWriter(ByteOrder order = ByteOrder::Little) : m_order(order) {}

    ByteWriter& u8(std::uint8_t v) {
        m_bytes.push_back(v);
        return *this;
    }
    ByteWriter& u16(std::uint16_t v) { return put(v); }
    ByteWriter& u32(std::uint32_t v) { return put(v); }
    ByteWriter& u64(std::uint64_t v) { return put(v); }
    ByteWriter& bytes(std::string_view text) {
        m_bytes.insert(m_bytes.end(), text.begin(), text.end());
        return *this;
    }
    ByteWriter& bytes(const std::vector<std::uint8_t>& data) {
        m_bytes.insert(m_bytes.end(), data.begin(), data.end());
        return *this;
    }
    ByteWriter& zeros(std::size_t n) {
        m_bytes.insert(m_bytes.end(), n, 0);
        return *this;
    }
    [[nodiscard]] std::size_t size() const { return m_bytes.size(); }
    [[nodiscard]] const std::vector<std::uint8_t>& data() const { return m_bytes; }
    [[nodiscard]] std::vector<std::uint8_t>& data() { return m_bytes; }

private:
    template <typename T>
    ByteWriter& put(T v) {
        const bool hostLittle = std::endian::native == std::endian::little;
        if (hostLittle != (m_order == ByteOrder::Little)) v = byteSwap(v);
        const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
        m_bytes.insert(m_bytes.end(), p, p + sizeof v);
        return *this;
    }

    ByteOrder m_order;
    std::vector<std::uint8_t> m_bytes;
};

}  // namespace caplens::test
