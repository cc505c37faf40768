// value.hpp — one value a filter works with: a field occurrence, a constant, a slice, a
// function result. Small and trivially copyable; bytes are borrowed (from the packet, from the
// compiled filter's constants, or from the evaluation's scratch arena). What the bits mean
// follows from the static type the semantic stage gave the expression (a proto::FieldType).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace caplens::filter {

struct Value {
    union {
        std::uint64_t u;  // unsigned integers, frame numbers, booleans (0/1), IPv4 (host order)
        std::int64_t i;   // signed integers, times (ns)
        double d;         // floating point
    };
    const std::uint8_t* data = nullptr;  // bytes, text, Ether (6), IPv6 (16), protocol items
    std::uint32_t size = 0;
    // Protocol items: the bytes from `data` to the end of their data source, which `contains`
    // and `matches` search (Wireshark searches a protocol's whole tvb, its payload included).
    std::uint32_t extent = 0;
    // IPv4/IPv6: the prefix length a CIDR constant gives (32/128 for a whole address).
    std::uint8_t prefix = 0;

    Value() : u(0) {}

    [[nodiscard]] std::span<const std::uint8_t> bytes() const { return {data, size}; }
    [[nodiscard]] std::span<const std::uint8_t> searchBytes() const { return {data, extent > size ? extent : size}; }
    [[nodiscard]] std::string_view text() const { return {reinterpret_cast<const char*>(data), size}; }
};

// Bytes made while evaluating one frame (multi-range slices, upper(), string()): blocks are
// kept from frame to frame, so evaluation stops allocating once the largest frame was seen.
class ScratchArena {
public:
    // `n` bytes valid until reset().
    std::uint8_t* allocate(std::size_t n) {
        if (!m_blocks.empty() && m_used + n <= m_blocks[m_block].size) {
            std::uint8_t* p = m_blocks[m_block].bytes.get() + m_used;
            m_used += n;
            return p;
        }
        const std::size_t next = m_blocks.empty() ? 0 : m_block + 1;
        if (next >= m_blocks.size() || m_blocks[next].size < n) {
            const std::size_t size = n > kBlockSize ? n : kBlockSize;
            m_blocks.insert(m_blocks.begin() + static_cast<std::ptrdiff_t>(next),
                            Block{std::make_unique<std::uint8_t[]>(size), size});
        }
        m_block = next;
        m_used = n;
        return m_blocks[m_block].bytes.get();
    }
    void reset() {
        m_block = 0;
        m_used = 0;
    }

private:
    static constexpr std::size_t kBlockSize = 16 * 1024;
    struct Block {
        std::unique_ptr<std::uint8_t[]> bytes;
        std::size_t size = 0;
    };
    std::vector<Block> m_blocks;
    std::size_t m_block = 0;  // block in use
    std::size_t m_used = 0;   // bytes used in it
};

}  // namespace caplens::filter
