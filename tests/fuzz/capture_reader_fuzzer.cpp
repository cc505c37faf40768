// Fuzzes one capture reader (CAPLENS_FUZZ_FORMAT names its format; tests/fuzz/CMakeLists.txt
// builds one target per reader). Each input is read twice through CaptureScan: in one window,
// and in windows of random sizes (with Pending answers between them). Both runs must deliver
// the same frames and the same outcome, every frame must be consistent, and a failure must
// come with a message. Sanitizers catch the rest.
#include <cstdint>
#include <span>

#include "core/capture/capture_scan.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#ifndef CAPLENS_FUZZ_FORMAT
#error "CAPLENS_FUZZ_FORMAT must name a CaptureFormat"
#endif

namespace caplens::fuzz {
namespace {

constexpr CaptureFormat kReaderFormat = CaptureFormat::CAPLENS_FUZZ_FORMAT;

// The pcap reader reads three variants; every other reader one format.
bool isReadBy(CaptureFormat detected) {
    if (kReaderFormat == CaptureFormat::Pcap) {
        return detected == CaptureFormat::Pcap || detected == CaptureFormat::PcapNsec ||
               detected == CaptureFormat::PcapModified;
    }
    return detected == kReaderFormat;
}

void checkFrame(const CapturedFrame& frame) {
    if (frame.data.size() != std::size_t{frame.pseudoHeaderLength} + frame.capturedLength) {
        fail("frame at offset %llu: %zu bytes, but pseudo-header %u + captured %u",
             static_cast<unsigned long long>(frame.fileOffset), frame.data.size(), frame.pseudoHeaderLength,
             frame.capturedLength);
    }
    if (frame.capturedLength > kMaxFrameLength) {
        fail("frame at offset %llu: captured length %u above kMaxFrameLength",
             static_cast<unsigned long long>(frame.fileOffset), frame.capturedLength);
    }
}

// Digests every frame (all its fields and bytes) as it arrives.
class DigestSink final : public FrameSink {
public:
    void onFrame(const CapturedFrame& frame) override {
        checkFrame(frame);
        ++frames;
        for (const std::uint64_t v : {static_cast<std::uint64_t>(frame.timestampNs), std::uint64_t{frame.capturedLength},
                                      std::uint64_t{frame.originalLength}, std::uint64_t{frame.pseudoHeaderLength},
                                      std::uint64_t{frame.linkType}, std::uint64_t{frame.interfaceId},
                                      frame.fileOffset, std::uint64_t{frame.flags}}) {
            digest = fnv1aValue(v, digest);
        }
        digest = fnv1a(frame.data, digest);
    }
    std::uint64_t frames = 0;
    std::uint64_t digest = 0;
};

struct ScanOutcome {
    JobStatus status = JobStatus::Running;
    CaptureErrorCode code = CaptureErrorCode::None;
    std::uint64_t errorOffset = 0;
    std::uint64_t frames = 0;
    std::uint64_t digest = 0;
    std::size_t interfaces = 0;
};

ScanOutcome scan(ByteSource& source) {
    DigestSink sink;
    CaptureScan job(source, sink);
    // As the browser drives it: slices, resumed after every Pending answer.
    JobStatus status = JobStatus::Running;
    for (int waits = 0; status == JobStatus::Running || status == JobStatus::WaitingForBytes; ++waits) {
        if (waits > 100'000'000) fail("the scan never finished");
        status = job.step(std::chrono::milliseconds(50));
    }
    if (status == JobStatus::Failed && job.error().message.empty()) fail("a failure without a message");
    if (job.framesRead() != sink.frames) fail("framesRead() %llu, sink saw %llu",
                                              static_cast<unsigned long long>(job.framesRead()),
                                              static_cast<unsigned long long>(sink.frames));
    return {status, job.error().code, job.error().offset, sink.frames, sink.digest, job.metadata().interfaces.size()};
}

void compare(const ScanOutcome& whole, const ScanOutcome& chunked) {
    if (whole.status != chunked.status || whole.code != chunked.code || whole.errorOffset != chunked.errorOffset ||
        whole.frames != chunked.frames || whole.digest != chunked.digest || whole.interfaces != chunked.interfaces) {
        fail("read whole: status %d, error %d at %llu, %llu frames, %zu interfaces; read in chunks: status %d, "
             "error %d at %llu, %llu frames, %zu interfaces (digests %s)",
             static_cast<int>(whole.status), static_cast<int>(whole.code),
             static_cast<unsigned long long>(whole.errorOffset), static_cast<unsigned long long>(whole.frames),
             whole.interfaces, static_cast<int>(chunked.status), static_cast<int>(chunked.code),
             static_cast<unsigned long long>(chunked.errorOffset), static_cast<unsigned long long>(chunked.frames),
             chunked.interfaces, whole.digest == chunked.digest ? "equal" : "differ");
    }
}

}  // namespace
}  // namespace caplens::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace caplens;
    const std::span<const std::uint8_t> bytes(data, size);
    const auto head = bytes.first(std::min(size, kFormatDetectionBytes));
    // Inputs of other formats belong to another target; -1 keeps them out of the corpus.
    if (!fuzz::isReadBy(detectCaptureFormat(head))) return -1;
    MemorySource whole(bytes);
    fuzz::ChunkedSource chunked(bytes, fuzz::fnv1a(bytes));
    fuzz::compare(fuzz::scan(whole), fuzz::scan(chunked));
    return 0;
}
