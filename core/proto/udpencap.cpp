// udpencap — UDP Encapsulation of IPsec Packets (RFC 3948) on UDP port 4500, the NAT-traversal
// port: a single 0xFF byte is a NAT-keepalive, four zero bytes (the non-ESP marker) precede an
// IKE message, anything else is an ESP packet.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kNonEspMarkerLength = 4;

enum UdpencapField : FieldIndex { NatKeepalive, NonEspMarker, kUdpencapFieldCount };

constexpr FieldDef kUdpencapFields[] = {
    {NatKeepalive, "udpencap.nat_keepalive", "NAT-keepalive packet", FieldType::None},
    {NonEspMarker, "udpencap.non_esp_marker", "Non-ESP Marker", FieldType::None},
};
static_assert(std::size(kUdpencapFields) == kUdpencapFieldCount);

class UdpencapProtocol final : public Dissector {
public:
    UdpencapProtocol() : Dissector({"udpencap", "UDPENCAP", "UDP Encapsulation of IPsec Packets"}) {}

    void connect(const Dissector* esp, const Dissector* isakmp) {
        m_esp = esp;
        m_isakmp = isakmp;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info().clear();
        if (view.captured() == 1 && view.u8(0) == 0xFF) {
            p.add(field(NatKeepalive), view, 0, 1, FieldValue{});
            if (p.wantsColumns()) p.info() = "NAT-keepalive";
            return view.reported();
        }
        if (view.need(0, kNonEspMarkerLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kNonEspMarkerLength);
            return view.reported();
        }
        if (view.u32(0) == 0) {
            p.setLength(item, kNonEspMarkerLength);
            p.add(field(NonEspMarker), view, 0, kNonEspMarkerLength, FieldValue{});
            if (p.wantsColumns()) p.info() = "ISAKMP";
            const ByteView ike = view.from(kNonEspMarkerLength);
            if (m_isakmp == nullptr || p.call(*m_isakmp, ike) == 0) {
                if (!p.stopped()) p.callData(ike);
            }
            return view.reported();
        }
        p.setLength(item, 0);
        if (m_esp == nullptr || p.call(*m_esp, view) == 0) {
            if (!p.stopped()) p.callData(view);
        }
        return view.reported();
    }

private:
    const Dissector* m_esp = nullptr;
    const Dissector* m_isakmp = nullptr;
};

}  // namespace

void registerUdpencap(Registry& r) {
    auto& udpencap = r.addProtocol<UdpencapProtocol>(kUdpencapFields);
    r.onHandoff([&udpencap](Registry& registry) {
        udpencap.connect(registry.findProtocol("esp"), registry.findProtocol("isakmp"));
        registry.table("udp.port").add(4500, udpencap);
    });
}

}  // namespace caplens::proto
