// frame_bytes.hpp — reading frames' bytes again by offset, for the frames on screen.
//
// The source may answer Pending (the browser reads File.slice() asynchronously): get() then
// returns nullptr and the caller asks again on its next frame. Recently read frames stay in a
// small cache; a read covers the frames after the one asked for too (the packet list shows
// neighbours), bounded so a corrupt length can never size a buffer.
#pragma once

#include <cstdint>
#include <list>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/capture/frame_index.hpp"
#include "core/io/byte_source.hpp"

namespace caplens {

class FrameBytes {
public:
    FrameBytes(ByteSource& source, const FrameIndex& index) : m_source(source), m_index(index) {}

    // The captured bytes of frame `number`, or nullptr while they are being read (or when the
    // source failed: see failed()).
    [[nodiscard]] const std::vector<std::uint8_t>* get(std::uint64_t number);
    [[nodiscard]] bool failed() const { return m_failed; }
    void clear();

private:
    void remember(std::uint64_t number, std::span<const std::uint8_t> bytes);

    static constexpr std::size_t kCachedFrames = 512;
    static constexpr std::size_t kReadAhead = 1024 * 1024;  // bytes beyond the frame asked for

    ByteSource& m_source;
    const FrameIndex& m_index;
    std::unordered_map<std::uint64_t, std::vector<std::uint8_t>> m_cache;
    std::list<std::uint64_t> m_order;  // least recently added first
    bool m_failed = false;
};

}  // namespace caplens
