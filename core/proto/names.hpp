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

// ARP hardware types (RFC 826 ar_hrd, IANA) and Linux ARPHRD_* values: arp.hw.type, sll.hatype.
inline constexpr ValueName kArpHardwareTypeNames[] = {
    {0, "NET/ROM pseudo"},
    {1, "Ethernet"},
    {2, "Experimental Ethernet"},
    {3, "AX.25"},
    {4, "ProNET"},
    {5, "Chaos"},
    {6, "IEEE 802"},
    {7, "ARCNET"},
    {8, "Hyperchannel"},
    {9, "Lanstar"},
    {10, "Autonet Short Address"},
    {11, "Localtalk"},
    {12, "LocalNet"},
    {13, "Ultra link"},
    {14, "SMDS"},
    {15, "Frame Relay DLCI"},
    {16, "ATM"},
    {17, "HDLC"},
    {18, "Fibre Channel"},
    {19, "ATM (RFC 2225)"},
    {20, "Serial Line"},
    {21, "ATM"},
    {22, "MIL-STD-188-220"},
    {23, "Metricom STRIP"},
    {24, "IEEE 1394.1995"},
    {25, "MAPOS"},
    {26, "Twinaxial"},
    {27, "EUI-64"},
    {28, "HIPARP"},
    {29, "IP and ARP over ISO 7816-3"},
    {30, "ARPSec"},
    {31, "IPsec tunnel"},
    {32, "InfiniBand"},
    {33, "TIA-102 Project 25 CAI"},
    {34, "Wiegand Interface"},
    {35, "Pure IP"},
    {36, "Experimental 1"},
    {37, "HFI"},
    {256, "Experimental 2"},
    {257, "AEthernet"},
    {260, "Notional KISS type"},
    {264, "ADAPT"},
    {270, "ROSE"},
    {271, "CCITT X.25"},
    {272, "Boards with X.25 in firmware"},
    {280, "Controller Area Network"},
    {512, "PPP"},
    {513, "Cisco HDLC"},
    {516, "LAPB"},
    {517, "Digital's DDCMP protocol"},
    {518, "Raw HDLC"},
    {519, "Raw IP"},
    {768, "IPIP tunnel"},
    {769, "IP6IP6 tunnel"},
    {770, "Frame Relay Access Device"},
    {771, "SKIP vif"},
    {772, "Loopback"},
    {774, "Fiber Distributed Data Interface"},
    {775, "AP1000 BIF"},
    {776, "sit0 device - IPv6-in-IPv4"},
    {777, "IP over DDP tunneller"},
    {778, "GRE over IP"},
    {779, "PIMSM register interface"},
    {780, "High Performance Parallel Interface"},
    {781, "Nexus 64Mbps Ash"},
    {782, "Acorn Econet"},
    {783, "Linux-IrDA"},
    {784, "Point to point fibrechannel"},
    {785, "Fibrechannel arbitrated loop"},
    {786, "Fibrechannel public loop"},
    {787, "Fibrechannel fabric"},
    {800, "Magic type ident for TR"},
    {801, "IEEE 802.11"},
    {802, "IEEE 802.11 + Prism2 header"},
    {803, "IEEE 802.11 + radiotap header"},
    {804, "IEEE 802.15.4"},
    {805, "IEEE 802.15.4 network monitor"},
    {820, "PhoNet media type"},
    {821, "PhoNet pipe header"},
    {822, "CAIF media type"},
    {823, "GRE over IPv6"},
    {824, "Netlink"},
    {825, "IPv6 over LoWPAN"},
    {826, "Vsock monitor header"},
    {65535, "Void type, nothing is known"},
    {65534, "zero header length"},
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
