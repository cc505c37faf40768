// stats_support.hpp — what the Statistics analyzers share: fixed-size address keys and their
// text, Wireshark's number formats, and a frame's taps put in order for statistics.
//
// Analyzers are fed frame by frame in the pass that opens a file, so their per-frame work
// must not allocate: they key hash maps with the fixed-size types below, and read each
// frame's addressed layers through FrameTaps (a copy on the stack).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/proto/packet.hpp"
#include "core/proto/taps.hpp"

namespace caplens {

// A link-layer or network-layer address: 6 (Ethernet), 4 (IPv4) or 16 (IPv6) bytes.
struct StatAddress {
    std::uint8_t length = 0;
    std::array<std::uint8_t, 16> bytes{};

    [[nodiscard]] std::span<const std::uint8_t> span() const { return {bytes.data(), length}; }
    // By length, then bytes (Wireshark's cmp_address for one address type).
    [[nodiscard]] int compare(const StatAddress& other) const;
    // Written by hand: libc++ 14 has no defaulted comparisons for std::array members.
    bool operator==(const StatAddress& other) const { return compare(other) == 0; }
    bool operator<(const StatAddress& other) const { return compare(other) < 0; }
};

// The source (or destination) address of a tap record.
[[nodiscard]] StatAddress tapSource(const proto::TapRecord& tap);
[[nodiscard]] StatAddress tapDestination(const proto::TapRecord& tap);

// FNV-1a over bytes, for the analyzers' hash functions.
[[nodiscard]] std::uint64_t hashBytes(std::uint64_t seed, const void* data, std::size_t length);
[[nodiscard]] inline std::uint64_t hashAddress(std::uint64_t seed, const StatAddress& a) {
    return hashBytes(seed ^ a.length, a.bytes.data(), a.length);
}
inline constexpr std::uint64_t kHashSeed = 1469598103934665603ull;

// "00:1b:21:3c:9d:f8", "10.0.0.4", "2001:db8::1" (as tshark prints them with -n).
[[nodiscard]] std::string formatAddress(const StatAddress& address);
// "10.0.0.4:50432", IPv6 as "[2001:db8::1]:443" (tshark's reference tables and URLs).
[[nodiscard]] std::string formatEndpoint(const StatAddress& address, std::uint16_t port);

// Wireshark's format_size() with SI prefixes and byte units, as tshark's conversation tables
// print byte counts: "3588 bytes", "114 kB" (the quotient truncated), "12 MB", "10 GB".
[[nodiscard]] std::string formatSize(std::uint64_t bytes);

// Wireshark's nstime_to_sec(): a relative time of `ns` nanoseconds as seconds + nanoseconds
// over 1e9, computed the way tshark computes it so printed figures round identically.
[[nodiscard]] double nstimeSeconds(std::int64_t ns);
// Wireshark's nstime_to_msec().
[[nodiscard]] double nstimeMilliseconds(std::int64_t ns);

// printf into a std::string.
[[nodiscard]] std::string formatText(const char* format, ...) __attribute__((format(printf, 1, 2)));

// A frame's taps as statistics see them: TCP and UDP records carry the addresses of the IP
// header they travel in (their own records have none), and the records of a datagram quoted
// by an ICMP error are left out (Wireshark's tap listeners do not get them), as are TCP headers
// that ended after their ports.
class FrameTaps {
public:
    explicit FrameTaps(const proto::Packet& packet);

    [[nodiscard]] std::span<const proto::TapRecord> all() const { return {m_taps.data(), m_count}; }
    // The innermost TCP or UDP record, a quoted one included (Wireshark's pinfo->ptype and
    // ports after dissection), or null when the frame has none.
    [[nodiscard]] const proto::TapRecord* transport() const { return m_transport; }
    // The innermost IPv4/IPv6 record, or null.
    [[nodiscard]] const proto::TapRecord* network() const { return m_network; }
    // The innermost TCP record, or null.
    [[nodiscard]] const proto::TapRecord* tcp() const;
    // True when the frame's IPv4/IPv6 header says TCP follows but no TCP header was read (cut by
    // the snap length, or malformed).
    [[nodiscard]] bool tcpHeaderMissing() const { return m_tcpHeaderMissing; }

private:
    void add(const proto::TapRecord& tap);

    std::array<proto::TapRecord, proto::Packet::kMaxTaps> m_taps{};
    std::size_t m_count = 0;
    proto::TapRecord m_quotedTransport;
    proto::TapRecord m_portsOnly;
    const proto::TapRecord* m_network = nullptr;  // the IP record the next transport record is in
    const proto::TapRecord* m_transport = nullptr;
    bool m_tcpHeaderMissing = false;
};

enum class IpVersion : std::uint8_t { V4, V6 };

// Whether `tap` is an IP header of `version`.
[[nodiscard]] inline bool isIpTap(const proto::TapRecord& tap, IpVersion version) {
    return tap.kind == (version == IpVersion::V4 ? proto::TapKind::Ipv4 : proto::TapKind::Ipv6);
}

// Port-type names as Wireshark's port_type_to_str() (Destinations and Ports, IP Protocol Types).
[[nodiscard]] const char* portTypeName(const proto::TapRecord* transport);
// A number per port type, to key tree nodes: the IP protocol number (6, 17, 132), 0 for none.
[[nodiscard]] std::uint32_t portTypeKey(const proto::TapRecord* transport);

}  // namespace caplens
