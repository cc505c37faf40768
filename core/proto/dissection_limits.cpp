// _ws.short and _ws.malformed — the markers tshark adds when a frame was cut by the snap
// length or contradicts itself. They are never dissected; Packet::markShort()/markMalformed()
// add them as the frame's last top-level item.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

class MarkerProtocol final : public Dissector {
public:
    explicit MarkerProtocol(ProtocolInfo info) : Dissector(info) {}
    std::uint32_t dissect(Packet&, const ByteView&) const override { return 0; }
};

}  // namespace

void registerDissectionLimits(Registry& r) {
    r.addProtocol<MarkerProtocol>(std::span<const FieldDef>{},
                                  ProtocolInfo{"_ws.short", "", "Packet size limited during capture"});
    r.addProtocol<MarkerProtocol>(std::span<const FieldDef>{},
                                  ProtocolInfo{"_ws.malformed", "", "Malformed Packet"});
}

}  // namespace caplens::proto
