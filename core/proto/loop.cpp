// loop — the Ethernet Configuration Testing Protocol (ethertype 0x9000, Wireshark's "loop"):
// a skip count, then functions (Reply with a receipt number, or Forward Data with the next
// address), all little-endian; the rest is data. Not to be confused with LINKTYPE_LOOP, which
// Wireshark (and caplens) dissect as "null".
//
//   | skipCount (16 LE) | function (16 LE) | Reply: receipt number (16 LE) / Forward: address (48) | ...
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kFunctionReply = 1;
constexpr std::uint16_t kFunctionForwardData = 2;

constexpr ValueName kFunctionNames[] = {{1, "Reply"}, {2, "Forward Data"}};

enum LoopField : FieldIndex { SkipCount, Function, RelevantFunction, ReceiptNumber, ForwardingAddress, kLoopFieldCount };

constexpr FieldDef kLoopFields[] = {
    {SkipCount, "loop.skipcount", "skipCount", FieldType::UInt16, Base::Dec},
    {Function, "loop.function", "Function", FieldType::UInt16, Base::Dec, 0, kFunctionNames},
    {RelevantFunction, "loop.relevant_function", "Relevant function", FieldType::UInt16, Base::Dec, 0, kFunctionNames},
    {ReceiptNumber, "loop.receipt_number", "Receipt number", FieldType::UInt16, Base::Dec},
    {ForwardingAddress, "loop.forwarding_address", "Forwarding address", FieldType::Ether},
};
static_assert(std::size(kLoopFields) == kLoopFieldCount);

class LoopProtocol final : public Dissector {
public:
    LoopProtocol() : Dissector({"loop", "LOOP", "Configuration Test Protocol (loopback)"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info().clear();
        if (view.need(0, 2) != Availability::Available) {
            p.markUnavailable(*this, view, 0, 2);
            return view.reported();
        }
        const std::uint16_t skipCount = view.u16le(0);
        p.addUintLe(field(SkipCount), view, 0, 2);
        std::uint32_t offset = 2;
        // Every function takes at least 4 bytes, so the walk ends with the bytes.
        while (true) {
            if (view.need(offset, 2) != Availability::Available) {
                p.markUnavailable(*this, view, offset, 2);
                return view.reported();
            }
            const std::uint16_t function = view.u16le(offset);
            if (offset == skipCount + 2u) {
                // The function this station acts on names the packet.
                p.addUintLe(field(RelevantFunction), view, offset, 2, FieldFlags::Hidden);
                if (p.wantsColumns()) {
                    const std::string_view name = nameOf(kFunctionNames, function);
                    p.info() = name.empty() ? "Unknown function (" + std::to_string(function) + ")" : std::string(name);
                }
            }
            p.addUintLe(field(Function), view, offset, 2);
            offset += 2;
            if (function == kFunctionReply) {
                p.addUintLe(field(ReceiptNumber), view, offset, 2);
                offset += 2;
                break;
            }
            if (function != kFunctionForwardData) break;
            p.addBytes(field(ForwardingAddress), view, offset, 6);
            offset += 6;
            if (offset >= view.reported()) break;
        }
        if (offset < view.reported()) p.callData(view.from(offset));
        return view.reported();
    }
};

}  // namespace

void registerLoop(Registry& r) {
    auto& loop = r.addProtocol<LoopProtocol>(kLoopFields);
    r.onHandoff([&loop](Registry& registry) { registry.table("ethertype").add(0x9000, loop); });
}

}  // namespace caplens::proto
