// ssdp — Simple Service Discovery Protocol (UPnP) on UDP port 1900: HTTP-shaped text
// messages (M-SEARCH, NOTIFY, HTTP/1.1 200 OK) sent over multicast UDP. Wireshark declares no
// fields of its own for it; the Info column shows the start line. Wireshark dissects it with its
// HTTP dissector, so each start line raises HTTP's chat note, under SSDP.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kSsdpPort = 1900;

class SsdpProtocol final : public Dissector {
public:
    SsdpProtocol() : Dissector({"ssdp", "SSDP", "Simple Service Discovery Protocol"}) {}
    void connect(std::optional<FieldId> httpChat) { m_httpChat = httpChat.value_or(kNoField); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        const std::string_view text = view.text(0, view.captured());
        const std::string_view startLine = text.substr(0, text.find_first_of("\r\n"));
        if (m_httpChat != kNoField && isStartLine(startLine)) p.addExpertIn(*this, m_httpChat);
        if (p.wantsColumns()) p.info() = std::string(startLine) + " ";
        return view.reported();
    }

private:
    // "NOTIFY * HTTP/1.1", "M-SEARCH * HTTP/1.1" or "HTTP/1.1 200 OK": what HTTP takes for a
    // request or a response (anything else is a continuation, without the note).
    static bool isStartLine(std::string_view line) {
        const std::size_t last = line.rfind(' ');
        return line.starts_with("HTTP/1.") || (last != std::string_view::npos && line.substr(last + 1).starts_with("HTTP/1."));
    }

    FieldId m_httpChat = kNoField;
};

}  // namespace

void registerSsdp(Registry& r) {
    auto& ssdp = r.addProtocol<SsdpProtocol>(std::span<const FieldDef>{});
    r.onHandoff([&ssdp](Registry& registry) {
        ssdp.connect(registry.findField("http.chat"));
        registry.table("udp.port").add(kSsdpPort, ssdp);
    });
}

}  // namespace caplens::proto
