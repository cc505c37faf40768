// cotp — ISO 8073 / X.224 connection-oriented transport protocol TPDUs, as carried by TPKT.
// Several TPDUs may follow each other. The user data of a Connection Request / Confirm goes to
// the "cotp_cr" / "cotp_cc" heuristics (RDP's negotiation); DT data is T.125 (MCS) for RDP,
// which caplens does not dissect: as tshark, RDP shows in the hierarchy inside MCS SendData
// (and Connect-Initial/Response through T.124), but is a layer of the frame only for the
// server's SendDataIndication.
//
//   | LI | type (4 bits) + credit | ... fixed part (CR/CC: dst-ref, src-ref, class) | variable part |
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

enum TpduType : std::uint8_t {
    ED = 0x1, EA = 0x2, RJ = 0x5, AK = 0x6, ER = 0x7, DR = 0x8, DC = 0xC, CC = 0xD, CR = 0xE, DT = 0xF,
};

constexpr ValueName kTypes[] = {
    {ED, "ED Expedited Data"}, {EA, "EA Expedited Data Acknowledgement"}, {RJ, "RJ Reject"},
    {AK, "AK Data Acknowledgement"}, {ER, "ER TPDU Error"}, {DR, "DR Disconnect Request"},
    {DC, "DC Disconnect Confirm"}, {CC, "CC Connect Confirm"}, {CR, "CR Connect Request"}, {DT, "DT Data"},
};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

// T.125 MCS PDUs (PER-encoded DomainMCSPDU choice in the top 6 bits, or BER Connect PDUs).
constexpr std::uint8_t kMcsSendDataRequest = 0x64;
constexpr std::uint8_t kMcsSendDataIndication = 0x68;
constexpr std::uint8_t kBerApplicationLong = 0x7f;
constexpr std::uint8_t kMcsConnectInitial = 0x65;
constexpr std::uint8_t kMcsConnectResponse = 0x66;

enum CotpField : FieldIndex {
    Li, Type, SrcRef, DestRef, Class, ExtendedFormats, NoExplicitFlowControl, TpduNumber, Eot, kCotpFieldCount
};

constexpr FieldDef kCotpFields[] = {
    {Li, "cotp.li", "Length", FieldType::UInt8, Base::Dec},
    {Type, "cotp.type", "PDU Type", FieldType::UInt8, Base::Hex, 0, kTypes},
    {SrcRef, "cotp.srcref", "Source reference", FieldType::UInt16, Base::Hex},
    {DestRef, "cotp.destref", "Destination reference", FieldType::UInt16, Base::Hex},
    {Class, "cotp.class", "Class", FieldType::UInt8, Base::Dec, 0xf0},
    {ExtendedFormats, "cotp.opts.extended_formats", "Extended formats", FieldType::Bool, Base::None, 0x02},
    {NoExplicitFlowControl, "cotp.opts.no_explicit_flow_control", "No explicit flow control", FieldType::Bool,
     Base::None, 0x01},
    {TpduNumber, "cotp.tpdu-number", "TPDU number", FieldType::UInt8, Base::Hex, 0x7f},
    {Eot, "cotp.eot", "Last data unit", FieldType::Bool, Base::None, 0x80, kYesNo},
};
static_assert(std::size(kCotpFields) == kCotpFieldCount);

class CotpProtocol final : public Dissector {
public:
    CotpProtocol() : Dissector({"cotp", "COTP", "ISO 8073/X.224 COTP Connection-Oriented Transport Protocol"}) {}

    void connect(const HeuristicList& cr, const HeuristicList& cc, const Dissector* rdp) {
        m_cr = &cr;
        m_cc = &cc;
        m_rdp = rdp;
    }

    // Wireshark's dissect_ositp_internal: TPDU after TPDU; 0 when the first is not a TPDU.
    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        std::uint32_t offset = 0;
        bool first = true;
        while (offset < view.captured() && !p.stopped()) {
            if (!first && p.wantsColumns()) p.info() += ", ";
            const std::uint8_t li = view.u8(offset);
            if (li == 0) {
                if (p.wantsColumns()) p.info() += "Length indicator is zero";
                if (first) return 0;
                p.callData(view.from(offset));
                return view.reported();
            }
            const std::int64_t next = tpdu(p, view, offset, li, first);
            if (next < 0) {
                if (first) return 0;
                p.callData(view.from(offset));
                break;
            }
            offset = static_cast<std::uint32_t>(next);
            first = false;
        }
        return view.reported();
    }

private:
    std::int64_t tpdu(Packet& p, const ByteView& v, std::uint32_t offset, std::uint8_t li, bool first) const {
        const std::uint8_t type = v.u8(offset + 1) >> 4;
        switch (type) {
            case CR:
            case CC: return connect(p, v, offset, li, type, first);
            case DT: return data(p, v, offset, li, first);
            case ED: case EA: case RJ: case AK: case ER: case DR: case DC: return other(p, v, offset, li, type, first);
            default: return -1;
        }
    }

    ItemRef begin(Packet& p, const ByteView& v, std::uint32_t offset, std::uint8_t li, std::uint8_t type, bool first) const {
        if (first) p.setProtocolColumn(info().shortName);
        const ItemRef item = p.beginProtocol(*this, v.from(offset), li + 1u);
        p.addUint(field(Li), v, offset, 1);
        p.add(field(Type), v, offset + 1, 1, FieldValue::ofUnsigned(type));
        return item;
    }

    std::int64_t connect(Packet& p, const ByteView& v, std::uint32_t offset, std::uint8_t li, std::uint8_t type,
                         bool first) const {
        if (li < 6 || !v.has(offset, 7)) return -1;
        const std::uint8_t classOption = v.u8(offset + 6);
        if ((classOption >> 4) > 4) return -1;  // classes 0..4 only
        begin(p, v, offset, li, type, first);
        const std::uint16_t dst = static_cast<std::uint16_t>(p.addUint(field(DestRef), v, offset + 2, 2));
        const std::uint16_t src = static_cast<std::uint16_t>(p.addUint(field(SrcRef), v, offset + 4, 2));
        p.addUint(field(Class), v, offset + 6, 1);
        p.addUint(field(ExtendedFormats), v, offset + 6, 1);
        p.addUint(field(NoExplicitFlowControl), v, offset + 6, 1);
        if (p.wantsColumns()) {
            char text[64];
            std::snprintf(text, sizeof text, "%s TPDU src-ref: 0x%04x dst-ref: 0x%04x", type == CR ? "CR" : "CC", src, dst);
            p.info() += text;
        }
        // RDP puts its negotiation where the variable part would be: the heuristics see all of it.
        const ByteView userData = v.from(offset + 7);
        if (userData.reported() > 0 && p.tryHeuristics(type == CR ? *m_cr : *m_cc, userData) != 0) return v.reported();
        const std::uint32_t end = offset + li + 1u;
        if (end < v.reported() && !p.stopped()) p.callData(v.from(end));
        return v.reported();
    }

    std::int64_t data(Packet& p, const ByteView& v, std::uint32_t offset, std::uint8_t li, bool first) const {
        if (li != 2 && li != 4 && li != 5 && li != 7) return -1;
        const ItemRef item = begin(p, v, offset, li, DT, first);
        (void)item;
        const bool normalClass01 = li == 2;
        std::uint32_t at = offset + 2;
        if (!normalClass01) {
            p.addUint(field(DestRef), v, at, 2);
            at += 2;
        }
        const std::uint8_t number = v.u8(at);
        p.addUint(field(TpduNumber), v, at, 1);
        p.addUint(field(Eot), v, at, 1);
        const bool eot = number & 0x80;
        const ByteView payload = v.from(offset + li + 1u);
        if (p.wantsColumns()) {
            p.info() += "DT TPDU (" + std::to_string(number & 0x7f) + ") ";
            p.info() += eot ? "EOT" : "[COTP fragment, " + std::to_string(payload.reported()) + " bytes]";
        }
        if (eot && payload.reported() > 0) mcs(p, payload);
        return v.reported();
    }

    // What tshark's T.125 and T.124 dissectors would hand to RDP (see the file comment).
    void mcs(Packet& p, const ByteView& payload) const {
        const std::uint8_t first = payload.u8(0);
        if (m_rdp != nullptr && first == kMcsSendDataIndication) {
            if (p.call(*m_rdp, payload) != 0) return;
        }
        const bool connectPdu = first == kBerApplicationLong &&
                                (payload.u8(1) == kMcsConnectInitial || payload.u8(1) == kMcsConnectResponse);
        if (m_rdp != nullptr && (first == kMcsSendDataRequest || connectPdu)) {
            p.beginProtocol(*m_rdp, payload, payload.reported());
            return;
        }
        p.callData(payload);
    }

    std::int64_t other(Packet& p, const ByteView& v, std::uint32_t offset, std::uint8_t li, std::uint8_t type,
                       bool first) const {
        if (li < 3 || !v.has(offset, 4)) return -1;
        begin(p, v, offset, li, type, first);
        const std::uint16_t dst = static_cast<std::uint16_t>(p.addUint(field(DestRef), v, offset + 2, 2));
        std::uint16_t src = 0;
        if ((type == DR || type == DC) && v.has(offset + 4, 2)) src = static_cast<std::uint16_t>(p.addUint(field(SrcRef), v, offset + 4, 2));
        if (p.wantsColumns()) {
            char text[64];
            const std::string_view name = nameOf(kTypes, type);
            if (type == DR || type == DC) {
                std::snprintf(text, sizeof text, "%.2s TPDU src-ref: 0x%04x dst-ref: 0x%04x", name.data(), src, dst);
            } else {
                std::snprintf(text, sizeof text, "%.2s TPDU dst-ref: 0x%04x", name.data(), dst);
            }
            p.info() += text;
        }
        return offset + li + 1u;
    }

    const HeuristicList* m_cr = nullptr;
    const HeuristicList* m_cc = nullptr;
    const Dissector* m_rdp = nullptr;
};

}  // namespace

void registerCotp(Registry& r) {
    auto& cotp = r.addProtocol<CotpProtocol>(kCotpFields);
    r.onHandoff([&cotp](Registry& registry) {
        cotp.connect(registry.heuristics("cotp_cr"), registry.heuristics("cotp_cc"), registry.findProtocol("rdp"));
        registry.table("ip.proto").add(29, cotp);  // ISO-TP4 directly over IP, as Wireshark
    });
}

}  // namespace caplens::proto
