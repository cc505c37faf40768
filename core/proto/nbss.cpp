// nbss — NetBIOS Session Service (RFC 1002 section 4.3) on TCP 139, and its NetBIOS-less use by
// SMB on TCP 445 (a 24-bit length). Several messages may share a segment (one "nbss" level each)
// and a message may span segments (TCP reassembly). A session message's payload goes to the
// "netbios" heuristics (SMB2, SMB), else it is data.
//
//   | type (1) | flags (1): bit 0 extends the length | length (2) |   (port 445 / SMB: 24-bit length)
#include "core/proto/names.hpp"
#include "core/proto/netbios_common.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;

enum MessageType : std::uint8_t {
    SessionMessage = 0x00, SessionRequest = 0x81, PositiveResponse = 0x82, NegativeResponse = 0x83,
    RetargetResponse = 0x84, KeepAlive = 0x85,
};

constexpr ValueName kMessageTypes[] = {
    {SessionMessage, "Session message"},            {SessionRequest, "Session request"},
    {PositiveResponse, "Positive session response"}, {NegativeResponse, "Negative session response"},
    {RetargetResponse, "Retarget session response"}, {KeepAlive, "Session keep-alive"},
};
constexpr ValueName kErrorCodes[] = {{0x80, "Not listening on called name"},
                                     {0x81, "Not listening for called name"},
                                     {0x82, "Called name not present"},
                                     {0x83, "Called name present, but insufficient resources"},
                                     {0x8F, "Unspecified error"}};
constexpr ValueName kExtend[] = {{0, "Add 0 to length"}, {1, "Add 65536 to length"}};

enum NbssField : FieldIndex {
    Type, Flags, FlagsE, Length, ErrorCode, RetargetIp, RetargetPort, ContinuationData, CalledName, CallingName,
    kNbssFieldCount
};

constexpr FieldDef kNbssFields[] = {
    {Type, "nbss.type", "Message Type", FieldType::UInt8, Base::Hex, 0, kMessageTypes},
    {Flags, "nbss.flags", "Flags", FieldType::UInt8, Base::Hex},
    {FlagsE, "nbss.flags.e", "Extend", FieldType::Bool, Base::None, 0x01, kExtend},
    {Length, "nbss.length", "Length", FieldType::UInt24, Base::Dec},
    {ErrorCode, "nbss.error_code", "Error code", FieldType::UInt8, Base::Hex, 0, kErrorCodes},
    {RetargetIp, "nbss.retarget_ip_address", "Retarget IP address", FieldType::Ipv4},
    {RetargetPort, "nbss.retarget_port", "Retarget port", FieldType::UInt16, Base::Dec},
    {ContinuationData, "nbss.continuation_data", "Continuation data", FieldType::Bytes},
    {CalledName, "nbss.called_name", "Called name", FieldType::String},
    {CallingName, "nbss.calling_name", "Calling name", FieldType::String},
};
static_assert(std::size(kNbssFields) == kNbssFieldCount);

// SMB and SMB2 (and their transform headers) put "SMB" at bytes 1-3 of the message: then the
// length is 24 bits, as on port 445.
[[nodiscard]] bool carriesSmb(const ByteView& v, std::uint32_t offset) {
    return v.has(offset, 8) && v.u8(offset) == SessionMessage && v.text(offset + 5, 3) == "SMB";
}

[[nodiscard]] std::uint32_t messageLength(const ByteView& v, std::uint32_t offset, bool cifs) {
    if (cifs) return v.u24(offset + 1);
    return v.u16(offset + 2) + ((v.u8(offset + 1) & 0x01) ? 0x10000u : 0u);
}

class NbssProtocol final : public Dissector {
public:
    NbssProtocol() : Dissector({"nbss", "NBSS", "NetBIOS Session Service"}) {}

    void connect(const HeuristicList& netbios) { m_netbios = &netbios; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.setProtocolColumn(info().shortName);
        if (p.wantsColumns()) p.info().clear();
        bool cifs = carriesSmb(view, 0);
        // Reassembled data is whole messages; a segment may start in the middle of one.
        if (view.source() == 0 && !looksLikeHeader(view, cifs)) return continuation(p, view);
        if (p.wantsColumns()) p.info() = std::string(nameOrUnknown(view.u8(0)));

        std::uint32_t offset = 0;
        while (offset < view.reported() && !p.stopped()) {
            const std::uint32_t available = view.captured() > offset ? view.captured() - offset : 0;
            if (available == 0) {
                p.markShort(view);
                break;
            }
            if (available < kHeaderLength && p.canDesegment()) {
                p.requestDesegment(offset, Packet::kOneMoreSegment);
                break;
            }
            const std::uint32_t pduLength = messageLength(view, offset, cifs) + kHeaderLength;
            if (available < pduLength && p.canDesegment()) {
                p.requestDesegment(offset, pduLength - available);
                break;
            }
            message(p, view.sub(offset, pduLength), cifs);
            offset += pduLength;
        }
        return view.reported();
    }

private:
    // Wireshark's sanity checks on the first header of a segment: anything else continues a
    // message begun earlier.
    static bool looksLikeHeader(const ByteView& v, bool cifs) {
        if (v.captured() < kHeaderLength) return false;
        const std::uint8_t flags = cifs ? 0 : v.u8(1);
        if (flags & ~0x01) return false;
        const std::uint32_t length = messageLength(v, 0, cifs);
        switch (v.u8(0)) {
            case SessionMessage: return length != 0;
            case SessionRequest: return length >= 2 && length <= 256;
            case PositiveResponse:
            case KeepAlive: return length == 0;
            case NegativeResponse: return length == 1;
            case RetargetResponse: return length == 6;
            default: return false;
        }
    }

    static std::string_view nameOrUnknown(std::uint8_t type) {
        const std::string_view name = nameOf(kMessageTypes, type);
        return name.empty() ? std::string_view("Unknown") : name;
    }

    std::uint32_t continuation(Packet& p, const ByteView& v) const {
        p.beginProtocol(*this, v, v.reported());
        if (p.wantsColumns()) p.info() = "NBSS Continuation Message";
        p.addBytes(field(ContinuationData), v, 0, v.captured());
        return v.reported();
    }

    void message(Packet& p, const ByteView& v, bool cifs) const {
        p.beginProtocol(*this, v, v.reported());
        const std::uint8_t type = static_cast<std::uint8_t>(p.addUint(field(Type), v, 0, 1));
        if (cifs) {
            p.addUint(field(Length), v, 1, 3);
        } else {
            const ItemRef flags = p.add(field(Flags), v, 1, 1, FieldValue::ofUnsigned(v.u8(1)));
            p.push(flags);
            p.addUint(field(FlagsE), v, 1, 1);
            p.pop();
            p.add(field(Length), v, 1, 3, FieldValue::ofUnsigned(messageLength(v, 0, false)));
        }
        switch (type) {
            case SessionRequest: {
                const NetbiosName called = name(p, v, kHeaderLength, field(CalledName), "Called name");
                if (called.length == 0) return;
                const NetbiosName calling = name(p, v, kHeaderLength + called.length, field(CallingName), "Calling name");
                if (p.wantsColumns()) p.info() += ", to " + called.text + " from " + calling.text;
                return;
            }
            case NegativeResponse: {
                if (!need(p, v, kHeaderLength, 1)) return;
                const std::uint8_t code = static_cast<std::uint8_t>(p.addUint(field(ErrorCode), v, kHeaderLength, 1));
                if (p.wantsColumns()) {
                    const std::string_view text = nameOf(kErrorCodes, code);
                    p.info() += ", " + (text.empty() ? "Unknown (" + std::to_string(code) + ")" : std::string(text));
                }
                return;
            }
            case RetargetResponse:
                if (!need(p, v, kHeaderLength, 6)) return;
                p.addIpv4(field(RetargetIp), v, kHeaderLength);
                p.addUint(field(RetargetPort), v, kHeaderLength + 4, 2);
                return;
            case SessionMessage: {
                const ByteView payload = v.from(kHeaderLength);
                if (m_netbios == nullptr || p.tryHeuristics(*m_netbios, payload) == 0) {
                    if (!p.stopped()) p.callData(payload);
                }
                return;
            }
            default: return;
        }
    }

    NetbiosName name(Packet& p, const ByteView& v, std::uint32_t offset, FieldId id, std::string_view label) const {
        NetbiosName decoded = readNetbiosName(v, offset);
        if (decoded.length == 0) {
            const std::uint32_t at = std::min(offset, v.captured());
            p.markUnavailable(*this, v, at, v.captured() - at + 1);
            return decoded;
        }
        const ItemRef item = p.addText(id, v, offset, decoded.length, decoded.text);
        if (p.buildsTree()) {
            const std::string_view typeName = nameOf(kNetbiosNameTypes, decoded.type);
            p.setText(item, std::string(label) + ": " + decoded.text + (typeName.empty() ? "" : " (" + std::string(typeName) + ")"));
        }
        return decoded;
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }

    const HeuristicList* m_netbios = nullptr;
};

}  // namespace

void registerNbss(Registry& r) {
    auto& nbss = r.addProtocol<NbssProtocol>(kNbssFields);
    r.onHandoff([&nbss](Registry& registry) {
        nbss.connect(registry.heuristics("netbios"));
        registry.table("tcp.port").add(139, nbss);
        registry.table("tcp.port").add(445, nbss);
    });
}

}  // namespace caplens::proto
