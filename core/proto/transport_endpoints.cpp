#include "core/proto/transport_endpoints.hpp"

#include <algorithm>
#include <cstring>

namespace caplens::proto {
namespace {

constexpr std::uint8_t kTcp = 6;

// Where the TCP header starts after the IPv4 header at `at`, or 0; `end` is where the IP
// datagram ends (its total length).
std::size_t tcpAfterIpv4(std::span<const std::uint8_t> f, std::size_t at, std::size_t& end) {
    if (at + 20 > f.size() || (f[at] >> 4) != 4 || f[at + 9] != kTcp) return 0;
    const std::size_t headerLength = static_cast<std::size_t>(f[at] & 0x0F) * 4;
    end = at + static_cast<std::size_t>(f[at + 2] << 8 | f[at + 3]);
    return headerLength >= 20 ? at + headerLength : 0;
}

// Where the TCP header starts after the IPv6 header at `at` and its extension headers, or 0;
// `end` is where the IP datagram ends (its payload length).
std::size_t tcpAfterIpv6(std::span<const std::uint8_t> f, std::size_t at, std::size_t& end) {
    if (at + 40 > f.size() || (f[at] >> 4) != 6) return 0;
    end = at + 40 + static_cast<std::size_t>(f[at + 4] << 8 | f[at + 5]);
    std::uint8_t next = f[at + 6];
    std::size_t offset = at + 40;
    for (int hops = 0; hops < 8 && next != kTcp; ++hops) {
        if (offset + 8 > f.size()) return 0;
        if (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination options
            const std::uint8_t following = f[offset];
            offset += (static_cast<std::size_t>(f[offset + 1]) + 1) * 8;
            next = following;
        } else if (next == 44) {  // fragment: only a first fragment holds the TCP header
            if ((((f[offset + 2] << 8) | f[offset + 3]) & 0xFFF8) != 0) return 0;
            next = f[offset];
            offset += 8;
        } else {
            return 0;
        }
    }
    return next == kTcp ? offset : 0;
}

}  // namespace

TransportEndpoints tcpEndpoints(const Packet& p) {
    TransportEndpoints e;
    const NetworkAddresses& n = p.networkAddresses();
    if (n.length != 4 && n.length != 16) return e;
    const std::span<const std::uint8_t> f = p.frameView().bytes();
    // The source address sits 12 (IPv4) or 8 (IPv6) bytes into the IP header, the destination
    // right after it; the first header with both that carries TCP is the innermost one (outer
    // tunnel headers have other addresses or another protocol).
    const std::size_t sourceAt = n.length == 4 ? 12 : 8;
    for (std::size_t at = sourceAt; at + 2u * n.length <= f.size(); ++at) {
        if (std::memcmp(f.data() + at, n.source.data(), n.length) != 0 ||
            std::memcmp(f.data() + at + n.length, n.destination.data(), n.length) != 0) {
            continue;
        }
        const std::size_t ipStart = at - sourceAt;
        std::size_t end = 0;
        const std::size_t tcp = n.length == 4 ? tcpAfterIpv4(f, ipStart, end) : tcpAfterIpv6(f, ipStart, end);
        if (tcp == 0 || tcp + 20 > f.size()) continue;
        e.valid = true;
        e.addressLength = n.length;
        e.source = n.source;
        e.destination = n.destination;
        e.sourcePort = static_cast<std::uint16_t>(f[tcp] << 8 | f[tcp + 1]);
        e.destinationPort = static_cast<std::uint16_t>(f[tcp + 2] << 8 | f[tcp + 3]);
        e.tcpFlags = static_cast<std::uint16_t>((f[tcp + 12] << 8 | f[tcp + 13]) & 0x0FFF);
        const std::size_t payloadStart = tcp + static_cast<std::size_t>(f[tcp + 12] >> 4) * 4;
        e.payloadLength = end > payloadStart ? static_cast<std::uint32_t>(end - payloadStart) : 0;
        return e;
    }
    return e;
}

std::size_t ConnectionKeyHash::operator()(const ConnectionKey& key) const {
    // FNV-1a over the key's bytes.
    std::size_t hash = 1469598103934665603ull;
    for (const std::uint8_t b : key.bytes) hash = (hash ^ b) * 1099511628211ull;
    return hash;
}

ConnectionKey connectionKey(const TransportEndpoints& e, bool* forward) {
    std::array<std::uint8_t, 18> a{}, b{};
    std::copy_n(e.source.begin(), e.addressLength, a.begin());
    std::copy_n(e.destination.begin(), e.addressLength, b.begin());
    a[16] = static_cast<std::uint8_t>(e.sourcePort >> 8);
    a[17] = static_cast<std::uint8_t>(e.sourcePort);
    b[16] = static_cast<std::uint8_t>(e.destinationPort >> 8);
    b[17] = static_cast<std::uint8_t>(e.destinationPort);
    const bool isForward = a <= b;
    if (forward != nullptr) *forward = isForward;
    ConnectionKey key;
    const auto& first = isForward ? a : b;
    const auto& second = isForward ? b : a;
    std::copy(first.begin(), first.end(), key.bytes.begin());
    std::copy(second.begin(), second.end(), key.bytes.begin() + 18);
    return key;
}

}  // namespace caplens::proto
