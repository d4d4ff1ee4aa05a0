// RE2 anchored matches with groups that let the DFA decide first (rx::consume, rx::full_match).
//
// Why: RE2 answers an anchored match with groups (RE2::Consume, RE2::FullMatch with arguments) without its DFA,
// by running the backtracker over the whole text, and most texts they are tried on do not match. Here the
// DFA says whether and where the match is, and the groups are read over that match only. The groups are those
// RE2 gives: the leftmost-first parse is the highest-priority parse that can match at all, so it is also the
// highest-priority parse that ends where it ends (tests/unit/test_regex.cpp holds them to RE2's answers).
#pragma once

#include <re2/re2.h>

#include <string>

namespace incidentkit::rx {

namespace detail {

inline void assign(std::string& out, const re2::StringPiece& g) {
    if (g.data() == nullptr) {
        out.clear();  // a group that took no part, which RE2 gives as ""
    } else {
        out.assign(g.data(), g.size());
    }
}
inline void assign(re2::StringPiece& out, const re2::StringPiece& g) { out = g; }

// Groups 1..n of a match of `re` that starts at the start of `text` and ends `length` bytes later.
template <class... Out>
void read_groups(const RE2& re, const re2::StringPiece& text, std::size_t length, Out*... out) {
    constexpr int n = 1 + static_cast<int>(sizeof...(Out));
    re2::StringPiece g[n];
    re.Match(text, 0, length, RE2::ANCHOR_BOTH, g, n);
    int i = 1;
    (assign(*out, g[i++]), ...);
}

}  // namespace detail

/// RE2::Consume(in, re, out...) for std::string and re2::StringPiece groups.
template <class... Out>
bool consume(re2::StringPiece* in, const RE2& re, Out*... out) {
    if (re.NumberOfCapturingGroups() < static_cast<int>(sizeof...(Out))) return false;  // as RE2 answers
    re2::StringPiece whole;
    if (!re.Match(*in, 0, in->size(), RE2::ANCHOR_START, &whole, 1)) return false;
    if constexpr (sizeof...(Out) > 0) detail::read_groups(re, *in, whole.size(), out...);
    in->remove_prefix(whole.size());
    return true;
}

/// RE2::FullMatch(text, re, out...) for std::string and re2::StringPiece groups.
template <class... Out>
bool full_match(const re2::StringPiece& text, const RE2& re, Out*... out) {
    if (re.NumberOfCapturingGroups() < static_cast<int>(sizeof...(Out))) return false;
    if (!re.Match(text, 0, text.size(), RE2::ANCHOR_BOTH, nullptr, 0)) return false;
    if constexpr (sizeof...(Out) > 0) detail::read_groups(re, text, text.size(), out...);
    return true;
}

}  // namespace incidentkit::rx
