// The canonical Incident model: plain value types every reader fills and every writer prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "incidentkit/diagnostic.hpp"

namespace incidentkit {

/// Version of the JSON field contract documented in docs/model.md.
inline constexpr int kSchemaVersion = 1;

/// A person as written in the source: "@onni" -> {name "onni", handle "@onni"}; "Dave" -> {name "Dave"}.
struct Person {
    std::string name;
    std::optional<std::string> handle;
    bool operator==(const Person&) const = default;
};

/// Severity on one scale: level 0 (most severe) .. 5; label is canonical ("SEV2", "P2"), raw as written.
struct Severity {
    std::optional<int> level;
    std::optional<std::string> label;
    std::string raw;
    bool operator==(const Severity&) const = default;
};

/// A typed edge to another document: rel is caused_by|triggers|enables|related (or a source's own rel).
struct Link {
    std::string rel;
    std::string target;
    std::optional<std::string> title;
    std::optional<std::string> date;  // ISO date (YYYY-MM-DD)
    bool operator==(const Link&) const = default;
};

/// A number stated in the impact section ("Approximately 2,500 users", "$12,000").
struct Metric {
    std::string name;  // snake_case of the label, e.g. "users_affected"
    std::optional<double> value;
    std::optional<std::string> unit;  // "users", "USD", ...
    bool approximate = false;
    std::string text;  // the item as written (plain text)
    bool operator==(const Metric&) const = default;
};

struct Impact {
    std::vector<std::string> items;  // one per bullet, inline Markdown
    std::vector<Metric> metrics;
    std::optional<bool> data_loss;
    bool operator==(const Impact&) const = default;
};

struct TimelineEntry {
    std::optional<std::string> at;  // ISO 8601 UTC instant when a date is known
    std::string time;               // the time as written
    std::string event;
    std::optional<std::string> actor;  // as written: a handle, a team or a tool
    std::vector<std::string> tags;
    bool operator==(const TimelineEntry&) const = default;
};

struct ActionItem {
    std::string action;
    std::optional<Person> owner;
    std::optional<std::string> due;       // ISO date
    std::optional<std::string> status;    // todo|in_progress|done|blocked|cancelled
    std::optional<std::string> priority;  // critical|high|medium|low
    std::vector<std::string> links;       // URLs and ticket keys the item names ("JIRA-123", "#1234")
    bool operator==(const ActionItem&) const = default;
};

/// A section the reader did not map onto a field, kept verbatim.
struct Section {
    std::string heading;
    std::string markdown;
    bool operator==(const Section&) const = default;
};

/// Where one filled field came from (`--explain`): the field by JSON pointer, the source line, the rule that
/// produced it and the words it read. `inferred` marks a value read from prose (or a file name) rather than
/// from a labelled field; `--no-infer` leaves those null.
struct Provenance {
    std::string pointer;   // "/date", "/customer_impact", "/timeline/3"
    std::size_t line = 0;  // 1-based; 0 when no line applies (the file name)
    std::string rule;      // what read it, e.g. "front matter key", "sentence: on <date>"
    std::string excerpt;   // the words it read (shortened)
    bool inferred = false;
    bool operator==(const Provenance&) const = default;
};

/// Where the incident came from and what the reader noticed on the way.
struct Source {
    std::string path;
    std::string format;
    std::vector<Diagnostic> warnings;
    std::vector<Provenance> provenance;  // filled only when asked for (ReadOptions::explain)
    bool operator==(const Source&) const = default;
};

struct Incident {
    int schema_version = kSchemaVersion;
    std::optional<std::string> id;
    std::optional<std::string> type;
    std::optional<std::string> title;
    std::optional<std::string> status;
    std::optional<Severity> severity;
    std::optional<Person> commander;
    std::vector<Person> responders;
    std::optional<std::string> date;  // YYYY-MM-DD: the day the incident began, as the report states it
    std::optional<std::string> started_at;
    std::optional<std::string> detected_at;
    std::optional<std::string> mitigated_at;
    std::optional<std::string> resolved_at;
    std::optional<std::int64_t> duration_minutes;
    std::vector<std::string> affected_systems;
    std::optional<std::string> customer_impact;
    std::vector<std::string> tags;
    std::vector<Link> links;
    std::optional<std::string> summary;  // Markdown
    Impact impact;
    std::vector<TimelineEntry> timeline;
    std::optional<std::string> root_cause;  // Markdown
    std::vector<std::string> resolution;
    std::vector<ActionItem> action_items;
    std::vector<std::string> lessons_learned;
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // unknown metadata keys, as written
    std::vector<Section> sections;
    Source source;
    bool operator==(const Incident&) const = default;
};

}  // namespace incidentkit
