#include "core/analysis/stats_support.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "core/proto/names.hpp"

namespace caplens {

using proto::TapKind;
using proto::TapRecord;

int StatAddress::compare(const StatAddress& other) const {
    if (length != other.length) return length < other.length ? -1 : 1;
    return std::memcmp(bytes.data(), other.bytes.data(), length);
}

StatAddress tapSource(const TapRecord& tap) {
    StatAddress a;
    a.length = tap.addressLength;
    a.bytes = tap.source;
    return a;
}

StatAddress tapDestination(const TapRecord& tap) {
    StatAddress a;
    a.length = tap.addressLength;
    a.bytes = tap.destination;
    return a;
}

std::uint64_t hashBytes(std::uint64_t seed, const void* data, std::size_t length) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::uint64_t h = seed;
    for (std::size_t i = 0; i < length; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

std::string formatAddress(const StatAddress& address) {
    switch (address.length) {
        case 4:
            return proto::formatIpv4(static_cast<std::uint32_t>(address.bytes[0]) << 24 |
                                     static_cast<std::uint32_t>(address.bytes[1]) << 16 |
                                     static_cast<std::uint32_t>(address.bytes[2]) << 8 | address.bytes[3]);
        case 16:
            return proto::formatIpv6(address.span());
        default:
            return proto::formatEther(address.span());
    }
}

std::string formatEndpoint(const StatAddress& address, std::uint16_t port) {
    const std::string text = formatAddress(address);
    if (address.length == 16) return "[" + text + "]:" + std::to_string(port);
    return text + ":" + std::to_string(port);
}

std::string formatSize(std::uint64_t bytes) {
    // format_size_wmem(): the largest SI prefix whose quotient is at least 10, else bytes.
    static constexpr const char* kPrefixes[] = {" T", " G", " M", " k"};
    static constexpr std::uint64_t kPowers[] = {1000000000000ull, 1000000000ull, 1000000ull, 1000ull};
    for (std::size_t i = 0; i < 4; ++i) {
        if (bytes / kPowers[i] >= 10) return std::to_string(bytes / kPowers[i]) + kPrefixes[i] + "B";
    }
    return std::to_string(bytes) + " bytes";
}

double nstimeSeconds(std::int64_t ns) {
    // nstime_t keeps seconds and nanoseconds with the same sign (nstime_delta()).
    const std::int64_t secs = ns / 1000000000;
    const std::int64_t nsecs = ns % 1000000000;
    return static_cast<double>(secs) + static_cast<double>(nsecs) / 1000000000.0;
}

double nstimeMilliseconds(std::int64_t ns) {
    const std::int64_t secs = ns / 1000000000;
    const std::int64_t nsecs = ns % 1000000000;
    return static_cast<double>(secs) * 1000 + static_cast<double>(nsecs) / 1000000.0;
}

std::string formatText(const char* format, ...) {
    char buffer[512];
    va_list args;
    va_start(args, format);
    const int n = std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    if (n < 0) return {};
    if (static_cast<std::size_t>(n) < sizeof buffer) return std::string(buffer, static_cast<std::size_t>(n));
    std::string out(static_cast<std::size_t>(n) + 1, '\0');
    va_start(args, format);
    std::vsnprintf(out.data(), out.size(), format, args);
    va_end(args);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// ---- FrameTaps ----

FrameTaps::FrameTaps(const proto::Packet& packet) {
    const proto::NetworkAddresses& network = packet.networkAddresses();
    for (const TapRecord& tap : packet.taps()) {
        if (tap.kind == TapKind::Tcp || tap.kind == TapKind::Udp) {
            // The IPv6 dissector may not report its header: the transport then travels in the
            // innermost network addresses, which are IPv6 ones the records do not show yet.
            const bool ipv6Missing = network.length == 16 &&
                                     (m_network == nullptr || m_network->kind != TapKind::Ipv6 ||
                                      !std::equal(network.source.begin(), network.source.end(), m_network->source.begin()) ||
                                      !std::equal(network.destination.begin(), network.destination.end(),
                                                  m_network->destination.begin()));
            if (ipv6Missing) addIpv6From(network, tap.kind == TapKind::Tcp ? 6 : 17);
            TapRecord transport = tap;
            if (m_network != nullptr) {
                transport.addressLength = m_network->addressLength;
                transport.source = m_network->source;
                transport.destination = m_network->destination;
            }
            add(transport);
            continue;
        }
        add(tap);
    }
    if (network.length == 16) {
        const bool reported = std::any_of(m_taps.begin(), m_taps.begin() + static_cast<std::ptrdiff_t>(m_count),
                                          [&](const TapRecord& t) {
                                              return t.kind == TapKind::Ipv6 && t.source == network.source &&
                                                     t.destination == network.destination;
                                          });
        if (!reported) addIpv6From(network, 0);
    }
    // A TCP header that should follow the innermost IP header but was not read.
    if (m_network != nullptr && m_network->ipProtocol == 6) {
        const TapRecord* inner = tcp();
        m_tcpHeaderMissing = inner == nullptr || inner < m_network;
    }
}

void FrameTaps::add(const TapRecord& tap) {
    if (m_count >= m_taps.size()) return;
    m_taps[m_count] = tap;
    const TapRecord* stored = &m_taps[m_count];
    ++m_count;
    if (tap.kind == TapKind::Ipv4 || tap.kind == TapKind::Ipv6) m_network = stored;
    if (tap.kind == TapKind::Tcp || tap.kind == TapKind::Udp) m_transport = stored;
}

void FrameTaps::addIpv6From(const proto::NetworkAddresses& network, std::uint8_t nextHeader) {
    TapRecord ipv6;
    ipv6.kind = TapKind::Ipv6;
    ipv6.addressLength = 16;
    ipv6.source = network.source;
    ipv6.destination = network.destination;
    ipv6.ipProtocol = nextHeader;
    add(ipv6);
}

const TapRecord* FrameTaps::tcp() const {
    for (std::size_t i = m_count; i-- > 0;) {
        if (m_taps[i].kind == TapKind::Tcp) return &m_taps[i];
    }
    return nullptr;
}

const char* portTypeName(const TapRecord* transport) {
    if (transport == nullptr) return "NONE";
    return transport->kind == TapKind::Tcp ? "TCP" : "UDP";
}

}  // namespace caplens
