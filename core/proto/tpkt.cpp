// tpkt — ISO transport services on top of TCP (RFC 1006): a 4-byte header in front of each
// COTP TPDU, on TCP 102 (ISO-TSAP) and 3389 (RDP). Several TPKTs may share a segment and one may
// span segments (reassembled). Bytes that do not start with version 3 go to the "tpkt"
// heuristics (RDP's fast-path PDUs) and are otherwise a continuation.
//
//   | version = 3 | reserved | length (2, header included) |   then a COTP TPDU
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 4;
constexpr std::uint8_t kVersion = 3;

enum TpktField : FieldIndex { Version, Reserved, Length, ContinuationData, kTpktFieldCount };

constexpr FieldDef kTpktFields[] = {
    {Version, "tpkt.version", "Version", FieldType::UInt8, Base::Dec},
    {Reserved, "tpkt.reserved", "Reserved", FieldType::UInt8, Base::Dec},
    {Length, "tpkt.length", "Length", FieldType::UInt16, Base::Dec},
    {ContinuationData, "tpkt.continuation_data", "Continuation data", FieldType::Bytes},
};
static_assert(std::size(kTpktFields) == kTpktFieldCount);

class TpktProtocol final : public Dissector {
public:
    TpktProtocol() : Dissector({"tpkt", "TPKT", "TPKT - ISO on TCP - RFC1006"}) {}

    void connect(const Dissector* cotp, const HeuristicList& heuristics) {
        m_cotp = cotp;
        m_heuristics = &heuristics;
    }

    // Wireshark's dissect_tpkt_encap with reassembly enabled.
    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (p.wantsColumns()) p.info().clear();
        std::uint32_t offset = 0;
        while (offset < view.reported() && !p.stopped()) {
            if (offset >= view.captured()) {
                p.markShort(view);
                break;
            }
            if (view.u8(offset) != kVersion) {
                // Not a TPKT header: RDP's fast path, or the middle of a TPKT's data.
                if (offset == 0 && p.tryHeuristics(*m_heuristics, view) != 0) return view.reported();
                continuation(p, view.from(offset));
                return view.reported();
            }
            const std::uint32_t available = view.captured() > offset ? view.captured() - offset : 0;
            if (p.canDesegment() && available < kHeaderLength) {
                p.requestDesegment(offset, Packet::kOneMoreSegment);
                return view.reported();
            }
            const std::uint32_t length = view.u16(offset + 2);
            if (p.canDesegment() && available < length) {
                p.requestDesegment(offset, length - available);
                return view.reported();
            }
            header(p, view, offset, length);
            if (length < kHeaderLength) {
                p.markMalformed(*this);
                return view.reported();
            }
            const ByteView tpdu = view.sub(offset + kHeaderLength, length - kHeaderLength);
            if (m_cotp != nullptr && tpdu.reported() > 0 && p.call(*m_cotp, tpdu) == 0 && !p.stopped()) {
                p.callData(tpdu);
            }
            // Like Wireshark, step over the bytes there are of this TPKT.
            offset += kHeaderLength + std::min(length - kHeaderLength, available - std::min(available, kHeaderLength));
        }
        return view.reported();
    }

private:
    void header(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        p.setProtocolColumn(info().shortName);
        const ItemRef item = p.beginProtocol(*this, v.from(offset), kHeaderLength);
        if (p.buildsTree()) p.setText(item, "TPKT, Version: 3, Length: " + std::to_string(length));
        if (v.need(offset, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, v, offset, kHeaderLength);
            return;
        }
        p.addUint(field(Version), v, offset, 1);
        p.addUint(field(Reserved), v, offset + 1, 1);
        p.addUint(field(Length), v, offset + 2, 2);
    }

    void continuation(Packet& p, const ByteView& v) const {
        p.setProtocolColumn(info().shortName);
        p.beginProtocol(*this, v, v.reported());
        if (p.wantsColumns()) p.info() = "Continuation";
        p.addBytes(field(ContinuationData), v, 0, v.captured());
    }

    const Dissector* m_cotp = nullptr;
    const HeuristicList* m_heuristics = nullptr;
};

}  // namespace

void registerTpkt(Registry& r) {
    auto& tpkt = r.addProtocol<TpktProtocol>(kTpktFields);
    r.onHandoff([&tpkt](Registry& registry) {
        tpkt.connect(registry.findProtocol("cotp"), registry.heuristics("tpkt"));
        registry.table("tcp.port").add(102, tpkt);
        registry.table("tcp.port").add(3389, tpkt);
    });
}

}  // namespace caplens::proto
