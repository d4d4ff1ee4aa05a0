// Factories of the built-in readers, listed explicitly in lib/registry.cpp.
#pragma once

#include <memory>

#include "incidentkit/format.hpp"

namespace incidentkit {

std::unique_ptr<Reader> make_frontmatter_reader();
std::unique_ptr<Reader> make_freeform_reader();

}  // namespace incidentkit
