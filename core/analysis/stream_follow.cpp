#include "core/analysis/stream_follow.hpp"

#include <algorithm>
#include <cstring>

#include "core/analysis/stats_support.hpp"
#include "core/proto/registry.hpp"
#include "core/util/json_writer.hpp"

namespace caplens {
namespace {

// TCP's comparison of sequence numbers modulo 2^32 (RFC 793).
bool seqBefore(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

constexpr std::uint16_t kSyn = 0x02;

std::string hexOf(const std::vector<std::uint8_t>& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

// The stream's own tap record in this frame, with its addresses (the innermost one; not one
// quoted by ICMP).
std::optional<proto::TapRecord> streamTap(const proto::Packet& packet, proto::TapKind kind, std::uint32_t stream) {
    const FrameTaps taps(packet);
    const proto::TapRecord* found = nullptr;
    for (const proto::TapRecord& tap : taps.all()) {
        if (tap.kind == kind && !tap.inErrorPacket && !tap.portsOnly) found = &tap;
    }
    if (found == nullptr || found->stream != stream) return std::nullopt;
    return *found;
}

// The last occurrence of `field` in the frame (the innermost layer's), or null.
const proto::FieldRecord* lastRecord(const proto::Packet& packet, proto::FieldId field) {
    const proto::FieldRecord* found = nullptr;
    for (const proto::FieldRecord& record : packet.records()) {
        if (record.field == field) found = &record;
    }
    return found;
}

// The frame's source and destination as Wireshark's follow tap sees them (pinfo->src/dst once
// the frame is dissected): the addresses of the last layer that had any, so the inner
// addresses of a tunnel (VXLAN, Teredo) with the stream's own (outer) ports; an Ethernet
// address when the innermost frame has no IP layer.
struct FrameAddresses {
    StatAddress source;
    StatAddress destination;
};

FrameAddresses frameAddresses(const proto::Packet& packet) {
    FrameAddresses out;
    for (const proto::TapRecord& tap : packet.taps()) {
        const bool addressed = tap.kind == proto::TapKind::Ethernet || tap.kind == proto::TapKind::Ipv4 ||
                               tap.kind == proto::TapKind::Ipv6;
        if (!addressed || tap.inErrorPacket || tap.addressLength == 0) continue;
        out.source = tapSource(tap);
        out.destination = tapDestination(tap);
    }
    return out;
}

std::array<std::uint8_t, 19> endpointKey(const StatAddress& address, std::uint16_t port) {
    std::array<std::uint8_t, 19> key{};
    key[0] = address.length;
    std::memcpy(key.data() + 1, address.bytes.data(), 16);
    key[17] = static_cast<std::uint8_t>(port >> 8);
    key[18] = static_cast<std::uint8_t>(port);
    return key;
}

}  // namespace

const char* followProtocolName(FollowProtocol protocol) { return protocol == FollowProtocol::Tcp ? "tcp" : "udp"; }

std::optional<FollowProtocol> parseFollowProtocol(std::string_view name) {
    if (name == "tcp") return FollowProtocol::Tcp;
    if (name == "udp") return FollowProtocol::Udp;
    return std::nullopt;
}

std::string followFilter(FollowProtocol protocol, std::uint32_t stream) {
    return std::string(followProtocolName(protocol)) + ".stream eq " + std::to_string(stream);
}

StreamFollower::StreamFollower(FollowProtocol protocol, std::uint32_t stream) {
    m_result.protocol = protocol;
    m_result.stream = stream;
    const std::string name = followProtocolName(protocol);
    const std::string payload = name + ".payload";
    const std::string seq = protocol == FollowProtocol::Tcp ? "tcp.seq_raw" : "udp.stream";
    // Compiled for its mask only: the frames of the stream are told by their tap record.
    m_fields = std::move(filter::compile(name + ".stream || " + payload + " || " + seq).filter);
    const proto::Registry& registry = proto::registry();
    m_payloadField = registry.findField(payload).value_or(proto::kNoField);
    m_seqField = registry.findField(seq).value_or(proto::kNoField);
}

void StreamFollower::onFrame(const CapturedFrame&, const proto::Packet& packet) {
    const bool tcp = m_result.protocol == FollowProtocol::Tcp;
    const auto tap = streamTap(packet, tcp ? proto::TapKind::Tcp : proto::TapKind::Udp, m_result.stream);
    if (!tap) return;
    const FrameAddresses addresses = frameAddresses(packet);
    const auto key = endpointKey(addresses.source, tap->sourcePort);
    if (!m_haveNode0) {
        m_haveNode0 = true;
        m_node0 = key;
        m_result.nodes[0] = formatEndpoint(addresses.source, tap->sourcePort);
        m_result.nodes[1] = formatEndpoint(addresses.destination, tap->destinationPort);
    }
    const int node = key == m_node0 ? 0 : 1;
    if (tcp) {
        onTcpSegment(node, packet.frame().number, tap->tcpFlags, packet);
        return;
    }
    const proto::FieldRecord* payload = lastRecord(packet, m_payloadField);
    if (payload == nullptr) return;
    const auto bytes = packet.recordBytes(*payload);
    if (bytes.empty()) return;
    append({node, packet.frame().number, {bytes.begin(), bytes.end()}});
}

void StreamFollower::onTcpSegment(int node, std::uint64_t frame, std::uint16_t flags, const proto::Packet& packet) {
    Direction& direction = m_directions[static_cast<std::size_t>(node)];
    const proto::FieldRecord* seq = lastRecord(packet, m_seqField);
    if (seq == nullptr) return;  // cut by the snap length before the sequence number
    const auto seqRaw = static_cast<std::uint32_t>(seq->value.u);
    if ((flags & kSyn) != 0) {
        direction.haveSeq = true;
        direction.nextSeq = seqRaw + 1;  // the SYN takes one sequence number
    }
    const proto::FieldRecord* payload = lastRecord(packet, m_payloadField);
    if (payload == nullptr) return;
    const auto bytes = packet.recordBytes(*payload);
    if (bytes.empty()) return;
    const std::uint32_t start = (flags & kSyn) != 0 ? seqRaw + 1 : seqRaw;
    if (!direction.haveSeq) {
        // Joined after the handshake: the first bytes seen start the direction.
        direction.haveSeq = true;
        direction.nextSeq = start;
    }
    deliver(direction, start, {node, frame, {bytes.begin(), bytes.end()}});
}

void StreamFollower::deliver(Direction& direction, std::uint32_t seq, FollowChunk chunk) {
    if (seqBefore(direction.nextSeq, seq)) {
        // After a gap: waits for the missing bytes (a later copy of the same start replaces it
        // only if longer).
        auto [it, inserted] = direction.waiting.try_emplace(seq, chunk);
        if (!inserted && it->second.bytes.size() < chunk.bytes.size()) it->second = std::move(chunk);
        return;
    }
    const std::uint32_t old = direction.nextSeq - seq;  // bytes already delivered
    if (old >= chunk.bytes.size()) return;
    chunk.bytes.erase(chunk.bytes.begin(), chunk.bytes.begin() + old);
    direction.nextSeq += static_cast<std::uint32_t>(chunk.bytes.size());
    append(std::move(chunk));
    // What waited for these bytes, in sequence order.
    while (!direction.waiting.empty()) {
        auto next = direction.waiting.begin();
        if (seqBefore(direction.nextSeq, next->first)) break;
        const std::uint32_t nextSeq = next->first;
        FollowChunk waiting = std::move(next->second);
        direction.waiting.erase(next);
        deliver(direction, nextSeq, std::move(waiting));
    }
}

void StreamFollower::append(FollowChunk chunk) {
    m_result.bytes[static_cast<std::size_t>(chunk.node)] += chunk.bytes.size();
    m_result.chunks.push_back(std::move(chunk));
}

FollowedStream StreamFollower::finish() {
    // Segments still waiting behind a gap the capture never filled are left out, as tshark
    // 4.0 leaves them out; their count says that bytes are missing.
    for (const Direction& direction : m_directions) m_result.missingSegments += direction.waiting.size();
    return std::move(m_result);
}

std::string FollowedStream::rawText() const {
    std::string out;
    for (int node = 0; node < 2; ++node) {
        const std::string& text = nodes[static_cast<std::size_t>(node)];
        out += "Node " + std::to_string(node) + ": " + (text.empty() ? std::string(":0") : text) + "\n";
    }
    for (const FollowChunk& chunk : chunks) {
        if (chunk.node == 1) out += '\t';
        out += hexOf(chunk.bytes);
        out += '\n';
    }
    return out;
}

std::string FollowedStream::json() const {
    JsonWriter w;
    w.beginObject();
    w.key("protocol").value(followProtocolName(protocol));
    w.key("stream").value(static_cast<std::uint64_t>(stream));
    w.key("filter").value(followFilter(protocol, stream));
    w.key("nodes").beginArray().value(nodes[0]).value(nodes[1]).endArray();
    w.key("bytes").beginArray().value(bytes[0]).value(bytes[1]).endArray();
    w.key("missing_segments").value(missingSegments);
    w.key("chunks").beginArray();
    for (const FollowChunk& chunk : chunks) {
        w.beginObject();
        w.key("node").value(chunk.node);
        w.key("frame").value(chunk.frame);
        w.key("hex").value(hexOf(chunk.bytes));
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();
}

}  // namespace caplens
