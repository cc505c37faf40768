#include "wasm/js_byte_source.hpp"

#include <algorithm>
#include <string>

namespace caplens::wasm {

SourceRead JsByteSource::read(std::uint64_t offset, std::size_t minBytes) {
    if (m_error) return {SourceStatus::Failed, {}};
    m_lastOffset = std::min(offset, m_size);
    const std::uint64_t end = windowEnd();
    const bool atStreamEnd = end >= m_size;
    const bool inWindow = offset >= m_start && offset <= end;
    if (offset >= m_size || (inWindow && (offset + minBytes <= end || atStreamEnd))) {
        const std::uint64_t from = std::min(offset, end);
        ByteWindow window;
        window.offset = offset;
        window.reachesEnd = atStreamEnd;
        if (from < end) {
            window.bytes = std::span<const std::uint8_t>(m_window).subspan(
                static_cast<std::size_t>(from - m_start));
        }
        return {SourceStatus::Ready, window};
    }
    // Ask for more than the reader needs, so that sequential reading costs one round trip
    // to JavaScript per chunk rather than per record.
    const std::uint64_t wanted = std::max<std::uint64_t>(minBytes, kChunkBytes);
    const ByteRequest request{offset, static_cast<std::size_t>(std::min(wanted, m_size - offset))};
    if (!m_request || m_request->offset != request.offset || m_request->length < minBytes) {
        m_request = request;
        m_requestTaken = false;
    }
    return {SourceStatus::Pending, {}};
}

double JsByteSource::progress() const {
    if (m_size == 0) return 1.0;
    return static_cast<double>(m_lastOffset) / static_cast<double>(m_size);
}

std::optional<ByteRequest> JsByteSource::takeRequest() {
    if (!m_request || m_requestTaken) return std::nullopt;
    m_requestTaken = true;
    return m_request;
}

std::uint8_t* JsByteSource::prepareReceive(std::uint64_t offset, std::size_t length) {
    if (!m_request || !m_requestTaken || m_request->offset != offset) return nullptr;
    // A short read is fine only at the end of the stream; JavaScript never returns more.
    if (length > m_request->length) return nullptr;
    // Keep capacity for at least one byte: an empty vector's data() may be null, which
    // would read as "not expected" for an (empty) answer at the end of the stream.
    m_incoming.reserve(std::max<std::size_t>(length, 1));
    m_incoming.resize(length);
    return m_incoming.data();
}

void JsByteSource::receive() {
    if (!m_request) return;
    m_start = m_request->offset;
    // Swapping keeps the previous window's allocation for the next answer.
    m_window.swap(m_incoming);
    m_incoming.clear();
    // The stream is shorter than announced (a file that shrank): treat its end as here.
    if (m_window.size() < m_request->length) m_size = windowEnd();
    m_request.reset();
    m_requestTaken = false;
}

void JsByteSource::fail(std::string message) {
    m_error = {CaptureErrorCode::SourceFailure, std::move(message), m_request ? m_request->offset : m_start};
    m_request.reset();
    m_requestTaken = false;
}

}  // namespace caplens::wasm
