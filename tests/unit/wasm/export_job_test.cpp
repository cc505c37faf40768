// The browser's export job (wasm/export_job.*), driven natively as the API drives it: step(),
// then each byte request answered from the file. On the bundled sample it must write the very
// bytes of the command line's export (the same ExportSink over cli::readCapture), for each
// format, with and without a display filter; and refuse as the command line refuses.
#include "wasm/export_job.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"

namespace caplens::wasm {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes readWholeFile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<filter::DisplayFilter> compiled(const std::string& text) {
    if (text.empty()) return nullptr;
    filter::CompileResult result = filter::compile(text);
    EXPECT_TRUE(result) << text;
    return std::move(result.filter);
}

// Runs `job` to its end, answering each request from `file`.
void drive(ExportJob& job, const Bytes& file) {
    for (int turns = 0; !job.finished() && turns < 100000; ++turns) {
        job.step(std::chrono::milliseconds(1));
        while (const auto request = job.source().takeRequest()) {
            const std::uint64_t end = std::min<std::uint64_t>(request->offset + request->length, file.size());
            const std::size_t length = static_cast<std::size_t>(end - request->offset);
            std::uint8_t* into = job.source().prepareReceive(request->offset, length);
            ASSERT_NE(into, nullptr);
            std::memcpy(into, file.data() + request->offset, length);
            job.source().receive();
        }
    }
    ASSERT_TRUE(job.finished());
}

// What the command line's export pass writes for the same file, filter and format.
Bytes cliExport(const std::string& filterText, std::optional<ExportFormat> format) {
    Bytes out;
    const auto filter = compiled(filterText);
    ExportSink sink(format, filter.get(), [&](std::span<const std::uint8_t> piece) {
        out.insert(out.end(), piece.begin(), piece.end());
    });
    const cli::CapturePass pass = cli::readCapture(CAPLENS_SAMPLE, sink, [&](const CaptureScan& scan) { sink.attach(scan); });
    EXPECT_FALSE(sink.error()) << sink.error().message;
    sink.finish(pass.info.format, pass.info.metadata);
    return out;
}

TEST(ExportJob, WritesTheCommandLinesBytes) {
    const Bytes file = readWholeFile(CAPLENS_SAMPLE);
    ASSERT_FALSE(file.empty());
    for (const std::string filter : {"", "tcp", "dns || frame.number == 1"}) {
        for (const std::optional<ExportFormat> format : {std::optional<ExportFormat>{}, std::optional(ExportFormat::Pcap),
                                                         std::optional(ExportFormat::Pcapng)}) {
            ExportJob job(file.size(), compiled(filter), format, 0);
            drive(job, file);
            EXPECT_FALSE(job.error()) << job.error().message;
            const Bytes expected = cliExport(filter, format);
            EXPECT_GT(expected.size(), 24u);
            EXPECT_TRUE(job.bytes() == expected) << "-Y '" << filter << "': " << job.bytes().size() << " bytes, CLI "
                                                 << expected.size();
            EXPECT_EQ(job.format(), format.value_or(ExportFormat::Pcapng)) << "a pcapng sample exports as pcapng";
            EXPECT_DOUBLE_EQ(job.progress(), 1.0);
        }
    }
}

TEST(ExportJob, AnExportTooLargeForThePagesMemoryStopsWithAReason) {
    const Bytes file = readWholeFile(CAPLENS_SAMPLE);
    ExportJob job(file.size(), nullptr, std::nullopt, 0, 1000);
    drive(job, file);
    EXPECT_EQ(job.error().message,
              "the export would be larger than 1000 bytes, more than the page keeps in memory: narrow it with a "
              "display filter or a range, or use caplens export");
    EXPECT_TRUE(job.bytes().empty());
}

TEST(ExportJob, NotACaptureLeavesNoFile) {
    const Bytes file(100, 0x42);
    ExportJob job(file.size(), nullptr, std::nullopt, 0);
    drive(job, file);
    EXPECT_EQ(job.error().code, CaptureErrorCode::UnsupportedFormat);
    EXPECT_TRUE(job.bytes().empty());
}

}  // namespace
}  // namespace caplens::wasm
