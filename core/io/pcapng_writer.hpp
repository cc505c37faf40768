// pcapng_writer.hpp — pcapng output: a little-endian Section Header Block, one Interface
// Description Block per (input interface, link type) the written frames use, each written
// before its first frame, and an Enhanced Packet Block per frame with a 64-bit timestamp in
// its interface's resolution (if_tsresol 9 when the input interface had finer than
// microseconds, else the default microseconds).
#pragma once

#include <string_view>
#include <vector>

#include "core/io/capture_writer.hpp"

namespace caplens {

class PcapngWriter final : public CaptureWriter {
public:
    explicit PcapngWriter(ByteSink sink) : CaptureWriter(std::move(sink)) {}

    [[nodiscard]] CaptureError write(const CapturedFrame& frame, const CaptureMetadata& input) override;
    void finish(const CaptureMetadata& input) override;

private:
    struct OutputInterface {
        std::uint32_t inputId = 0;  // CapturedFrame::interfaceId
        LinkType linkType = linktype::Unknown;
        std::int64_t nsPerUnit = 1000;  // 1000: microseconds, 1: nanoseconds
    };

    void writeSectionHeader(const CaptureMetadata& input);
    // The output interface index of `frame`, writing its IDB the first time.
    std::uint32_t outputInterface(const CapturedFrame& frame, const CaptureMetadata& input);
    // Block type and a length to fill in by endBlock().
    void beginBlock(std::uint32_t type);
    void endBlock();
    // An option with a string value (skipped when empty), padded to 4 bytes.
    void putStringOption(std::uint16_t code, std::string_view text);

    bool m_haveSection = false;
    std::vector<OutputInterface> m_interfaces;
    std::size_t m_lastInterface = 0;  // consecutive frames mostly share one
};

}  // namespace caplens
