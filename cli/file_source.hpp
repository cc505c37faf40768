// file_source.hpp — ByteSources over files for the native command line: plain files read with
// pread(), and gzip-compressed files inflated with zlib as they are read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/io/byte_source.hpp"

namespace caplens::cli {

struct OpenedSource {
    std::unique_ptr<ByteSource> source;  // null when the file could not be opened
    bool gzip = false;
    std::uint64_t fileSize = 0;          // bytes on disk
    std::string error;                   // why it could not be opened
};

// Opens `path`, decompressing transparently when its content is gzip (never by its name).
[[nodiscard]] OpenedSource openFileSource(const std::string& path);

}  // namespace caplens::cli
