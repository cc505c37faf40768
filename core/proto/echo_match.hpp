// echo_match.hpp — pairing echo requests and replies (ICMP, ICMPv6) as Wireshark does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "core/proto/packet.hpp"

namespace caplens::proto {

// Echo requests waiting for their reply, and the replies found, by identifier, sequence number,
// checksum and the two addresses (Wireshark matches within the conversation the same way).
// `Address` is the network address type (IPv4 as an integer, IPv6 as 16 bytes).
template <class Address>
class EchoExchanges final : public ProtocolState {
public:
    struct Key {
        std::uint16_t ident, seq;
        std::uint16_t checksum;  // the request's: Wireshark pairs only a reply with the same data
        Address requester, responder;
        // (libc++ 14, used by Emscripten, has no operator<=> for std::array.)
        bool operator<(const Key& o) const {
            return std::tie(ident, seq, checksum, requester, responder) <
                   std::tie(o.ident, o.seq, o.checksum, o.requester, o.responder);
        }
    };
    struct Exchange {
        std::uint64_t requestFrame = 0;
        TimestampNs requestTime = kNoTimestamp;
        std::uint64_t replyFrame = 0;
    };
    Exchange& at(const Key& key) {
        if (m_exchanges.size() >= kMaxExchanges) m_exchanges.clear();  // bounded; matching is best effort
        return m_exchanges[key];
    }
    Exchange* find(const Key& key) {
        auto it = m_exchanges.find(key);
        return it == m_exchanges.end() ? nullptr : &it->second;
    }

private:
    static constexpr std::size_t kMaxExchanges = 1 << 16;
    std::map<Key, Exchange> m_exchanges;
};

// What the exchanges seen before say about one echo message (remembered per frame).
struct EchoMatch {
    std::uint64_t replyIn = 0;    // on a request: the reply, when already seen
    std::uint64_t requestIn = 0;  // on a reply: its request
    TimestampNs requestTime = kNoTimestamp;
};

// `key` identifies the exchange a request opens; a reply looks up `replyKey` (the request's
// key as the reply sees it).
template <class Address>
EchoMatch matchEcho(EchoExchanges<Address>& state, const Packet& p, bool request,
                    const typename EchoExchanges<Address>::Key& key,
                    const typename EchoExchanges<Address>::Key& replyKey) {
    const std::uint64_t frame = p.frame().number;
    EchoMatch match;
    if (request) {
        auto& exchange = state.at(key);
        if (exchange.requestFrame == 0 || exchange.requestFrame == frame ||
            (exchange.replyFrame != 0 && exchange.replyFrame < frame)) {
            exchange = {frame, p.frame().timestampNs, exchange.requestFrame == frame ? exchange.replyFrame : 0};
        }
        if (exchange.replyFrame > frame) match.replyIn = exchange.replyFrame;
        return match;
    }
    auto* exchange = state.find(replyKey);
    if (exchange == nullptr || exchange->requestFrame == 0 || exchange->requestFrame >= frame) return match;
    if (exchange->replyFrame == 0) exchange->replyFrame = frame;
    match.requestIn = exchange->requestFrame;
    match.requestTime = exchange->requestTime;
    return match;
}

// The generated fields (response_in / response_to / resptime in ms) and the Info suffix.
inline void addEchoMatch(Packet& p, const EchoMatch& match, FieldId responseIn, FieldId responseTo,
                         FieldId responseTime, std::string& info) {
    if (match.replyIn != 0) {
        p.addGenerated(responseIn, FieldValue::ofUnsigned(match.replyIn));
        if (p.wantsColumns()) info += " (reply in " + std::to_string(match.replyIn) + ")";
    }
    if (match.requestIn == 0) return;
    p.addGenerated(responseTo, FieldValue::ofUnsigned(match.requestIn));
    if (match.requestTime != kNoTimestamp && p.frame().timestampNs != kNoTimestamp) {
        p.addGenerated(responseTime,
                       FieldValue::ofDouble(static_cast<double>(p.frame().timestampNs - match.requestTime) / 1e6));
    }
    if (p.wantsColumns()) info += " (request in " + std::to_string(match.requestIn) + ")";
}

}  // namespace caplens::proto
