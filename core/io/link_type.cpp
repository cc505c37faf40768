#include "core/io/link_type.hpp"

#include <array>

namespace caplens {
namespace {

struct LinkTypeEntry {
    LinkType type;
    LinkTypeNames names;
};

// Wireshark's wtap encapsulation names for the link types caplens meets in practice.
constexpr std::array kLinkTypes{
    LinkTypeEntry{linktype::Null, {"NULL/Loopback", "null"}},
    LinkTypeEntry{linktype::Ethernet, {"Ethernet", "ether"}},
    LinkTypeEntry{linktype::Ieee802_5, {"Token Ring", "tr"}},
    LinkTypeEntry{linktype::Ppp, {"PPP", "ppp"}},
    LinkTypeEntry{linktype::Fddi, {"FDDI", "fddi"}},
    LinkTypeEntry{12, {"Raw IP", "rawip"}},  // DLT_RAW on OpenBSD
    LinkTypeEntry{14, {"Raw IP", "rawip"}},  // DLT_RAW on BSD/OS
    LinkTypeEntry{50, {"PPP in HDLC-like framing", "ppp-hdlc"}},
    LinkTypeEntry{51, {"PPPoE", "pppoes"}},
    LinkTypeEntry{linktype::Raw, {"Raw IP", "rawip"}},
    LinkTypeEntry{linktype::CiscoHdlc, {"Cisco HDLC", "chdlc"}},
    LinkTypeEntry{linktype::Ieee802_11, {"IEEE 802.11 Wireless LAN", "ieee-802-11"}},
    LinkTypeEntry{linktype::Loop, {"OpenBSD loopback", "loop"}},
    LinkTypeEntry{linktype::LinuxSll, {"Linux cooked-mode capture v1", "linux-sll"}},
    LinkTypeEntry{linktype::IpOverFc, {"RFC 2625 IP-over-Fibre Channel", "ip-over-fc"}},
    LinkTypeEntry{linktype::SunAtm, {"ATM PDUs", "atm-pdus"}},
    LinkTypeEntry{linktype::Ieee802_11Radiotap,
                  {"IEEE 802.11 plus radiotap radio header", "ieee-802-11-radiotap"}},
    LinkTypeEntry{linktype::Ppi, {"Per-Packet Information header", "ppi"}},
    LinkTypeEntry{linktype::Erf, {"Extensible Record Format", "erf"}},
    LinkTypeEntry{linktype::Ipv4, {"Raw IPv4", "rawip4"}},
    LinkTypeEntry{linktype::Ipv6, {"Raw IPv6", "rawip6"}},
    LinkTypeEntry{linktype::Ipnet, {"Solaris IPNET", "ipnet"}},
    LinkTypeEntry{linktype::Nflog, {"NFLOG", "nflog"}},
    LinkTypeEntry{linktype::IpOverIb, {"IP over IB", "ip-ib"}},
    LinkTypeEntry{linktype::LinuxSll2, {"Linux cooked-mode capture v2", "linux-sll2"}},
    LinkTypeEntry{linktype::NetmonEvent, {"Network Monitor Network Event", "netmon_event"}},
    LinkTypeEntry{linktype::NetmonFilter, {"Network Monitor Filter", "netmon_filter"}},
    LinkTypeEntry{linktype::NetmonNetworkInfo,
                  {"Network Monitor Network Info", "netmon_network_info"}},
    LinkTypeEntry{linktype::Ieee802_11Netmon,
                  {"IEEE 802.11 plus Network Monitor radio header", "ieee-802-11-netmon"}},
    LinkTypeEntry{linktype::NetmonHeader, {"Network Monitor Header", "netmon_header"}},
};

// LINKTYPE_USER0..15 (147..162), which Wireshark names "USER n" / "userN".
constexpr LinkType kUser0 = 147;
constexpr std::array<LinkTypeNames, 16> kUserNames{{
    {"USER 0", "user0"},   {"USER 1", "user1"},   {"USER 2", "user2"},   {"USER 3", "user3"},
    {"USER 4", "user4"},   {"USER 5", "user5"},   {"USER 6", "user6"},   {"USER 7", "user7"},
    {"USER 8", "user8"},   {"USER 9", "user9"},   {"USER 10", "user10"}, {"USER 11", "user11"},
    {"USER 12", "user12"}, {"USER 13", "user13"}, {"USER 14", "user14"}, {"USER 15", "user15"},
}};

}  // namespace

LinkTypeNames linkTypeNames(LinkType type) {
    for (const auto& entry : kLinkTypes) {
        if (entry.type == type) return entry.names;
    }
    if (type >= kUser0 && type < kUser0 + kUserNames.size()) return kUserNames[type - kUser0];
    return {"Unknown", "unknown"};
}

}  // namespace caplens
