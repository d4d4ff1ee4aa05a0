// Input checks shared by the readers.
#include "readers/input_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "normalize/text.hpp"

namespace incidentkit {

std::string_view strip_bom(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

using text::utf8_length_at;

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8_length_at(text, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

std::optional<NotText> check_text(std::string_view text) {
    // The line is counted only for the message: most text is ASCII, passed eight bytes at a time.
    auto line_at = [&](std::size_t i) {
        return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n')) + 1;
    };
    constexpr std::uint64_t kHigh = 0x8080808080808080ull, kOnes = 0x0101010101010101ull;
    for (std::size_t i = 0; i < text.size();) {
#if defined(__SSE2__)
        // Sixteen at a time: no byte with its high bit set (movemask) and none zero.
        if (text.size() - i >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
            if ((_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()))) == 0) {
                i += 16;
                continue;
            }
        }
#endif
        if (text.size() - i >= 8) {
            std::uint64_t w;
            std::memcpy(&w, text.data() + i, 8);
            // No byte with its high bit set and no zero byte (the classic "has a zero byte" test).
            if (((w | ((w - kOnes) & ~w)) & kHigh) == 0) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0) return NotText{line_at(i), fmt::format("not a text file: NUL byte at offset {}", i)};
        const std::size_t len = c < 0x80 ? 1 : utf8_length_at(text, i);
        if (len == 0) return NotText{line_at(i), fmt::format("not UTF-8 text: invalid byte 0x{:02X} at offset {}", c, i)};
        i += len;
    }
    return std::nullopt;
}

namespace {

// Which UTF-16 the bytes are, if unmistakably: 'l', 'b', or 0. `bom` tells whether a byte-order mark said so.
char utf16_kind(std::string_view in, bool& bom) {
    bom = in.size() >= 2 && ((in[0] == '\xFF' && in[1] == '\xFE') || (in[0] == '\xFE' && in[1] == '\xFF'));
    if (bom) return in[0] == '\xFF' ? 'l' : 'b';
    // No mark: ASCII-range text in UTF-16 has a zero in every other byte, which UTF-8 text never has.
    const std::size_t n = std::min<std::size_t>(in.size(), 1024) & ~std::size_t{1};
    if (n < 4) return 0;
    std::size_t zero_even = 0, zero_odd = 0;
    for (std::size_t i = 0; i < n; i += 2) {
        zero_even += in[i] == 0;
        zero_odd += in[i + 1] == 0;
    }
    const std::size_t pairs = n / 2;
    if (zero_odd * 10 >= pairs * 9 && zero_even * 10 <= pairs) return 'l';
    if (zero_even * 10 >= pairs * 9 && zero_odd * 10 <= pairs) return 'b';
    return 0;
}

}  // namespace

namespace {

// Makes every line break LF in place; false (and `text` untouched) when there was nothing to do. CR-only line
// ends (no LF anywhere; md4c reads them as breaks, line numbers must too) and a lone CR among LF or CRLF line
// ends (CommonMark and YAML say it is a break, md4c splits there) both become LF; `what` says which.
bool repair_line_ends(std::string& text, std::string& what) {
    if (text.find('\r') == std::string::npos) return false;
    if (text.find('\n') == std::string::npos) {
        std::replace(text.begin(), text.end(), '\r', '\n');
        what = "line ends are CR only (classic Mac OS); read as line breaks";
        return true;
    }
    bool changed = false;
    for (std::size_t at = text.find('\r'); at != std::string::npos; at = text.find('\r', at + 1)) {
        if (at + 1 < text.size() && text[at + 1] == '\n') continue;
        text[at] = '\n';
        changed = true;
    }
    if (changed) what = "a lone CR among the line ends is read as a line break";
    return changed;
}

}  // namespace

DecodedInput decode_input(std::string_view in) {
    DecodedInput out;
    bool bom = false;
    if (const char kind = utf16_kind(in, bom)) {
        const char* name = kind == 'l' ? "UTF-16LE" : "UTF-16BE";
        if (in.size() % 2 != 0) {
            out.error = error_at(1, fmt::format("{} text with an odd number of bytes ({}); not decodable", name, in.size()));
            return out;
        }
        auto unit = [&](std::size_t i) {
            const auto a = static_cast<unsigned char>(in[i]), b = static_cast<unsigned char>(in[i + 1]);
            return static_cast<std::uint32_t>(kind == 'l' ? a | (b << 8) : (a << 8) | b);
        };
        out.text.reserve(in.size());
        std::size_t line = 1;
        for (std::size_t i = bom ? 2 : 0; i < in.size(); i += 2) {
            std::uint32_t cp = unit(i);
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < in.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
                i += 2;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                out.text.clear();
                out.error = error_at(line, fmt::format("invalid {}: unpaired surrogate 0x{:04X} at byte offset {}", name, cp, i));
                return out;
            }
            line += cp == '\n';
            text::append_utf8(out.text, cp);
        }
        std::string note = bom ? fmt::format("decoded from {} (byte-order mark)", name)
                               : fmt::format("decoded from {}: no byte-order mark, but every other byte is zero", name);
        // The decoded text's line ends are repaired like any other's (a lone CR in UTF-16 was read back as LF
        // after a round trip, a fuzzer found).
        std::string what;
        if (repair_line_ends(out.text, what)) note += "; " + what;
        out.note = warning_at(1, note);
        return out;
    }
    if (in.find('\r') != std::string_view::npos) {
        std::string copy(in), what;
        if (repair_line_ends(copy, what)) {
            out.text = std::move(copy);
            out.note = warning_at(1, what);
        }
    }
    return out;
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
