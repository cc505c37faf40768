// decoding_sink.hpp — a FrameSink that dissects every frame in order and hands each decoded
// packet to a command; with a display filter (-Y) only the frames that pass it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "core/filter/display_filter.hpp"
#include "core/io/capture_reader.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens::cli {

class DecodingSink final : public FrameSink {
public:
    using Handler = std::function<void(const CapturedFrame&, proto::Packet&)>;

    // With `filter`, frames the command would decode Fast are decoded in Filter mode with the
    // filter's fields (Wireshark's "interesting fields"), Tree stays Tree; frames that do not
    // pass are not handed on. Every frame is still dissected: protocols keep state across
    // frames (TCP streams, reassembly), as tshark's single pass does.
    DecodingSink(proto::DissectionMode mode, bool columns, Handler handler,
                 const filter::DisplayFilter* filter = nullptr)
        : m_mode(mode), m_columns(columns), m_handler(std::move(handler)), m_filter(filter) {
        if (m_filter != nullptr && m_mode == proto::DissectionMode::Fast) m_mode = proto::DissectionMode::Filter;
    }

    void onFrame(const CapturedFrame& frame) override {
        const proto::FieldMask* wanted =
            m_mode == proto::DissectionMode::Filter && m_filter != nullptr ? &m_filter->mask() : nullptr;
        proto::Packet& packet = m_decoder.decode(frame, m_mode, wanted, m_columns);
        if (m_filter != nullptr && !m_filter->matches(packet)) return;
        ++m_passed;
        m_handler(frame, packet);
    }

    // Frames handed on so far.
    [[nodiscard]] std::uint64_t framesPassed() const { return m_passed; }

private:
    proto::FrameDecoder m_decoder;
    proto::DissectionMode m_mode;
    bool m_columns;
    Handler m_handler;
    const filter::DisplayFilter* m_filter;
    std::uint64_t m_passed = 0;
};

// The display filter of a command's -Y option: null when there is none (or it is empty). On a
// bad filter prints "caplens: filter error at column C: message" and sets `exitCode` to
// kExitUsage (2).
[[nodiscard]] inline std::unique_ptr<filter::DisplayFilter> displayFilterOption(const Arguments& args, int& exitCode) {
    exitCode = kExitOk;
    const std::optional<std::string> text = args.option("-Y");
    if (!text || text->empty()) return nullptr;
    filter::CompileResult compiled = filter::compile(*text);
    if (!compiled) {
        std::fprintf(stderr, "caplens: filter error at column %u: %s\n", compiled.error.column,
                     compiled.error.message.c_str());
        exitCode = kExitUsage;
        return nullptr;
    }
    return std::move(compiled.filter);
}

}  // namespace caplens::cli
