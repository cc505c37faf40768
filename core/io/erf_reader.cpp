#include "core/io/erf_reader.hpp"

#include <algorithm>
#include <string>

#include "core/io/pseudo_header.hpp"
#include "core/util/byte_order.hpp"

namespace caplens {
namespace {

// See pseudo_header.cpp for the record header diagram.
constexpr std::size_t kRecordHeader = 16;
constexpr std::uint8_t kTypePad = 48;  // filler records, not packets
constexpr std::uint8_t kPortMask = 0x03;

}  // namespace

TimestampNs erfTimestampNs(std::uint64_t fixedPoint) {
    // The fraction times 10^9 fits 64 bits (< 2^32 * 10^9); adding half of the 2^-32 unit
    // before dropping it rounds to the nearest nanosecond.
    std::int64_t seconds = static_cast<std::int64_t>(fixedPoint >> 32);
    std::uint64_t fraction = (fixedPoint & 0xFFFFFFFFu) * 1'000'000'000u;
    fraction += (fraction & 0x80000000u) << 1;
    std::int64_t nanoseconds = static_cast<std::int64_t>(fraction >> 32);
    if (nanoseconds >= 1'000'000'000) {
        nanoseconds -= 1'000'000'000;
        ++seconds;
    }
    return seconds * 1'000'000'000 + nanoseconds;
}

ErfReader::ErfReader() : CaptureReader(CaptureFormat::Erf) {
    m_metadata.timestampDigits = 9;
    want(0, kRecordHeader);
}

void ErfReader::parse(const ByteWindow& window, FrameSink& sink) {
    const auto start = requestedIndex(window);
    if (!start) return;
    std::size_t at = *start;
    while (state() == ReaderState::Reading) {
        const std::size_t used = parseRecord(window, at, sink);
        if (used == 0) break;
        at += used;
    }
}

std::uint32_t ErfReader::interfaceOf(unsigned port) {
    if (m_interfaceOfPort[port] < 0) {
        InterfaceInfo info;
        info.linkType = linktype::Erf;
        info.name = std::string("Port ") + static_cast<char>('A' + port) + " (ERF Interface " +
                    std::to_string(port) + ")";
        info.description = info.name;
        info.snapLength = 65535;  // what Wireshark declares for ERF interfaces
        info.timestampDigits = 9;
        m_interfaceOfPort[port] = static_cast<std::int32_t>(m_metadata.interfaces.size());
        m_metadata.interfaces.push_back(std::move(info));
    }
    return static_cast<std::uint32_t>(m_interfaceOfPort[port]);
}

std::size_t ErfReader::parseRecord(const ByteWindow& window, std::size_t at, FrameSink& sink) {
    const std::uint64_t offset = window.offset + at;
    const Bytes rest = window.bytes.subspan(at);
    if (rest.empty() && window.reachesEnd) {
        finish();
        return 0;
    }
    const auto needMore = [&](std::size_t length) {
        if (window.reachesEnd) failTruncated(offset);
        else want(offset, length);
    };
    if (rest.size() < kRecordHeader) {
        needMore(kRecordHeader);
        return 0;
    }
    const std::uint8_t type = rest[8];
    const std::uint8_t flags = rest[9];
    const std::uint16_t recordLength = loadBe16(rest.data() + 10);
    const std::uint16_t wireLength = loadBe16(rest.data() + 14);
    if (recordLength < kRecordHeader || (recordLength == kRecordHeader && type != kTypePad)) {
        fail(CaptureErrorCode::CorruptRecord,
             "erf: File has a " + std::to_string(recordLength) + "-byte record, too short for a packet", offset);
        return 0;
    }
    if (rest.size() < recordLength) {
        needMore(recordLength);
        return 0;
    }
    const Bytes record = rest.first(recordLength);
    want(offset + recordLength, kRecordHeader);
    if (type == kTypePad) return recordLength;
    const auto headerLength = erfHeaderLength(record);
    if (!headerLength) {
        fail(CaptureErrorCode::CorruptRecord, "erf: extension headers run past the end of the record", offset);
        return 0;
    }
    const std::uint32_t capturedLength = std::min<std::uint32_t>(wireLength, recordLength - *headerLength);
    CapturedFrame frame;
    frame.timestampNs = erfTimestampNs(loadLe64(record.data()));
    frame.linkType = linktype::Erf;
    frame.interfaceId = interfaceOf(flags & kPortMask);
    frame.fileOffset = offset;
    frame.data = record.first(*headerLength + capturedLength);
    frame.pseudoHeaderLength = *headerLength;
    frame.capturedLength = capturedLength;
    frame.originalLength = wireLength;
    emit(sink, frame);
    return recordLength;
}

}  // namespace caplens
