// data — bytes no dissector claims, shown as tshark shows them ("data", data.data, data.len).
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

enum DataField : FieldIndex { Bytes, Length, kDataFieldCount };

constexpr FieldDef kDataFields[] = {
    {Bytes, "data.data", "Data", FieldType::Bytes},
    {Length, "data.len", "Length", FieldType::UInt32, Base::Dec},
};
static_assert(std::size(kDataFields) == kDataFieldCount);

class DataProtocol final : public Dissector {
public:
    // No short name: like Wireshark's, the data protocol leaves the Protocol column alone.
    DataProtocol() : Dissector({"data", "", "Data"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const std::uint32_t length = view.reported();
        const ItemRef item = p.beginProtocol(*this, view, length);
        if (p.buildsTree()) p.setText(item, "Data (" + std::to_string(length) + " bytes)");
        p.addBytes(field(Bytes), view, 0, view.captured());
        p.add(field(Length), view, 0, 0, FieldValue::ofUnsigned(length), FieldFlags::Generated);
        if (view.isCut()) p.markShort(view);
        return length;
    }
};

}  // namespace

void registerData(Registry& r) { r.addProtocol<DataProtocol>(kDataFields); }

}  // namespace caplens::proto
