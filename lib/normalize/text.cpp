// String helpers; see text.hpp.
#include "normalize/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace incidentkit::text {

std::string_view trim(std::string_view s) {
    // The six ASCII spaces of find_first_not_of(" \t\r\n\f\v"), tested directly: that call runs memchr over
    // the set for every character, and trim runs on nearly every line and cell.
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    std::size_t b = 0, e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && lower(a) == lower(b); }

bool contains_folded(std::string_view s, std::string_view needle) {
    if (needle.empty()) return true;
    if (s.size() < needle.size()) return false;
    const char first = needle[0];
    const char upper = first >= 'a' && first <= 'z' ? static_cast<char>(first - 'a' + 'A') : first;
    const std::size_t last = s.size() - needle.size();  // the last position a match can start at
    for (const char c : {first, upper}) {
        for (std::size_t at = s.find(c); at != std::string_view::npos && at <= last; at = s.find(c, at + 1)) {
            std::size_t j = 1;
            while (j < needle.size() && fold(s[at + j]) == needle[j]) ++j;
            if (j == needle.size()) return true;
        }
        if (upper == first) break;
    }
    return false;
}

WordStarts::WordStarts(std::string_view s, std::initializer_list<std::string_view> prefixes, std::size_t from)
    : s_(s), prefixes_(prefixes), from_(from) {
#if defined(__SSE2__)
    // The pair scan when every prefix opens with two lower-case letters; the memchr scan below is not set up then.
    pairs_ = prefixes.size() <= kMaxPairs;
    for (const auto p : prefixes) pairs_ = pairs_ && p.size() >= 2 && p[0] >= 'a' && p[0] <= 'z' && p[1] >= 'a' && p[1] <= 'z';
    if (pairs_) {
        for (const auto p : prefixes) {
            pair_[n_pairs_][0] = p[0];
            pair_[n_pairs_++][1] = p[1];
        }
        return;
    }
#endif
    for (const auto p : prefixes) {
        const char upper = p.empty() ? 0 : p[0] >= 'a' && p[0] <= 'z' ? static_cast<char>(p[0] - 'a' + 'A') : p[0];
        for (const char c : {p.empty() ? '\0' : p[0], upper}) {
            if (p.empty() || n_chars_ == kMaxChars) {
                scan_all_ = true;
                return;
            }
            if (std::find(chars_, chars_ + n_chars_, c) != chars_ + n_chars_) continue;
            chars_[n_chars_] = c;
            at_[n_chars_++] = s.find(c, from);
        }
    }
}

bool WordStarts::starts_here(std::size_t i) const {
    if (!word_char(s_[i]) || (i > 0 && word_char(s_[i - 1]))) return false;
    for (const auto p : prefixes_) {
        if (s_.size() - i < p.size()) continue;
        std::size_t j = 0;
        while (j < p.size() && fold(s_[i + j]) == p[j]) ++j;
        if (j == p.size()) return true;
    }
    return false;
}

// Byte | 0x20 is the ASCII lower case of a letter, and equals a lower-case letter only for that letter in either
// case: the comparison is fold()'s, for the pairs' letters.
std::size_t WordStarts::next_pair() {
#if defined(__SSE2__)
    // The pairs' letters as vectors, made once a call (a call runs over many blocks between two hits); the scan
    // state in locals, kept in the members only between calls.
    __m128i lead[kMaxPairs], second_of[kMaxPairs];
    for (std::size_t k = 0; k < n_pairs_; ++k) {
        lead[k] = _mm_set1_epi8(pair_[k][0]);
        second_of[k] = _mm_set1_epi8(pair_[k][1]);
    }
    const __m128i case_bit = _mm_set1_epi8(0x20);
    const char* const data = s_.data();
    const std::size_t size = s_.size();
    std::size_t block = block_;
    std::uint32_t mask = mask_;
    auto keep = [&](std::size_t result) {
        block_ = block;
        mask_ = mask;
        started_ = true;
        return result;
    };
    for (;;) {
        while (mask) {
            const auto b = static_cast<std::size_t>(__builtin_ctz(mask));
            mask &= mask - 1;
            if (starts_here(block + b)) return keep(block + b);
        }
        block = started_ ? block + 16 : from_;
        started_ = true;
        for (; block < size && size - block >= 17; block += 16) {
            const __m128i first = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + block)), case_bit);
            const __m128i second = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + block + 1)), case_bit);
            __m128i hit = _mm_and_si128(_mm_cmpeq_epi8(first, lead[0]), _mm_cmpeq_epi8(second, second_of[0]));
            for (std::size_t k = 1; k < n_pairs_; ++k) {
                hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(first, lead[k]), _mm_cmpeq_epi8(second, second_of[k])));
            }
            mask = static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
            if (mask) break;
        }
        if (mask) continue;
        if (block >= size) return keep(std::string_view::npos);
        // The last bytes, fewer than seventeen: one at a time.
        for (std::size_t i = block; i + 1 < size; ++i) {
            const char a = static_cast<char>(data[i] | 0x20), b = static_cast<char>(data[i + 1] | 0x20);
            for (std::size_t k = 0; k < n_pairs_; ++k) {
                if (a == pair_[k][0] && b == pair_[k][1]) mask |= 1u << (i - block);
            }
        }
        if (!mask) {
            block = size;  // done: the next call ends at once
            return keep(std::string_view::npos);
        }
    }
#else
    return std::string_view::npos;
#endif
}

std::size_t WordStarts::next() {
    if (pairs_) return next_pair();
    if (scan_all_) {
        while (from_ < s_.size()) {
            const std::size_t i = from_++;
            if (starts_here(i)) return i;
        }
        return std::string_view::npos;
    }
    for (;;) {
        std::size_t k = 0;
        for (std::size_t c = 1; c < n_chars_; ++c) {
            if (at_[c] < at_[k]) k = c;
        }
        const std::size_t i = n_chars_ ? at_[k] : std::string_view::npos;
        if (i == std::string_view::npos) return i;
        at_[k] = s_.find(chars_[k], i + 1);
        if (starts_here(i)) return i;
    }
}

namespace {

// Decodes one UTF-8 code point at s[i]; returns its length (1 for invalid bytes, which are kept as is).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
        cp = 0xFFFD;
        return 1;
    }
    cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc >> 6) != 2) {
            cp = 0xFFFD;
            return 1;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    return len;
}

bool is_dash(std::uint32_t cp) { return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212; }
bool is_space(std::uint32_t cp) { return cp == 0xA0 || cp == 0x202F || cp == 0x2007; }
bool is_symbol(std::uint32_t cp) {
    return (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D || cp == 0x2705 || cp == 0x274C;
}

}  // namespace

std::string fold_punctuation(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        // Every character folded is outside ASCII: a run of ASCII is copied whole (prose is mostly ASCII, and a
        // character at a time this was a twentieth of a batch's instructions).
        std::size_t run = i;
        for (std::uint64_t w; s.size() - run >= 8; run += 8) {  // eight bytes at a time while none is above 0x7F
            std::memcpy(&w, s.data() + run, 8);
            if (w & 0x8080808080808080ull) break;
        }
        while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80) ++run;
        if (run > i) {
            out.append(s.substr(i, run - i));
            i = run;
            continue;
        }
        std::uint32_t cp = 0;
        const auto n = decode(s, i, cp);
        if (is_dash(cp)) {
            out += '-';
        } else if (is_space(cp)) {
            out += ' ';
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::string strip_symbols(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t cp = 0;
        const auto n = decode(s, i, cp);
        if (!is_symbol(cp)) out.append(s.substr(i, n));
        i += n;
    }
    return out;
}

std::string key_form(std::string_view s) {
    // Headings and keys are nearly always ASCII: skip the Unicode folding passes then.
    bool ascii = true;
    for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    const std::string unicode = ascii ? std::string() : strip_symbols(fold_punctuation(s));
    const std::string_view in = ascii ? s : std::string_view(unicode);
    // Written in place (a push_back per character was a call each: it runs on every key and heading).
    std::string out(in.size(), '\0');
    std::size_t n = 0;
    for (char c : in) {
        if (c == ' ' || c == '-' || c == '_' || c == '\t') {
            if (n > 0 && out[n - 1] != ' ') out[n++] = ' ';
        } else {
            out[n++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
    }
    while (n > 0 && out[n - 1] == ' ') --n;
    out.resize(n);
    return out;
}

std::string snake_case(std::string_view s) {
    std::string out;
    for (char c : lower(s)) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
        if (alnum) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto nl = s.find('\n', start);
        if (nl == std::string_view::npos) {
            if (start < s.size()) out.push_back(s.substr(start));
            break;
        }
        auto line = s.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        start = nl + 1;
    }
    return out;
}

std::size_t utf8_length_at(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                            : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > text.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) >> 6) != 2) return 0;
    }
    if (len >= 3) {
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
            return 0;
        }
    }
    return len;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int month_number(std::string_view name) {
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    const std::string l = lower(name.substr(0, 3));
    for (int i = 0; i < 12; ++i) {
        if (l == months[i]) return i + 1;
    }
    return 0;
}

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace incidentkit::text
