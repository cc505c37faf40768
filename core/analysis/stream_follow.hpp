// stream_follow.hpp — Follow TCP Stream / Follow UDP Stream (Wireshark's Analyze > Follow,
// `tshark -z follow,tcp|udp,raw,N`): the payload of one conversation in both directions, in
// the order it was sent, one chunk per segment or datagram.
//
// Node 0 is the endpoint that sent the stream's first frame. For TCP, as Wireshark's follow
// tap does, each direction's bytes are put in sequence order: bytes already delivered
// (retransmissions, the old part of an overlapping segment) are dropped, a segment that comes
// after a gap waits until the gap is filled, and one that never is is left out (counted).
//
// Fed every frame of the capture in order (the stream's frames are picked by their tap
// record), dissected with mask() at least.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/filter/display_filter.hpp"
#include "core/io/capture_reader.hpp"
#include "core/proto/packet.hpp"

namespace caplens {

enum class FollowProtocol : std::uint8_t { Tcp, Udp };

struct FollowChunk {
    int node = 0;            // 0: the stream's first sender, 1: the other side
    std::uint64_t frame = 0; // the frame that carried it
    std::vector<std::uint8_t> bytes;
};

struct FollowedStream {
    FollowProtocol protocol = FollowProtocol::Tcp;
    std::uint32_t stream = 0;
    std::array<std::string, 2> nodes;  // "10.0.0.4:50432", "[2001:db8::1]:443"; empty: not seen
    std::array<std::uint64_t, 2> bytes{};
    std::vector<FollowChunk> chunks;
    std::uint64_t missingSegments = 0;  // TCP segments after a gap the capture never filled

    // tshark -z follow,PROTO,raw,N's body: "Node 0: A\nNode 1: B\n" (":0" for a stream never
    // seen, as tshark prints it), then node 0's chunks as hex, node 1's after a tab.
    [[nodiscard]] std::string rawText() const;
    // {"protocol":"tcp","stream":N,"filter":"tcp.stream eq N","nodes":[...],"bytes":[a,b],
    //  "missing_segments":0,"chunks":[{"node":0,"frame":4,"hex":"4745..."}]}
    [[nodiscard]] std::string json() const;
};

// "tcp", "udp"; and back (nullopt for anything else).
[[nodiscard]] const char* followProtocolName(FollowProtocol protocol);
[[nodiscard]] std::optional<FollowProtocol> parseFollowProtocol(std::string_view name);
// Wireshark's filter for the stream: "tcp.stream eq 3".
[[nodiscard]] std::string followFilter(FollowProtocol protocol, std::uint32_t stream);

class StreamFollower {
public:
    StreamFollower(FollowProtocol protocol, std::uint32_t stream);

    // The fields a frame must be dissected with (Filter mode) for onFrame() to see them.
    [[nodiscard]] const proto::FieldMask& mask() const { return m_fields->mask(); }
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet);
    // The stream (segments still waiting for a gap to be filled are only counted).
    [[nodiscard]] FollowedStream finish();

private:
    struct Direction {
        bool haveSeq = false;
        std::uint32_t nextSeq = 0;
        std::map<std::uint32_t, FollowChunk> waiting;  // after a gap, by sequence number (raw)
    };

    void onTcpSegment(int node, std::uint64_t frame, std::uint16_t flags, const proto::Packet& packet);
    // Delivers what of `chunk` (starting at `seq`) is new, then whatever waited for it.
    void deliver(Direction& direction, std::uint32_t seq, FollowChunk chunk);
    void append(FollowChunk chunk);

    std::unique_ptr<filter::DisplayFilter> m_fields;  // compiled for its mask only
    proto::FieldId m_payloadField;
    proto::FieldId m_seqField;
    FollowedStream m_result;
    std::array<std::uint8_t, 19> m_node0{};  // address length, address (16), port (2) of node 0
    bool m_haveNode0 = false;
    std::array<Direction, 2> m_directions;
};

}  // namespace caplens
