// capture_format.hpp — which capture file format a byte stream holds, decided by content.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace caplens {

enum class CaptureFormat : std::uint8_t {
    Unknown,
    Pcap,          // libpcap, microsecond timestamps
    PcapNsec,      // libpcap, nanosecond timestamps (magic a1b23c4d)
    PcapModified,  // Alexey Kuznetsov's patched libpcap (magic a1b2cd34, 8 more bytes per record)
    Pcapng,
    Netmon1,       // Microsoft Network Monitor 1.x (recognised, not read)
    Netmon2,       // Microsoft Network Monitor 2.x
    Snoop,         // Sun snoop (RFC 1761)
    Erf,           // Endace Extensible Record Format
    // Formats tshark reads that caplens recognises only to name them in its message:
    Sniffer,       // Network General Sniffer (DOS)
    NetXray,       // NetXRay / Windows Sniffer
    Iseries,       // IBM iSeries communications trace export
    Gzip,          // a gzip stream: decompress, then detect again
};

// The stable name used in `info --json` ("pcap", "pcap-nsec", "pcapng", "netmon2", ...).
[[nodiscard]] std::string_view captureFormatName(CaptureFormat format);

// A human name for messages ("Microsoft Network Monitor 2.x").
[[nodiscard]] std::string_view captureFormatDescription(CaptureFormat format);

// True for the formats caplens has a reader for.
[[nodiscard]] bool isReadableFormat(CaptureFormat format);

// How many leading bytes detectCaptureFormat() wants to see (it copes with fewer).
inline constexpr std::size_t kFormatDetectionBytes = 512;

// Decides the format from the first bytes of a stream. Never looks at a file name.
[[nodiscard]] CaptureFormat detectCaptureFormat(std::span<const std::uint8_t> head);

}  // namespace caplens
