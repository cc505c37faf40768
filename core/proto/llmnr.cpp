// llmnr — Link-Local Multicast Name Resolution (RFC 4795) on UDP port 5355: DNS messages
// whose flags hold Conflict and Tentative bits instead of AA/RD/RA. Fields are DNS's.
#include "core/proto/dns_message.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kLlmnrPort = 5355;

class LlmnrProtocol final : public Dissector {
public:
    LlmnrProtocol() : Dissector({"llmnr", "LLMNR", "Link-local Multicast Name Resolution"}) {}

    void connect(const Dissector& dns) { m_dns = &dns; }
    // Its own queries and responses, matched as DNS's (retransmissions are noted).
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override {
        return std::make_unique<DnsTransactions>();
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (m_dns != nullptr) dissectDnsMessage(p, *m_dns, *this, item, view, DnsVariant::Llmnr,
                                                &p.state<DnsTransactions>(*this));
        return view.reported();
    }

private:
    const Dissector* m_dns = nullptr;
};

}  // namespace

void registerLlmnr(Registry& r) {
    auto& llmnr = r.addProtocol<LlmnrProtocol>(std::span<const FieldDef>{});
    r.onHandoff([&llmnr](Registry& registry) {
        if (const Dissector* dns = registry.findProtocol("dns")) llmnr.connect(*dns);
        registry.table("udp.port").add(kLlmnrPort, llmnr);
    });
}

}  // namespace caplens::proto
