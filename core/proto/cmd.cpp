// cmd — Cisco MetaData (Cisco TrustSec's inline security group tag), on ethertype 0x8909 and
// in GRE (protocol type 0x8909), followed by the payload's ethertype. In Ethernet the ethertype
// comes last; in GRE it comes first:
//
//   Ethernet:  | Version | Length | Options (2) | SGT (2) | Ethertype (2) | payload ...
//   GRE:       | Ethertype (2) | Version | Length | Options (2) | SGT (2) | payload ...
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 8;

enum CmdField : FieldIndex { Version, Length, Options, Sgt, Type, kCmdFieldCount };

constexpr FieldDef kCmdFields[] = {
    {Version, "cmd.version", "Version", FieldType::UInt8, Base::Dec},
    {Length, "cmd.length", "Length", FieldType::UInt8, Base::Dec},
    {Options, "cmd.options", "Options", FieldType::UInt16, Base::Hex},
    {Sgt, "cmd.sgt", "SGT", FieldType::UInt16, Base::Dec},
    {Type, "cmd.type", "Type", FieldType::UInt16, Base::Hex, 0, kEthertypeNames},
};
static_assert(std::size(kCmdFields) == kCmdFieldCount);

class CmdProtocol final : public Dissector {
public:
    CmdProtocol() : Dissector({"cmd", "CMD", "Cisco MetaData"}) {}

    void connect(const DissectorTable& ethertypes, const Dissector* gre) {
        m_ethertypes = &ethertypes;
        m_gre = gre;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, kHeaderLength);
        if (p.wantsColumns()) p.info().clear();
        if (view.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint32_t fields = inGre(p) ? 2 : 0;  // where version..SGT start
        const std::uint32_t typeAt = inGre(p) ? 0 : 6;
        if (inGre(p)) p.addUint(field(Type), view, typeAt, 2);
        p.addUint(field(Version), view, fields, 1);
        p.addUint(field(Length), view, fields + 1, 1);
        p.addUint(field(Options), view, fields + 2, 2);
        p.addUint(field(Sgt), view, fields + 4, 2);
        if (!inGre(p)) p.addUint(field(Type), view, typeAt, 2);
        const ByteView payload = view.from(kHeaderLength);
        if (p.dispatch(*m_ethertypes, view.u16(typeAt), payload) == 0 && !p.stopped()) p.callData(payload);
        return view.reported();
    }

private:
    [[nodiscard]] bool inGre(const Packet& p) const {
        const auto layers = p.layers();
        return m_gre != nullptr && layers.size() >= 2 && layers[layers.size() - 2] == m_gre->id();
    }

    const DissectorTable* m_ethertypes = nullptr;
    const Dissector* m_gre = nullptr;
};

}  // namespace

void registerCmd(Registry& r) {
    auto& cmd = r.addProtocol<CmdProtocol>(kCmdFields);
    r.onHandoff([&cmd](Registry& registry) {
        cmd.connect(registry.table("ethertype"), registry.findProtocol("gre"));
        registry.table("ethertype").add(0x8909, cmd);
        if (registry.findTable("gre.proto") != nullptr) registry.table("gre.proto").add(0x8909, cmd);
    });
}

}  // namespace caplens::proto
