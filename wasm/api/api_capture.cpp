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

void ApiCapture::startPhs() {
    if (requireOpened()) succeed(m_model.hierarchy().json());
}

void ApiCapture::startRtt() {
    if (requireOpened()) succeed(m_statistics.statistics().handshakes().json());
}

void ApiCapture::startConversations(const std::string& type) {
    if (!requireOpened()) return;
    if (const auto parsed = conversationType(type, "conversation")) {
        succeed(m_statistics.statistics().conversations(*parsed).json());
    }
}

void ApiCapture::startEndpoints(const std::string& type) {
    if (!requireOpened()) return;
    if (const auto parsed = conversationType(type, "endpoint")) {
        succeed(m_statistics.statistics().endpoints(*parsed).json());
    }
}

std::optional<ConversationType> ApiCapture::conversationType(const std::string& type, std::string_view table) {
    const auto parsed = parseConversationType(type);
    if (!parsed) {
        fail(plainError("the " + std::string(table) + " type must be eth, ip, ipv6, tcp or udp (not '" + type + "')"));
    }
    return parsed;
}

void ApiCapture::startDests(const std::string& type) {
    if (!requireOpened()) return;
    if (!type.empty() && type != "ip" && type != "ipv6") {
        fail(plainError("the destinations type must be ip or ipv6 (not '" + type + "')"));
        return;
    }
    const CaptureStatistics& stats = m_statistics.statistics();
    succeed(destinationsJson(type != "ipv6" ? &stats.destinations(IpVersion::V4) : nullptr,
                             type != "ip" ? &stats.destinations(IpVersion::V6) : nullptr));
}

void ApiCapture::startFindings() {
    if (!requireOpened()) return;
    if (m_findingsJson) {
        succeed(*m_findingsJson);
        return;
    }
    if (!m_findingsPass) {
        m_findings = std::make_unique<findings::FindingsAnalyzer>();
        m_findingsPass = std::make_unique<AnalysisPass>(m_streamSize, *m_findings, m_findings->mask(), m_model.frameCount());
    }
    begin(Operation::Findings);
}

void ApiCapture::startFilter(const std::string& expression) {
    if (!requireOpened()) return;
    filter::CompileResult compiled = filter::compile(expression);
    if (!compiled) {
        const filter::FilterError& e = compiled.error;
        fail({e.message, e.column - 1, e.column, e.endColumn});
        return;
    }
    m_filterJob = std::make_unique<FilterJob>(m_streamSize, std::move(compiled.filter), m_model.frameCount());
    begin(Operation::Filter);
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
        case Operation::Findings: return stepFindings(budget);
        case Operation::Filter: return stepFilter(budget);
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

ApiStatus ApiCapture::stepFindings(std::chrono::steady_clock::duration budget) {
    const JobStatus status = m_findingsPass->step(budget);
    if (!m_findingsPass->finished()) {
        return status == JobStatus::WaitingForBytes ? ApiStatus::WaitingForBytes : ApiStatus::Running;
    }
    // As `caplens findings`: the findings of the frames read, even when the capture is damaged.
    m_findingsJson = m_findings->json();
    m_findingsPass.reset();
    succeed(*m_findingsJson);
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

JsByteSource* ApiCapture::activeSource() {
    switch (m_operation) {
        case Operation::Open:
        case Operation::Frame: return &m_source;
        case Operation::Findings: return m_findingsPass ? &m_findingsPass->source() : nullptr;
        case Operation::Filter: return m_filterJob ? &m_filterJob->source() : nullptr;
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
        case Operation::Findings: return m_findingsPass ? m_findingsPass->progress() : 1.0;
        case Operation::Filter: return m_filterJob ? m_filterJob->progress() : 1.0;
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
