// The incident's day (`date`): which of the dates a report states is the day the incident began, and the
// start and end a sentence such as "On 4th March, checkout was down from 09:10 to 10:40 UTC" gives.
#include "extract/incident_day.hpp"

#include <re2/re2.h>

#include <string_view>
#include <vector>

#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

std::optional<Date> checked(int y, int m, int d) {
    if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return std::nullopt;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > days[m - 1]) return std::nullopt;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return std::nullopt;
    return Date{y, m, d};
}

constexpr const char* kMonth =
    "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
    "Nov(?:ember)?|Dec(?:ember)?)\\.?";
constexpr const char* kWeekday = "(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+(?:the\\s+)?)?";
// A year as written after a day: ", 2024", " 2024", " '24" (with a straight or curly apostrophe).
constexpr const char* kYear = "(?:,?\\s+(?:(\\d{4})|(?:'|\u2019)(\\d{2})))?";

int year_of(const std::string& four, const std::string& two, std::optional<int> fallback) {
    if (!four.empty()) return std::stoi(four);
    if (!two.empty()) return 2000 + std::stoi(two);
    return fallback.value_or(0);
}

// Where the patterns below can start: every one opens with "on", or "between"/"from", as a whole word
// (case-insensitive) followed by blank space. One pass finds those places and the patterns are tried anchored
// there only (RE2 still sees the text before, for \\b): a scan of the summary and the body's first 4000 bytes
// per pattern was a tenth of a report's instructions.
struct LeadWords {
    std::vector<std::size_t> on, span;
};

LeadWords lead_words(std::string_view s) {
    const auto space = text::regex_space;
    // The word at i is w (folded to lower case; WordStarts matched its start) and blank space follows.
    auto is = [&](std::size_t i, std::string_view w) {
        if (s.size() - i <= w.size() || !space(s[i + w.size()])) return false;
        for (std::size_t k = 0; k < w.size(); ++k) {
            if ((s[i + k] | 0x20) != w[k]) return false;
        }
        return true;
    };
    // What follows the blank space must be able to start a date: a digit, or a weekday's or month's first
    // three letters ("on the way" starts none; every pattern below needs one of them there).
    auto date_follows = [&](std::size_t at) {
        while (at < s.size() && space(s[at])) ++at;
        if (at < s.size() && s[at] >= '0' && s[at] <= '9') return true;
        if (s.size() - at < 3) return false;
        const char w[3] = {static_cast<char>(s[at] | 0x20), static_cast<char>(s[at + 1] | 0x20),
                           static_cast<char>(s[at + 2] | 0x20)};
        for (const char* name : {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may",
                                 "jun", "jul", "aug", "sep", "oct", "nov", "dec"}) {
            if (w[0] == name[0] && w[1] == name[1] && w[2] == name[2]) return true;
        }
        return false;
    };
    LeadWords out;
    text::WordStarts starts(s, {"on", "between", "from"});
    for (auto i = starts.next(); i != std::string_view::npos; i = starts.next()) {
        if (is(i, "on") && date_follows(i + 2)) out.on.push_back(i);
        if ((is(i, "between") && date_follows(i + 7)) || (is(i, "from") && date_follows(i + 4))) out.span.push_back(i);
    }
    return out;
}

// The leftmost match of `re` that starts at one of `starts`.
bool match_at(const RE2& re, std::string_view s, const std::vector<std::size_t>& starts, re2::StringPiece* groups,
              int n) {
    const re2::StringPiece all(s.data(), s.size());
    for (const auto at : starts) {
        if (rx::match(re, all, at, s.size(), RE2::ANCHOR_START, groups, n)) return true;
    }
    return false;
}

}  // namespace

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The path scanners below stand for the patterns they replace on ASCII names only: [^0-9] is a UTF-8 character
// class, which a stray byte >= 0x80 does not match, so such a name is still read by the pattern.
bool ascii(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}
// "19dd" or "20dd" at i, with no digit before it: (?:^|[^0-9])((?:19|20)\d{2}) there.
bool year_starts(std::string_view b, std::size_t i) {
    return i + 4 <= b.size() && (i == 0 || !is_digit(b[i - 1])) &&
           ((b[i] == '1' && b[i + 1] == '9') || (b[i] == '2' && b[i + 1] == '0')) && is_digit(b[i + 2]) && is_digit(b[i + 3]);
}
bool digit_free_end(std::string_view b, std::size_t i) { return i == b.size() || !is_digit(b[i]); }

std::string_view base_name(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return path.substr(slash == std::string_view::npos ? 0 : slash + 1);
}

}  // namespace

std::optional<int> year_in_path(std::string_view path) {
    const std::string_view base = base_name(path);
    if (!ascii(base)) {
        static const RE2 year{"(?:^|[^0-9])((?:19|20)\\d{2})(?:[^0-9]|$)"};
        std::string y;
        if (RE2::PartialMatch(re2::StringPiece(base.data(), base.size()), year, &y)) return std::stoi(y);
        return std::nullopt;
    }
    for (std::size_t i = 0; i + 4 <= base.size(); ++i) {
        if (year_starts(base, i) && digit_free_end(base, i + 4)) return text::digits_value(base.substr(i, 4));
    }
    return std::nullopt;
}

std::optional<Date> date_in_path(std::string_view path) {
    const std::string_view base = base_name(path);
    // Only a four-digit year first (2024-03-05, 2024_03_05, 20240305): "11-11-23" says too little.
    if (!ascii(base)) {
        static const RE2 iso{"(?:^|[^0-9])((?:19|20)\\d{2})[-_.]?(\\d{2})[-_.]?(\\d{2})(?:[^0-9]|$)"};
        std::string y, m, d;
        if (RE2::PartialMatch(re2::StringPiece(base.data(), base.size()), iso, &y, &m, &d)) {
            return checked(std::stoi(y), std::stoi(m), std::stoi(d));
        }
        return std::nullopt;
    }
    auto sep = [](char c) { return c == '-' || c == '_' || c == '.'; };
    // Two digits at k, after an optional separator (taken when there: a separator is no digit); their end or 0.
    auto pair_at = [&](std::size_t k) -> std::size_t {
        if (k < base.size() && sep(base[k])) ++k;
        return k + 2 <= base.size() && is_digit(base[k]) && is_digit(base[k + 1]) ? k + 2 : 0;
    };
    for (std::size_t i = 0; i + 4 <= base.size(); ++i) {
        if (!year_starts(base, i)) continue;
        const std::size_t month_end = pair_at(i + 4);
        const std::size_t day_end = month_end ? pair_at(month_end) : 0;
        if (!day_end || !digit_free_end(base, day_end)) continue;
        return checked(text::digits_value(base.substr(i, 4)), text::digits_value(base.substr(month_end - 2, 2)),
                       text::digits_value(base.substr(day_end - 2, 2)));
    }
    return std::nullopt;
}

std::optional<SentenceDate> sentence_date(std::string_view text, std::optional<int> default_year) {
    const std::string s = text::fold_punctuation(text);
    const LeadWords lead = lead_words(s);
    // "On 4th March", "On Wednesday, July 21st, 2021", "On November 5th '24", "On 2023-02-28", "on the 3rd of May".
    static const RE2 day_first{std::string("(?i)\\bon\\s+") + kWeekday + "(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" +
                               kMonth + kYear + "\\b"};
    static const RE2 month_first{std::string("(?i)\\bon\\s+") + kWeekday + kMonth + "\\s+(\\d{1,2})(?:st|nd|rd|th)?" +
                                 kYear + "\\b"};
    static const RE2 iso{"(?i)\\bon\\s+(\\d{4})-(\\d{2})-(\\d{2})\\b"};
    // The date must open its sentence ("On 4th March, ..."), or follow a lead that times the incident
    // ("Between 09:10 and 10:40 UTC on 4th March"): "we deployed a fix on 2021-09-30" is a later event.
    auto opens_sentence = [&](std::size_t at) {
        std::size_t start = 0;
        for (const char* stop : {". ", "! ", "? ", "\n", ": "}) {
            const auto k = s.rfind(stop, at);
            if (k != std::string::npos && k + std::string_view(stop).size() > start) start = k + std::string_view(stop).size();
        }
        const std::string_view lead = text::trim(std::string_view(s).substr(start, at - start));
        if (lead.empty()) return true;
        static const RE2 timing{"(?i)(?:between|from|at|starting|beginning|around|shortly|early|late|earlier)\\b[^.]{0,80}"};
        return RE2::FullMatch(re2::StringPiece(lead.data(), lead.size()), timing);
    };
    // "Between July 9 and July 16, 2023, ...": a span opening its sentence begins on its first day (the year
    // from the second date when the first has none).
    {
        static const RE2 span_mf{std::string("(?i)\\b(?:between|from)\\s+") + kWeekday + kMonth + "\\s+(\\d{1,2})(?:st|nd|rd|th)?" + kYear +
                                 "\\s+(?:and|to|until|through|-)\\s+" + kWeekday + "(?:" + kMonth + "\\s+)?(\\d{1,2})(?:st|nd|rd|th)?" + kYear + "\\b"};
        static const RE2 span_iso{"(?i)\\b(?:between|from)\\s+(\\d{4})-(\\d{2})-(\\d{2})\\b[^.\\n]{0,12}?\\s(?:and|to|until|through)\\s+\\d{4}-\\d{2}-\\d{2}\\b"};
        re2::StringPiece g[10];
        std::optional<Date> sd;
        std::size_t sat = 0;
        if (match_at(span_mf, s, lead.span, g, 10)) {
            auto gs = [&](int i) { return std::string(g[i].data(), g[i].size()); };
            std::optional<int> y2 = year_of(gs(7), gs(8), default_year);
            sd = checked(year_of(gs(3), gs(4), y2), text::month_number(gs(1)), std::stoi(gs(2)));
            sat = static_cast<std::size_t>(g[0].data() - s.data());
        } else if (match_at(span_iso, s, lead.span, g, 4)) {
            auto gs = [&](int i) { return std::string(g[i].data(), g[i].size()); };
            sd = checked(std::stoi(gs(1)), std::stoi(gs(2)), std::stoi(gs(3)));
            sat = static_cast<std::size_t>(g[0].data() - s.data());
        }
        if (sd) {
            std::size_t start = 0;
            for (const char* stop : {". ", "! ", "? ", "\n", ": "}) {
                const auto k = s.rfind(stop, sat);
                if (k != std::string::npos && k + std::string_view(stop).size() > start) start = k + std::string_view(stop).size();
            }
            if (text::trim(std::string_view(s).substr(start, sat - start)).empty()) {
                SentenceDate out;
                out.date = *sd;
                std::size_t end = s.find(". ", sat);
                if (end == std::string::npos || end - sat > 300) end = std::min(s.size(), sat + 300);
                out.sentence = s.substr(sat, end - sat);
                return out;
            }
        }
    }
    re2::StringPiece m[6];
    std::optional<Date> d;
    std::size_t at = 0, len = 0;
    auto str = [&](int i) { return std::string(m[i].data(), m[i].size()); };
    const re2::StringPiece all(s);
    // The earliest match of the three forms, each of which opens with "on".
    std::size_t pos = 0;  // the next match starts past the last one
    for (const auto here : lead.on) {
        if (d) break;
        if (here < pos) continue;
        int form = -1;
        const RE2* forms[] = {&day_first, &month_first, &iso};
        for (int f = 0; f < 3 && form < 0; ++f) {
            if (rx::match(*forms[f], all, here, s.size(), RE2::ANCHOR_START, m, f == 2 ? 4 : 5)) form = f;
        }
        if (form < 0) continue;
        pos = here + m[0].size();
        if (!opens_sentence(here)) continue;
        if (form == 0) d = checked(year_of(str(3), str(4), default_year), text::month_number(str(2)), std::stoi(str(1)));
        if (form == 1) d = checked(year_of(str(3), str(4), default_year), text::month_number(str(1)), std::stoi(str(2)));
        if (form == 2) d = checked(std::stoi(str(1)), std::stoi(str(2)), std::stoi(str(3)));
    }
    if (!d) return std::nullopt;
    at = static_cast<std::size_t>(m[0].data() - s.data());
    len = m[0].size();
    SentenceDate out;
    out.date = *d;
    // The sentence the date opens: up to its full stop (or 300 bytes).
    std::size_t end = s.find(". ", at);
    if (end == std::string::npos || end - at > 300) end = std::min(s.size(), at + 300);
    out.sentence = s.substr(at, end - at);
    // "from 09:10 to 10:40 UTC", "between 14:00 and 15:30 UTC", "at approximately 01:55 UTC".
    static const RE2 range{
        "(?i)\\b(?:from|between)\\s+(\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?)\\s*(?:([A-Za-z]{2,5})\\s+)?(?:to|until|and|-|\u2013)"
        "\\s+(\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?)\\s*(UTC|GMT|[A-Z]{2,4}T|[A-Z]{3})?\\b"};
    static const RE2 single{
        "(?i)\\bat\\s+(?:approximately\\s+|about\\s+|around\\s+|roughly\\s+)?(\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?)\\s*"
        "(UTC|GMT|[A-Z]{2,4}T|[A-Z]{3})?\\b"};
    const re2::StringPiece rest(out.sentence);
    std::string a, zone_a, b, zone_b;
    auto clock = [](const std::string& t, const std::string& zone) -> std::optional<ClockTime> {
        std::string v = t;
        for (auto& c : v) {
            if (c == '.') c = ':';
        }
        auto c = parse_clock(zone.empty() ? v : v + " " + zone);
        if (!c && !zone.empty()) c = parse_clock(v);
        return c;
    };
    if (RE2::PartialMatch(rest, range, &a, &zone_a, &b, &zone_b)) {
        const std::string zone = zone_b.empty() ? zone_a : zone_b;
        out.start = clock(a, zone);
        out.end = clock(b, zone);
    } else if (RE2::PartialMatch(rest, single, &a, &zone_a)) {
        out.start = clock(a, zone_a);
    }
    (void)len;
    return out;
}

}  // namespace incidentkit
