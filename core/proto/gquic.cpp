// gquic — Google QUIC (Q0xx versions before IETF QUIC) found by the "gquic" UDP heuristic as
// Wireshark 4.0 does: a public header whose version flag is set and whose version starts with
// "Q0" (Q043 and earlier), or the Q046 long header. The heuristic claims the UDP
// conversation; the payload (encrypted after the handshake) is not decoded further.
//
//   Q043-: | public flags | CID (0 or 8) | version "Q0xx" (if flag) | packet number (1-6) | ...
//   Q046:  |1|1|type|pn len| version "Q046" | DCIL/SCIL | DCID | packet number | ...
#include <cstdio>

#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint8_t kFlagVersion = 0x01;
constexpr std::uint8_t kFlagReset = 0x02;
constexpr std::uint8_t kFlagNonce = 0x04;
constexpr std::uint8_t kFlagCid = 0x08;
constexpr std::uint8_t kFlagMultipath = 0x40;
constexpr std::uint8_t kFlagReserved = 0x80;

enum GquicField : FieldIndex {
    Puflags, PuflagsVersion, PuflagsReset, PuflagsNonce, PuflagsCid, PuflagsPkn, PuflagsMpth, PuflagsRsv,
    HeaderForm, LongPacketType, PacketNumberLength, Dcil, Scil, Cid, Version, PacketNumber, kGquicFieldCount
};

constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};
constexpr ValueName kPknLengths[] = {{0, "1 Byte"}, {1, "2 Bytes"}, {2, "4 Bytes"}, {3, "6 Bytes"}};

constexpr FieldDef kGquicFields[] = {
    {Puflags, "gquic.puflags", "Public Flags", FieldType::UInt8, Base::Hex},
    {PuflagsVersion, "gquic.puflags.version", "Version", FieldType::Bool, Base::None, 0x01, kYesNo},
    {PuflagsReset, "gquic.puflags.reset", "Reset", FieldType::Bool, Base::None, 0x02, kYesNo},
    {PuflagsNonce, "gquic.puflags.nonce", "Diversification nonce", FieldType::Bool, Base::None, 0x04, kYesNo},
    {PuflagsCid, "gquic.puflags.cid", "CID Length", FieldType::Bool, Base::None, 0x08},
    {PuflagsPkn, "gquic.puflags.pkn", "Packet Number Length", FieldType::UInt8, Base::Hex, 0x30, kPknLengths},
    {PuflagsMpth, "gquic.puflags.mpth", "Multipath", FieldType::Bool, Base::None, 0x40, kYesNo},
    {PuflagsRsv, "gquic.puflags.rsv", "Reserved", FieldType::UInt8, Base::Hex, 0x80},
    {HeaderForm, "gquic.header_form", "Header Form", FieldType::UInt8, Base::Dec, 0x80},
    {LongPacketType, "gquic.long.packet_type", "Packet Type", FieldType::UInt8, Base::Dec, 0x30},
    {PacketNumberLength, "gquic.packet_number_length", "Packet Number Length", FieldType::UInt8, Base::Dec, 0x03},
    {Dcil, "gquic.dcil", "Destination Connection ID Length", FieldType::UInt8, Base::Dec, 0xf0},
    {Scil, "gquic.scil", "Source Connection ID Length", FieldType::UInt8, Base::Dec, 0x0f},
    {Cid, "gquic.cid", "CID", FieldType::UInt64, Base::Dec},
    {Version, "gquic.version", "Version", FieldType::String},
    {PacketNumber, "gquic.packet_number", "Packet Number", FieldType::UInt64, Base::Dec},
};
static_assert(std::size(kGquicFields) == kGquicFieldCount);

bool isQ046LongHeader(std::uint8_t flags) { return (flags & kFlagMultipath) && (flags & kFlagReserved); }

class GquicProtocol final : public Dissector {
public:
    GquicProtocol() : Dissector({"gquic", "GQUIC", "GQUIC (Google Quick UDP Internet Connections)"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        (void)item;
        if (view.need(0, 1) != Availability::Available) {
            p.markUnavailable(*this, view, 0, 1);
            return view.reported();
        }
        const std::uint8_t flags = view.u8(0);
        std::string info;
        if (isQ046LongHeader(flags)) {
            q046(p, view, info);
        } else {
            publicHeader(p, view, flags, info);
        }
        if (p.wantsColumns()) p.info() = info;
        return view.reported();
    }

    static bool recognises(const ByteView& v) {
        if (v.captured() < 1) return false;
        const std::uint8_t flags = v.u8(0);
        if (!(flags & kFlagReserved) && (flags & kFlagVersion)) {
            // flags + 8-byte CID + version
            return v.captured() >= 13 && v.u16(9) == 0x5130;  // "Q0"
        }
        if (isQ046LongHeader(flags)) {
            return v.captured() >= 14 && v.u16(1) == 0x5130;
        }
        return false;
    }

private:
    void publicHeader(Packet& p, const ByteView& v, std::uint8_t flags, std::string& info) const {
        const ItemRef flagsItem = p.add(field(Puflags), v, 0, 1, FieldValue::ofUnsigned(flags));
        p.push(flagsItem);
        for (FieldIndex f : {PuflagsVersion, PuflagsReset, PuflagsNonce, PuflagsCid, PuflagsPkn, PuflagsMpth, PuflagsRsv}) {
            p.addUint(field(f), v, 0, 1);
        }
        p.pop();
        std::uint32_t at = 1;
        std::uint64_t cid = 0;
        if (flags & kFlagCid) {
            if (v.need(at, 8) != Availability::Available) return p.markUnavailable(*this, v, at, 8);
            cid = p.addUint(field(Cid), v, at, 8);
            at += 8;
        }
        if (flags & kFlagReset) {
            if (p.wantsColumns()) info = "Public Reset, CID: " + std::to_string(cid);
            return;
        }
        if (flags & kFlagVersion) {
            if (v.need(at, 4) != Availability::Available) return p.markUnavailable(*this, v, at, 4);
            p.addText(field(Version), v, at, 4, v.text(at, 4));
            at += 4;
        }
        if (flags & kFlagNonce) at += 32;
        static constexpr std::uint32_t kPknBytes[] = {1, 2, 4, 6};
        const std::uint32_t pknLength = kPknBytes[(flags >> 4) & 3];
        if (v.need(at, pknLength) != Availability::Available) return p.markUnavailable(*this, v, at, pknLength);
        const std::uint64_t pkn = v.uint(at, pknLength, ByteOrder::Little);
        p.add(field(PacketNumber), v, at, pknLength, FieldValue::ofUnsigned(pkn));
        if (!p.wantsColumns()) return;
        info = "PKN: " + std::to_string(pkn);
        if (flags & kFlagCid) info += ", CID: " + std::to_string(cid);
    }

    void q046(Packet& p, const ByteView& v, std::string& info) const {
        if (v.need(0, 14) != Availability::Available) return p.markUnavailable(*this, v, 0, 14);
        p.addUint(field(HeaderForm), v, 0, 1);
        p.addUint(field(LongPacketType), v, 0, 1);
        p.addUint(field(PacketNumberLength), v, 0, 1);
        p.addText(field(Version), v, 1, 4, v.text(1, 4));
        p.addUint(field(Dcil), v, 5, 1);
        p.addUint(field(Scil), v, 5, 1);
        const std::uint64_t cid = p.addUint(field(Cid), v, 6, 8);
        const std::uint32_t pknLength = (v.u8(0) & 3) + 1u;
        const std::uint64_t pkn = v.uint(14, pknLength);
        if (v.has(14, pknLength)) p.add(field(PacketNumber), v, 14, pknLength, FieldValue::ofUnsigned(pkn));
        if (!p.wantsColumns()) return;
        // An unencrypted Client Hello carries the "CHLO" message tag.
        const std::string_view rest = v.text(14, v.captured() > 14 ? v.captured() - 14 : 0);
        info = rest.find("CHLO") != std::string_view::npos ? "Client Hello, " : "";
        info += "PKN: " + std::to_string(pkn) + ", CID: " + std::to_string(cid);
    }
};

std::uint32_t gquicHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!GquicProtocol::recognises(view)) return 0;
    p.setConversationDissector(self);
    return self.dissect(p, view);
}

}  // namespace

void registerGquic(Registry& r) {
    auto& gquic = r.addProtocol<GquicProtocol>(kGquicFields);
    r.onHandoff([&gquic](Registry& registry) { registry.addHeuristic("udp", gquic, "gquic", gquicHeuristic); });
}

}  // namespace caplens::proto
