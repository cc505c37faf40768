// stats_pass.hpp — what the Statistics commands (rtt, conv, endpoints, dests, iograph, expert,
// stats) share: their common options and the one pass over the file that feeds an analyzer.
//
// Options: FILE [--type eth|ip|ipv6|tcp|udp] [--interval S] [--series FILTER]... [--tree NAME]
// [-Y FILTER] [--json] [--all]; each command reads the ones it needs and ignores the others.
// With -Y every statistic counts only the frames the display filter passes (all frames are
// still dissected, in order: TCP streams and reassembly need them).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/capture_pass.hpp"
#include "cli/command.hpp"
#include "core/filter/display_filter.hpp"
#include "core/io/capture_reader.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens::cli {

inline const std::vector<std::string_view> kStatsFlags = {"--json", "--all"};
inline const std::vector<std::string_view> kStatsValueOptions = {"--type", "--interval", "-Y", "--series", "--tree"};

// Compiles a display filter given on the command line; on error prints
// "caplens: filter error at column C: message" and returns null.
[[nodiscard]] inline std::unique_ptr<filter::DisplayFilter> compileFilterArgument(const std::string& text) {
    filter::CompileResult compiled = filter::compile(text);
    if (!compiled) {
        std::fprintf(stderr, "caplens: filter error at column %u: %s\n", compiled.error.column,
                     compiled.error.message.c_str());
        return nullptr;
    }
    return std::move(compiled.filter);
}

// Dissects every frame (Fast, or Filter mode with the fields the filters read) and hands the
// frames passing -Y to the handler.
class StatsSink final : public FrameSink {
public:
    using Handler = std::function<void(const CapturedFrame&, const proto::Packet&)>;

    StatsSink(const filter::DisplayFilter* displayFilter, const proto::FieldMask& extraFields, Handler handler)
        : m_filter(displayFilter), m_handler(std::move(handler)) {
        if (m_filter != nullptr) m_mask = m_filter->mask();
        if (m_mask.size() < extraFields.size()) m_mask.resize(extraFields.size(), 0);
        for (std::size_t i = 0; i < extraFields.size(); ++i) m_mask[i] |= extraFields[i];
        m_filterMode = std::find(m_mask.begin(), m_mask.end(), 1) != m_mask.end();
    }

    void onFrame(const CapturedFrame& frame) override {
        const proto::Packet& packet =
            m_filterMode ? m_decoder.decode(frame, proto::DissectionMode::Filter, &m_mask, false)
                         : m_decoder.decode(frame, proto::DissectionMode::Fast, nullptr, false);
        if (m_filter != nullptr && !m_filter->matches(packet)) return;
        m_handler(frame, packet);
    }

private:
    const filter::DisplayFilter* m_filter;
    Handler m_handler;
    proto::FieldMask m_mask;
    bool m_filterMode = false;
    proto::FrameDecoder m_decoder;
};

// A statistics command's run: parse -Y, read the file once feeding `handler`.
struct StatsRun {
    int exitCode = kExitOk;        // kExitUsage: bad filter; kExitDamaged: the file is damaged
    std::string filterText;        // -Y as given ("" without)
    CapturePass pass;
};

// Reads FILE with the -Y filter of `args` (if any) and `extraFields` to record. Reports a
// damaged file on stderr (the statistics of the frames read are still printed by the caller).
inline StatsRun runStatsPass(const Arguments& args, const proto::FieldMask& extraFields, StatsSink::Handler handler) {
    StatsRun run;
    std::unique_ptr<filter::DisplayFilter> displayFilter;
    if (const auto text = args.option("-Y"); text && !text->empty()) {
        displayFilter = compileFilterArgument(*text);
        if (!displayFilter) {
            run.exitCode = kExitUsage;
            return run;
        }
        run.filterText = *text;
    }
    StatsSink sink(displayFilter.get(), extraFields, std::move(handler));
    run.pass = readCapture(args.positional[0], sink);
    if (run.pass.info.error) {
        reportCaptureError(run.pass);
        run.exitCode = kExitDamaged;
    }
    return run;
}

// Prints `text` (JSON gets a newline) and returns the run's exit code.
inline int finishStatsRun(const StatsRun& run, const std::string& output, bool json) {
    if (json) {
        std::printf("%s\n", output.c_str());
    } else {
        std::fputs(output.c_str(), stdout);
    }
    return run.exitCode;
}

}  // namespace caplens::cli
