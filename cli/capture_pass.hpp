// capture_pass.hpp — reading a capture file once, start to end, for a CLI command.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/capture/capture_info.hpp"
#include "core/capture/capture_scan.hpp"
#include "core/io/capture_reader.hpp"

namespace caplens::cli {

struct CapturePass {
    bool opened = false;  // false: the file could not be opened at all (info.error says why)
    CaptureInfo info;     // file name, size, format, metadata, error (properties left empty)
    std::uint64_t framesRead = 0;  // frames handed to the sink (before the damage, if any)
};

// Reads `path` to its end (or its first damage), handing every frame to `sink`. `started`, when
// given, is shown the scan before it runs (a sink that reads the input's format and metadata
// as they become known attaches to it there).
[[nodiscard]] CapturePass readCapture(const std::string& path, FrameSink& sink,
                                      const std::function<void(const CaptureScan&)>& started = {});

// The one line every command prints on stderr for a damaged file:
// "caplens: FILE: MESSAGE (at byte offset N, after F frames)".
void reportCaptureError(const CapturePass& pass);

}  // namespace caplens::cli
