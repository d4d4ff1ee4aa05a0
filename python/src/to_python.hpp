// nlohmann::ordered_json -> Python objects (dict, list, str, int, float, bool, None), key order kept.
#pragma once

#include <string_view>

#include <pybind11/pybind11.h>

#include "incidentkit/json.hpp"

namespace ikpy {

/// A Python str from UTF-8, invalid bytes replaced by U+FFFD (as the JSON writer's dump does).
pybind11::str utf8_str(std::string_view s);

/// The same value as Python objects; needs the GIL.
pybind11::object to_python(const incidentkit::ordered_json& j);

}  // namespace ikpy
