// `caplens phs FILE [-Y EXPR] [--json]` — Statistics > Protocol Hierarchy, like `tshark -qz io,phs`;
// with -Y over the frames passing the display filter, like `tshark -qz io,phs,EXPR`.
#include <cstdio>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "cli/decoding_sink.hpp"
#include "core/analysis/protocol_hierarchy.hpp"

namespace caplens::cli {
namespace {

int runPhs(const Arguments& args) {
    int exitCode = kExitOk;
    const auto filter = displayFilterOption(args, exitCode);
    if (exitCode != kExitOk) return exitCode;
    ProtocolHierarchy hierarchy;
    DecodingSink sink(
        proto::DissectionMode::Fast, false,
        [&](const CapturedFrame& frame, proto::Packet& packet) {
            hierarchy.add(packet.hierarchyPath(), frame.originalLength);
        },
        filter.get());
    const CapturePass pass = readCapture(args.positional[0], sink);
    if (args.has("--json")) {
        std::printf("%s\n", hierarchy.json().c_str());
    } else {
        std::fputs(hierarchy.text(filter ? filter->text() : std::string()).c_str(), stdout);
    }
    if (pass.info.error) {
        reportCaptureError(pass);
        return kExitDamaged;
    }
    return kExitOk;
}

}  // namespace

CommandSpec phsCommand() {
    return {"phs", "phs FILE [-Y EXPR] [--json]", "protocol hierarchy statistics, like tshark -z io,phs",
            {"--json"}, {"-Y"}, 1, runPhs};
}

}  // namespace caplens::cli
