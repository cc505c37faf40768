// The one list of findings rules, in the order they finish (scan.* before health.*).
#include "core/findings/rule.hpp"

namespace caplens::findings {

RuleList allRules() {
    RuleList rules;
    addP2pRules(rules);
    addCleartextRules(rules);
    addExposedRules(rules);
    addScanRules(rules);
    addHealthRules(rules);
    addDnsRules(rules);
    addIcmpRules(rules);
    addCaptureRules(rules);
    return rules;
}

}  // namespace caplens::findings
