#include "core/analysis/capture_statistics.hpp"

#include "core/util/json_writer.hpp"

namespace caplens {

CaptureStatistics::CaptureStatistics(std::int64_t ioIntervalNs)
    : m_conversations{Conversations(ConversationType::Ethernet), Conversations(ConversationType::Ipv4),
                      Conversations(ConversationType::Ipv6), Conversations(ConversationType::Tcp),
                      Conversations(ConversationType::Udp)},
      m_endpoints{Endpoints(ConversationType::Ethernet), Endpoints(ConversationType::Ipv4),
                  Endpoints(ConversationType::Ipv6), Endpoints(ConversationType::Tcp), Endpoints(ConversationType::Udp)},
      m_io(ioIntervalNs) {}

void CaptureStatistics::onFrame(const CapturedFrame& frame, const proto::Packet& packet) {
    const FrameTaps taps(packet);
    m_properties.onFrame(frame);
    m_handshakes.onFrame(frame, packet, taps);
    for (auto& c : m_conversations) c.onFrame(frame, packet, taps);
    for (auto& e : m_endpoints) e.onFrame(frame, packet, taps);
    m_dests4.onFrame(frame, packet, taps);
    m_dests6.onFrame(frame, packet, taps);
    m_hosts4.onFrame(frame, packet, taps);
    m_hosts6.onFrame(frame, packet, taps);
    m_ptype4.onFrame(frame, packet, taps);
    m_ptype6.onFrame(frame, packet, taps);
    m_lengths.onFrame(frame, packet);
    m_io.onFrame(frame, packet);
    m_expert.onFrame(frame, packet);
}

void CaptureStatistics::finish() { m_handshakes.finish(); }

std::string CaptureStatistics::json() const {
    const CaptureProperties& p = properties();
    JsonWriter w;
    w.beginObject();
    w.key("capture").beginObject();
    w.key("frames").value(p.frames);
    w.key("bytes").value(p.bytes);
    w.key("captured_bytes").value(p.capturedBytes);
    w.key("truncated_frames").value(p.truncatedFrames);
    const auto duration = p.durationSeconds();
    w.key("duration_s").value(duration);
    const bool rates = duration && *duration > 0;
    w.key("data_byte_rate");
    rates ? w.value(static_cast<double>(p.bytes) / *duration) : w.null();
    w.key("data_bit_rate");
    rates ? w.value(static_cast<double>(p.bytes) * 8 / *duration) : w.null();
    w.key("average_packet_size");
    p.frames ? w.value(static_cast<double>(p.bytes) / static_cast<double>(p.frames)) : w.null();
    w.key("average_packet_rate");
    rates ? w.value(static_cast<double>(p.frames) / *duration) : w.null();
    w.endObject();
    w.key("rtt").raw(m_handshakes.json());
    w.key("conversations").beginObject();
    for (const auto type : kConversationTypes) w.key(conversationTypeName(type)).raw(conversations(type).json());
    w.endObject();
    w.key("endpoints").beginObject();
    for (const auto type : kConversationTypes) w.key(conversationTypeName(type)).raw(endpoints(type).json());
    w.endObject();
    w.key("destinations").beginArray();
    m_dests4.appendDestinationsJson(w);
    m_dests6.appendDestinationsJson(w);
    w.endArray();
    w.key("trees").beginObject();
    const std::pair<const char*, const StatsTree*> trees[] = {
        {"dests", &m_dests4.tree()},  {"ipv6_dests", &m_dests6.tree()}, {"ip_hosts", &m_hosts4.tree()},
        {"ipv6_hosts", &m_hosts6.tree()}, {"ptype", &m_ptype4.tree()}, {"ipv6_ptype", &m_ptype6.tree()},
        {"plen", &m_lengths.tree()}};
    for (const auto& [name, tree] : trees) {
        w.key(name);
        tree->writeJson(w);
    }
    w.endObject();
    w.key("iograph").raw(m_io.json());
    w.key("expert").raw(m_expert.json());
    w.endObject();
    return w.take();
}

}  // namespace caplens
