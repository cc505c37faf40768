// erf_reader.hpp — Endace ERF (Extensible Record Format) files, read as Wireshark 4.0 reads
// them. ERF has no file header: the file is a sequence of records.
//
// Record: 16-byte header (timestamp as little-endian 32.32 fixed-point seconds; type, whose top
// bit announces 8-byte extension headers; flags, whose low 2 bits are the capture port; record
// length rlen; loss counter; wire length wlen — big-endian), extension headers, the type's
// subheader (2 bytes of padding for Ethernet types, 4 for multi-channel and AAL2 types), the
// packet, and padding up to rlen.
//
// Each record becomes one frame of link type linktype::Erf whose data is the record from its
// first byte, the ERF header counted as the frame's pseudo-header, as Wireshark presents it:
// frame.len is wlen and frame.cap_len is min(wlen, rlen - header), the "erf" layer shows the
// header. PAD records are skipped. Timestamps are rounded to nanoseconds as Wireshark rounds
// them. Each capture port seen becomes an interface ("Port A (ERF Interface 0)", ...), in order
// of first appearance, with nanosecond precision.
#pragma once

#include <array>

#include "core/io/capture_reader.hpp"
#include "core/util/span_reader.hpp"

namespace caplens {

class ErfReader final : public CaptureReader {
public:
    ErfReader();
    void parse(const ByteWindow& window, FrameSink& sink) override;

private:
    // Returns the bytes consumed by one record, or 0 when finished, failed or waiting.
    std::size_t parseRecord(const ByteWindow& window, std::size_t at, FrameSink& sink);
    // The interface of capture port `port`, created on its first appearance.
    std::uint32_t interfaceOf(unsigned port);

    std::array<std::int32_t, 4> m_interfaceOfPort{-1, -1, -1, -1};
};

// An ERF timestamp (32.32 fixed-point seconds) in nanoseconds, rounded as Wireshark rounds it.
[[nodiscard]] TimestampNs erfTimestampNs(std::uint64_t fixedPoint);

}  // namespace caplens
