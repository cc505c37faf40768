// capture_info.hpp — the `info` report (capinfos' figures) as JSON and as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/capture_properties.hpp"
#include "core/io/capture_error.hpp"
#include "core/io/capture_metadata.hpp"

namespace caplens {

struct CaptureInfo {
    std::string fileName;
    std::optional<std::uint64_t> fileSize;  // bytes of the file as stored (compressed if gzip)
    bool gzip = false;
    CaptureFormat format = CaptureFormat::Unknown;
    CaptureMetadata metadata;
    CaptureProperties properties;
    CaptureError error;
};

// Wireshark's long names of the encapsulations in use (by frames; by interfaces when the
// capture holds no frame), without repeats.
[[nodiscard]] std::vector<std::string> encapsulationNames(const CaptureInfo& info);

// The file's encapsulation as capinfos prints it: the short name ("ether") when one link type
// covers the file, "per-packet" when the format declares link types per frame (NetMon 2.1+),
// when interfaces disagree or frames use several, "unknown" when nothing says.
[[nodiscard]] std::string fileEncapsulationName(const CaptureInfo& info);

// The one-object JSON of `caplens info --json` (shape documented in the README).
[[nodiscard]] std::string captureInfoJson(const CaptureInfo& info);

// The capinfos-like text of `caplens info`.
[[nodiscard]] std::string captureInfoText(const CaptureInfo& info);

}  // namespace caplens
