// dns — Domain Name System (RFC 1035) over UDP port 53, TCP ports 53 and 5353, and the
// "dns_udp" heuristic Wireshark enables by default. Over TCP every message is preceded by
// its 2-byte length (RFC 1035 section 4.2.2); messages are split and reassembled with
// dissectPdus(). The message itself is dns_message.cpp's, shared with mDNS and LLMNR.
#include "core/proto/dns_message.hpp"
#include "core/proto/protocols.hpp"
#include "core/proto/tcp_pdus.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kDnsPort = 53;
constexpr std::uint16_t kMdnsTcpPort = 5353;  // Wireshark gives TCP 5353 to DNS, not mDNS
constexpr std::uint32_t kTcpLengthPrefix = 2;

class DnsProtocol final : public Dissector {
public:
    DnsProtocol() : Dissector({"dns", "DNS", "Domain Name System"}) {}

    void connect(const Dissector* tcp) { m_tcp = tcp; }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override {
        return std::make_unique<DnsTransactions>();
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        if (overTcp(p)) return dissectTcp(p, view);
        // UDP (and the heuristic): the datagram is one message.
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        dissectDnsMessage(p, *this, *this, item, view, DnsVariant::Dns, &p.state<DnsTransactions>(*this));
        return view.reported();
    }

private:
    // The same dissector serves both transports: the layer below says which one this is.
    [[nodiscard]] bool overTcp(const Packet& p) const {
        const auto layers = p.layers();
        return m_tcp != nullptr && layers.size() >= 2 && layers[layers.size() - 2] == m_tcp->id();
    }

    // TCP: length-prefixed messages, each one more "dns" level.
    std::uint32_t dissectTcp(Packet& p, const ByteView& view) const {
        return dissectPdus(
            p, view, kTcpLengthPrefix,
            [](const ByteView& pdu) { return std::uint32_t{pdu.u16(0)} + kTcpLengthPrefix; },
            [this](Packet& packet, const ByteView& pdu) {
                const ItemRef item = packet.beginProtocol(*this, pdu, pdu.reported());
                if (pdu.need(0, kTcpLengthPrefix) != Availability::Available) {
                    packet.markUnavailable(*this, pdu, 0, kTcpLengthPrefix);
                    return;
                }
                packet.addUint(field(DnsLength), pdu, 0, 2);
                dissectDnsMessage(packet, *this, *this, item, pdu.from(kTcpLengthPrefix), DnsVariant::Dns,
                                  &packet.state<DnsTransactions>(*this));
            });
    }

    const Dissector* m_tcp = nullptr;
};

std::uint32_t dnsHeuristic(const Dissector& self, Packet& p, const ByteView& view) {
    if (!looksLikeDnsMessage(view)) return 0;
    return self.dissect(p, view);
}

}  // namespace

void registerDns(Registry& r) {
    auto& dns = r.addProtocol<DnsProtocol>(dnsFieldTable());
    r.addExperts(dns, dnsExpertTable());
    r.onHandoff([&dns](Registry& registry) {
        dns.connect(registry.findProtocol("tcp"));
        registry.table("udp.port").add(kDnsPort, dns);
        registry.table("tcp.port").add(kDnsPort, dns);
        registry.table("tcp.port").add(kMdnsTcpPort, dns);
        registry.addHeuristic("udp", dns, "dns_udp", dnsHeuristic);
    });
}

}  // namespace caplens::proto
