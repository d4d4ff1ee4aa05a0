// JSON values -> block-style YAML through yaml-cpp's emitter, quoting every string a YAML 1.1 or 1.2 parser
// could read as anything but that string.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace incidentkit {

/// True when `s` can be written unquoted and comes back as the same string from YAML 1.1 and 1.2 parsers.
bool yaml_plain_safe(const std::string& s);

/// Block-style YAML for a JSON value (object keys in their order); ends with a newline.
std::string emit_yaml(const nlohmann::ordered_json& value);

}  // namespace incidentkit
