// esp — IP Encapsulating Security Payload (RFC 4303), header only: without keys the rest is
// ciphertext, and Wireshark by default neither decrypts it nor guesses at NULL encryption, so
// nothing follows ESP in the protocol stack. Reached by IP protocol 50 and from UDP-encapsulated
// IPsec (udpencap.cpp).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |               Security Parameters Index (SPI)                 |
//   |                      Sequence Number                          |
//   |                    Payload Data (encrypted) ...
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 8;

enum EspField : FieldIndex { Spi, Sequence, kEspFieldCount };

constexpr FieldDef kEspFields[] = {
    {Spi, "esp.spi", "ESP SPI", FieldType::UInt32, Base::HexDec},
    {Sequence, "esp.sequence", "ESP Sequence", FieldType::UInt32, Base::Dec},
};
static_assert(std::size(kEspFields) == kEspFieldCount);

class EspProtocol final : public Dissector {
public:
    EspProtocol() : Dissector({"esp", "ESP", "Encapsulating Security Payload"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        p.addUint(field(Spi), view, 0, 4);
        p.addUint(field(Sequence), view, 4, 4);
        if (p.wantsColumns()) {
            char text[32];
            std::snprintf(text, sizeof text, "ESP (SPI=0x%08x)", view.u32(0));
            p.info() = text;
        }
        return view.reported();
    }
};

}  // namespace

void registerEsp(Registry& r) {
    auto& esp = r.addProtocol<EspProtocol>(kEspFields);
    r.onHandoff([&esp](Registry& registry) { registry.table("ip.proto").add(50, esp); });
}

}  // namespace caplens::proto
