// finding.hpp — what a findings rule reports: traffic that deserves a look, with its evidence
// (a count, the endpoints involved) and the display filter that selects exactly its frames.
//
// A rule is declared once (RuleInfo: id, severity, title, explanation, what to do) like a
// protocol's field table; the analyzer (findings_analyzer.hpp) runs every rule over the first
// pass and keeps the findings whose trigger fired.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace caplens::findings {

// In increasing order of concern.
enum class Severity : std::uint8_t { Info, Note, Warning, Error };

[[nodiscard]] std::string_view severityName(Severity severity);  // "info", "note", "warning", "error"

// The declaration of one rule.
struct RuleInfo {
    std::string_view id;           // dotted, grouped by kind: "p2p.bittorrent", "health.resets"
    Severity severity;             // the usual severity (a rule may raise or lower it per capture)
    std::string_view title;        // one line: "BitTorrent peer-to-peer traffic"
    std::string_view explanation;  // why it deserves a look, in plain language
    std::string_view advice;       // what to do about it
};

struct Finding {
    std::string id;
    Severity severity = Severity::Info;
    std::string title;
    std::string explanation;  // the rule's explanation, this capture's particulars, what to do
    std::uint64_t count = 0;  // frames the filter selects (always exactly)
    std::vector<std::string> endpoints;  // the addresses most involved, most frames first
    std::string filter;       // a display filter selecting exactly `count` frames
};

// Most severe first, then by count (descending), then by id.
void sortFindings(std::vector<Finding>& findings);

// {"findings":[{"id":..,"severity":..,"title":..,"explanation":..,"count":N,"endpoints":[..],
//  "filter":..}]}
[[nodiscard]] std::string findingsJson(const std::vector<Finding>& findings);
// A readable table: severity, id, count, title; then per finding its endpoints and filter.
[[nodiscard]] std::string findingsText(const std::vector<Finding>& findings);

}  // namespace caplens::findings
