// Body metadata keys -> model fields, through one table of key synonyms.
#include "extract/metadata.hpp"

#include <map>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "extract/items.hpp"
#include "extract/report_body.hpp"

namespace incidentkit {
namespace {

enum class Field {
    title, date, severity, priority, status, start, end, detected, mitigated, duration, commander, responders,
    systems, customer_impact, id, type, tags, data_loss, zone, root_cause
};

const std::map<std::string, Field>& fields() {
    static const std::map<std::string, Field> m = {
        {"title", Field::title}, {"subject", Field::title}, {"incident title", Field::title},
        {"date", Field::date}, {"incident date", Field::date}, {"date of incident", Field::date},
        {"day", Field::date}, {"severity", Field::severity}, {"sev", Field::severity},
        {"severity level", Field::severity}, {"incident severity", Field::severity},
        {"priority", Field::priority}, {"status", Field::status}, {"incident status", Field::status},
        {"state", Field::status}, {"current status", Field::status}, {"start", Field::start},
        {"started", Field::start}, {"start time", Field::start}, {"began", Field::start},
        {"started at", Field::start}, {"incident start", Field::start}, {"time started", Field::start},
        {"start date", Field::start}, {"outage start", Field::start}, {"end", Field::end}, {"ended", Field::end},
        {"end time", Field::end}, {"resolved", Field::end}, {"resolved at", Field::end},
        {"resolution time", Field::end}, {"time resolved", Field::end}, {"incident end", Field::end},
        {"recovered", Field::end}, {"outage end", Field::end}, {"ended at", Field::end},
        {"resolved on", Field::end}, {"outagefinish", Field::end}, {"outage finish", Field::end}, {"outage finished", Field::end},
        {"detected", Field::detected}, {"detected at", Field::detected}, {"detection time", Field::detected},
        {"time detected", Field::detected}, {"mitigated", Field::mitigated}, {"mitigated at", Field::mitigated},
        {"duration", Field::duration}, {"total duration", Field::duration}, {"outage duration", Field::duration},
        {"incident duration", Field::duration}, {"incident commander", Field::commander},
        {"commander", Field::commander}, {"ic", Field::commander}, {"incident lead", Field::commander},
        {"incident manager", Field::commander}, {"responders", Field::responders},
        {"affected systems", Field::systems}, {"affected services", Field::systems}, {"systems", Field::systems},
        {"services", Field::systems}, {"services affected", Field::systems}, {"systems affected", Field::systems},
        {"components", Field::systems}, {"affected components", Field::systems},
        {"customer impact", Field::customer_impact}, {"impact level", Field::customer_impact},
        {"id", Field::id}, {"incident id", Field::id}, {"incident number", Field::id}, {"incident #", Field::id},
        {"incident no", Field::id}, {"ticket", Field::id}, {"type", Field::type}, {"incident type", Field::type},
        {"tags", Field::tags}, {"labels", Field::tags}, {"data loss", Field::data_loss},
        {"time zone", Field::zone}, {"timezone", Field::zone},
        {"root cause", Field::root_cause}, {"root causes", Field::root_cause}, {"cause", Field::root_cause},
        {"primary cause", Field::root_cause}, {"probable cause", Field::root_cause},
        {"underlying cause", Field::root_cause},
    };
    return m;
}

}  // namespace

bool is_metadata_key(const std::string& key) {
    std::string k = text::key_form(key);
    static const RE2 paren{"\\s*\\(([^)]*)\\)$"};
    RE2::Replace(&k, paren, "");
    return fields().count(k) > 0;
}

std::vector<std::string> split_list(std::string_view value) {
    // Commas and semicolons separate items, except inside parentheses: "Database (PostgreSQL, primary)".
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    auto flush = [&] {
        const auto t = text::trim(current);
        if (!t.empty() && t != "-") out.emplace_back(t);
        current.clear();
    };
    for (char c : value) {
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
        if ((c == ',' || c == ';') && depth == 0) {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return out;
}

namespace {

// A stated time kept past its value's text: the clock and day stay, the views into the text (`written`,
// `rest`) are dropped rather than left dangling.
TimePrefix kept(TimePrefix tp) {
    tp.written = {};
    tp.rest = {};
    return tp;
}

}  // namespace

bool apply_metadata(const std::string& key, const std::string& value, std::size_t line, Incident& inc,
                    StatedTimes& times, std::vector<Diagnostic>& diags) {
    const auto& table = fields();
    std::string k = text::key_form(key);
    static const RE2 paren{"\\s*\\(([^)]*)\\)$"};
    std::string zone_in_key;
    if (RE2::PartialMatch(k, paren, &zone_in_key)) RE2::Replace(&k, paren, "");  // "Start (UTC)"
    const auto it = table.find(k);
    if (it == table.end()) return false;
    std::string v(text::trim(value));
    // JavaScript-style metadata ("title: 'Relay outage',") as MDX posts export it: the value without the
    // quotes and the trailing comma.
    if (!v.empty() && v.back() == ',') v = std::string(text::trim(std::string_view(v).substr(0, v.size() - 1)));
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
    if (v.empty()) return true;
    auto time_value = [&](std::optional<TimePrefix>& slot, std::size_t& slot_line) {
        if (slot) return;
        slot_line = line;
        auto tp = parse_time_prefix(v, true);
        if (!tp || (!tp->clock && !tp->date)) {
            diags.push_back(warning_at(line, "'" + key + ": " + v + "' is not a date or time; ignored"));
            return;
        }
        if (tp->clock && tp->clock->zone.empty() && !zone_in_key.empty() && resolve_zone(zone_in_key)) {
            tp->clock->zone = zone_in_key;
        }
        slot = kept(*tp);
    };
    switch (it->second) {
        case Field::title:
            if (!inc.title) {
                std::optional<std::string> id;
                const std::string clean = clean_title(v, id);
                inc.title = clean.empty() ? v : clean;
                if (!inc.id && id) inc.id = id;
            }
            break;
        case Field::date:
            if (!times.date) {
                times.date = find_date(v);
                times.date_line = line;
                times.date_names_incident = k.find("incident") != std::string::npos || k.find("outage") != std::string::npos;
                if (!times.date) diags.push_back(warning_at(line, "'" + v + "' is not a date; ignored"));
            }
            break;
        case Field::priority:
            // "Priority: P2" on an incident is its severity when nothing else states one.
            if (inc.severity || !normalize_severity(v).level) return false;
            [[fallthrough]];
        case Field::severity:
            if (!inc.severity) {
                inc.severity = normalize_severity(v);
                if (!inc.severity->level) diags.push_back(warning_at(line, "severity '" + v + "' is not recognised"));
            }
            break;
        case Field::status:
            if (!inc.status) inc.status = normalize_status(v);
            break;
        case Field::start: time_value(times.start, times.start_line); break;
        case Field::end: time_value(times.end, times.end_line); break;
        case Field::detected: time_value(times.detected, times.detected_line); break;
        case Field::mitigated: time_value(times.mitigated, times.mitigated_line); break;
        case Field::duration:
            if (!inc.duration_minutes) inc.duration_minutes = parse_duration_minutes(v);
            if (!times.range) {
                static const RE2 in_paren{"\\(([^)]*)\\)"};
                std::string inner;
                if (RE2::PartialMatch(v, in_paren, &inner)) {
                    if (auto tp = parse_time_prefix(inner, true); tp && tp->end_clock) {
                        times.range = kept(*tp);
                        times.range_line = line;
                    }
                }
            }
            break;
        case Field::commander:
            if (!inc.commander) inc.commander = normalize_person(v);
            break;
        case Field::responders:
            if (inc.responders.empty()) {
                for (const auto& p : split_list(v)) {
                    if (auto person = normalize_person(p)) inc.responders.push_back(*person);
                }
            }
            break;
        case Field::systems:
            if (inc.affected_systems.empty()) inc.affected_systems = split_list(v);
            break;
        case Field::customer_impact:
            if (!inc.customer_impact) inc.customer_impact = normalize_customer_impact(v);
            break;
        case Field::id:
            if (!inc.id) inc.id = v;
            break;
        case Field::type:
            if (!inc.type) inc.type = normalize_type(v);
            break;
        case Field::tags:
            if (inc.tags.empty()) inc.tags = split_list(v);
            break;
        case Field::root_cause:
            if (!inc.root_cause) inc.root_cause = v;
            break;
        case Field::data_loss:
            if (!inc.impact.data_loss) {
                const std::string l = text::key_form(v);
                if (l == "none" || l == "no" || l == "false" || l == "n/a" || l == "zero") {
                    inc.impact.data_loss = false;
                } else if (auto stated = data_loss_statement("Data loss: " + v)) {
                    inc.impact.data_loss = stated;
                }
            }
            break;
        case Field::zone:
            if (times.zone.empty() && resolve_zone(v)) times.zone = v;
            break;
    }
    return true;
}

}  // namespace incidentkit
