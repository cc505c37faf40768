// conversations.hpp — Statistics > Conversations, as tshark's `-z conv,eth|ip|ipv6|tcp|udp`:
// per pair of endpoints, frames and bytes each way, when the conversation started relative to
// the capture's first frame, and how long it lasted.
//
// Wireshark's semantics (epan/conversation_table.c, 4.0): endpoint A is the source of the
// conversation's first frame; "A -> B" counts frames from A, "B -> A" the others; TCP and UDP
// conversations are also told apart by their stream index (port reuse opens a new one); bytes
// are frame lengths (frame.len). Each addressed layer of a frame counts, so a tunnelled frame
// counts in its outer and its inner IP conversation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analysis/stats_support.hpp"
#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

enum class ConversationType : std::uint8_t { Ethernet, Ipv4, Ipv6, Tcp, Udp };

// "eth", "ip", "ipv6", "tcp", "udp" (tshark's -z names) and back.
[[nodiscard]] std::string_view conversationTypeName(ConversationType type);
[[nodiscard]] std::optional<ConversationType> parseConversationType(std::string_view name);
// "Ethernet", "IPv4", "IPv6", "TCP", "UDP" (the titles tshark prints).
[[nodiscard]] std::string_view conversationTypeTitle(ConversationType type);
[[nodiscard]] inline bool hasPorts(ConversationType type) {
    return type == ConversationType::Tcp || type == ConversationType::Udp;
}
// Whether `tap` is a layer of `type`.
[[nodiscard]] bool tapIsOfType(const proto::TapRecord& tap, ConversationType type);

struct ConversationEnd {
    StatAddress address;
    std::uint16_t port = 0;  // TCP and UDP
};

struct Conversation {
    ConversationEnd a;  // the source of the first frame
    ConversationEnd b;
    std::uint32_t stream = 0;  // tcp.stream / udp.stream (TCP and UDP)
    std::uint64_t framesAToB = 0;
    std::uint64_t bytesAToB = 0;
    std::uint64_t framesBToA = 0;
    std::uint64_t bytesBToA = 0;
    std::int64_t startNs = 0;  // first frame, since the capture's first frame
    std::int64_t stopNs = 0;   // last frame

    [[nodiscard]] std::uint64_t frames() const { return framesAToB + framesBToA; }
    [[nodiscard]] std::uint64_t bytes() const { return bytesAToB + bytesBToA; }
};

class Conversations {
public:
    explicit Conversations(ConversationType type) : m_type(type) {}

    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) { onFrame(frame, packet, FrameTaps(packet)); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet, const FrameTaps& taps);

    [[nodiscard]] ConversationType type() const { return m_type; }
    // In order of first appearance.
    [[nodiscard]] const std::vector<Conversation>& all() const { return m_conversations; }
    // tshark's order: by total frames, descending; ties in order of first appearance.
    [[nodiscard]] std::vector<const Conversation*> sorted() const;

    // tshark's table ("<No Filter>" when `filter` is empty).
    [[nodiscard]] std::string text(std::string_view filter) const;
    // {"type":"tcp","conversations":[{"a":"10.0.0.4:50432","b":"10.0.0.5:443","frames_a_to_b":N,
    //  "bytes_a_to_b":N,"frames_b_to_a":N,"bytes_b_to_a":N,"frames":N,"bytes":N,"rel_start_s":..,
    //  "duration_s":..,"stream":N,"filter":".."}]}  ("stream" only for TCP and UDP)
    [[nodiscard]] std::string json() const;
    // The display filter selecting a conversation's frames ("ip.addr==a && ip.addr==b" ...).
    [[nodiscard]] std::string filterFor(const Conversation& c) const;
    // "10.0.0.4:50432", "[2001:db8::1]:443", "10.0.0.4", "00:1b:21:3c:9d:f8".
    [[nodiscard]] std::string endText(const ConversationEnd& end) const;

private:
    struct Key {
        ConversationEnd low, high;  // ordered, so both directions share the key
        std::uint32_t stream = 0;
        bool operator==(const Key& o) const {
            return low.address == o.low.address && low.port == o.low.port && high.address == o.high.address &&
                   high.port == o.high.port && stream == o.stream;
        }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const;
    };
    void add(const ConversationEnd& source, const ConversationEnd& destination, std::uint32_t stream,
             std::uint32_t length, std::int64_t timeNs);

    ConversationType m_type;
    std::vector<Conversation> m_conversations;
    std::unordered_map<Key, std::size_t, KeyHash> m_index;
};

}  // namespace caplens
