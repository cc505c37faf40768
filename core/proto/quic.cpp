// quic — QUIC (RFC 9000, version 2: RFC 9369, and the drafts Wireshark knows) found by the
// "quic" UDP heuristic, as Wireshark 4.0 does: a long header with a known version and sane
// connection ID lengths claims the UDP conversation; a short header is QUIC when its
// destination connection ID was seen in a long header before. Packets are not decrypted:
// the protected payload is shown as such. Coalesced packets in one datagram are one "quic"
// layer with one protocol item (hierarchy level) per packet.
//
//   long:  |1|1|T T|X X X X| Version(32) | DCIL | DCID | SCIL | SCID | type-specific ...
//   short: |0|1|S|R R|K|P P| DCID | Packet Number | Protected Payload
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kMaxCidLength = 20;
constexpr std::uint32_t kVersion2 = 0x6b3343cf;
constexpr std::uint32_t kVersion2Draft = 0x709a50c4;
constexpr std::size_t kMaxKnownCids = 4096;

enum QuicField : FieldIndex {
    PacketLength, HeaderForm, FixedBit, LongPacketType, LongPacketTypeV2, LongReserved, PacketNumberLength,
    Version, Dcil, Dcid, Scil, Scid, TokenLength, Token, Length, SupportedVersion, VnUnused, Short, SpinBit,
    ShortReserved, KeyPhase, ProtectedPayload, RemainingPayload, RetryToken, RetryIntegrityTag, kQuicFieldCount
};

constexpr ValueName kHeaderForms[] = {{0, "Short Header"}, {1, "Long Header"}};
constexpr ValueName kPacketTypes[] = {{0, "Initial"}, {1, "0-RTT"}, {2, "Handshake"}, {3, "Retry"}};
constexpr ValueName kPacketTypesV2[] = {{0, "Retry"}, {1, "Initial"}, {2, "0-RTT"}, {3, "Handshake"}};
constexpr ValueName kTrueFalse[] = {{0, "False"}, {1, "True"}};

constexpr FieldDef kQuicFields[] = {
    {PacketLength, "quic.packet_length", "Packet Length", FieldType::UInt32, Base::Dec},
    {HeaderForm, "quic.header_form", "Header Form", FieldType::UInt8, Base::Dec, 0x80, kHeaderForms},
    {FixedBit, "quic.fixed_bit", "Fixed Bit", FieldType::Bool, Base::None, 0x40, kTrueFalse},
    {LongPacketType, "quic.long.packet_type", "Packet Type", FieldType::UInt8, Base::Dec, 0x30, kPacketTypes},
    {LongPacketTypeV2, "quic.long.packet_type_v2", "Packet Type", FieldType::UInt8, Base::Dec, 0x30, kPacketTypesV2},
    {LongReserved, "quic.long.reserved", "Reserved", FieldType::UInt8, Base::Dec, 0x0c},
    {PacketNumberLength, "quic.packet_number_length", "Packet Number Length", FieldType::UInt8, Base::Dec, 0x03},
    {Version, "quic.version", "Version", FieldType::UInt32, Base::Hex},
    {Dcil, "quic.dcil", "Destination Connection ID Length", FieldType::UInt8, Base::Dec},
    {Dcid, "quic.dcid", "Destination Connection ID", FieldType::Bytes},
    {Scil, "quic.scil", "Source Connection ID Length", FieldType::UInt8, Base::Dec},
    {Scid, "quic.scid", "Source Connection ID", FieldType::Bytes},
    {TokenLength, "quic.token_length", "Token Length", FieldType::UInt64, Base::Dec},
    {Token, "quic.token", "Token", FieldType::Bytes},
    {Length, "quic.length", "Length", FieldType::UInt64, Base::Dec},
    {SupportedVersion, "quic.supported_version", "Supported Version", FieldType::UInt32, Base::Hex},
    {VnUnused, "quic.vn.unused", "Unused", FieldType::UInt8, Base::Hex, 0x7f},
    {Short, "quic.short", "QUIC Short Header", FieldType::None},
    {SpinBit, "quic.spin_bit", "Spin Bit", FieldType::Bool, Base::None, 0x20, kTrueFalse},
    {ShortReserved, "quic.short.reserved", "Reserved", FieldType::UInt8, Base::Dec, 0x18},
    {KeyPhase, "quic.key_phase", "Key Phase Bit", FieldType::Bool, Base::None, 0x04, kTrueFalse},
    {ProtectedPayload, "quic.protected_payload", "Protected Payload", FieldType::Bytes},
    {RemainingPayload, "quic.remaining_payload", "Remaining Payload", FieldType::Bytes},
    {RetryToken, "quic.retry_token", "Retry Token", FieldType::Bytes},
    {RetryIntegrityTag, "quic.retry_integrity_tag", "Retry Integrity Tag", FieldType::Bytes},
};
static_assert(std::size(kQuicFields) == kQuicFieldCount);

// Wireshark's quic_draft_version(): the draft a version number behaves like (0: not QUIC).
int draftVersion(std::uint32_t version) {
    if ((version >> 8) == 0xff0000) return static_cast<int>(version & 0xff);
    if (version == 0xfaceb001) return 22;
    if (version == 0xfaceb002 || version == 0xfaceb00e) return 27;
    if (version == 0x51303530 || version == 0x54303530 || version == 0x54303531) return 27;  // Q050, T050, T051
    if ((version & 0x0F0F0F0F) == 0x0a0a0a0a) return 29;  // greased
    if (version == 0x00000001) return 34;
    if (version == kVersion2Draft || version == kVersion2) return 100;
    return 0;
}

// A variable-length integer (RFC 9000 section 16) at `at`; false when cut.
bool readVarint(const ByteView& v, std::uint32_t at, std::uint64_t& value, std::uint32_t& length) {
    if (!v.has(at, 1)) return false;
    length = 1u << (v.u8(at) >> 6);
    if (!v.has(at, length)) return false;
    value = v.uint(at, length) & (~std::uint64_t{0} >> (64 - 8 * length + 2));
    return true;
}

std::string hex(std::span<const std::uint8_t> bytes) {
    std::string out;
    char two[3];
    for (std::uint8_t b : bytes) {
        std::snprintf(two, sizeof two, "%02x", b);
        out += two;
    }
    return out;
}

// Connection IDs seen in long headers: what makes a short header recognisable.
class QuicState final : public ProtocolState {
public:
    void remember(std::span<const std::uint8_t> cid) {
        if (cid.empty() || cid.size() > kMaxCidLength || known(cid) != 0) return;
        if (m_cids.size() >= kMaxKnownCids) m_cids.erase(m_cids.begin());
        Cid c;
        c.length = static_cast<std::uint8_t>(cid.size());
        std::memcpy(c.bytes, cid.data(), cid.size());
        m_cids.push_back(c);
    }
    // The length of the known CID `bytes` start with (0: none).
    [[nodiscard]] std::uint32_t known(std::span<const std::uint8_t> bytes) const {
        for (const Cid& c : m_cids) {
            if (c.length <= bytes.size() && std::memcmp(c.bytes, bytes.data(), c.length) == 0) return c.length;
        }
        return 0;
    }

private:
    struct Cid {
        std::uint8_t length = 0;
        std::uint8_t bytes[kMaxCidLength] = {};
    };
    std::vector<Cid> m_cids;
};

class QuicProtocol final : public Dissector {
public:
    QuicProtocol() : Dissector({"quic", "QUIC", "QUIC IETF"}) {}

    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<QuicState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        auto& state = p.state<QuicState>(*this);
        std::uint32_t offset = 0;
        std::string info;
        std::span<const std::uint8_t> firstDcid;
        do {
            const ByteView rest = view.from(offset);
            const ItemRef item = p.beginProtocol(*this, rest, rest.reported());
            if (p.buildsTree()) p.setText(item, "QUIC IETF");
            const bool isLong = rest.has(0, 1) && (rest.u8(0) & 0x80);
            const std::uint32_t used = isLong ? longPacket(p, rest, state, info) : shortPacket(p, rest, state, info);
            p.setLength(item, used);
            if (offset == 0) firstDcid = dcidOf(p, rest, state);
            offset += used;
            if (used == 0 || p.stopped()) break;
            // Another packet follows only if it is for the same connection (same destination
            // connection ID); anything else is padding (Wireshark's check_dcid_on_coalesced_packet).
            if (offset < view.reported() && !sameCid(dcidOf(p, view.from(offset), state), firstDcid)) break;
        } while (offset < view.reported());
        if (p.wantsColumns()) p.info() = info;
        return view.reported();
    }

    // The heuristic (Wireshark's dissect_quic_heur).
    static bool recognises(Packet& p, const QuicProtocol& self, const ByteView& v) {
        if (v.captured() < 13) return false;
        const std::uint8_t flags = v.u8(0);
        if (!(flags & 0x80)) {
            // Short header: flags + DCID + packet number + at least 16 bytes of payload.
            if (v.captured() < 1 + 1 + 1 + 16) return false;
            const std::uint32_t maxCid = std::min<std::uint32_t>(kMaxCidLength, v.captured() - 1 - 1 - 16);
            return self.knownCid(p, p.state<QuicState>(self), v.span(1, maxCid)) != 0;
        }
        if (draftVersion(v.u32(1)) < 11) return false;
        const std::uint8_t dcil = v.u8(5);
        if (dcil > kMaxCidLength) return false;
        const std::uint32_t scilAt = 6u + dcil;
        if (scilAt >= v.captured()) return false;
        return v.u8(scilAt) <= kMaxCidLength;
    }

private:
    // The destination connection ID of the packet at the start of `v` (short headers: a known one).
    // The length of the known connection ID `bytes` start with, as the first pass found it
    // (remembered: a frame dissected alone has seen no Initial packet).
    std::uint32_t knownCid(Packet& p, const QuicState& state, std::span<const std::uint8_t> bytes) const {
        return p.remember<std::uint32_t>(*this, 0, [&] { return state.known(bytes); });
    }

    std::span<const std::uint8_t> dcidOf(Packet& p, const ByteView& v, const QuicState& state) const {
        if (!v.has(0, 1)) return {};
        if (v.u8(0) & 0x80) {
            const std::uint8_t dcil = v.u8(5);
            return dcil <= kMaxCidLength && v.has(6, dcil) ? v.span(6, dcil) : std::span<const std::uint8_t>{};
        }
        const auto candidate = v.span(1, std::min<std::uint32_t>(kMaxCidLength, v.captured() - 1));
        return candidate.first(knownCid(p, state, candidate));
    }
    static bool sameCid(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
    }

    std::uint32_t longPacket(Packet& p, const ByteView& v, QuicState& state, std::string& info) const {
        if (v.need(0, 7) != Availability::Available) {
            p.markUnavailable(*this, v, 0, 7);
            return v.reported();
        }
        const std::uint8_t flags = v.u8(0);
        const std::uint32_t version = v.u32(1);
        p.addUint(field(HeaderForm), v, 0, 1);
        p.addUint(field(FixedBit), v, 0, 1);
        if (version != 0) {
            p.addUint(field(version == kVersion2 || version == kVersion2Draft ? LongPacketTypeV2 : LongPacketType), v, 0, 1);
        }
        p.addUint(field(Version), v, 1, 4);
        const std::uint8_t dcil = v.u8(5);
        p.addUint(field(Dcil), v, 5, 1);
        std::uint32_t at = 6;
        if (dcil > kMaxCidLength || v.need(at, dcil + 1u) != Availability::Available) {
            p.markUnavailable(*this, v, at, dcil + 1u);
            return v.reported();
        }
        const auto dcid = v.span(at, dcil);
        if (dcil) p.addBytes(field(Dcid), v, at, dcil);
        at += dcil;
        const std::uint8_t scil = v.u8(at);
        p.addUint(field(Scil), v, at, 1);
        ++at;
        if (scil > kMaxCidLength || v.need(at, scil) != Availability::Available) {
            p.markUnavailable(*this, v, at, scil);
            return v.reported();
        }
        const auto scid = v.span(at, scil);
        if (scil) p.addBytes(field(Scid), v, at, scil);
        at += scil;
        state.remember(dcid);
        state.remember(scid);
        const bool columns = p.wantsColumns();  // the Info text costs allocations: only when shown
        if (columns && !info.empty()) info += ", ";
        if (version == 0) {
            // Version Negotiation: a list of supported versions.
            for (; at + 4 <= v.reported(); at += 4) p.addUint(field(SupportedVersion), v, at, 4);
            if (columns) info += "Version Negotiation";
            return v.reported();
        }
        const bool v2 = version == kVersion2 || version == kVersion2Draft;
        const std::uint8_t rawType = (flags >> 4) & 3;
        // Types 0..3 of version 1 are Initial, 0-RTT, Handshake, Retry; version 2 rotates them.
        const std::uint8_t type = v2 ? static_cast<std::uint8_t>((rawType + 3) & 3) : rawType;
        if (columns) {
            info += std::string(nameOf(kPacketTypes, type));
            info += dcil ? ", DCID=" + hex(dcid) : scil ? ", SCID=" + hex(scid) : std::string();
        }
        if (type == 3) {  // Retry: token, then a 16-byte integrity tag
            if (v.reported() >= at + 16) {
                p.addBytes(field(RetryToken), v, at, v.reported() - at - 16);
                p.addBytes(field(RetryIntegrityTag), v, v.reported() - 16, 16);
            }
            return v.reported();
        }
        std::uint64_t value = 0;
        std::uint32_t size = 0;
        if (type == 0) {
            if (!readVarint(v, at, value, size)) {
                p.markUnavailable(*this, v, at, 1);
                return v.reported();
            }
            p.add(field(TokenLength), v, at, size, FieldValue::ofUnsigned(value));
            at += size;
            if (value > v.reported() - std::min(at, v.reported())) {
                p.markMalformed(*this);
                return v.reported();
            }
            if (value) p.addBytes(field(Token), v, at, static_cast<std::uint32_t>(value));
            at += static_cast<std::uint32_t>(value);
        }
        if (!readVarint(v, at, value, size)) {
            p.markUnavailable(*this, v, at, 1);
            return v.reported();
        }
        p.add(field(Length), v, at, size, FieldValue::ofUnsigned(value));
        at += size;
        const std::uint32_t payload = static_cast<std::uint32_t>(std::min<std::uint64_t>(value, v.reported() - std::min(at, v.reported())));
        if (payload) p.addBytes(field(RemainingPayload), v, at, std::min(payload, v.captured() - std::min(at, v.captured())));
        const std::uint32_t end = at + payload;
        p.addGenerated(field(PacketLength), FieldValue::ofUnsigned(end));
        return end;
    }

    std::uint32_t shortPacket(Packet& p, const ByteView& v, const QuicState& state, std::string& info) const {
        if (v.need(0, 1) != Availability::Available) {
            p.markUnavailable(*this, v, 0, 1);
            return v.reported();
        }
        const std::uint8_t flags = v.u8(0);
        const ItemRef item = p.add(field(Short), v, 0, v.reported(), {});
        p.push(item);
        p.addUint(field(HeaderForm), v, 0, 1);
        p.addUint(field(FixedBit), v, 0, 1);
        p.addUint(field(SpinBit), v, 0, 1);
        const std::uint32_t dcil = knownCid(p, state, v.span(1, std::min<std::uint32_t>(kMaxCidLength, v.captured() - 1)));
        if (dcil) p.addBytes(field(Dcid), v, 1, dcil);
        if (v.reported() > 1 + dcil) p.addBytes(field(ProtectedPayload), v, 1 + dcil, v.captured() - std::min(v.captured(), 1 + dcil));
        p.pop();
        if (p.wantsColumns()) {
            if (!info.empty()) info += ", ";
            info += "Protected Payload (KP" + std::to_string((flags >> 2) & 1) + ")";
            if (dcil) info += ", DCID=" + hex(v.span(1, dcil));
        }
        return v.reported();
    }
};

std::uint32_t quicHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    const auto& quic = static_cast<const QuicProtocol&>(self);
    if (!QuicProtocol::recognises(p, quic, view)) return 0;
    p.setConversationDissector(self);
    return self.dissect(p, view);
}

}  // namespace

void registerQuic(Registry& r) {
    auto& quic = r.addProtocol<QuicProtocol>(kQuicFields);
    r.onHandoff([&quic](Registry& registry) { registry.addHeuristic("udp", quic, "quic", quicHeuristic); });
}

}  // namespace caplens::proto
