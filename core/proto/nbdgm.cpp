// nbdgm — NetBIOS Datagram Service (RFC 1002 section 4.4) on UDP 138: the datagrams Windows
// browsing announcements travel in. The user data of direct and broadcast datagrams goes to the
// "netbios" heuristics (SMB: mailslots), else it is data.
//
//   type | flags (M, F, node type) | datagram id (2) | source IP (4) | source port (2) |
//   [datagram length (2) | packet offset (2) | source name | destination name | user data]
#include "core/proto/names.hpp"
#include "core/proto/netbios_common.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 10;

enum MessageType : std::uint8_t {
    DirectUnique = 0x10, DirectGroup = 0x11, Broadcast = 0x12, Error = 0x13, QueryRequest = 0x14,
    PositiveQueryResponse = 0x15, NegativeQueryResponse = 0x16,
};

constexpr ValueName kMessageTypes[] = {
    {DirectUnique, "Direct_unique datagram"},
    {DirectGroup, "Direct_group datagram"},
    {Broadcast, "Broadcast datagram"},
    {Error, "Datagram error"},
    {QueryRequest, "Datagram query request"},
    {PositiveQueryResponse, "Datagram positive query response"},
    {NegativeQueryResponse, "Datagram negative query response"},
};
constexpr ValueName kNodeTypes[] = {{0, "B node"}, {1, "P node"}, {2, "M node"}, {3, "NBDD"}};
constexpr ValueName kErrorCodes[] = {{0x82, "Destination name not present"},
                                     {0x83, "Invalid source name format"},
                                     {0x84, "Invalid destination name format"}};
constexpr ValueName kYesNo[] = {{0, "No"}, {1, "Yes"}};

enum NbdgmField : FieldIndex {
    Type, Flags, Next, First, NodeType, DgramId, SrcIp, SrcPort, DgramLen, PktOffset, ErrorCode, SourceName,
    DestinationName, kNbdgmFieldCount
};

constexpr FieldDef kNbdgmFields[] = {
    {Type, "nbdgm.type", "Message Type", FieldType::UInt8, Base::Dec, 0, kMessageTypes},
    {Flags, "nbdgm.flags", "Flags", FieldType::UInt8, Base::Hex},
    {Next, "nbdgm.next", "More fragments follow", FieldType::Bool, Base::None, 0x01, kYesNo},
    {First, "nbdgm.first", "This is first fragment", FieldType::Bool, Base::None, 0x02, kYesNo},
    {NodeType, "nbdgm.node_type", "Node Type", FieldType::UInt8, Base::Dec, 0x0c, kNodeTypes},
    {DgramId, "nbdgm.dgram_id", "Datagram ID", FieldType::UInt16, Base::Hex},
    {SrcIp, "nbdgm.src.ip", "Source IP", FieldType::Ipv4},
    {SrcPort, "nbdgm.src.port", "Source Port", FieldType::UInt16, Base::Dec},
    {DgramLen, "nbdgm.dgram_len", "Datagram length", FieldType::UInt16, Base::Dec},
    {PktOffset, "nbdgm.pkt_offset", "Packet offset", FieldType::UInt16, Base::Dec},
    {ErrorCode, "nbdgm.error_code", "Error code", FieldType::UInt8, Base::Hex, 0, kErrorCodes},
    {SourceName, "nbdgm.source_name", "Source name", FieldType::String},
    {DestinationName, "nbdgm.destination_name", "Destination name", FieldType::String},
};
static_assert(std::size(kNbdgmFields) == kNbdgmFieldCount);

class NbdgmProtocol final : public Dissector {
public:
    NbdgmProtocol() : Dissector({"nbdgm", "NBDS", "NetBIOS Datagram Service"}) {}

    void connect(const HeuristicList& netbios) { m_netbios = &netbios; }

    std::uint32_t dissect(Packet& p, const ByteView& v) const override {
        const ItemRef item = p.beginProtocol(*this, v, v.reported());
        p.setProtocolColumn(info().shortName);
        const std::uint8_t type = static_cast<std::uint8_t>(p.addUint(field(Type), v, 0, 1));
        if (p.wantsColumns()) {
            const std::string_view name = nameOf(kMessageTypes, type);
            p.info() = name.empty() ? "Unknown message type (0x" + hex(type) + ")" : std::string(name);
        }
        if (!need(p, v, 0, kHeaderLength)) return v.reported();
        p.addUint(field(Flags), v, 1, 1);
        p.addUint(field(Next), v, 1, 1);
        p.addUint(field(First), v, 1, 1);
        p.addUint(field(NodeType), v, 1, 1);
        p.addUint(field(DgramId), v, 2, 2);
        p.addIpv4(field(SrcIp), v, 4);
        p.addUint(field(SrcPort), v, 8, 2);
        std::uint32_t offset = kHeaderLength;
        switch (type) {
            case DirectUnique:
            case DirectGroup:
            case Broadcast: {
                if (!need(p, v, offset, 4)) return v.reported();
                p.addUint(field(DgramLen), v, offset, 2);
                p.addUint(field(PktOffset), v, offset + 2, 2);
                offset += 4;
                const std::uint32_t source = name(p, v, offset, field(SourceName), "Source name");
                if (source == 0) return v.reported();
                const std::uint32_t destination = name(p, v, offset + source, field(DestinationName), "Destination name");
                if (destination == 0) return v.reported();
                offset += source + destination;
                p.setLength(item, offset);
                const ByteView payload = v.from(offset);
                if (m_netbios == nullptr || p.tryHeuristics(*m_netbios, payload) == 0) {
                    if (!p.stopped()) p.callData(payload);
                }
                return v.reported();
            }
            case Error:
                if (need(p, v, offset, 1)) p.addUint(field(ErrorCode), v, offset, 1);
                return v.reported();
            case QueryRequest:
            case PositiveQueryResponse:
            case NegativeQueryResponse:
                name(p, v, offset, field(DestinationName), "Destination name");
                return v.reported();
            default: return v.reported();
        }
    }

private:
    static std::string hex(std::uint8_t value) {
        static constexpr char kDigits[] = "0123456789ABCDEF";
        return {kDigits[value >> 4], kDigits[value & 0xF]};
    }

    // A NetBIOS name at `offset`: returns its length, 0 when it is cut or broken (frame ended).
    std::uint32_t name(Packet& p, const ByteView& v, std::uint32_t offset, FieldId id, std::string_view label) const {
        const NetbiosName decoded = readNetbiosName(v, offset);
        if (decoded.length == 0) {
            const std::uint32_t at = std::min(offset, v.captured());
            p.markUnavailable(*this, v, at, v.captured() - at + 1);
            return 0;
        }
        const ItemRef item = p.addText(id, v, offset, decoded.length, decoded.text);
        if (p.buildsTree()) {
            const std::string_view typeName = nameOf(kNetbiosNameTypes, decoded.type);
            p.setText(item, std::string(label) + ": " + decoded.text + (typeName.empty() ? "" : " (" + std::string(typeName) + ")"));
        }
        return decoded.length;
    }

    bool need(Packet& p, const ByteView& v, std::uint32_t offset, std::uint32_t length) const {
        if (v.need(offset, length) == Availability::Available) return true;
        p.markUnavailable(*this, v, offset, length);
        return false;
    }

    const HeuristicList* m_netbios = nullptr;
};

}  // namespace

void registerNbdgm(Registry& r) {
    auto& nbdgm = r.addProtocol<NbdgmProtocol>(kNbdgmFields);
    r.onHandoff([&nbdgm](Registry& registry) {
        nbdgm.connect(registry.heuristics("netbios"));
        registry.table("udp.port").add(138, nbdgm);
    });
}

}  // namespace caplens::proto
