// `caplens filter FILE -Y EXPR [--count]` — the numbers of the frames that pass a display
// filter, one per line (like `tshark -r FILE -Y EXPR -T fields -e frame.number`), or with
// --count only how many. A bad filter exits 2 with
// "caplens: filter error at column C: message" on stderr (C counts from 1).
#include <cstdio>
#include <string>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "cli/decoding_sink.hpp"

namespace caplens::cli {
namespace {

// Frame numbers go out in blocks: millions of lines through printf would cost more than the
// filter itself.
class NumberWriter {
public:
    ~NumberWriter() { flush(); }
    void add(std::uint64_t number) {
        char digits[24];
        const int n = std::snprintf(digits, sizeof digits, "%llu\n", static_cast<unsigned long long>(number));
        m_buffer.append(digits, static_cast<std::size_t>(n));
        if (m_buffer.size() >= kFlushAt) flush();
    }
    void flush() {
        std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
        m_buffer.clear();
    }

private:
    static constexpr std::size_t kFlushAt = 64 * 1024;
    std::string m_buffer;
};

int runFilter(const Arguments& args) {
    if (!args.option("-Y")) {
        std::fputs("caplens: filter needs -Y EXPR\n", stderr);
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto filter = displayFilterOption(args, exitCode);
    if (exitCode != kExitOk) return exitCode;
    const bool countOnly = args.has("--count");
    NumberWriter writer;
    DecodingSink sink(
        proto::DissectionMode::Fast, false,
        [&](const CapturedFrame&, proto::Packet& packet) {
            if (!countOnly) writer.add(packet.frame().number);
        },
        filter.get());
    const CapturePass pass = readCapture(args.positional[0], sink);
    writer.flush();
    if (countOnly) std::printf("%llu\n", static_cast<unsigned long long>(sink.framesPassed()));
    if (pass.info.error) {
        std::fflush(stdout);
        reportCaptureError(pass);
        return kExitDamaged;
    }
    return kExitOk;
}

}  // namespace

CommandSpec filterCommand() {
    return {"filter", "filter FILE -Y EXPR [--count]", "frames passing a display filter, like tshark -Y",
            {"--count"}, {"-Y"}, 1, runFilter};
}

}  // namespace caplens::cli
