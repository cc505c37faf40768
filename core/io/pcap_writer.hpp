// pcap_writer.hpp — classic libpcap output: little-endian, version 2.4, microsecond magic
// a1b2c3d4 or nanosecond magic a1b23c4d when the input had nanosecond precision, the input's
// snap length (or 262144). One link type per file: the first frame's.
#pragma once

#include "core/io/capture_writer.hpp"

namespace caplens {

class PcapWriter final : public CaptureWriter {
public:
    explicit PcapWriter(ByteSink sink) : CaptureWriter(std::move(sink)) {}

    // Refuses (UnwritableFrame, "use pcapng") a frame whose link type differs from the first's.
    [[nodiscard]] CaptureError write(const CapturedFrame& frame, const CaptureMetadata& input) override;
    void finish(const CaptureMetadata& input) override;

private:
    void writeFileHeader(LinkType linkType, const CaptureMetadata& input);

    bool m_haveHeader = false;
    LinkType m_linkType = linktype::Ethernet;
    std::int64_t m_nsPerUnit = 1000;  // 1000: microseconds, 1: nanoseconds
};

}  // namespace caplens
