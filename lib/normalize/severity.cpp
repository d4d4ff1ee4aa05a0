// normalize_severity: every common severity notation onto one 0..5 scale (lower is more severe).
#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {

Severity normalize_severity(std::string_view raw) {
    Severity s;
    s.raw = std::string(text::trim(raw));
    const std::string key = text::key_form(s.raw);
    // "sev2", "sev 2", "sev-2", "severity 2", "s2", "p2", "priority 2", "2"; an optional trailing word
    // ("SEV2 - major") is allowed.
    static const RE2 numbered{"(sev|severity|s|p|priority|pri)?\\s*([0-5])(?:\\s.*)?"};
    std::string scheme, digit;
    if (rx::full_match(key, numbered, &scheme, &digit)) {
        s.level = digit[0] - '0';
        const bool p_scheme = scheme == "p" || scheme == "priority" || scheme == "pri";
        s.label = (p_scheme ? "P" : "SEV") + digit;
        return s;
    }
    struct Word {
        const char* word;
        int level;
    };
    static constexpr Word words[] = {
        {"catastrophic", 0}, {"emergency", 0}, {"critical", 1}, {"crit", 1}, {"high", 2},
        {"major", 2},        {"medium", 3},    {"moderate", 3}, {"med", 3},  {"low", 4},
        {"minor", 4},        {"informational", 5}, {"info", 5}, {"cosmetic", 5},
    };
    for (const auto& w : words) {
        if (key == w.word) {
            s.level = w.level;
            s.label = "SEV" + std::to_string(w.level);
            return s;
        }
    }
    return s;  // unrecognised: raw only, level and label null
}

}  // namespace incidentkit
