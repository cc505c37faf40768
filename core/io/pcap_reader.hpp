// pcap_reader.hpp — libpcap files: microsecond and nanosecond magics, both byte orders, and
// the modified (Kuznetzov) variant whose records carry 8 more header bytes.
#pragma once

#include "core/io/capture_reader.hpp"
#include "core/util/byte_order.hpp"

namespace caplens {

class PcapReader final : public CaptureReader {
public:
    explicit PcapReader(CaptureFormat format);
    void parse(const ByteWindow& window, FrameSink& sink) override;

private:
    // Returns false (having failed or asked for more bytes) when the header is not usable.
    bool parseFileHeader(const ByteWindow& window);
    // Returns the bytes consumed by one record, or 0 when the window holds no whole record.
    std::size_t parseRecord(const ByteWindow& window, std::size_t at, FrameSink& sink);

    ByteOrder m_order = ByteOrder::Little;
    std::size_t m_recordHeaderLength = 16;
    std::int64_t m_fractionToNs = 1000;  // 1000 for microseconds, 1 for nanoseconds
    bool m_haveHeader = false;
};

}  // namespace caplens
