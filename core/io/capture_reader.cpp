#include "core/io/capture_reader.hpp"

#include "core/io/erf_reader.hpp"
#include "core/io/netmon_reader.hpp"
#include "core/io/pcap_reader.hpp"
#include "core/io/pcapng_reader.hpp"
#include "core/io/snoop_reader.hpp"

namespace caplens {

void CaptureReader::failTruncated(std::uint64_t offset, std::string_view what) {
    fail(CaptureErrorCode::TruncatedFile,
         "The file appears to have been cut short in the middle of " + std::string(what) + ".",
         offset);
}

std::optional<std::size_t> CaptureReader::requestedIndex(const ByteWindow& window) const {
    const std::uint64_t offset = m_request.offset;
    if (offset < window.offset || offset - window.offset > window.bytes.size()) return std::nullopt;
    return static_cast<std::size_t>(offset - window.offset);
}

std::unique_ptr<CaptureReader> makeCaptureReader(CaptureFormat format) {
    switch (format) {
        case CaptureFormat::Pcap:
        case CaptureFormat::PcapNsec:
        case CaptureFormat::PcapModified: return std::make_unique<PcapReader>(format);
        case CaptureFormat::Pcapng: return std::make_unique<PcapngReader>();
        case CaptureFormat::Netmon2: return std::make_unique<NetmonReader>();
        case CaptureFormat::Snoop: return std::make_unique<SnoopReader>();
        case CaptureFormat::Erf: return std::make_unique<ErfReader>();
        default: return nullptr;
    }
}

}  // namespace caplens
