#include "wasm/fingerprint_job.hpp"

#include <algorithm>

namespace caplens::wasm {

void FingerprintJob::step() {
    if (m_part == Part::Head && hashFrom(0)) m_part = Part::Tail;
    if (m_part == Part::Tail && hashFrom(m_size > kEdgeBytes ? m_size - kEdgeBytes : 0)) {
        m_part = Part::Done;
        m_hex = m_hash.hex();
    }
}

bool FingerprintJob::hashFrom(std::uint64_t offset) {
    const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(kEdgeBytes, m_size - offset));
    const SourceRead read = m_source.read(offset, wanted);
    if (read.status == SourceStatus::Pending) return false;
    if (read.status == SourceStatus::Failed) {
        m_part = Part::Done;  // no hash: the link cannot be matched, the capture still opens
        return false;
    }
    const std::size_t length = std::min(wanted, read.window.bytes.size());
    m_hash.add(read.window.bytes.data(), length);
    return true;
}

}  // namespace caplens::wasm
