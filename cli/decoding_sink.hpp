// decoding_sink.hpp — a FrameSink that dissects every frame in order and hands each decoded
// packet to a command.
#pragma once

#include <functional>

#include "core/io/capture_reader.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens::cli {

class DecodingSink final : public FrameSink {
public:
    using Handler = std::function<void(const CapturedFrame&, proto::Packet&)>;

    DecodingSink(proto::DissectionMode mode, bool columns, Handler handler)
        : m_mode(mode), m_columns(columns), m_handler(std::move(handler)) {}

    void onFrame(const CapturedFrame& frame) override {
        proto::Packet& packet = m_decoder.decode(frame, m_mode, nullptr, m_columns);
        m_handler(frame, packet);
    }

private:
    proto::FrameDecoder m_decoder;
    proto::DissectionMode m_mode;
    bool m_columns;
    Handler m_handler;
};

}  // namespace caplens::cli
