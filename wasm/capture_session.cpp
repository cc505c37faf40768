#include "wasm/capture_session.hpp"

#include <algorithm>
#include <string>

#include "core/util/json_writer.hpp"
#include "core/util/time_format.hpp"

namespace caplens::wasm {
namespace {

// The packet list's cache of formatted rows: enough for a few screens of scrolling.
constexpr std::size_t kCachedRows = 4096;

// "trace.pcapng.gz" exported as pcap -> "trace-export.pcap".
std::string exportFileName(const std::string& captureName, ExportFormat format) {
    std::string stem = captureName;
    for (const char* suffix : {".gz", ".pcapng", ".pcap", ".cap", ".ntar", ".erf", ".snoop"}) {
        const std::string_view s(suffix);
        if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) {
            stem.resize(stem.size() - s.size());
        }
    }
    if (stem.empty()) stem = "capture";
    return stem + "-export." + std::string(exportFormatName(format));
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

const char* sessionPhaseName(SessionPhase phase) {
    switch (phase) {
        case SessionPhase::Decompressing: return "decompressing";
        case SessionPhase::Reading: return "reading";
        case SessionPhase::Done: return "done";
        case SessionPhase::Failed: return "failed";
    }
    return "failed";
}

CaptureSession::CaptureSession(int id, std::string fileName, std::uint64_t fileSize, bool gzip)
    : m_id(id), m_phase(gzip ? SessionPhase::Decompressing : SessionPhase::Reading) {
    m_info.fileName = std::move(fileName);
    m_info.fileSize = fileSize;
    m_info.gzip = gzip;
}

CaptureSession::~CaptureSession() = default;

void CaptureSession::setDecompressProgress(double fraction) {
    m_decompressProgress = std::clamp(fraction, 0.0, 1.0);
}

void CaptureSession::startReading(std::uint64_t streamSize) {
    if (finished() || m_model) return;
    m_phase = SessionPhase::Reading;
    m_decompressProgress = 1.0;
    m_streamSize = streamSize;
    m_openStarted = std::chrono::steady_clock::now();
    m_source = std::make_unique<JsByteSource>(streamSize);
    m_model = std::make_unique<CaptureModel>(*m_source, m_info.fileName, m_info.fileSize, m_info.gzip);
    m_model->addAnalyzer(m_stats);
}

void CaptureSession::failSource(int channel, std::string message) {
    if (channel != kModelChannel) {
        if (JsByteSource* source = sourceOf(channel)) source->fail(std::move(message));
        return;
    }
    if (finished()) {
        // A frame read again failed: the model reports it through frameReadFailed().
        if (m_source) m_source->fail(std::move(message));
        return;
    }
    const std::uint64_t offset = streamPosition();
    m_phase = SessionPhase::Failed;
    m_sourceError = {CaptureErrorCode::SourceFailure, message, offset};
    if (m_source) {
        // Let the first pass stop at the failure so that its figures and offset stay consistent.
        m_source->fail(std::move(message));
        m_model->stepOpen(std::chrono::milliseconds(1));
    }
    refreshInfo();
    finishOpen();
}

void CaptureSession::cancelReading() {
    if (finished()) return;
    const std::uint64_t offset = streamPosition();
    failSource(kModelChannel, kCancelledMessage);
    // Not a failure of the file: say where reading stopped, whatever the reader made of it.
    m_info.error = {CaptureErrorCode::Cancelled, kCancelledMessage, offset};
}

JsByteSource* CaptureSession::sourceOf(int channel) {
    switch (channel) {
        case kModelChannel: return m_source.get();
        case kFilterChannel: return m_filterJob ? &m_filterJob->source() : nullptr;
        case kExportChannel: return m_exportJob ? &m_exportJob->source() : nullptr;
        case kFingerprintChannel: return m_fingerprintJob ? &m_fingerprintJob->source() : nullptr;
        case kFollowChannel: return m_followJob ? &m_followJob->source() : nullptr;
        default: return nullptr;
    }
}

std::uint8_t* CaptureSession::prepareReceive(int channel, std::uint64_t offset, std::size_t length) {
    JsByteSource* source = sourceOf(channel);
    return source != nullptr ? source->prepareReceive(offset, length) : nullptr;
}

void CaptureSession::receive(int channel) {
    if (JsByteSource* source = sourceOf(channel)) source->receive();
}

void CaptureSession::step(std::chrono::steady_clock::duration budget) {
    if (m_phase == SessionPhase::Reading && m_model) {
        // Nothing to do until the outstanding read has been answered.
        if (m_source->awaitingBytes()) return;
        switch (m_model->stepOpen(budget)) {
            case JobStatus::Done: m_phase = SessionPhase::Done; break;
            case JobStatus::Failed: m_phase = SessionPhase::Failed; break;
            case JobStatus::Running:
            case JobStatus::WaitingForBytes: break;
        }
        refreshInfo();
        if (finished()) finishOpen();
        return;
    }
    if (!finished()) return;
    if (m_filterJob) m_filterJob->step(budget);
    if (m_fingerprintJob && !m_fingerprintJob->finished()) m_fingerprintJob->step();
    if (m_followJob) m_followJob->step(budget);
    stepExport(budget);
    stepSort(budget);
}

void CaptureSession::finishOpen() {
    if (!m_model || m_openSeconds) return;
    m_openSeconds = secondsSince(m_openStarted);
    m_summary = buildSummary(m_stats.statistics(), m_model->hierarchy());
    m_tables.emplace(m_stats.statistics(), m_model->hierarchy());
    m_fingerprintJob = std::make_unique<FingerprintJob>(m_streamSize);
}

std::optional<ChannelRequest> CaptureSession::takeByteRequest() {
    if (m_source && m_phase != SessionPhase::Decompressing) {
        if (auto request = m_source->takeRequest()) {
            ++m_readsRequested;
            return ChannelRequest{kModelChannel, *request};
        }
    }
    for (const int channel : {kFilterChannel, kExportChannel, kFingerprintChannel, kFollowChannel}) {
        JsByteSource* source = sourceOf(channel);
        if (source == nullptr) continue;
        if (auto request = source->takeRequest()) return ChannelRequest{channel, *request};
    }
    return std::nullopt;
}

void CaptureSession::refreshInfo() {
    if (!m_model) {
        if (m_sourceError) m_info.error = m_sourceError;
        return;
    }
    m_info = m_model->info();
    if (!m_info.error && m_sourceError) m_info.error = m_sourceError;
}

double CaptureSession::phaseProgress() const {
    switch (m_phase) {
        case SessionPhase::Decompressing: return m_decompressProgress;
        case SessionPhase::Reading: return m_model ? std::clamp(m_model->openProgress(), 0.0, 1.0) : 0.0;
        case SessionPhase::Done:
        case SessionPhase::Failed: return 1.0;
    }
    return 1.0;
}

double CaptureSession::progress() const {
    if (finished()) return 1.0;
    const double phase = phaseProgress();
    // Never report 1 before the end: the page's test hook waits for exactly 1.
    const double overall = m_info.gzip ? (m_phase == SessionPhase::Decompressing ? 0.5 * phase
                                                                                : 0.5 + 0.5 * phase)
                                       : phase;
    return std::min(overall, 0.999);
}

std::uint64_t CaptureSession::streamPosition() const {
    if (!m_model) return 0;
    // The source's last read offset: where the first pass has got to.
    return finished() ? m_streamSize
                      : std::min(static_cast<std::uint64_t>(m_source->progress() * static_cast<double>(m_streamSize)),
                                 m_streamSize);
}

// ---- the packet list

const PacketRow* CaptureSession::row(std::uint64_t number) {
    if (auto it = m_rows.find(number); it != m_rows.end()) return &it->second;
    if (!finished() || !m_model || number == 0 || number > m_model->frameCount()) return nullptr;
    // While a sort reads the frames in order, rows read elsewhere would make it jump back and
    // forth through the file: the list shows what is cached until the order is ready.
    if (sorting() && m_order) return nullptr;
    const proto::Packet* packet =
        m_model->dissectFrame(number, proto::DissectionMode::Filter, &m_coloring.mask(), true);
    if (packet == nullptr) return nullptr;
    if (m_rows.size() >= kCachedRows) m_rows.clear();
    const proto::FrameInfo& frame = packet->frame();
    PacketRow row;
    row.number = number;
    row.sinceFirstNs = frame.sinceFirstNs;
    row.sincePreviousNs = frame.sincePreviousNs;
    row.timestampNs = frame.timestampNs;
    row.source = packet->sourceColumn();
    row.destination = packet->destinationColumn();
    row.protocol = std::string(packet->protocolColumn());
    row.length = frame.originalLength;
    row.info = packet->infoText();
    row.coloringRule = m_coloring.match(*packet);
    return &m_rows.emplace(number, std::move(row)).first->second;
}

std::uint64_t CaptureSession::baseCount() const {
    if (m_filterJob) return m_filterJob->matches().size();
    return frameCount();
}

std::uint64_t CaptureSession::baseFrame(std::uint64_t index) const {
    if (m_filterJob) return m_filterJob->matches()[index];
    return index + 1;
}

std::optional<std::uint64_t> CaptureSession::baseIndexOf(std::uint64_t number) const {
    if (number == 0) return std::nullopt;
    if (!m_filterJob) {
        if (number > frameCount()) return std::nullopt;
        return number - 1;
    }
    const auto& m = m_filterJob->matches();
    const auto it = std::lower_bound(m.begin(), m.end(), number);
    if (it == m.end() || *it != number) return std::nullopt;
    return static_cast<std::uint64_t>(it - m.begin());
}

std::uint64_t CaptureSession::displayedCount() const { return baseCount(); }

std::uint64_t CaptureSession::displayedFrame(std::uint64_t index) const {
    if (m_order && m_order->ready()) return m_order->frame(index);
    return baseFrame(index);
}

std::optional<std::uint64_t> CaptureSession::displayedIndexOf(std::uint64_t number) const {
    if (m_order && m_order->ready()) return m_order->indexOf(number);
    return baseIndexOf(number);
}

std::optional<TimestampNs> CaptureSession::previousDisplayedTime(std::uint64_t number) const {
    if (!m_model) return std::nullopt;
    std::optional<std::uint64_t> previous;
    if (!m_filterJob) {
        if (number > 1) previous = number - 1;
    } else {
        const auto& m = m_filterJob->matches();
        const auto it = std::lower_bound(m.begin(), m.end(), number);
        if (it != m.begin()) previous = *(it - 1);
    }
    if (!previous) return std::nullopt;
    return m_model->index().frame(*previous).timestampNs;
}

// ---- sorting

void CaptureSession::sortBy(SortSpec spec) {
    if (spec == m_sortSpec && (spec.isNatural() || m_order)) return;
    m_sortSpec = spec;
    m_order.reset();
}

void CaptureSession::stepSort(std::chrono::steady_clock::duration budget) {
    if (m_sortSpec.isNatural() || filtering() || !m_model) return;
    if (!m_order) {
        std::vector<std::uint64_t> frames(baseCount());
        for (std::uint64_t i = 0; i < frames.size(); ++i) frames[i] = baseFrame(i);
        m_order = std::make_unique<PacketOrder>(std::move(frames), m_sortSpec, *m_model);
    }
    m_order->step(*m_model, budget);
}

// ---- the display filter

bool CaptureSession::applyFilter(const std::string& text) {
    if (!finished() || !m_model) return false;
    filter::CompileResult compiled = filter::compile(text);
    if (!compiled) {
        m_filterError = compiled.error;
        return false;
    }
    m_filterError.reset();
    m_appliedFilter = text;
    m_order.reset();  // the sort applies again to the new frames once their pass ends
    if (compiled.filter->matchesEverything()) {
        replaceFilterJob(nullptr);
        return true;
    }
    replaceFilterJob(std::make_unique<FilterJob>(m_streamSize, std::move(compiled.filter), m_model->frameCount(),
                                                 m_limitStatistics));
    return true;
}

void CaptureSession::cancelFilter() {
    if (!filtering()) return;
    replaceFilterJob(nullptr);
    m_appliedFilter.clear();
    m_order.reset();
}

void CaptureSession::replaceFilterJob(std::unique_ptr<FilterJob> job) {
    m_displayedTables.reset();  // they read the old job's statistics
    m_filterJob = std::move(job);
}

void CaptureSession::limitStatisticsToFilter(bool on) {
    if (on == m_limitStatistics) return;
    m_limitStatistics = on;
    if (on && m_filterJob && !m_filterJob->collectsStatistics()) (void)applyFilter(std::string(m_appliedFilter));
}

StatisticsTables* CaptureSession::displayedTables() {
    const DisplayedStatistics* stats = m_limitStatistics && m_filterJob ? m_filterJob->statistics() : nullptr;
    if (stats == nullptr) return nullptr;
    if (!m_displayedTables) m_displayedTables.emplace(stats->statistics, stats->hierarchy);
    return &*m_displayedTables;
}

// ---- export

bool CaptureSession::startExport(const std::string& filterText, std::optional<ExportFormat> format) {
    if (!finished() || !m_model) return false;
    if (m_exportJob) {
        m_exportError = "An export is already running.";
        return false;
    }
    std::unique_ptr<filter::DisplayFilter> compiled;
    if (!filterText.empty()) {
        filter::CompileResult result = filter::compile(filterText);
        if (!result) {
            m_exportError = result.error.message;
            return false;
        }
        compiled = std::move(result.filter);
    }
    m_exportError.clear();
    m_exportResult.reset();
    m_exportJob = std::make_unique<ExportJob>(m_streamSize, std::move(compiled), format, m_model->frameCount());
    return true;
}

void CaptureSession::stepExport(std::chrono::steady_clock::duration budget) {
    if (!m_exportJob) return;
    (void)m_exportJob->step(budget);
    if (!m_exportJob->finished()) return;
    const std::unique_ptr<ExportJob> job = std::move(m_exportJob);
    ExportResult result;
    result.frames = job->framesWritten();
    if (job->error()) {
        result.error = job->error().message;
    } else {
        const ExportFormat written = job->format().value_or(ExportFormat::Pcap);
        result.fileName = exportFileName(m_info.fileName, written);
        result.bytes = job->takeBytes();
        if (job->readError()) {
            result.error = job->readError().message;
            result.complete = false;
        }
    }
    m_exportResult = std::move(result);
}

std::optional<ExportResult> CaptureSession::takeExportResult() {
    std::optional<ExportResult> result = std::move(m_exportResult);
    m_exportResult.reset();
    return result;
}

// ---- Follow TCP/UDP Stream

std::optional<CaptureSession::StreamRef> CaptureSession::streamOf(std::uint64_t number) {
    if (!finished() || !m_model || number == 0 || number > m_model->frameCount()) return std::nullopt;
    const proto::Packet* packet = m_model->dissectFrame(number, proto::DissectionMode::Fast, nullptr, false);
    if (packet == nullptr) return std::nullopt;
    std::optional<StreamRef> found;
    for (const proto::TapRecord& tap : packet->taps()) {
        if (tap.inErrorPacket || tap.portsOnly) continue;
        if (tap.kind == proto::TapKind::Tcp) found = StreamRef{FollowProtocol::Tcp, tap.stream};
        if (tap.kind == proto::TapKind::Udp && !(found && found->protocol == FollowProtocol::Tcp)) {
            found = StreamRef{FollowProtocol::Udp, tap.stream};
        }
    }
    return found;
}

void CaptureSession::startFollow(StreamRef stream) {
    if (!finished() || !m_model) return;
    m_followTarget = stream;
    ++m_followGeneration;
    m_followJob = std::make_unique<FollowJob>(m_streamSize, stream.protocol, stream.stream, m_model->frameCount());
}

// ---- view links

std::optional<CaptureFingerprint> CaptureSession::fingerprint() const {
    if (!m_fingerprintJob || !m_fingerprintJob->finished() || m_fingerprintJob->hash().empty()) return std::nullopt;
    return CaptureFingerprint{m_info.fileName, m_info.fileSize.value_or(m_streamSize), frameCount(), m_fingerprintJob->hash()};
}

// ---- the selected frame

void CaptureSession::select(std::uint64_t number) {
    if (number == m_selected) return;
    m_selected = number;
    m_details.reset();
    m_selectedNode = -1;
}

const FrameDetails* CaptureSession::details() {
    if (m_details) return &*m_details;
    if (m_selected == 0 || !finished() || !m_model) return nullptr;
    const proto::Packet* packet = m_model->dissectFrame(m_selected, proto::DissectionMode::Tree, nullptr, true);
    if (packet == nullptr) return nullptr;
    m_details = buildFrameDetails(*packet);
    return &*m_details;
}

// ---- the test hook

void CaptureSession::writeStateMembers(JsonWriter& w) const {
    const CaptureProperties& p = m_info.properties;
    const auto optionalString = [&](const std::optional<TimestampNs>& t) -> JsonWriter& {
        return t ? w.value(std::to_string(*t)) : w.null();
    };
    w.key("file").value(m_info.fileName);
    w.key("file_size").value(m_info.fileSize);
    w.key("gzip").value(m_info.gzip);
    w.key("phase").value(sessionPhaseName(m_phase));
    w.key("progress").value(progress());
    w.key("reads").value(m_readsRequested);
    w.key("format").value(captureFormatName(m_info.format));
    w.key("encapsulations").beginArray();
    for (const auto& name : encapsulationNames(m_info)) w.value(name);
    w.endArray();
    w.key("frames").value(p.frames);
    w.key("bytes").value(p.bytes);
    w.key("captured_bytes").value(p.capturedBytes);
    w.key("start_ns");
    optionalString(p.start);
    w.key("end_ns");
    optionalString(p.end);
    w.key("truncated_frames").value(p.truncatedFrames);
    w.key("interfaces").value(static_cast<std::uint64_t>(m_info.metadata.interfaces.size()));
    w.key("error");
    if (m_info.error) {
        w.value(m_info.error.message);
        w.key("error_offset").value(m_info.error.offset);
    } else {
        w.null();
        w.key("error_offset").null();
    }
    // Exactly what `caplens info --json` prints for the same file (same code).
    w.key("info").raw(captureInfoJson(m_info));
    w.key("indexed_frames").value(frameCount());
    w.key("open_seconds");
    m_openSeconds ? w.value(*m_openSeconds) : w.null();

    w.key("filter").value(m_appliedFilter);
    w.key("filter_running").value(filtering());
    w.key("filter_progress").value(filterProgress());
    w.key("filter_seconds");
    filterSeconds() ? w.value(*filterSeconds()) : w.null();
    w.key("displayed").value(displayedCount());
    w.key("statistics_limited").value(m_limitStatistics);
    w.key("sort").beginObject();
    w.key("column").value(packetColumnName(m_sortSpec.column));
    w.key("ascending").value(m_sortSpec.ascending);
    w.key("running").value(sorting());
    w.key("progress").value(sorting() ? sortProgress() : 1.0);
    w.endObject();
    w.key("selected").value(m_selected);
    w.key("summary");
    if (m_summary) {
        const Summary& sm = *m_summary;
        const auto seconds = [&](const std::optional<std::int64_t>& ns) -> JsonWriter& {
            return ns ? w.value(static_cast<double>(*ns) / 1e9) : w.null();
        };
        const auto rows = [&](const char* key, const std::vector<SummaryRow>& list) {
            w.key(key).beginArray();
            for (const SummaryRow& r : list) {
                w.beginObject();
                w.key("label").value(r.label);
                w.key("frames").value(r.frames);
                w.key("filter").value(r.filter);
                w.endObject();
            }
            w.endArray();
        };
        w.beginObject();
        w.key("capture_side").value(sm.captureSide);
        w.key("handshakes").value(sm.handshakes);
        w.key("established").value(sm.established);
        w.key("unanswered").value(sm.unanswered);
        w.key("rtt_count").value(static_cast<std::uint64_t>(sm.rttsNs.size()));
        w.key("slowest").beginArray();
        for (const SummaryConnection& c : sm.slowest) {
            w.beginObject();
            w.key("stream").value(static_cast<std::uint64_t>(c.stream));
            w.key("client").value(c.client);
            w.key("server").value(c.server);
            w.key("syn_to_synack_s");
            seconds(c.synToSynAckNs);
            w.key("irtt_s");
            seconds(c.irttNs);
            w.key("rtt_s");
            seconds(c.rttNs);
            w.key("outcome").value(c.outcome);
            w.key("filter").value(c.filter);
            w.endObject();
        }
        w.endArray();
        w.key("protocols").beginArray();
        for (const SummaryProtocol& p : sm.protocols) {
            w.beginObject();
            w.key("name").value(p.abbrev);
            w.key("depth").value(static_cast<std::uint64_t>(p.depth));
            w.key("frames").value(p.frames);
            w.key("bytes").value(p.bytes);
            w.endObject();
        }
        w.endArray();
        w.key("flagged").beginArray();
        for (const SummaryProtocol& p : sm.flagged) {
            w.beginObject();
            w.key("name").value(p.abbrev);
            w.key("frames").value(p.frames);
            w.key("reason").value(p.flagReason);
            w.endObject();
        }
        w.endArray();
        rows("destinations", sm.destinations);
        rows("ports", sm.ports);
        w.key("truncated_frames").value(sm.truncatedFrames);
        w.endObject();
    } else {
        w.null();
    }
    w.key("coloring_rules").beginArray();
    for (const ColoringRule& rule : m_coloring.rules()) {
        if (rule.filter) w.value(rule.name);
    }
    w.endArray();
}

}  // namespace caplens::wasm
