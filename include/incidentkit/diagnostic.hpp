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

/// A message as one line of at most about `max_bytes`: line breaks and control characters escaped ("\\n"),
/// a longer message cut at a character boundary with an ellipsis. read_document applies it to every
/// diagnostic, so a value quoted from the input can neither break the `path:line:` form nor flood a log.
std::string one_line_message(std::string_view message, std::size_t max_bytes = 400);

}  // namespace incidentkit
