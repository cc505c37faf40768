// gre — Generic Routing Encapsulation (RFC 2784, RFC 2890) and the enhanced GRE of PPTP
// (RFC 2637, version 1): flags, the optional checksum, key (PPTP: payload length and call ID),
// sequence and acknowledgment numbers, source routes, and the payload handed on by protocol
// type through the "gre.proto" table this file creates (ip, ipv6, eth for transparent Ethernet
// bridging, ppp for PPTP, cmd, ...). Also GRE in UDP (RFC 8086, port 4754).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
//   |      Checksum (optional)      |       Offset (optional)       |
//   |                         Key (optional)                        |
//   |                 Sequence Number (optional)                    |
//   |               Acknowledgment Number (optional, PPTP)          |
//   |                         Routing (optional)                    ...
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kFixedLength = 4;
constexpr std::size_t kMaxSourceRouteEntries = 64;

enum GreFlag : std::uint16_t {
    ChecksumBit = 0x8000, RoutingBit = 0x4000, KeyBit = 0x2000, SequenceBit = 0x1000, AckBit = 0x0080,
    VersionMask = 0x0007,
};

constexpr ValueName kProtocolTypes[] = {
    {0x0000, "Possible GRE keepalive packet"}, {0x880b, "PPP"}, {0x0800, "IP"}, {0x0806, "ARP"}, {0x00fe, "OSI"},
    {0x883e, "WCCP"}, {0x2000, "CDP (Cisco)"}, {0x2001, "NHRP"}, {0x88be, "ERSPAN"}, {0x22eb, "ERSPAN III"},
    {0x6400, "MIKROTIK EoIP"}, {0xfeae, "AIROHIVE AP AP"}, {0x8137, "IPX"}, {0x6558, "Transparent Ethernet bridging"},
    {0x6559, "Frame Relay"}, {0x86dd, "IPv6"}, {0x8847, "MPLS label switched packet"},
    {0x894f, "Network Service Header"}, {0x8881, "CDMA2000 A10 Unstructured byte stream"},
    {0x88d2, "CDMA2000 A10 3GPP2 Packet"}, {0x8909, "CiscoMetaData"}, {0xb7ea, "Huawei GRE bonding"},
    {0x8200, "ARUBA WLAN"}, {0x9000, "ARUBA WLAN"},
};
constexpr ValueName kVersions[] = {{0, "GRE"}, {1, "Enhanced GRE"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};
constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}};

enum GreField : FieldIndex {
    Proto, FlagsAndVersion, FlagChecksum, FlagRouting, FlagKey, FlagSequence, FlagStrictRoute, FlagRecursion,
    FlagAck, FlagReserved, FlagVersion, Checksum, ChecksumStatus, Offset, Key, KeyPayloadLength, KeyCallId,
    SequenceNumber, AckNumber, Routing, RoutingAddressFamily, RoutingSreOffset, RoutingSreLength,
    RoutingInformation, kGreFieldCount
};

constexpr FieldDef kGreFields[] = {
    {Proto, "gre.proto", "Protocol Type", FieldType::UInt16, Base::Hex, 0, kProtocolTypes},
    {FlagsAndVersion, "gre.flags_and_version", "Flags and Version", FieldType::UInt16, Base::Hex},
    {FlagChecksum, "gre.flags.checksum", "Checksum Bit", FieldType::Bool, Base::None, 0x8000, kYesNo},
    {FlagRouting, "gre.flags.routing", "Routing Bit", FieldType::Bool, Base::None, 0x4000, kYesNo},
    {FlagKey, "gre.flags.key", "Key Bit", FieldType::Bool, Base::None, 0x2000, kYesNo},
    {FlagSequence, "gre.flags.sequence_number", "Sequence Number Bit", FieldType::Bool, Base::None, 0x1000, kYesNo},
    {FlagStrictRoute, "gre.flags.strict_source_route", "Strict Source Route Bit", FieldType::Bool, Base::None, 0x0800,
     kYesNo},
    {FlagRecursion, "gre.flags.recursion_control", "Recursion control", FieldType::UInt16, Base::Dec, 0x0700},
    {FlagAck, "gre.flags.ack", "Acknowledgment", FieldType::Bool, Base::None, 0x0080, kYesNo},
    {FlagReserved, "gre.flags.reserved", "Flags (Reserved)", FieldType::UInt16, Base::Dec, 0x00F8},
    {FlagVersion, "gre.flags.version", "Version", FieldType::UInt16, Base::Dec, 0x0007, kVersions},
    {Checksum, "gre.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "gre.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {Offset, "gre.offset", "Offset", FieldType::UInt16, Base::Dec},
    {Key, "gre.key", "Key", FieldType::UInt32, Base::Hex},
    {KeyPayloadLength, "gre.key.payload_length", "Payload Length", FieldType::UInt16, Base::Dec},
    {KeyCallId, "gre.key.call_id", "Call ID", FieldType::UInt16, Base::Dec},
    {SequenceNumber, "gre.sequence_number", "Sequence Number", FieldType::UInt32, Base::Dec},
    {AckNumber, "gre.ack_number", "Acknowledgment Number", FieldType::UInt32, Base::Dec},
    {Routing, "gre.routing", "Routing", FieldType::None},
    {RoutingAddressFamily, "gre.routing.address_family", "Address Family", FieldType::UInt16, Base::Dec},
    {RoutingSreOffset, "gre.routing.sre_offset", "SRE Offset", FieldType::UInt8, Base::Dec},
    {RoutingSreLength, "gre.routing.src_length", "SRE Length", FieldType::UInt8, Base::Dec},
    {RoutingInformation, "gre.routing.information", "Routing Information", FieldType::Bytes},
};
static_assert(std::size(kGreFields) == kGreFieldCount);

enum GreExpert : std::uint16_t { ChecksumIncorrect, kGreExpertCount };
constexpr ExpertDef kGreExperts[] = {
    {ChecksumIncorrect, "gre.checksum.incorrect", ExpertSeverity::Error, ExpertGroup::Checksum,
     "Incorrect GRE Checksum"},
};
static_assert(std::size(kGreExperts) == kGreExpertCount);

class GreProtocol final : public Dissector {
public:
    GreProtocol() : Dissector({"gre", "GRE", "Generic Routing Encapsulation"}) {}

    void connect(const DissectorTable& types) { m_types = &types; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        // Wireshark reads flags and protocol type before it adds the GRE item.
        if (view.need(0, kFixedLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kFixedLength);
            return view.reported();
        }
        const std::uint16_t flags = view.u16(0);
        const std::uint16_t type = view.u16(2);
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        const std::string_view typeName = nameOf(kProtocolTypes, type);
        if (p.buildsTree()) {
            p.setText(item, "Generic Routing Encapsulation (" + (typeName.empty() ? hex4(type) + " - unknown" : std::string(typeName)) + ")");
        }
        if (p.wantsColumns()) p.info() = "Encapsulated " + (typeName.empty() ? hex4(type) + " (unknown)" : std::string(typeName));
        addFlags(p, view, flags);
        p.addUint(field(Proto), view, 2, 2);
        const std::uint32_t headerLength = addOptionalFields(p, view, flags, type);
        if (p.stopped()) return view.reported();
        p.setLength(item, std::min(headerLength, view.reported()));
        const ByteView payload = view.from(headerLength);
        if (p.dispatch(*m_types, type, payload) != 0 || p.stopped()) return view.reported();
        p.nestNextProtocolsIn(item);  // Wireshark shows payload nobody took inside the GRE tree
        p.callData(payload);
        return view.reported();
    }

private:
    static std::string hex4(std::uint16_t value) {
        char text[8];
        std::snprintf(text, sizeof text, "0x%04x", value);
        return text;
    }

    void addFlags(Packet& p, const ByteView& v, std::uint16_t flags) const {
        const ItemRef item = p.add(field(FlagsAndVersion), v, 0, 2, FieldValue::ofUnsigned(flags));
        p.push(item);
        for (const GreField f : {FlagChecksum, FlagRouting, FlagKey, FlagSequence, FlagStrictRoute, FlagRecursion}) {
            p.addUint(field(f), v, 0, 2);
        }
        if ((flags & VersionMask) == 1) {
            // PPTP's enhanced GRE: an acknowledgment bit, four reserved bits.
            p.addUint(field(FlagAck), v, 0, 2);
            p.add(field(FlagReserved), v, 0, 2, FieldValue::ofUnsigned((flags & 0x0078u) >> 3));
        } else {
            p.addUint(field(FlagReserved), v, 0, 2);
        }
        p.addUint(field(FlagVersion), v, 0, 2);
        p.pop();
    }

    // The fields the flags announce; returns the header's length (the payload's offset).
    std::uint32_t addOptionalFields(Packet& p, const ByteView& v, std::uint16_t flags, std::uint16_t type) const {
        std::uint32_t at = kFixedLength;
        const bool pptp = (flags & VersionMask) == 1;
        if (flags & (ChecksumBit | RoutingBit)) {
            if (!need(p, v, at + 4)) return at;
            p.addUint(field(Checksum), v, at, 2);
            if (flags & ChecksumBit) addChecksumStatus(p, v);
            p.addUint(field(Offset), v, at + 2, 2);
            at += 4;
        }
        if (flags & KeyBit) {
            if (!need(p, v, at + 4)) return at;
            if (pptp) {
                p.addUint(field(KeyPayloadLength), v, at, 2);
                p.addUint(field(KeyCallId), v, at + 2, 2);
            } else {
                p.addUint(field(Key), v, at, 4);
            }
            at += 4;
        }
        if (flags & SequenceBit) {
            if (!need(p, v, at + 4)) return at;
            p.addUint(field(SequenceNumber), v, at, 4);
            at += 4;
        }
        if (pptp && type == 0x880b && (flags & AckBit)) {
            if (!need(p, v, at + 4)) return at;
            p.addUint(field(AckNumber), v, at, 4);
            at += 4;
        }
        if (flags & RoutingBit) at = addSourceRoutes(p, v, at);
        return at;
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t end) const {
        if (v.need(0, end) == Availability::Available) return true;
        p.markUnavailable(*this, v, 0, end);
        return false;
    }

    // Verified over the whole GRE packet when every byte is here.
    void addChecksumStatus(Packet& p, const ByteView& v) const {
        if (v.isCut()) {
            p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(2));
            return;
        }
        std::uint32_t sum = 0;
        const auto bytes = v.bytes();
        for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
        if (bytes.size() % 2) sum += static_cast<std::uint32_t>(bytes.back() << 8);
        while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
        const bool good = sum == 0xFFFF;
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(good ? 1 : 0));
        if (!good) p.addExpert(expert(ChecksumIncorrect));
    }

    // RFC 1701 source route entries, up to the one of length 0.
    std::uint32_t addSourceRoutes(Packet& p, const ByteView& v, std::uint32_t at) const {
        for (std::size_t count = 0; count < kMaxSourceRouteEntries; ++count) {
            if (!need(p, v, at + 4)) return at;
            const std::uint32_t length = v.u8(at + 3);
            const ItemRef item = p.add(field(Routing), v, at, 4 + length, FieldValue{});
            p.push(item);
            p.addUint(field(RoutingAddressFamily), v, at, 2);
            p.addUint(field(RoutingSreOffset), v, at + 2, 1);
            p.addUint(field(RoutingSreLength), v, at + 3, 1);
            if (length != 0) {
                if (!need(p, v, at + 4 + length)) return at;
                p.addBytes(field(RoutingInformation), v, at + 4, length);
            }
            p.pop();
            at += 4 + length;
            if (length == 0) break;
        }
        return at;
    }

    const DissectorTable* m_types = nullptr;
};

}  // namespace

void registerGre(Registry& r) {
    auto& gre = r.addProtocol<GreProtocol>(kGreFields);
    r.addExperts(gre, kGreExperts);
    r.addTable("gre.proto", "GRE protocol type");
    r.onHandoff([&gre](Registry& registry) {
        auto& types = registry.table("gre.proto");
        gre.connect(types);
        registry.table("ip.proto").add(47, gre);
        registry.table("udp.port").add(4754, gre);  // GRE in UDP (RFC 8086)
        // Payloads whose dissectors live in files that do not join this table themselves
        // (Wireshark 4.0's registrations). A protocol that joins it itself takes precedence.
        const std::pair<std::uint32_t, const char*> kPayloads[] = {
            {0x0800, "ip"}, {0x6558, "eth"}, {0x6400, "eth"}, {0x0806, "arp"}, {0x880b, "ppp"},
            {0x2000, "cdp"}, {0x8847, "mpls"}, {0x8848, "mpls"},
        };
        for (const auto& [type, name] : kPayloads) {
            const Dissector* payload = registry.findProtocol(name);
            if (payload != nullptr && types.find(type) == nullptr) types.add(type, *payload);
        }
    });
}

}  // namespace caplens::proto
