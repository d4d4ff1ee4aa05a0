// The heading-synonym table; extend it here, not in the readers.
#include "extract/section_names.hpp"

#include <map>

#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

const std::map<std::string, SectionKind>& synonyms() {
    using K = SectionKind;
    static const std::map<std::string, SectionKind> m = {
        {"summary", K::summary}, {"executive summary", K::summary}, {"overview", K::summary},
        {"tl;dr", K::summary}, {"tldr", K::summary}, {"incident summary", K::summary},
        {"description", K::summary}, {"synopsis", K::summary}, {"abstract", K::summary},
        {"what happened", K::summary}, {"incident overview", K::summary}, {"issue summary", K::summary},
        {"impact", K::impact}, {"impact assessment", K::impact}, {"customer impact", K::impact},
        {"business impact", K::impact}, {"user impact", K::impact}, {"impact analysis", K::impact},
        {"impact summary", K::impact}, {"scope of impact", K::impact}, {"blast radius", K::impact},
        {"impact and scope", K::impact},
        {"timeline", K::timeline}, {"incident timeline", K::timeline}, {"chronology", K::timeline},
        {"timeline of events", K::timeline}, {"sequence of events", K::timeline},
        {"detailed timeline", K::timeline}, {"event timeline", K::timeline}, {"event log", K::timeline},
        {"root cause", K::root_cause}, {"root causes", K::root_cause}, {"root cause analysis", K::root_cause},
        {"rca", K::root_cause}, {"cause", K::root_cause}, {"causes", K::root_cause},
        {"contributing factors", K::root_cause}, {"contributing factor", K::root_cause},
        {"root cause and contributing factors", K::root_cause}, {"why it happened", K::root_cause},
        {"resolution", K::resolution}, {"remediation", K::resolution}, {"mitigation", K::resolution},
        {"mitigation and resolution", K::resolution}, {"resolution and recovery", K::resolution},
        {"recovery", K::resolution}, {"fix", K::resolution}, {"resolution steps", K::resolution},
        {"how it was resolved", K::resolution}, {"immediate actions", K::resolution},
        {"mitigation steps", K::resolution}, {"resolution and mitigation", K::resolution},
        {"action items", K::action_items}, {"follow ups", K::action_items}, {"follow up", K::action_items},
        {"followups", K::action_items}, {"follow up actions", K::action_items},
        {"follow up items", K::action_items}, {"corrective actions", K::action_items},
        {"next steps", K::action_items}, {"preventive actions", K::action_items},
        {"preventative actions", K::action_items}, {"corrective and preventive actions", K::action_items},
        {"remediation items", K::action_items}, {"action plan", K::action_items}, {"todo", K::action_items},
        {"to do", K::action_items}, {"tasks", K::action_items}, {"preventive measures", K::action_items},
        {"preventative measures", K::action_items}, {"action items and follow ups", K::action_items},
        {"lessons learned", K::lessons_learned}, {"lessons", K::lessons_learned},
        {"learnings", K::lessons_learned}, {"what went well", K::lessons_learned},
        {"what went wrong", K::lessons_learned}, {"what went poorly", K::lessons_learned},
        {"what didn't go well", K::lessons_learned}, {"where we got lucky", K::lessons_learned},
        {"what we learned", K::lessons_learned}, {"takeaways", K::lessons_learned},
        {"key takeaways", K::lessons_learned}, {"lessons learnt", K::lessons_learned},
        {"affected systems", K::affected_systems}, {"affected services", K::affected_systems},
        {"services affected", K::affected_systems}, {"systems affected", K::affected_systems},
        {"affected components", K::affected_systems}, {"impacted services", K::affected_systems},
        {"impacted systems", K::affected_systems}, {"components affected", K::affected_systems},
        {"related incidents", K::related_incidents}, {"related", K::related_incidents},
        {"related issues", K::related_incidents}, {"similar incidents", K::related_incidents},
        {"previous incidents", K::related_incidents}, {"related incident", K::related_incidents},
        {"incident details", K::details}, {"details", K::details}, {"metadata", K::details},
        {"incident metadata", K::details}, {"incident information", K::details}, {"incident info", K::details},
        {"key information", K::details}, {"at a glance", K::details}, {"incident data", K::details},
    };
    return m;
}

}  // namespace

const char* to_string(SectionKind kind) {
    switch (kind) {
        case SectionKind::unknown: return "kept as a section";
        case SectionKind::summary: return "summary";
        case SectionKind::impact: return "impact";
        case SectionKind::timeline: return "timeline";
        case SectionKind::root_cause: return "root cause";
        case SectionKind::resolution: return "resolution";
        case SectionKind::action_items: return "action items";
        case SectionKind::lessons_learned: return "lessons learned";
        case SectionKind::affected_systems: return "affected systems";
        case SectionKind::related_incidents: return "related incidents";
        case SectionKind::details: return "details";
    }
    return "?";
}

std::string heading_key(std::string_view heading) {
    std::string s = text::key_form(heading);
    static const RE2 numbering{"^(?:\\d+(?:\\.\\d+)*[.)]?|[ivx]+[.)]|[a-z][.)]|#\\d+)\\s+"};
    if (s.find_first_of(".)") != std::string::npos || (!s.empty() && s[0] == '#')) RE2::Replace(&s, numbering, "");
    static const RE2 paren{"\\s*\\([^)]*\\)\\s*$"};
    if (!s.empty() && s.back() == ')') RE2::Replace(&s, paren, "");
    while (!s.empty() && (s.back() == ':' || s.back() == '.' || s.back() == ' ')) s.pop_back();
    return s;
}

SectionKind classify_heading(std::string_view heading) {
    const auto& m = synonyms();
    if (auto it = m.find(heading_key(heading)); it != m.end()) return it->second;
    return SectionKind::unknown;
}

std::string heading_zone(std::string_view heading) {
    static const RE2 paren{"\\(\\s*(?:(?i)all\\s+)?(?:(?i)times?\\s+(?:are\\s+)?(?:in\\s+)?)?([^)]+?)\\s*\\)\\s*:?\\s*$"};
    std::string inside;
    if (!RE2::PartialMatch(std::string(heading), paren, &inside)) return {};
    return resolve_zone(inside) ? inside : std::string();
}

}  // namespace incidentkit
