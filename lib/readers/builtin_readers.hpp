// Factories of the built-in readers, listed explicitly in lib/registry.cpp.
#pragma once

#include <memory>
#include <string_view>

#include "incidentkit/format.hpp"

namespace incidentkit {

std::unique_ptr<Reader> make_frontmatter_reader();
std::unique_ptr<Reader> make_freeform_reader();
std::unique_ptr<Reader> make_json_reader();
std::unique_ptr<Reader> make_yaml_reader();
std::unique_ptr<Reader> make_sqlite_reader();  // binary: the database --to sqlite writes

}  // namespace incidentkit
