#include "wasm/api/api_capture.hpp"

#include <string>

#include "core/analysis/conversations.hpp"
#include "core/capture/capture_info.hpp"
#include "core/capture/frame_details.hpp"
#include "core/filter/display_filter.hpp"
#include "core/util/json_writer.hpp"

namespace caplens::wasm {
namespace {

bool terminal(JobStatus status) { return status == JobStatus::Done || status == JobStatus::Failed; }

// An error about the request itself, at no offset.
ApiError plainError(std::string message) { return {std::move(message), std::nullopt, std::nullopt, std::nullopt}; }

ApiError noSuchFrame(std::uint64_t number, std::uint64_t frames) {
    return plainError("the capture has " + std::to_string(frames) + " frames; there is no frame " + std::to_string(number));
}

std::string jsonString(std::string_view text) {
    JsonWriter w;
    w.value(text);
    return w.take();
}

}  // namespace

ApiCapture::ApiCapture(std::string fileName, std::uint64_t fileSize, bool gzip, std::uint64_t streamSize)
    : m_streamSize(streamSize), m_source(streamSize), m_model(m_source, std::move(fileName), fileSize, gzip) {
    m_model.addAnalyzer(m_statistics);
    m_model.addAnalyzer(m_stacks);
}

// ---- starting an operation

void ApiCapture::begin(Operation operation) {
    m_operation = operation;
    m_result.clear();
    m_resultBytes.clear();
    m_error.reset();
}

void ApiCapture::succeed(std::string json) {
    m_operation = Operation::None;
    m_result = std::move(json);
    m_error.reset();
}

void ApiCapture::fail(ApiError error) {
    m_operation = Operation::None;
    m_result.clear();
    m_error = std::move(error);
}

bool ApiCapture::requireOpened() {
    if (m_model.opened()) return true;
    fail(plainError("the capture has not been read yet: wait for open() to finish"));
    return false;
}

void ApiCapture::startOpen() {
    if (m_model.opened()) {
        startInfo();
        return;
    }
    begin(Operation::Open);
}

void ApiCapture::startInfo() {
    if (requireOpened()) succeed(captureInfoJson(m_model.info()));
}

void ApiCapture::startPhs(const std::string& filterText) {
    if (!requireOpened()) return;
    if (filterText.empty()) {
        succeed(m_model.hierarchy().json());
        return;
    }
    auto hierarchy = std::make_shared<ProtocolHierarchy>();
    startFilteredStatistic(
        filterText,
        [hierarchy](const CapturedFrame& frame, const proto::Packet& packet) {
            hierarchy->add(packet.hierarchyPath(), frame.originalLength);
        },
        {}, [hierarchy] { return hierarchy->json(); });
}

void ApiCapture::startRtt(const std::string& filterText) {
    if (!requireOpened()) return;
    if (filterText.empty()) {
        succeed(m_statistics.statistics().handshakes().json());
        return;
    }
    auto report = std::make_shared<HandshakeReport>();
    startFilteredStatistic(
        filterText, [report](const CapturedFrame& frame, const proto::Packet& packet) { report->onFrame(frame, packet); },
        [report] { report->finish(); }, [report] { return report->json(); });
}

void ApiCapture::startConversations(const std::string& type, const std::string& filterText) {
    startTypedTable<Conversations>(type, filterText, "conversation", &CaptureStatistics::conversations);
}

void ApiCapture::startEndpoints(const std::string& type, const std::string& filterText) {
    startTypedTable<Endpoints>(type, filterText, "endpoint", &CaptureStatistics::endpoints);
}

template <typename Table>
void ApiCapture::startTypedTable(const std::string& type, const std::string& filterText, std::string_view tableName,
                                 const Table& (CaptureStatistics::*firstPassTable)(ConversationType) const) {
    if (!requireOpened()) return;
    const auto parsed = conversationType(type, tableName);
    if (!parsed) return;
    if (filterText.empty()) {
        succeed((m_statistics.statistics().*firstPassTable)(*parsed).json());
        return;
    }
    auto table = std::make_shared<Table>(*parsed);
    startFilteredStatistic(
        filterText, [table](const CapturedFrame& frame, const proto::Packet& packet) { table->onFrame(frame, packet); },
        {}, [table] { return table->json(); });
}

std::optional<ConversationType> ApiCapture::conversationType(const std::string& type, std::string_view table) {
    const auto parsed = parseConversationType(type);
    if (!parsed) {
        fail(plainError("the " + std::string(table) + " type must be eth, ip, ipv6, tcp or udp (not '" + type + "')"));
    }
    return parsed;
}

void ApiCapture::startDests(const std::string& type, const std::string& filterText) {
    if (!requireOpened()) return;
    if (!type.empty() && type != "ip" && type != "ipv6") {
        fail(plainError("the destinations type must be ip or ipv6 (not '" + type + "')"));
        return;
    }
    const bool v4 = type != "ipv6";
    const bool v6 = type != "ip";
    if (filterText.empty()) {
        const CaptureStatistics& stats = m_statistics.statistics();
        succeed(destinationsJson(v4 ? &stats.destinations(IpVersion::V4) : nullptr,
                                 v6 ? &stats.destinations(IpVersion::V6) : nullptr));
        return;
    }
    auto tables = std::make_shared<std::pair<DestinationsAndPorts, DestinationsAndPorts>>(IpVersion::V4, IpVersion::V6);
    startFilteredStatistic(
        filterText,
        [tables](const CapturedFrame& frame, const proto::Packet& packet) {
            const FrameTaps taps(packet);
            tables->first.onFrame(frame, packet, taps);
            tables->second.onFrame(frame, packet, taps);
        },
        {}, [tables, v4, v6] { return destinationsJson(v4 ? &tables->first : nullptr, v6 ? &tables->second : nullptr); });
}

void ApiCapture::startFilteredStatistic(const std::string& filterText, FilteredStatistic::OnFrame onFrame,
                                        std::function<void()> onFinish, std::function<std::string()> json) {
    auto compiled = compileFilter(filterText);
    if (!compiled) return;
    auto statistic = std::make_shared<FilteredStatistic>(std::move(compiled), std::move(onFrame), std::move(onFinish),
                                                         std::move(json));
    startPass(statistic, statistic->mask(), [statistic] { return statistic->json(); });
}

void ApiCapture::startPass(std::shared_ptr<FrameAnalyzer> analyzer, const proto::FieldMask& mask,
                           std::function<std::string()> answer) {
    m_pass = std::make_unique<AnalysisPass>(m_streamSize, *analyzer, mask, m_model.frameCount());
    m_passAnalyzer = std::move(analyzer);
    m_passAnswer = std::move(answer);
    begin(Operation::Pass);
}

std::unique_ptr<filter::DisplayFilter> ApiCapture::compileFilter(const std::string& filterText) {
    filter::CompileResult compiled = filter::compile(filterText);
    if (!compiled) {
        const filter::FilterError& e = compiled.error;
        fail({e.message, e.column - 1, e.column, e.endColumn});
    }
    return std::move(compiled.filter);
}

void ApiCapture::startFindings() {
    if (!requireOpened()) return;
    if (m_findingsJson) {
        succeed(*m_findingsJson);
        return;
    }
    auto analyzer = std::make_shared<findings::FindingsAnalyzer>();
    // As `caplens findings`: the findings of the frames read, even when the capture is damaged.
    startPass(analyzer, analyzer->mask(), [this, analyzer] {
        m_findingsJson = analyzer->json();
        return *m_findingsJson;
    });
}

void ApiCapture::startFilter(const std::string& expression) {
    if (!requireOpened()) return;
    auto compiled = compileFilter(expression);
    if (!compiled) return;
    m_filterJob = std::make_unique<FilterJob>(m_streamSize, std::move(compiled), m_model.frameCount());
    begin(Operation::Filter);
}

void ApiCapture::startExport(const std::string& filterText, const std::string& format) {
    if (!requireOpened()) return;
    std::optional<ExportFormat> chosen;
    if (!format.empty()) {
        chosen = parseExportFormat(format);
        if (!chosen) {
            fail(plainError("unknown export format '" + format + "' (pcap or pcapng)"));
            return;
        }
    }
    std::unique_ptr<filter::DisplayFilter> compiled;
    if (!filterText.empty()) {
        compiled = compileFilter(filterText);
        if (!compiled) return;
    }
    m_exportJob = std::make_unique<ExportJob>(m_streamSize, std::move(compiled), chosen, m_model.frameCount());
    begin(Operation::Export);
}

void ApiCapture::startFrame(std::uint64_t number) {
    if (!requireOpened()) return;
    if (number == 0 || number > m_model.frameCount()) {
        fail(noSuchFrame(number, m_model.frameCount()));
        return;
    }
    m_frameNumber = number;
    begin(Operation::Frame);
}

void ApiCapture::startProtocols(std::uint64_t number) {
    if (!requireOpened()) return;
    if (number > m_stacks.size()) {
        fail(noSuchFrame(number, m_stacks.size()));
        return;
    }
    if (number != 0) {
        succeed(jsonString(m_stacks.stack(number)));
        return;
    }
    JsonWriter w;
    w.beginArray();
    for (std::uint64_t n = 1; n <= m_stacks.size(); ++n) w.value(m_stacks.stack(n));
    w.endArray();
    succeed(w.take());
}

// ---- running it

ApiStatus ApiCapture::step(std::chrono::steady_clock::duration budget) {
    switch (m_operation) {
        case Operation::None: return ApiStatus::Done;
        case Operation::Open: return stepOpen(budget);
        case Operation::Frame: return stepFrame();
        case Operation::Pass: return stepPass(budget);
        case Operation::Filter: return stepFilter(budget);
        case Operation::Export: return stepExport(budget);
    }
    return ApiStatus::Done;
}

ApiStatus ApiCapture::stepOpen(std::chrono::steady_clock::duration budget) {
    if (m_source.awaitingBytes()) return ApiStatus::WaitingForBytes;
    const JobStatus status = m_model.stepOpen(budget);
    if (terminal(status)) {
        startInfo();
        return ApiStatus::Done;
    }
    return status == JobStatus::WaitingForBytes ? ApiStatus::WaitingForBytes : ApiStatus::Running;
}

ApiStatus ApiCapture::stepFrame() {
    if (m_source.awaitingBytes()) return ApiStatus::WaitingForBytes;
    const proto::Packet* packet = m_model.dissectFrame(m_frameNumber, proto::DissectionMode::Tree, nullptr, true);
    if (packet != nullptr) {
        succeed(frameDetailsJson(buildFrameDetails(*packet)));
        return ApiStatus::Done;
    }
    if (m_model.frameReadFailed()) {
        const CaptureError& error = m_source.error();
        fail({"the bytes of frame " + std::to_string(m_frameNumber) + " could not be read again: " + error.message,
              error.offset, std::nullopt, std::nullopt});
        return ApiStatus::Done;
    }
    return ApiStatus::WaitingForBytes;
}

ApiStatus ApiCapture::stepPass(std::chrono::steady_clock::duration budget) {
    const JobStatus status = m_pass->step(budget);
    if (!m_pass->finished()) {
        return status == JobStatus::WaitingForBytes ? ApiStatus::WaitingForBytes : ApiStatus::Running;
    }
    std::string answer = m_passAnswer();
    m_pass.reset();
    m_passAnalyzer.reset();
    m_passAnswer = nullptr;
    succeed(std::move(answer));
    return ApiStatus::Done;
}

ApiStatus ApiCapture::stepFilter(std::chrono::steady_clock::duration budget) {
    const JobStatus status = m_filterJob->step(budget);
    if (!m_filterJob->finished()) {
        return status == JobStatus::WaitingForBytes ? ApiStatus::WaitingForBytes : ApiStatus::Running;
    }
    // As `caplens filter`: the frames passing before the damage, if any.
    JsonWriter w;
    w.beginArray();
    for (const std::uint64_t number : m_filterJob->matches()) w.value(number);
    w.endArray();
    m_filterJob.reset();
    succeed(w.take());
    return ApiStatus::Done;
}

ApiStatus ApiCapture::stepExport(std::chrono::steady_clock::duration budget) {
    const JobStatus status = m_exportJob->step(budget);
    if (!m_exportJob->finished()) {
        return status == JobStatus::WaitingForBytes ? ApiStatus::WaitingForBytes : ApiStatus::Running;
    }
    const std::unique_ptr<ExportJob> job = std::move(m_exportJob);
    if (const CaptureError& error = job->error()) {
        fail({error.message, error.offset, std::nullopt, std::nullopt});
        return ApiStatus::Done;
    }
    // As `caplens export`: a damaged capture's frames before the damage.
    JsonWriter w;
    w.beginObject();
    w.key("format").value(exportFormatName(*job->format()));
    w.key("frames").value(job->framesWritten());
    w.key("bytes").value(static_cast<std::uint64_t>(job->bytes().size()));
    w.endObject();
    succeed(w.take());
    m_resultBytes = job->takeBytes();
    return ApiStatus::Done;
}

JsByteSource* ApiCapture::activeSource() {
    switch (m_operation) {
        case Operation::Open:
        case Operation::Frame: return &m_source;
        case Operation::Pass: return m_pass ? &m_pass->source() : nullptr;
        case Operation::Filter: return m_filterJob ? &m_filterJob->source() : nullptr;
        case Operation::Export: return m_exportJob ? &m_exportJob->source() : nullptr;
        case Operation::None: return nullptr;
    }
    return nullptr;
}

std::optional<ByteRequest> ApiCapture::takeRequest() {
    JsByteSource* source = activeSource();
    return source ? source->takeRequest() : std::nullopt;
}

std::uint8_t* ApiCapture::prepareReceive(std::uint64_t offset, std::size_t length) {
    JsByteSource* source = activeSource();
    return source ? source->prepareReceive(offset, length) : nullptr;
}

void ApiCapture::receive() {
    if (JsByteSource* source = activeSource()) source->receive();
}

void ApiCapture::failSource(std::string message) {
    // The job sees the failure on its next read and stops there, so that its figures and
    // the error's offset stay consistent (a first pass reports it in info's error).
    if (JsByteSource* source = activeSource()) source->fail(std::move(message));
}

double ApiCapture::progress() const {
    switch (m_operation) {
        case Operation::Open: return m_model.openProgress();
        case Operation::Pass: return m_pass ? m_pass->progress() : 1.0;
        case Operation::Filter: return m_filterJob ? m_filterJob->progress() : 1.0;
        case Operation::Export: return m_exportJob ? m_exportJob->progress() : 1.0;
        case Operation::Frame:
        case Operation::None: return m_operation == Operation::None ? 1.0 : 0.0;
    }
    return 1.0;
}

std::string ApiCapture::errorJson() const {
    if (!m_error) return "null";
    JsonWriter w;
    w.beginObject();
    w.key("message").value(m_error->message);
    w.key("offset").value(m_error->offset);
    if (m_error->column) {
        w.key("column").value(static_cast<std::uint64_t>(*m_error->column));
        w.key("end_column").value(static_cast<std::uint64_t>(*m_error->endColumn));
    }
    w.endObject();
    return w.take();
}

}  // namespace caplens::wasm
