// netmon_reader.hpp — Microsoft Network Monitor 2.x capture files (.cap), read as Wireshark 4.0
// reads them.
//
// Order of reading (the reader asks for each piece with want()):
//  1. the file header ("GMBU", version, media type, capture start as a SYSTEMTIME, offsets of
//     the frame table and, from 2.2 on, of the comment table);
//  2. the frame table: one 32-bit file offset per frame, read in chunks;
//  3. the comment table (2.2+): titles of frames, keyed by the frame's file offset;
//  4. the frames, in TABLE order at the offsets the table gives. The table need not be
//     monotonic (a trailer record may come first in the file and last in the table).
//
// Frame record: 16-byte header (64-bit time delta in µs, original length, included length), the
// bytes, and from 2.1 on a trailer: media type (2.1), process info index (2.2), UTC FILETIME
// and time zone index (2.3, 15 bytes). 2.3 frames take their time from that FILETIME; earlier
// ones from the header's start time plus the delta (interpreted as Wireshark does: the delta
// times 10 is a signed count of 100 ns units). Media types: NDIS types (1 Ethernet, 2 Token
// Ring, 3 FDDI, 6 802.11 with NetMon metadata, 7-9 raw IP), 0xE000|n for pcap link type n, and
// metadata records: ETW events (0xFFE0), adapter lists (0xFFFB) and capture filters (0xFFFF)
// are frames with private link types; payload headers (0xFFFC), the old adapter list (0xFFFD)
// and DNS caches (0xFFFE) are skipped, as Wireshark skips them.
//
// Metadata, chosen to match capinfos:
//  - timestampDigits is 9 for every 2.x file (capinfos prints "nanoseconds" even for 2.0 files,
//    whose resolution is the microsecond);
//  - NetMon describes no capture interfaces (capinfos lists none): a 2.0 file gets one implicit
//    interface carrying the header's media type, as pcap does; 2.1+ files, whose media types
//    are per frame, get none and set perPacketLinkTypes;
//  - a frame listed in the comment table gets kFrameHasNetmonComment and its title (UTF-8) in
//    frameComments; the RTF description is not kept.
//
// Damage: when the frame table lies beyond the end of the file (a cut-off file), the frames are
// read in file order from the first one after the header, and the reader then reports
// TruncatedFile at the offset where that scan stopped. A cut-off comment table is reported as
// TruncatedFile after all frames were read. NetMon 1.x ("RTSS") has no reader.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/io/capture_reader.hpp"
#include "core/util/span_reader.hpp"

namespace caplens {

class NetmonReader final : public CaptureReader {
public:
    NetmonReader();
    void parse(const ByteWindow& window, FrameSink& sink) override;

private:
    enum class Stage : std::uint8_t { Header, FrameTable, Comments, TableFrames, ScanFrames };

    // What a frame record's media type means for caplens.
    struct Media {
        enum class Kind : std::uint8_t { Frame, Skip, Unsupported } kind = Kind::Unsupported;
        LinkType linkType = linktype::Unknown;
    };

    void parseHeader(Bytes bytes, bool atEnd);
    bool readHeaderFields(Bytes bytes);
    void startFrameTable();
    void parseFrameTable(Bytes bytes, bool atEnd);
    void startComments();
    void parseComments(Bytes bytes, bool atEnd);
    // Reads one comment record at the start of `bytes`; returns its length, or 0 when it needs
    // more bytes (set in `needed`) or failed.
    std::size_t readComment(Bytes bytes, std::uint64_t remaining, std::size_t& needed);
    void startFrames();
    void parseTableFrames(const ByteWindow& window, FrameSink& sink);
    void failTableEntry(CaptureErrorCode code, std::string_view where, std::uint64_t offset);
    void startScan();
    void parseScanFrames(const ByteWindow& window, FrameSink& sink);
    void stopScan(std::uint64_t offset);
    // Turns the complete record at `offset` into a frame (or skips it); false when failed.
    bool readFrame(Bytes record, std::uint64_t offset, FrameSink& sink);
    [[nodiscard]] Media mediaOf(Bytes record) const;
    void finishReading();

    Stage m_stage = Stage::Header;
    std::uint8_t m_minor = 0;
    std::uint16_t m_headerMedia = 0;
    std::size_t m_trailerLength = 0;
    TimestampNs m_startNs = 0;
    std::uint32_t m_tableOffset = 0;
    std::uint32_t m_tableLength = 0;
    std::uint32_t m_commentOffset = 0;
    std::uint32_t m_commentLength = 0;
    std::uint64_t m_commentRead = 0;          // bytes of the comment table consumed
    std::vector<std::uint32_t> m_frameTable;  // grows only by entries actually read
    std::size_t m_nextFrame = 0;              // index into m_frameTable
    std::uint64_t m_scanOffset = 0;           // next record when scanning in file order
    std::uint64_t m_scanEnd = 0;              // where the frames end when scanning
    std::map<std::uint32_t, std::string> m_comments;  // frame offset -> title
    std::array<std::uint32_t, 4> m_structureOffsets{};  // user data, comments, process info, network info
    CaptureError m_deferred;                  // reported once every frame has been read
};

}  // namespace caplens
