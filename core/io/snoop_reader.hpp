// snoop_reader.hpp — Sun snoop files (RFC 1761) and their Shomiti/Finisar Surveyor variant,
// read as Wireshark 4.0 reads them.
//
// File header: "snoop\0\0\0", version (2; Surveyor also writes 3-5), datalink type, all
// big-endian. Records: original length, included length, record length (header + data +
// padding), cumulative drops, seconds, microseconds. A file whose first record carries at least
// 16 bytes of padding is a Surveyor capture, whose datalink numbers differ.
//
// Datalink types map to link types as Wireshark maps them: 0 and 4 Ethernet, 2 Token Ring,
// 8 FDDI, 9 and 14 NULL, 16 IP over Fibre Channel, 18 SunATM (its 4-byte header kept as the
// frame's pseudo-header), 0x80000005 Solaris ipnet; Surveyor adds 10, 12 and 19 Ethernet, 11,
// 13 and 14 Token Ring. Others (InfiniBand, Surveyor 802.11) are UnsupportedVersion.
//
// Metadata: one implicit interface, microsecond precision (as capinfos reports). A record cut
// by the end of the file, its padding included, is TruncatedFile at the record's offset after
// the frames before it, as in Wireshark.
#pragma once

#include "core/io/capture_reader.hpp"
#include "core/util/span_reader.hpp"

namespace caplens {

class SnoopReader final : public CaptureReader {
public:
    SnoopReader();
    void parse(const ByteWindow& window, FrameSink& sink) override;

private:
    // Returns false (having failed or asked for more bytes) when the header is not usable.
    bool parseFileHeader(Bytes bytes, bool atEnd);
    bool chooseLinkType(std::uint32_t datalink, bool surveyor);
    // Returns the bytes consumed by one record, or 0 when finished, failed or waiting.
    std::size_t parseRecord(const ByteWindow& window, std::size_t at, FrameSink& sink);
    void corrupt(std::string message, std::uint64_t offset);

    LinkType m_linkType = linktype::Unknown;
    std::uint32_t m_pseudoHeader = 0;  // 4 for SunATM
    bool m_haveHeader = false;
};

}  // namespace caplens
