// FrontmatterReader: YAML, TOML or JSON front matter mapped onto the model through one key table, then the
// Markdown body (read like a free-form report, update logs included).
#include <map>

#include <fmt/format.h>

#include "normal_form/markdown_body.hpp"
#include "normalize/normalize.hpp"
#include "normalize/text.hpp"
#include "readers/builtin_readers.hpp"
#include "readers/canonical_decode.hpp"
#include "readers/front_matter_data.hpp"
#include "readers/input_text.hpp"
#include "extract/provenance.hpp"
#include "extract/report_body.hpp"

namespace incidentkit {
namespace {

// Whether what follows the front matter is the next document of a canonical YAML stream: the line right after
// the closing `---` is `schema_version: <integer>`, as the yaml writer puts it. The markdown writer always leaves
// a blank line after its front matter, so a body of its own that opens with such a line (a fuzzed preamble did,
// twice: "schema_version: :1", then "schema_version: 1") is a body, and reads back as one.
bool next_document_is_canonical(std::string_view body) {
    constexpr std::string_view key = "schema_version:";
    if (body.rfind(key, 0) != 0) return false;
    std::string_view value = body.substr(key.size());
    value = text::trim(value.substr(0, value.find('\n')));
    return !value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos;
}

using json = nlohmann::ordered_json;

enum class Key {
    id, type, title, status, severity, priority, commander, responders, started, detected, mitigated, resolved,
    resolved_flag, duration, systems, customer_impact, tags, link, data_loss, date, summary, extra, status_word
};

// Front-matter keys (compared lower-cased, '-' and '_' as spaces, camelCase folded) -> model fields. The seed
// format's names, and what status-page and blog tools (cState, Statusfy, Hugo, Jekyll) call the same things.
const std::map<std::string, Key>& keys() {
    static const std::map<std::string, Key> m = {
        {"id", Key::id}, {"incident id", Key::id}, {"type", Key::type}, {"title", Key::title},
        {"status", Key::status}, {"severity", Key::severity}, {"sev", Key::severity},
        {"severity level", Key::severity}, {"priority", Key::priority}, {"commander", Key::commander},
        {"incident commander", Key::commander}, {"ic", Key::commander}, {"owner", Key::commander},
        {"responders", Key::responders}, {"started at", Key::started}, {"start", Key::started},
        {"started", Key::started}, {"start time", Key::started}, {"detected at", Key::detected},
        {"detected", Key::detected}, {"mitigated at", Key::mitigated}, {"mitigated", Key::mitigated},
        {"resolved at", Key::resolved}, {"resolvedwhen", Key::resolved}, {"resolved date", Key::resolved},
        {"resolved when", Key::resolved}, {"resolved on", Key::resolved}, {"end", Key::resolved}, {"ended at", Key::resolved},
        {"end time", Key::resolved}, {"ended", Key::resolved}, {"resolved", Key::resolved_flag},
        {"duration minutes", Key::duration}, {"duration", Key::duration}, {"affected systems", Key::systems},
        {"affected services", Key::systems}, {"systems", Key::systems}, {"services", Key::systems},
        {"affected", Key::systems}, {"affectedsystems", Key::systems}, {"components", Key::systems},
        {"customer impact", Key::customer_impact}, {"tags", Key::tags}, {"labels", Key::tags},
        {"caused by", Key::link}, {"triggers", Key::link}, {"enables", Key::link}, {"related", Key::link},
        {"related incidents", Key::link}, {"data loss", Key::data_loss}, {"date", Key::date},
        {"datetime", Key::date}, {"incident date", Key::date}, {"summary", Key::summary},
        {"description", Key::summary}, {"extra", Key::extra}, {"max severity", Key::status_word},
        {"maxseverity", Key::status_word},
    };
    return m;
}

constexpr const char* kIncidentKeys[] = {"title", "severity", "status", "started_at", "resolved_at", "commander",
                                         "affected_systems", "type", "incident_id", "duration_minutes",
                                         "resolvedWhen", "affectedsystems", "affected", "resolved"};

// Status-page severities describe customer impact, not incident severity: the body reader reads the word
// together with the text (extract/impact_words).
bool is_status_word(const std::string& v) {
    static const char* const words[] = {"down", "major outage", "outage", "disrupted", "partial outage",
                                        "degraded performance", "degradation", "degraded", "notice",
                                        "informational", "monitoring", "operational", "ok"};
    const std::string k = text::key_form(v);
    for (const char* w : words) {
        if (k == w) return true;
    }
    return false;
}

struct Mapper {
    const FrontMatterData& fm;
    Incident& inc;
    BodyInput& body;
    std::vector<Diagnostic>& diags;
    std::optional<std::string> date_value;
    std::size_t date_line = 0;
    ProvenanceLog prov{body.options, body.lines};

    std::size_t line_of(const std::string& pointer) const {
        if (auto it = fm.where.line.find(pointer); it != fm.where.line.end()) return it->second;
        return body.lines ? 1 : 0;
    }

    // A scalar's text as written: plain YAML `007` stays "007", numbers and booleans as their text.
    std::optional<std::string> scalar(const json& v, const std::string& pointer) const {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_null() || v.is_array() || v.is_object()) return std::nullopt;
        if (auto it = fm.where.raw.find(pointer); it != fm.where.raw.end()) return it->second;
        if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
        return v.dump();
    }

    // A scalar or a list of scalars; nullopt for anything else, which stays in extra rather than being dropped.
    std::optional<std::vector<std::string>> strings(const json& v, const std::string& pointer) const {
        std::vector<std::string> out;
        if (v.is_null()) return out;
        if (auto s = scalar(v, pointer)) {
            if (!s->empty()) out.push_back(*s);  // one value stands for a list of one
            return out;
        }
        if (!v.is_array()) return std::nullopt;
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto s = scalar(v[i], pointer + "/" + std::to_string(i));
            if (!s) return std::nullopt;
            out.push_back(*s);
        }
        return out;
    }

    bool not_a_list(const std::string& key, std::size_t line) {
        diags.push_back(warning_at(line, fmt::format("{}: expected a value or a list of values; kept in extra", key)));
        return false;
    }

    bool timestamp(const std::string& key, const json& v, std::size_t line, std::optional<std::string>& field,
                   bool* zone_stated = nullptr) {
        const auto s = scalar(v, "/" + key);
        if (!s || s->empty()) return v.is_null();
        const auto dt = parse_datetime(*s);
        if (!dt) {
            diags.push_back(warning_at(line, fmt::format("{}: '{}' is not a date/time; kept in extra", key, *s)));
            return false;
        }
        if (!dt->clock) {
            if (!body.report_date) {
                body.report_date = dt->date;
                body.report_date_line = line;
            }
            diags.push_back(warning_at(line, fmt::format("{}: '{}' has a date but no time; used as the report's date",
                                                         key, *s)));
            return true;
        }
        if (dt->clock->zone.empty()) {
            diags.push_back(warning_at(line, fmt::format("{}: '{}' has no time zone; read as UTC", key, *s)));
        }
        if (auto e = to_epoch(dt->date, *dt->clock)) {
            field = format_instant(*e);
            if (zone_stated) *zone_stated = !dt->clock->zone.empty();
            return true;
        }
        diags.push_back(warning_at(line, fmt::format("{}: '{}' is not a valid date/time; kept in extra", key, *s)));
        return false;
    }

    bool links(const std::string& key, const json& v, std::size_t line) {
        std::string rel = text::snake_case(key);
        if (rel == "related_incidents") rel = "related";
        std::vector<Link> found;
        const auto add = [&](const json& x, const std::string& ptr) {
            if (auto s = scalar(x, ptr)) {
                found.push_back(Link{rel, *s, std::nullopt, std::nullopt});
                return true;
            }
            if (!x.is_object()) return false;
            Link l{rel, "", std::nullopt, std::nullopt};  // {id|target|ref|url, title, date}
            for (const char* k : {"id", "target", "ref", "url"}) {
                if (x.contains(k) && x[k].is_string()) {
                    l.target = x[k].get<std::string>();
                    break;
                }
            }
            if (l.target.empty()) return false;
            if (x.contains("title") && x["title"].is_string()) l.title = x["title"].get<std::string>();
            if (x.contains("date") && x["date"].is_string()) {
                if (auto d = parse_date(x["date"].get<std::string>())) l.date = format_date(*d);
            }
            found.push_back(std::move(l));
            return true;
        };
        bool ok = v.is_null();
        if (v.is_array()) {
            ok = true;
            for (std::size_t i = 0; i < v.size(); ++i) ok = add(v[i], "/" + key + "/" + std::to_string(i)) && ok;
        } else if (!v.is_null()) {
            ok = add(v, "/" + key);
        }
        if (!ok) {
            diags.push_back(warning_at(line, fmt::format("{}: expected ids or {{id, title, date}} maps; kept in extra", key)));
            return false;
        }
        for (auto& l : found) inc.links.push_back(std::move(l));
        return true;
    }

    bool apply(Key k, const std::string& key, const json& v, std::size_t line) {
        const std::string ptr = "/" + key;
        const auto s = scalar(v, ptr);
        auto need_scalar = [&]() {
            if (s) return true;
            if (!v.is_null()) diags.push_back(warning_at(line, fmt::format("{}: expected a single value; kept in extra", key)));
            return false;
        };
        switch (k) {
            case Key::id: if (!need_scalar()) return v.is_null(); inc.id = *s; return true;
            case Key::type: if (!need_scalar()) return v.is_null(); inc.type = normalize_type(*s); return true;
            case Key::title: {
                if (!need_scalar()) return v.is_null();
                std::optional<std::string> id;  // leading dates and boilerplate go, as in a heading
                const std::string clean = clean_title(*s, id);
                inc.title = clean.empty() ? *s : clean;
                body.raw_title = *s;
                body.raw_title_line = line;
                return true;
            }
            case Key::status_word:
                if (s) body.status_word = text::lower(*s);  // max_severity wins over severity
                return false;
            case Key::summary:
                if (!need_scalar()) return v.is_null();
                if (body.description.empty()) body.description = *s;
                if (inc.summary) return false;  // summary and description both given: the second stays in extra
                inc.summary = std::string(text::trim(*s));
                return true;
            case Key::status: if (!need_scalar()) return v.is_null(); inc.status = normalize_status(*s); return true;
            case Key::resolved_flag:
                // cState/Statusfy `resolved: true|false`; an explicit status key wins.
                if (!v.is_boolean()) return false;
                body.resolved_flag = v.get<bool>();
                return true;
            case Key::priority:
                if (!s || inc.severity || !normalize_severity(*s).level) return false;
                [[fallthrough]];
            case Key::severity: {
                if (!need_scalar()) return v.is_null();
                if (text::key_form(*s) == "under maintenance") {
                    inc.tags.push_back("maintenance");
                    return false;  // kept in extra as written
                }
                if (is_status_word(*s)) {
                    // The body reader decides the customer impact from this word and the text.
                    if (body.status_word.empty()) body.status_word = text::lower(*s);
                    return false;  // the word stays in extra: it was no severity
                }
                inc.severity = normalize_severity(*s);
                if (!inc.severity->level) {
                    diags.push_back(warning_at(line, fmt::format("severity '{}' is not recognised; level is null", *s)));
                }
                return true;
            }
            case Key::commander:
                if (!need_scalar()) return v.is_null();
                if (inc.commander) return false;  // commander and owner both given: owner stays in extra
                inc.commander = normalize_person(*s);
                return true;
            case Key::responders: {
                const auto list = strings(v, ptr);
                if (!list) return not_a_list(key, line);
                for (const auto& p : *list) {
                    if (auto person = normalize_person(p)) inc.responders.push_back(*person);
                }
                return true;
            }
            case Key::started:
                if (const auto sv = scalar(v, ptr); sv && !inc.started_at) {
                    if (const auto dt = parse_datetime(*sv); dt && dt->clock) {
                        body.start_day = dt->date;  // the day as written, in the writer's zone
                        body.start_day_line = line;
                    }
                }
                return timestamp(key, v, line, inc.started_at, &body.started_zone_stated);
            case Key::detected: return timestamp(key, v, line, inc.detected_at);
            case Key::mitigated: return timestamp(key, v, line, inc.mitigated_at);
            case Key::resolved: return timestamp(key, v, line, inc.resolved_at);
            case Key::date:
                if (!s) return false;
                date_value = *s;  // applied after all keys: started_at may follow
                date_line = line;
                return true;
            case Key::duration: {
                if (!need_scalar()) return v.is_null();
                inc.duration_minutes = parse_duration_minutes(*s);
                body.duration_line = line;
                if (!inc.duration_minutes) {
                    diags.push_back(warning_at(line, fmt::format("{}: '{}' is not a duration; kept in extra", key, *s)));
                    return false;
                }
                return true;
            }
            case Key::systems: {
                const auto list = strings(v, ptr);
                if (!list) return not_a_list(key, line);
                for (const auto& x : *list) inc.affected_systems.push_back(x);
                return true;
            }
            case Key::customer_impact:
                if (!need_scalar()) return v.is_null();
                inc.customer_impact = normalize_customer_impact(*s);
                return true;
            case Key::tags: {
                const auto list = strings(v, ptr);
                if (!list) return not_a_list(key, line);
                for (const auto& x : *list) inc.tags.push_back(x);
                return true;
            }
            case Key::link: return links(key, v, line);
            case Key::data_loss: {
                if (!need_scalar()) return v.is_null();
                const std::string l = text::lower(*s);
                if (l == "true" || l == "yes") inc.impact.data_loss = true;
                else if (l == "false" || l == "no" || l == "none") inc.impact.data_loss = false;
                else return false;
                return true;
            }
            case Key::extra:
                // The Markdown writer's bucket for unknown keys that would otherwise read as model fields.
                if (!v.is_object()) return false;
                for (const auto& [ek, ev] : v.items()) inc.extra[ek] = ev;
                return true;
        }
        return false;
    }

    void run() {
        const auto& table = keys();
        for (const auto& [key, v] : fm.values.items()) {
            const std::size_t line = line_of("/" + key);
            const auto it = table.find(text::key_form(key));
            prov.begin(inc);
            const bool mapped = it != table.end() && apply(it->second, key, v, line);
            if (!mapped) inc.extra[key] = v;
            if (prov.on()) {
                prov.end(inc, line, mapped ? "front-matter key '" + key + "'" : "front-matter key '" + key + "', kept as written");
            }
        }
        // `date` is the start when it carries a time and nothing else states the start; else the report's date.
        if (date_value) {
            prov.begin(inc);
            const auto dt = parse_datetime(*date_value);
            if (!dt) {
                diags.push_back(warning_at(date_line, fmt::format("date: '{}' is not a date; kept in extra", *date_value)));
                inc.extra["date"] = *date_value;
            } else if (dt->clock && !inc.started_at) {
                std::optional<std::string> start;
                bool zone_stated = false;
                timestamp("date", json(*date_value), date_line, start, &zone_stated);
                // Canonical instants compare as text. A post dated after the incident was resolved was written
                // afterwards: its date is the post's, not the start.
                if (start && inc.resolved_at && *start > *inc.resolved_at) {
                    diags.push_back(warning_at(date_line, fmt::format("date: '{}' is after resolved_at ({}); read as the "
                                                                      "post's date, not the start", *date_value, *inc.resolved_at)));
                    body.report_date = dt->date;
                    body.report_date_line = date_line;
                } else {
                    inc.started_at = start;
                    body.started_zone_stated = zone_stated;
                    body.start_day = dt->date;
                    body.start_day_line = date_line;
                }
            } else {
                body.report_date = dt->date;
                body.report_date_line = date_line;
            }
            prov.end(inc, date_line, "front-matter key 'date'");
        }
    }
};

class FrontmatterReader final : public Reader {
public:
    std::string name() const override { return "frontmatter"; }
    std::string description() const override {
        return "Markdown with YAML (---), TOML (+++, ---toml) or JSON (---json, {...}) front matter";
    }

    Detection detect(std::string_view text, std::string_view path) const override {
        const auto fm = split_front_matter(strip_bom(text));
        if (!fm.present) return {0.0, "no front matter"};
        if (!fm.terminated) return {0.5, fmt::format("opens with '{}' but the front matter is never closed", fm.fence)};
        if (fm.data.find("schema_version") != std::string_view::npos) {
            // Normalized Markdown, unless it is a canonical YAML stream ("---" between documents) or JSON.
            const bool yaml_stream = next_document_is_canonical(fm.body) || path.ends_with(".yaml") || path.ends_with(".yml");
            if (fm.fence == "{" || yaml_stream) return {0.1, "canonical incidentkit document"};
            return {0.97, "normalized Markdown (front matter with schema_version)"};
        }
        if (fm.fence == "{") {
            const auto rest = text::trim(fm.body);
            if (rest.empty()) return {0.2, "a JSON object with no Markdown after it"};
            if (rest.front() == '{') return {0.1, "JSON Lines, not front matter"};
        }
        int hits = 0;
        for (const char* k : kIncidentKeys) {
            if (fm.data.find(k) != std::string_view::npos) ++hits;
        }
        const char* lang = fm.lang == FrontMatterSplit::Lang::yaml ? "YAML"
                           : fm.lang == FrontMatterSplit::Lang::toml ? "TOML" : "JSON";
        if (hits == 0) return {0.6, fmt::format("{} front matter without incident keys", lang)};
        return {std::min(1.0, 0.9 + 0.01 * hits), fmt::format("{} front matter with {} incident keys", lang, hits)};
    }

    ReadResult read(std::string_view input, const ReadOptions& options) const override {
        ReadResult out;
        const auto checked = text_of(input, out.diagnostics);
        if (!checked) return out;
        const std::string_view text = *checked;
        const auto split = split_front_matter(text);
        if (!split.present) {
            out.diagnostics.push_back(error_at(1, "no front matter: the file does not open with '---', '+++' or '{'"));
            return out;
        }
        if (!split.terminated) {
            out.diagnostics.push_back(error_at(
                1, split.fence == "{" ? std::string("unterminated JSON front matter: the opening '{' is never closed")
                                      : fmt::format("unterminated front matter: no closing '{}' line after the opening one",
                                                    split.fence == "+++" ? "+++" : "---")));
            return out;
        }
        Diagnostic err;
        const auto data = parse_front_matter(split, text, err);
        if (!data) {
            out.diagnostics.push_back(err);
            return out;
        }
        Incident inc;
        const md::LineIndex lines(text);
        if (data->values.contains("schema_version")) {
            // Normalized Markdown: the front matter is canonical, the body is read exactly (no heuristics).
            const LineOf line_of = [&](const std::string& ptr) {
                auto it = data->where.line.find(ptr);
                return it == data->where.line.end() ? split.data_first_line : it->second;
            };
            if (!decode_incident(data->values, "", line_of, inc, out.diagnostics)) return out;
            const auto body_offset = static_cast<std::size_t>(split.body.data() - text.data());
            normal_form::read_body(split.body, lines.line_of(body_offset), inc, out.diagnostics);
            out.incidents.push_back(std::move(inc));
            return out;
        }
        BodyInput body{.whole = text, .body = split.body, .lines = &lines, .options = &options};
        Mapper m{*data, inc, body, out.diagnostics, {}, 0};
        try {
            m.run();
        } catch (const std::exception& e) {
            out.diagnostics.push_back(error_at(split.data_first_line, std::string("front matter: ") + e.what()));
            return out;
        }
        if (has_error(out.diagnostics)) return out;
        out.incidents = read_report_bodies(body, std::move(inc), out.diagnostics);
        return out;
    }
};

}  // namespace

std::unique_ptr<Reader> make_frontmatter_reader() { return std::make_unique<FrontmatterReader>(); }

}  // namespace incidentkit
