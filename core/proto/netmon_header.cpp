// netmon_header — Wireshark's "Network Monitor Header": a NetMon 2.x frame that carries a
// title / description (kFrameHasNetmonComment) is shown with this layer first, which then hands
// the frame to the dissector of its real link type ("linktype" table). frame.cpp calls it.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

enum NetmonHeaderField : FieldIndex { TitleComment, DescriptionComment, kNetmonHeaderFieldCount };

// The comment texts themselves are not available to dissectors yet (the reader keeps the titles
// in CaptureMetadata::frameComments, outside the frame): the fields are declared so that filters
// on them parse, and stay absent.
constexpr FieldDef kNetmonHeaderFields[] = {
    {TitleComment, "netmon_header.title_comment", "Comment title", FieldType::String},
    {DescriptionComment, "netmon_header.description_comment", "Comment description", FieldType::String},
};
static_assert(std::size(kNetmonHeaderFields) == kNetmonHeaderFieldCount);

class NetmonHeaderProtocol final : public Dissector {
public:
    NetmonHeaderProtocol() : Dissector({"netmon_header", "NetMon Header", "Network Monitor Header"}) {}

    void connect(const DissectorTable& linkTypes) { m_linkTypes = &linkTypes; }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, 0);
        if (p.dispatch(*m_linkTypes, p.frame().linkType, view) == 0 && !p.stopped()) p.callData(view);
        return view.reported();
    }

private:
    const DissectorTable* m_linkTypes = nullptr;
};

}  // namespace

void registerNetmonHeader(Registry& r) {
    auto& header = r.addProtocol<NetmonHeaderProtocol>(kNetmonHeaderFields);
    r.onHandoff([&header](Registry& registry) {
        header.connect(registry.table("linktype"));
    });
}

}  // namespace caplens::proto
