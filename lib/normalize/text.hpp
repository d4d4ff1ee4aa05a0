// Small string helpers shared by normalizers and readers (ASCII case folding, trimming, Unicode dash folding).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace incidentkit::text {

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);  // ASCII only; other bytes are kept
bool iequals(std::string_view a, std::string_view b);
/// An ASCII letter, digit or '_': RE2's \w, whose edges are \b.
inline bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
/// RE2's \s: ' ', '\t', '\n', '\f', '\r' (the scanners that replace patterns match what the patterns matched).
inline bool regex_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
/// Eight bytes read as one word: nonzero exactly when one of them is `c` (the "has a zero byte" test on w ^ c).
inline std::uint64_t has_byte(std::uint64_t w, char c) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    const std::uint64_t x = w ^ (kOnes * static_cast<unsigned char>(c));
    return (x - kOnes) & ~x & kHigh;
}
/// Whether `s` holds an ASCII digit (find_first_of("0123456789") calls memchr once per byte of `s`).
inline bool has_digit(std::string_view s) {
    for (const char c : s) {
        if (c >= '0' && c <= '9') return true;
    }
    return false;
}
/// The value of `digits`, one to nine ASCII digits (a pattern's or scanner's \\d group): what std::stoi
/// gives for them, without the string and strtol it takes (three per clock time read).
inline int digits_value(std::string_view digits) {
    int v = 0;
    for (const char c : digits) v = v * 10 + (c - '0');
    return v;
}
/// ASCII lower case; other bytes are kept.
inline char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
/// Whether `s` holds `word` (lower-case) at `at`, ASCII letters in either case.
inline bool folded_at(std::string_view s, std::size_t at, std::string_view word) {
    if (at > s.size() || s.size() - at < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        if (fold(s[at + k]) != word[k]) return false;
    }
    return true;
}
/// The first position at or after `at` that is not RE2's \s (`at` itself when it is none).
inline std::size_t skip_regex_space(std::string_view s, std::size_t at) {
    while (at < s.size() && regex_space(s[at])) ++at;
    return at;
}
/// Whether `c` is a UTF-8 continuation byte: counting the bytes that are not counts a text's characters.
inline bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
/// Whether `s` holds `needle` (lower-case) with ASCII letters in either case. memchr finds the needle's first
/// letter, so give it a needle whose first letter is rare ("zone", not "time").
bool contains_folded(std::string_view s, std::string_view needle);

/// Replaces Unicode hyphens/dashes/minus (U+2010..U+2015, U+2212) with '-' and no-break spaces with ' ',
/// so "SEV‑1" and "2024‑03‑15" parse like their ASCII spellings.
std::string fold_punctuation(std::string_view s);

/// Drops emoji and other pictographs/symbols (U+2190.. arrows excluded) and variation selectors,
/// so "Resolved ✅" reads as "Resolved".
std::string strip_symbols(std::string_view s);

/// Lower-cases, folds punctuation and collapses runs of space, '-', '_' into one space: "Post-Mortem" -> "post mortem".
std::string key_form(std::string_view s);

/// "Users Affected" -> "users_affected".
std::string snake_case(std::string_view s);

std::vector<std::string_view> split_lines(std::string_view s);  // on \n, dropping a trailing \r

/// split_lines' lines one at a time, for a caller that walks them once: the line starting at `pos`, and `pos`
/// moved past its line end. Call while pos < s.size().
inline std::string_view next_line(std::string_view s, std::size_t& pos) {
    const std::size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) {  // the last line, as split_lines keeps it (a '\r' there stays)
        const std::string_view line = s.substr(pos);
        pos = s.size();
        return line;
    }
    std::string_view line = s.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

/// The length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no surrogates,
/// nothing past U+10FFFF), or 0 when the byte there starts none.
std::size_t utf8_length_at(std::string_view s, std::size_t i);

/// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

/// 1..12 for a month name or its first three letters ("Mar", "march"), else 0.
int month_number(std::string_view name);

/// Where, at or after `from`, a word of `s` begins (ASCII word characters) with one of `prefixes` (lower-case,
/// compared case-insensitively), one position after another in one pass. Lets a pattern that opens with such a
/// word be tried only where it can start. Where every prefix opens with two letters (and SSE2 is there) the
/// places those pairs stand are found sixteen bytes at a time; else memchr finds each prefix's first letter (in
/// either case). Either way a long text costs a fraction of an instruction per byte. The folding is ASCII: RE2's (?i) also folds 'k' and 's'
/// to U+212A and U+017F, so a prefix holding either would miss those spellings (none in use does).
/// `s` must outlive it.
class WordStarts {
public:
    WordStarts(std::string_view s, std::initializer_list<std::string_view> prefixes, std::size_t from = 0);
    std::size_t next();  // npos when there are no more

private:
    bool starts_here(std::size_t i) const;
    std::size_t next_pair();

    static constexpr std::size_t kMaxChars = 16;
    static constexpr std::size_t kMaxPairs = 4;
    std::string_view s_;
    std::vector<std::string_view> prefixes_;
    char chars_[kMaxChars] = {};        // the prefixes' first letters, in both cases
    std::size_t at_[kMaxChars] = {};    // where each occurs next
    std::size_t n_chars_ = 0;
    std::size_t from_ = 0;
    bool scan_all_ = false;  // an empty prefix or too many letters: every position is checked
    // With SSE2, when every prefix opens with two ASCII lower-case letters (at most kMaxPairs prefixes): the
    // places where such a pair stands, sixteen bytes at a time; mask_ holds those of the block at block_.
    bool pairs_ = false;
    char pair_[kMaxPairs][2] = {};
    std::size_t n_pairs_ = 0;
    std::size_t block_ = 0;
    bool started_ = false;
    std::uint32_t mask_ = 0;
};

/// A key as one JSON pointer token (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);

}  // namespace incidentkit::text
