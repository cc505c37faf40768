// dhcpv6 — DHCP for IPv6 (RFC 8415) on UDP ports 546 (client) and 547 (server): a message type
// and a 24-bit transaction ID (relay messages: hop count, link and peer addresses), then
// options as (code 16, length 16, value); IA options and relay messages nest further options.
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kClientPort = 546;
constexpr std::uint16_t kServerPort = 547;
constexpr std::uint8_t kRelayForward = 12;
constexpr std::uint8_t kRelayReply = 13;
constexpr int kMaxNesting = 8;  // relays inside relays, IAs inside relay messages

enum Dhcpv6Field : FieldIndex {
    MsgType, Xid, Hopcount, LinkAddr, PeerAddr, OptionType, OptionLength, OptionValue, DuidType, DuidBytes,
    Iaid, IaidT1, IaidT2, IaaddrIp, IaaddrPref, IaaddrValid, IaprefixPref, IaprefixValid, IaprefixLen,
    IaprefixAddr, RequestedOptionCode, Preference, ElapsedTime, StatusCode, StatusMsg, DnsServer,
    kDhcpv6FieldCount
};

constexpr ValueName kMessageTypes[] = {
    {1, "Solicit"}, {2, "Advertise"}, {3, "Request"}, {4, "Confirm"}, {5, "Renew"}, {6, "Rebind"}, {7, "Reply"},
    {8, "Release"}, {9, "Decline"}, {10, "Reconfigure"}, {11, "Information-request"}, {12, "Relay-forw"},
    {13, "Relay-reply"}, {14, "Leasequery"}, {15, "Leasequery-reply"}, {16, "Leasequery-done"},
    {17, "Leasequery-data"}, {18, "Reconfigure-request"}, {19, "Reconfigure-reply"}};
constexpr ValueName kOptionNames[] = {
    {1, "Client Identifier"}, {2, "Server Identifier"}, {3, "Identity Association for Non-temporary Address"},
    {4, "Identity Association for Temporary Address"}, {5, "IA Address"}, {6, "Option Request"},
    {7, "Preference"}, {8, "Elapsed time"}, {9, "Relay Message"}, {11, "Authentication"}, {12, "Server unicast"},
    {13, "Status code"}, {14, "Rapid Commit"}, {15, "User Class"}, {16, "Vendor Class"},
    {17, "Vendor-specific Information"}, {18, "Interface-Id"}, {19, "Reconfigure Message"},
    {20, "Reconfigure Accept"}, {21, "SIP Server Domain Name List"}, {22, "SIP Servers IPv6 Address List"},
    {23, "DNS recursive name server"}, {24, "Domain Search List"},
    {25, "Identity Association for Prefix Delegation"}, {26, "IA Prefix"}, {31, "Simple Network Time Protocol Server"},
    {32, "Lifetime"}, {39, "Client Fully Qualified Domain Name"}, {56, "NTP Server"}};
constexpr ValueName kDuidTypes[] = {{1, "link-layer address plus time"}, {2, "assigned by vendor based on Enterprise number"},
                                    {3, "link-layer address"}, {4, "Universally Unique Identifier (UUID)"}};
constexpr ValueName kStatusCodes[] = {{0, "Success"}, {1, "UnspecFail"}, {2, "NoAddrAvail"}, {3, "NoBinding"},
                                      {4, "NotOnLink"}, {5, "UseMulticast"}, {6, "NoPrefixAvail"}};

constexpr FieldDef kDhcpv6Fields[] = {
    {MsgType, "dhcpv6.msgtype", "Message type", FieldType::UInt8, Base::Dec, 0, kMessageTypes},
    {Xid, "dhcpv6.xid", "Transaction ID", FieldType::UInt24, Base::Hex},
    {Hopcount, "dhcpv6.hopcount", "Hopcount", FieldType::UInt8, Base::Dec},
    {LinkAddr, "dhcpv6.linkaddr", "Link address", FieldType::Ipv6},
    {PeerAddr, "dhcpv6.peeraddr", "Peer address", FieldType::Ipv6},
    {OptionType, "dhcpv6.option.type", "Option", FieldType::UInt16, Base::Dec, 0, kOptionNames},
    {OptionLength, "dhcpv6.option.length", "Length", FieldType::UInt16, Base::Dec},
    {OptionValue, "dhcpv6.option.value", "Value", FieldType::Bytes},
    {DuidType, "dhcpv6.duid.type", "DUID Type", FieldType::UInt16, Base::Dec, 0, kDuidTypes},
    {DuidBytes, "dhcpv6.duid.bytes", "DUID", FieldType::Bytes},
    {Iaid, "dhcpv6.iaid", "IAID", FieldType::String},
    {IaidT1, "dhcpv6.iaid.t1", "T1", FieldType::UInt32, Base::Dec},
    {IaidT2, "dhcpv6.iaid.t2", "T2", FieldType::UInt32, Base::Dec},
    {IaaddrIp, "dhcpv6.iaaddr.ip", "IPv6 address", FieldType::Ipv6},
    {IaaddrPref, "dhcpv6.iaaddr.pref_lifetime", "Preferred lifetime", FieldType::UInt32, Base::Dec},
    {IaaddrValid, "dhcpv6.iaaddr.valid_lifetime", "Valid lifetime", FieldType::UInt32, Base::Dec},
    {IaprefixPref, "dhcpv6.iaprefix.pref_lifetime", "Preferred lifetime", FieldType::UInt32, Base::Dec},
    {IaprefixValid, "dhcpv6.iaprefix.valid_lifetime", "Valid lifetime", FieldType::UInt32, Base::Dec},
    {IaprefixLen, "dhcpv6.iaprefix.pref_len", "Prefix length", FieldType::UInt8, Base::Dec},
    {IaprefixAddr, "dhcpv6.iaprefix.pref_addr", "Prefix address", FieldType::Ipv6},
    {RequestedOptionCode, "dhcpv6.requested_option_code", "Requested Option code", FieldType::UInt16, Base::Dec, 0,
     kOptionNames},
    {Preference, "dhcpv6.option_preference", "Pref-value", FieldType::UInt8, Base::Dec},
    {ElapsedTime, "dhcpv6.elapsed_time", "Elapsed time", FieldType::UInt16, Base::Dec},
    {StatusCode, "dhcpv6.status_code", "Status Code", FieldType::UInt16, Base::Dec, 0, kStatusCodes},
    {StatusMsg, "dhcpv6.status_msg", "Status Message", FieldType::String},
    {DnsServer, "dhcpv6.dns_server", "DNS server address", FieldType::Ipv6},
};
static_assert(std::size(kDhcpv6Fields) == kDhcpv6FieldCount);

std::string hex(std::span<const std::uint8_t> bytes) {
    std::string out;
    char two[3];
    for (std::uint8_t b : bytes) {
        std::snprintf(two, sizeof two, "%02x", b);
        out += two;
    }
    return out;
}

class Dhcpv6Protocol final : public Dissector {
public:
    Dhcpv6Protocol() : Dissector({"dhcpv6", "DHCPv6", "DHCPv6"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (p.buildsTree()) p.setText(item, "DHCPv6");
        message(p, view, 0);
        return view.reported();
    }

private:
    void message(Packet& p, const ByteView& v, int depth) const {
        if (v.need(0, 4) != Availability::Available) {
            p.markUnavailable(*this, v, 0, 4);
            return;
        }
        const std::uint8_t type = v.u8(0);
        p.addUint(field(MsgType), v, 0, 1);
        std::uint32_t at = 4;
        if (type == kRelayForward || type == kRelayReply) {
            if (v.need(0, 34) != Availability::Available) {
                p.markUnavailable(*this, v, 0, 34);
                return;
            }
            p.addUint(field(Hopcount), v, 1, 1);
            p.addBytes(field(LinkAddr), v, 2, 16);
            p.addBytes(field(PeerAddr), v, 18, 16);
            at = 34;
            if (depth == 0 && p.wantsColumns()) p.info() = std::string(nameOf(kMessageTypes, type)) + " ";
        } else {
            p.addUint(field(Xid), v, 1, 3);
            if (depth == 0 && p.wantsColumns()) {
                const std::string_view name = nameOf(kMessageTypes, type);
                char xid[24];
                std::snprintf(xid, sizeof xid, " XID: 0x%06x ", v.u24(1));
                p.info() = (name.empty() ? "Unknown (" + std::to_string(type) + ")" : std::string(name)) + xid;
            }
        }
        options(p, v, at, v.reported(), depth);
    }

    void options(Packet& p, const ByteView& v, std::uint32_t at, std::uint32_t end, int depth) const {
        while (at < end && !p.stopped()) {
            if (v.need(at, 4) != Availability::Available) {
                p.markUnavailable(*this, v, at, 4);
                return;
            }
            const std::uint16_t code = v.u16(at);
            const std::uint16_t length = v.u16(at + 2);
            const std::uint32_t value = at + 4;
            if (value + length > end || v.need(value, length) != Availability::Available) {
                p.markUnavailable(*this, v, value, length);
                return;
            }
            const ItemRef item = p.add(field(OptionType), v, at, 4u + length, FieldValue::ofUnsigned(code));
            p.push(item);
            p.addUint(field(OptionLength), v, at + 2, 2);
            option(p, v, code, value, length, depth);
            p.pop();
            if (p.buildsTree()) {
                const std::string_view name = nameOf(kOptionNames, code);
                p.setText(item, name.empty() ? "Unknown option (" + std::to_string(code) + ")" : std::string(name));
            }
            at = value + length;
        }
    }

    void option(Packet& p, const ByteView& v, std::uint16_t code, std::uint32_t at, std::uint16_t length,
                int depth) const {
        switch (code) {
            case 1:
            case 2:
                if (length >= 2) {
                    p.addUint(field(DuidType), v, at, 2);
                    p.addBytes(field(DuidBytes), v, at, length);
                }
                if (depth == 0 && p.wantsColumns()) p.info() += (code == 1 ? "CID: " : "SID: ") + hex(v.span(at, length)) + " ";
                return;
            case 3:
            case 25:
                if (length < 12) break;
                p.addText(field(Iaid), v, at, 4, hex(v.span(at, 4)));
                p.addUint(field(IaidT1), v, at + 4, 4);
                p.addUint(field(IaidT2), v, at + 8, 4);
                if (depth < kMaxNesting) options(p, v, at + 12, at + length, depth + 1);
                return;
            case 4:
                if (length < 4) break;
                p.addText(field(Iaid), v, at, 4, hex(v.span(at, 4)));
                if (depth < kMaxNesting) options(p, v, at + 4, at + length, depth + 1);
                return;
            case 5:
                if (length < 24) break;
                p.addBytes(field(IaaddrIp), v, at, 16);
                p.addUint(field(IaaddrPref), v, at + 16, 4);
                p.addUint(field(IaaddrValid), v, at + 20, 4);
                if (p.wantsColumns()) p.info() += "IAA: " + formatIpv6(v.span(at, 16)) + " ";
                if (depth < kMaxNesting) options(p, v, at + 24, at + length, depth + 1);
                return;
            case 26:
                if (length < 25) break;
                p.addUint(field(IaprefixPref), v, at, 4);
                p.addUint(field(IaprefixValid), v, at + 4, 4);
                p.addUint(field(IaprefixLen), v, at + 8, 1);
                p.addBytes(field(IaprefixAddr), v, at + 9, 16);
                if (depth < kMaxNesting) options(p, v, at + 25, at + length, depth + 1);
                return;
            case 6:
                for (std::uint32_t o = at; o + 2 <= at + length; o += 2) p.addUint(field(RequestedOptionCode), v, o, 2);
                return;
            case 7:
                if (length >= 1) p.addUint(field(Preference), v, at, 1);
                return;
            case 8:
                if (length >= 2) p.addUint(field(ElapsedTime), v, at, 2);
                return;
            case 9:
                if (depth < kMaxNesting) message(p, v.sub(at, length), depth + 1);
                return;
            case 13:
                if (length < 2) break;
                p.addUint(field(StatusCode), v, at, 2);
                if (length > 2) p.addText(field(StatusMsg), v, at + 2, length - 2u, v.text(at + 2, length - 2u));
                return;
            case 23:
                for (std::uint32_t o = at; o + 16 <= at + length; o += 16) p.addBytes(field(DnsServer), v, o, 16);
                return;
            default:
                break;
        }
        if (length > 0) p.addBytes(field(OptionValue), v, at, length);
    }
};

}  // namespace

void registerDhcpv6(Registry& r) {
    auto& dhcpv6 = r.addProtocol<Dhcpv6Protocol>(kDhcpv6Fields);
    r.onHandoff([&dhcpv6](Registry& registry) {
        registry.table("udp.port").add(kClientPort, dhcpv6);
        registry.table("udp.port").add(kServerPort, dhcpv6);
    });
}

}  // namespace caplens::proto
