// Diagnostic rendering.
#include "incidentkit/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace incidentkit {

std::string format_diagnostic(std::string_view path, const Diagnostic& d) {
    const char* level = d.level == Diagnostic::Level::error ? "error" : "warning";
    const std::string_view shown = path.empty() ? std::string_view("<stdin>") : path;
    if (d.line == 0) return fmt::format("{}: {}: {}", shown, level, d.message);
    return fmt::format("{}:{}: {}: {}", shown, d.line, level, d.message);
}

bool has_error(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.level == Diagnostic::Level::error; });
}

}  // namespace incidentkit
