// Line-shape scanners; see line_shapes.hpp. Each is the hand-written form of the regex its comment names
// (tests/unit/test_line_shapes.cpp holds them to it on generated lines).
#include "extract/line_shapes.hpp"

#include "normalize/text.hpp"

namespace incidentkit::md {
namespace {

// RE2's \s without the newline, which a line does not hold.
bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }
bool space(char c) { return text::regex_space(c); }  // RE2's \s
using text::word_char;
bool letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<AtxHeading> atx_heading(std::string_view line) {
    std::size_t i = 0;
    while (i < 3 && i < line.size() && line[i] == ' ') ++i;
    const std::size_t hashes = i;
    while (i < line.size() && line[i] == '#') ++i;
    const std::size_t level = i - hashes;
    if (level == 0 || level > 6 || i == line.size() || !blank(line[i])) return std::nullopt;
    const std::string_view rest = line.substr(i);
    std::size_t b = 0, e = rest.size();
    while (b < e && blank(rest[b])) ++b;
    // The lazy text leaves as much as it can to the trailing \s*#*\s*.
    while (e > b && blank(rest[e - 1])) --e;
    while (e > b && rest[e - 1] == '#') --e;
    while (e > b && blank(rest[e - 1])) --e;
    return AtxHeading{static_cast<int>(level), rest.substr(b, e - b)};
}

bool fence_line(std::string_view line) {
    std::size_t i = 0;
    while (i < 3 && i < line.size() && line[i] == ' ') ++i;
    const std::string_view rest = line.substr(i);
    if (rest.substr(0, 3) == "~~~") return rest.find('\n') == std::string_view::npos;
    return rest.substr(0, 3) == "```" && rest.find('`', 3) == std::string_view::npos;
}

bool split_trailing_group(std::string_view text, char open, char close, std::size_t max_chars, std::string& head,
                          std::string& inner, std::size_t min_chars) {
    std::size_t end = text.size();
    while (end > 0 && space(text[end - 1])) --end;
    if (end == 0 || text[end - 1] != close) return false;
    const std::size_t close_at = end - 1;
    std::size_t at = close_at;  // scans back to the opening character
    std::size_t chars = 0;
    while (at > 0 && text[at - 1] != open) {
        if (text[at - 1] == close) return false;
        chars += !text::utf8_continuation(text[at - 1]);
        --at;
    }
    if (at == 0 || chars < min_chars || chars > max_chars) return false;
    const std::size_t open_at = at - 1;
    std::size_t head_end = open_at;
    while (head_end > 0 && space(text[head_end - 1])) --head_end;
    if (text.substr(0, head_end).find('\n') != std::string_view::npos) return false;
    inner = std::string(text.substr(open_at + 1, close_at - open_at - 1));
    head = std::string(text.substr(0, head_end));
    return true;
}

bool split_trailing_handle(std::string_view text, std::string& head, std::string& handle) {
    std::size_t at = text.size();  // the handle's characters run back from the end to its '@'
    while (at > 0 && (word_char(text[at - 1]) || text[at - 1] == '.' || text[at - 1] == '-')) --at;
    if (at == text.size() || at == 0 || text[at - 1] != '@') return false;
    --at;
    std::size_t head_end = at;  // the lazy head leaves all the blank space to \s+
    while (head_end > 0 && space(text[head_end - 1])) --head_end;
    if (head_end == at || text.substr(0, head_end).find('\n') != std::string_view::npos) return false;
    head = std::string(text.substr(0, head_end));
    handle = std::string(text.substr(at));
    return true;
}

bool split_leading_id(std::string_view text, std::string& id, std::string& rest) {
    std::size_t i = 0;
    if (i < text.size() && text[i] == '[') ++i;
    const std::size_t id_start = i;
    if (i < text.size() && letter(text[i])) {
        ++i;
        while (i < text.size() && (letter(text[i]) || digit(text[i]))) ++i;
        if (i + 1 >= text.size() || text[i] != '-' || !digit(text[i + 1])) return false;
        i += 2;
        while (i < text.size() && (word_char(text[i]) || text[i] == '-')) ++i;
    } else if (i < text.size() && text[i] == '#') {
        ++i;
        const std::size_t digits = i;
        while (i < text.size() && digit(text[i])) ++i;
        if (i == digits) return false;
    } else {
        return false;
    }
    const std::size_t id_end = i;
    if (i < text.size() && text[i] == ']') ++i;
    while (i < text.size() && space(text[i])) ++i;
    const std::string_view after = text.substr(i);
    std::size_t sep = 0;
    if (!after.empty() && (after[0] == '-' || after[0] == ':' || after[0] == '|')) sep = 1;
    if (after.substr(0, 3) == "\u2013" || after.substr(0, 3) == "\u2014") sep = 3;
    if (sep) {
        i += sep;
        while (i < text.size() && space(text[i])) ++i;
    }
    if (text.substr(i).find('\n') != std::string_view::npos) return false;
    id = std::string(text.substr(id_start, id_end - id_start));
    rest = std::string(text.substr(i));
    return true;
}

std::optional<std::pair<std::size_t, std::size_t>> find_segment_separator(std::string_view text, std::size_t from) {
    auto blanks_from = [&](std::size_t k) { return text::skip_regex_space(text, k); };
    for (std::size_t p = from; p < text.size(); ++p) {
        if (text[p] == ';') {
            const std::size_t e = blanks_from(p + 1);
            if (e > p + 1) return std::make_pair(p, e);
            continue;
        }
        if (!space(text[p])) continue;
        // A blank run: a match that starts inside it would start at its first byte (no dash opens with blank).
        const std::size_t q = blanks_from(p);
        std::size_t token = 0;
        const std::string_view t = text.substr(q);
        if (t.rfind("\u2014", 0) == 0 || t.rfind("\u2013", 0) == 0) {
            token = 3;
        } else if (t.rfind("--", 0) == 0 && q + 2 < text.size() && space(text[q + 2])) {
            token = 2;
        } else if (!t.empty() && (t[0] == '-' || t[0] == '|')) {
            token = 1;
        }
        if (token && q + token < text.size() && space(text[q + token])) return std::make_pair(p, blanks_from(q + token));
        p = q - 1;  // the run cannot open a match: go on after it (a ';' right after is looked at next)
    }
    return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> find_paren_group(std::string_view text, std::size_t from) {
    for (std::size_t open = text.find('(', from); open != std::string_view::npos; open = text.find('(', open + 1)) {
        std::size_t chars = 0, k = open + 1;
        for (; k < text.size() && text[k] != '(' && text[k] != ')' && chars <= 80; ++k) chars += !text::utf8_continuation(text[k]);
        if (k == text.size() || text[k] != ')' || chars < 1 || chars > 80) continue;
        // The leftmost match opens with the blank run before the parenthesis (\s* is greedy).
        std::size_t begin = open;
        while (begin > from && space(text[begin - 1])) --begin;
        return std::make_pair(begin, k + 1);
    }
    return std::nullopt;
}

namespace {

using text::folded_at;
std::size_t blanks_from(std::string_view t, std::size_t at) { return text::skip_regex_space(t, at); }

// The end of a run of characters that are neither blank space nor ':' from `at`, and how many there are.
std::pair<std::size_t, std::size_t> word_run(std::string_view t, std::size_t at) {
    std::size_t chars = 0;
    while (at < t.size() && !space(t[at]) && t[at] != ':') chars += !text::utf8_continuation(t[at++]);
    return {at, chars};
}

// The end of `post[\s\-]?mortem|incident\s+report|retrospective` (case folded) at `at`; 0 for none.
std::size_t document_kind_end(std::string_view t, std::size_t at) {
    if (at >= t.size()) return 0;
    if (folded_at(t, at, "post")) {
        if (at + 4 < t.size() && (space(t[at + 4]) || t[at + 4] == '-') && folded_at(t, at + 5, "mortem")) return at + 11;
        return folded_at(t, at + 4, "mortem") ? at + 10 : 0;
    }
    if (folded_at(t, at, "incident")) {
        const std::size_t r = blanks_from(t, at + 8);
        return r > at + 8 && folded_at(t, r, "report") ? r + 6 : 0;
    }
    return folded_at(t, at, "retrospective") ? at + 13 : 0;
}

}  // namespace

std::optional<std::size_t> bracket_tag_end(std::string_view t) {
    if (t.empty() || t[0] != '[') return std::nullopt;
    std::size_t k = 1, chars = 0;
    while (k < t.size() && t[k] != ']' && chars <= 30) chars += !text::utf8_continuation(t[k++]);
    if (k == t.size() || t[k] != ']' || chars < 1 || chars > 30) return std::nullopt;
    std::size_t e = blanks_from(t, k + 1);
    const std::string_view rest = t.substr(e);
    const std::size_t sep = !rest.empty() && (rest[0] == ':' || rest[0] == '-') ? 1
                            : rest.rfind("\u2013", 0) == 0 || rest.rfind("\u2014", 0) == 0 ? 3 : 0;
    if (sep) e = blanks_from(t, e + sep);
    return e;
}

std::optional<std::size_t> named_document_end(std::string_view t) {
    const auto [w1, n1] = word_run(t, 0);
    if (n1 < 1 || n1 > 30 || w1 == t.size() || !space(t[w1])) return std::nullopt;
    const std::size_t s1 = blanks_from(t, w1);
    // `\s*:\s*` after the kind, both runs greedy.
    auto colon_after = [&](std::size_t kind_end) -> std::optional<std::size_t> {
        const std::size_t c = blanks_from(t, kind_end);
        if (c == t.size() || t[c] != ':') return std::nullopt;
        return blanks_from(t, c + 1);
    };
    // The optional second word first (the group is greedy), then without it.
    const auto [w2, n2] = word_run(t, s1);
    if (n2 >= 1 && n2 <= 30 && w2 < t.size() && space(t[w2])) {
        if (const std::size_t k = document_kind_end(t, blanks_from(t, w2))) {
            if (const auto e = colon_after(k)) return e;
        }
    }
    if (const std::size_t k = document_kind_end(t, s1)) return colon_after(k);
    return std::nullopt;
}

}  // namespace incidentkit::md
