#include "core/io/capture_error.hpp"

namespace caplens {

std::string_view captureErrorCodeName(CaptureErrorCode code) {
    switch (code) {
        case CaptureErrorCode::None: return "none";
        case CaptureErrorCode::UnsupportedFormat: return "unsupported-format";
        case CaptureErrorCode::UnsupportedVersion: return "unsupported-version";
        case CaptureErrorCode::TruncatedFile: return "truncated";
        case CaptureErrorCode::CorruptRecord: return "corrupt";
        case CaptureErrorCode::SourceFailure: return "source-failure";
        case CaptureErrorCode::Cancelled: return "cancelled";
        case CaptureErrorCode::UnwritableFrame: return "unwritable-frame";
    }
    return "unknown";
}

}  // namespace caplens
