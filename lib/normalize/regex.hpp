// RE2 anchored matches with groups that let the DFA decide first (rx::match, rx::consume, rx::full_match).
//
// Why: RE2 answers an anchored match with groups (RE2::Consume, RE2::FullMatch with arguments, Match with
// ANCHOR_START or ANCHOR_BOTH and groups) without its DFA, by running the backtracker over all the text from
// the start position, and most texts they are tried on do not match. Here the
// DFA says whether and where the match is, and the groups are read over that match only. The groups are those
// RE2 gives: the leftmost-first parse is the highest-priority parse that can match at all, so it is also the
// highest-priority parse that ends where it ends (tests/unit/test_regex.cpp holds them to RE2's answers).
#pragma once

#include <re2/re2.h>

#include <string>
#include <string_view>

namespace incidentkit::rx {

/// re.Match(text, startpos, endpos, anchor, groups, n): the same answer and groups, the DFA first.
inline bool match(const RE2& re, const re2::StringPiece& text, std::size_t startpos, std::size_t endpos,
                  RE2::Anchor anchor, re2::StringPiece* groups, int n) {
    if (n <= 1 || anchor == RE2::UNANCHORED) return re.Match(text, startpos, endpos, anchor, groups, n);  // RE2 does
    re2::StringPiece whole;
    if (!re.Match(text, startpos, endpos, anchor, &whole, 1)) return false;
    return re.Match(text, startpos, startpos + whole.size(), RE2::ANCHOR_BOTH, groups, n);
}

namespace detail {

inline void assign(std::string& out, const re2::StringPiece& g) {
    if (g.data() == nullptr) {
        out.clear();  // a group that took no part, which RE2 gives as ""
    } else {
        out.assign(g.data(), g.size());
    }
}
inline void assign(re2::StringPiece& out, const re2::StringPiece& g) { out = g; }

template <class... Out>
bool match_into(const RE2& re, const re2::StringPiece& text, RE2::Anchor anchor, std::size_t& length, Out*... out) {
    constexpr int n = 1 + static_cast<int>(sizeof...(Out));
    if (re.NumberOfCapturingGroups() < n - 1) return false;  // as RE2 answers
    re2::StringPiece g[n];
    if (!match(re, text, 0, text.size(), anchor, g, n)) return false;
    length = g[0].size();
    int i = 1;
    (assign(*out, g[i++]), ...);
    return true;
}

}  // namespace detail

/// RE2::Consume(in, re, out...) for std::string and re2::StringPiece groups.
template <class... Out>
bool consume(re2::StringPiece* in, const RE2& re, Out*... out) {
    std::size_t length = 0;
    if (!detail::match_into(re, *in, RE2::ANCHOR_START, length, out...)) return false;
    in->remove_prefix(length);
    return true;
}

/// RE2::FullMatch(text, re, out...) for std::string and re2::StringPiece groups.
template <class... Out>
bool full_match(const re2::StringPiece& text, const RE2& re, Out*... out) {
    std::size_t length = 0;
    return detail::match_into(re, text, RE2::ANCHOR_BOTH, length, out...);
}

/// `pattern` with each long bounded repetition of a character class ("[^.\n]{0,60}?", n >= 10) left unbounded
/// ("[^.\n]{0,}?"): a pattern that matches wherever `pattern` does, for a prefilter such as an RE2::Set whose
/// hits are run through the pattern itself. Each bounded copy of a UTF-8 class is a dozen instructions of
/// program. Other repetitions keep their bounds: unbounded words ("(?:\w+\s+){0,3}" as "{0,}") keep a
/// thread alive at every word, and the DFA then builds far more states than the copies cost to compile.
inline std::string loosen_class_repeats(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size());
    auto digits_from = [&](std::size_t k) {
        while (k < pattern.size() && pattern[k] >= '0' && pattern[k] <= '9') ++k;
        return k;
    };
    // Only a repetition right after a class's closing ']' is touched: braces inside a class ("[]{0,60}]",
    // "[[:alpha:]{0,10}]") or quoted text ("\Qa]{0,10}\E") are literal and copied as they are.
    bool in_class = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        out += c;
        if (c == '\\' && i + 1 < pattern.size()) {
            if (!in_class && pattern[i + 1] == 'Q') {  // \Q...\E: everything up to \E is literal
                const std::size_t end = pattern.find("\\E", i + 2);
                const std::size_t stop = end == std::string_view::npos ? pattern.size() : end + 2;
                out.append(pattern.substr(i + 1, stop - (i + 1)));
                i = stop - 1;
            } else {
                out += pattern[++i];  // an escaped character is no quantifier and closes no class
            }
            continue;
        }
        if (!in_class) {
            if (c == '[') {
                in_class = true;
                // A ']' right after "[" or "[^" is a member, not the end.
                if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
                if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
            }
            continue;
        }
        if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {  // [:alpha:] inside a class
            const std::size_t end = pattern.find(":]", i + 2);
            if (end != std::string_view::npos) {
                out.append(pattern.substr(i + 1, end + 2 - (i + 1)));
                i = end + 1;
            }
            continue;
        }
        if (c != ']') continue;
        in_class = false;
        if (i + 1 >= pattern.size() || pattern[i + 1] != '{') continue;
        const std::size_t comma = digits_from(i + 2);
        if (comma == i + 2 || comma >= pattern.size() || pattern[comma] != ',') continue;
        const std::size_t close = digits_from(comma + 1);
        if (close >= pattern.size() || pattern[close] != '}' || close - (comma + 1) < 2) continue;
        out.append(pattern.substr(i + 1, comma + 1 - (i + 1)));  // "{m,"
        out += '}';
        i = close;
    }
    return out;
}

}  // namespace incidentkit::rx
