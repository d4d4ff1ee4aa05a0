// Front-matter data in YAML, TOML or JSON, as one JSON object with a line for every value.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "incidentkit/diagnostic.hpp"
#include "readers/input_text.hpp"
#include "readers/yaml_value.hpp"

namespace incidentkit {

struct FrontMatterData {
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    YamlLines where;  // pointer -> line (and raw text of plain YAML scalars)
};

/// Parses the block `split` found (YAML with yaml-cpp, TOML with toml++, JSON with nlohmann). On failure
/// returns nullopt and sets `error` with the document line. A block that is not a mapping is an error too.
std::optional<FrontMatterData> parse_front_matter(const FrontMatterSplit& split, std::string_view whole,
                                                  Diagnostic& error);

}  // namespace incidentkit
