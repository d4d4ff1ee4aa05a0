// Decoding canonical incident documents (JSON or YAML, as the writers produce them) with typed, positioned errors.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/incident.hpp"

namespace incidentkit {

/// Maps a JSON pointer ("/timeline/3") to a document line; 0 when unknown.
using LineOf = std::function<std::size_t(const std::string& pointer)>;

/// Decodes one incident object. Wrong types are errors naming the pointer; unknown top-level keys are warnings
/// and kept in `extra`; missing keys read as null/empty so hand-written files may leave them out.
/// Returns false when an error was emitted. `base` prefixes pointers ("/2" for the third JSON Lines record).
bool decode_incident(const nlohmann::ordered_json& j, const std::string& base, const LineOf& line_of, Incident& out,
                     std::vector<Diagnostic>& diags);

}  // namespace incidentkit
