// FrontmatterReader: YAML front matter mapped onto the model through one key table, then the Markdown body.
#include <map>

#include <fmt/format.h>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"
#include "readers/builtin_readers.hpp"
#include "readers/input_text.hpp"
#include "readers/report_body.hpp"
#include "readers/yaml_value.hpp"

namespace incidentkit {
namespace {

enum class Key {
    id, type, title, status, severity, priority, commander, responders, started, detected, mitigated, resolved,
    duration, systems, customer_impact, tags, link, data_loss, date, summary, extra
};

// Front-matter keys (compared lower-cased, '-' and '_' as space) -> model fields.
const std::map<std::string, Key>& keys() {
    static const std::map<std::string, Key> m = {
        {"id", Key::id}, {"incident id", Key::id}, {"type", Key::type}, {"title", Key::title},
        {"status", Key::status}, {"severity", Key::severity}, {"sev", Key::severity},
        {"severity level", Key::severity}, {"priority", Key::priority}, {"commander", Key::commander},
        {"incident commander", Key::commander}, {"ic", Key::commander}, {"responders", Key::responders},
        {"started at", Key::started}, {"start", Key::started}, {"started", Key::started},
        {"start time", Key::started}, {"detected at", Key::detected}, {"detected", Key::detected},
        {"mitigated at", Key::mitigated}, {"mitigated", Key::mitigated}, {"resolved at", Key::resolved},
        {"end", Key::resolved}, {"ended at", Key::resolved}, {"end time", Key::resolved},
        {"duration minutes", Key::duration}, {"duration", Key::duration}, {"affected systems", Key::systems},
        {"affected services", Key::systems}, {"systems", Key::systems}, {"services", Key::systems},
        {"customer impact", Key::customer_impact}, {"tags", Key::tags}, {"labels", Key::tags},
        {"caused by", Key::link}, {"triggers", Key::link}, {"enables", Key::link}, {"related", Key::link},
        {"related incidents", Key::link}, {"data loss", Key::data_loss}, {"date", Key::date},
        {"summary", Key::summary}, {"extra", Key::extra},
    };
    return m;
}

constexpr const char* kIncidentKeys[] = {"title", "severity", "status", "started_at", "resolved_at", "commander",
                                         "affected_systems", "type", "incident_id", "duration_minutes"};

class FrontmatterReader final : public Reader {
public:
    std::string name() const override { return "frontmatter"; }
    std::string description() const override {
        return "Markdown with YAML front matter (--- ... ---) and incident sections";
    }

    Detection detect(std::string_view text, std::string_view) const override {
        const auto fm = split_front_matter(strip_bom(text));
        if (!fm.present) return {0.0, "no front matter"};
        if (!fm.terminated) return {0.5, "opens with '---' but the front matter is never closed"};
        int hits = 0;
        for (const char* k : kIncidentKeys) {
            const std::string needle = std::string(k) + ":";
            if (fm.yaml.find(needle) != std::string_view::npos) ++hits;
        }
        if (hits == 0) return {0.6, "YAML front matter without incident keys"};
        return {std::min(1.0, 0.9 + 0.01 * hits), fmt::format("YAML front matter with {} incident keys", hits)};
    }

    ReadResult read(std::string_view input, const ReadOptions& options) const override {
        ReadResult out;
        const std::string_view text = strip_bom(input);
        if (auto bad = check_text(text)) {
            out.diagnostics.push_back(error_at(bad->line, bad->message));
            return out;
        }
        const auto fm = split_front_matter(text);
        if (!fm.present) {
            out.diagnostics.push_back(error_at(1, "no front matter: the file does not open with a '---' line"));
            return out;
        }
        if (!fm.terminated) {
            out.diagnostics.push_back(
                error_at(1, "unterminated front matter: no closing '---' line after the opening one"));
            return out;
        }
        Diagnostic err;
        auto root = load_yaml(fm.yaml, fm.yaml_first_line, err);
        if (!root) {
            out.diagnostics.push_back(err);
            return out;
        }
        if (!root->IsMap() && !root->IsNull()) {
            out.diagnostics.push_back(error_at(fm.yaml_first_line, "front matter is not a mapping of keys to values"));
            return out;
        }
        Incident inc;
        BodyInput body;
        const md::LineIndex lines(text);
        body.whole = text;
        body.body = fm.body;
        body.lines = &lines;
        body.options = &options;
        try {
            if (root->IsMap()) map_keys(*root, fm.yaml_first_line, inc, body, out.diagnostics);
        } catch (const std::exception& e) {
            out.diagnostics.push_back(error_at(fm.yaml_first_line, std::string("front matter: ") + e.what()));
            return out;
        }
        if (has_error(out.diagnostics)) return out;
        read_report_body(body, inc, out.diagnostics);
        out.incidents.push_back(std::move(inc));
        return out;
    }

private:
    static void map_keys(const YAML::Node& root, std::size_t first, Incident& inc, BodyInput& body,
                         std::vector<Diagnostic>& diags) {
        const auto& table = keys();
        for (const auto& kv : root) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
            const YAML::Node& v = kv.second;
            const std::size_t line = yaml_line(kv.first, first);
            const auto it = table.find(text::key_form(key));
            if (key.empty() || it == table.end() || !apply(it->second, key, v, line, inc, body, diags)) {
                inc.extra[key.empty() ? YAML::Dump(kv.first) : key] = yaml_to_json(v);
            }
        }
    }

    // A scalar or a list of scalars; nullopt for anything else (a map, a nested list), which the caller
    // keeps in extra rather than dropping.
    static std::optional<std::vector<std::string>> strings(const YAML::Node& v) {
        std::vector<std::string> out;
        if (v.IsNull()) return out;
        if (v.IsScalar()) {
            if (!v.Scalar().empty()) out.push_back(v.Scalar());
            return out;
        }
        if (!v.IsSequence()) return std::nullopt;
        for (const auto& x : v) {
            if (!x.IsScalar()) return std::nullopt;
            out.push_back(x.Scalar());
        }
        return out;
    }

    // A timestamp value -> ISO instant in `field`; a bare date becomes the report's date.
    static bool timestamp(const std::string& key, const YAML::Node& v, std::size_t line, std::optional<std::string>& field,
                          BodyInput& body, std::vector<Diagnostic>& diags, bool* zone_stated = nullptr) {
        const auto s = scalar(v);
        if (!s || s->empty()) return v.IsNull();
        const auto dt = parse_datetime(*s);
        if (!dt) {
            diags.push_back(warning_at(line, fmt::format("{}: '{}' is not a date/time; kept in extra", key, *s)));
            return false;
        }
        if (!dt->clock) {
            if (!body.report_date) body.report_date = dt->date;
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

    static bool not_a_list(const std::string& key, std::size_t line, std::vector<Diagnostic>& diags) {
        diags.push_back(warning_at(line, fmt::format("{}: expected a value or a list of values; kept in extra", key)));
        return false;
    }

    static bool apply(Key k, const std::string& key, const YAML::Node& v, std::size_t line, Incident& inc,
                      BodyInput& body, std::vector<Diagnostic>& diags) {
        const auto s = scalar(v);
        auto need_scalar = [&]() {
            if (s) return true;
            if (!v.IsNull()) diags.push_back(warning_at(line, fmt::format("{}: expected a single value; kept in extra", key)));
            return false;
        };
        switch (k) {
            case Key::id: if (!need_scalar()) return v.IsNull(); inc.id = *s; return true;
            case Key::type: if (!need_scalar()) return v.IsNull(); inc.type = normalize_type(*s); return true;
            case Key::title: if (!need_scalar()) return v.IsNull(); inc.title = *s; return true;
            case Key::summary:
                if (!need_scalar()) return v.IsNull();
                inc.summary = std::string(text::trim(*s));
                return true;
            case Key::extra:
                // The Markdown writer's bucket for unknown keys that would otherwise read as model fields.
                if (!v.IsMap()) return false;
                {
                    const auto merged = yaml_to_json(v);  // a named value: items() of a temporary would dangle
                    for (const auto& [k, x] : merged.items()) inc.extra[k] = x;
                }
                return true;
            case Key::status: if (!need_scalar()) return v.IsNull(); inc.status = normalize_status(*s); return true;
            case Key::priority:
                if (!s || inc.severity || !normalize_severity(*s).level) return false;
                [[fallthrough]];
            case Key::severity:
                if (!need_scalar()) return v.IsNull();
                inc.severity = normalize_severity(*s);
                if (!inc.severity->level) {
                    diags.push_back(warning_at(line, fmt::format("severity '{}' is not recognised; level is null", *s)));
                }
                return true;
            case Key::commander:
                if (!need_scalar()) return v.IsNull();
                inc.commander = normalize_person(*s);
                return true;
            case Key::responders: {
                const auto list = strings(v);
                if (!list) return not_a_list(key, line, diags);
                for (const auto& p : *list) {
                    if (auto person = normalize_person(p)) inc.responders.push_back(*person);
                }
                return true;
            }
            case Key::started:
                return timestamp(key, v, line, inc.started_at, body, diags, &body.started_zone_stated);
            case Key::detected: return timestamp(key, v, line, inc.detected_at, body, diags);
            case Key::mitigated: return timestamp(key, v, line, inc.mitigated_at, body, diags);
            case Key::resolved: return timestamp(key, v, line, inc.resolved_at, body, diags);
            case Key::date: {
                if (!s) return false;
                const auto dt = parse_datetime(*s);
                if (!dt) return false;
                if (dt->clock && !inc.started_at) {
                    return timestamp(key, v, line, inc.started_at, body, diags, &body.started_zone_stated);
                }
                body.report_date = dt->date;
                return !dt->clock;
            }
            case Key::duration: {
                if (!need_scalar()) return v.IsNull();
                inc.duration_minutes = parse_duration_minutes(*s);
                body.duration_line = line;
                if (!inc.duration_minutes) {
                    diags.push_back(warning_at(line, fmt::format("{}: '{}' is not a duration; kept in extra", key, *s)));
                    return false;
                }
                return true;
            }
            case Key::systems: {
                const auto list = strings(v);
                if (!list) return not_a_list(key, line, diags);
                for (const auto& x : *list) inc.affected_systems.push_back(x);
                return true;
            }
            case Key::customer_impact:
                if (!need_scalar()) return v.IsNull();
                inc.customer_impact = normalize_customer_impact(*s);
                return true;
            case Key::tags: {
                const auto list = strings(v);
                if (!list) return not_a_list(key, line, diags);
                for (const auto& x : *list) inc.tags.push_back(x);
                return true;
            }
            case Key::link: {
                std::string rel = text::snake_case(key);
                if (rel == "related_incidents") rel = "related";
                std::vector<Link> links;
                const auto add = [&](const YAML::Node& x) {
                    if (x.IsScalar()) {
                        links.push_back(Link{rel, x.Scalar(), std::nullopt, std::nullopt});
                        return true;
                    }
                    if (!x.IsMap()) return false;
                    // {id|target|ref|url: ..., title: ..., date: ...}
                    Link l{rel, "", std::nullopt, std::nullopt};
                    for (const char* k : {"id", "target", "ref", "url"}) {
                        if (x[k] && x[k].IsScalar()) {
                            l.target = x[k].Scalar();
                            break;
                        }
                    }
                    if (l.target.empty()) return false;
                    if (x["title"] && x["title"].IsScalar()) l.title = x["title"].Scalar();
                    if (x["date"] && x["date"].IsScalar()) {
                        if (auto d = parse_date(x["date"].Scalar())) l.date = format_date(*d);
                    }
                    links.push_back(std::move(l));
                    return true;
                };
                bool ok = v.IsNull();
                if (v.IsSequence()) {
                    ok = true;
                    for (const auto& x : v) ok = add(x) && ok;
                } else if (!v.IsNull()) {
                    ok = add(v);
                }
                if (!ok) {
                    diags.push_back(warning_at(line, fmt::format("{}: expected ids or {{id, title, date}} maps; kept in extra", key)));
                    return false;
                }
                for (auto& l : links) inc.links.push_back(std::move(l));
                return true;
            }
            case Key::data_loss: {
                if (!need_scalar()) return v.IsNull();
                const std::string l = text::lower(*s);
                if (l == "true" || l == "yes") inc.impact.data_loss = true;
                else if (l == "false" || l == "no" || l == "none") inc.impact.data_loss = false;
                else return false;
                return true;
            }
        }
        return false;
    }
};

}  // namespace

bool frontmatter_key_is_mapped(std::string_view key) { return keys().count(text::key_form(key)) > 0; }

std::unique_ptr<Reader> make_frontmatter_reader() { return std::make_unique<FrontmatterReader>(); }

}  // namespace incidentkit
