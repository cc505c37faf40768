// link_type.hpp — the encapsulation of a frame's bytes.
//
// Values are tcpdump.org's LINKTYPE_* numbers, as pcap and pcapng store them, so any link type
// a file declares passes through untouched. Encapsulations that have no LINKTYPE_ number
// (NetMon's metadata records, for instance) use values above 0xFFFF, which no pcap file can
// carry.
#pragma once

#include <cstdint>
#include <string_view>

namespace caplens {

using LinkType = std::uint32_t;

namespace linktype {
inline constexpr LinkType Null = 0;          // BSD loopback: 4-byte host-order family
inline constexpr LinkType Ethernet = 1;
inline constexpr LinkType Ieee802_5 = 6;     // Token Ring
inline constexpr LinkType Ppp = 9;
inline constexpr LinkType Fddi = 10;
inline constexpr LinkType Raw = 101;         // raw IPv4 or IPv6, by the version nibble
inline constexpr LinkType CiscoHdlc = 104;
inline constexpr LinkType Ieee802_11 = 105;
inline constexpr LinkType Loop = 108;        // OpenBSD loopback: 4-byte network-order family
inline constexpr LinkType LinuxSll = 113;
inline constexpr LinkType IpOverFc = 122;    // RFC 2625 IP over Fibre Channel
inline constexpr LinkType SunAtm = 123;      // ATM with a 4-byte SunATM pseudo-header
inline constexpr LinkType Ieee802_11Radiotap = 127;
inline constexpr LinkType Ppi = 192;
inline constexpr LinkType Erf = 197;
inline constexpr LinkType Ipv4 = 228;
inline constexpr LinkType Ipv6 = 229;
inline constexpr LinkType Ipnet = 226;       // Solaris ipnet
inline constexpr LinkType Nflog = 239;
inline constexpr LinkType IpOverIb = 242;
inline constexpr LinkType LinuxSll2 = 276;

// Encapsulations without a LINKTYPE_ number (caplens-private, never written to a file).
inline constexpr LinkType PrivateBase = 0x10000;
inline constexpr LinkType NetmonEvent = PrivateBase + 1;        // NetMon ETW event record
inline constexpr LinkType NetmonFilter = PrivateBase + 2;       // NetMon capture filter record
inline constexpr LinkType NetmonNetworkInfo = PrivateBase + 3;  // NetMon adapter list record
inline constexpr LinkType Ieee802_11Netmon = PrivateBase + 4;   // 802.11 with NetMon metadata
// Not a frame's own link type: how Wireshark counts a NetMon frame that carries a comment
// (kFrameHasNetmonComment), whose real link type stays in CapturedFrame::linkType.
inline constexpr LinkType NetmonHeader = PrivateBase + 5;
inline constexpr LinkType Unknown = 0xFFFFFFFF;
}  // namespace linktype

// Wireshark's names for an encapsulation: the long one ("Ethernet") that capinfos prints per
// packet, and the short one ("ether") it prints as the file encapsulation.
struct LinkTypeNames {
    std::string_view longName;
    std::string_view shortName;
};

[[nodiscard]] LinkTypeNames linkTypeNames(LinkType type);

}  // namespace caplens
