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
    // The IP header the next transport record travels in, among the quoted layers.
    TapRecord quotedNetwork;
    bool haveQuotedNetwork = false;
    for (const TapRecord& tap : packet.taps()) {
        const bool transport = tap.kind == TapKind::Tcp || tap.kind == TapKind::Udp;
        if (tap.portsOnly) {
            m_portsOnly = tap;
            m_transport = &m_portsOnly;
            continue;
        }
        if (tap.inErrorPacket) {
            // Not delivered to the statistics; a quoted transport still sets the frame's port
            // type and ports, as in Wireshark's pinfo after the dissection.
            if (!transport) {
                if (tap.kind == TapKind::Ipv4 || tap.kind == TapKind::Ipv6) {
                    quotedNetwork = tap;
                    haveQuotedNetwork = true;
                }
                continue;
            }
            m_quotedTransport = tap;
            if (haveQuotedNetwork) {
                m_quotedTransport.addressLength = quotedNetwork.addressLength;
                m_quotedTransport.source = quotedNetwork.source;
                m_quotedTransport.destination = quotedNetwork.destination;
            }
            m_transport = &m_quotedTransport;
            continue;
        }
        if (transport) {
            TapRecord withAddresses = tap;
            if (m_network != nullptr) {
                withAddresses.addressLength = m_network->addressLength;
                withAddresses.source = m_network->source;
                withAddresses.destination = m_network->destination;
            }
            add(withAddresses);
            continue;
        }
        add(tap);
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

const TapRecord* FrameTaps::tcp() const {
    for (std::size_t i = m_count; i-- > 0;) {
        if (m_taps[i].kind == TapKind::Tcp) return &m_taps[i];
    }
    return nullptr;
}

const char* portTypeName(const TapRecord* transport) {
    if (transport == nullptr) return "NONE";
    switch (transport->kind) {
        case TapKind::Tcp: return "TCP";
        case TapKind::Udp: return "UDP";
        case TapKind::Sctp: return "SCTP";
        default: return "NONE";
    }
}

std::uint32_t portTypeKey(const TapRecord* transport) {
    if (transport == nullptr) return 0;
    switch (transport->kind) {
        case TapKind::Tcp: return 6;
        case TapKind::Udp: return 17;
        case TapKind::Sctp: return 132;
        default: return 0;
    }
}

}  // namespace caplens
