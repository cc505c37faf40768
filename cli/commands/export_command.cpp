// `caplens export FILE -w OUT [-F pcap|pcapng] [-Y EXPR]` — writes the frames passing a display
// filter (every frame without -Y) to OUT as pcap or pcapng, exactly those frames and nothing
// added (like `tshark -r FILE -Y EXPR -w OUT`, without tshark's dependent frames). The format
// defaults to pcapng for a pcapng input, else pcap.
//
// Exit codes: 0 written; 1 the input is damaged (OUT holds the passing frames read before the
// damage; it is removed when there were none); 2 bad command line, bad filter ("caplens: filter error at column C: message"), or an
// output that cannot be written (OUT is then removed).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "cli/decoding_sink.hpp"
#include "core/capture/export_sink.hpp"

namespace caplens::cli {
namespace {

// OUT, opened for writing; remembers the first write error.
class OutputFile {
public:
    explicit OutputFile(std::string path) : m_path(std::move(path)), m_file(std::fopen(m_path.c_str(), "wb")) {
        if (m_file == nullptr) m_errno = errno;
    }
    ~OutputFile() {
        if (m_file != nullptr) std::fclose(m_file);
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::span<const std::uint8_t> bytes) {
        if (m_file == nullptr || m_errno != 0) return;
        if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) m_errno = errno != 0 ? errno : EIO;
    }
    // Flushes and closes; false (with the reason kept) when any write failed.
    bool close() {
        if (m_file != nullptr && std::fclose(m_file) != 0 && m_errno == 0) m_errno = errno != 0 ? errno : EIO;
        m_file = nullptr;
        return m_errno == 0;
    }
    void remove() {
        close();
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
    [[nodiscard]] bool opened() const { return m_file != nullptr; }
    [[nodiscard]] int reportFailure() const {
        std::fprintf(stderr, "caplens: cannot write %s: %s\n", m_path.c_str(), std::strerror(m_errno));
        return kExitUsage;
    }

private:
    std::string m_path;
    std::FILE* m_file;
    int m_errno = 0;
};

bool sameFile(const std::string& a, const std::string& b) {
    std::error_code error;
    return std::filesystem::equivalent(a, b, error) && !error;
}

int runExport(const Arguments& args) {
    const std::string input = args.positional[0];
    const std::optional<std::string> output = args.option("-w");
    if (!output || output->empty()) {
        std::fputs("caplens: export needs -w OUT\n", stderr);
        return kExitUsage;
    }
    std::optional<ExportFormat> format;
    if (const auto name = args.option("-F")) {
        format = parseExportFormat(*name);
        if (!format) {
            std::fprintf(stderr, "caplens: unknown export format '%s' (pcap or pcapng)\n", name->c_str());
            return kExitUsage;
        }
    }
    int exitCode = kExitOk;
    const auto filter = displayFilterOption(args, exitCode);
    if (exitCode != kExitOk) return exitCode;
    if (sameFile(input, *output)) {
        std::fprintf(stderr, "caplens: %s is the capture being read: choose another output\n", output->c_str());
        return kExitUsage;
    }

    OutputFile out(*output);
    if (!out.opened()) return out.reportFailure();
    ExportSink sink(format, filter.get(), [&](std::span<const std::uint8_t> bytes) { out.write(bytes); });
    const CapturePass pass = readCapture(input, sink, [&](const CaptureScan& scan) { sink.attach(scan); });
    if (!pass.opened) {
        out.remove();
        reportCaptureError(pass);
        return kExitDamaged;
    }
    if (sink.error()) {
        out.remove();
        std::fprintf(stderr, "caplens: cannot export %s as %s: %s\n", pass.info.fileName.c_str(),
                     std::string(exportFormatName(*sink.format())).c_str(), sink.error().message.c_str());
        return kExitUsage;
    }
    sink.finish(pass.info.format, pass.info.metadata);
    if (!out.close()) {
        const int code = out.reportFailure();
        out.remove();
        return code;
    }
    if (pass.info.error) {
        // Frames read before the damage stay written (as tshark -w does); a file that gave none
        // (not a capture, or broken in its header) leaves no output behind.
        if (pass.framesRead == 0) out.remove();
        reportCaptureError(pass);
        return kExitDamaged;
    }
    return kExitOk;
}

}  // namespace

CommandSpec exportCommand() {
    return {"export", "export FILE -w OUT [-F pcap|pcapng] [-Y EXPR]",
            "write the frames passing a display filter to a pcap or pcapng file", {}, {"-w", "-F", "-Y"}, 1,
            runExport};
}

}  // namespace caplens::cli
