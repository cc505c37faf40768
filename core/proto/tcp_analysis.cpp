#include "core/proto/tcp_analysis.hpp"

#include <algorithm>

namespace caplens::proto {
namespace {

// Wireshark stops remembering unacknowledged segments past this many (ACKs not captured).
constexpr std::size_t kMaxUnackedSegments = 10000;
// A retransmission within this long of the reverse direction's duplicate ACKs is "fast".
constexpr std::int64_t kFastRetransmissionWindowNs = 20'000'000;
// Without a handshake RTT, segments this close to the highest one are "out of order".
constexpr std::int64_t kDefaultOutOfOrderWindowNs = 3'000'000;

bool seqGreater(std::uint32_t a, std::uint32_t b) { return seqLess(b, a); }

struct Context {
    TcpStream& stream;
    TcpDirection& fwd;
    TcpDirection& rev;
    const TcpSegmentFacts& s;
    TcpAnalysisResult& out;
    bool controlFlags() const { return (s.flags & (kTcpSyn | kTcpFin | kTcpRst)) != 0; }
};

// Relative numbers start at 0 with the SYN, or at 1 when the SYN was not captured; the other
// side's base comes from the first ACK when its own first segment has not been seen.
void setBases(Context& c) {
    if (!c.fwd.baseSet) {
        c.fwd.baseSet = true;
        c.fwd.baseSeq = (c.s.flags & kTcpSyn) ? c.s.seq : c.s.seq - 1;
    }
    if (!c.rev.baseSet && (c.s.flags & kTcpAck)) {
        c.rev.baseSet = true;
        c.rev.baseSeq = c.s.ack - 1;
    }
    if (c.s.flags & kTcpAck) c.rev.validBytesInFlight = true;
}

// The window the reverse direction advertised, scaled as far as is known.
std::uint64_t reverseWindowBytes(const TcpDirection& rev) {
    const int shift = rev.windowScale >= 0 ? rev.windowScale : 0;
    return static_cast<std::uint64_t>(rev.window) << shift;
}

// Conditions read from this segment alone and the state before it. The zero-window probe and
// the keep-alive / probe ACKs end these checks early, as in Wireshark.
void classifyControl(Context& c) {
    const TcpSegmentFacts& s = c.s;
    if (s.length == 1 && s.seq == c.fwd.nextSeq && c.rev.window == 0) {
        c.out.flags |= kTcpZeroWindowProbe;
        return;
    }
    if (s.window == 0 && !c.controlFlags()) c.out.flags |= kTcpZeroWindow;
    if (c.fwd.nextSeq != 0 && seqGreater(s.seq, c.fwd.nextSeq) && !(s.flags & kTcpRst)) {
        c.out.flags |= kTcpLostSegment;
        c.fwd.validBytesInFlight = false;
    }
    if (s.length <= 1 && s.seq == c.fwd.nextSeq - 1 && !c.controlFlags()) c.out.flags |= kTcpKeepAlive;

    const bool sameAsBefore = s.length == 0 && s.seq == c.fwd.nextSeq && s.ack == c.fwd.lastAck && !c.controlFlags();
    if (sameAsBefore && s.window != 0 && s.window != c.fwd.window) c.out.flags |= kTcpWindowUpdate;
    if (s.length > 0 && c.rev.windowScale != -1 && !c.controlFlags() &&
        static_cast<std::uint32_t>(s.seq + s.length) ==
            static_cast<std::uint32_t>(c.rev.lastAck + reverseWindowBytes(c.rev))) {
        c.out.flags |= kTcpWindowFull;
    }
    if (sameAsBefore && s.window != 0 && s.window == c.fwd.window && (c.rev.lastSegmentFlags & kTcpKeepAlive)) {
        c.out.flags |= kTcpKeepAliveAck;
        return;
    }
    if (sameAsBefore && s.window == 0 && c.fwd.window == 0 && (c.rev.lastSegmentFlags & kTcpZeroWindowProbe)) {
        c.out.flags |= kTcpZeroWindowProbeAck;
        return;
    }
    if (sameAsBefore && s.window != 0 && s.window == c.fwd.window) {
        c.fwd.dupAckNumber = c.fwd.dupAckNumber == -1 ? 1 : c.fwd.dupAckNumber + 1;
        c.out.flags |= kTcpDuplicateAck;
        c.out.duplicateAckNumber = static_cast<std::uint32_t>(c.fwd.dupAckNumber);
        c.out.duplicateAckFrame = c.fwd.lastNonDupAck;
    }
}

// An ACK beyond everything seen in the other direction: segments went by uncaptured. (The
// bound then moves to the highest sequence seen, so an ACK further on raises it again.)
void checkAckedLost(Context& c) {
    if (c.rev.maxSeqToBeAcked == 0 || !seqGreater(c.s.ack, c.rev.maxSeqToBeAcked) || !(c.s.flags & kTcpAck)) return;
    c.out.hasAnalysis = true;
    c.out.flags |= kTcpAckLostSegment;
    c.rev.maxSeqToBeAcked = c.rev.nextSeq;
}

// A segment with data (or SYN/FIN) that does not advance the sequence number is a
// retransmission of some kind.
void classifyRetransmission(Context& c) {
    const TcpSegmentFacts& s = c.s;
    if (s.length == 0 && !(s.flags & (kTcpSyn | kTcpFin))) return;
    if (c.out.flags & kTcpKeepAlive) return;
    bool notAdvanced = c.fwd.nextSeq != 0 && seqLess(s.seq, c.fwd.nextSeq);
    // New data right after a zero-window probe's byte is not a retransmission.
    if (s.length > 1 && c.fwd.nextSeq - 1 == s.seq) notAdvanced = false;

    if (s.length > 0 && c.rev.lastAck != 0 && seqLessEqual(s.seq + s.length, c.rev.lastAck)) {
        c.out.flags |= kTcpSpuriousRetransmission;
        return;
    }
    if (notAdvanced && c.rev.dupAckNumber >= 2 && c.rev.lastAck == s.seq &&
        s.time - c.rev.lastAckTime < kFastRetransmissionWindowNs) {
        c.out.flags |= kTcpFastRetransmission;
        return;
    }
    const std::int64_t outOfOrderWindow =
        c.stream.initialRttNs && *c.stream.initialRttNs > 0 ? *c.stream.initialRttNs : kDefaultOutOfOrderWindowNs;
    const std::uint32_t end = s.seq + s.length + ((s.flags & (kTcpSyn | kTcpFin)) ? 1u : 0u);
    if (notAdvanced && s.time - c.fwd.nextSeqTime < outOfOrderWindow && c.fwd.nextSeq != end) {
        c.out.flags |= kTcpOutOfOrder;
        return;
    }
    if (notAdvanced) c.out.flags |= kTcpRetransmission;
}

void rememberSegment(Context& c) {
    const TcpSegmentFacts& s = c.s;
    std::uint32_t nextSeq = s.seq + s.length;
    if ((s.length > 0 || (s.flags & (kTcpSyn | kTcpFin))) && c.fwd.unacked.size() < kMaxUnackedSegments) {
        if (s.flags & (kTcpSyn | kTcpFin)) ++nextSeq;
        c.fwd.unacked.push_front({s.frame, s.seq, nextSeq, s.time});
    }
    const bool probe = (c.out.flags & kTcpZeroWindowProbe) != 0;
    if ((seqGreater(nextSeq, c.fwd.nextSeq) || c.fwd.nextSeq == 0) && !probe) {
        c.fwd.nextSeq = nextSeq;
        c.fwd.nextSeqFrame = s.frame;
        c.fwd.nextSeqTime = s.time;
    }
    if ((s.seq == c.fwd.maxSeqToBeAcked || c.fwd.maxSeqToBeAcked == 0) && !probe) {
        c.fwd.maxSeqToBeAcked = c.fwd.nextSeq;
    }
    c.fwd.window = s.window;
    c.fwd.lastAck = s.ack;
    c.fwd.lastAckTime = s.time;
    c.fwd.lastSegmentFlags = c.out.flags;
    c.fwd.sackCount = s.sackCount;
    for (int i = 0; i < s.sackCount && i < 4; ++i) {
        c.fwd.sackLeft[i] = s.sackLeft[i];
        c.fwd.sackRight[i] = s.sackRight[i];
    }
}

// Segments of the other direction this ACK covers: the oldest exact match gives the RTT.
void acknowledge(Context& c) {
    auto& list = c.rev.unacked;
    for (auto it = list.begin(); it != list.end();) {
        if (c.s.ack == it->nextSeq) {
            c.out.ackedFrame = it->frame;
            c.out.ackRttNs = c.s.time - it->time;
        } else if (seqGreater(it->nextSeq, c.s.ack)) {
            ++it;
            continue;
        }
        it = list.erase(it);
    }
}

void measureFlight(Context& c) {
    const TcpSegmentFacts& s = c.s;
    if (s.length == 0 || c.fwd.unacked.empty() || !c.fwd.validBytesInFlight) return;
    c.out.hasAnalysis = true;
    std::uint32_t first = c.fwd.unacked.front().seq - c.fwd.baseSeq;
    std::uint32_t last = c.fwd.unacked.front().nextSeq - c.fwd.baseSeq;
    for (const auto& segment : c.fwd.unacked) {
        last = std::max(last, segment.nextSeq - c.fwd.baseSeq);
        first = std::min(first, segment.seq - c.fwd.baseSeq);
    }
    std::uint32_t inFlight = last - first;
    for (int i = 0; i < c.rev.sackCount && i < 4; ++i) inFlight -= c.rev.sackRight[i] - c.rev.sackLeft[i];
    if (inFlight > 0 && inFlight < 2'000'000'000u) {
        c.out.bytesInFlight = inFlight - ((s.flags & (kTcpSyn | kTcpFin)) ? 1u : 0u);
    }
    const bool push = (s.flags & kTcpPsh) != 0;
    if (push == c.fwd.pushSetLast && !push) {
        c.fwd.pushBytesSent += s.length;
    } else if (!push || c.fwd.pushSetLast) {
        c.fwd.pushBytesSent = s.length;
    } else {
        c.fwd.pushBytesSent += s.length;
    }
    c.fwd.pushSetLast = push;
    c.out.pushBytesSent = c.fwd.pushBytesSent;
}

}  // namespace

TcpAnalysisResult analyzeSegment(TcpStream& stream, int direction, const TcpSegmentFacts& segment) {
    TcpAnalysisResult out;
    Context c{stream, stream.directions[direction], stream.directions[1 - direction], segment, out};
    setBases(c);
    classifyControl(c);
    // A new acknowledgment number restarts the count of duplicate ACKs.
    if (c.s.ack != c.fwd.lastAck) {
        c.fwd.lastNonDupAck = c.s.frame;
        c.fwd.dupAckNumber = 0;
    }
    checkAckedLost(c);
    classifyRetransmission(c);
    rememberSegment(c);
    acknowledge(c);
    measureFlight(c);
    if (out.flags != 0 || out.ackedFrame != 0) out.hasAnalysis = true;
    return out;
}

}  // namespace caplens::proto
