// ssdp — Simple Service Discovery Protocol (UPnP) on UDP port 1900: HTTP-shaped text
// messages (M-SEARCH, NOTIFY, HTTP/1.1 200 OK) sent over multicast UDP. Wireshark declares no
// fields of its own for it; the Info column shows the start line.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kSsdpPort = 1900;

class SsdpProtocol final : public Dissector {
public:
    SsdpProtocol() : Dissector({"ssdp", "SSDP", "Simple Service Discovery Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) {
            const std::string_view text = view.text(0, view.captured());
            const std::size_t end = text.find_first_of("\r\n");
            p.info() = std::string(text.substr(0, end)) + " ";
        }
        return view.reported();
    }
};

}  // namespace

void registerSsdp(Registry& r) {
    auto& ssdp = r.addProtocol<SsdpProtocol>(std::span<const FieldDef>{});
    r.onHandoff([&ssdp](Registry& registry) { registry.table("udp.port").add(kSsdpPort, ssdp); });
}

}  // namespace caplens::proto
