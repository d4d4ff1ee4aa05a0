// Inline markup spans found without a regex; see markup_spans.hpp for the pattern each one equals.
#include "extract/markup_spans.hpp"

#include <algorithm>
#include <string_view>

#include "normalize/text.hpp"

namespace incidentkit::md {
namespace {

constexpr auto npos = std::string::npos;

// What a candidate start gives: a match [at, end) and its replacement, or none and where the next candidate may
// start (npos when no later one can match, so the pass stays linear).
struct Found {
    std::size_t end = npos;
    std::string_view with;
    std::size_t resume = npos;
};

Found none(std::size_t resume = npos) {
    Found f;
    f.resume = resume;
    return f;
}

Found match(std::size_t end, std::string_view with) {
    Found f;
    f.end = end;
    f.with = with;
    return f;
}

// next(text, from) gives the next candidate start at or after `from` (npos for none).
template <class Next, class MatchAt>
void rewrite_at(std::string& text, Next next, MatchAt match_at) {
    std::size_t at = next(std::string_view(text), 0);
    if (at == npos) return;
    std::string out;
    std::size_t copied = 0;
    bool any = false;
    while (at != npos) {
        const Found f = match_at(std::string_view(text), at);
        if (f.end == npos) {
            at = f.resume == npos ? npos : next(std::string_view(text), f.resume);
            continue;
        }
        if (!any) out.reserve(text.size());
        any = true;
        out.append(text, copied, at - copied);
        out.append(f.with);
        copied = f.end;
        at = next(std::string_view(text), f.end);
    }
    if (!any) return;
    out.append(text, copied, npos);
    text = std::move(out);
}

template <class MatchAt>
void rewrite(std::string& text, std::string_view opener, MatchAt match_at) {
    rewrite_at(text, [opener](std::string_view s, std::size_t from) { return s.find(opener, from); }, match_at);
}

// "[...](...)" from the '[' at `open`: the first ']' ends the text (no later '[' before it can end elsewhere),
// and it must be followed by '(' and, somewhere, a ')'.
Found bracket_then_paren(std::string_view s, std::size_t open, std::string_view with, bool keep_text) {
    const std::size_t close = s.find(']', open + 1);
    if (close == npos) return none();
    if (close + 1 >= s.size() || s[close + 1] != '(') return none(close);
    const std::size_t paren = s.find(')', close + 2);
    if (paren == npos) return none();
    return match(paren + 1, keep_text ? s.substr(open + 1, close - open - 1) : with);
}

// string_view::find_first_of runs memchr over the set for every character; two characters are tested directly.
std::size_t find_either(std::string_view s, char a, char b, std::size_t from) {
    for (std::size_t i = from; i < s.size(); ++i) {
        if (s[i] == a || s[i] == b) return i;
    }
    return npos;
}

bool blank(char c) { return text::regex_space(c); }

// `opener`, then 1+ characters that are not `stop` or a line break, then `stop` (inline code, tags).
Found delimited(std::string_view s, std::size_t at, char stop, std::size_t min_inner, std::string_view with) {
    const std::size_t end = find_either(s, stop, '\n', at + 1);
    if (end == npos) return none();
    if (s[end] != stop || end - at - 1 < min_inner) return none(end);
    return match(end + 1, with);
}

using text::utf8_continuation;

}  // namespace

void drop_fenced_code(std::string& text) {
    // The first "```" or "~~~" opens; the first same three after it close, else the text's end does.
    // Each kind's next opener is remembered: searching both anew after every match would rescan the text.
    std::size_t ticks = 0, tildes = 0;
    bool ticks_known = false, tildes_known = false;
    auto next = [&](std::string_view s, std::size_t from) {
        if (!ticks_known || (ticks != npos && ticks < from)) ticks = s.find("```", from), ticks_known = true;
        if (!tildes_known || (tildes != npos && tildes < from)) tildes = s.find("~~~", from), tildes_known = true;
        return std::min(ticks, tildes);
    };
    rewrite_at(text, next, [](std::string_view s, std::size_t at) {
        const std::size_t close = s.find(s.substr(at, 3), at + 3);
        return match(close == npos ? s.size() : close + 3, "\n");
    });
}

void drop_comments(std::string& text) {
    rewrite(text, "<!--", [](std::string_view s, std::size_t at) {
        const std::size_t close = s.find("-->", at + 4);
        return close == npos ? none() : match(close + 3, " ");  // no later comment closes either
    });
}

void drop_instruction_lines(std::string& text) {
    // A candidate is a line that opens with '*' and a capital.
    auto next = [](std::string_view s, std::size_t from) {
        for (std::size_t at = from; at < s.size(); ++at) {
            if (at > 0 && s[at - 1] != '\n') {
                at = s.find('\n', at);
                if (at == npos) return npos;
                continue;  // the loop's ++ steps past the line break
            }
            if (s[at] == '*' && at + 1 < s.size() && s[at + 1] >= 'A' && s[at + 1] <= 'Z') return at;
        }
        return npos;
    };
    rewrite_at(text, next, [](std::string_view s, std::size_t at) {
        const std::size_t close = find_either(s, '*', '\n', at + 2);
        if (close == npos || s[close] != '*') return none(close == npos ? npos : close);
        std::size_t chars = 0;
        for (std::size_t i = at + 2; i < close; ++i) chars += !utf8_continuation(s[i]);
        if (chars < 10) return none(close);
        // `\s*$`: blank space after the '*', up to the last line break in it (the text's end when it runs there);
        // a line with more after the '*' is no match.
        std::size_t end = close + 1, last_break = npos;
        while (end < s.size() && blank(s[end])) {
            if (s[end] == '\n') last_break = end;
            ++end;
        }
        if (end == s.size()) return match(end, "");
        if (last_break != npos) return match(last_break, "");
        return none(close);
    });
}

void drop_images(std::string& text) {
    rewrite(text, "![", [](std::string_view s, std::size_t at) { return bracket_then_paren(s, at + 1, " ", false); });
}

void unwrap_links(std::string& text) {
    rewrite(text, "[", [](std::string_view s, std::size_t at) { return bracket_then_paren(s, at, "", true); });
}

void drop_urls(std::string& text) {
    rewrite(text, "http", [](std::string_view s, std::size_t at) -> Found {
        std::size_t p = at + 4;
        if (p < s.size() && s[p] == 's') ++p;
        if (s.compare(p, 3, "://") != 0) return none(at + 1);
        std::size_t end = p + 3;
        while (end < s.size() && !blank(s[end])) ++end;
        if (end == p + 3) return none(at + 1);
        return match(end, " ");
    });
}

void mark_inline_code(std::string& text) {
    rewrite(text, "`", [](std::string_view s, std::size_t at) { return delimited(s, at, '`', 0, " CODE "); });
}

void drop_tags(std::string& text) {
    rewrite(text, "<", [](std::string_view s, std::size_t at) { return delimited(s, at, '>', 1, " "); });
}

}  // namespace incidentkit::md
