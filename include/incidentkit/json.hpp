// JSON conversion of the model (nlohmann::json ADL hooks), in the key order docs/model.md documents.
#pragma once

#include <nlohmann/json.hpp>

#include "incidentkit/incident.hpp"

namespace incidentkit {

using ordered_json = nlohmann::ordered_json;

void to_json(ordered_json& j, const Person& v);
void to_json(ordered_json& j, const Severity& v);
void to_json(ordered_json& j, const Link& v);
void to_json(ordered_json& j, const Metric& v);
void to_json(ordered_json& j, const Impact& v);
void to_json(ordered_json& j, const TimelineEntry& v);
void to_json(ordered_json& j, const ActionItem& v);
void to_json(ordered_json& j, const Section& v);
void to_json(ordered_json& j, const Diagnostic& v);
void to_json(ordered_json& j, const Provenance& v);
void to_json(ordered_json& j, const Source& v);
void to_json(ordered_json& j, const Incident& v);

// from_json uses at(): a missing key is an error (nlohmann::json::out_of_range), never a silent default.
void from_json(const ordered_json& j, Person& v);
void from_json(const ordered_json& j, Severity& v);
void from_json(const ordered_json& j, Link& v);
void from_json(const ordered_json& j, Metric& v);
void from_json(const ordered_json& j, Impact& v);
void from_json(const ordered_json& j, TimelineEntry& v);
void from_json(const ordered_json& j, ActionItem& v);
void from_json(const ordered_json& j, Section& v);
void from_json(const ordered_json& j, Diagnostic& v);
void from_json(const ordered_json& j, Provenance& v);
void from_json(const ordered_json& j, Source& v);
void from_json(const ordered_json& j, Incident& v);

}  // namespace incidentkit
