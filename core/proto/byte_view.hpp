// byte_view.hpp — the bytes a dissector works on (Wireshark's tvbuff, without exceptions).
//
// A view knows two lengths: the bytes actually captured, and the length the layer had on
// the wire ("reported"). Needing bytes beyond the captured ones but within the reported
// length means the frame was cut by the snap length (Wireshark's _ws.short); needing bytes
// beyond the reported length means the packet contradicts itself (_ws.malformed).
// Reads are safe everywhere: outside the captured bytes they return 0, so a dissector checks
// `need()` once per header and then reads freely.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/util/byte_order.hpp"

namespace caplens::proto {

// Whether a range of a view can be read.
enum class Availability : std::uint8_t {
    Available,
    CutBySnapLength,  // beyond the captured bytes, within the reported length
    BeyondPacket,     // beyond the reported length: malformed
};

class ByteView {
public:
    ByteView() = default;
    ByteView(std::span<const std::uint8_t> captured, std::uint32_t reportedLength,
             std::uint32_t sourceOffset = 0, std::uint8_t source = 0)
        : m_bytes(captured.first(std::min<std::size_t>(captured.size(), reportedLength))),
          m_reported(reportedLength),
          m_sourceOffset(sourceOffset),
          m_source(source) {}

    [[nodiscard]] std::span<const std::uint8_t> bytes() const { return m_bytes; }
    [[nodiscard]] std::uint32_t captured() const { return static_cast<std::uint32_t>(m_bytes.size()); }
    [[nodiscard]] std::uint32_t reported() const { return m_reported; }
    [[nodiscard]] bool empty() const { return m_reported == 0; }
    // Offset of byte 0 of this view within its data source (frame or reassembled buffer).
    [[nodiscard]] std::uint32_t sourceOffset() const { return m_sourceOffset; }
    [[nodiscard]] std::uint8_t source() const { return m_source; }
    [[nodiscard]] bool isCut() const { return captured() < m_reported; }

    [[nodiscard]] bool has(std::uint32_t offset, std::uint32_t length) const {
        return offset <= captured() && length <= captured() - offset;
    }
    [[nodiscard]] Availability need(std::uint32_t offset, std::uint32_t length) const {
        if (offset <= captured() && length <= captured() - offset) return Availability::Available;
        if (offset <= m_reported && length <= m_reported - offset) return Availability::CutBySnapLength;
        return Availability::BeyondPacket;
    }

    // The view from `offset` to its end (empty when offset is past the end).
    [[nodiscard]] ByteView from(std::uint32_t offset) const {
        if (offset > m_reported) return ByteView({}, 0, m_sourceOffset + m_reported, m_source);
        const std::uint32_t cap = std::min(offset, captured());
        return ByteView(m_bytes.subspan(cap), m_reported - offset, m_sourceOffset + offset, m_source);
    }
    // The view of `length` bytes at `offset`, clipped to this view.
    [[nodiscard]] ByteView sub(std::uint32_t offset, std::uint32_t length) const {
        ByteView rest = from(offset);
        rest.m_reported = std::min(rest.m_reported, length);
        rest.m_bytes = rest.m_bytes.first(std::min<std::size_t>(rest.m_bytes.size(), rest.m_reported));
        return rest;
    }
    // Shrinks the reported length (a header said how long the layer really is).
    [[nodiscard]] ByteView limit(std::uint32_t length) const { return sub(0, length); }

    [[nodiscard]] std::uint8_t u8(std::uint32_t offset) const {
        return offset < captured() ? m_bytes[offset] : 0;
    }
    [[nodiscard]] std::uint16_t u16(std::uint32_t offset) const { return read<std::uint16_t>(offset, ByteOrder::Big); }
    [[nodiscard]] std::uint32_t u24(std::uint32_t offset) const {
        return has(offset, 3) ? (std::uint32_t{m_bytes[offset]} << 16) | (std::uint32_t{m_bytes[offset + 1]} << 8) |
                                    m_bytes[offset + 2]
                              : 0;
    }
    [[nodiscard]] std::uint32_t u32(std::uint32_t offset) const { return read<std::uint32_t>(offset, ByteOrder::Big); }
    [[nodiscard]] std::uint64_t u64(std::uint32_t offset) const { return read<std::uint64_t>(offset, ByteOrder::Big); }
    [[nodiscard]] std::uint16_t u16le(std::uint32_t offset) const { return read<std::uint16_t>(offset, ByteOrder::Little); }
    [[nodiscard]] std::uint32_t u32le(std::uint32_t offset) const { return read<std::uint32_t>(offset, ByteOrder::Little); }
    [[nodiscard]] std::uint64_t u64le(std::uint32_t offset) const { return read<std::uint64_t>(offset, ByteOrder::Little); }
    // Big- or little-endian integer of 1..8 bytes.
    [[nodiscard]] std::uint64_t uint(std::uint32_t offset, std::uint32_t length, ByteOrder order = ByteOrder::Big) const {
        if (length == 0 || length > 8 || !has(offset, length)) return 0;
        std::uint64_t value = 0;
        for (std::uint32_t k = 0; k < length; ++k) {
            const std::uint32_t at = order == ByteOrder::Big ? offset + k : offset + length - 1 - k;
            value = (value << 8) | m_bytes[at];
        }
        return value;
    }
    // Captured bytes of [offset, offset+length), clipped to what was captured.
    [[nodiscard]] std::span<const std::uint8_t> span(std::uint32_t offset, std::uint32_t length) const {
        if (offset >= captured()) return {};
        return m_bytes.subspan(offset, std::min(length, captured() - offset));
    }
    [[nodiscard]] std::string_view text(std::uint32_t offset, std::uint32_t length) const {
        const auto s = span(offset, length);
        return {reinterpret_cast<const char*>(s.data()), s.size()};
    }
    // Position of `byte` at or after `offset`, or -1.
    [[nodiscard]] std::int64_t find(std::uint8_t byte, std::uint32_t offset = 0) const {
        if (offset >= captured()) return -1;
        const auto* begin = m_bytes.data() + offset;
        const auto* hit = std::find(begin, m_bytes.data() + m_bytes.size(), byte);
        return hit == m_bytes.data() + m_bytes.size() ? -1 : hit - m_bytes.data();
    }

private:
    template <typename T>
    [[nodiscard]] T read(std::uint32_t offset, ByteOrder order) const {
        return has(offset, sizeof(T)) ? load<T>(m_bytes.data() + offset, order) : T{0};
    }

    std::span<const std::uint8_t> m_bytes;
    std::uint32_t m_reported = 0;
    std::uint32_t m_sourceOffset = 0;
    std::uint8_t m_source = 0;
};

}  // namespace caplens::proto
