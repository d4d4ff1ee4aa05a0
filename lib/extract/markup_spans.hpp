// Hand-written scanners for the inline markup clean_prose removes (fenced code, comments, instruction lines, images,
// links, URLs, inline code, HTML tags).
#pragma once

#include <string>

namespace incidentkit::md {

// Each rewrites every match, leftmost first and without overlap, exactly as RE2::GlobalReplace of the pattern
// named does (RE2: \s is [\t\n\f\r ], a negated class also matches a line break), in one linear pass: they run
// on the first 64 KiB of every body, where each regex pass cost a scan of its own. The text is UTF-8.

/// `(?s)```.*?(?:```|\z)|~~~.*?(?:~~~|\z)` -> "\n"
void drop_fenced_code(std::string& text);
/// `(?s)<!--.*?-->` -> " "
void drop_comments(std::string& text);
/// `(?m)^\*[A-Z][^*\n]{10,}\*\s*$` -> "" (an italic instruction line; {10,} counts characters)
void drop_instruction_lines(std::string& text);
/// `!\[[^\]]*\]\([^)]*\)` -> " "
void drop_images(std::string& text);
/// `\[([^\]]*)\]\([^)]*\)` -> "\1"
void unwrap_links(std::string& text);
/// `https?://\S+` -> " "
void drop_urls(std::string& text);
/// "`[^`\n]*`" -> " CODE "
void mark_inline_code(std::string& text);
/// `<[^>\n]+>` -> " "
void drop_tags(std::string& text);

}  // namespace incidentkit::md
