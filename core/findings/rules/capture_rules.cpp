// capture.* — the quality of the capture itself: what it can and cannot show.
#include <cmath>

#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {

// ---- capture.truncated ----

constexpr RuleInfo kTruncated{
    "capture.truncated", Severity::Note, "Frames cut by the snap length",
    "The capture kept only the first bytes of some frames (its snap length): what lies beyond is not in the "
    "file, so analyses that need it are partial or impossible.",
    "If those analyses matter, capture again with a larger snap length (Azure Network Watcher: \"Bytes to "
    "capture per packet\" 0; tcpdump -s 0)."};

bool truncatedDecide(const FilterTally& tally, const FindingsContext& c, Severity& severity, std::string& particulars) {
    particulars = formatText("%llu of %llu frames were cut (%u to %u bytes kept).",
                             static_cast<unsigned long long>(tally.count()), static_cast<unsigned long long>(c.frames),
                             c.minTruncatedLength, c.maxTruncatedLength);
    if (c.tcpHeaderMissingFrames > 0) {
        severity = Severity::Warning;
        particulars += formatText(" %llu TCP frames end before their TCP header: for them there are no ports, "
                                  "flags, streams, handshakes or RTTs, and no application protocols.",
                                  static_cast<unsigned long long>(c.tcpHeaderMissingFrames));
    } else {
        particulars += " Headers are complete (addresses, ports, flags, handshakes and RTTs are sound); application "
                       "payloads are cut, so protocol decoding and payload-based findings are partial.";
    }
    return true;
}

// ---- capture.lost_segments ----

constexpr RuleInfo kLost{
    "capture.lost_segments", Severity::Note, "Frames missing from the capture",
    "Peers acknowledged TCP data the capture never saw (Wireshark's \"ACKed segment that wasn't captured\"): "
    "the packets crossed the network, so the capture itself dropped them (a busy capture host, a mirror port "
    "over capacity, a capture filter or a capture started mid-transfer).",
    "Treat loss, retransmission and throughput figures with care: the gaps are the capture's, not the "
    "network's. If it matters, capture again with a capture filter or a smaller snap length, or on a less "
    "loaded point."};

// ---- capture.time_gap ----

constexpr RuleInfo kGap{
    "capture.time_gap", Severity::Info, "Long silences in the capture",
    "Some frames arrive long after the previous one (at least the threshold below, far above this capture's "
    "usual spacing): the capture may have paused, the link went quiet, or traffic took another path.",
    "Check whether the gaps match the time of the reported problem; if the capture was meant to be "
    "continuous, check the capture tool's dropped-packet counters."};

constexpr std::int64_t kMinGapSeconds = 10;

class TimeGapRule final : public Rule {
public:
    TimeGapRule() : m_candidates(formatText("frame.time_delta >= %lld", static_cast<long long>(kMinGapSeconds))) {}
    [[nodiscard]] const RuleInfo& info() const override { return kGap; }
    [[nodiscard]] bool valid() const override { return m_candidates.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_candidates.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override {
        const std::int64_t delta = packet.frame().sincePreviousNs;
        if (packet.frame().number > 1 && delta > 0) {
            const int bucket = static_cast<int>(std::log2(static_cast<double>(delta)));
            ++m_histogram[static_cast<std::size_t>(std::clamp(bucket, 0, 63))];
            ++m_deltas;
        }
        if (m_candidates.observe(packet, taps)) m_gaps.push_back(delta);
    }
    void finish(FindingsContext&, std::vector<Finding>& out) override {
        if (m_gaps.empty() || m_deltas < 20) return;
        // The usual spacing: the median delta (to a power of two).
        std::uint64_t seen = 0;
        std::int64_t median = 0;
        for (std::size_t b = 0; b < m_histogram.size(); ++b) {
            seen += m_histogram[b];
            if (seen * 2 >= m_deltas) {
                median = std::int64_t{1} << (b + 1);
                break;
            }
        }
        const std::int64_t thresholdSeconds =
            std::max<std::int64_t>(kMinGapSeconds, (1000 * median + 999'999'999) / 1'000'000'000);
        std::uint64_t count = 0;
        std::int64_t longest = 0;
        for (const std::int64_t gap : m_gaps) {
            if (gap >= thresholdSeconds * 1'000'000'000) ++count;
            longest = std::max(longest, gap);
        }
        if (count == 0) return;
        const std::string filter = formatText("frame.time_delta >= %lld", static_cast<long long>(thresholdSeconds));
        const std::string particulars =
            formatText("%llu gap%s of %lld s or more (longest %.3f s) against a usual spacing of about %.6f s.",
                       static_cast<unsigned long long>(count), count == 1 ? "" : "s",
                       static_cast<long long>(thresholdSeconds), static_cast<double>(longest) / 1e9,
                       static_cast<double>(median) / 1e9);
        out.push_back(makeFinding(kGap, kGap.severity, particulars, count, {}, filter));
    }

private:
    FilterTally m_candidates;
    std::vector<std::int64_t> m_gaps;
    std::array<std::uint64_t, 64> m_histogram{};
    std::uint64_t m_deltas = 0;
};

// ---- capture.out_of_order_timestamps ----

constexpr RuleInfo kOutOfOrder{
    "capture.out_of_order_timestamps", Severity::Note, "Timestamps going backwards",
    "Some frames carry an earlier timestamp than the frame before them: the file was merged from several "
    "interfaces or captures, or the capture host's clock was adjusted. Time-based figures (deltas, RTTs, I/O "
    "graphs) around those frames are unreliable.",
    "Sort the capture by time (reordercap) before measuring times, and check the capture host's clock "
    "synchronisation."};

}  // namespace

void addCaptureRules(RuleList& rules) {
    rules.push_back(std::make_unique<StaticRule>(kTruncated, "frame.cap_len < frame.len", truncatedDecide));
    rules.push_back(std::make_unique<StaticRule>(
        kLost, "tcp.analysis.ack_lost_segment", anyFrame));
    rules.push_back(std::make_unique<TimeGapRule>());
    rules.push_back(std::make_unique<StaticRule>(kOutOfOrder, "frame.time_delta < 0", anyFrame));
}

}  // namespace caplens::findings
