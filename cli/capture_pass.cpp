#include "cli/capture_pass.hpp"

#include <cstdio>

#include "cli/file_source.hpp"
#include "core/capture/capture_scan.hpp"

namespace caplens::cli {
namespace {

std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

CapturePass readCapture(const std::string& path, FrameSink& sink,
                        const std::function<void(const CaptureScan&)>& started) {
    CapturePass pass;
    pass.info.fileName = baseName(path);
    OpenedSource opened = openFileSource(path);
    if (!opened.source) {
        pass.info.error = {CaptureErrorCode::SourceFailure, opened.error, 0};
        return pass;
    }
    pass.opened = true;
    pass.info.fileSize = opened.fileSize;
    pass.info.gzip = opened.gzip;
    CaptureScan scan(*opened.source, sink);
    if (started) started(scan);
    scan.run();
    pass.info.format = scan.format();
    pass.info.metadata = scan.metadata();
    pass.info.error = scan.error();
    pass.framesRead = scan.framesRead();
    return pass;
}

void reportCaptureError(const CapturePass& pass) {
    std::fprintf(stderr, "caplens: %s: %s (at byte offset %llu, after %llu frame%s)\n", pass.info.fileName.c_str(),
                 pass.info.error.message.c_str(), static_cast<unsigned long long>(pass.info.error.offset),
                 static_cast<unsigned long long>(pass.framesRead), pass.framesRead == 1 ? "" : "s");
}

}  // namespace caplens::cli
