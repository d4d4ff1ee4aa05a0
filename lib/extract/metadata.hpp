// Metadata pairs as reports state them in the body ("**Severity:** SEV-1", "| Start | 14:45 UTC |").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/incident.hpp"
#include "normalize/normalize.hpp"
#include "extract/timeline.hpp"

namespace incidentkit {

/// Times the metadata stated, resolved once the report's date and zone are known.
struct StatedTimes {
    std::optional<TimePrefix> start, end, detected, mitigated;
    std::optional<Date> date;         // "Date: 2024-03-15"
    bool date_names_incident = false; // "Incident date:", "Date of incident:" (not a plain "Date:")
    std::string zone;                 // "Timezone: PT"
    std::optional<TimePrefix> range;  // "(14:45-15:15 UTC)" beside a duration
    // Where each was stated, for provenance.
    std::size_t start_line = 0, end_line = 0, detected_line = 0, mitigated_line = 0, date_line = 0, range_line = 0;
};

/// Applies one "Key: value" pair to the incident (fields already set are kept). Returns false when the key
/// names no model field, so the caller can keep the pair in `extra`.
bool apply_metadata(const std::string& key, const std::string& value, std::size_t line, Incident& inc,
                    StatedTimes& times, std::vector<Diagnostic>& diags);

/// Whether apply_metadata knows the key ("Date of incident", "Severity", "Start (UTC)").
bool is_metadata_key(const std::string& key);

/// Splits "a, b and c" / "a; b" into items.
std::vector<std::string> split_list(std::string_view value);

}  // namespace incidentkit
