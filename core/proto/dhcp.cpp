// dhcp — BOOTP (RFC 951) and DHCP (RFC 2131) on UDP ports 67, 68 (and 4011, PXE): the fixed
// header, the magic cookie, and the options (RFC 2132) as type-length-value triples.
//
//   | op | htype | hlen | hops |  xid(32)  | secs(16) | flags(16) | ciaddr | yiaddr | siaddr |
//   | giaddr | chaddr(16) | sname(64) | file(128) | cookie 99.130.83.99 | options ... 255 |
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kServerPort = 67;
constexpr std::uint16_t kClientPort = 68;
constexpr std::uint16_t kPxePort = 4011;
constexpr std::uint32_t kFixedLength = 236;
constexpr std::uint32_t kMagicCookie = 0x63825363;

enum DhcpField : FieldIndex {
    Type, HwType, HwLen, Hops, Id, Secs, Flags, FlagsBc, FlagsReserved, IpClient, IpYour, IpServer, IpRelay,
    HwMacAddr, HwAddr, HwAddrPadding, Server, File, Cookie, Bootp, OptionType, OptionLength, OptionValue,
    OptionPadding, OptionEnd, OptionDhcp, OptionSubnetMask, OptionRouter, OptionDns, OptionHostname,
    OptionDomainName, OptionBroadcast, OptionRequestedIp, OptionLeaseTime, OptionServerId, OptionRequestListItem,
    OptionMaxMessageSize, OptionRenewal, OptionRebinding, OptionVendorClassId, ClientIdType, ClientId,
    kDhcpFieldCount
};

constexpr ValueName kMessageTypes[] = {{1, "Boot Request"}, {2, "Boot Reply"}};
constexpr ValueName kHwTypes[] = {{0x1, "Ethernet"}, {0x6, "IEEE 802 Networks"}, {0x20, "InfiniBand"}};
constexpr ValueName kDhcpTypes[] = {
    {1, "Discover"}, {2, "Offer"}, {3, "Request"}, {4, "Decline"}, {5, "ACK"}, {6, "NAK"}, {7, "Release"},
    {8, "Inform"}, {9, "Force Renew"}, {10, "Lease query"}, {11, "Lease Unassigned"}, {12, "Lease Unknown"},
    {13, "Lease Active"}, {14, "Bulk Lease Query"}, {15, "Lease Query Done"}, {16, "Active LeaseQuery"},
    {17, "Lease Query Status"}, {18, "TLS"}};
constexpr ValueName kBroadcastNames[] = {{0, "Unicast"}, {1, "Broadcast"}};
constexpr ValueName kOptionNames[] = {
    {0, "Padding"}, {1, "Subnet Mask"}, {2, "Time Offset"}, {3, "Router"}, {4, "Time Server"},
    {5, "Name Server"}, {6, "Domain Name Server"}, {7, "Log Server"}, {12, "Host Name"}, {15, "Domain Name"},
    {26, "Interface MTU"}, {28, "Broadcast Address"}, {31, "Perform Router Discover"}, {33, "Static Route"},
    {42, "Network Time Protocol Servers"}, {43, "Vendor-Specific Information"},
    {44, "NetBIOS over TCP/IP Name Server"}, {46, "NetBIOS over TCP/IP Node Type"},
    {47, "NetBIOS over TCP/IP Scope"}, {50, "Requested IP Address"}, {51, "IP Address Lease Time"},
    {52, "Option Overload"}, {53, "DHCP Message Type"}, {54, "DHCP Server Identifier"},
    {55, "Parameter Request List"}, {56, "Message"}, {57, "Maximum DHCP Message Size"},
    {58, "Renewal Time Value"}, {59, "Rebinding Time Value"}, {60, "Vendor class identifier"},
    {61, "Client identifier"}, {66, "TFTP Server Name"}, {67, "Bootfile name"}, {77, "User Class Information"},
    {81, "Client Fully Qualified Domain Name"}, {82, "Agent Information Option"},
    {93, "Client System Architecture"}, {94, "Client Network Device Interface"},
    {97, "UUID/GUID-based Client Identifier"}, {116, "DHCP Auto-Configuration"},
    {119, "Domain Search"}, {121, "Classless Static Route"}, {125, "V-I Vendor-specific Information"},
    {249, "Private/Classless Static Route (Microsoft)"}, {252, "Private/Proxy autodiscovery"}, {255, "End"}};

constexpr FieldDef kDhcpFields[] = {
    {Type, "dhcp.type", "Message type", FieldType::UInt8, Base::Dec, 0, kMessageTypes},
    {HwType, "dhcp.hw.type", "Hardware type", FieldType::UInt8, Base::Hex, 0, kHwTypes},
    {HwLen, "dhcp.hw.len", "Hardware address length", FieldType::UInt8, Base::Dec},
    {Hops, "dhcp.hops", "Hops", FieldType::UInt8, Base::Dec},
    {Id, "dhcp.id", "Transaction ID", FieldType::UInt32, Base::Hex},
    {Secs, "dhcp.secs", "Seconds elapsed", FieldType::UInt16, Base::Dec},
    {Flags, "dhcp.flags", "Bootp flags", FieldType::UInt16, Base::Hex},
    {FlagsBc, "dhcp.flags.bc", "Broadcast flag", FieldType::Bool, Base::None, 0x8000, kBroadcastNames},
    {FlagsReserved, "dhcp.flags.reserved", "Reserved flags", FieldType::UInt16, Base::Hex, 0x7fff},
    {IpClient, "dhcp.ip.client", "Client IP address", FieldType::Ipv4},
    {IpYour, "dhcp.ip.your", "Your (client) IP address", FieldType::Ipv4},
    {IpServer, "dhcp.ip.server", "Next server IP address", FieldType::Ipv4},
    {IpRelay, "dhcp.ip.relay", "Relay agent IP address", FieldType::Ipv4},
    {HwMacAddr, "dhcp.hw.mac_addr", "Client MAC address", FieldType::Ether},
    {HwAddr, "dhcp.hw.addr", "Client hardware address", FieldType::Bytes},
    {HwAddrPadding, "dhcp.hw.addr_padding", "Client hardware address padding", FieldType::Bytes},
    {Server, "dhcp.server", "Server host name", FieldType::String},
    {File, "dhcp.file", "Boot file name", FieldType::String},
    {Cookie, "dhcp.cookie", "Magic cookie", FieldType::Ipv4},
    {Bootp, "dhcp.bootp", "Frame is BOOTP", FieldType::Bool},
    {OptionType, "dhcp.option.type", "Option", FieldType::UInt8, Base::Dec, 0, kOptionNames},
    {OptionLength, "dhcp.option.length", "Length", FieldType::UInt8, Base::Dec},
    {OptionValue, "dhcp.option.value", "Value", FieldType::Bytes},
    {OptionPadding, "dhcp.option.padding", "Padding", FieldType::Bytes},
    {OptionEnd, "dhcp.option.end", "Option End", FieldType::UInt8, Base::Dec},
    {OptionDhcp, "dhcp.option.dhcp", "DHCP", FieldType::UInt8, Base::Dec, 0, kDhcpTypes},
    {OptionSubnetMask, "dhcp.option.subnet_mask", "Subnet Mask", FieldType::Ipv4},
    {OptionRouter, "dhcp.option.router", "Router", FieldType::Ipv4},
    {OptionDns, "dhcp.option.domain_name_server", "Domain Name Server", FieldType::Ipv4},
    {OptionHostname, "dhcp.option.hostname", "Host Name", FieldType::String},
    {OptionDomainName, "dhcp.option.domain_name", "Domain Name", FieldType::String},
    {OptionBroadcast, "dhcp.option.broadcast_address", "Broadcast Address", FieldType::Ipv4},
    {OptionRequestedIp, "dhcp.option.requested_ip_address", "Requested IP Address", FieldType::Ipv4},
    {OptionLeaseTime, "dhcp.option.ip_address_lease_time", "IP Address Lease Time", FieldType::UInt32, Base::Dec},
    {OptionServerId, "dhcp.option.dhcp_server_id", "DHCP Server Identifier", FieldType::Ipv4},
    {OptionRequestListItem, "dhcp.option.request_list_item", "Parameter Request List Item", FieldType::UInt8,
     Base::Dec, 0, kOptionNames},
    {OptionMaxMessageSize, "dhcp.option.dhcp_max_message_size", "Maximum DHCP Message Size", FieldType::UInt16,
     Base::Dec},
    {OptionRenewal, "dhcp.option.renewal_time_value", "Renewal Time Value", FieldType::UInt32, Base::Dec},
    {OptionRebinding, "dhcp.option.rebinding_time_value", "Rebinding Time Value", FieldType::UInt32, Base::Dec},
    {OptionVendorClassId, "dhcp.option.vendor_class_id", "Vendor class identifier", FieldType::String},
    {ClientIdType, "dhcp.client_id.type", "Type", FieldType::UInt8, Base::Dec, 0, kHwTypes},
    {ClientId, "dhcp.client_id", "Identifier", FieldType::Bytes},
};
static_assert(std::size(kDhcpFields) == kDhcpFieldCount);

enum DhcpExpert : std::uint16_t { SecsLittleEndian, kDhcpExpertCount };
constexpr ExpertDef kDhcpExperts[] = {
    {SecsLittleEndian, "dhcp.secs_le", ExpertSeverity::Note, ExpertGroup::Protocol,
     "Seconds elapsed appears to be encoded as little-endian"},
};
static_assert(std::size(kDhcpExperts) == kDhcpExpertCount);

// Text without its trailing NULs (sname, file, string options).
std::string_view trimmedText(const ByteView& v, std::uint32_t offset, std::uint32_t length) {
    std::string_view text = v.text(offset, length);
    const std::size_t nul = text.find('\0');
    return nul == std::string_view::npos ? text : text.substr(0, nul);
}

class DhcpProtocol final : public Dissector {
public:
    DhcpProtocol() : Dissector({"dhcp", "DHCP", "Dynamic Host Configuration Protocol", "DHCP/BOOTP"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kFixedLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kFixedLength);
            return view.reported();
        }
        const std::uint8_t op = view.u8(0);
        const std::uint8_t hwType = view.u8(1);
        const std::uint8_t hwLength = view.u8(2);
        p.addUint(field(Type), view, 0, 1);
        p.addUint(field(HwType), view, 1, 1);
        p.addUint(field(HwLen), view, 2, 1);
        p.addUint(field(Hops), view, 3, 1);
        p.addUint(field(Id), view, 4, 4);
        p.addUint(field(Secs), view, 8, 2);
        // 1..255 seconds read in little-endian order: some clients send the field byte-swapped.
        if (view.u8(8) != 0 && view.u8(9) == 0) p.addExpert(expert(SecsLittleEndian));
        const ItemRef flags = p.add(field(Flags), view, 10, 2, FieldValue::ofUnsigned(view.u16(10)));
        p.push(flags);
        p.addUint(field(FlagsBc), view, 10, 2);
        p.addUint(field(FlagsReserved), view, 10, 2);
        p.pop();
        p.addIpv4(field(IpClient), view, 12);
        p.addIpv4(field(IpYour), view, 16);
        p.addIpv4(field(IpServer), view, 20);
        p.addIpv4(field(IpRelay), view, 24);
        const bool ethernet = hwType == 1 && hwLength == 6;
        if (ethernet) {
            p.addBytes(field(HwMacAddr), view, 28, 6);
            p.addBytes(field(HwAddrPadding), view, 34, 10);
        } else {
            p.addBytes(field(HwAddr), view, 28, 16);
        }
        if (view.u8(44) != 0) p.addText(field(Server), view, 44, 64, trimmedText(view, 44, 64));
        if (view.u8(108) != 0) p.addText(field(File), view, 108, 128, trimmedText(view, 108, 128));

        int messageType = -1;
        if (view.need(kFixedLength, 4) == Availability::Available && view.u32(kFixedLength) == kMagicCookie) {
            p.addIpv4(field(Cookie), view, kFixedLength);
            messageType = options(p, view, kFixedLength + 4);
        } else {
            p.addGenerated(field(Bootp), FieldValue::ofUnsigned(1));
        }
        const std::string_view typeName = messageType >= 0 ? nameOf(kDhcpTypes, static_cast<std::uint64_t>(messageType)) : "";
        if (p.buildsTree()) {
            const std::string kind = messageType < 0 ? "Boot " + std::string(op == 2 ? "Reply" : "Request")
                                                      : typeName.empty() ? "Unknown" : std::string(typeName);
            p.setText(item, "Dynamic Host Configuration Protocol (" + kind + ")");
        }
        if (p.wantsColumns()) {
            char text[64];
            if (messageType >= 0) {
                const std::string name = typeName.empty() ? "Unknown" : std::string(typeName);
                std::snprintf(text, sizeof text, "DHCP %-8s - Transaction ID 0x%x", name.c_str(), view.u32(4));
                p.info() = text;
            } else {
                p.info() = std::string(op == 2 ? "Boot Reply" : "Boot Request") + " from " +
                           (ethernet ? formatEther(view.span(28, 6)) : std::string("client"));
            }
        }
        return view.reported();
    }

private:
    // The options after the cookie; returns the DHCP message type (-1: none).
    int options(Packet& p, const ByteView& view, std::uint32_t at) const {
        int messageType = -1;
        while (at < view.reported()) {
            if (!view.has(at, 1)) {
                p.markShort(view);
                return messageType;
            }
            const std::uint8_t code = view.u8(at);
            if (code == 0) {  // padding runs to the next non-zero byte
                std::uint32_t end = at;
                while (end < view.captured() && view.u8(end) == 0) ++end;
                p.addBytes(field(OptionPadding), view, at, end - at);
                at = end;
                continue;
            }
            if (code == 255) {
                const ItemRef item = p.add(field(OptionType), view, at, 1, FieldValue::ofUnsigned(code));
                p.push(item);
                p.addUint(field(OptionEnd), view, at, 1);
                p.pop();
                if (p.buildsTree()) p.setText(item, "Option: (255) End");
                ++at;
                if (at < view.reported()) p.addBytes(field(OptionPadding), view, at, view.reported() - at);
                return messageType;
            }
            if (view.need(at + 1, 1) != Availability::Available) {
                p.markUnavailable(*this, view, at + 1, 1);
                return messageType;
            }
            const std::uint8_t length = view.u8(at + 1);
            const std::uint32_t value = at + 2;
            if (view.need(value, length) != Availability::Available) {
                p.markUnavailable(*this, view, value, length);
                return messageType;
            }
            const ItemRef item = p.add(field(OptionType), view, at, 2u + length, FieldValue::ofUnsigned(code));
            p.push(item);
            p.addUint(field(OptionLength), view, at + 1, 1);
            if (code == 53 && length >= 1) messageType = view.u8(value);
            optionValue(p, view, code, value, length);
            p.pop();
            if (p.buildsTree()) {
                const std::string_view name = nameOf(kOptionNames, code);
                std::string label = "Option: (" + std::to_string(code) + ") " + (name.empty() ? "Unknown" : std::string(name));
                if (code == 53 && length >= 1) label += " (" + std::string(nameOf(kDhcpTypes, view.u8(value))) + ")";
                p.setText(item, label);
            }
            at = value + length;
        }
        return messageType;
    }

    void optionValue(Packet& p, const ByteView& v, std::uint8_t code, std::uint32_t at, std::uint8_t length) const {
        auto addresses = [&](DhcpField f) {
            for (std::uint32_t o = at; o + 4 <= at + length; o += 4) p.addIpv4(field(f), v, o);
        };
        auto uint32 = [&](DhcpField f) {
            if (length == 4) p.addUint(field(f), v, at, 4);
            else p.addBytes(field(OptionValue), v, at, length);
        };
        auto text = [&](DhcpField f) { p.addText(field(f), v, at, length, trimmedText(v, at, length)); };
        switch (code) {
            case 1: addresses(OptionSubnetMask); break;
            case 3: addresses(OptionRouter); break;
            case 6: addresses(OptionDns); break;
            case 12: text(OptionHostname); break;
            case 15: text(OptionDomainName); break;
            case 28: addresses(OptionBroadcast); break;
            case 50: addresses(OptionRequestedIp); break;
            case 51: uint32(OptionLeaseTime); break;
            case 53: p.addUint(field(OptionDhcp), v, at, 1); break;
            case 54: addresses(OptionServerId); break;
            case 55:
                for (std::uint32_t o = at; o < at + length; ++o) p.addUint(field(OptionRequestListItem), v, o, 1);
                break;
            case 57:
                if (length == 2) p.addUint(field(OptionMaxMessageSize), v, at, 2);
                break;
            case 58: uint32(OptionRenewal); break;
            case 59: uint32(OptionRebinding); break;
            case 60: text(OptionVendorClassId); break;
            case 61:
                if (length >= 1) {
                    p.addUint(field(ClientIdType), v, at, 1);
                    if (length == 7 && v.u8(at) == 1) p.addBytes(field(HwMacAddr), v, at + 1, 6);
                    else if (length > 1) p.addBytes(field(ClientId), v, at + 1, length - 1u);
                }
                break;
            default:
                if (length > 0) p.addBytes(field(OptionValue), v, at, length);
                break;
        }
    }
};

}  // namespace

void registerDhcp(Registry& r) {
    auto& dhcp = r.addProtocol<DhcpProtocol>(kDhcpFields);
    r.addExperts(dhcp, kDhcpExperts);
    r.onHandoff([&dhcp](Registry& registry) {
        auto& ports = registry.table("udp.port");
        ports.add(kServerPort, dhcp);
        ports.add(kClientPort, dhcp);
        ports.add(kPxePort, dhcp);
    });
}

}  // namespace caplens::proto
