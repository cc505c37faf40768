// capture_session.hpp — one capture opened in the page: where its bytes come from, the model
// that reads it (frame index, protocol hierarchy, statistics), and the figures learnt so far.
//
// Life of a session (the page glue drives the first steps, the UI's frame loop the rest):
//   1. constructed when the user drops or picks a file (phase Decompressing for gzip files,
//      whose bytes the glue first inflates with DecompressionStream, else Reading);
//   2. startReading(size) once the byte stream is available;
//   3. step(budget) every animation frame runs the first pass (CaptureModel::stepOpen) and,
//      later, the display-filter pass; takeByteRequest() hands reads to the glue, which
//      answers through prepareReceive()/receive();
//   4. Done or Failed: info() holds the `caplens info` figures (and the error, if any), the
//      model re-dissects any frame on request (packet list, details tree), statistics() holds
//      the summary's analyses.
// Bytes travel on five channels, each with its own JsByteSource: kModelChannel (the first pass,
// then frames read again by offset), kFilterChannel (a filter pass reading the capture in
// order while the packet list keeps reading the frames on screen), kExportChannel (an
// export writing the frames a filter passes while the user goes on working),
// kFingerprintChannel (the two reads that identify the capture for view links) and
// kFollowChannel (Follow TCP/UDP Stream's pass).
// A new file gets a new session; answers meant for an old one are recognised by id().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/capture_statistics.hpp"
#include "core/capture/capture_info.hpp"
#include "core/capture/capture_model.hpp"
#include "core/capture/frame_details.hpp"
#include "wasm/coloring_rules.hpp"
#include "wasm/export_job.hpp"
#include "wasm/filter_job.hpp"
#include "wasm/fingerprint_job.hpp"
#include "wasm/follow_job.hpp"
#include "wasm/js_byte_source.hpp"
#include "wasm/packet_order.hpp"
#include "wasm/statistics_tables.hpp"
#include "wasm/summary.hpp"

namespace caplens {
class JsonWriter;
}

namespace caplens::wasm {

enum class SessionPhase : std::uint8_t {
    Decompressing,  // the page glue is inflating a gzip file
    Reading,        // the capture is being read
    Done,           // read to its end
    Failed,         // stopped at info().error; the figures cover the frames before it
};

// The error of a session whose reading the user cancelled.
inline constexpr const char* kCancelledMessage = "reading cancelled (Esc)";

// Byte channels (see the file comment).
inline constexpr int kModelChannel = 0;
inline constexpr int kFilterChannel = 1;
inline constexpr int kExportChannel = 2;
inline constexpr int kFingerprintChannel = 3;
inline constexpr int kFollowChannel = 4;

// A read for the page glue, on one of the channels.
struct ChannelRequest {
    int channel = kModelChannel;
    ByteRequest request;
};

// One row of the packet list, formatted.
struct PacketRow {
    std::uint64_t number = 0;
    std::int64_t sinceFirstNs = 0;
    std::int64_t sincePreviousNs = 0;
    TimestampNs timestampNs = kNoTimestamp;
    std::string source;
    std::string destination;
    std::string protocol;
    std::uint32_t length = 0;
    std::string info;
    int coloringRule = -1;  // index into ColoringRules::rules(), -1: none
};

// A finished export (File > Export Specified Packets), for the page to download.
struct ExportResult {
    std::string fileName;  // suggested: the capture's name with "-export" and the format's extension
    std::vector<std::uint8_t> bytes;  // the file; empty when `error` is set
    std::uint64_t frames = 0;
    std::string error;  // why there is no file; or, with a file, the capture's damage it stops at
    bool complete = true;  // false: the file holds the frames before the capture's damage
};

// The statistics of the first pass, as a FrameAnalyzer of the model.
class StatisticsAnalyzer final : public FrameAnalyzer {
public:
    void onFrame(const CapturedFrame& frame, const proto::Packet& packet) override { m_stats.onFrame(frame, packet); }
    void finish() override { m_stats.finish(); }
    [[nodiscard]] const CaptureStatistics& statistics() const { return m_stats; }

private:
    CaptureStatistics m_stats;
};

class CaptureSession {
public:
    // `id` is the page glue's number for this file; `fileSize` the bytes as stored.
    CaptureSession(int id, std::string fileName, std::uint64_t fileSize, bool gzip);
    ~CaptureSession();
    CaptureSession(const CaptureSession&) = delete;
    CaptureSession& operator=(const CaptureSession&) = delete;

    [[nodiscard]] int id() const { return m_id; }

    // ---- events from the page glue
    // Decompression progress of a gzip file (0..1 of the compressed bytes consumed).
    void setDecompressProgress(double fraction);
    // The byte stream (the file, or its decompressed content) is ready: `streamSize` bytes.
    void startReading(std::uint64_t streamSize);
    // The bytes could not be obtained at all (unreadable file, gzip stream not inflatable).
    void failSource(int channel, std::string message);
    // The user pressed Esc while the file was being read: the session ends there, with the
    // frames read so far and kCancelledMessage as its error (as a file cut at that point).
    void cancelReading();
    // See JsByteSource::prepareReceive() and receive(); `channel` as the request had it.
    [[nodiscard]] std::uint8_t* prepareReceive(int channel, std::uint64_t offset, std::size_t length);
    void receive(int channel);

    // ---- from the frame loop
    // Advances the first pass (then the filter pass) for about `budget`.
    void step(std::chrono::steady_clock::duration budget);
    // A read the glue should start now, if any (each request is handed out once).
    [[nodiscard]] std::optional<ChannelRequest> takeByteRequest();

    // ---- queries
    [[nodiscard]] SessionPhase phase() const { return m_phase; }
    [[nodiscard]] bool finished() const {
        return m_phase == SessionPhase::Done || m_phase == SessionPhase::Failed;
    }
    // Progress of the current phase (0..1).
    [[nodiscard]] double phaseProgress() const;
    // Progress of the whole open (0..1; 1 exactly when finished). For gzip files the
    // decompression counts as the first half.
    [[nodiscard]] double progress() const;
    // Bytes of the stream the reader has reached, and the stream's size (0 before Reading).
    [[nodiscard]] std::uint64_t streamPosition() const;
    [[nodiscard]] std::uint64_t streamSize() const { return m_streamSize; }
    // Reads handed to the page glue so far (each one File.slice() of up to 4 MiB).
    [[nodiscard]] std::uint64_t readsRequested() const { return m_readsRequested; }
    // The `caplens info` figures so far (complete once finished()).
    [[nodiscard]] const CaptureInfo& info() const { return m_info; }
    // Frames in the index (the first pass's count so far).
    [[nodiscard]] std::uint64_t frameCount() const { return m_model ? m_model->frameCount() : 0; }
    // Time the first pass took (from startReading to its end), once finished.
    [[nodiscard]] std::optional<double> openSeconds() const { return m_openSeconds; }

    // ---- results (once finished(); null before)
    [[nodiscard]] const CaptureStatistics* statistics() const {
        return finished() && m_model ? &m_stats.statistics() : nullptr;
    }
    [[nodiscard]] const ProtocolHierarchy* hierarchy() const {
        return finished() && m_model ? &m_model->hierarchy() : nullptr;
    }
    [[nodiscard]] const ColoringRules& coloringRules() const { return m_coloring; }
    // The first screen's figures (once finished()).
    [[nodiscard]] const Summary* summary() const { return m_summary ? &*m_summary : nullptr; }
    // The Statistics menu's tables (once finished(); null before), each formatted on first use.
    [[nodiscard]] StatisticsTables* tables() { return m_tables ? &*m_tables : nullptr; }

    // ---- the packet list
    // The row of frame `number` (dissected with columns, coloured), or nullptr while its
    // bytes are being read: ask again next frame.
    const PacketRow* row(std::uint64_t number);
    // Frames the packet list shows: all, or those the applied filter passed (so far).
    [[nodiscard]] std::uint64_t displayedCount() const;
    // The `index`-th displayed frame's number (index < displayedCount()).
    [[nodiscard]] std::uint64_t displayedFrame(std::uint64_t index) const;
    // Position of frame `number` among the displayed ones, if displayed.
    [[nodiscard]] std::optional<std::uint64_t> displayedIndexOf(std::uint64_t number) const;
    // When the displayed frame before `number` (in frame order) was captured, if there is one
    // (Wireshark's "Seconds Since Previous Displayed Packet").
    [[nodiscard]] std::optional<TimestampNs> previousDisplayedTime(std::uint64_t number) const;

    // ---- sorting by a column (the natural order: No. ascending)
    // Sorts the displayed frames; a new filter keeps the sort (applied once its pass ends).
    void sortBy(SortSpec spec);
    [[nodiscard]] const SortSpec& sortSpec() const { return m_sortSpec; }
    // True while the order is being computed (the list shows frame order meanwhile).
    [[nodiscard]] bool sorting() const { return !m_sortSpec.isNatural() && !(m_order && m_order->ready()); }
    [[nodiscard]] double sortProgress() const { return m_order ? m_order->progress() : 0.0; }

    // ---- the display filter
    // Compiles `text` and starts a filter pass over the capture ("" shows every frame).
    // False (and filterError() set) when it does not compile.
    bool applyFilter(const std::string& text);
    [[nodiscard]] const std::string& appliedFilter() const { return m_appliedFilter; }
    [[nodiscard]] const filter::FilterError* filterError() const { return m_filterError ? &*m_filterError : nullptr; }
    [[nodiscard]] bool filtering() const { return m_filterJob && !m_filterJob->finished(); }
    [[nodiscard]] double filterProgress() const { return m_filterJob ? m_filterJob->progress() : 1.0; }
    [[nodiscard]] std::optional<double> filterSeconds() const { return m_filterJob ? m_filterJob->seconds() : std::nullopt; }
    // Stops a filter pass in progress (Esc): every frame is displayed again.
    void cancelFilter();

    // ---- "Limit to display filter" (the Statistics windows)
    // Filter passes also compute the statistics of the frames they pass while this is on;
    // turning it on with a filter applied runs that filter's pass again.
    void limitStatisticsToFilter(bool on);
    [[nodiscard]] bool statisticsLimited() const { return m_limitStatistics; }
    // The tables of the displayed frames: null when no filter is applied, its pass is running,
    // or the limit is off.
    [[nodiscard]] StatisticsTables* displayedTables();

    // ---- export (File > Export Specified Packets)
    // Starts writing the frames `filterText` passes ("": every frame) as `format` (nullopt: the
    // capture's own kind: pcapng for pcapng, else pcap); one export at a time. False (and
    // exportError() set) when the filter does not compile or an export is running.
    bool startExport(const std::string& filterText, std::optional<ExportFormat> format);
    [[nodiscard]] bool exporting() const { return m_exportJob != nullptr; }
    [[nodiscard]] double exportProgress() const { return m_exportJob ? m_exportJob->progress() : 1.0; }
    [[nodiscard]] const std::string& exportError() const { return m_exportError; }
    // Stops the export in progress; nothing is written.
    void cancelExport() { m_exportJob.reset(); }
    // The export that has just finished, handed over once.
    [[nodiscard]] std::optional<ExportResult> takeExportResult();

    // ---- Follow TCP/UDP Stream
    struct StreamRef {
        FollowProtocol protocol = FollowProtocol::Tcp;
        std::uint32_t stream = 0;
    };
    // The TCP (else UDP) stream frame `number` belongs to; nullopt when it has neither, or
    // while its bytes are being read (ask again next frame).
    [[nodiscard]] std::optional<StreamRef> streamOf(std::uint64_t number);
    // Starts following `stream` (replacing a follow in progress or done).
    void startFollow(StreamRef stream);
    [[nodiscard]] bool following() const { return m_followJob && !m_followJob->finished(); }
    [[nodiscard]] double followProgress() const { return m_followJob ? m_followJob->progress() : 1.0; }
    // The followed stream once its pass is done (null before, or when none was asked for).
    [[nodiscard]] const FollowedStream* followed() const { return m_followJob ? m_followJob->result() : nullptr; }
    [[nodiscard]] std::optional<StreamRef> followTarget() const { return m_followTarget; }
    // Counts startFollow() calls: tells one followed stream from the next.
    [[nodiscard]] std::uint64_t followGeneration() const { return m_followGeneration; }

    // ---- view links (view_link.hpp)
    // What identifies this capture in a link: known shortly after the capture is read (two
    // reads); nullopt before, or when its bytes could not be read again.
    [[nodiscard]] std::optional<CaptureFingerprint> fingerprint() const;

    // ---- the selected frame
    void select(std::uint64_t number);
    [[nodiscard]] std::uint64_t selected() const { return m_selected; }
    // The details tree of the selected frame, or nullptr while being read (or none selected).
    const FrameDetails* details();
    // The selected node of the details tree (-1: none).
    [[nodiscard]] std::int32_t selectedNode() const { return m_selectedNode; }
    void selectNode(std::int32_t node) { m_selectedNode = node; }

    // Writes this session's figures as members of the object `w` is in (the page's test
    // hook): file, format, frames, bytes, ..., start_ns/end_ns as strings (exact beyond
    // 2^53), error (message or null), error_offset, progress, phase, reads (requests handed
    // to the glue), `info` (the object `caplens info --json` prints), and the view's figures
    // (filter, displayed, selected, summary).
    void writeStateMembers(JsonWriter& w) const;

private:
    void refreshInfo();
    void finishOpen();
    void stepSort(std::chrono::steady_clock::duration budget);
    void stepExport(std::chrono::steady_clock::duration budget);
    // The source of a job's channel, or null when that job is not running.
    [[nodiscard]] JsByteSource* sourceOf(int channel);
    // The only way the filter job changes: the displayed tables go with the old one.
    void replaceFilterJob(std::unique_ptr<FilterJob> job);
    // The displayed frames in frame order (the filter's matches, or every frame).
    [[nodiscard]] std::uint64_t baseCount() const;
    [[nodiscard]] std::uint64_t baseFrame(std::uint64_t index) const;
    [[nodiscard]] std::optional<std::uint64_t> baseIndexOf(std::uint64_t number) const;

    int m_id;
    SessionPhase m_phase;
    double m_decompressProgress = 0;
    std::uint64_t m_streamSize = 0;
    std::uint64_t m_readsRequested = 0;
    std::chrono::steady_clock::time_point m_openStarted;
    std::optional<double> m_openSeconds;
    CaptureError m_sourceError;
    // The model refers to the source and the analyzer: declared after them, destroyed before.
    std::unique_ptr<JsByteSource> m_source;
    StatisticsAnalyzer m_stats;
    std::unique_ptr<CaptureModel> m_model;
    CaptureInfo m_info;
    std::optional<Summary> m_summary;
    std::optional<StatisticsTables> m_tables;

    ColoringRules m_coloring;
    std::unordered_map<std::uint64_t, PacketRow> m_rows;

    std::string m_appliedFilter;
    std::optional<filter::FilterError> m_filterError;
    std::unique_ptr<FilterJob> m_filterJob;
    bool m_limitStatistics = false;
    std::optional<StatisticsTables> m_displayedTables;  // over m_filterJob's statistics

    std::unique_ptr<FingerprintJob> m_fingerprintJob;
    std::unique_ptr<FollowJob> m_followJob;
    std::optional<StreamRef> m_followTarget;
    std::uint64_t m_followGeneration = 0;
    std::unique_ptr<ExportJob> m_exportJob;
    std::optional<ExportResult> m_exportResult;
    std::string m_exportError;

    SortSpec m_sortSpec;
    std::unique_ptr<PacketOrder> m_order;  // null in the natural order and until the filter pass ends

    std::uint64_t m_selected = 0;
    std::optional<FrameDetails> m_details;
    std::int32_t m_selectedNode = -1;
};

// "decompressing", "reading", "done", "failed".
[[nodiscard]] const char* sessionPhaseName(SessionPhase phase);

}  // namespace caplens::wasm
