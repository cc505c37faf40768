// frame_facts.hpp — what a frame's dissection took from the frames before it.
//
// The first pass over a capture dissects every frame in order, and some results depend on
// earlier frames: the TCP stream number, relative sequence numbers, the SEQ/ACK analysis,
// whether the payload was handed on or was a piece of a PDU reassembled later. Those facts are
// kept per frame (compactly, in the capture's frame index) so that one frame can later be
// dissected on its own — for the packet list or the details pane — with the same result,
// without dissecting the capture again from the start (Wireshark's per-packet data).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/proto/tcp_analysis_result.hpp"

namespace caplens::proto {

// What TCP did with a segment's payload in the first pass.
enum class TcpPayloadRole : std::uint8_t {
    None,            // no payload
    HandedOn,        // given to the protocol above as it is
    AlreadySeen,     // retransmitted bytes: not dissected again
    ContinuesPdu,    // a piece of a PDU that is completed by a later segment
    CompletesPdu,    // completes a PDU begun in earlier segments (then hands on the rest)
};

// A piece of a reassembled PDU: `length` bytes of `frame` at byte `offset` of the frame.
struct PduPiece {
    std::uint64_t frame = 0;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
};

struct TcpFrameFacts {
    std::uint32_t stream = 0;
    bool forward = true;               // travels like the stream's first segment
    std::uint32_t baseSeq = 0;         // this direction's base (relative seq = seq - baseSeq)
    bool reverseBaseSet = false;
    std::uint32_t reverseBaseSeq = 0;  // the other direction's (relative ack = ack - this)
    std::int8_t windowScale = -1;      // -1 unknown, -2 none, else the shift
    std::optional<std::int64_t> initialRttNs;
    std::uint16_t serverPort = 0;
    std::uint16_t conversationProtocol = 0xFFFF;  // a protocol that claimed the stream (ProtocolId)
    TcpAnalysisResult analysis;
    TcpPayloadRole role = TcpPayloadRole::None;
    std::uint32_t alreadySeen = 0;     // leading payload bytes that were retransmitted
    // CompletesPdu: the earlier pieces (this segment's own part last), and how many bytes of
    // this segment's (new) payload end the PDU.
    // Empty when a piece did not lie in the frame's own bytes (TCP inside a reassembled IP
    // datagram): such a PDU cannot be rebuilt from frames alone.
    std::vector<PduPiece> pieces;
    std::uint32_t pduTail = 0;
};

struct UdpFrameFacts {
    std::uint32_t stream = 0;
    std::uint16_t conversationProtocol = 0xFFFF;
};

// A value a protocol derived from earlier frames (Wireshark's per-packet data), e.g. the
// frame of the DNS query a response answers: recorded in the first pass, handed back when the
// frame is dissected alone. Notes of one protocol and kind are consumed in recording order.
struct PacketNote {
    std::uint16_t protocol = 0;  // ProtocolId
    std::uint8_t kind = 0;       // the protocol's own numbering
    std::vector<std::uint8_t> bytes;  // a trivially copyable value ...
    std::shared_ptr<const void> object;  // ... or a copy of a protocol's state
};

struct FrameFacts {
    std::vector<PacketNote> notes;
    bool hasTcp = false;
    TcpFrameFacts tcp;                  // of the frame's innermost TCP segment
    bool hasUdp = false;
    UdpFrameFacts udp;                  // of the frame's innermost UDP datagram
};

// For dissecting one frame on its own: the facts recorded in the first pass, and the bytes of
// the PDU the frame completes (read from the frames of `tcp.pieces`, in order).
struct FrameReplay {
    const FrameFacts* facts = nullptr;
    std::span<const std::uint8_t> reassembledPdu;
};

}  // namespace caplens::proto
