// Checks every reader does first: text (not binary), BOM removal, and the front-matter split.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace incidentkit {

/// Drops a UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view text);

/// Why `text` is not a text document (a NUL byte, invalid UTF-8), with the 1-based line; nullopt if it is text.
struct NotText {
    std::size_t line;
    std::string message;
};
std::optional<NotText> check_text(std::string_view text);

/// A `---` front-matter block: `yaml` is the text between the fences, `body` what follows the closing fence.
struct FrontMatterSplit {
    bool present = false;      // the text opens with a `---` line
    bool terminated = false;   // and a closing `---` (or `...`) line follows
    std::string_view yaml;
    std::string_view body;
    std::size_t yaml_first_line = 0;  // 1-based line of the first YAML line
};
FrontMatterSplit split_front_matter(std::string_view text);

}  // namespace incidentkit
