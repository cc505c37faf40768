#include "core/io/capture_format.hpp"

#include <array>
#include <cstring>
#include <string>

#include "core/util/byte_order.hpp"
#include "core/util/span_reader.hpp"

namespace caplens {
namespace {

struct FormatText {
    CaptureFormat format;
    std::string_view name;
    std::string_view description;
};

constexpr std::array kFormatTexts{
    FormatText{CaptureFormat::Unknown, "unknown", "an unknown format"},
    FormatText{CaptureFormat::Pcap, "pcap", "libpcap"},
    FormatText{CaptureFormat::PcapNsec, "pcap-nsec", "libpcap (nanosecond timestamps)"},
    FormatText{CaptureFormat::PcapModified, "pcap-modified", "modified (Kuznetzov) libpcap"},
    FormatText{CaptureFormat::Pcapng, "pcapng", "pcapng"},
    FormatText{CaptureFormat::Netmon1, "netmon1", "Microsoft Network Monitor 1.x"},
    FormatText{CaptureFormat::Netmon2, "netmon2", "Microsoft Network Monitor 2.x"},
    FormatText{CaptureFormat::Snoop, "snoop", "Sun snoop"},
    FormatText{CaptureFormat::Erf, "erf", "Endace ERF"},
    FormatText{CaptureFormat::Sniffer, "sniffer", "Network General Sniffer (DOS)"},
    FormatText{CaptureFormat::NetXray, "netxray", "NetXRay / Windows Sniffer"},
    FormatText{CaptureFormat::Iseries, "iseries", "IBM iSeries communications trace"},
    FormatText{CaptureFormat::Gzip, "gzip", "gzip-compressed data"},
};

const FormatText& textOf(CaptureFormat format) {
    for (const auto& t : kFormatTexts) {
        if (t.format == format) return t;
    }
    return kFormatTexts[0];
}

bool startsWith(Bytes head, std::string_view prefix) {
    return head.size() >= prefix.size() &&
           std::memcmp(head.data(), prefix.data(), prefix.size()) == 0;
}

CaptureFormat pcapFlavour(std::uint32_t magic) {
    switch (magic) {
        case 0xa1b2c3d4: return CaptureFormat::Pcap;
        case 0xa1b23c4d: return CaptureFormat::PcapNsec;
        case 0xa1b2cd34: return CaptureFormat::PcapModified;
        default: return CaptureFormat::Unknown;
    }
}

CaptureFormat detectPcap(Bytes head) {
    if (head.size() < 4) return CaptureFormat::Unknown;
    const CaptureFormat little = pcapFlavour(loadLe32(head.data()));
    if (little != CaptureFormat::Unknown) return little;
    return pcapFlavour(loadBe32(head.data()));
}

bool looksLikePcapng(Bytes head) {
    if (head.size() < 12 || loadLe32(head.data()) != 0x0A0D0D0A) return false;
    const std::uint32_t byteOrderMagic = loadLe32(head.data() + 8);
    return byteOrderMagic == 0x1A2B3C4D || byteOrderMagic == 0x4D3C2B1A;
}

// iSeries exports are text (ASCII or UTF-16) that starts with "COMMUNICATIONS TRACE" after
// optional blanks.
bool looksLikeIseries(Bytes head) {
    std::string ascii;
    const bool utf16 = head.size() >= 2 && head[0] == 0xFF && head[1] == 0xFE;
    const std::size_t step = utf16 ? 2 : 1;
    for (std::size_t i = utf16 ? 2 : 0; i < head.size() && ascii.size() < 64; i += step) {
        ascii.push_back(static_cast<char>(head[i]));
    }
    const auto first = ascii.find_first_not_of(' ');
    return first != std::string::npos &&
           ascii.compare(first, 20, "COMMUNICATIONS TRACE") == 0;
}

// ERF has no magic number. Like Wireshark, look at the first records (up to 20 within `head`):
// each needs a record length of at least its 16-byte header and a known type (PAD records
// aside), and timestamps may go neither backwards by more than a second nor forwards by more
// than a year. Wireshark insists on 3 whole records unless the file is shorter; `head` may end
// inside the first record, which is then accepted only if it also looks aligned as DAG cards
// write it (rlen a multiple of 8, a wire length).
bool looksLikeErf(Bytes head) {
    constexpr std::size_t kHeader = 16;
    constexpr int kRecordsToCheck = 20;
    constexpr std::uint8_t kTypePad = 48;
    constexpr std::uint64_t kOneSecond = std::uint64_t{1} << 32;
    constexpr std::uint64_t kOneYear = kOneSecond * 3600 * 24 * 365;
    std::size_t offset = 0;
    int records = 0;
    std::uint64_t previousTime = 0;
    bool havePrevious = false;
    while (offset + kHeader <= head.size() && records < kRecordsToCheck) {
        const std::uint8_t* p = head.data() + offset;
        const std::uint64_t ts = loadLe64(p);
        const std::uint8_t type = p[8] & 0x7F;
        const std::uint16_t rlen = loadBe16(p + 10);
        const std::uint16_t wlen = loadBe16(p + 14);
        if (rlen < kHeader || type == 0 || type > kTypePad) return false;
        if (type != kTypePad) {
            if ((ts >> 32) == 0) return false;  // seconds since 1970 are never zero in practice
            if (havePrevious && ts < previousTime && previousTime - ts > kOneSecond) return false;
            if (havePrevious && ts > previousTime && ts - previousTime > kOneYear) return false;
            previousTime = ts;
            havePrevious = true;
        }
        if (records == 0 && offset + rlen > head.size() && (rlen % 8 != 0 || wlen == 0)) return false;
        offset += rlen;
        ++records;
    }
    return records > 0;
}

}  // namespace

std::string_view captureFormatName(CaptureFormat format) { return textOf(format).name; }

std::string_view captureFormatDescription(CaptureFormat format) {
    return textOf(format).description;
}

bool isReadableFormat(CaptureFormat format) {
    switch (format) {
        case CaptureFormat::Pcap:
        case CaptureFormat::PcapNsec:
        case CaptureFormat::PcapModified:
        case CaptureFormat::Pcapng:
        case CaptureFormat::Netmon2:
        case CaptureFormat::Snoop:
        case CaptureFormat::Erf: return true;
        default: return false;
    }
}

CaptureFormat detectCaptureFormat(std::span<const std::uint8_t> head) {
    if (head.size() >= 2 && head[0] == 0x1F && head[1] == 0x8B) return CaptureFormat::Gzip;
    if (const CaptureFormat pcap = detectPcap(head); pcap != CaptureFormat::Unknown) return pcap;
    if (looksLikePcapng(head)) return CaptureFormat::Pcapng;
    if (startsWith(head, "GMBU")) return CaptureFormat::Netmon2;
    if (startsWith(head, "RTSS")) return CaptureFormat::Netmon1;
    if (startsWith(head, std::string_view("snoop\0\0\0", 8))) return CaptureFormat::Snoop;
    if (startsWith(head, "TRSNIFF data    \x1a")) return CaptureFormat::Sniffer;
    if (startsWith(head, std::string_view("XCP\0", 4)) ||
        startsWith(head, std::string_view("\x56\x4c\x00\x00", 4))) {
        return CaptureFormat::NetXray;
    }
    if (looksLikeIseries(head)) return CaptureFormat::Iseries;
    if (looksLikeErf(head)) return CaptureFormat::Erf;
    return CaptureFormat::Unknown;
}

}  // namespace caplens
