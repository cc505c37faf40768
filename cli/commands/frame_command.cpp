// `caplens frame FILE N [--json]` — the full details tree of frame N, as Wireshark's details
// pane shows it: each node's label, filter abbreviation, value and byte range.
#include <cstdio>
#include <string>

#include "cli/commands/commands.hpp"
#include "cli/file_source.hpp"
#include "core/capture/capture_model.hpp"
#include "core/capture/frame_details.hpp"

namespace caplens::cli {
namespace {

int runFrame(const Arguments& args) {
    const std::string& path = args.positional[0];
    char* end = nullptr;
    const unsigned long long number = std::strtoull(args.positional[1].c_str(), &end, 10);
    if (end == args.positional[1].c_str() || *end != '\0' || number == 0) {
        std::fprintf(stderr, "caplens: frame number must be a positive integer: %s\n", args.positional[1].c_str());
        return kExitUsage;
    }
    OpenedSource opened = openFileSource(path);
    if (!opened.source) {
        std::fprintf(stderr, "caplens: %s\n", opened.error.c_str());
        return kExitDamaged;
    }
    CaptureModel model(*opened.source, path, opened.fileSize, opened.gzip);
    model.openAll();
    if (number > model.frameCount()) {
        std::fprintf(stderr, "caplens: %s has %llu frames; there is no frame %llu\n", path.c_str(),
                     static_cast<unsigned long long>(model.frameCount()), number);
        return kExitUsage;
    }
    const proto::Packet* packet = model.dissectFrame(number, proto::DissectionMode::Tree, nullptr, true);
    if (packet == nullptr) {
        std::fprintf(stderr, "caplens: the bytes of frame %llu could not be read again\n", number);
        return kExitDamaged;
    }
    const FrameDetails details = buildFrameDetails(*packet);
    if (args.has("--json")) {
        std::printf("%s\n", frameDetailsJson(details).c_str());
    } else {
        std::fputs(frameDetailsText(details).c_str(), stdout);
    }
    return model.info().error ? kExitDamaged : kExitOk;
}

}  // namespace

CommandSpec frameCommand() {
    return {"frame", "frame FILE N [--json]", "the details tree of frame N", {"--json"}, {}, 2, runFrame};
}

}  // namespace caplens::cli
