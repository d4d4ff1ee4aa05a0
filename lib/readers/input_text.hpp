// Checks every reader does first: text (not binary), BOM removal, and the front-matter split.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/diagnostic.hpp"

namespace incidentkit {

/// Input in another encoding than UTF-8 with LF or CRLF line ends, made readable: UTF-16 (LE or BE, with a
/// byte-order mark, or without one when every other byte of ASCII-range text is zero) is decoded to UTF-8, and
/// CR-only line ends (classic Mac OS), and a lone CR among LF line ends, become LF; lines keep their numbers. `text` is empty and `note` unset when
/// the input needs nothing; `error` is set for UTF-16 that does not decode (odd length, unpaired surrogate).
struct DecodedInput {
    std::string text;
    std::optional<Diagnostic> note;   // a warning saying what was done
    std::optional<Diagnostic> error;
};
DecodedInput decode_input(std::string_view input);

/// Drops a UTF-8 byte-order mark.
std::string_view strip_bom(std::string_view text);

/// Why `text` is not a text document (a NUL byte, invalid UTF-8), with the 1-based line; nullopt if it is text.
struct NotText {
    std::size_t line;
    std::string message;
};
std::optional<NotText> check_text(std::string_view text);

/// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD (for a file name in the output).
std::string valid_utf8(std::string_view text);

/// The first at most `n` bytes of `text`, cut back to a character boundary (a byte cut may split a character,
/// which check_text would call invalid).
std::string_view utf8_prefix(std::string_view text, std::size_t n);

/// Where JSON text nests deeper than `max_depth` (0-based byte offset), or nullopt. nlohmann parses deep input
/// fine but copies and destroys it recursively, so depth is refused before parsing.
std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth = 64);

/// The start of every read: drops a BOM, and when the input is no text, adds the error to `diags` and
/// returns nullopt.
std::optional<std::string_view> text_of(std::string_view input, std::vector<Diagnostic>& diags);

/// A front-matter block: `---` (or `---yaml`) YAML, `+++` or `---toml` TOML, `---json` or a leading `{...}` JSON.
/// `data` is the text between the fences (for a leading JSON object, the object itself), `body` what follows.
struct FrontMatterSplit {
    enum class Lang { yaml, toml, json };
    bool present = false;      // the text opens with a front-matter fence (or a JSON object)
    bool terminated = false;   // and it is closed
    Lang lang = Lang::yaml;
    std::string fence;         // the opening fence as written ("---", "+++", "---toml", "{")
    std::string_view data;
    std::string_view body;
    std::size_t data_first_line = 0;  // 1-based line of the first line of `data`
};
FrontMatterSplit split_front_matter(std::string_view text);

}  // namespace incidentkit
