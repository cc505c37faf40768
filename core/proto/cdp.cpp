// cdp — Cisco Discovery Protocol (version 1 and 2): a 4-byte header, then type-length-value
// records (device ID, addresses, port, capabilities, software version, platform, VLANs, ...).
// Reached over SNAP (Cisco OUI, PID 0x2000), PPP (0x0207), Cisco HDLC and GRE (0x2000).
//
//   | version (8) | TTL (8) | checksum (16) | TLV: type (16) | length (16, with the header) | value ...
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;
constexpr std::uint32_t kTlvHeader = 4;

enum TlvType : std::uint16_t {
    DeviceIdTlv = 0x01, AddressesTlv = 0x02, PortIdTlv = 0x03, CapabilitiesTlv = 0x04, SoftwareTlv = 0x05,
    PlatformTlv = 0x06, VtpDomainTlv = 0x09, NativeVlanTlv = 0x0a, DuplexTlv = 0x0b, VoiceVlanTlv = 0x0e,
    PowerTlv = 0x10, MtuTlv = 0x11, SystemNameTlv = 0x14, ManagementAddressTlv = 0x16, LocationTlv = 0x17,
};

constexpr ValueName kTlvTypeNames[] = {
    {0x01, "Device ID"}, {0x02, "Addresses"}, {0x03, "Port ID"}, {0x04, "Capabilities"},
    {0x05, "Software version"}, {0x06, "Platform"}, {0x07, "IP Prefix/Gateway (used for ODR)"},
    {0x08, "Protocol Hello"}, {0x09, "VTP Management Domain"}, {0x0a, "Native VLAN"}, {0x0b, "Duplex"},
    {0x0e, "VoIP VLAN Reply"}, {0x0f, "VoIP VLAN Query"}, {0x10, "Power consumption"}, {0x11, "MTU"},
    {0x12, "Trust Bitmap"}, {0x13, "Untrusted Port CoS"}, {0x14, "System Name"}, {0x15, "System Object ID"},
    {0x16, "Management Address"}, {0x17, "Location"}, {0x18, "External Port-ID"}, {0x19, "Power Requested"},
    {0x1a, "Power Available"}, {0x1b, "Port Unidirectional"}, {0x1d, "EnergyWise"}, {0x1f, "Spare PoE"},
};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}, {3, "Not present"}, {4, "Illegal"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};
constexpr ValueName kDuplexNames[] = {{0, "Half"}, {1, "Full"}};
constexpr ValueName kProtocolTypeNames[] = {{1, "NLPID"}, {2, "802.2"}};

enum CdpField : FieldIndex {
    Version, Ttl, Checksum, ChecksumStatus, TlvTypeField, TlvLen, DeviceId, SoftwareVersion, Platform, PortId,
    Capabilities, CapRouter, CapTransBridge, CapSrcBridge, CapSwitch, CapHost, CapIgmp, CapRepeater, CapVoipPhone,
    CapRemote, CapCvta, CapMacRelay, NumberOfAddresses, ProtocolType, ProtocolLength, Protocol, AddressLength,
    IpAddress, Address, VtpManagementDomain, NativeVlan, Duplex, VoiceVlan, PowerConsumption, Mtu, SystemName,
    Location, Data, kCdpFieldCount
};

constexpr FieldDef kCdpFields[] = {
    {Version, "cdp.version", "Version", FieldType::UInt8, Base::Dec},
    {Ttl, "cdp.ttl", "TTL", FieldType::UInt8, Base::Dec},
    {Checksum, "cdp.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "cdp.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {TlvTypeField, "cdp.tlv.type", "Type", FieldType::UInt16, Base::Hex, 0, kTlvTypeNames},
    {TlvLen, "cdp.tlv.len", "Length", FieldType::UInt16, Base::Dec},
    {DeviceId, "cdp.deviceid", "Device ID", FieldType::String},
    {SoftwareVersion, "cdp.software_version", "Software version", FieldType::String},
    {Platform, "cdp.platform", "Platform", FieldType::String},
    {PortId, "cdp.portid", "Sent through Interface", FieldType::String},
    {Capabilities, "cdp.capabilities", "Capabilities", FieldType::UInt32, Base::Hex},
    {CapRouter, "cdp.capabilities.router", "Router", FieldType::Bool, Base::None, 0x001, kYesNo},
    {CapTransBridge, "cdp.capabilities.trans_bridge", "Transparent Bridge", FieldType::Bool, Base::None, 0x002, kYesNo},
    {CapSrcBridge, "cdp.capabilities.src_bridge", "Source Route Bridge", FieldType::Bool, Base::None, 0x004, kYesNo},
    {CapSwitch, "cdp.capabilities.switch", "Switch", FieldType::Bool, Base::None, 0x008, kYesNo},
    {CapHost, "cdp.capabilities.host", "Host", FieldType::Bool, Base::None, 0x010, kYesNo},
    {CapIgmp, "cdp.capabilities.igmp_capable", "IGMP capable", FieldType::Bool, Base::None, 0x020, kYesNo},
    {CapRepeater, "cdp.capabilities.repeater", "Repeater", FieldType::Bool, Base::None, 0x040, kYesNo},
    {CapVoipPhone, "cdp.capabilities.voip_phone", "VoIP Phone", FieldType::Bool, Base::None, 0x080, kYesNo},
    {CapRemote, "cdp.capabilities.remote", "Remotely Managed Device", FieldType::Bool, Base::None, 0x100, kYesNo},
    {CapCvta, "cdp.capabilities.cvta", "CVTA/STP Dispute Resolution/Cisco VT Camera", FieldType::Bool, Base::None,
     0x200, kYesNo},
    {CapMacRelay, "cdp.capabilities.mac_relay", "Two Port Mac Relay", FieldType::Bool, Base::None, 0x400, kYesNo},
    {NumberOfAddresses, "cdp.number_of_addresses", "Number of addresses", FieldType::UInt32, Base::Dec},
    {ProtocolType, "cdp.protocol_type", "Protocol type", FieldType::UInt8, Base::Hex, 0, kProtocolTypeNames},
    {ProtocolLength, "cdp.protocol_length", "Protocol length", FieldType::UInt8, Base::Dec},
    {Protocol, "cdp.protocol", "Protocol", FieldType::Bytes},
    {AddressLength, "cdp.address_length", "Address length", FieldType::UInt16, Base::Dec},
    {IpAddress, "cdp.nrgyz.ip_address", "IP Address", FieldType::Ipv4},
    {Address, "cdp.address", "Address", FieldType::Bytes},
    {VtpManagementDomain, "cdp.vtp_management_domain", "VTP Management Domain", FieldType::String},
    {NativeVlan, "cdp.native_vlan", "Native VLAN", FieldType::UInt16, Base::Dec},
    {Duplex, "cdp.duplex", "Duplex", FieldType::Bool, Base::None, 0, kDuplexNames},
    {VoiceVlan, "cdp.voice_vlan", "Voice VLAN", FieldType::UInt16, Base::Dec},
    {PowerConsumption, "cdp.power_consumption", "Power Consumption", FieldType::UInt16, Base::Dec},
    {Mtu, "cdp.mtu", "MTU", FieldType::UInt32, Base::Dec},
    {SystemName, "cdp.system_name", "System Name", FieldType::String},
    {Location, "cdp.location", "Location", FieldType::String},
    {Data, "cdp.data", "Data", FieldType::Bytes},
};
static_assert(std::size(kCdpFields) == kCdpFieldCount);

// The Internet checksum of the PDU (RFC 1071); 0 when the bytes are intact.
[[nodiscard]] std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    if (bytes.size() % 2 != 0) sum += static_cast<std::uint32_t>(bytes.back()) << 8;
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

class CdpProtocol final : public Dissector {
public:
    CdpProtocol() : Dissector({"cdp", "CDP", "Cisco Discovery Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info().clear();
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        p.addUint(field(Version), view, 0, 1);
        p.addUint(field(Ttl), view, 1, 1);
        p.addUint(field(Checksum), view, 2, 2);
        // Cisco checksums odd-length PDUs in a way of their own: those stay unverified.
        const bool verifiable = !view.isCut() && view.reported() % 2 == 0;
        const std::uint64_t status = !verifiable ? 2 : internetChecksum(view.bytes()) == 0 ? 1 : 0;
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(status));
        std::uint32_t offset = kHeaderLength;
        // Each record takes at least its 4-byte header, so the walk ends with the bytes.
        while (offset + kTlvHeader <= view.captured()) {
            const std::uint16_t type = view.u16(offset);
            const std::uint16_t length = view.u16(offset + 2);
            if (length < kTlvHeader) break;
            p.addUint(field(TlvTypeField), view, offset, 2);
            p.addUint(field(TlvLen), view, offset + 2, 2);
            addValue(p, view.sub(offset + kTlvHeader, length - kTlvHeader), type);
            offset += length;
        }
        return view.reported();
    }

private:
    void addValue(Packet& p, const ByteView& value, std::uint16_t type) const {
        const std::uint32_t length = value.reported();
        auto text = [&](CdpField f) {
            const std::string_view s = value.text(0, length);
            p.addText(field(f), value, 0, length, s);
            return s;
        };
        switch (type) {
            case DeviceIdTlv: {
                const std::string_view id = text(DeviceId);
                if (p.wantsColumns()) p.info() += "Device ID: " + std::string(id) + "  ";
                break;
            }
            case PortIdTlv: {
                const std::string_view port = text(PortId);
                if (p.wantsColumns()) p.info() += "Port ID: " + std::string(port) + "  ";
                break;
            }
            case SoftwareTlv: addLines(p, value); break;
            case PlatformTlv: text(Platform); break;
            case AddressesTlv: addAddresses(p, value); break;
            case CapabilitiesTlv:
                p.addUint(field(Capabilities), value, 0, 4);
                for (FieldIndex f = CapRouter; f <= CapMacRelay; ++f) p.addUint(field(f), value, 0, 4);
                break;
            case VtpDomainTlv: text(VtpManagementDomain); break;
            case NativeVlanTlv: p.addUint(field(NativeVlan), value, 0, 2); break;
            case DuplexTlv: p.add(field(Duplex), value, 0, 1, FieldValue::ofUnsigned(value.u8(0) != 0)); break;
            case VoiceVlanTlv: p.addUint(field(VoiceVlan), value, 1, 2); break;
            case PowerTlv: p.addUint(field(PowerConsumption), value, 0, 2); break;
            case MtuTlv: p.addUint(field(Mtu), value, 0, 4); break;
            case SystemNameTlv: text(SystemName); break;
            case ManagementAddressTlv: addAddresses(p, value); break;
            case LocationTlv:  // one byte Wireshark does not know, then the text
                if (length > 1) p.addText(field(Location), value, 1, length - 1, value.text(1, length - 1));
                break;
            default:
                if (length > 0) p.addBytes(field(Data), value, 0, value.captured());
                break;
        }
    }

    // The software version is one item per line, as Wireshark shows it.
    void addLines(Packet& p, const ByteView& value) const {
        const std::string_view all = value.text(0, value.reported());
        std::size_t start = 0;
        while (start < all.size()) {
            std::size_t end = all.find('\n', start);
            if (end == std::string_view::npos) end = all.size();
            const std::string_view line = all.substr(start, end - start);
            p.addText(field(SoftwareVersion), value, static_cast<std::uint32_t>(start),
                      static_cast<std::uint32_t>(line.size()), line);
            start = end + 1;
        }
    }

    // A count, then per address: protocol type, protocol length, protocol, address length, address.
    void addAddresses(Packet& p, const ByteView& value) const {
        const std::uint32_t count = static_cast<std::uint32_t>(p.addUint(field(NumberOfAddresses), value, 0, 4));
        std::uint32_t offset = 4;
        for (std::uint32_t i = 0; i < count && offset + 2 <= value.captured(); ++i) {
            const std::uint8_t protocolLength = value.u8(offset + 1);
            p.addUint(field(ProtocolType), value, offset, 1);
            p.addUint(field(ProtocolLength), value, offset + 1, 1);
            p.addBytes(field(Protocol), value, offset + 2, protocolLength);
            offset += 2u + protocolLength;
            if (!value.has(offset, 2)) break;
            const std::uint16_t addressLength = value.u16(offset);
            p.addUint(field(AddressLength), value, offset, 2);
            offset += 2;
            // NLPID 0xCC is IPv4.
            if (protocolLength == 1 && value.u8(offset - 3) == 0xCC && addressLength == 4) {
                p.addIpv4(field(IpAddress), value, offset);
            } else {
                p.addBytes(field(Address), value, offset, addressLength);
            }
            offset += addressLength;
        }
    }
};

}  // namespace

void registerCdp(Registry& r) {
    auto& cdp = r.addProtocol<CdpProtocol>(kCdpFields);
    r.onHandoff([&cdp](Registry& registry) {
        registry.table("llc.cisco_pid").add(0x2000, cdp);
        for (const char* name : {"chdlc.protocol", "gre.proto"}) {
            if (registry.findTable(name) != nullptr) registry.table(name).add(0x2000, cdp);
        }
        if (registry.findTable("ppp.protocol") != nullptr) registry.table("ppp.protocol").add(0x0207, cdp);
    });
}

}  // namespace caplens::proto
