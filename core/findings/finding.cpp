#include "core/findings/finding.hpp"

#include <algorithm>

#include "core/findings/rule.hpp"
#include "core/util/json_writer.hpp"

namespace caplens::findings {

std::string_view severityName(Severity severity) {
    switch (severity) {
        case Severity::Info: return "info";
        case Severity::Note: return "note";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "";
}

void sortFindings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        if (a.severity != b.severity) return a.severity > b.severity;
        if (a.count != b.count) return a.count > b.count;
        return a.id < b.id;
    });
}

std::string findingsJson(const std::vector<Finding>& findings) {
    JsonWriter w;
    w.beginObject().key("findings").beginArray();
    for (const Finding& f : findings) {
        w.beginObject();
        w.key("id").value(f.id);
        w.key("severity").value(severityName(f.severity));
        w.key("title").value(f.title);
        w.key("explanation").value(f.explanation);
        w.key("count").value(f.count);
        w.key("endpoints").beginArray();
        for (const auto& e : f.endpoints) w.value(e);
        w.endArray();
        w.key("filter").value(f.filter);
        w.endObject();
    }
    w.endArray().endObject();
    return w.take();
}

std::string findingsText(const std::vector<Finding>& findings) {
    if (findings.empty()) return "No findings: nothing in this capture calls for a second look.\n";
    std::size_t idWidth = 2;
    for (const Finding& f : findings) idWidth = std::max(idWidth, f.id.size());
    std::string out = formatText("%-8s  %-*s  %8s  %s\n", "SEVERITY", static_cast<int>(idWidth), "ID", "FRAMES", "TITLE");
    for (const Finding& f : findings) {
        out += formatText("%-8s  %-*s  %8llu  %s\n", std::string(severityName(f.severity)).c_str(),
                          static_cast<int>(idWidth), f.id.c_str(), static_cast<unsigned long long>(f.count),
                          f.title.c_str());
    }
    for (const Finding& f : findings) {
        out += "\n" + f.id + " — " + f.title + "\n  " + f.explanation + "\n";
        if (!f.endpoints.empty()) {
            out += "  endpoints: ";
            for (std::size_t i = 0; i < f.endpoints.size(); ++i) out += (i ? ", " : "") + f.endpoints[i];
            out += "\n";
        }
        out += "  filter: " + f.filter + "\n";
    }
    return out;
}

Finding makeFinding(const RuleInfo& info, Severity severity, const std::string& particulars, std::uint64_t count,
                    std::vector<std::string> endpoints, std::string filter) {
    Finding f;
    f.id = std::string(info.id);
    f.severity = severity;
    f.title = std::string(info.title);
    f.explanation = std::string(info.explanation);
    if (!particulars.empty()) f.explanation += " " + particulars;
    if (!info.advice.empty()) f.explanation += " What to do: " + std::string(info.advice);
    f.count = count;
    f.endpoints = std::move(endpoints);
    f.filter = std::move(filter);
    return f;
}

void StaticRule::finish(FindingsContext& context, std::vector<Finding>& out) {
    Severity severity = m_info.severity;
    std::string particulars;
    if (m_tally.count() == 0 || !m_decide(m_tally, context, severity, particulars)) return;
    out.push_back(makeFinding(m_info, severity, particulars, m_tally.count(), m_tally.endpoints().top(),
                              m_tally.filterText()));
}

bool anyFrame(const FilterTally& tally, const FindingsContext&, Severity&, std::string& particulars) {
    particulars = framesText(tally.count()) + ".";
    return tally.count() > 0;
}

std::string framesText(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " frame" : " frames"); }

std::string percentText(double fraction) {
    const double percent = fraction * 100.0;
    return percent < 10.0 ? formatText("%.1f%%", percent) : formatText("%.0f%%", percent);
}

}  // namespace caplens::findings
