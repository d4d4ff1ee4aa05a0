// Canonical decoding: type checks per field with JSON pointers, lenient about missing keys.
#include "readers/canonical_decode.hpp"

#include <fmt/format.h>

#include "incidentkit/json.hpp"
#include "normalize/normalize.hpp"

namespace incidentkit {
namespace {

using json = nlohmann::ordered_json;

// nlohmann's "[json.exception.type_error.302] type must be string, but is array" -> "type must be string, ...".
std::string clean(const std::exception& e) {
    std::string m = e.what();
    const auto close = m.find("] ");
    return close == std::string::npos ? m : m.substr(close + 2);
}

struct Decoder {
    const std::string& base;
    const LineOf& line_of;
    std::vector<Diagnostic>& diags;
    Incident& inc;
    bool ok = true;

    void error(const std::string& ptr, const std::string& msg) {
        const std::string where = base + ptr;
        diags.push_back(error_at(line_of(where), where.empty() ? msg : fmt::format("{}: {}", where, msg)));
        ok = false;
    }

    bool expect(const json& v, const std::string& ptr, std::initializer_list<json::value_t> types, const char* what) {
        for (auto t : types) {
            if (v.type() == t) return true;
            if (t == json::value_t::number_integer && v.is_number_unsigned()) return true;
            if (t == json::value_t::number_float && v.is_number()) return true;
        }
        error(ptr, fmt::format("expected {}, got {}", what, v.type_name()));
        return false;
    }

    void opt_string(const json& v, const std::string& ptr, std::optional<std::string>& out) {
        if (!expect(v, ptr, {json::value_t::null, json::value_t::string}, "a string or null")) return;
        if (v.is_string()) out = v.get<std::string>();
    }

    void strings(const json& v, const std::string& ptr, std::vector<std::string>& out) {
        if (!expect(v, ptr, {json::value_t::array, json::value_t::null}, "an array of strings")) return;
        if (v.is_null()) return;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (expect(v[i], ptr + "/" + std::to_string(i), {json::value_t::string}, "a string")) {
                out.push_back(v[i].get<std::string>());
            }
        }
    }

    void instant(const json& v, const std::string& key, std::optional<std::string>& out) {
        if (!expect(v, "/" + key, {json::value_t::null, json::value_t::string}, "an ISO 8601 instant or null")) return;
        if (v.is_null()) return;
        if (auto e = parse_iso_instant(v.get<std::string>())) {
            out = format_instant(*e);
        } else {
            diags.push_back(warning_at(line_of(base + "/" + key),
                                       fmt::format("{}/{}: '{}' is not an ISO 8601 instant; kept in extra", base, key,
                                                   v.get<std::string>())));
            inc.extra[key] = v;
        }
    }

    std::optional<Person> person(const json& v, const std::string& ptr) {
        if (v.is_string()) return normalize_person(v.get<std::string>());  // hand-written "@onni"
        if (!expect(v, ptr, {json::value_t::object}, "a person object or string")) return std::nullopt;
        return element<Person>(v, ptr, {{"handle", nullptr}});
    }

    // Converts an object with nlohmann's from_json after filling optional keys a hand-written file may omit.
    template <class T>
    std::optional<T> element(const json& v, const std::string& ptr, std::initializer_list<std::pair<const char*, json>> defaults) {
        if (!expect(v, ptr, {json::value_t::object}, "an object")) return std::nullopt;
        json filled = v;
        for (const auto& [k, d] : defaults) {
            if (!filled.contains(k)) filled[k] = d;
        }
        try {
            return filled.get<T>();
        } catch (const std::exception& e) {
            error(ptr, clean(e));
            return std::nullopt;
        }
    }

    template <class T>
    void elements(const json& v, const std::string& ptr, std::vector<T>& out,
                  std::initializer_list<std::pair<const char*, json>> defaults) {
        if (!expect(v, ptr, {json::value_t::array, json::value_t::null}, "an array")) return;
        if (v.is_null()) return;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (auto x = element<T>(v[i], ptr + "/" + std::to_string(i), defaults)) out.push_back(std::move(*x));
        }
    }

    void severity(const json& v) {
        if (v.is_null()) return;
        if (v.is_string() || v.is_number_integer()) {  // hand-written "sev2" or 2
            inc.severity = normalize_severity(v.is_string() ? v.get<std::string>() : v.dump());
            return;
        }
        auto s = element<Severity>(v, "/severity", {{"label", nullptr}, {"level", nullptr}, {"raw", ""}});
        if (!s) return;
        if (s->level && (*s->level < 0 || *s->level > 5)) {
            error("/severity/level", fmt::format("expected 0..5 or null, got {}", *s->level));
            return;
        }
        inc.severity = s;
    }

    void action_items(const json& v) {
        if (!expect(v, "/action_items", {json::value_t::array, json::value_t::null}, "an array")) return;
        if (v.is_null()) return;
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string ptr = "/action_items/" + std::to_string(i);
            if (!expect(v[i], ptr, {json::value_t::object}, "an object")) continue;
            json item = v[i];
            if (item.contains("owner") && item["owner"].is_string()) {
                const auto p = normalize_person(item["owner"].get<std::string>());
                item["owner"] = p ? json(*p) : json(nullptr);
            }
            if (auto a = element<ActionItem>(item, ptr, {{"owner", nullptr}, {"due", nullptr}, {"status", nullptr},
                                                         {"priority", nullptr}, {"links", json::array()}})) {
                inc.action_items.push_back(std::move(*a));
            }
        }
    }

    void key(const std::string& k, const json& v) {
        const std::string ptr = "/" + k;
        if (k == "schema_version") {
            if (expect(v, ptr, {json::value_t::number_integer}, "an integer") && v.get<long long>() != kSchemaVersion) {
                error(ptr, fmt::format("unsupported schema_version {} (this build reads {})", v.dump(), kSchemaVersion));
            }
        } else if (k == "id") opt_string(v, ptr, inc.id);
        else if (k == "type") opt_string(v, ptr, inc.type);
        else if (k == "title") opt_string(v, ptr, inc.title);
        else if (k == "status") opt_string(v, ptr, inc.status);
        else if (k == "severity") severity(v);
        else if (k == "commander") {
            if (!v.is_null()) inc.commander = person(v, ptr);
        } else if (k == "responders") {
            if (expect(v, ptr, {json::value_t::array, json::value_t::null}, "an array") && v.is_array()) {
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (auto p = person(v[i], ptr + "/" + std::to_string(i))) inc.responders.push_back(*p);
                }
            }
        } else if (k == "date") {
            if (!expect(v, ptr, {json::value_t::null, json::value_t::string}, "a YYYY-MM-DD date or null")) return;
            if (v.is_null()) return;
            const auto d = parse_date(v.get<std::string>());
            if (d && format_date(*d) == v.get<std::string>()) {
                inc.date = v.get<std::string>();
            } else {
                diags.push_back(warning_at(line_of(base + ptr), fmt::format("{}{}: '{}' is not a YYYY-MM-DD date; kept in extra",
                                                                            base, ptr, v.get<std::string>())));
                inc.extra[k] = v;
            }
        } else if (k == "started_at") instant(v, k, inc.started_at);
        else if (k == "detected_at") instant(v, k, inc.detected_at);
        else if (k == "mitigated_at") instant(v, k, inc.mitigated_at);
        else if (k == "resolved_at") instant(v, k, inc.resolved_at);
        else if (k == "duration_minutes") {
            if (expect(v, ptr, {json::value_t::null, json::value_t::number_integer}, "an integer or null") && !v.is_null()) {
                if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
                    error(ptr, fmt::format("{} is out of range", v.dump()));
                    return;
                }
                inc.duration_minutes = v.get<std::int64_t>();
            }
        } else if (k == "affected_systems") strings(v, ptr, inc.affected_systems);
        else if (k == "customer_impact") opt_string(v, ptr, inc.customer_impact);
        else if (k == "tags") strings(v, ptr, inc.tags);
        else if (k == "links") elements(v, ptr, inc.links, {{"title", nullptr}, {"date", nullptr}});
        else if (k == "summary") opt_string(v, ptr, inc.summary);
        else if (k == "impact") {
            if (auto im = element<Impact>(v, ptr, {{"items", json::array()}, {"metrics", json::array()},
                                                   {"data_loss", nullptr}})) {
                inc.impact = *im;
            }
        } else if (k == "timeline") {
            elements(v, ptr, inc.timeline, {{"at", nullptr}, {"time", ""}, {"actor", nullptr}, {"tags", json::array()}});
        } else if (k == "root_cause") opt_string(v, ptr, inc.root_cause);
        else if (k == "resolution") strings(v, ptr, inc.resolution);
        else if (k == "action_items") action_items(v);
        else if (k == "lessons_learned") strings(v, ptr, inc.lessons_learned);
        else if (k == "extra") {
            if (expect(v, ptr, {json::value_t::object, json::value_t::null}, "an object") && v.is_object()) {
                for (const auto& [ek, ev] : v.items()) inc.extra[ek] = ev;
            }
        } else if (k == "sections") elements(v, ptr, inc.sections, {{"markdown", ""}});
        else if (k == "source") {
            if (auto s = element<Source>(v, ptr, {{"path", ""}, {"format", ""}, {"warnings", json::array()}})) {
                inc.source = *s;
            }
        } else {
            diags.push_back(warning_at(line_of(base + ptr), fmt::format("{}{}: unknown key; kept in extra", base, ptr)));
            inc.extra[k] = v;
        }
    }
};

}  // namespace

bool decode_incident(const nlohmann::ordered_json& j, const std::string& base, const LineOf& line_of, Incident& out,
                     std::vector<Diagnostic>& diags) {
    Decoder d{base, line_of, diags, out};
    if (!j.is_object()) {
        d.error("", fmt::format("expected an incident object, got {}", j.type_name()));
        return false;
    }
    for (const auto& [k, v] : j.items()) d.key(k, v);
    return d.ok;
}

}  // namespace incidentkit
