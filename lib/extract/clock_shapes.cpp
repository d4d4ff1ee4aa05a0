// Clock-time scanners; see clock_shapes.hpp. They replace RE2::Consume calls that ran several times on every
// timeline row (the capturing regexes were a tenth of a report's instructions).
#include "extract/clock_shapes.hpp"

#include "normalize/text.hpp"

namespace incidentkit::clock_shapes {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool word(char c) { return text::word_char(c); }
bool space(char c) { return text::regex_space(c); }
bool mark(char c) { return c == '`' || c == '*' || c == '_'; }
bool digits_at(std::string_view s, std::size_t i, std::size_t n) {
    if (s.size() < i + n) return false;
    for (std::size_t k = 0; k < n; ++k) {
        if (!digit(s[i + k])) return false;
    }
    return true;
}

// The length of the \W character at i: 0 at the end, on a word character, or on a byte that starts no
// UTF-8 character (RE2 matches none there).
std::size_t non_word_at(std::string_view s, std::size_t i) {
    if (i >= s.size() || word(s[i])) return 0;
    return text::utf8_length_at(s, i);
}

// \b after a word character at i - 1.
bool boundary_at(std::string_view s, std::size_t i) { return i >= s.size() || !word(s[i]); }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
    while (i < s.size() && space(s[i])) ++i;
    return i;
}

std::size_t skip_marks(std::string_view s, std::size_t i) {
    while (i < s.size() && mark(s[i])) ++i;
    return i;
}

// (\d{1,2})SEP: the position after the separator, 0 when there is none.
std::size_t hour_then(std::string_view s, char sep, std::string_view& hour) {
    if (digits_at(s, 0, 2) && s.size() > 2 && s[2] == sep) {
        hour = s.substr(0, 2);
        return 3;
    }
    if (digits_at(s, 0, 1) && s.size() > 1 && s[1] == sep) {
        hour = s.substr(0, 1);
        return 2;
    }
    return 0;
}

// \s?([AaPp])\.?[Mm]\.?(?:\W|$) from i (the space only with `space_first`): the end, or 0.
std::size_t meridiem_from(std::string_view s, std::size_t i, bool space_first, std::string_view& meridiem) {
    const std::size_t n = s.size();
    if (space_first && i < n && space(s[i])) ++i;
    if (i >= n || (s[i] != 'a' && s[i] != 'A' && s[i] != 'p' && s[i] != 'P')) return 0;
    const std::size_t letter = i++;
    if (i < n && s[i] == '.') ++i;
    if (i >= n || (s[i] != 'm' && s[i] != 'M')) return 0;
    ++i;
    meridiem = s.substr(letter, 1);
    if (i < n && s[i] == '.') {
        if (i + 1 == n) return n;
        if (const auto w = non_word_at(s, i + 1)) return i + 1 + w;
        return i + 1;  // the '.' is the \W
    }
    if (i == n) return n;
    if (const auto w = non_word_at(s, i)) return i + w;
    return 0;
}

std::size_t dash_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (s[i] == '-') return 1;  // before "->", which the alternation never reaches
    if (s.substr(i, 2) == "=>") return 2;
    if (s.size() >= i + 3 && s[i] == '\xE2') {
        const auto b = static_cast<unsigned char>(s[i + 1]), c = static_cast<unsigned char>(s[i + 2]);
        if (b == 0x80 && c >= 0x90 && c <= 0x95) return 3;  // U+2010..U+2015
        if (b == 0x88 && c == 0x92) return 3;               // U+2212 minus
        if (b == 0x86 && c == 0x92) return 3;               // U+2192 arrow
    }
    return 0;
}

// (\d{1,2}):(\d{2}) into c: the position after the minutes, or 0.
std::size_t hour_colon_minute(std::string_view s, Clock& c) {
    const std::size_t i = hour_then(s, ':', c.hour);
    if (!i || !digits_at(s, i, 2)) return 0;
    c.minute = s.substr(i, 2);
    return i + 2;
}

}  // namespace

std::optional<Clock> hour_minute(std::string_view s) {
    Clock c;
    std::size_t i = hour_colon_minute(s, c);
    if (!i) return std::nullopt;
    if (i < s.size() && s[i] == ':' && digits_at(s, i + 1, 2)) {
        c.second = s.substr(i + 1, 2);
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',') && digits_at(s, i + 1, 1)) {
            i += 2;
            while (i < s.size() && digit(s[i])) ++i;
        }
    }
    std::string_view meridiem;
    if (const auto end = meridiem_from(s, i, true, meridiem)) {
        c.meridiem = meridiem;
        i = end;
    }
    c.length = i;
    return c;
}

std::optional<Clock> hour_meridiem(std::string_view s) {
    Clock c;
    const std::size_t digits = digits_at(s, 0, 2) ? 2 : digits_at(s, 0, 1) ? 1 : 0;
    if (!digits) return std::nullopt;
    c.hour = s.substr(0, digits);
    const auto end = meridiem_from(s, digits, true, c.meridiem);
    if (!end) return std::nullopt;
    c.length = end;
    return c;
}

std::optional<Clock> short_meridiem(std::string_view s) {
    Clock c;
    std::size_t i = hour_colon_minute(s, c);
    if (!i) return std::nullopt;
    if (i >= s.size() || (s[i] != 'a' && s[i] != 'A' && s[i] != 'p' && s[i] != 'P')) return std::nullopt;
    c.meridiem = s.substr(i, 1);
    ++i;
    if (i < s.size()) {
        const auto w = non_word_at(s, i);
        if (!w) return std::nullopt;
        i += w;
    }
    c.length = i;
    return c;
}

std::optional<Clock> dotted(std::string_view s) {
    Clock c;
    const std::size_t i = hour_then(s, '.', c.hour);
    if (!i || !digits_at(s, i, 2)) return std::nullopt;
    c.minute = s.substr(i, 2);
    c.length = i + 2;
    return c;
}

std::optional<Clock> military(std::string_view s) {
    if (!digits_at(s, 0, 4) || !boundary_at(s, 4)) return std::nullopt;
    Clock c;
    c.hour = s.substr(0, 2);
    c.minute = s.substr(2, 2);
    c.length = 4;
    return c;
}

std::optional<Zone> zone(std::string_view s) {
    const std::size_t n = s.size();
    Zone z;
    std::size_t p = skip_spaces(s, 0);
    z.space = s.substr(0, p);
    if (p < n && s[p] == '(') ++p;
    // The zone's end: the first alternative, in the pattern's order, that a word boundary follows.
    std::size_t end = 0;
    auto take = [&](std::size_t e) {
        if (!end && boundary_at(s, e)) end = e;
    };
    if (p < n && s[p] == 'Z') take(p + 1);
    if (!end && p < n && (s[p] == '+' || s[p] == '-') && digits_at(s, p + 1, 2)) {
        if (p + 3 < n && s[p + 3] == ':' && digits_at(s, p + 4, 2)) take(p + 6);
        else if (digits_at(s, p + 3, 2)) take(p + 5);
    }
    if (!end && (s.substr(p, 3) == "UTC" || s.substr(p, 3) == "GMT")) {
        std::size_t q = p + 3;
        if (q < n && space(s[q])) ++q;  // \s? (without it a sign cannot follow a space)
        if (q < n && (s[q] == '+' || s[q] == '-')) {
            for (std::size_t digits = 2; digits >= 1 && !end; --digits) {
                if (!digits_at(s, q + 1, digits)) continue;
                const std::size_t r = q + 1 + digits;
                if (r < n && s[r] == ':') {
                    if (digits_at(s, r + 1, 2)) take(r + 3);
                } else if (digits_at(s, r, 2)) {
                    take(r + 2);
                }
                take(r);
            }
        }
        take(p + 3);
    }
    if (!end) {
        std::size_t upper = 0;
        while (upper < 5 && p + upper < n && s[p + upper] >= 'A' && s[p + upper] <= 'Z') ++upper;
        for (std::size_t len = upper; len >= 2 && !end; --len) take(p + len);
    }
    if (!end) return std::nullopt;
    z.zone = s.substr(p, end - p);
    z.length = end < n && s[end] == ')' ? end + 1 : end;
    return z;
}

std::optional<std::size_t> uhr(std::string_view s) {
    const std::size_t p = skip_spaces(s, 0);
    if (s.substr(p, 3) != "Uhr" || !boundary_at(s, p + 3)) return std::nullopt;
    return p + 3;
}

std::size_t lead(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (space(s[i]) || s[i] == '[' || s[i] == '(' || mark(s[i]) || s[i] == '~')) ++i;
    return i;
}

std::size_t close(std::string_view s) {
    std::size_t i = skip_marks(s, 0);
    if (i < s.size() && (s[i] == ']' || s[i] == ')')) ++i;
    return skip_marks(s, i);
}

std::size_t filler(std::string_view s) {
    std::size_t i = skip_spaces(s, skip_marks(s, 0));
    if (s.substr(i, 2) == "at" && i + 2 < s.size() && space(s[i + 2])) i = skip_spaces(s, i + 2);
    return skip_marks(s, i);
}

std::size_t separator(std::string_view s) {
    std::size_t i = skip_spaces(s, 0);
    if (const auto d = dash_at(s, i)) {
        i += d;
    } else if (i < s.size() && (s[i] == ':' || s[i] == '|')) {
        ++i;
    }
    return skip_spaces(s, i);
}

std::optional<std::size_t> range_separator(std::string_view s) {
    std::size_t i = skip_spaces(s, 0);
    if (const auto d = dash_at(s, i)) {
        i += d;
    } else if (s.substr(i, 2) == "to") {
        i += 2;
    } else if (s.substr(i, 5) == "until") {
        i += 5;
    } else if (s.substr(i, 4) == "till") {
        i += 4;
    } else {
        return std::nullopt;
    }
    return skip_spaces(s, i);
}

std::optional<std::size_t> date_separator(std::string_view s) {
    const std::size_t i = skip_spaces(s, skip_marks(s, 0));
    if (i < s.size() && (s[i] == ':' || s[i] == '-')) return i + 1;
    if (s.substr(i, 3) == "\u2013" || s.substr(i, 3) == "\u2014") return i + 3;
    return std::nullopt;
}

}  // namespace incidentkit::clock_shapes
