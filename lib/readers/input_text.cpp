// Input checks shared by the readers.
#include "readers/input_text.hpp"

#include <fmt/format.h>

namespace incidentkit {

std::string_view strip_bom(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

std::optional<NotText> check_text(std::string_view text) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') ++line;
        if (c == 0) return NotText{line, fmt::format("not a text file: NUL byte at offset {}", i)};
        // RFC 3629: no overlong forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates (ED A0..BF), nothing past
        // U+10FFFF (F4 90.., F5..FF).
        const std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        bool ok = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 2;
        if (ok && len >= 3) {
            const auto c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 > 0x9F) && !(c == 0xF0 && c1 < 0x90) &&
                 !(c == 0xF4 && c1 > 0x8F);
        }
        if (!ok) return NotText{line, fmt::format("not UTF-8 text: invalid byte 0x{:02X} at offset {}", c, i)};
        i += len;
    }
    return std::nullopt;
}

std::string_view utf8_prefix(std::string_view text, std::size_t n) {
    if (n >= text.size()) return text;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // text[n] starts the next character
    return text.substr(0, n);
}

namespace {

// Walks JSON text from `from`, calling step(i, c) for every bracket outside strings; stops at the first step
// that returns true and gives its offset (npos when none does).
template <class Step>
std::size_t walk_json_brackets(std::string_view text, std::size_t from, Step&& step) {
    bool in_string = false;
    for (std::size_t i = from; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if ((c == '{' || c == '[' || c == '}' || c == ']') && step(i, c)) {
            return i;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::optional<std::size_t> json_too_deep(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    const auto at = walk_json_brackets(text, 0, [&](std::size_t, char c) {
        if (c == '{' || c == '[') return ++depth > max_depth;
        if (depth > 0) --depth;
        return false;
    });
    if (at == std::string_view::npos) return std::nullopt;
    return at;
}

std::optional<std::string_view> text_of(std::string_view input, std::vector<Diagnostic>& diags) {
    const std::string_view text = strip_bom(input);
    if (auto bad = check_text(text)) {
        diags.push_back(error_at(bad->line, bad->message));
        return std::nullopt;
    }
    return text;
}

namespace {

// The line starting at `pos` without its line ending, and where the next line starts.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
    auto nl = text.find('\n', pos);
    next = nl == std::string_view::npos ? text.size() : nl + 1;
    auto line = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line;
}

}  // namespace

namespace {

// A leading JSON object: the matching closing brace, outside strings; npos when there is none.
std::size_t json_object_end(std::string_view text, std::size_t open) {
    int depth = 0;
    return walk_json_brackets(text, open, [&](std::size_t, char c) {
        if (c == '{') ++depth;
        return c == '}' && --depth == 0;
    });
}

}  // namespace

FrontMatterSplit split_front_matter(std::string_view text) {
    FrontMatterSplit out;
    std::size_t next = 0;
    const auto first = line_at(text, 0, next);
    using Lang = FrontMatterSplit::Lang;
    std::string_view close = "---";
    if (first == "---" || first == "---yaml" || first == "---yml") {
        out.lang = Lang::yaml;
    } else if (first == "---toml") {
        out.lang = Lang::toml;
    } else if (first == "---json") {
        out.lang = Lang::json;
    } else if (first == "+++") {
        out.lang = Lang::toml;
        close = "+++";
    } else if (!text.empty() && text[0] == '{') {
        // Hugo's JSON front matter: an object at the very start, the body after it.
        out.present = true;
        out.lang = Lang::json;
        out.fence = std::string(1, '{');  // (not = "{": GCC 12 -Wrestrict false positive)
        out.data_first_line = 1;
        const auto end = json_object_end(text, 0);
        if (end == std::string_view::npos) return out;
        out.terminated = true;
        out.data = text.substr(0, end + 1);
        std::size_t after = 0;
        line_at(text, end + 1, after);  // the rest of the closing line belongs to the front matter
        out.body = text.substr(after);
        return out;
    } else {
        return out;
    }
    out.present = true;
    out.fence = std::string(first);
    out.data_first_line = 2;
    const std::size_t data_begin = next;
    for (std::size_t pos = next; pos < text.size();) {
        const std::size_t line_begin = pos;
        const auto line = line_at(text, pos, next);
        if (line == close || (out.lang == Lang::yaml && line == "...")) {
            out.terminated = true;
            out.data = text.substr(data_begin, line_begin - data_begin);
            out.body = text.substr(next);
            return out;
        }
        pos = next;
    }
    return out;
}

}  // namespace incidentkit
