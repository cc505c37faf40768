// names.hpp — value names several protocols share (ethertypes, IP protocol numbers) and the
// text forms of addresses.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/proto/field.hpp"

namespace caplens::proto {

inline constexpr ValueName kEthertypeNames[] = {
    {0x0800, "IPv4"},
    {0x0806, "ARP"},
    {0x0842, "Wake on LAN"},
    {0x22f0, "IEEE 1722 Audio Video Bridging Transport Protocol"},
    {0x6003, "DECnet Phase IV"},
    {0x6558, "Transparent Ethernet bridging"},
    {0x8035, "RARP"},
    {0x809b, "AppleTalk LLAP bridging"},
    {0x80f3, "AARP"},
    {0x8100, "802.1Q Virtual LAN"},
    {0x8137, "Netware IPX/SPX"},
    {0x86dd, "IPv6"},
    {0x8808, "MAC Control"},
    {0x8847, "MPLS label switched packet"},
    {0x8848, "MPLS multicast label switched packet"},
    {0x8863, "PPPoE Discovery"},
    {0x8864, "PPPoE Session"},
    {0x888e, "802.1X Authentication"},
    {0x88a8, "802.1ad Provider Bridge (Q-in-Q)"},
    {0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)"},
    {0x88e5, "802.1AE (MACsec)"},
    {0x88f7, "PTPv2 over Ethernet (IEEE1588)"},
    {0x8906, "Fibre Channel over Ethernet"},
    {0x9000, "Configuration Test Protocol (loopback)"},
    {0x9100, "VLAN tagged frame"},
};

inline constexpr ValueName kIpProtocolNames[] = {
    {0, "IPv6 Hop-by-Hop Option"},
    {1, "ICMP"},
    {2, "IGMP"},
    {4, "IPIP"},
    {6, "TCP"},
    {8, "EGP"},
    {9, "IGRP"},
    {17, "UDP"},
    {27, "RDP"},
    {41, "IPv6"},
    {43, "IPv6 Routing"},
    {44, "IPv6 Fragment"},
    {46, "RSVP"},
    {47, "Generic Routing Encapsulation"},
    {50, "Encap Security Payload"},
    {51, "Authentication Header"},
    {58, "ICMPv6"},
    {59, "IPv6 No Next Header"},
    {60, "IPv6 Destination Options"},
    {88, "EIGRP"},
    {89, "OSPF IGP"},
    {103, "Protocol Independent Multicast"},
    {112, "Virtual Router Redundancy Protocol"},
    {132, "SCTP"},
    {135, "Mobility Header"},
    {136, "UDPLite"},
};

// The name of `value` in `names`, or an empty view.
[[nodiscard]] std::string_view nameOf(std::span<const ValueName> names, std::uint64_t value);

// "00:1a:2b:3c:4d:5e" (fewer than 6 bytes: what there is).
[[nodiscard]] std::string formatEther(std::span<const std::uint8_t> bytes);
// "192.168.0.1" from a host-order value.
[[nodiscard]] std::string formatIpv4(std::uint32_t address);
// RFC 5952 text ("2001:db8::1", "::ffff:1.2.3.4") from 16 bytes.
[[nodiscard]] std::string formatIpv6(std::span<const std::uint8_t> bytes);

}  // namespace caplens::proto
