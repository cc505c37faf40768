// rule.hpp — the shape of a findings rule and what rules share at the end of the pass.
//
// A rule observes every frame of the first pass (dissected in Filter mode with the fields its
// filters read: mask()), and when the pass ends reports zero or more findings. Most rules are
// a StaticRule: a declaration, one filter, and a trigger that looks at what the filter
// counted. Rules that narrow their filter to what the pass revealed (scanners, slow
// connections) use a KeyedTally. Every rule is listed once, in rule_list.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/analysis/handshake_report.hpp"
#include "core/analysis/stats_support.hpp"
#include "core/findings/finding.hpp"
#include "core/findings/frame_tally.hpp"

namespace caplens::findings {

// Per TCP stream, what the analyzer counts for the rules (from the frame's taps).
struct StreamCounts {
    std::uint64_t segments = 0;      // TCP segments in either direction
    std::uint64_t dataSegments = 0;  // with payload
};

// The capture as a whole, filled by the analyzer before the rules finish; rules finishing
// first may publish what later rules need (scanners).
struct FindingsContext {
    const HandshakeReport* handshakes = nullptr;  // finished
    std::uint64_t frames = 0;
    std::uint64_t truncatedFrames = 0;       // captured length < original length
    std::uint32_t minTruncatedLength = 0;    // the shortest captured length among them
    std::uint32_t maxTruncatedLength = 0;
    std::uint64_t tcpHeaderMissingFrames = 0;  // IP says TCP, but the TCP header was cut
    std::uint64_t framesWithTime = 0;
    std::optional<TimestampNs> first, last;  // earliest and latest timestamps
    std::unordered_map<std::uint32_t, StreamCounts> streams;  // by tcp.stream
    std::uint64_t tcpStreams = 0;
    // Sources that scan.* found scanning (their failed connection attempts are theirs, not
    // the network's health).
    std::vector<StatAddress> scanners;

    [[nodiscard]] bool isScanner(const StatAddress& a) const {
        for (const auto& s : scanners) {
            if (s == a) return true;
        }
        return false;
    }
    // Seconds between the first and the last timestamp (0 without).
    [[nodiscard]] double durationSeconds() const {
        return first && last ? static_cast<double>(*last - *first) / 1e9 : 0.0;
    }
};

class Rule {
public:
    virtual ~Rule() = default;
    // The rule's declaration (for a rule reporting several ids, the first).
    [[nodiscard]] virtual const RuleInfo& info() const = 0;
    // Whether every filter of the rule compiles against the registry.
    [[nodiscard]] virtual bool valid() const = 0;
    // Adds the fields the rule's filters read.
    virtual void addMask(proto::FieldMask& mask) const = 0;
    virtual void onFrame(const proto::Packet& packet, const FrameTaps& taps) = 0;
    // Adds the rule's findings (none when its trigger did not fire).
    virtual void finish(FindingsContext& context, std::vector<Finding>& out) = 0;
};

// A finding of `info`: the explanation, then this capture's particulars, then what to do.
[[nodiscard]] Finding makeFinding(const RuleInfo& info, Severity severity, const std::string& particulars,
                                  std::uint64_t count, std::vector<std::string> endpoints, std::string filter);

// A rule with one fixed filter. `decide` looks at what the filter counted and says whether
// to report (setting the severity, initially the declared one, and the particulars).
class StaticRule final : public Rule {
public:
    using Decide = bool (*)(const FilterTally& tally, const FindingsContext& context, Severity& severity,
                            std::string& particulars);

    StaticRule(const RuleInfo& info, std::string_view filter, Decide decide)
        : m_info(info), m_tally(filter), m_decide(decide) {}

    [[nodiscard]] const RuleInfo& info() const override { return m_info; }
    [[nodiscard]] bool valid() const override { return m_tally.valid(); }
    void addMask(proto::FieldMask& mask) const override { mergeMask(mask, m_tally.mask()); }
    void onFrame(const proto::Packet& packet, const FrameTaps& taps) override { m_tally.observe(packet, taps); }
    void finish(FindingsContext& context, std::vector<Finding>& out) override;

private:
    const RuleInfo& m_info;
    FilterTally m_tally;
    Decide m_decide;
};

// Reports whenever the filter selects at least one frame, with the declared severity.
bool anyFrame(const FilterTally& tally, const FindingsContext& context, Severity& severity, std::string& particulars);

using RuleList = std::vector<std::unique_ptr<Rule>>;

// The rules of each kind (one file each under core/findings/rules/), and all of them in the
// order they finish: scan.* before health.* (health leaves scanners' attempts out).
void addP2pRules(RuleList& rules);
void addCleartextRules(RuleList& rules);
void addExposedRules(RuleList& rules);
void addScanRules(RuleList& rules);
void addHealthRules(RuleList& rules);
void addDnsRules(RuleList& rules);
void addIcmpRules(RuleList& rules);
void addCaptureRules(RuleList& rules);
[[nodiscard]] RuleList allRules();

// "12 frames", "1 frame".
[[nodiscard]] std::string framesText(std::uint64_t n);
// "3.2%".
[[nodiscard]] std::string percentText(double fraction);

}  // namespace caplens::findings
