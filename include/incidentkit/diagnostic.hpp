// Diagnostics: a positioned warning or error, and its `path:line: level: message` rendering.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace incidentkit {

struct Diagnostic {
    enum class Level { warning, error };
    Level level = Level::warning;
    std::size_t line = 0;  // 1-based line in the input; 0 when no line applies (e.g. an I/O error)
    std::string message;
    bool operator==(const Diagnostic&) const = default;
};

inline Diagnostic warning_at(std::size_t line, std::string message) {
    return {Diagnostic::Level::warning, line, std::move(message)};
}
inline Diagnostic error_at(std::size_t line, std::string message) {
    return {Diagnostic::Level::error, line, std::move(message)};
}

/// "report.md:7: error: message" (line omitted when 0), the format editors and CI logs understand.
std::string format_diagnostic(std::string_view path, const Diagnostic& d);

bool has_error(const std::vector<Diagnostic>& diagnostics);

}  // namespace incidentkit
