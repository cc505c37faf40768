// net_test_frames.hpp — building network-layer test frames byte by byte (Ethernet, IPv4, IPv6,
// UDP), for the unit tests of the network-layer protocols and tunnels.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace caplens::test::net {

using Bytes = std::vector<std::uint8_t>;

inline Bytes operator+(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

inline void put16(Bytes& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}

inline Bytes ethernet(std::uint16_t type, const Bytes& payload) {
    Bytes b = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb};
    put16(b, type);
    return b + payload;
}

inline Bytes ipv4(std::uint8_t protocol, const Bytes& payload, std::uint32_t src = 0x0a000001,
                  std::uint32_t dst = 0x0a000002, std::uint16_t id = 1, std::uint16_t flagsAndOffset = 0,
                  std::uint8_t ttl = 64) {
    Bytes b = {0x45, 0};
    put16(b, static_cast<std::uint32_t>(20 + payload.size()));
    put16(b, id);
    put16(b, flagsAndOffset);
    b.push_back(ttl);
    b.push_back(protocol);
    put16(b, 0);
    put32(b, src);
    put32(b, dst);
    return b + payload;
}

// 2001:db8::<srcLast> -> 2001:db8::<dstLast> unless whole addresses are given.
inline Bytes ipv6Address(std::uint8_t last) {
    Bytes a = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
    return a;
}

inline Bytes ipv6(std::uint8_t next, const Bytes& payload, const Bytes& src = ipv6Address(1),
                  const Bytes& dst = ipv6Address(2), std::uint8_t hopLimit = 64) {
    Bytes b = {0x60, 0, 0, 0};
    put16(b, static_cast<std::uint32_t>(payload.size()));
    b.push_back(next);
    b.push_back(hopLimit);
    return b + src + dst + payload;
}

inline Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
    Bytes b;
    put16(b, sport);
    put16(b, dport);
    put16(b, static_cast<std::uint32_t>(8 + payload.size()));
    put16(b, 0);
    return b + payload;
}

// A TCP segment with a 20-byte header (ACK|PSH unless `flags` says otherwise; checksum 0).
inline Bytes tcp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload, std::uint32_t seq = 1,
                 std::uint8_t flags = 0x18, std::uint32_t ack = 1) {
    Bytes b;
    put16(b, sport);
    put16(b, dport);
    put32(b, seq);
    put32(b, ack);
    b.push_back(0x50);
    b.push_back(flags);
    put16(b, 65535);
    put16(b, 0);
    put16(b, 0);
    return b + payload;
}

inline Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A TCP connection between 10.0.0.1:clientPort and 10.0.0.2:serverPort whose segments are
// built in order, each direction with its own sequence numbers (no handshake: TCP takes the
// first segment of each direction as its start).
class TcpSession {
public:
    TcpSession(std::uint16_t clientPort, std::uint16_t serverPort) : m_clientPort(clientPort), m_serverPort(serverPort) {}
    Bytes fromClient(const Bytes& payload) { return segment(true, payload); }
    Bytes fromServer(const Bytes& payload) { return segment(false, payload); }

private:
    Bytes segment(bool client, const Bytes& payload) {
        std::uint32_t& seq = client ? m_clientSeq : m_serverSeq;
        const std::uint32_t ack = client ? m_serverSeq : m_clientSeq;
        const Bytes t = client ? tcp(m_clientPort, m_serverPort, payload, seq, 0x18, ack)
                               : tcp(m_serverPort, m_clientPort, payload, seq, 0x18, ack);
        seq += static_cast<std::uint32_t>(payload.size());
        return ethernet(0x0800, client ? ipv4(6, t, 0x0a000001, 0x0a000002) : ipv4(6, t, 0x0a000002, 0x0a000001));
    }
    std::uint16_t m_clientPort, m_serverPort;
    std::uint32_t m_clientSeq = 1000, m_serverSeq = 5000;
};

// RFC 1071 checksum written into bytes [at, at+2) of `b`.
inline void fixChecksum(Bytes& b, std::size_t at) {
    b[at] = b[at + 1] = 0;
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += static_cast<std::uint32_t>(b[i] << 8 | b[i + 1]);
    if (b.size() % 2) sum += static_cast<std::uint32_t>(b.back() << 8);
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    b[at] = static_cast<std::uint8_t>(~sum >> 8);
    b[at + 1] = static_cast<std::uint8_t>(~sum);
}

}  // namespace caplens::test::net
