// pppoe — PPP over Ethernet (RFC 2516): the discovery stage ("pppoed", ethertype 0x8863) with
// its tags, and the session stage ("pppoes", 0x8864) that carries PPP. Both start with the same
// 6-byte header, whose fields Wireshark files under a third protocol, "pppoe", that never
// appears as a layer of its own; caplens declares it the same way so the names match.
//
//   | ver (4) | type (4) | code (8) | session id (16) | payload length (16) | payload ...
//   discovery tags: | tag type (16) | tag length (16) | value ... |
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 6;

constexpr ValueName kCodeNames[] = {
    {0x00, "Session Data"}, {0x07, "Active Discovery Offer (PADO)"}, {0x09, "Active Discovery Initiation (PADI)"},
    {0x0a, "Active Discovery Session-Grant (PADG)"}, {0x0b, "Active Discovery Session-Credit Resp.(PADC)"},
    {0x0c, "Active Discovery Quality (PADQ)"}, {0x19, "Active Discovery Request (PADR)"},
    {0x65, "Active Discovery Session-confirmation (PADS)"}, {0xa7, "Active Discovery Terminate (PADT)"},
    {0xd3, "Active Discovery Message (PADM)"}, {0xd4, "Active Discovery Network (PADN)"},
};
constexpr ValueName kTagNames[] = {
    {0x0000, "End-Of-List"}, {0x0101, "Service-Name"}, {0x0102, "AC-Name"}, {0x0103, "Host-Uniq"},
    {0x0104, "AC-Cookie"}, {0x0105, "Vendor-Specific"}, {0x0106, "Credits"}, {0x0107, "Metrics"},
    {0x0108, "Sequence Number"}, {0x0109, "Credit Scale Factor"}, {0x0110, "Relay-Session-Id"},
    {0x0111, "HURL"}, {0x0112, "MOTM"}, {0x0120, "PPP-Max-Payload"}, {0x0121, "IP Route Add"},
    {0x0201, "Service-Name-Error"}, {0x0202, "AC-System-Error"}, {0x0203, "Generic-Error"},
};

// ---- "pppoe": the common header's fields ----

enum PppoeField : FieldIndex { Version, Type, Code, SessionId, PayloadLength, kPppoeFieldCount };

constexpr FieldDef kPppoeFields[] = {
    {Version, "pppoe.version", "Version", FieldType::UInt8, Base::Dec, 0xf0},
    {Type, "pppoe.type", "Type", FieldType::UInt8, Base::Dec, 0x0f},
    {Code, "pppoe.code", "Code", FieldType::UInt8, Base::Hex, 0, kCodeNames},
    {SessionId, "pppoe.session_id", "Session ID", FieldType::UInt16, Base::Hex},
    {PayloadLength, "pppoe.payload_length", "Payload Length", FieldType::UInt16, Base::Dec},
};
static_assert(std::size(kPppoeFields) == kPppoeFieldCount);

enum PppoeExpert : std::uint16_t { BadPayloadLength, kPppoeExpertCount };
constexpr ExpertDef kPppoeExperts[] = {
    {BadPayloadLength, "pppoe.payload_length.bad", ExpertSeverity::Warning, ExpertGroup::Protocol,
     "Possible bad payload length"},
};
static_assert(std::size(kPppoeExperts) == kPppoeExpertCount);

// Holds the fields only; pppoed and pppoes add them. Never dissects on its own.
class PppoeProtocol final : public Dissector {
public:
    PppoeProtocol() : Dissector({"pppoe", "PPPoE", "PPP-over-Ethernet"}) {}
    std::uint32_t dissect(Packet&, const ByteView&) const override { return 0; }

    // Adds the 6-byte header; returns the payload length it announces.
    std::uint16_t addHeader(Packet& p, const ByteView& view) const {
        p.addUint(field(Version), view, 0, 1);
        p.addUint(field(Type), view, 0, 1);
        p.addUint(field(Code), view, 1, 1);
        p.addUint(field(SessionId), view, 2, 2);
        return static_cast<std::uint16_t>(p.addUint(field(PayloadLength), view, 4, 2));
    }
    void flagBadLength(Packet& p) const { p.addExpert(expert(BadPayloadLength)); }
};

// ---- "pppoed": discovery ----

enum PppoedField : FieldIndex {
    Tags, Tag, TagLength, TagUnknownData, ServiceName, AcName, HostUniq, AcCookie, VendorId, VendorUnspecified,
    RelaySessionId, MaxPayload, ServiceNameError, AcSystemError, GenericError, kPppoedFieldCount
};

constexpr FieldDef kPppoedFields[] = {
    {Tags, "pppoed.tags", "PPPoE Tags", FieldType::None},
    {Tag, "pppoed.tag", "Tag", FieldType::UInt16, Base::Hex, 0, kTagNames},
    {TagLength, "pppoed.tag_length", "Tag Length", FieldType::UInt16, Base::Dec},
    {TagUnknownData, "pppoed.tag.unknown_data", "Unknown Data", FieldType::Bytes},
    {ServiceName, "pppoed.tags.service_name", "Service-Name", FieldType::String},
    {AcName, "pppoed.tags.ac_name", "AC-Name", FieldType::String},
    {HostUniq, "pppoed.tags.host_uniq", "Host-Uniq", FieldType::Bytes},
    {AcCookie, "pppoed.tags.ac_cookie", "AC-Cookie", FieldType::Bytes},
    {VendorId, "pppoed.tags.vendor_id", "Vendor id", FieldType::UInt32, Base::Dec},
    {VendorUnspecified, "pppoed.tags.vendor_unspecified", "Vendor unspecified", FieldType::Bytes},
    {RelaySessionId, "pppoed.tags.relay_session_id", "Relay-Session-Id", FieldType::Bytes},
    {MaxPayload, "pppoed.tags.max_payload", "PPP-Max-Payload", FieldType::Bytes},
    {ServiceNameError, "pppoed.tags.service_name_error", "Service-Name-Error", FieldType::String},
    {AcSystemError, "pppoed.tags.ac_system_error", "AC-System-Error", FieldType::String},
    {GenericError, "pppoed.tags.generic_error", "Generic-Error", FieldType::String},
};
static_assert(std::size(kPppoedFields) == kPppoedFieldCount);

class PppoedProtocol final : public Dissector {
public:
    PppoedProtocol() : Dissector({"pppoed", "PPPoED", "PPP-over-Ethernet Discovery"}) {}

    void connect(const PppoeProtocol& pppoe) { m_pppoe = &pppoe; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint16_t length = m_pppoe->addHeader(p, view);
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kCodeNames, view.u8(1));
            p.info() = name.empty() ? "Unknown" : std::string(name);
        }
        if (length > view.reported() - kHeaderLength) m_pppoe->flagBadLength(p);
        const ByteView tags = view.sub(kHeaderLength, length);
        if (tags.reported() > 0) addTags(p, tags);
        return kHeaderLength + tags.reported();
    }

private:
    // Tags are type-length-value; each takes at least 4 bytes, so the walk ends.
    void addTags(Packet& p, const ByteView& tags) const {
        const ItemRef item = p.add(field(Tags), tags, 0, tags.reported(), FieldValue{});
        p.push(item);
        std::uint32_t offset = 0;
        while (offset + 4 <= tags.captured()) {
            const std::uint16_t type = tags.u16(offset);
            const std::uint16_t length = tags.u16(offset + 2);
            const std::uint32_t value = offset + 4;
            // pppoed.tag / pppoed.tag_length appear only under Wireshark's "show tags and lengths"
            // preference, off by default: each tag is shown by its value's own field.
            addTagValue(p, tags, type, value, length);
            offset = value + length;
            if (type == 0x0000) break;  // End-Of-List
        }
        p.pop();
    }

    void addTagValue(Packet& p, const ByteView& tags, std::uint16_t type, std::uint32_t at, std::uint16_t length) const {
        if (length == 0) return;
        auto text = [&](PppoedField f) { p.addText(field(f), tags, at, length, tags.text(at, length)); };
        switch (type) {
            case 0x0101: text(ServiceName); break;
            case 0x0102: text(AcName); break;
            case 0x0103: p.addBytes(field(HostUniq), tags, at, length); break;
            case 0x0104: p.addBytes(field(AcCookie), tags, at, length); break;
            case 0x0105:
                p.addUint(field(VendorId), tags, at, 4);
                if (length > 4) p.addBytes(field(VendorUnspecified), tags, at + 4, length - 4u);
                break;
            case 0x0110: p.addBytes(field(RelaySessionId), tags, at, length); break;
            case 0x0120: p.addBytes(field(MaxPayload), tags, at, length); break;
            case 0x0201: text(ServiceNameError); break;
            case 0x0202: text(AcSystemError); break;
            case 0x0203: text(GenericError); break;
            default: p.addBytes(field(TagUnknownData), tags, at, length); break;
        }
    }

    const PppoeProtocol* m_pppoe = nullptr;
};

// ---- "pppoes": session ----

class PppoesProtocol final : public Dissector {
public:
    PppoesProtocol() : Dissector({"pppoes", "PPPoES", "PPP-over-Ethernet Session"}) {}

    void connect(const PppoeProtocol& pppoe, const Dissector* ppp) {
        m_pppoe = &pppoe;
        m_ppp = ppp;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kHeaderLength);
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint16_t length = m_pppoe->addHeader(p, view);
        if (p.buildsTree()) p.setText(item, "PPP-over-Ethernet Session");
        if (p.wantsColumns()) p.info() = "PPP-over-Ethernet Session";
        if (length > view.reported() - kHeaderLength) m_pppoe->flagBadLength(p);
        // A zero length is what some access concentrators send: take the rest of the frame.
        const ByteView payload = length == 0 ? view.from(kHeaderLength) : view.sub(kHeaderLength, length);
        std::uint32_t used = m_ppp != nullptr ? p.call(*m_ppp, payload) : 0;
        if (used == 0 && !p.stopped()) p.callData(payload);
        return kHeaderLength + payload.reported();
    }

private:
    const PppoeProtocol* m_pppoe = nullptr;
    const Dissector* m_ppp = nullptr;
};

}  // namespace

void registerPppoe(Registry& r) {
    auto& pppoe = r.addProtocol<PppoeProtocol>(kPppoeFields);
    r.addExperts(pppoe, kPppoeExperts);
    auto& pppoed = r.addProtocol<PppoedProtocol>(kPppoedFields);
    auto& pppoes = r.addProtocol<PppoesProtocol>(std::span<const FieldDef>{});
    r.onHandoff([&pppoe, &pppoed, &pppoes](Registry& registry) {
        pppoed.connect(pppoe);
        pppoes.connect(pppoe, registry.findProtocol("ppp"));
        registry.table("ethertype").add(0x8863, pppoed);
        registry.table("ethertype").add(0x8864, pppoes);
    });
}

}  // namespace caplens::proto
