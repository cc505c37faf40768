// api_capture.hpp — one capture opened through the JavaScript API (wasm/api/caplens.mjs).
//
// Every answer is the JSON text the command line prints for the same question, built by the
// same core code, so that `caplens <command> FILE --json` and the API compare exactly.
//
// Bytes come from JavaScript a slice at a time (JsByteSource), never the whole file. So every
// question is an operation the JavaScript side drives:
//   capture.startRtt();                       // or startOpen(), startFrame(n), startFilter(...), startExport(...)
//   while (capture.step(budgetMs) != ApiStatus::Done) {
//       if (auto read = capture.takeRequest()) { ...read the slice...; prepareReceive(); receive(); }
//   }
//   capture.failed() ? capture.errorJson() : capture.resultJson();
// One operation at a time; starting one abandons the previous. Questions the first pass
// answered (info, phs, rtt, conversations, endpoints, dests, protocols) are Done at once; the
// first pass itself (startOpen), frame(n) (bytes read again by offset), findings, filter(expr)
// and the statistics over a display filter (each a pass of its own over the capture, as the
// command line's) take steps.
// Nothing here depends on Emscripten: bindings.cpp is the Embind half.
#pragma once

#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/conversations.hpp"
#include "core/capture/capture_model.hpp"
#include "core/findings/findings_analyzer.hpp"
#include "wasm/api/analysis_pass.hpp"
#include "wasm/api/filtered_statistic.hpp"
#include "wasm/api/protocol_stacks.hpp"
#include "wasm/capture_session.hpp"
#include "wasm/export_job.hpp"
#include "wasm/filter_job.hpp"
#include "wasm/js_byte_source.hpp"

namespace caplens::wasm {

enum class ApiStatus : std::uint8_t {
    Running = 0,          // more to do: step() again (after letting the event loop run)
    WaitingForBytes = 1,  // answer takeRequest()'s read, then step() again
    Done = 2,             // resultJson() or errorJson() holds the answer
};

// An error as the API reports it: {"message":"...","offset":N} (offset: the byte offset in
// the capture, or in the filter expression from 0; null when neither applies), plus
// "column"/"end_column" (from 1, as `caplens filter` prints) for a display-filter error.
struct ApiError {
    std::string message;
    std::optional<std::uint64_t> offset;
    std::optional<std::uint32_t> column;
    std::optional<std::uint32_t> endColumn;
};

class ApiCapture {
public:
    // `fileSize`: bytes as stored (compressed when gzip); `streamSize`: the bytes the core
    // reads (the inflated size for gzip).
    ApiCapture(std::string fileName, std::uint64_t fileSize, bool gzip, std::uint64_t streamSize);
    ApiCapture(const ApiCapture&) = delete;
    ApiCapture& operator=(const ApiCapture&) = delete;

    // ---- starting an operation
    // The first pass: index, protocol hierarchy, statistics. Its answer is `info`'s JSON
    // (with the error, if the capture is damaged: the frames before it still count).
    void startOpen();
    // The rest need the first pass done (else they fail with a message saying so).
    void startInfo();
    // A non-empty `filterText` counts only the frames passing that display filter, as the
    // command's -Y (a pass of its own over the capture).
    void startPhs(const std::string& filterText);
    void startRtt(const std::string& filterText);
    void startConversations(const std::string& type, const std::string& filterText);  // eth ip ipv6 tcp udp
    void startEndpoints(const std::string& type, const std::string& filterText);
    void startDests(const std::string& type, const std::string& filterText);  // "" (IPv4 then IPv6), ip, ipv6
    void startFindings();
    // The numbers of the frames passing `expression`: a JSON array.
    void startFilter(const std::string& expression);
    // The frames passing `filterText` (every frame when empty) as a pcap or pcapng file
    // (`format` "pcap", "pcapng", or "" for pcapng when the capture is pcapng, else pcap): the
    // bytes `caplens export FILE -w OUT -Y EXPR -F FORMAT` writes, handed over by
    // takeResultBytes(); resultJson() is {"format":"pcap","frames":N,"bytes":M}. Fails as the
    // CLI refuses: a bad filter, a frame the format cannot hold, a capture that gave no frame.
    void startExport(const std::string& filterText, const std::string& format);
    // The details tree of frame `number` (`caplens frame N --json`).
    void startFrame(std::uint64_t number);
    // Frame `number`'s protocol stack as a JSON string ("eth:ip:tcp"); number 0: every
    // frame's, as an array.
    void startProtocols(std::uint64_t number);

    // ---- running it
    ApiStatus step(std::chrono::steady_clock::duration budget);
    // The read the operation waits for, handed out once.
    [[nodiscard]] std::optional<ByteRequest> takeRequest();
    // See JsByteSource::prepareReceive()/receive(); for the operation's current read.
    [[nodiscard]] std::uint8_t* prepareReceive(std::uint64_t offset, std::size_t length);
    void receive();
    // The read could not be done: the operation stops with `message`.
    void failSource(std::string message);
    // Progress of the operation (0..1).
    [[nodiscard]] double progress() const;

    // ---- its answer (once step() said Done)
    [[nodiscard]] bool failed() const { return m_error.has_value(); }
    [[nodiscard]] const std::string& resultJson() const { return m_result; }
    [[nodiscard]] std::string errorJson() const;
    // The file an export wrote; empty after it was taken or for other operations.
    [[nodiscard]] std::vector<std::uint8_t> takeResultBytes() { return std::move(m_resultBytes); }

private:
    enum class Operation : std::uint8_t { None, Open, Frame, Pass, Filter, Export };

    void begin(Operation operation);
    void succeed(std::string json);
    void fail(ApiError error);
    // False (and the operation failed) before the first pass is done.
    bool requireOpened();
    // Conversations or endpoints of one type: the first pass's table, or one over `filterText`.
    template <typename Table>
    void startTypedTable(const std::string& type, const std::string& filterText, std::string_view tableName,
                         const Table& (CaptureStatistics::*firstPassTable)(ConversationType) const);
    // The conversation type named `type`; fails the operation (naming `table`) when none is.
    std::optional<ConversationType> conversationType(const std::string& type, std::string_view table);
    // The compiled filter; null (and the operation failed with the filter's error) when it
    // does not compile.
    std::unique_ptr<filter::DisplayFilter> compileFilter(const std::string& filterText);
    // Starts a pass over the capture feeding `analyzer`, dissected with `mask`; `answer`
    // gives the operation's JSON at its end.
    void startPass(std::shared_ptr<FrameAnalyzer> analyzer, const proto::FieldMask& mask,
                   std::function<std::string()> answer);
    void startFilteredStatistic(const std::string& filterText, FilteredStatistic::OnFrame onFrame,
                                std::function<void()> onFinish, std::function<std::string()> json);
    [[nodiscard]] JsByteSource* activeSource();
    ApiStatus stepOpen(std::chrono::steady_clock::duration budget);
    ApiStatus stepFrame();
    ApiStatus stepPass(std::chrono::steady_clock::duration budget);
    ApiStatus stepFilter(std::chrono::steady_clock::duration budget);
    ApiStatus stepExport(std::chrono::steady_clock::duration budget);

    std::uint64_t m_streamSize;
    // The model refers to the source and the analyzers: declared after them, destroyed before.
    JsByteSource m_source;
    StatisticsAnalyzer m_statistics;
    ProtocolStacks m_stacks;
    CaptureModel m_model;

    // The pass of findings() or of a filtered statistic, with the analyzer it feeds.
    std::shared_ptr<FrameAnalyzer> m_passAnalyzer;
    std::unique_ptr<AnalysisPass> m_pass;
    std::function<std::string()> m_passAnswer;
    std::optional<std::string> m_findingsJson;  // kept: the findings never change
    std::unique_ptr<FilterJob> m_filterJob;
    std::unique_ptr<ExportJob> m_exportJob;

    Operation m_operation = Operation::None;
    std::uint64_t m_frameNumber = 0;
    std::string m_result;
    std::vector<std::uint8_t> m_resultBytes;
    std::optional<ApiError> m_error;
};

}  // namespace caplens::wasm
