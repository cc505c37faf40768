#include "core/io/netmon_reader.hpp"

#include <algorithm>
#include <limits>

#include "core/io/saturated_timestamp.hpp"
#include "core/util/byte_order.hpp"

namespace caplens {
namespace {

// File header (little-endian), as the NetMon 3.x help documents it:
//
//   0  "GMBU"           4  minor version (1)  5  major version (1)  6  media type (2)
//   8  capture start: SYSTEMTIME = year, month, day of week, day, hour, minute, second,
//                     millisecond (2 each)
//  24  frame table offset (4)      28  frame table length (4)
//  32  user data offset (4)        36  user data length (4)
//  40  comment data offset (4)     44  comment data length (4)       (used from 2.2 on)
//  48  process info offset (4)     52  process info count (4)        (used from 2.2 on)
//  56  network info offset (4)     60  network info length (4)
//
// Writers put the first frame at 72 (newer) or pad the header to 128 bytes (older).
constexpr std::size_t kHeaderLength = 64;
constexpr std::size_t kPaddedHeaderLength = 128;
constexpr std::size_t kCompactHeaderLength = 72;

// Frame record: time delta (8), original length (4), included length (4), bytes, trailer.
constexpr std::size_t kRecordHeader = 16;
constexpr std::size_t kTrailer21 = 2;   // media type
constexpr std::size_t kTrailer22 = 6;   // + process info index
constexpr std::size_t kTrailer23 = 15;  // + UTC FILETIME (8) + time zone index (1)
constexpr std::size_t kTrailerTimeOffset = 6;

// Comment record: frames per comment (4), frame offset (4), title length (4), title (UTF-16LE),
// description length (4), description (RTF).
constexpr std::size_t kCommentHeader = 12;
// Wireshark stops when no more than this is left of the comment table.
constexpr std::uint64_t kCommentTail = 16;
constexpr std::uint32_t kMinCommentTable = 17;

// Wireshark's limits on table sizes read from the header.
constexpr std::uint32_t kMaxTableEntries = 512u * 1024u * 1024u;
constexpr std::uint32_t kTableChunk = 64 * 1024;  // bytes of the frame table asked for at once

// Media types beyond the NDIS ones.
constexpr std::uint16_t kPcapBase = 0xE000;
constexpr std::uint16_t kWifiMessage = 0xE080;      // Microsoft Message Analyzer: 802.11
constexpr std::uint16_t kLastAnalyzerType = 0xE08A;
constexpr std::uint16_t kNetEvent = 0xFFE0;
constexpr std::uint16_t kNetworkInfoEx = 0xFFFB;
constexpr std::uint16_t kPayloadHeader = 0xFFFC;
constexpr std::uint16_t kNetworkInfo = 0xFFFD;
constexpr std::uint16_t kDnsCache = 0xFFFE;
constexpr std::uint16_t kNetmonFilter = 0xFFFF;

// NDIS media types 0..11 (Wireshark's netmon_encap table); Unknown = unsupported.
constexpr std::array<LinkType, 12> kNdisMedia{
    linktype::Ethernet,           // 0: VPN captures of NetMon 3.4 say 0 for Ethernet
    linktype::Ethernet,           // 1: Ethernet
    linktype::Ieee802_5,          // 2: Token Ring
    linktype::Fddi,               // 3: FDDI
    linktype::Unknown,            // 4: NDIS WAN, used for ATM with a pseudo-header caplens does not read
    linktype::Unknown,            // 5: LocalTalk / IP over IEEE 1394
    linktype::Ieee802_11Netmon,   // 6: 802.11 with NetMon's radio metadata
    linktype::Raw,                // 7: tunneling interfaces
    linktype::Raw,                // 8: wireless WAN
    linktype::Raw,                // 9: raw IP frames
    linktype::Unknown,            // 10: wireless WAN
    linktype::Unknown,            // 11: IrDA
};

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
// FILETIME counts 100 ns units from 1601-01-01; this many of them lie before 1970-01-01.
constexpr std::uint64_t kFiletimeUnixEpoch = 116'444'736'000'000'000ull;

// Days from 1970-01-01 to the given proleptic Gregorian date; months outside 1..12 carry into
// the year as mktime() carries them.
std::int64_t daysFromCivil(std::int64_t year, std::int64_t month, std::int64_t day) {
    year += (month - 1 >= 0 ? (month - 1) / 12 : (month - 12) / 12);
    month = ((month - 1) % 12 + 12) % 12 + 1;
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t yearOfEra = year - era * 400;
    const std::int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

// The SYSTEMTIME at `p` as nanoseconds since the epoch, taken as UTC (Wireshark takes it as
// local time; tshark's reference outputs were made with TZ=UTC). Its 16-bit fields reach years
// no 64-bit nanosecond count holds: those saturate.
TimestampNs systemTimeNs(const std::uint8_t* p) {
    const auto field = [p](int i) { return static_cast<std::int64_t>(loadLe16(p + 2 * i)); };
    const std::int64_t days = daysFromCivil(field(0), field(1), field(3));
    const std::int64_t seconds = days * 86400 + field(4) * 3600 + field(5) * 60 + field(6);
    return saturatedTimestamp(static_cast<__int128>(seconds) * kNsPerSecond + field(7) * 1'000'000);
}

// A 2.0-2.2 frame's time: Microsoft documents the delta as unsigned microseconds, but writers
// store negative deltas; Wireshark multiplies by 10 in 64-bit unsigned arithmetic, reads the
// result as a signed count of 100 ns units, and multiplies by 100. Done here in unsigned
// arithmetic so the wrap-around is defined and identical.
TimestampNs deltaTimeNs(TimestampNs start, std::uint64_t delta) {
    const std::uint64_t ns = delta * 10u * 100u;
    return static_cast<TimestampNs>(static_cast<std::uint64_t>(start) + ns);
}

std::optional<TimestampNs> filetimeNs(std::uint64_t filetime) {
    constexpr std::uint64_t kLimit = static_cast<std::uint64_t>(std::numeric_limits<TimestampNs>::max()) / 100;
    if (filetime >= kFiletimeUnixEpoch) {
        const std::uint64_t units = filetime - kFiletimeUnixEpoch;
        if (units > kLimit) return std::nullopt;
        return static_cast<TimestampNs>(units * 100);
    }
    const std::uint64_t units = kFiletimeUnixEpoch - filetime;
    if (units > kLimit) return std::nullopt;
    return -static_cast<TimestampNs>(units * 100);
}

void appendUtf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// UTF-16LE up to a NUL; unpaired surrogates are dropped, as Wireshark drops them.
std::string utf16ToUtf8(Bytes text) {
    std::string out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        const std::uint32_t unit = loadLe16(text.data() + i);
        if (unit == 0) break;
        if (unit >= 0xD800 && unit < 0xDC00) {
            if (i + 3 >= text.size()) break;
            const std::uint32_t low = loadLe16(text.data() + i + 2);
            if (low == 0) break;
            i += 2;
            if (low >= 0xDC00 && low < 0xE000) appendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        } else if (unit < 0xDC00 || unit >= 0xE000) {
            appendUtf8(out, unit);
        }
    }
    return out;
}

// The bytes of `window` from `offset` on, or nullopt when the window does not reach there.
std::optional<Bytes> bytesAt(const ByteWindow& window, std::uint64_t offset) {
    if (offset < window.offset || offset - window.offset > window.bytes.size()) return std::nullopt;
    return window.bytes.subspan(static_cast<std::size_t>(offset - window.offset));
}

std::uint32_t includedLength(Bytes record) { return loadLe32(record.data() + 12); }

std::string unsupportedMedia(std::uint32_t media) {
    return "netmon: network type " + std::to_string(media) + " unknown or unsupported";
}

}  // namespace

NetmonReader::NetmonReader() : CaptureReader(CaptureFormat::Netmon2) {
    m_metadata.timestampDigits = 9;
    want(0, kPaddedHeaderLength);
}

void NetmonReader::parse(const ByteWindow& window, FrameSink& sink) {
    // A stage that finishes asks for its successor's bytes, which may already be in `window`.
    while (state() == ReaderState::Reading) {
        const Stage stage = m_stage;
        const auto index = requestedIndex(window);
        if (!index) return;
        const Bytes bytes = window.bytes.subspan(*index);
        switch (stage) {
            case Stage::Header: parseHeader(bytes, window.reachesEnd); break;
            case Stage::FrameTable: parseFrameTable(bytes, window.reachesEnd); break;
            case Stage::Comments: parseComments(bytes, window.reachesEnd); break;
            case Stage::TableFrames: parseTableFrames(window, sink); break;
            case Stage::ScanFrames: parseScanFrames(window, sink); break;
        }
        if (m_stage == stage) return;
    }
}

void NetmonReader::parseHeader(Bytes bytes, bool atEnd) {
    if (bytes.size() < kPaddedHeaderLength && !atEnd) {
        want(0, kPaddedHeaderLength);
        return;
    }
    if (bytes.size() < kHeaderLength) {
        failTruncated(0, "the file header");
        return;
    }
    if (!readHeaderFields(bytes)) return;
    // Where the frames start when they must be found without the table: older writers pad
    // the header with zeros to 128 bytes, newer ones start the first frame at 72.
    const bool padded = bytes.size() >= kPaddedHeaderLength &&
                        std::all_of(bytes.begin() + kCompactHeaderLength,
                                    bytes.begin() + kPaddedHeaderLength,
                                    [](std::uint8_t b) { return b == 0; });
    m_scanOffset = padded ? kPaddedHeaderLength : kCompactHeaderLength;
    startFrameTable();
}

bool NetmonReader::readHeaderFields(Bytes bytes) {
    SpanReader in(bytes, ByteOrder::Little);
    in.skip(4);
    m_minor = in.u8();
    const std::uint8_t major = in.u8();
    m_headerMedia = in.u16();
    if (major != 2) {
        fail(CaptureErrorCode::UnsupportedVersion,
             "netmon: major version " + std::to_string(major) + " unsupported", 5);
        return false;
    }
    if (m_headerMedia >= kNdisMedia.size() || kNdisMedia[m_headerMedia] == linktype::Unknown) {
        fail(CaptureErrorCode::UnsupportedVersion, unsupportedMedia(m_headerMedia), 6);
        return false;
    }
    m_startNs = systemTimeNs(bytes.data() + 8);
    in.seek(24);
    m_tableOffset = in.u32();
    m_tableLength = in.u32();
    const std::uint32_t userData = in.u32(), userDataLength = in.u32();
    m_commentOffset = in.u32();
    m_commentLength = in.u32();
    const std::uint32_t processInfo = in.u32(), processInfoCount = in.u32();
    const std::uint32_t networkInfo = in.u32(), networkInfoLength = in.u32();
    // Before 2.2 the comment and process fields are uninitialised garbage.
    if (m_minor < 2) m_commentLength = 0;
    m_structureOffsets = {userDataLength ? userData : 0, m_commentLength ? m_commentOffset : 0,
                          (m_minor >= 2 && processInfoCount) ? processInfo : 0,
                          networkInfoLength ? networkInfo : 0};
    if (m_tableLength % 4 != 0 || m_tableLength == 0 || m_tableLength / 4 > kMaxTableEntries) {
        fail(CaptureErrorCode::CorruptRecord,
             "netmon: frame table length is " + std::to_string(m_tableLength) +
                 ", which is not a positive multiple of the size of an entry",
             28);
        return false;
    }
    if (m_commentLength != 0 && (m_commentLength < kMinCommentTable || m_commentLength > kMaxTableEntries)) {
        fail(CaptureErrorCode::CorruptRecord,
             "netmon: comment table size is " + std::to_string(m_commentLength) + ", which is unusable", 44);
        return false;
    }
    m_trailerLength = m_minor == 0 ? 0 : m_minor == 1 ? kTrailer21 : m_minor == 2 ? kTrailer22 : kTrailer23;
    if (m_minor >= 1) {
        m_metadata.perPacketLinkTypes = true;
    } else {
        InterfaceInfo implicit;
        implicit.linkType = kNdisMedia[m_headerMedia];
        implicit.timestampDigits = m_metadata.timestampDigits;
        m_metadata.interfaces.push_back(implicit);
    }
    return true;
}

void NetmonReader::startFrameTable() {
    m_stage = Stage::FrameTable;
    want(m_tableOffset, std::min(m_tableLength, kTableChunk));
}

void NetmonReader::parseFrameTable(Bytes bytes, bool atEnd) {
    const std::size_t read = m_frameTable.size() * 4;
    const std::size_t remaining = m_tableLength - read;
    const std::size_t entries = std::min(bytes.size(), remaining) / 4;
    for (std::size_t i = 0; i < entries; ++i) m_frameTable.push_back(loadLe32(bytes.data() + 4 * i));
    const std::size_t left = remaining - entries * 4;
    if (left == 0) {
        startComments();
    } else if (atEnd) {
        startScan();  // the table was cut off: find the frames without it
    } else {
        want(std::uint64_t{m_tableOffset} + m_tableLength - left, std::min<std::size_t>(left, kTableChunk));
    }
}

void NetmonReader::startComments() {
    if (m_commentLength == 0) {
        startFrames();
        return;
    }
    m_stage = Stage::Comments;
    want(m_commentOffset, kCommentHeader);
}

void NetmonReader::parseComments(Bytes bytes, bool atEnd) {
    std::size_t at = 0;
    while (m_commentLength - m_commentRead > kCommentTail) {
        std::size_t needed = 0;
        const std::size_t used = readComment(bytes.subspan(at), m_commentLength - m_commentRead, needed);
        if (state() != ReaderState::Reading) return;
        if (used == 0) {
            if (atEnd) {
                // Comments only decorate frames: read the frames, then say what was missing.
                m_deferred = {CaptureErrorCode::TruncatedFile,
                              "The file appears to have been cut short in the middle of its comment table.",
                              m_commentOffset + m_commentRead};
                startFrames();
            } else {
                want(m_commentOffset + m_commentRead, needed);
            }
            return;
        }
        at += used;
        m_commentRead += used;
    }
    startFrames();
}

std::size_t NetmonReader::readComment(Bytes bytes, std::uint64_t remaining, std::size_t& needed) {
    const std::uint64_t offset = m_commentOffset + m_commentRead;
    const auto corrupt = [&](const std::string& message) {
        fail(CaptureErrorCode::CorruptRecord, message, offset);
        return std::size_t{0};
    };
    needed = kCommentHeader;
    if (bytes.size() < kCommentHeader) return 0;
    const std::uint32_t frameOffset = loadLe32(bytes.data() + 4);
    const std::uint32_t titleLength = loadLe32(bytes.data() + 8);
    if (titleLength == 0) return corrupt("netmon: comment title size can't be 0");
    if (titleLength > remaining - kCommentHeader) {
        return corrupt("netmon: comment title size is " + std::to_string(titleLength) +
                       ", which is larger than the amount remaining in the comment section");
    }
    const std::uint64_t afterTitle = remaining - kCommentHeader - titleLength;
    if (afterTitle < 4) return corrupt("netmon: corrupt comment section");
    if (kCommentHeader + std::uint64_t{titleLength} + 4 > kMaxBlockLength) return corrupt("netmon: comment record too large");
    needed = kCommentHeader + titleLength + 4;
    if (bytes.size() < needed) return 0;
    const std::uint32_t descriptionLength = loadLe32(bytes.data() + kCommentHeader + titleLength);
    if (descriptionLength > afterTitle - 4) {
        return corrupt("netmon: comment description size is " + std::to_string(descriptionLength) +
                       ", which is larger than the amount remaining in the comment section");
    }
    if (needed + std::uint64_t{descriptionLength} > kMaxBlockLength) return corrupt("netmon: comment record too large");
    needed += descriptionLength;
    if (bytes.size() < needed) return 0;
    m_comments[frameOffset] = utf16ToUtf8(bytes.subspan(kCommentHeader, titleLength));
    return needed;
}

void NetmonReader::startFrames() {
    m_stage = Stage::TableFrames;
    want(m_frameTable.front(), kRecordHeader);
}

void NetmonReader::parseTableFrames(const ByteWindow& window, FrameSink& sink) {
    while (state() == ReaderState::Reading) {
        if (m_nextFrame == m_frameTable.size()) {
            finishReading();
            return;
        }
        const std::uint64_t offset = m_frameTable[m_nextFrame];
        if (offset < kCompactHeaderLength) {
            return failTableEntry(CaptureErrorCode::CorruptRecord, "inside the file header", offset);
        }
        const auto bytes = bytesAt(window, offset);
        if (!bytes) {
            want(offset, kRecordHeader);
            return;
        }
        if (bytes->empty() && window.reachesEnd) {
            // Wireshark reports a short read here: the frame may have been cut off with the file.
            return failTableEntry(CaptureErrorCode::TruncatedFile, "past the end of the file", offset);
        }
        const auto needMore = [&](std::size_t length) {
            if (window.reachesEnd) failTruncated(offset);
            else want(offset, length);
        };
        if (bytes->size() < kRecordHeader) return needMore(kRecordHeader);
        const std::uint32_t included = includedLength(*bytes);
        if (included > kMaxFrameLength) {
            fail(CaptureErrorCode::CorruptRecord,
                 "netmon: File has " + std::to_string(included) + "-byte packet, bigger than maximum of " +
                     std::to_string(kMaxFrameLength),
                 offset);
            return;
        }
        const std::size_t length = kRecordHeader + included + m_trailerLength;
        if (bytes->size() < length) return needMore(length);
        if (!readFrame(bytes->first(length), offset, sink)) return;
        ++m_nextFrame;
    }
}

// The frame table sends the next frame somewhere no frame can be.
void NetmonReader::failTableEntry(CaptureErrorCode code, std::string_view where, std::uint64_t offset) {
    fail(code,
         "netmon: frame table entry " + std::to_string(m_nextFrame + 1) + " points at byte offset " +
             std::to_string(offset) + ", " + std::string(where),
         offset);
}

void NetmonReader::startScan() {
    m_stage = Stage::ScanFrames;
    // The frames end where the first of the file's other structures begins.
    m_scanEnd = std::numeric_limits<std::uint64_t>::max();
    for (const std::uint64_t structure : m_structureOffsets) {
        if (structure >= m_scanOffset) m_scanEnd = std::min(m_scanEnd, structure);
    }
    if (m_tableOffset >= m_scanOffset) m_scanEnd = std::min<std::uint64_t>(m_scanEnd, m_tableOffset);
    want(m_scanOffset, kRecordHeader);
}

void NetmonReader::parseScanFrames(const ByteWindow& window, FrameSink& sink) {
    while (state() == ReaderState::Reading) {
        const std::uint64_t offset = m_scanOffset;
        if (offset >= m_scanEnd) return stopScan(offset);
        const auto bytes = bytesAt(window, offset);
        if (!bytes) {
            want(offset, kRecordHeader);
            return;
        }
        const auto needMore = [&](std::size_t length) {
            if (window.reachesEnd) stopScan(offset);
            else want(offset, length);
        };
        if (bytes->size() < kRecordHeader) return needMore(kRecordHeader);
        const std::uint32_t included = includedLength(*bytes);
        const std::size_t length = kRecordHeader + included + m_trailerLength;
        // Without the table nothing says where frames are; anything implausible ends the scan.
        if (included > kMaxFrameLength || offset + length > m_scanEnd) return stopScan(offset);
        if (bytes->size() < length) return needMore(length);
        const Bytes record = bytes->first(length);
        if (mediaOf(record).kind == Media::Kind::Unsupported) return stopScan(offset);
        if (!readFrame(record, offset, sink)) return;
        m_scanOffset += length;
    }
}

void NetmonReader::stopScan(std::uint64_t offset) {
    fail(CaptureErrorCode::TruncatedFile,
         "The file appears to have been cut short: its frame table is missing, so frames were "
         "read in file order up to here.",
         offset);
}

NetmonReader::Media NetmonReader::mediaOf(Bytes record) const {
    using Kind = Media::Kind;
    if (m_minor == 0) return {Kind::Frame, kNdisMedia[m_headerMedia]};
    const std::uint16_t media = loadLe16(record.data() + record.size() - m_trailerLength);
    if (media >= kWifiMessage && media <= kLastAnalyzerType) {
        // Message Analyzer's own types: only its plain 802.11 one has a link type.
        return media == kWifiMessage ? Media{Kind::Frame, linktype::Ieee802_11} : Media{};
    }
    if ((media & 0xF000) == kPcapBase) return {Kind::Frame, static_cast<LinkType>(media & 0x0FFF)};
    if (media < kNdisMedia.size()) {
        return kNdisMedia[media] == linktype::Unknown ? Media{} : Media{Kind::Frame, kNdisMedia[media]};
    }
    switch (media) {
        case kNetEvent: return {Kind::Frame, linktype::NetmonEvent};
        case kNetworkInfoEx: return {Kind::Frame, linktype::NetmonNetworkInfo};
        case kNetmonFilter: return {Kind::Frame, linktype::NetmonFilter};
        case kPayloadHeader:
        case kNetworkInfo:
        case kDnsCache: return {Kind::Skip, linktype::Unknown};
        default: return {};
    }
}

bool NetmonReader::readFrame(Bytes record, std::uint64_t offset, FrameSink& sink) {
    const Media media = mediaOf(record);
    if (media.kind == Media::Kind::Skip) return true;
    const std::size_t trailer = record.size() - m_trailerLength;
    if (media.kind == Media::Kind::Unsupported) {
        fail(CaptureErrorCode::UnsupportedVersion, unsupportedMedia(loadLe16(record.data() + trailer)), offset);
        return false;
    }
    const std::uint32_t included = includedLength(record);
    CapturedFrame frame;
    if (m_minor >= 3) {
        const auto utc = filetimeNs(loadLe64(record.data() + trailer + kTrailerTimeOffset));
        if (!utc) {
            fail(CaptureErrorCode::CorruptRecord, "netmon: time stamp outside supported range", offset);
            return false;
        }
        frame.timestampNs = *utc;
    } else {
        frame.timestampNs = deltaTimeNs(m_startNs, loadLe64(record.data()));
    }
    frame.originalLength = loadLe32(record.data() + 8);
    frame.capturedLength = included;
    frame.linkType = media.linkType;
    frame.fileOffset = offset + kRecordHeader;
    frame.data = record.subspan(kRecordHeader, included);
    // Comments name their frame by the record's offset in the file.
    if (const auto comment = m_comments.find(static_cast<std::uint32_t>(offset)); comment != m_comments.end()) {
        frame.flags |= kFrameHasNetmonComment;
        commentNextFrame(comment->second);
    }
    emit(sink, frame);
    return true;
}

void NetmonReader::finishReading() {
    if (m_deferred) fail(m_deferred.code, m_deferred.message, m_deferred.offset);
    else finish();
}

}  // namespace caplens
