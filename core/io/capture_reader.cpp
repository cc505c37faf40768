#include "core/io/capture_reader.hpp"

#include "core/io/pcap_reader.hpp"

namespace caplens {

void CaptureReader::failTruncated(std::uint64_t offset, std::string_view what) {
    fail(CaptureErrorCode::TruncatedFile,
         "The file appears to have been cut short in the middle of " + std::string(what) + ".",
         offset);
}

std::unique_ptr<CaptureReader> makeCaptureReader(CaptureFormat format) {
    switch (format) {
        case CaptureFormat::Pcap:
        case CaptureFormat::PcapNsec:
        case CaptureFormat::PcapModified: return std::make_unique<PcapReader>(format);
        default: return nullptr;
    }
}

}  // namespace caplens
