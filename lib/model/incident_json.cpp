// to_json/from_json for the model; key order here is the documented order of docs/model.md.
#include "incidentkit/json.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace incidentkit {
namespace {

// An integral field read through nlohmann's get<T>() would static_cast whatever number is there: a float such as 1e300
// or -1.5 is undefined behaviour to convert, and an integer out of T's range silently becomes another value. A field of
// the model that is an integer takes an integer JSON number within T's range, or throws as nlohmann's own get() does.
template <class T>
T integer_value(const ordered_json& v, const char* key) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(u);
    } else if (v.is_number_integer()) {
        const auto i = v.get<std::int64_t>();
        if (std::in_range<T>(i)) return static_cast<T>(i);
    } else {
        throw ordered_json::type_error::create(302, std::string(key) + ": type must be an integer, but is " + v.type_name(), &v);
    }
    throw ordered_json::out_of_range::create(406, std::string(key) + ": integer " + v.dump() + " is out of range", &v);
}

template <class T>
void get_integer(const ordered_json& j, const char* key, T& out) {
    out = integer_value<T>(j.at(key), key);
}

template <class T>
ordered_json opt(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

template <class T>
void get_opt(const ordered_json& j, const char* key, std::optional<T>& out) {
    const auto& v = j.at(key);
    if (v.is_null()) {
        out.reset();
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        out = integer_value<T>(v, key);
    } else {
        out = v.get<T>();
    }
}

}  // namespace

void to_json(ordered_json& j, const Person& v) { j = {{"name", v.name}, {"handle", opt(v.handle)}}; }

void to_json(ordered_json& j, const Severity& v) {
    j = {{"level", opt(v.level)}, {"label", opt(v.label)}, {"raw", v.raw}};
}

void to_json(ordered_json& j, const Link& v) {
    j = {{"rel", v.rel}, {"target", v.target}, {"title", opt(v.title)}, {"date", opt(v.date)}};
}

void to_json(ordered_json& j, const Metric& v) {
    j = {{"name", v.name},
         {"value", opt(v.value)},
         {"unit", opt(v.unit)},
         {"approximate", v.approximate},
         {"text", v.text}};
}

void to_json(ordered_json& j, const Impact& v) {
    j = {{"items", v.items}, {"metrics", v.metrics}, {"data_loss", opt(v.data_loss)}};
}

void to_json(ordered_json& j, const TimelineEntry& v) {
    j = {{"at", opt(v.at)}, {"time", v.time}, {"event", v.event}, {"actor", opt(v.actor)}, {"tags", v.tags}};
}

void to_json(ordered_json& j, const ActionItem& v) {
    j = {{"action", v.action},
         {"owner", opt(v.owner)},
         {"due", opt(v.due)},
         {"status", opt(v.status)},
         {"priority", opt(v.priority)},
         {"links", v.links}};
}

void to_json(ordered_json& j, const Section& v) { j = {{"heading", v.heading}, {"markdown", v.markdown}}; }

void to_json(ordered_json& j, const Diagnostic& v) {
    j = {{"line", v.line}, {"message", v.message}};
}

void to_json(ordered_json& j, const Provenance& v) {
    j = {{"pointer", v.pointer}, {"line", v.line}, {"rule", v.rule}, {"excerpt", v.excerpt}, {"inferred", v.inferred}};
}

void to_json(ordered_json& j, const Source& v) {
    j = {{"path", v.path}, {"format", v.format}, {"warnings", v.warnings}};
    if (!v.provenance.empty()) j["provenance"] = v.provenance;  // only with --explain
}

void to_json(ordered_json& j, const Incident& v) {
    j = ordered_json::object();
    j["schema_version"] = v.schema_version;
    j["id"] = opt(v.id);
    j["type"] = opt(v.type);
    j["title"] = opt(v.title);
    j["status"] = opt(v.status);
    j["severity"] = opt(v.severity);
    j["commander"] = opt(v.commander);
    j["responders"] = v.responders;
    j["date"] = opt(v.date);
    j["started_at"] = opt(v.started_at);
    j["detected_at"] = opt(v.detected_at);
    j["mitigated_at"] = opt(v.mitigated_at);
    j["resolved_at"] = opt(v.resolved_at);
    j["duration_minutes"] = opt(v.duration_minutes);
    j["affected_systems"] = v.affected_systems;
    j["customer_impact"] = opt(v.customer_impact);
    j["tags"] = v.tags;
    j["links"] = v.links;
    j["summary"] = opt(v.summary);
    j["impact"] = v.impact;
    j["timeline"] = v.timeline;
    j["root_cause"] = opt(v.root_cause);
    j["resolution"] = v.resolution;
    j["action_items"] = v.action_items;
    j["lessons_learned"] = v.lessons_learned;
    j["extra"] = v.extra;
    j["sections"] = v.sections;
    j["source"] = v.source;
}

void from_json(const ordered_json& j, Person& v) {
    j.at("name").get_to(v.name);
    get_opt(j, "handle", v.handle);
}

void from_json(const ordered_json& j, Severity& v) {
    get_opt(j, "level", v.level);
    get_opt(j, "label", v.label);
    j.at("raw").get_to(v.raw);
}

void from_json(const ordered_json& j, Link& v) {
    j.at("rel").get_to(v.rel);
    j.at("target").get_to(v.target);
    get_opt(j, "title", v.title);
    get_opt(j, "date", v.date);
}

void from_json(const ordered_json& j, Metric& v) {
    j.at("name").get_to(v.name);
    get_opt(j, "value", v.value);
    get_opt(j, "unit", v.unit);
    j.at("approximate").get_to(v.approximate);
    j.at("text").get_to(v.text);
}

void from_json(const ordered_json& j, Impact& v) {
    j.at("items").get_to(v.items);
    j.at("metrics").get_to(v.metrics);
    get_opt(j, "data_loss", v.data_loss);
}

void from_json(const ordered_json& j, TimelineEntry& v) {
    get_opt(j, "at", v.at);
    j.at("time").get_to(v.time);
    j.at("event").get_to(v.event);
    get_opt(j, "actor", v.actor);
    j.at("tags").get_to(v.tags);
}

void from_json(const ordered_json& j, ActionItem& v) {
    j.at("action").get_to(v.action);
    get_opt(j, "owner", v.owner);
    get_opt(j, "due", v.due);
    get_opt(j, "status", v.status);
    get_opt(j, "priority", v.priority);
    j.at("links").get_to(v.links);
}

void from_json(const ordered_json& j, Section& v) {
    j.at("heading").get_to(v.heading);
    j.at("markdown").get_to(v.markdown);
}

void from_json(const ordered_json& j, Diagnostic& v) {
    // Only warnings are serialised (source.warnings); errors stop the document instead.
    v.level = Diagnostic::Level::warning;
    get_integer(j, "line", v.line);
    j.at("message").get_to(v.message);
}

void from_json(const ordered_json& j, Provenance& v) {
    j.at("pointer").get_to(v.pointer);
    get_integer(j, "line", v.line);
    j.at("rule").get_to(v.rule);
    j.at("excerpt").get_to(v.excerpt);
    j.at("inferred").get_to(v.inferred);
}

void from_json(const ordered_json& j, Source& v) {
    j.at("path").get_to(v.path);
    j.at("format").get_to(v.format);
    j.at("warnings").get_to(v.warnings);
    v.provenance.clear();
    if (j.contains("provenance")) j.at("provenance").get_to(v.provenance);  // optional: only with --explain
}

void from_json(const ordered_json& j, Incident& v) {
    get_integer(j, "schema_version", v.schema_version);
    get_opt(j, "id", v.id);
    get_opt(j, "type", v.type);
    get_opt(j, "title", v.title);
    get_opt(j, "status", v.status);
    get_opt(j, "severity", v.severity);
    get_opt(j, "commander", v.commander);
    j.at("responders").get_to(v.responders);
    get_opt(j, "date", v.date);
    get_opt(j, "started_at", v.started_at);
    get_opt(j, "detected_at", v.detected_at);
    get_opt(j, "mitigated_at", v.mitigated_at);
    get_opt(j, "resolved_at", v.resolved_at);
    get_opt(j, "duration_minutes", v.duration_minutes);
    j.at("affected_systems").get_to(v.affected_systems);
    get_opt(j, "customer_impact", v.customer_impact);
    j.at("tags").get_to(v.tags);
    j.at("links").get_to(v.links);
    get_opt(j, "summary", v.summary);
    j.at("impact").get_to(v.impact);
    j.at("timeline").get_to(v.timeline);
    get_opt(j, "root_cause", v.root_cause);
    j.at("resolution").get_to(v.resolution);
    j.at("action_items").get_to(v.action_items);
    j.at("lessons_learned").get_to(v.lessons_learned);
    v.extra = j.at("extra");
    j.at("sections").get_to(v.sections);
    j.at("source").get_to(v.source);
}

}  // namespace incidentkit
