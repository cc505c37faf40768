// echo_match.hpp — pairing echo requests and replies (ICMP, ICMPv6) as Wireshark does.
#pragma once

#include <cstdint>
#include <string>

#include "core/proto/packet.hpp"

namespace caplens::proto {

// What the exchanges seen before say about one echo message (remembered per frame).
struct EchoMatch {
    std::uint64_t replyIn = 0;    // on a request: the reply, when already seen
    std::uint64_t requestIn = 0;  // on a reply: its request
    TimestampNs requestTime = kNoTimestamp;
};

// `state` keeps Exchange{requestFrame, requestTime, replyFrame} by key, with at() and find().
// `key` identifies the exchange a request opens; a reply looks up `replyKey` (the request's
// key as the reply sees it).
template <class State, class Key>
EchoMatch matchEcho(State& state, const Packet& p, bool request, const Key& key, const Key& replyKey) {
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
