// mdns — Multicast DNS (RFC 6762) on UDP port 5353: DNS messages whose class fields carry the
// "unicast response" (questions) and "cache flush" (records) bits. Fields are DNS's.
#include "core/proto/dns_message.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kMdnsPort = 5353;

class MdnsProtocol final : public Dissector {
public:
    MdnsProtocol() : Dissector({"mdns", "MDNS", "Multicast Domain Name System", "mDNS"}) {}

    void connect(const Dissector& dns) { m_dns = &dns; }
    // Its own queries and responses, matched as DNS's (retransmissions are noted).
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override {
        return std::make_unique<DnsTransactions>();
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (m_dns != nullptr) dissectDnsMessage(p, *m_dns, *this, item, view, DnsVariant::Mdns,
                                                &p.state<DnsTransactions>(*this));
        return view.reported();
    }

private:
    const Dissector* m_dns = nullptr;
};

}  // namespace

void registerMdns(Registry& r) {
    auto& mdns = r.addProtocol<MdnsProtocol>(std::span<const FieldDef>{});
    r.onHandoff([&mdns](Registry& registry) {
        if (const Dissector* dns = registry.findProtocol("dns")) mdns.connect(*dns);
        registry.table("udp.port").add(kMdnsPort, mdns);
    });
}

}  // namespace caplens::proto
