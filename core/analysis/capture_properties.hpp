// capture_properties.hpp — Statistics > Capture File Properties: counts, sizes and times of
// the frames read, accumulated frame by frame (what capinfos prints).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/io/captured_frame.hpp"

namespace caplens {

struct EncapsulationCount {
    LinkType linkType = linktype::Unknown;
    std::uint64_t frames = 0;
};

struct CaptureProperties {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;            // sum of original lengths (capinfos' "Data size")
    std::uint64_t capturedBytes = 0;    // sum of captured lengths
    std::uint64_t truncatedFrames = 0;  // captured length < original length
    std::uint64_t framesWithoutTimestamp = 0;  // pcapng Simple Packet Blocks
    std::optional<TimestampNs> start;   // earliest timestamp (of the frames that have one)
    std::optional<TimestampNs> end;     // latest timestamp (of the frames that have one)
    std::uint32_t minCapturedLength = 0;
    std::uint32_t maxCapturedLength = 0;
    bool strictTimeOrder = true;        // every timestamp >= the previous one
    // In order of first appearance, counted as Wireshark counts them: a NetMon frame with a
    // comment counts as linktype::NetmonHeader.
    std::vector<EncapsulationCount> encapsulations;

    [[nodiscard]] std::optional<double> durationSeconds() const;
    // capinfos prints times only when every frame has one (and there is a frame).
    [[nodiscard]] bool everyFrameHasTimestamp() const { return frames > 0 && framesWithoutTimestamp == 0; }
};

// The encapsulation Wireshark reports for `frame` (capinfos' "Encapsulation in use").
[[nodiscard]] LinkType reportedEncapsulation(const CapturedFrame& frame);

class CapturePropertiesCollector {
public:
    void onFrame(const CapturedFrame& frame);
    [[nodiscard]] const CaptureProperties& result() const { return m_result; }

private:
    CaptureProperties m_result;
    std::optional<TimestampNs> m_previous;
};

}  // namespace caplens
