// taps.hpp — what statistics learn from each frame's dissection (Wireshark's taps).
//
// Dissectors of addressed layers report one TapRecord per occurrence (a tunnelled frame has
// two IP records), in every dissection mode, without allocating: conversations, endpoints,
// destinations and ports, IP protocol types and the handshake report read them. TCP and UDP
// records carry no addresses: they travel in the IP record reported before them.
#pragma once

#include <array>
#include <cstdint>

namespace caplens::proto {

enum class TapKind : std::uint8_t { Ethernet, Ipv4, Ipv6, Tcp, Udp, Sctp };

struct TapRecord {
    TapKind kind = TapKind::Ethernet;
    std::uint8_t addressLength = 0;          // 6 (Ethernet), 4, 16; 0 for ports-only records
    std::array<std::uint8_t, 16> source{};
    std::array<std::uint8_t, 16> destination{};
    std::uint16_t sourcePort = 0;            // TCP/UDP
    std::uint16_t destinationPort = 0;
    std::uint32_t stream = 0;                // tcp.stream / udp.stream
    std::uint8_t ipProtocol = 0;             // IPv4 protocol / IPv6 next header after extensions
    std::uint32_t payloadLength = 0;         // tcp.len, udp payload
    std::uint16_t tcpFlags = 0;
    // Reported inside a datagram quoted by an ICMP/ICMPv6 error (Wireshark's in_error_pkt):
    // statistics ignore such records (tap listeners without TL_REQUIRES_ERROR_PACKETS), though
    // the quoted transport still sets the frame's port type and ports (pinfo->ptype, ports).
    bool inErrorPacket = false;
    // Only the frame's port type and ports (pinfo->ptype, srcport, destport), no conversation:
    // a TCP header that ended (or was bogus) after its ports, whose tap did not fire; SCTP.
    bool portsOnly = false;

    // A portsOnly record of `kind` (Tcp, Sctp) with the frame's ports.
    [[nodiscard]] static TapRecord portsOnlyOf(TapKind kind, std::uint16_t sourcePort, std::uint16_t destinationPort) {
        TapRecord tap;
        tap.kind = kind;
        tap.sourcePort = sourcePort;
        tap.destinationPort = destinationPort;
        tap.portsOnly = true;
        return tap;
    }
};

}  // namespace caplens::proto
