// yaml-cpp glue: safe loading (nesting/size guards, errors with lines) and YAML -> JSON values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <vector>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "incidentkit/diagnostic.hpp"

namespace incidentkit {

struct YamlLimits {
    std::size_t max_depth = 64;      // brackets or indentation levels
    std::size_t max_nodes = 100000;  // after alias expansion, so "billion laughs" stops early
    // The YAML text's size, when known: without aliases a node takes at least a byte or two of text, so more
    // than max(10000, 4 x bytes) nodes means aliases multiply it; a bomb stops after a few thousand nodes.
    std::size_t source_bytes = 0;
    std::size_t node_limit() const {
        if (source_bytes == 0) return max_nodes;
        return std::min(max_nodes, std::max<std::size_t>(10000, 4 * source_bytes));
    }
};

/// Parses YAML text whose first line is line `first_line` of the document. On failure returns nullopt and
/// sets `error` with the document line. Never throws.
std::optional<YAML::Node> load_yaml(std::string_view yaml, std::size_t first_line, Diagnostic& error,
                                    const YamlLimits& limits = {});

/// Every document of a YAML stream (`---` separated), with the same guards as load_yaml.
std::optional<std::vector<YAML::Node>> load_yaml_all(std::string_view yaml, std::size_t first_line, Diagnostic& error,
                                                     const YamlLimits& limits = {});

/// Where converted values came from, by JSON pointer ("/timeline/3/at"): the 1-based document line, and for
/// plain scalars read as numbers/booleans/null the text as written (so `id: 007` can stay "007").
struct YamlLines {
    std::map<std::string, std::size_t> line;
    std::map<std::string, std::string> raw;
};

/// Converts a node to JSON: quoted scalars stay strings, plain ones follow the YAML 1.2 core schema
/// (null, true/false, integers, floats). Throws std::runtime_error past the limits. With `lines`, records
/// where each value stood (document lines counted from `first_line`).
nlohmann::ordered_json yaml_to_json(const YAML::Node& node, const YamlLimits& limits = {}, YamlLines* lines = nullptr,
                                    std::size_t first_line = 1);

/// A plain scalar's value by the YAML 1.2 core schema: null ("", "~", "null"), a boolean, an integer (up to
/// 18 digits), a float, else the text itself.
nlohmann::ordered_json plain_scalar_json(const std::string& s);
/// Whether `s` is what FullMatch of `[-+]?[0-9]{1,18}` takes: a YAML integer plain_scalar_json makes a number.
bool is_integer_text(std::string_view s);
/// Whether `s` is what FullMatch of `[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?` takes.
bool is_real_text(std::string_view s);

/// 1-based document line of a node.
std::size_t yaml_line(const YAML::Node& node, std::size_t first_line);

}  // namespace incidentkit
