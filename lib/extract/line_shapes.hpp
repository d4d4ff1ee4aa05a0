// Hand-written scanners for the line shapes every report is full of (ATX headings, fences, a trailing "[tag]").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

/// "head [inner]": `text` ends in `open` ... `close` around `min_chars` to `max_chars` characters that hold
/// neither, then blank space. `head` is what comes before without its trailing blank space and holds no line
/// break. Exactly FullMatch of `^(.*?)\s*\[([^\[\]]{1,40})\]\s*$` for '[', ']', 40 (RE2: \s is [\t\n\f\r ],
/// '.' is no newline, {n} counts characters); with `min_chars` 0 and `kAnyLength`, of `^(.*?)\s*\(([^()]*)\)\s*$`.
bool split_trailing_group(std::string_view text, char open, char close, std::size_t max_chars, std::string& head,
                          std::string& inner, std::size_t min_chars = 1);
inline constexpr std::size_t kAnyLength = static_cast<std::size_t>(-1);

/// "text @handle": `text` ends in blank space, '@' and one or more of [0-9A-Za-z_.-]; `head` is what comes
/// before the blank space and holds no line break. Exactly FullMatch of `^(.*?)\s+(@[\w.\-]+)$`.
bool split_trailing_handle(std::string_view text, std::string& head, std::string& handle);

/// "INC-42: title", "[#7] title": a ticket id opening the text, then the rest. Exactly FullMatch of
/// `^\[?([A-Za-z][A-Za-z0-9]*-\d[\w\-]*|#\d+)\]?\s*(?:[-:\x{2013}\x{2014}|]\s*)?(.*)$`, whose greedy reading is
/// the only one that can match (what follows the id may not hold a line break).
bool split_leading_id(std::string_view text, std::string& id, std::string& rest);

/// The leftmost separator of an action line's segments at or after `from`: blank space, then an em dash, an en
/// dash, "--", "-" or "|", then blank space; or ';' and blank space. {begin, end} of exactly the match RE2 finds
/// for `\s+(?:\x{2014}|\x{2013}|--|-|\|)\s+|;\s+` (its blank runs are greedy); nullopt for none.
std::optional<std::pair<std::size_t, std::size_t>> find_segment_separator(std::string_view text, std::size_t from = 0);

/// The leftmost parenthesised group of 1 to 80 characters that holds no parenthesis, with the blank space
/// before it, at or after `from` ("fix it (Owner: Dave)"): {begin, end} of exactly the match RE2 finds for
/// `\s*\([^()]{1,80}\)` in `text.substr(from)`, for UTF-8 text (characters counted as code points).
/// The counted class made that pattern one of the costliest to compile (two million instructions).
std::optional<std::pair<std::size_t, std::size_t>> find_paren_group(std::string_view text, std::size_t from = 0);

/// A title's leading "[Postmortem] ", "[Public] - ": the end of exactly the match of
/// `^\[[^\]]{1,30}\]\s*(?:[:\-\x{2013}\x{2014}]\s*)?` (characters counted as code points); nullopt for none.
std::optional<std::size_t> bracket_tag_end(std::string_view title);

/// A title's leading "crates.io Postmortem: ", "Acme Cloud incident report: ": the end of exactly the match of
/// `(?i)^[^\s:]{1,30}(?:\s+[^\s:]{1,30})?\s+(?:post[\s\-]?mortem|incident\s+report|retrospective)\s*:\s*`
/// for a title without U+017F, which (?i) folds with 's' (the caller runs the pattern on such a title).
/// The counted classes made each of these patterns a million or two instructions to compile.
std::optional<std::size_t> named_document_end(std::string_view title);

}  // namespace incidentkit::md
