#include "core/capture/capture_model.hpp"

namespace caplens {

CaptureModel::CaptureModel(ByteSource& source, std::string fileName, std::optional<std::uint64_t> fileSize, bool gzip)
    : m_source(source),
      m_fileName(std::move(fileName)),
      m_fileSize(fileSize),
      m_gzip(gzip),
      m_firstPass(*this),
      m_scan(source, m_firstPass),
      m_bytes(source, m_index) {}

void CaptureModel::FirstPass::onFrame(const CapturedFrame& frame) {
    const proto::Packet& packet = m_model.m_firstPassDecoder.decode(frame, proto::DissectionMode::Fast);
    m_model.m_index.add(frame, packet);
    m_model.m_properties.onFrame(frame);
    m_model.m_hierarchy.add(packet.hierarchyPath(), frame.originalLength);
    for (FrameAnalyzer* analyzer : m_model.m_analyzers) analyzer->onFrame(frame, packet);
}

JobStatus CaptureModel::stepOpen(std::chrono::steady_clock::duration budget) {
    const JobStatus status = m_scan.step(budget);
    if ((status == JobStatus::Done || status == JobStatus::Failed) && !m_finished) {
        m_finished = true;
        for (FrameAnalyzer* analyzer : m_analyzers) analyzer->finish();
    }
    return status;
}

JobStatus CaptureModel::openAll() {
    JobStatus status = JobStatus::Running;
    while (status == JobStatus::Running) status = stepOpen(std::chrono::seconds(3600));
    return status;
}

CaptureInfo CaptureModel::info() const {
    CaptureInfo info;
    info.fileName = m_fileName;
    info.fileSize = m_fileSize;
    info.gzip = m_gzip;
    info.format = m_scan.format();
    info.metadata = m_scan.metadata();
    info.properties = m_properties.result();
    info.error = m_scan.error();
    return info;
}

bool CaptureModel::assemblePdu(const proto::FrameFacts& facts) {
    m_pdu.clear();
    for (const proto::PduPiece& piece : facts.tcp.pieces) {
        const std::vector<std::uint8_t>* bytes = m_bytes.get(piece.frame);
        if (bytes == nullptr) return false;
        if (piece.offset > bytes->size()) continue;
        const std::size_t length = std::min<std::size_t>(piece.length, bytes->size() - piece.offset);
        m_pdu.insert(m_pdu.end(), bytes->begin() + piece.offset, bytes->begin() + piece.offset + length);
    }
    return true;
}

const proto::Packet* CaptureModel::dissectFrame(std::uint64_t number, proto::DissectionMode mode,
                                                const proto::FieldMask* wanted, bool columns) {
    if (number == 0 || number > m_index.size()) return nullptr;
    m_aloneFacts = m_index.facts(number);
    const bool completesPdu = m_aloneFacts.hasTcp && m_aloneFacts.tcp.role == proto::TcpPayloadRole::CompletesPdu;
    if (completesPdu && !assemblePdu(m_aloneFacts)) return nullptr;
    // Read the frame itself last: the pieces above may have pushed it out of the cache.
    const std::vector<std::uint8_t>* bytes = m_bytes.get(number);
    if (bytes == nullptr) return nullptr;
    const IndexedFrame indexed = m_index.frame(number);
    CapturedFrame frame;
    frame.timestampNs = indexed.timestampNs;
    frame.capturedLength = static_cast<std::uint32_t>(bytes->size());
    frame.originalLength = indexed.originalLength;
    frame.linkType = indexed.linkType;
    frame.interfaceId = indexed.interfaceId;
    frame.fileOffset = indexed.fileOffset;
    frame.flags = indexed.flags;
    frame.data = *bytes;
    proto::FrameReplay replay;
    replay.facts = &m_aloneFacts;
    if (completesPdu) replay.reassembledPdu = m_pdu;
    return &m_aloneDecoder.decodeAlone(frame, m_index.frameInfo(number), replay, mode, wanted, columns);
}

}  // namespace caplens
