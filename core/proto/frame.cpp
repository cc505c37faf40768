// frame — the root of every frame's details: numbers and times from the capture, then the
// frame's bytes handed to the dissector registered for its link type ("linktype" table).
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

enum FrameField : FieldIndex {
    Number,
    Length,
    CapturedLength,
    Time,
    TimeEpoch,
    TimeRelative,
    TimeDelta,
    InterfaceId,
    LinkTypeNumber,
    Protocols,
    Comment,
    kFrameFieldCount
};

constexpr FieldDef kFrameFields[] = {
    {Number, "frame.number", "Frame Number", FieldType::UInt32, Base::Dec},
    {Length, "frame.len", "Frame Length", FieldType::UInt32, Base::Dec},
    {CapturedLength, "frame.cap_len", "Capture Length", FieldType::UInt32, Base::Dec},
    {Time, "frame.time", "Arrival Time", FieldType::AbsoluteTime},
    {TimeEpoch, "frame.time_epoch", "Epoch Time", FieldType::RelativeTime},
    {TimeRelative, "frame.time_relative", "Time since reference or first frame", FieldType::RelativeTime},
    {TimeDelta, "frame.time_delta", "Time delta from previous captured frame", FieldType::RelativeTime},
    {InterfaceId, "frame.interface_id", "Interface id", FieldType::UInt32, Base::Dec},
    {LinkTypeNumber, "frame.encap_type", "Encapsulation type", FieldType::Int16, Base::Dec},
    {Protocols, "frame.protocols", "Protocols in frame", FieldType::String},
    {Comment, "frame.comment", "Comment", FieldType::String},
};
static_assert(std::size(kFrameFields) == kFrameFieldCount);

class FrameProtocol final : public Dissector {
public:
    FrameProtocol() : Dissector({"frame", "", "Frame"}) {}

    void connect(const DissectorTable& linkTypes, const Dissector* netmonHeader) {
        m_linkTypes = &linkTypes;
        m_netmonHeader = netmonHeader;
    }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const FrameInfo& f = p.frame();
        p.beginProtocol(*this, view, view.captured());
        p.addGenerated(field(Number), FieldValue::ofUnsigned(f.number), FieldFlags::None);
        p.addGenerated(field(Length), FieldValue::ofUnsigned(f.originalLength), FieldFlags::None);
        p.addGenerated(field(CapturedLength), FieldValue::ofUnsigned(f.capturedLength), FieldFlags::None);
        if (f.timestampNs != kNoTimestamp) {
            p.addGenerated(field(Time), FieldValue::ofSigned(f.timestampNs), FieldFlags::None);
            p.addGenerated(field(TimeEpoch), FieldValue::ofSigned(f.timestampNs), FieldFlags::None);
            p.addGenerated(field(TimeDelta), FieldValue::ofSigned(f.sincePreviousNs), FieldFlags::None);
            p.addGenerated(field(TimeRelative), FieldValue::ofSigned(f.sinceFirstNs), FieldFlags::None);
        }
        p.addGenerated(field(InterfaceId), FieldValue::ofUnsigned(f.interfaceId), FieldFlags::None);
        p.addGenerated(field(LinkTypeNumber), FieldValue::ofSigned(f.linkType), FieldFlags::None);
        // A NetMon frame with a title/description shows it as a layer of its own, which then
        // hands the frame to its link type.
        if (m_netmonHeader != nullptr && (f.flags & kFrameHasNetmonComment)) {
            if (p.call(*m_netmonHeader, view) != 0) return view.reported();
        }
        if (m_linkTypes == nullptr || p.dispatch(*m_linkTypes, f.linkType, view) == 0) p.callData(view);
        return view.reported();
    }

    // frame.protocols can only be known once every layer has run.
    void addProtocolsField(Packet& p) const {
        if (!p.wants(field(Protocols))) return;
        const auto records = p.records();
        const bool haveFrameItem = !records.empty() && records.front().field == protocolField();
        p.push(haveFrameItem ? 0 : kNoItem);
        p.addText(field(Protocols), p.frameView(), 0, 0, p.protocolsText(), FieldFlags::Generated);
        p.pop();
    }

private:
    const DissectorTable* m_linkTypes = nullptr;
    const Dissector* m_netmonHeader = nullptr;
};

}  // namespace

void registerFrame(Registry& r) {
    auto& frame = r.addProtocol<FrameProtocol>(kFrameFields);
    r.addTable("linktype", "Link type (LINKTYPE_*)");
    r.onHandoff([&frame](Registry& registry) {
        frame.connect(registry.table("linktype"), registry.findProtocol("netmon_header"));
    });
}

void addFrameProtocolsField(const Dissector& frame, Packet& packet) {
    static_cast<const FrameProtocol&>(frame).addProtocolsField(packet);
}

}  // namespace caplens::proto
