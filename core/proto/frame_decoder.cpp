#include "core/proto/frame_decoder.hpp"

#include "core/proto/protocols.hpp"

namespace caplens::proto {

FrameDecoder::FrameDecoder(const Registry& registry)
    : m_registry(registry),
      m_state(registry),
      m_packet(registry, m_state),
      m_aloneState(registry),
      m_alonePacket(registry, m_aloneState),
      m_frame(registry.findProtocol("frame")) {}

Packet& FrameDecoder::decode(const CapturedFrame& frame, DissectionMode mode, const FieldMask* wanted, bool columns) {
    FrameInfo info;
    info.number = ++m_count;
    info.timestampNs = frame.timestampNs;
    info.capturedLength = frame.capturedLength;
    info.originalLength = frame.originalLength;
    info.linkType = frame.linkType;
    info.interfaceId = frame.interfaceId;
    info.flags = frame.flags;
    // A frame without a timestamp counts as time 0 (Wireshark zeroes its abs_ts): the first
    // frame is the reference whether it has one or not.
    const TimestampNs time = frame.hasTimestamp() ? frame.timestampNs : 0;
    if (!m_first) m_first = time;
    info.sinceFirstNs = time - *m_first;
    info.sincePreviousNs = m_previous ? time - *m_previous : 0;
    m_previous = time;
    m_packet.reset(info, frame.data, mode, wanted, columns);
    if (m_frame != nullptr) {
        m_frame->dissect(m_packet, m_packet.frameView());
        addFrameProtocolsField(*m_frame, m_packet);
    }
    return m_packet;
}

Packet& FrameDecoder::decodeAlone(const CapturedFrame& frame, const FrameInfo& info, const FrameReplay& replay,
                                  DissectionMode mode, const FieldMask* wanted, bool columns) {
    m_aloneState.clear();
    m_alonePacket.reset(info, frame.data, mode, wanted, columns);
    m_alonePacket.setReplay(&replay);
    if (m_frame != nullptr) {
        m_frame->dissect(m_alonePacket, m_alonePacket.frameView());
        addFrameProtocolsField(*m_frame, m_alonePacket);
    }
    m_alonePacket.setReplay(nullptr);
    return m_alonePacket;
}

}  // namespace caplens::proto
