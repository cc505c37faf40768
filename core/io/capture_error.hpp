// capture_error.hpp — why a capture could not be read (further), as a value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace caplens {

enum class CaptureErrorCode : std::uint8_t {
    None,
    UnsupportedFormat,   // not a capture format caplens reads (possibly one tshark reads)
    UnsupportedVersion,  // a known format in a version caplens does not read
    TruncatedFile,       // the file ends in the middle of a header or record
    CorruptRecord,       // a header or record contradicts itself (impossible length, ...)
    SourceFailure,       // the bytes could not be obtained (I/O error, broken gzip stream)
    Cancelled,           // the user stopped the job
    UnwritableFrame,     // an export's output format cannot hold a frame (pcap: a second link type)
};

[[nodiscard]] std::string_view captureErrorCodeName(CaptureErrorCode code);

struct CaptureError {
    CaptureErrorCode code = CaptureErrorCode::None;
    std::string message;       // one sentence, for people
    std::uint64_t offset = 0;  // byte offset in the (decompressed) stream where it happened

    [[nodiscard]] explicit operator bool() const { return code != CaptureErrorCode::None; }
};

}  // namespace caplens
