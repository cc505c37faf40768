// `caplens protocols FILE` — one line per frame: its number and its protocol stack joined with
// ':' like tshark's frame.protocols ("eth:ip:tcp:tls"; tshark's pseudo-layers such as
// "ethertype" are not protocols here).
#include <cstdio>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "cli/decoding_sink.hpp"

namespace caplens::cli {
namespace {

int runProtocols(const Arguments& args) {
    DecodingSink sink(proto::DissectionMode::Fast, false, [](const CapturedFrame&, proto::Packet& packet) {
        std::printf("%llu\t%s\n", static_cast<unsigned long long>(packet.frame().number),
                    packet.protocolsText().c_str());
    });
    const CapturePass pass = readCapture(args.positional[0], sink);
    if (pass.info.error) {
        reportCaptureError(pass);
        return kExitDamaged;
    }
    return kExitOk;
}

}  // namespace

CommandSpec protocolsCommand() {
    return {"protocols", "protocols FILE", "each frame's protocol stack, like tshark's frame.protocols",
            {}, {}, 1, runProtocols};
}

}  // namespace caplens::cli
