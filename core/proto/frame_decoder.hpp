// frame_decoder.hpp — dissects the frames of one capture, in capture order.
//
// Protocols keep state across frames (TCP streams, reassembly, IP fragments), so a capture is
// always decoded from its first frame on: once when it is opened (Fast), again for each
// filter pass (Filter). One decoder per pass.
#pragma once

#include <cstdint>
#include <optional>

#include "core/io/captured_frame.hpp"
#include "core/proto/packet.hpp"
#include "core/proto/registry.hpp"

namespace caplens::proto {

class FrameDecoder {
public:
    explicit FrameDecoder(const Registry& registry = proto::registry());
    FrameDecoder(const FrameDecoder&) = delete;
    FrameDecoder& operator=(const FrameDecoder&) = delete;

    // Dissects the next frame. The returned packet is valid until the next call.
    Packet& decode(const CapturedFrame& frame, DissectionMode mode = DissectionMode::Fast,
                   const FieldMask* wanted = nullptr, bool columns = false);

    // Dissects one frame on its own, out of order, with what the first pass recorded about it
    // (`info` carries its number and times; `replay` its facts): the packet list and the
    // details pane use this. Does not disturb the in-order state.
    Packet& decodeAlone(const CapturedFrame& frame, const FrameInfo& info, const FrameReplay& replay,
                        DissectionMode mode, const FieldMask* wanted = nullptr, bool columns = false);

    [[nodiscard]] std::uint64_t framesDecoded() const { return m_count; }
    [[nodiscard]] const Registry& registry() const { return m_registry; }

private:
    const Registry& m_registry;
    DissectionState m_state;
    Packet m_packet;
    // Out-of-order frames get a state of their own, so the in-order one stays exact.
    DissectionState m_aloneState;
    Packet m_alonePacket;
    const Dissector* m_frame;
    std::uint64_t m_count = 0;
    std::optional<TimestampNs> m_first;
    std::optional<TimestampNs> m_previous;
};

}  // namespace caplens::proto
