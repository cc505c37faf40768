#include "core/capture/frame_bytes.hpp"

#include <algorithm>

namespace caplens {

const std::vector<std::uint8_t>* FrameBytes::get(std::uint64_t number) {
    if (number == 0 || number > m_index.size()) return nullptr;
    if (auto it = m_cache.find(number); it != m_cache.end()) return &it->second;
    const IndexedFrame frame = m_index.frame(number);
    const SourceRead read = m_source.read(frame.fileOffset, std::max<std::size_t>(frame.capturedLength, 1));
    if (read.status == SourceStatus::Failed) m_failed = true;
    if (read.status != SourceStatus::Ready) return nullptr;
    // The window may hold the following frames too: keep those within the read-ahead.
    const ByteWindow& w = read.window;
    const std::uint64_t windowEnd = w.offset + w.bytes.size();
    for (std::uint64_t n = number; n <= m_index.size(); ++n) {
        const IndexedFrame f = m_index.frame(n);
        if (f.fileOffset < w.offset || f.fileOffset + f.capturedLength > windowEnd) break;
        if (f.fileOffset - frame.fileOffset > kReadAhead || n - number >= kCachedFrames / 2) break;
        if (m_cache.count(n) == 0) {
            remember(n, w.bytes.subspan(static_cast<std::size_t>(f.fileOffset - w.offset), f.capturedLength));
        }
    }
    auto it = m_cache.find(number);
    if (it == m_cache.end()) {
        // The window did not reach the whole frame (it ends the stream): keep what there is.
        const std::size_t available = static_cast<std::size_t>(std::min<std::uint64_t>(
            frame.capturedLength, windowEnd > frame.fileOffset ? windowEnd - frame.fileOffset : 0));
        remember(number, w.bytes.subspan(static_cast<std::size_t>(frame.fileOffset - w.offset), available));
        it = m_cache.find(number);
    }
    return &it->second;
}

void FrameBytes::remember(std::uint64_t number, std::span<const std::uint8_t> bytes) {
    while (m_cache.size() >= kCachedFrames && !m_order.empty()) {
        m_cache.erase(m_order.front());
        m_order.pop_front();
    }
    m_cache.emplace(number, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    m_order.push_back(number);
}

void FrameBytes::clear() {
    m_cache.clear();
    m_order.clear();
    m_failed = false;
}

}  // namespace caplens
