// The body of normalized Markdown (docs/formats.md): the Markdown writer's output after the front matter, and
// its exact reading. A format definition both sides share, so that read(write(x)) == x holds for every incident.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/incident.hpp"

namespace incidentkit::normal_form {

/// The canonical section headings, in the order they are written.
inline constexpr const char* kSummary = "Summary";
inline constexpr const char* kImpact = "Impact";
inline constexpr const char* kTimeline = "Timeline";
inline constexpr const char* kRootCause = "Root Cause";
inline constexpr const char* kResolution = "Resolution";
inline constexpr const char* kActionItems = "Action Items";
inline constexpr const char* kLessons = "Lessons Learned";

/// The body for `inc`: the unnamed section first (when it can stand there), the canonical sections that have
/// content, then the other sections in their order. Starts with "\n" when not empty; ends with "\n".
std::string write_body(const Incident& inc);

/// Reads a body as write_body writes it into summary, impact items, timeline, root cause, resolution, action
/// items, lessons learned and sections (all else comes from the front matter). `first_line` is the document
/// line of the body's first line. What does not read (a hand-edited table row) is a warning.
void read_body(std::string_view body, std::size_t first_line, Incident& inc, std::vector<Diagnostic>& diags);

// The pieces, for tests.

/// A table cell: Markdown punctuation backslash-escaped, line breaks as <br> / &#13;, whitespace at either end
/// as &#32; / &#9;, the empty string as "" (an empty cell is "no value").
std::string encode_cell(std::string_view value);
std::string decode_cell(std::string_view cell);

/// Splits a table row "| a | b\\|c |" at unescaped pipes; the cells are not yet decoded.
std::vector<std::string> split_row(std::string_view row);

/// Whether `text` can stand as written between two headings: no line of it starts a section and it leaves no
/// code fence open. Other text is written inside a ```incidentkit-verbatim fence.
bool stands_as_written(std::string_view text);

}  // namespace incidentkit::normal_form
