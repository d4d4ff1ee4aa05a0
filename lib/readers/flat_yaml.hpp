// A fast reader for the flat YAML most front matter is; anything else is left to yaml-cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "readers/yaml_value.hpp"

namespace incidentkit {

/// The mapping `yaml` holds when every line is of a shape this reader knows: top-level `key: scalar`,
/// `key: [a, b]`, and `key:` followed by `- item` lines or by indented `key: scalar` lines; scalars on one
/// line, plain or quoted without escapes; comment and blank lines. The values, lines and raw texts are what
/// yaml_to_json gives for yaml-cpp's node of the same text (tests/unit/test_flat_yaml.cpp holds it to that).
/// nullopt for anything else, and for a text without keys: then the caller loads it with yaml-cpp. yaml-cpp's
/// scanner was an eighth of a conversion's instructions, and nearly all front matter has this shape.
std::optional<nlohmann::ordered_json> read_flat_yaml(std::string_view yaml, std::size_t first_line, YamlLines& where);

}  // namespace incidentkit
