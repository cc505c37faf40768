#include "core/analysis/capture_properties.hpp"

#include <algorithm>

namespace caplens {

std::optional<double> CaptureProperties::durationSeconds() const {
    if (!start || !end) return std::nullopt;
    return static_cast<double>(*end - *start) / 1e9;
}

LinkType reportedEncapsulation(const CapturedFrame& frame) {
    // Wireshark wraps a commented NetMon frame in its own encapsulation, whose dissector shows
    // the comment and then hands the bytes on to the frame's real link type.
    if ((frame.flags & kFrameHasNetmonComment) != 0) return linktype::NetmonHeader;
    return frame.linkType;
}

void CapturePropertiesCollector::onFrame(const CapturedFrame& frame) {
    CaptureProperties& r = m_result;
    if (r.frames == 0) {
        r.minCapturedLength = frame.capturedLength;
        r.maxCapturedLength = frame.capturedLength;
    } else {
        r.minCapturedLength = std::min(r.minCapturedLength, frame.capturedLength);
        r.maxCapturedLength = std::max(r.maxCapturedLength, frame.capturedLength);
    }
    ++r.frames;
    r.bytes += frame.originalLength;
    r.capturedBytes += frame.capturedLength;
    if (frame.cutBySnapLength()) ++r.truncatedFrames;

    if (!frame.hasTimestamp()) ++r.framesWithoutTimestamp;
    if (frame.hasTimestamp()) {
        const TimestampNs t = frame.timestampNs;
        r.start = r.start ? std::min(*r.start, t) : t;
        r.end = r.end ? std::max(*r.end, t) : t;
        if (m_previous && t < *m_previous) r.strictTimeOrder = false;
        m_previous = t;
    }

    const LinkType encapsulation = reportedEncapsulation(frame);
    auto it = std::find_if(r.encapsulations.begin(), r.encapsulations.end(),
                           [&](const EncapsulationCount& e) { return e.linkType == encapsulation; });
    if (it == r.encapsulations.end()) {
        r.encapsulations.push_back({encapsulation, 1});
    } else {
        ++it->frames;
    }
}

}  // namespace caplens
