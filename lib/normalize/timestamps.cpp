// Dates, clock times and zones as people write them, converted to UTC with the system tz database.
#include <array>
#include <chrono>
#include <map>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>
#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

int month_from_name(std::string_view name) {
    const std::string l = text::lower(name);
    if (l.size() < 3) return 0;
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (l.compare(0, 3, kMonths[i]) == 0) return static_cast<int>(i) + 1;
    }
    return 0;
}

std::optional<Date> valid(int y, int m, int d) {
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                   date::day{static_cast<unsigned>(d)}};
    if (y < 1900 || y > 2200 || !ymd.ok()) return std::nullopt;
    return Date{y, m, d};
}

// Date patterns, tried in order; each has the groups its builder below expects.
constexpr const char* kMonthName =
    "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
    "Nov(?:ember)?|Dec(?:ember)?)\\.?";
const std::string kWeekday = "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?";

struct DatePatterns {
    RE2 iso{"(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})"};
    RE2 month_first{"(?i)" + kWeekday + kMonthName + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})"};
    RE2 day_first{"(?i)" + kWeekday + "(\\d{1,2})(?:st|nd|rd|th)?\\s+" + kMonthName + ",?\\s+(\\d{4})"};
    RE2 us_slash{"(\\d{1,2})/(\\d{1,2})/(\\d{4})"};
    RE2 eu_dot{"(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})"};
};

const DatePatterns& date_patterns() {
    static const DatePatterns p;
    return p;
}

// The usual whole date, ASCII "2024-03-05" (or with '/' or '.'), read without a regex: what the iso pattern's
// full match gives (the folding leaves ASCII as it is, and no later pattern can match a text of this shape).
// nullopt when the text has another shape.
std::optional<std::optional<Date>> ascii_iso_date(std::string_view s) {
    auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    auto sep = [&](std::size_t i) { return i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.'); };
    auto number = [&](std::size_t& i, std::size_t max_digits) {
        int v = 0;
        std::size_t n = 0;
        for (; n < max_digits && digit(i); ++n, ++i) v = v * 10 + (s[i] - '0');
        return n ? v : -1;
    };
    std::size_t i = 0;
    const int y = number(i, 4);
    if (i != 4 || !sep(i)) return std::nullopt;
    ++i;
    const int m = number(i, 2);
    if (m < 0 || !sep(i)) return std::nullopt;
    ++i;
    const int d = number(i, 2);
    if (d < 0 || i != s.size()) return std::nullopt;
    return valid(y, m, d);
}

// Tries each pattern anchored (whole) or unanchored (find); returns the date and where it matched.
std::optional<Date> match_date(std::string_view input, RE2::Anchor anchor) {
    if (anchor == RE2::ANCHOR_BOTH) {
        if (const auto iso = ascii_iso_date(input)) return *iso;
    }
    // Every pattern holds a four-digit year: without four digits in a row there is nothing to try (most texts
    // this runs on are headings and table cells without a date).
    std::size_t run_of_digits = 0;
    for (const char c : input) {
        run_of_digits = c >= '0' && c <= '9' ? run_of_digits + 1 : 0;
        if (run_of_digits == 4) break;
    }
    if (run_of_digits < 4) return std::nullopt;
    const auto& p = date_patterns();
    const std::string s = text::fold_punctuation(input);
    const re2::StringPiece sp(s);
    auto run = [&](const RE2& re, auto&& build) -> std::optional<Date> {
        re2::StringPiece g[4];
        if (anchor == RE2::ANCHOR_BOTH) {
            if (!rx::match(re, sp, 0, sp.size(), RE2::ANCHOR_BOTH, g, 4)) return std::nullopt;
        } else if (!re.Match(sp, 0, sp.size(), RE2::UNANCHORED, g, 4)) {
            return std::nullopt;
        }
        auto num = [&](int i) { return text::digits_value(std::string_view(g[i].data(), g[i].size())); };
        return build(g, num);
    };
    if (auto d = run(p.iso, [](auto*, auto num) { return valid(num(1), num(2), num(3)); })) return d;
    if (auto d = run(p.month_first, [](re2::StringPiece* g, auto num) {
            return valid(num(3), month_from_name({g[1].data(), g[1].size()}), num(2));
        }))
        return d;
    if (auto d = run(p.day_first, [](re2::StringPiece* g, auto num) {
            return valid(num(3), month_from_name({g[2].data(), g[2].size()}), num(1));
        }))
        return d;
    if (auto d = run(p.us_slash, [](auto*, auto num) { return valid(num(3), num(1), num(2)); })) return d;
    return run(p.eu_dot, [](auto*, auto num) { return valid(num(3), num(2), num(1)); });
}

// Written zone -> IANA name. Generic and specific abbreviations alike resolve to the region's zone so
// daylight saving comes from the tz database ("PST" written in July is read as Pacific local time).
const std::map<std::string, std::string>& zone_names() {
    static const std::map<std::string, std::string> m = {
        {"z", "UTC"}, {"utc", "UTC"}, {"gmt", "UTC"}, {"ut", "UTC"}, {"zulu", "UTC"},
        {"pt", "America/Los_Angeles"}, {"pst", "America/Los_Angeles"}, {"pdt", "America/Los_Angeles"},
        {"pacific", "America/Los_Angeles"}, {"pacific time", "America/Los_Angeles"},
        {"mt", "America/Denver"}, {"mst", "America/Denver"}, {"mdt", "America/Denver"},
        {"mountain", "America/Denver"}, {"mountain time", "America/Denver"},
        {"ct", "America/Chicago"}, {"cst", "America/Chicago"}, {"cdt", "America/Chicago"},
        {"central", "America/Chicago"}, {"central time", "America/Chicago"},
        {"et", "America/New_York"}, {"est", "America/New_York"}, {"edt", "America/New_York"},
        {"eastern", "America/New_York"}, {"eastern time", "America/New_York"},
        {"cet", "Europe/Paris"}, {"cest", "Europe/Paris"}, {"central european time", "Europe/Paris"},
        {"wet", "Europe/Lisbon"}, {"west", "Europe/Lisbon"}, {"eet", "Europe/Helsinki"}, {"eest", "Europe/Helsinki"},
        {"bst", "Europe/London"}, {"uk time", "Europe/London"}, {"ist", "Asia/Kolkata"}, {"jst", "Asia/Tokyo"},
        {"kst", "Asia/Seoul"}, {"sgt", "Asia/Singapore"}, {"hkt", "Asia/Hong_Kong"},
        {"aest", "Australia/Sydney"}, {"aedt", "Australia/Sydney"}, {"nzst", "Pacific/Auckland"},
        {"nzdt", "Pacific/Auckland"}, {"brt", "America/Sao_Paulo"}, {"msk", "Europe/Moscow"},
    };
    return m;
}

const date::time_zone* find_zone(const std::string& iana) {
    try {
        return date::locate_zone(iana);
    } catch (const std::exception&) {
        return nullptr;
    }
}

}  // namespace

std::optional<Date> parse_date(std::string_view raw) { return match_date(text::trim(raw), RE2::ANCHOR_BOTH); }

std::optional<Date> find_date(std::string_view txt) { return match_date(txt, RE2::UNANCHORED); }

std::optional<std::string> resolve_zone(std::string_view written) {
    if (written.empty() || written == "UTC" || written == "Z" || written == "utc") return std::string("UTC");
    static const RE2 offset{"(?i)(?:utc|gmt)?\\s*([+-])(\\d{1,2})(?::?(\\d{2}))?"};
    const std::string w(text::trim(text::fold_punctuation(written)));
    if (w.empty()) return std::string("UTC");
    std::string sign, hh, mm;
    if (rx::full_match(w, offset, &sign, &hh, &mm)) {
        const int h = std::stoi(hh);
        const int m = mm.empty() ? 0 : std::stoi(mm);
        if (h > 14 || m > 59) return std::nullopt;
        return fmt::format("{}{:02}:{:02}", sign, h, m);
    }
    const auto& names = zone_names();
    if (auto it = names.find(text::key_form(w)); it != names.end()) return it->second;
    if (w.find('/') != std::string::npos && find_zone(w)) return w;
    return std::nullopt;
}

std::optional<ClockTime> parse_clock(std::string_view raw) {
    static const RE2 re{
        "(?i)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*(?:([ap])\\.?\\s?m\\.?)?\\s*"
        "(z|(?:utc|gmt)?\\s*[+-]\\d{1,2}(?::?\\d{2})?|[a-z]{2,5}|[a-z]+ time|[a-z]+/[a-z_]+)?"};
    const std::string s(text::trim(text::fold_punctuation(raw)));
    std::string h, m, sec, ampm, zone;
    if (!rx::full_match(s, re, &h, &m, &sec, &ampm, &zone)) return std::nullopt;
    ClockTime c{std::stoi(h), std::stoi(m), sec.empty() ? 0 : std::stoi(sec), zone};
    if (!ampm.empty()) {
        if (c.hour < 1 || c.hour > 12) return std::nullopt;
        const bool pm = ampm == "p" || ampm == "P";
        c.hour = (c.hour % 12) + (pm ? 12 : 0);
    }
    if (c.hour > 23 || c.minute > 59 || c.second > 60) return std::nullopt;
    if (!c.zone.empty() && !resolve_zone(c.zone)) return std::nullopt;
    return c;
}

namespace {

// The shapes this library writes itself ("2024-03-15", "2024-03-15T14:05:00Z") and the ones front matter
// mostly holds ("2024-03-15 14:05", "... 14:05 UTC", "2024-03-15T14:05:00+02:00"), read without a regex: times
// are read back from canonical strings once per entry. Anything else, or a digit out of place, is left to the
// general way (false); a shape read here gives what the general way gives (the checks are the same; the
// property test in test_timestamps.cpp holds it to that).
bool canonical_datetime(std::string_view s, std::optional<DateTime>& out) {
    auto digits = [&](std::size_t at, std::size_t n, int& v) {
        v = 0;
        if (at + n > s.size()) return false;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + (s[i] - '0');
        }
        return true;
    };
    int y = 0, mo = 0, d = 0;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4, y) || !digits(5, 2, mo) || !digits(8, 2, d)) {
        return false;
    }
    if (s.size() == 10) {
        const auto date = valid(y, mo, d);
        out = date ? std::optional<DateTime>(DateTime{*date, std::nullopt}) : std::nullopt;
        return true;
    }
    int h = 0, mi = 0, sec = 0;
    if ((s[10] != 'T' && s[10] != ' ') || !digits(11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(14, 2, mi)) {
        return false;
    }
    std::size_t at = 16;
    if (at < s.size() && s[at] == ':') {
        if (!digits(17, 2, sec)) return false;
        at = 19;
    }
    const std::string_view zone = s.substr(at);
    std::string written;
    if (zone == "Z" || zone == " UTC") {
        written = zone == "Z" ? "Z" : "UTC";
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        int zh = 0, zm = 0;
        if (!digits(at + 1, 2, zh) || !digits(at + 4, 2, zm) || zh > 14 || zm > 59) return false;
        written = std::string(zone);
    } else if (!zone.empty()) {
        return false;
    }
    const auto date = valid(y, mo, d);
    out = date && h <= 23 && mi <= 59 && sec <= 60
              ? std::optional<DateTime>(DateTime{*date, ClockTime{h, mi, sec, std::move(written)}})
              : std::nullopt;
    return true;
}

}  // namespace

std::optional<DateTime> parse_datetime(std::string_view raw) {
    if (std::optional<DateTime> fast; canonical_datetime(raw, fast)) return fast;
    static const RE2 re{"(\\d{4}-\\d{1,2}-\\d{1,2})(?:(?:T|\\s+|\\s*,\\s*)(.+))?"};
    const std::string s(text::trim(text::fold_punctuation(raw)));
    std::string d, rest;
    if (rx::full_match(s, re, &d, &rest)) {
        auto date = parse_date(d);
        if (!date) return std::nullopt;
        if (rest.empty()) return DateTime{*date, std::nullopt};
        auto clock = parse_clock(rest);
        if (!clock) return std::nullopt;
        return DateTime{*date, clock};
    }
    if (auto date = parse_date(s)) return DateTime{*date, std::nullopt};
    return std::nullopt;
}

std::optional<std::int64_t> to_epoch(const Date& d, const ClockTime& c) {
    using namespace std::chrono;
    if (!valid(d.year, d.month, d.day)) return std::nullopt;
    const auto zone = resolve_zone(c.zone);
    if (!zone) return std::nullopt;
    const auto days = date::local_days{date::year{d.year} / d.month / d.day};
    const auto local = days + hours{c.hour} + minutes{c.minute} + seconds{c.second};
    if ((*zone)[0] == '+' || (*zone)[0] == '-') {
        const int sign = (*zone)[0] == '-' ? -1 : 1;
        const int off = sign * (std::stoi(zone->substr(1, 2)) * 3600 + std::stoi(zone->substr(4, 2)) * 60);
        return local.time_since_epoch().count() - off;
    }
    if (*zone == "UTC") return duration_cast<seconds>(local.time_since_epoch()).count();
    const auto* tz = find_zone(*zone);
    if (!tz) return std::nullopt;
    try {
        // A time in the hour skipped or repeated by a DST change is read as the earlier instant.
        const auto sys = tz->to_sys(local, date::choose::earliest);
        return duration_cast<seconds>(sys.time_since_epoch()).count();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string format_instant(std::int64_t epoch) {
    const Date d = date_of(epoch);
    const int sod = seconds_of_day(epoch);
    if (d.year < 0 || d.year > 9999) {
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, sod / 3600,
                           (sod / 60) % 60, sod % 60);
    }
    // By hand: one per timeline entry, and fmt's format-string parse costs more than the rest of the entry.
    char buf[21] = "0000-00-00T00:00:00Z";
    auto put = [&](int at, int width, int v) {
        for (int i = at + width - 1; i >= at; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
    };
    put(0, 4, d.year);
    put(5, 2, d.month);
    put(8, 2, d.day);
    put(11, 2, sod / 3600);
    put(14, 2, (sod / 60) % 60);
    put(17, 2, sod % 60);
    return std::string(buf, 20);
}

std::string format_date(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

Date date_of(std::int64_t epoch) {
    const auto days = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{epoch}});
    const date::year_month_day ymd{days};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int seconds_of_day(std::int64_t epoch) {
    const auto r = epoch % 86400;
    return static_cast<int>(r < 0 ? r + 86400 : r);
}

std::optional<std::int64_t> parse_iso_instant(std::string_view canonical) {
    auto dt = parse_datetime(canonical);
    if (!dt || !dt->clock) return std::nullopt;
    return to_epoch(dt->date, *dt->clock);
}

}  // namespace incidentkit
