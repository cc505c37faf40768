// capture_pass.hpp — reading a capture file once, start to end, for a CLI command.
#pragma once

#include <cstdint>
#include <string>

#include "core/capture/capture_info.hpp"
#include "core/io/capture_reader.hpp"

namespace caplens::cli {

struct CapturePass {
    bool opened = false;  // false: the file could not be opened at all (info.error says why)
    CaptureInfo info;     // file name, size, format, metadata, error (properties left empty)
};

// Reads `path` to its end (or its first damage), handing every frame to `sink`.
[[nodiscard]] CapturePass readCapture(const std::string& path, FrameSink& sink);

}  // namespace caplens::cli
