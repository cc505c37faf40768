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

    [[nodiscard]] std::uint64_t framesDecoded() const { return m_count; }
    [[nodiscard]] const Registry& registry() const { return m_registry; }

private:
    const Registry& m_registry;
    DissectionState m_state;
    Packet m_packet;
    const Dissector* m_frame;
    std::uint64_t m_count = 0;
    std::optional<TimestampNs> m_first;
    std::optional<TimestampNs> m_previous;
};

}  // namespace caplens::proto
