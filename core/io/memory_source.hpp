// memory_source.hpp — a ByteSource over bytes already in memory.
//
// `maxWindow` limits how much one read() returns (never less than asked), so tests can feed
// readers in chunks of any size, and `splitAt` makes a window end exactly at that offset.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "core/io/byte_source.hpp"

namespace caplens {

class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::span<const std::uint8_t> bytes,
                          std::size_t maxWindow = std::numeric_limits<std::size_t>::max(),
                          std::uint64_t splitAt = std::numeric_limits<std::uint64_t>::max())
        : m_bytes(bytes), m_maxWindow(maxWindow), m_splitAt(splitAt) {}

    SourceRead read(std::uint64_t offset, std::size_t minBytes) override {
        const std::uint64_t size = m_bytes.size();
        if (offset >= size) return {SourceStatus::Ready, ByteWindow{{}, offset, true}};
        const std::uint64_t start = offset;
        std::uint64_t end = size;
        if (m_maxWindow < end - start) end = start + std::max<std::uint64_t>(m_maxWindow, minBytes);
        if (start < m_splitAt && start + minBytes <= m_splitAt) end = std::min(end, m_splitAt);
        end = std::min(end, size);
        m_furthest = std::max(m_furthest, end);
        const auto window = m_bytes.subspan(static_cast<std::size_t>(start),
                                            static_cast<std::size_t>(end - start));
        return {SourceStatus::Ready, ByteWindow{window, start, end == size}};
    }
    [[nodiscard]] std::optional<std::uint64_t> size() const override { return m_bytes.size(); }
    [[nodiscard]] double progress() const override {
        return m_bytes.empty() ? 1.0
                               : static_cast<double>(m_furthest) / static_cast<double>(m_bytes.size());
    }
    [[nodiscard]] const CaptureError& error() const override { return m_error; }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_maxWindow;
    std::uint64_t m_splitAt;
    std::uint64_t m_furthest = 0;
    CaptureError m_error;
};

}  // namespace caplens
