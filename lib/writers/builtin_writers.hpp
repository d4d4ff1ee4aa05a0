// Factories of the built-in writers, listed explicitly in lib/registry.cpp.
#pragma once

#include <memory>

#include "incidentkit/format.hpp"

namespace incidentkit {

std::unique_ptr<Writer> make_json_writer();
std::unique_ptr<Writer> make_yaml_writer();
std::unique_ptr<Writer> make_markdown_writer();
std::unique_ptr<BatchWriter> make_sqlite_writer();  // a whole batch into one SQLite database

}  // namespace incidentkit
