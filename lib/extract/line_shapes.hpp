// Hand-written scanners for the line shapes every report is full of (ATX headings, fences, a trailing "[tag]").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace incidentkit::md {

struct AtxHeading {
    int level = 0;          // 1..6
    std::string_view text;  // without the opening and closing hashes and the blank space around; may be empty
};

/// An ATX heading line: up to three spaces, one to six '#', blank space, the text, optional closing hashes.
/// Exactly what FullMatch of ` {0,3}(#{1,6})\s+(.*?)\s*#*\s*` gives (so "## a#" is "a"), without a regex:
/// it runs on every line of every file.
std::optional<AtxHeading> atx_heading(std::string_view line);

/// A line that opens or closes fenced code: up to three spaces, then "```" with no other backtick on the line,
/// or "~~~" (FullMatch of ` {0,3}(```[^`]*|~~~.*)`).
bool fence_line(std::string_view line);

/// "head [inner]": `text` ends in `open` ... `close` around 1 to `max_chars` characters that hold neither,
/// then blank space. `head` is what comes before without its trailing blank space and holds no line break.
/// Exactly FullMatch of `^(.*?)\s*\[([^\[\]]{1,40})\]\s*$` for '[', ']', 40 (RE2: \s is [\t\n\f\r ], '.' is no
/// newline, {n} counts characters).
bool split_trailing_group(std::string_view text, char open, char close, std::size_t max_chars, std::string& head,
                          std::string& inner);

}  // namespace incidentkit::md
