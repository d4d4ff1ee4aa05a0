// find_metric_number: the metric pattern's groups by hand (tests/unit/test_readers.cpp holds it to the pattern).
#include "extract/metric_number.hpp"

#include "normalize/text.hpp"

namespace incidentkit {
namespace {

bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::size_t blanks_from(std::string_view v, std::size_t at) { return text::skip_regex_space(v, at); }

// `word` (lower case) at `at`, ASCII letters in either case: its length, or 0.
std::size_t folded_length(std::string_view v, std::size_t at, std::string_view word) {
    return text::folded_at(v, at, word) ? word.size() : 0;
}

// The length of the currency sign at `at`, or 0.
std::size_t currency_at(std::string_view v, std::size_t at) {
    const std::string_view rest = v.substr(at);
    if (!rest.empty() && rest[0] == '$') return 1;
    for (const std::string_view sign : {"\u20AC", "\u00A3", "\u00A5"}) {
        if (rest.substr(0, sign.size()) == sign) return sign.size();
    }
    return 0;
}

}  // namespace

std::optional<MetricNumber> find_metric_number(std::string_view v) {
    std::size_t digit = 0;
    while (digit < v.size() && !ascii_digit(v[digit])) ++digit;
    if (digit == v.size()) return std::nullopt;
    // The approximation words in the pattern's order ("approx(?:imately|\.)?" is its three spellings, longest
    // first, as the greedy group tries them).
    static constexpr std::string_view approx_words[] = {
        "~", "\u2248", "approximately", "approx.", "approx", "about", "around", "roughly", "estimated", "est.",
        "nearly", "almost", "an estimated", "up to", "over", "more than", "less than", "under", ">", "<"};
    MetricNumber out;
    // The leftmost start from which "word? \s* sign? \s*" reaches the first digit (the number must start there:
    // what comes before it holds none); at each start the words in order, then none.
    bool found = false;
    for (std::size_t start = 0; start <= digit && !found; ++start) {
        for (std::size_t w = 0; w <= std::size(approx_words) && !found; ++w) {
            const std::size_t len = w < std::size(approx_words) ? folded_length(v, start, approx_words[w]) : 0;
            if (w < std::size(approx_words) && len == 0) continue;
            std::size_t at = blanks_from(v, start + len);
            const std::size_t sign = currency_at(v, at);
            const std::size_t sign_at = at;
            at = blanks_from(v, at + sign);
            if (at != digit) continue;
            out.approx = v.substr(start, len);
            out.currency = v.substr(sign_at, sign);
            found = true;
        }
    }
    std::size_t at = digit;
    while (at < v.size() && (ascii_digit(v[at]) || v[at] == ',')) ++at;
    if (at + 1 < v.size() && v[at] == '.' && ascii_digit(v[at + 1])) {
        ++at;
        while (at < v.size() && ascii_digit(v[at])) ++at;
    }
    out.number = v.substr(digit, at - digit);
    at = blanks_from(v, at);
    auto word_end = [&](std::size_t e) { return e == v.size() || !text::word_char(v[e]); };  // RE2's \b after a letter
    std::size_t scale = 0;
    if (at < v.size() && v[at] == '%') {
        scale = 1;
    } else {
        for (const std::string_view s : {"k", "m", "million", "thousand"}) {
            const std::size_t len = folded_length(v, at, s);
            if (len && word_end(at + len)) {
                scale = len;
                break;
            }
        }
    }
    out.scale = v.substr(at, scale);
    at = blanks_from(v, at + scale);
    std::size_t unit_end = at;
    while (unit_end < v.size() && ascii_letter(v[unit_end])) ++unit_end;
    out.unit = v.substr(at, unit_end - at);
    return out;
}

}  // namespace incidentkit
