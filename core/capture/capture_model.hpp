// capture_model.hpp — one open capture, as the UI, the JavaScript API and the CLI see it.
//
// The first pass (stepOpen) reads the capture once, in order: every frame is dissected (fast
// depth), indexed, and handed to the analyzers registered before opening (protocol hierarchy,
// statistics, findings). Afterwards any frame can be dissected again on its own — for the
// packet list or the details tree — from its bytes read again by offset and the facts the
// first pass recorded. Passes that need every frame again in order (a display filter) are
// separate jobs over the same source. No I/O here: bytes come from the ByteSource, and every
// call returns promptly (Pending answers from the source surface as "not yet").
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/capture_properties.hpp"
#include "core/analysis/protocol_hierarchy.hpp"
#include "core/capture/capture_info.hpp"
#include "core/capture/capture_scan.hpp"
#include "core/capture/frame_bytes.hpp"
#include "core/capture/frame_index.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens {

// What an analysis needs from the first pass: each frame, dissected, in capture order.
class FrameAnalyzer {
public:
    virtual ~FrameAnalyzer() = default;
    virtual void onFrame(const CapturedFrame& frame, const proto::Packet& packet) = 0;
    // The capture has been read to its end (or its first damage).
    virtual void finish() {}
};

class CaptureModel {
public:
    // `source` must outlive the model.
    CaptureModel(ByteSource& source, std::string fileName, std::optional<std::uint64_t> fileSize, bool gzip);
    CaptureModel(const CaptureModel&) = delete;
    CaptureModel& operator=(const CaptureModel&) = delete;

    // ---- the first pass ----
    // Analyzers to feed in the first pass (before the first stepOpen; not owned).
    void addAnalyzer(FrameAnalyzer& analyzer) { m_analyzers.push_back(&analyzer); }
    // Works on the first pass for about `budget`.
    JobStatus stepOpen(std::chrono::steady_clock::duration budget);
    // Runs the first pass to its end (sources that are never Pending).
    JobStatus openAll();
    void cancelOpen() { m_scan.cancel(); }
    [[nodiscard]] JobStatus openStatus() const { return m_scan.status(); }
    [[nodiscard]] bool opened() const {
        return m_scan.status() == JobStatus::Done || m_scan.status() == JobStatus::Failed;
    }
    [[nodiscard]] double openProgress() const { return m_scan.progress(); }
    // The `caplens info` figures (complete once opened()).
    [[nodiscard]] CaptureInfo info() const;
    [[nodiscard]] const ProtocolHierarchy& hierarchy() const { return m_hierarchy; }
    [[nodiscard]] const FrameIndex& index() const { return m_index; }
    [[nodiscard]] std::uint64_t frameCount() const { return m_index.size(); }

    // ---- one frame again ----
    // Dissects frame `number` (1-based) on its own, as the first pass did. Returns nullptr
    // while bytes it needs are still being read (ask again later) or when they cannot be
    // read (frameReadFailed()). The packet stays valid until the next call.
    const proto::Packet* dissectFrame(std::uint64_t number, proto::DissectionMode mode,
                                      const proto::FieldMask* wanted = nullptr, bool columns = false);
    [[nodiscard]] bool frameReadFailed() const { return m_bytes.failed(); }
    // The captured bytes of frame `number`, or nullptr while being read.
    const std::vector<std::uint8_t>* frameBytes(std::uint64_t number) { return m_bytes.get(number); }

    [[nodiscard]] ByteSource& source() { return m_source; }

private:
    // The first pass's sink: dissect, index, count, analyze.
    class FirstPass final : public FrameSink {
    public:
        explicit FirstPass(CaptureModel& model) : m_model(model) {}
        void onFrame(const CapturedFrame& frame) override;

    private:
        CaptureModel& m_model;
    };

    // Bytes of the PDU frame `number` completes, assembled from its pieces; false while some
    // piece is still being read.
    bool assemblePdu(const proto::FrameFacts& facts);

    ByteSource& m_source;
    std::string m_fileName;
    std::optional<std::uint64_t> m_fileSize;
    bool m_gzip;
    FrameIndex m_index;
    CapturePropertiesCollector m_properties;
    ProtocolHierarchy m_hierarchy;
    std::vector<FrameAnalyzer*> m_analyzers;
    proto::FrameDecoder m_firstPassDecoder;
    FirstPass m_firstPass;
    CaptureScan m_scan;
    bool m_finished = false;

    FrameBytes m_bytes;
    proto::FrameDecoder m_aloneDecoder;
    proto::FrameFacts m_aloneFacts;
    std::vector<std::uint8_t> m_pdu;
};

}  // namespace caplens
