// ppp — the Point-to-Point Protocol (RFC 1661) as in Wireshark's packet-ppp.c: "ppp" with its
// optional HDLC-like address/control bytes (RFC 1662) and its protocol field, handed to the
// "ppp.protocol" table; and two of its control protocols, LCP ("lcp", RFC 1661 section 5) and
// CHAP ("chap", RFC 1994), which Wireshark also registers by protocol number in "ethertype"
// (Windows' NDISWAN captures put them straight after an Ethernet header).
//
//   PPP:   [ 0xFF address | 0x03 control ] | protocol (16, or 8 when compressed) | information
//   LCP:   | code (8) | identifier (8) | length (16) | options or data ...
//   CHAP:  | code (8) | identifier (8) | length (16) | value size (8) | value | name   (challenge/response)
//                                                     | message                       (success/failure)
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kControlHeader = 4;  // code, identifier, length

constexpr ValueName kPppProtocolNames[] = {
    {0x0021, "Internet Protocol version 4"}, {0x002b, "Novell IPX"}, {0x003d, "PPP Multilink"},
    {0x004b, "SNA over 802.2"}, {0x0057, "Internet Protocol version 6"}, {0x00fd, "Compressed datagram"},
    {0x0207, "Cisco Discovery Protocol"}, {0x0281, "MPLS Unicast"}, {0x8021, "Internet Protocol Control Protocol"},
    {0x8057, "IPv6 Control Protocol"}, {0x80fd, "Compression Control Protocol"}, {0xc021, "Link Control Protocol"},
    {0xc023, "Password Authentication Protocol"}, {0xc025, "Link Quality Report"},
    {0xc223, "Challenge Handshake Authentication Protocol"}, {0xc227, "PPP Extensible Authentication Protocol"},
};
constexpr ValueName kControlCodeNames[] = {
    {1, "Configuration Request"}, {2, "Configuration Ack"}, {3, "Configuration Nak"}, {4, "Configuration Reject"},
    {5, "Termination Request"}, {6, "Termination Ack"}, {7, "Code Reject"}, {8, "Protocol Reject"},
    {9, "Echo Request"}, {10, "Echo Reply"}, {11, "Discard Request"}, {12, "Identification"},
    {13, "Time Remaining"},
};
constexpr ValueName kLcpOptionNames[] = {
    {0, "Vendor Specific"}, {1, "Maximum Receive Unit"}, {2, "Async Control Character Map"},
    {3, "Authentication Protocol"}, {4, "Quality Protocol"}, {5, "Magic Number"},
    {7, "Protocol Field Compression"}, {8, "Address and Control Field Compression"}, {9, "FCS-Alternatives"},
    {10, "Self-Describing-Padding"}, {13, "Callback"}, {17, "Multilink MRRU"},
    {18, "Multilink Short Sequence Number Header Format"}, {19, "Multilink Endpoint Discriminator"},
    {23, "Link Discriminator for BACP"},
};
constexpr ValueName kChapCodeNames[] = {{1, "Challenge"}, {2, "Response"}, {3, "Success"}, {4, "Failure"}};

// ---- PPP ----

enum PppField : FieldIndex { Address, Control, Protocol, Code, Identifier, Length, MagicNumber, Data, kPppFieldCount };

constexpr FieldDef kPppFields[] = {
    {Address, "ppp.address", "Address", FieldType::UInt8, Base::Hex},
    {Control, "ppp.control", "Control", FieldType::UInt8, Base::Hex},
    {Protocol, "ppp.protocol", "Protocol", FieldType::UInt16, Base::Hex, 0, kPppProtocolNames},
    {Code, "ppp.code", "Code", FieldType::UInt8, Base::Dec, 0, kControlCodeNames},
    {Identifier, "ppp.identifier", "Identifier", FieldType::UInt8, Base::DecHex},
    {Length, "ppp.length", "Length", FieldType::UInt16, Base::Dec},
    {MagicNumber, "ppp.magic_number", "Magic Number", FieldType::UInt32, Base::Hex},
    {Data, "ppp.data", "Data", FieldType::Bytes},
};
static_assert(std::size(kPppFields) == kPppFieldCount);

// The ethertype of a PPP network protocol whose dissector registered only in "ethertype".
[[nodiscard]] std::uint16_t ethertypeOfPppProtocol(std::uint16_t protocol) {
    switch (protocol) {
        case 0x0021: return 0x0800;
        case 0x0057: return 0x86DD;
        case 0x002b: return 0x8137;
        default: return 0;
    }
}

class PppProtocol final : public Dissector {
public:
    PppProtocol() : Dissector({"ppp", "PPP", "Point-to-Point Protocol"}) {}

    void connect(const DissectorTable& protocols, const DissectorTable& ethertypes, const Dissector* chdlc) {
        m_protocols = &protocols;
        m_ethertypes = &ethertypes;
        m_chdlc = chdlc;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        // Cisco HDLC frames (address 0x0F / 0x8F) turn up where PPP is expected.
        const std::uint8_t first = view.u8(0);
        if ((first == 0x0F || first == 0x8F) && m_chdlc != nullptr && view.has(0, 1)) return p.call(*m_chdlc, view);
        const ItemRef item = p.beginProtocol(*this, view, 2);
        std::uint32_t offset = 0;
        if (first == 0xFF) {  // address and control present (no RFC 1662 field compression)
            if (view.need(0, 2) != Availability::Available) return stopAt(p, view, 0, 2);
            p.addUint(field(Address), view, 0, 1);
            p.addUint(field(Control), view, 1, 1);
            offset = 2;
        }
        // Protocol field compression: an odd first byte is a one-byte protocol number.
        const std::uint32_t protocolLength = (view.u8(offset) & 0x01) ? 1 : 2;
        if (view.need(offset, protocolLength) != Availability::Available) return stopAt(p, view, offset, protocolLength);
        const auto protocol = static_cast<std::uint16_t>(view.uint(offset, protocolLength));
        p.add(field(Protocol), view, offset, protocolLength, FieldValue::ofUnsigned(protocol));
        offset += protocolLength;
        p.setLength(item, offset);
        if (p.wantsColumns()) p.info().clear();
        const ByteView payload = view.from(offset);
        std::uint32_t used = p.dispatch(*m_protocols, protocol, payload);
        if (used == 0 && !p.stopped() && m_protocols->find(protocol) == nullptr) {
            if (const std::uint16_t type = ethertypeOfPppProtocol(protocol)) used = p.dispatch(*m_ethertypes, type, payload);
        }
        if (used == 0 && !p.stopped()) p.callData(payload);
        return view.reported();
    }

    // For LCP, which reports its header with PPP's fields (ppp.code, ppp.identifier, ...).
    [[nodiscard]] FieldId pppField(PppField f) const { return field(f); }

private:
    std::uint32_t stopAt(Packet& p, const ByteView& view, std::uint32_t offset, std::uint32_t length) const {
        p.markUnavailable(*this, view, offset, length);
        return view.reported();
    }

    const DissectorTable* m_protocols = nullptr;
    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_chdlc = nullptr;
};

// ---- LCP ----

enum LcpField : FieldIndex {
    LcpMagicNumber, LcpData, LcpMessage, LcpSecsRemaining, LcpRejProto, OptType, OptLength, OptData, OptMru,
    OptAsyncmap, OptAuthProtocol, OptQualityProtocol, OptMagicNumber, OptMrru, kLcpFieldCount
};

constexpr FieldDef kLcpFields[] = {
    {LcpMagicNumber, "lcp.magic_number", "Magic Number", FieldType::UInt32, Base::Hex},
    {LcpData, "lcp.data", "Data", FieldType::Bytes},
    {LcpMessage, "lcp.message", "Message", FieldType::String},
    {LcpSecsRemaining, "lcp.secs_remaining", "Seconds Remaining", FieldType::UInt32, Base::Dec},
    {LcpRejProto, "lcp.rej_proto", "Rejected Protocol", FieldType::UInt16, Base::Hex, 0, kPppProtocolNames},
    {OptType, "lcp.opt.type", "Type", FieldType::UInt8, Base::Dec, 0, kLcpOptionNames},
    {OptLength, "lcp.opt.length", "Length", FieldType::UInt8, Base::Dec},
    {OptData, "lcp.opt.data", "Data", FieldType::Bytes},
    {OptMru, "lcp.opt.mru", "Maximum Receive Unit", FieldType::UInt16, Base::Dec},
    {OptAsyncmap, "lcp.opt.asyncmap", "Async Control Character Map", FieldType::UInt32, Base::Hex},
    {OptAuthProtocol, "lcp.opt.auth_protocol", "Authentication Protocol", FieldType::UInt16, Base::Hex, 0,
     kPppProtocolNames},
    {OptQualityProtocol, "lcp.opt.quality_protocol", "Quality Protocol", FieldType::UInt16, Base::Hex, 0,
     kPppProtocolNames},
    {OptMagicNumber, "lcp.opt.magic_number", "Magic Number", FieldType::UInt32, Base::Hex},
    {OptMrru, "lcp.opt.mrru", "MRRU", FieldType::UInt16, Base::Dec},
};
static_assert(std::size(kLcpFields) == kLcpFieldCount);

class LcpProtocol final : public Dissector {
public:
    LcpProtocol() : Dissector({"lcp", "PPP LCP", "PPP Link Control Protocol"}) {}

    void connect(const PppProtocol& ppp) { m_ppp = &ppp; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kControlHeader) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kControlHeader);
            return view.reported();
        }
        const std::uint8_t code = view.u8(0);
        const std::uint16_t length = view.u16(2);
        p.addUint(m_ppp->pppField(Code), view, 0, 1);
        p.addUint(m_ppp->pppField(Identifier), view, 1, 1);
        p.addUint(m_ppp->pppField(Length), view, 2, 2);
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kControlCodeNames, code);
            p.info() = name.empty() ? "Unknown" : std::string(name);
        }
        if (length < kControlHeader) return view.reported();
        const ByteView body = view.sub(kControlHeader, length - kControlHeader);
        switch (code) {
            case 1: case 2: case 3: case 4: addOptions(p, body); break;   // Configure-*
            case 8:                                                        // Protocol-Reject
                p.addUint(field(LcpRejProto), body, 0, 2);
                if (body.reported() > 2) p.addBytes(m_ppp->pppField(Data), body, 2, body.reported() - 2);
                break;
            case 9: case 10: case 11: case 12: case 13:                   // Echo, Discard, Identification, Time
                p.addUint(field(LcpMagicNumber), body, 0, 4);
                if (code == 12 && body.reported() > 4) p.addText(field(LcpMessage), body, 4, body.reported() - 4, body.text(4, body.reported() - 4));
                else if (code == 13) p.addUint(field(LcpSecsRemaining), body, 4, 4);
                else if (body.reported() > 4) p.addBytes(field(LcpData), body, 4, body.reported() - 4);
                break;
            default:
                if (body.reported() > 0) p.addBytes(m_ppp->pppField(Data), body, 0, body.captured());
                break;
        }
        return view.reported();
    }

private:
    // Type-length-value options; every option takes at least 2 bytes, so the walk ends.
    void addOptions(Packet& p, const ByteView& body) const {
        std::uint32_t offset = 0;
        while (offset + 2 <= body.captured()) {
            const std::uint8_t type = body.u8(offset);
            const std::uint8_t length = body.u8(offset + 1);
            if (length < 2 || offset + length > body.reported()) break;
            p.addUint(field(OptType), body, offset, 1);
            p.addUint(field(OptLength), body, offset + 1, 1);
            const std::uint32_t value = offset + 2;
            switch (type) {
                case 1: p.addUint(field(OptMru), body, value, 2); break;
                case 2: p.addUint(field(OptAsyncmap), body, value, 4); break;
                case 3: p.addUint(field(OptAuthProtocol), body, value, 2); break;
                case 4: p.addUint(field(OptQualityProtocol), body, value, 2); break;
                case 5: p.addUint(field(OptMagicNumber), body, value, 4); break;
                case 17: p.addUint(field(OptMrru), body, value, 2); break;
                default:
                    if (length > 2) p.addBytes(field(OptData), body, value, length - 2u);
                    break;
            }
            offset += length;
        }
    }

    const PppProtocol* m_ppp = nullptr;
};

// ---- CHAP ----

enum ChapField : FieldIndex { ChapCode, ChapIdentifier, ChapLength, ChapData, ValueSize, Value, Name, Message, Stuff, kChapFieldCount };

constexpr FieldDef kChapFields[] = {
    {ChapCode, "chap.code", "Code", FieldType::UInt8, Base::Dec, 0, kChapCodeNames},
    {ChapIdentifier, "chap.identifier", "Identifier", FieldType::UInt8, Base::Dec},
    {ChapLength, "chap.length", "Length", FieldType::UInt16, Base::Dec},
    {ChapData, "chap.data", "Data", FieldType::None},
    {ValueSize, "chap.value_size", "Value Size", FieldType::UInt8, Base::Dec},
    {Value, "chap.value", "Value", FieldType::Bytes},
    {Name, "chap.name", "Name", FieldType::String},
    {Message, "chap.message", "Message", FieldType::String},
    {Stuff, "chap.stuff", "Stuff", FieldType::Bytes},
};
static_assert(std::size(kChapFields) == kChapFieldCount);

class ChapProtocol final : public Dissector {
public:
    ChapProtocol() : Dissector({"chap", "PPP CHAP", "PPP Challenge Handshake Authentication Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kControlHeader) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kControlHeader);
            return view.reported();
        }
        const std::uint8_t code = view.u8(0);
        const std::uint16_t length = view.u16(2);
        p.addUint(field(ChapCode), view, 0, 1);
        p.addUint(field(ChapIdentifier), view, 1, 1);
        p.addUint(field(ChapLength), view, 2, 2);
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kChapCodeNames, code);
            p.info() = name.empty() ? "Unknown" : std::string(name);
        }
        if (length <= kControlHeader) return view.reported();
        const ByteView body = view.sub(kControlHeader, length - kControlHeader);
        if (code == 1 || code == 2) {
            addValueAndName(p, body);
        } else if (code == 3 || code == 4) {
            const std::string_view message = body.text(0, body.reported());
            p.addText(field(Message), body, 0, body.reported(), message);
            if (p.wantsColumns()) p.info() += " (MESSAGE='" + std::string(message) + "')";
        } else {
            p.addBytes(field(Stuff), body, 0, body.captured());
        }
        return view.reported();
    }

private:
    // Challenge and Response: a value (its size first), then the sender's name.
    void addValueAndName(Packet& p, const ByteView& body) const {
        const std::uint8_t valueSize = body.u8(0);
        if (!body.has(0, 1) || 1u + valueSize > body.reported()) return;
        const ItemRef data = p.add(field(ChapData), body, 0, body.reported(), FieldValue{});
        p.push(data);
        p.addUint(field(ValueSize), body, 0, 1);
        if (valueSize > 0) p.addBytes(field(Value), body, 1, valueSize);
        const std::uint32_t nameAt = 1u + valueSize;
        const std::string_view name = body.text(nameAt, body.reported() - nameAt);
        if (!name.empty()) p.addText(field(Name), body, nameAt, static_cast<std::uint32_t>(name.size()), name);
        p.pop();
        if (p.wantsColumns() && valueSize > 0) {
            p.info() += " (NAME='" + std::string(name) + "', VALUE=0x" + hexPrefix(body.span(1, valueSize)) + ")";
        }
    }

    // Wireshark's bytes_to_str: at most 36 bytes in hex, then an ellipsis.
    static std::string hexPrefix(std::span<const std::uint8_t> bytes) {
        std::string out;
        char part[4];
        for (std::size_t i = 0; i < bytes.size() && i < 36; ++i) {
            std::snprintf(part, sizeof part, "%02x", bytes[i]);
            out += part;
        }
        if (bytes.size() > 36) out += "\xE2\x80\xA6";
        return out;
    }
};

}  // namespace

void registerPpp(Registry& r) {
    auto& ppp = r.addProtocol<PppProtocol>(kPppFields);
    auto& lcp = r.addProtocol<LcpProtocol>(kLcpFields);
    auto& chap = r.addProtocol<ChapProtocol>(kChapFields);
    r.addTable("ppp.protocol", "PPP protocol");
    r.onHandoff([&ppp, &lcp, &chap](Registry& registry) {
        ppp.connect(registry.table("ppp.protocol"), registry.table("ethertype"), registry.findProtocol("chdlc"));
        lcp.connect(ppp);
        auto& linkTypes = registry.table("linktype");
        linkTypes.add(linktype::Ppp, ppp);
        linkTypes.add(50, ppp);  // LINKTYPE_PPP_HDLC
        if (registry.findTable("sll.ltype") != nullptr) registry.table("sll.ltype").add(0x0007, ppp);
        if (registry.findTable("gre.proto") != nullptr) registry.table("gre.proto").add(0x880b, ppp);
        for (const auto& [number, dissector] : {std::pair<std::uint32_t, const Dissector*>{0xc021, &lcp}, {0xc223, &chap}}) {
            registry.table("ppp.protocol").add(number, *dissector);
            registry.table("ethertype").add(number, *dissector);
        }
    });
}

}  // namespace caplens::proto
