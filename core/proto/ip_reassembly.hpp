// ip_reassembly.hpp — collecting the fragments of IPv4 and IPv6 datagrams until one is whole.
//
// Bounded: a datagram cannot grow past 64 KiB plus a header's worth, and the table as a whole
// holds at most kMaxPendingBytes; past that the oldest incomplete datagrams are dropped
// (their fragments stay data, as they would if the rest never arrived).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace caplens::proto {

struct FragmentKey {
    std::array<std::uint8_t, 16> source{};
    std::array<std::uint8_t, 16> destination{};
    std::uint32_t id = 0;
    std::uint8_t protocol = 0;

    FragmentKey() = default;
    FragmentKey(std::uint32_t src, std::uint32_t dst, std::uint32_t ident, std::uint8_t proto);
    FragmentKey(std::span<const std::uint8_t> src, std::span<const std::uint8_t> dst, std::uint32_t ident);

    // (libc++ 14, used by Emscripten, has no operator<=> for std::array: compare by hand.)
    bool operator==(const FragmentKey& other) const {
        return source == other.source && destination == other.destination && id == other.id &&
               protocol == other.protocol;
    }
    bool operator<(const FragmentKey& other) const {
        if (source != other.source) return source < other.source;
        if (destination != other.destination) return destination < other.destination;
        if (id != other.id) return id < other.id;
        return protocol < other.protocol;
    }
};

class FragmentTable {
public:
    // Adds the fragment at byte `offset`; `last` when it has no more-fragments flag. Returns the
    // whole datagram once every byte from 0 to the end of the last fragment is present (valid
    // until the table changes).
    std::optional<std::span<const std::uint8_t>> add(const FragmentKey& key, std::uint64_t frame, std::uint32_t offset,
                                                     std::span<const std::uint8_t> bytes, bool last);
    void erase(const FragmentKey& key);

private:
    struct Pending {
        std::vector<std::uint8_t> data;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> covered;  // [begin, end), merged
        std::optional<std::uint32_t> total;
    };
    void dropOldest();

    std::map<FragmentKey, Pending> m_pending;
    std::deque<FragmentKey> m_order;
    std::size_t m_bytes = 0;
};

}  // namespace caplens::proto
