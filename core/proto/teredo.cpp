// teredo — Teredo, tunneling IPv6 over UDP through NATs (RFC 4380), on UDP port 3544: optional
// authentication and origin indication headers, then the IPv6 packet. Wireshark's Teredo
// heuristic is disabled by default, so only the port reaches it.
//
//   Authentication:  | 0x0001 | ID-len | AU-len | Client identifier | Authentication value |
//                    |                 Nonce (8 bytes)                 | Confirmation |
//   Origin:          | 0x0000 | Origin port (inverted) | Origin IPv4 address (inverted) |
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kAuthenticationIndicator = 1;
constexpr std::uint16_t kOriginIndicator = 0;
constexpr std::uint32_t kOriginLength = 8;
constexpr std::uint32_t kNonceLength = 8;

enum TeredoField : FieldIndex {
    Auth, AuthIdLen, AuthAuLen, AuthId, AuthValue, AuthNonce, AuthConf, Orig, OrigPort, OrigAddr, kTeredoFieldCount
};

constexpr FieldDef kTeredoFields[] = {
    {Auth, "teredo.auth", "Teredo Authentication header", FieldType::None},
    {AuthIdLen, "teredo.auth.idlen", "Client identifier length", FieldType::UInt8, Base::Dec},
    {AuthAuLen, "teredo.auth.aulen", "Authentication value length", FieldType::UInt8, Base::Dec},
    {AuthId, "teredo.auth.id", "Client identifier", FieldType::Bytes},
    {AuthValue, "teredo.auth.value", "Authentication value", FieldType::Bytes},
    {AuthNonce, "teredo.auth.nonce", "Nonce value", FieldType::Bytes},
    {AuthConf, "teredo.auth.conf", "Confirmation byte", FieldType::Bytes},
    {Orig, "teredo.orig", "Teredo Origin Indication header", FieldType::None},
    {OrigPort, "teredo.orig.port", "Origin UDP port", FieldType::UInt16, Base::Dec},
    {OrigAddr, "teredo.orig.addr", "Origin IPv4 address", FieldType::Ipv4},
};
static_assert(std::size(kTeredoFields) == kTeredoFieldCount);

class TeredoProtocol final : public Dissector {
public:
    TeredoProtocol() : Dissector({"teredo", "Teredo", "Teredo IPv6 over UDP tunneling"}) {}

    void connect(const Dissector* ipv6) { m_ipv6 = ipv6; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info().clear();
        std::uint32_t at = 0;
        if (!need(p, view, 2)) return view.reported();
        if (view.u16(0) == kAuthenticationIndicator) {
            at = addAuthentication(p, view);
            if (p.stopped() || !need(p, view, at + 2)) return view.reported();
        }
        if (view.u16(at) == kOriginIndicator) {
            if (!need(p, view, at + kOriginLength)) return view.reported();
            addOrigin(p, view, at);
            at += kOriginLength;
        }
        // Wireshark reads the first byte of the encapsulated packet before handing it on.
        if (!need(p, view, at + 1)) return view.reported();
        const ByteView packet = view.from(at);
        if (m_ipv6 == nullptr || p.call(*m_ipv6, packet) == 0) {
            if (!p.stopped()) p.callData(packet);
        }
        return view.reported();
    }

private:
    bool need(Packet& p, const ByteView& v, std::uint32_t end) const {
        if (v.need(0, end) == Availability::Available) return true;
        p.markUnavailable(*this, v, 0, end);
        return false;
    }

    std::uint32_t addAuthentication(Packet& p, const ByteView& v) const {
        if (!need(p, v, 4)) return 0;
        const std::uint32_t idLength = v.u8(2);
        const std::uint32_t auLength = v.u8(3);
        const std::uint32_t length = 4 + idLength + auLength + kNonceLength + 1;
        if (p.wantsColumns()) p.info() = "Authentication header";
        const ItemRef item = p.add(field(Auth), v, 0, length, FieldValue{});
        p.push(item);
        p.addUint(field(AuthIdLen), v, 2, 1);
        p.addUint(field(AuthAuLen), v, 3, 1);
        if (!need(p, v, length)) return 0;
        if (idLength) p.addBytes(field(AuthId), v, 4, idLength);
        if (auLength) p.addBytes(field(AuthValue), v, 4 + idLength, auLength);
        p.addBytes(field(AuthNonce), v, 4 + idLength + auLength, kNonceLength);
        p.addBytes(field(AuthConf), v, length - 1, 1);
        p.pop();
        return length;
    }

    // The client's mapped port and address, stored inverted (RFC 4380 section 5.1.1).
    void addOrigin(Packet& p, const ByteView& v, std::uint32_t at) const {
        if (p.wantsColumns()) p.info() += p.info().empty() ? "Origin indication" : ", Origin indication";
        const ItemRef item = p.add(field(Orig), v, at, kOriginLength, FieldValue{});
        p.push(item);
        p.add(field(OrigPort), v, at + 2, 2, FieldValue::ofUnsigned(~v.u16(at + 2) & 0xFFFFu));
        p.add(field(OrigAddr), v, at + 4, 4, FieldValue::ofUnsigned(~v.u32(at + 4)));
        p.pop();
    }

    const Dissector* m_ipv6 = nullptr;
};

}  // namespace

void registerTeredo(Registry& r) {
    auto& teredo = r.addProtocol<TeredoProtocol>(kTeredoFields);
    r.onHandoff([&teredo](Registry& registry) {
        teredo.connect(registry.findProtocol("ipv6"));
        registry.table("udp.port").add(3544, teredo);
    });
}

}  // namespace caplens::proto
