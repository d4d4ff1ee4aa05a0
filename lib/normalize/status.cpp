// Status-like normalizers: incident status, document type, customer impact and action-item status.
#include <map>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

std::optional<std::string> lookup(const std::map<std::string, std::string>& table, const std::string& key) {
    if (auto it = table.find(key); it != table.end()) return it->second;
    return std::nullopt;
}

}  // namespace

std::string normalize_status(std::string_view raw) {
    static const std::map<std::string, std::string> table = {
        {"investigating", "investigating"}, {"investigation", "investigating"}, {"triage", "investigating"},
        {"triaging", "investigating"}, {"open", "investigating"}, {"ongoing", "investigating"},
        {"active", "investigating"}, {"identified", "identified"}, {"root cause identified", "identified"},
        {"monitoring", "monitoring"}, {"watching", "monitoring"}, {"mitigated", "mitigated"},
        {"mitigating", "mitigated"}, {"resolved", "resolved"}, {"fixed", "resolved"}, {"recovered", "resolved"},
        {"postmortem", "postmortem"}, {"post mortem", "postmortem"}, {"postmortem complete", "postmortem"},
        {"post incident review", "postmortem"}, {"pir", "postmortem"}, {"retrospective", "postmortem"},
        {"closed", "closed"}, {"complete", "closed"}, {"completed", "closed"}, {"done", "closed"},
    };
    const std::string key = text::key_form(raw);
    if (auto v = lookup(table, key)) return *v;
    return text::lower(text::trim(text::strip_symbols(text::trim(raw))));
}

std::string normalize_type(std::string_view raw) {
    static const std::map<std::string, std::string> table = {
        {"inc", "incident"}, {"incident", "incident"}, {"incident report", "incident"},
        {"pm", "postmortem"}, {"postmortem", "postmortem"}, {"post mortem", "postmortem"},
        {"outage", "incident"}, {"maintenance", "maintenance"},
    };
    const std::string key = text::key_form(raw);
    if (auto v = lookup(table, key)) return *v;
    return text::lower(text::trim(raw));
}

std::string normalize_customer_impact(std::string_view raw) {
    static const std::map<std::string, std::string> table = {
        {"none", "none"}, {"no impact", "none"}, {"no", "none"}, {"no customer impact", "none"},
        {"degraded", "degraded"}, {"degradation", "degraded"}, {"degraded performance", "degraded"},
        {"performance degradation", "degraded"}, {"minor", "degraded"}, {"notice", "degraded"},
        {"partial", "partial_outage"}, {"partial outage", "partial_outage"}, {"disrupted", "partial_outage"},
        {"outage", "full_outage"}, {"full outage", "full_outage"}, {"major outage", "full_outage"},
        {"down", "full_outage"}, {"total outage", "full_outage"}, {"complete outage", "full_outage"},
    };
    const std::string key = text::key_form(raw);
    if (auto v = lookup(table, key)) return *v;
    return text::lower(text::trim(raw));
}

std::optional<std::string> normalize_action_status(std::string_view raw) {
    static const std::map<std::string, std::string> table = {
        {"done", "done"}, {"completed", "done"}, {"complete", "done"}, {"closed", "done"}, {"fixed", "done"},
        {"resolved", "done"}, {"finished", "done"}, {"shipped", "done"}, {"merged", "done"}, {"x", "done"},
        {"in progress", "in_progress"}, {"inprogress", "in_progress"}, {"wip", "in_progress"},
        {"ongoing", "in_progress"}, {"started", "in_progress"}, {"doing", "in_progress"},
        {"in review", "in_progress"}, {"todo", "todo"}, {"to do", "todo"}, {"pending", "todo"},
        {"open", "todo"}, {"not started", "todo"}, {"planned", "todo"}, {"new", "todo"}, {"backlog", "todo"},
        {"blocked", "blocked"}, {"on hold", "blocked"}, {"waiting", "blocked"}, {"cancelled", "cancelled"},
        {"canceled", "cancelled"}, {"won't do", "cancelled"}, {"wont do", "cancelled"}, {"wontfix", "cancelled"},
        {"won't fix", "cancelled"}, {"wont fix", "cancelled"}, {"dropped", "cancelled"}, {"obsolete", "cancelled"},
    };
    // "✅" and "✅ Done" are both done; key_form drops the emoji, so look at it first.
    const std::string_view t = text::trim(raw);
    if (t.find("\u2705") != std::string_view::npos || t.find("\u2714") != std::string_view::npos) return "done";
    std::string folded(t);
    for (auto at = folded.find("\u2019"); at != std::string::npos; at = folded.find("\u2019")) {
        folded.replace(at, 3, "'");  // "Won’t do" like "Won't do"
    }
    if (auto v = lookup(table, text::key_form(folded))) return v;
    return std::nullopt;
}

std::optional<std::string> normalize_priority(std::string_view raw) {
    static const std::map<std::string, std::string> table = {
        {"p0", "critical"}, {"critical", "critical"}, {"urgent", "critical"}, {"highest", "critical"},
        {"blocker", "critical"}, {"p1", "high"}, {"high", "high"}, {"p2", "medium"}, {"medium", "medium"},
        {"med", "medium"}, {"moderate", "medium"}, {"normal", "medium"}, {"p3", "low"}, {"p4", "low"},
        {"low", "low"}, {"lowest", "low"}, {"minor", "low"},
    };
    std::string key = text::key_form(raw);
    if (key.size() > 9 && key.compare(0, 9, "priority ") == 0) key.erase(0, 9);
    return lookup(table, key);
}

}  // namespace incidentkit
