// udp — User Datagram Protocol (RFC 768): ports, length, and the hand-off of the payload to
// the conversation's dissector, the lower port's, the higher port's ("udp.port" table), the
// "udp" heuristics, or data.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint32_t kHeaderLength = 8;

enum UdpField : FieldIndex {
    SrcPort, DstPort, Port, Length, Checksum, ChecksumStatus, Stream, Payload, kUdpFieldCount
};

constexpr ValueName kChecksumStatus[] = {{0, "Bad"}, {1, "Good"}, {2, "Unverified"}, {3, "Not present"}};

constexpr FieldDef kUdpFields[] = {
    {SrcPort, "udp.srcport", "Source Port", FieldType::UInt16, Base::Dec},
    {DstPort, "udp.dstport", "Destination Port", FieldType::UInt16, Base::Dec},
    {Port, "udp.port", "Source or Destination Port", FieldType::UInt16, Base::Dec},
    {Length, "udp.length", "Length", FieldType::UInt16, Base::Dec},
    {Checksum, "udp.checksum", "Checksum", FieldType::UInt16, Base::Hex},
    {ChecksumStatus, "udp.checksum.status", "Checksum Status", FieldType::UInt8, Base::None, 0, kChecksumStatus},
    {Stream, "udp.stream", "Stream index", FieldType::UInt32, Base::Dec},
    {Payload, "udp.payload", "Payload", FieldType::Bytes},
};
static_assert(std::size(kUdpFields) == kUdpFieldCount);

enum UdpExpert : std::uint16_t { BadLength, PossibleTraceroute, kUdpExpertCount };
constexpr ExpertDef kUdpExperts[] = {
    {BadLength, "udp.length.bad", ExpertSeverity::Error, ExpertGroup::Malformed, "Bad length value"},
    {PossibleTraceroute, "udp.possible_traceroute", ExpertSeverity::Chat, ExpertGroup::Sequence, "Possible traceroute"},
};
static_assert(std::size(kUdpExperts) == kUdpExpertCount);

// UDP "streams" are address/port pairs numbered in order of first appearance (udp.stream). A
// protocol may start a new conversation on the pair (startNewConversation): its frames from
// the next one on get a new index.
class UdpState final : public ProtocolState {
public:
    struct Conversation {
        std::uint32_t index;
        const Dissector* dissector = nullptr;
        bool fresh = true;    // not yet checked for an expected conversation
        bool renew = false;   // the next frame opens a new conversation (a new index)
    };
    Conversation& lookup(const NetworkAddresses& n, std::uint16_t sport, std::uint16_t dport) {
        std::string key;
        key.reserve(40);
        const bool forward = std::lexicographical_compare(n.source.begin(), n.source.begin() + n.length,
                                                          n.destination.begin(), n.destination.begin() + n.length) ||
                             (n.source == n.destination && sport <= dport);
        const auto& a = forward ? n.source : n.destination;
        const auto& b = forward ? n.destination : n.source;
        key.append(reinterpret_cast<const char*>(a.data()), n.length);
        key.append(reinterpret_cast<const char*>(b.data()), n.length);
        const std::uint16_t ports[2] = {forward ? sport : dport, forward ? dport : sport};
        key.append(reinterpret_cast<const char*>(ports), sizeof ports);
        auto [it, inserted] = m_conversations.try_emplace(std::move(key), Conversation{m_next});
        if (inserted) ++m_next;
        Conversation& c = it->second;
        if (c.renew) {
            c.renew = false;
            c.index = m_next++;
        }
        return c;
    }

private:
    std::unordered_map<std::string, Conversation> m_conversations;
    std::uint32_t m_next = 0;
};

class UdpProtocol final : public Dissector {
public:
    UdpProtocol() : Dissector({"udp", "UDP", "User Datagram Protocol"}) {}

    void connect(const DissectorTable& ports, const HeuristicList& heuristics) {
        m_ports = &ports;
        m_heuristics = &heuristics;
    }
    [[nodiscard]] std::unique_ptr<ProtocolState> newState() const override { return std::make_unique<UdpState>(); }

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, kHeaderLength);
        if (view.need(0, kHeaderLength) != Availability::Available) {
            if (view.has(0, 4)) addPorts(p, view);
            p.markUnavailable(*this, view, 0, kHeaderLength);
            return view.reported();
        }
        const std::uint16_t sport = view.u16(0);
        const std::uint16_t dport = view.u16(2);
        const std::uint16_t length = view.u16(4);
        addPorts(p, view);
        p.addUint(field(Length), view, 4, 2);
        p.addUint(field(Checksum), view, 6, 2);
        p.addGenerated(field(ChecksumStatus), FieldValue::ofUnsigned(view.u16(6) == 0 ? 3 : 2));
        UdpState::Conversation replayed;
        const UdpFrameFacts* facts = p.replayedUdp();
        if (facts != nullptr) {
            replayed.index = facts->stream;
            replayed.fresh = false;
            if (facts->conversationProtocol < p.registry().protocolCount()) {
                replayed.dissector = &p.registry().protocol(facts->conversationProtocol);
            }
        }
        auto& conversation = facts != nullptr ? replayed : p.state<UdpState>(*this).lookup(p.networkAddresses(), sport, dport);
        if (conversation.fresh) {
            // A conversation announced earlier by another protocol (TFTP, RTP) goes to it.
            conversation.fresh = false;
            const NetworkAddresses& n = p.networkAddresses();
            const Dissector* expected = p.claimExpectedConversation({n.destination.data(), n.length}, dport);
            if (expected == nullptr) expected = p.claimExpectedConversation({n.source.data(), n.length}, sport);
            if (expected != nullptr) conversation.dissector = expected;
        }
        p.addGenerated(field(Stream), FieldValue::ofUnsigned(conversation.index));
        TapRecord tap;
        tap.kind = TapKind::Udp;
        tap.sourcePort = sport;
        tap.destinationPort = dport;
        tap.stream = conversation.index;
        tap.payloadLength = length >= kHeaderLength ? length - kHeaderLength : 0;
        p.tap(tap);
        if (p.buildsTree()) {
            p.setText(item, "User Datagram Protocol, Src Port: " + std::to_string(sport) +
                                ", Dst Port: " + std::to_string(dport));
        }
        // A length past the datagram is not flagged in a quoted datagram (in_error_pkt).
        if (length < kHeaderLength || (length > view.reported() && !p.inErrorPacket())) {
            p.addExpert(expert(BadLength));
            // Wireshark stops at a length shorter than the header and dissects what is there
            // when the length claims more than the packet holds.
            if (length < kHeaderLength) return view.reported();
        }
        const std::uint32_t datagramLength = length >= kHeaderLength ? std::min<std::uint32_t>(length, view.reported())
                                                                      : view.reported();
        const ByteView payload = view.sub(kHeaderLength, datagramLength - kHeaderLength);
        if (p.wantsColumns()) {
            p.info() = std::to_string(sport) + " \xE2\x86\x92 " + std::to_string(dport) +
                       " Len=" + std::to_string(payload.reported());
        }
        if (payload.reported() > 0) {
            p.addBytes(field(Payload), payload, 0, payload.captured());
            p.setConversationSlot(&conversation.dissector);
            (void)p.takeNewConversation();  // a request left by another layer is not this one's
            // The payload may key its state on the conversation (DNS's transactions): udp.stream.
            if (facts == nullptr) recordFacts(p, conversation);
            if (dispatch(p, payload, conversation, sport, dport) == 0 && !p.stopped()) p.callData(payload);
        }
        const Dissector* renewedFor = p.takeNewConversation();
        if (facts == nullptr) {
            recordFacts(p, conversation);
            if (renewedFor != nullptr) {
                conversation.renew = true;
                conversation.dissector = renewedFor;
            }
        }
        return datagramLength;
    }

private:
    // What dissecting this datagram alone later needs (frame_facts.hpp).
    static void recordFacts(Packet& p, const UdpState::Conversation& conversation) {
        FrameFacts& facts = p.facts();
        facts.hasUdp = true;
        facts.udp.stream = conversation.index;
        facts.udp.conversationProtocol = conversation.dissector ? conversation.dissector->id() : 0xFFFF;
    }

    void addPorts(Packet& p, const ByteView& v) const {
        notePossibleTraceroute(p, static_cast<std::uint16_t>(p.addUint(field(SrcPort), v, 0, 2)));
        notePossibleTraceroute(p, static_cast<std::uint16_t>(p.addUint(field(DstPort), v, 2, 2)));
        p.addUint(field(Port), v, 0, 2, FieldFlags::Hidden);
        p.addUint(field(Port), v, 2, 2, FieldFlags::Hidden);
    }

    // LBL traceroute probes ports 33435.. (32768 + 666 + hop and attempt): Wireshark notes the
    // first 30 of them, ten hops of three attempts.
    void notePossibleTraceroute(Packet& p, std::uint16_t port) const {
        constexpr std::uint16_t kTracerouteBase = 32768 + 666;
        if (port > kTracerouteBase && port <= kTracerouteBase + 30) p.addExpert(expert(PossibleTraceroute));
    }

    std::uint32_t dispatch(Packet& p, const ByteView& payload, const UdpState::Conversation& conversation,
                           std::uint16_t sport, std::uint16_t dport) const {
        if (conversation.dissector != nullptr) {
            if (const std::uint32_t used = p.call(*conversation.dissector, payload)) return used;
        }
        const std::uint16_t low = std::min(sport, dport);
        const std::uint16_t high = std::max(sport, dport);
        if (low != 0) {
            if (const std::uint32_t used = p.dispatch(*m_ports, low, payload)) return used;
        }
        if (high != 0 && high != low) {
            if (const std::uint32_t used = p.dispatch(*m_ports, high, payload)) return used;
        }
        return p.tryHeuristics(*m_heuristics, payload);
    }

    const DissectorTable* m_ports = nullptr;
    const HeuristicList* m_heuristics = nullptr;
};

}  // namespace

void registerUdp(Registry& r) {
    auto& udp = r.addProtocol<UdpProtocol>(kUdpFields);
    r.addExperts(udp, kUdpExperts);
    r.addTable("udp.port", "UDP port");
    r.onHandoff([&udp](Registry& registry) {
        udp.connect(registry.table("udp.port"), registry.heuristics("udp"));
        registry.table("ip.proto").add(17, udp);
    });
}

}  // namespace caplens::proto
