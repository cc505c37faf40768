#include "core/proto/ip_reassembly.hpp"

#include <algorithm>
#include <cstring>

namespace caplens::proto {
namespace {

constexpr std::uint32_t kMaxDatagram = 65535 + 65536;  // jumbo-free IPv4/IPv6 payload bound
constexpr std::size_t kMaxPendingBytes = 64 * 1024 * 1024;

void copyAddress(std::array<std::uint8_t, 16>& into, std::span<const std::uint8_t> bytes) {
    std::memcpy(into.data(), bytes.data(), std::min<std::size_t>(bytes.size(), into.size()));
}

}  // namespace

FragmentKey::FragmentKey(std::uint32_t src, std::uint32_t dst, std::uint32_t ident, std::uint8_t proto)
    : id(ident), protocol(proto) {
    for (int i = 0; i < 4; ++i) {
        source[i] = static_cast<std::uint8_t>(src >> (24 - 8 * i));
        destination[i] = static_cast<std::uint8_t>(dst >> (24 - 8 * i));
    }
}

FragmentKey::FragmentKey(std::span<const std::uint8_t> src, std::span<const std::uint8_t> dst, std::uint32_t ident)
    : id(ident) {
    copyAddress(source, src);
    copyAddress(destination, dst);
}

std::optional<std::span<const std::uint8_t>> FragmentTable::add(const FragmentKey& key, std::uint64_t /*frame*/,
                                                                 std::uint32_t offset,
                                                                 std::span<const std::uint8_t> bytes, bool last) {
    const auto end = static_cast<std::uint64_t>(offset) + bytes.size();
    if (end > kMaxDatagram) return std::nullopt;
    auto [it, inserted] = m_pending.try_emplace(key);
    if (inserted) m_order.push_back(key);
    Pending& pending = it->second;
    if (pending.data.size() < end) {
        m_bytes += end - pending.data.size();
        pending.data.resize(static_cast<std::size_t>(end));
    }
    std::copy(bytes.begin(), bytes.end(), pending.data.begin() + offset);
    if (last) pending.total = static_cast<std::uint32_t>(end);

    // Merge [offset, end) into the covered ranges.
    auto& covered = pending.covered;
    covered.emplace_back(offset, static_cast<std::uint32_t>(end));
    std::sort(covered.begin(), covered.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
    for (const auto& range : covered) {
        if (!merged.empty() && range.first <= merged.back().second) {
            merged.back().second = std::max(merged.back().second, range.second);
        } else {
            merged.push_back(range);
        }
    }
    covered = std::move(merged);
    if (m_bytes > kMaxPendingBytes) dropOldest();

    auto found = m_pending.find(key);
    if (found == m_pending.end()) return std::nullopt;
    const Pending& now = found->second;
    if (!now.total || now.covered.empty()) return std::nullopt;
    if (now.covered.front().first != 0 || now.covered.front().second < *now.total) return std::nullopt;
    return std::span<const std::uint8_t>(now.data.data(), *now.total);
}

void FragmentTable::erase(const FragmentKey& key) {
    auto it = m_pending.find(key);
    if (it == m_pending.end()) return;
    m_bytes -= it->second.data.size();
    m_pending.erase(it);
    m_order.erase(std::remove(m_order.begin(), m_order.end(), key), m_order.end());
}

void FragmentTable::dropOldest() {
    while (m_bytes > kMaxPendingBytes / 2 && !m_order.empty()) {
        const FragmentKey oldest = m_order.front();
        m_order.pop_front();
        auto it = m_pending.find(oldest);
        if (it == m_pending.end()) continue;
        m_bytes -= it->second.data.size();
        m_pending.erase(it);
    }
}

}  // namespace caplens::proto
