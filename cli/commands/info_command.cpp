// `caplens info FILE [--json]` — capinfos' figures for one capture.
#include <cstdio>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "core/analysis/capture_properties.hpp"

namespace caplens::cli {
namespace {

class PropertiesSink final : public FrameSink {
public:
    void onFrame(const CapturedFrame& frame) override { m_collector.onFrame(frame); }
    [[nodiscard]] const CaptureProperties& result() const { return m_collector.result(); }

private:
    CapturePropertiesCollector m_collector;
};

int runInfo(const Arguments& args) {
    PropertiesSink sink;
    CapturePass pass = readCapture(args.positional[0], sink);
    pass.info.properties = sink.result();
    if (args.has("--json")) {
        std::printf("%s\n", captureInfoJson(pass.info).c_str());
    } else {
        std::fputs(captureInfoText(pass.info).c_str(), stdout);
    }
    if (pass.info.error) {
        reportCaptureError(pass);
        return kExitDamaged;
    }
    return kExitOk;
}

}  // namespace

CommandSpec infoCommand() {
    return {"info", "info FILE [--json]", "capture file properties, like capinfos",
            {"--json"}, {}, 1, runInfo};
}

}  // namespace caplens::cli
