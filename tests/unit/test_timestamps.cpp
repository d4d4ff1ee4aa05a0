// Timestamps: dates, clock times, zones (tz database, DST) and ISO output.
#include <catch2/catch.hpp>
#include <date/date.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"
#include "extract/incident_day.hpp"
#include "extract/timeline.hpp"

using namespace incidentkit;

namespace {
std::optional<std::string> iso(const char* date, const char* clock) {
    const auto d = parse_date(date);
    const auto c = parse_clock(clock);
    if (!d || !c) return std::nullopt;
    const auto e = to_epoch(*d, *c);
    return e ? std::optional<std::string>(format_instant(*e)) : std::nullopt;
}
}  // namespace

TEST_CASE("parse_date reads the common forms", "[timestamps]") {
    const Date want{2024, 3, 15};
    for (const char* s : {"2024-03-15", "2024/03/15", "March 15, 2024", "Mar 15 2024", "15 Mar 2024",
                          "15 March 2024", "Friday, March 15, 2024", "2024\u201103\u201115", "3/15/2024",
                          "15.03.2024"}) {
        INFO(s);
        CHECK(parse_date(s) == want);
    }
    CHECK_FALSE(parse_date("2024-02-30"));
    CHECK_FALSE(parse_date("yesterday"));
    CHECK(find_date("2024-03-15-db-outage.md") == want);
    CHECK(find_date("Date: 15 Mar 2024 (Friday)") == want);
}

TEST_CASE("parse_date reads digit-and-separator dates as the ISO pattern and the calendar say", "[timestamps]") {
    // The ASCII "yyyy-mm-dd" shape is read without a regex; held to the pattern it stands for, with the other
    // forms (us_slash, eu_dot) on the same generated texts left to say what they say.
    static const RE2 iso{"(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})"};
    std::mt19937 rng(2024);
    const std::vector<std::string> years = {"2024", "1899", "2200", "2201", "1900", "202", "20245", "12"},
                                   numbers = {"0", "1", "2", "9", "02", "12", "13", "28", "29", "30", "31", "123", ""},
                                   seps = {"-", "/", ".", " ", "--", ""}, extra = {"", "", "", " ", "x", "1", "-"};
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    int dates = 0;
    for (int n = 0; n < 100000; ++n) {
        const std::string s = pick(extra) + pick(years) + pick(seps) + pick(numbers) + pick(seps) + pick(numbers) + pick(extra);
        std::string y, m, d;
        if (!RE2::FullMatch(std::string(text::trim(s)), iso, &y, &m, &d)) {
            INFO('"' << s << '"');
            REQUIRE_FALSE(parse_date(s));  // no other form holds a year after a separator
            continue;
        }
        const date::year_month_day ymd{date::year{std::stoi(y)}, date::month{static_cast<unsigned>(std::stoi(m))},
                                       date::day{static_cast<unsigned>(std::stoi(d))}};
        const bool ok = ymd.ok() && std::stoi(y) >= 1900 && std::stoi(y) <= 2200;
        const auto got = parse_date(s);
        INFO('"' << s << '"');
        REQUIRE(got.has_value() == ok);
        if (ok) CHECK(*got == (Date{std::stoi(y), std::stoi(m), std::stoi(d)}));
        dates += ok;
    }
    CHECK(dates > 500);
}

TEST_CASE("parse_clock reads 24h, 12h, seconds and zones", "[timestamps]") {
    CHECK(parse_clock("14:45") == ClockTime{14, 45, 0, ""});
    CHECK(parse_clock("14:23:12") == ClockTime{14, 23, 12, ""});
    CHECK(parse_clock("2:45 PM") == ClockTime{14, 45, 0, ""});
    CHECK(parse_clock("12:05 am") == ClockTime{0, 5, 0, ""});
    CHECK(parse_clock("14:45 UTC") == ClockTime{14, 45, 0, "UTC"});
    CHECK(parse_clock("09:00 PT") == ClockTime{9, 0, 0, "PT"});
    CHECK(parse_clock("14:45+02:00") == ClockTime{14, 45, 0, "+02:00"});
    CHECK_FALSE(parse_clock("25:00"));
    CHECK_FALSE(parse_clock("13:00 PM"));
    CHECK_FALSE(parse_clock("14:45 XYZ"));
}

TEST_CASE("zones convert to UTC with daylight saving from the tz database", "[timestamps][zones]") {
    CHECK(iso("2025-01-20", "14:32") == "2025-01-20T14:32:00Z");
    CHECK(iso("2025-01-20", "16:32 +02:00") == "2025-01-20T14:32:00Z");
    CHECK(iso("2024-01-15", "09:00 PT") == "2024-01-15T17:00:00Z");   // PST, UTC-8
    CHECK(iso("2024-07-15", "09:00 PT") == "2024-07-15T16:00:00Z");   // PDT, UTC-7
    CHECK(iso("2024-07-15", "09:00 PST") == "2024-07-15T16:00:00Z");  // read as Pacific local time
    CHECK(iso("2024-07-15", "09:00 ET") == "2024-07-15T13:00:00Z");
    CHECK(iso("2024-01-15", "09:00 CET") == "2024-01-15T08:00:00Z");
    CHECK(iso("2024-07-15", "09:00 CET") == "2024-07-15T07:00:00Z");
    CHECK(iso("2024-03-15", "23:30 -05:00") == "2024-03-16T04:30:00Z");
    CHECK_FALSE(resolve_zone("Narnia"));
    CHECK(resolve_zone("Europe/Berlin") == "Europe/Berlin");
    CHECK(resolve_zone("Pacific Time") == "America/Los_Angeles");
}

TEST_CASE("parse_datetime reads front-matter timestamps", "[timestamps]") {
    auto dt = parse_datetime("2025-01-20T14:32:00Z");
    REQUIRE(dt);
    REQUIRE(dt->clock);
    CHECK(format_instant(*to_epoch(dt->date, *dt->clock)) == "2025-01-20T14:32:00Z");
    dt = parse_datetime("2025-01-20 14:32 UTC");
    REQUIRE(dt);
    CHECK(dt->clock->zone == "UTC");
    dt = parse_datetime("2025-01-20T16:32:00+02:00");
    REQUIRE(dt);
    CHECK(format_instant(*to_epoch(dt->date, *dt->clock)) == "2025-01-20T14:32:00Z");
    dt = parse_datetime("2025-01-20");
    REQUIRE(dt);
    CHECK_FALSE(dt->clock);
    CHECK_FALSE(parse_datetime("soon"));
    CHECK(parse_iso_instant("2025-01-20T14:32:00Z") == 1737383520);
}

TEST_CASE("parse_datetime reads its own canonical shapes as the general reading does", "[timestamps]") {
    // The canonical shapes take a path without regexes; a leading space sends the same text the general way.
    for (const char* s : {"2025-01-20T14:32:00Z", "2025-01-20", "2024-02-29T23:59:60Z", "2023-02-29T10:00:00Z",
                          "2025-01-20T24:00:00Z", "2025-01-20T10:60:00Z", "2025-01-20T10:00:61Z", "1899-12-31",
                          "2201-01-01T00:00:00Z", "2025-13-01", "2025-00-10", "2025-1-020", "2025-01-20T10:00:00z",
                          "2025-01-20T1a:00:00Z", "2025-01-20X10:00:00Z"}) {
        INFO(s);
        const auto fast = parse_datetime(s);
        const auto general = parse_datetime(std::string(" ") + s);
        CHECK(fast.has_value() == general.has_value());
        if (fast && general) {
            CHECK(fast->date == general->date);
            CHECK(fast->clock == general->clock);
        }
    }
    CHECK(parse_datetime("2025-01-20T24:00:00Z") == std::nullopt);
    CHECK(parse_datetime("2025-01-20T14:32:00Z")->clock->second == 0);
    CHECK(parse_datetime("2025-01-20 14:32 UTC")->clock->zone == "UTC");
    CHECK(parse_datetime("2025-01-20T14:32:00+02:00")->clock->zone == "+02:00");
    // Random texts of the shapes front matter holds, with a piece out of place now and then.
    const std::vector<std::string> pieces = {"2025", "-", "01", "13", "20", "29", "00", "T", " ", "14", "24", ":", "32",
                                             "60", "61", "Z", "z", " UTC", " utc", "+", "02", "15", "59", "a", "7"};
    std::mt19937 rng(59);
    int fast_shapes = 0;
    for (int n = 0; n < 40000; ++n) {
        std::string s = rng() % 2 ? "2025-01-20" : "2024-02-29";
        if (rng() % 3) s = pieces[rng() % 3] + "-" + pieces[2 + rng() % 5] + "-" + pieces[2 + rng() % 5];
        const auto len = rng() % 9;
        for (unsigned k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
        if (rng() % 2) s = s.substr(0, 10) + (rng() % 2 ? "T" : " ") + "14:32" + (rng() % 2 ? ":05" : "") +
                           std::vector<std::string>{"", "Z", " UTC", "+02:00", "-14:59", "+15:00", "+02:60", "+2:00"}[rng() % 8];
        INFO(s);
        const auto fast = parse_datetime(s);
        const auto general = parse_datetime(" " + s);
        REQUIRE(fast.has_value() == general.has_value());
        if (fast) {
            REQUIRE(fast->date == general->date);
            REQUIRE(fast->clock == general->clock);
            fast_shapes += fast->clock.has_value();
        }
    }
    CHECK(fast_shapes > 5000);
}

TEST_CASE("parse_time_prefix reads an ISO date by hand as its pattern reads it", "[timeline]") {
    // "2024-03-05" takes a path without the regex; "2024/03/05" (the same to the pattern and to parse_date)
    // still goes through it: everything but the separators in the written time must agree.
    const std::vector<std::string> dates = {"2024-03-05", "2024-02-30", "2023-13-01", "2024-3-05", "2024-03-5"};
    const std::vector<std::string> endings = {"", " ", "  ", ", ", ",", "T", "/", ":", "\t", " \r", "x", "5", "-"};
    const std::vector<std::string> rests = {"", "14:02 failover", "14:02Z - done", "10:15 AM - 11:02 AM UTC: x",
                                            "text", ": text", "1625 deploy", "\u2014 text"};
    int read = 0;
    for (const auto& d : dates) {
        for (const auto& e : endings) {
            for (const auto& r : rests) {
                for (const bool whole : {false, true}) {
                    const std::string s = d + e + r;
                    std::string slashed = s;
                    for (std::size_t k = 0; k < 8 && k < slashed.size(); ++k) {
                        if (slashed[k] == '-') slashed[k] = '/';
                    }
                    INFO('"' << s << "\" whole=" << whole);
                    const auto a = parse_time_prefix(s, whole), b = parse_time_prefix(slashed, whole);
                    REQUIRE(a.has_value() == b.has_value());
                    if (!a) continue;
                    ++read;
                    CHECK(a->date == b->date);
                    CHECK(a->month_day == b->month_day);
                    CHECK(a->clock == b->clock);
                    CHECK(a->end_clock == b->end_clock);
                    CHECK(a->rest == b->rest);
                    CHECK(a->written.size() == b->written.size());
                }
            }
        }
    }
    CHECK(read > 50);
}

TEST_CASE("parse_time_prefix finds times at the start of timeline lines", "[timeline]") {
    auto tp = parse_time_prefix("14:02 \u2192 14:37 UTC: failover");
    REQUIRE(tp);
    REQUIRE(tp->end_clock);
    CHECK(tp->clock->zone == "UTC");
    CHECK(tp->end_clock->minute == 37);
    CHECK(tp->rest == "failover");
    tp = parse_time_prefix("10:15 AM - 11:02 AM UTC - outage window");
    REQUIRE(tp);
    CHECK(tp->clock->hour == 10);
    CHECK(tp->end_clock->hour == 11);
    CHECK(tp->rest == "outage window");
    CHECK_FALSE(parse_time_prefix("Nothing happened at all"));
    tp = parse_time_prefix("14:45 UTC", true);
    REQUIRE(tp);
    CHECK(tp->clock->zone == "UTC");
}

TEST_CASE("parse_time_prefix tells a range from a UTC offset and shares the end's AM/PM", "[timeline]") {
    // "10:07-10:29" is a range (a later end), not 10:07 at offset -10:29.
    auto tp = parse_time_prefix("10:07-10:29 AM: Emergency call");
    REQUIRE(tp);
    CHECK(tp->clock->zone.empty());
    CHECK(tp->clock->hour == 10);
    REQUIRE(tp->end_clock);
    CHECK(tp->end_clock->minute == 29);
    CHECK(tp->rest == "Emergency call");
    // An offset stays an offset: the "end" would be earlier than the start, or the time has seconds.
    tp = parse_time_prefix("14:45-07:00 deploy");
    REQUIRE(tp);
    CHECK(tp->clock->zone == "-07:00");
    tp = parse_time_prefix("09:15:00-10:00 deploy");
    REQUIRE(tp);
    CHECK(tp->clock->zone == "-10:00");
    // "1:42-1:59 PM": both afternoon; "11:30-1:15 PM": the start stays morning.
    tp = parse_time_prefix("1:42-1:59 PM: releases");
    REQUIRE(tp);
    CHECK(tp->clock->hour == 13);
    CHECK(tp->end_clock->hour == 13);
    tp = parse_time_prefix("11:30-1:15 PM: lunch outage");
    REQUIRE(tp);
    CHECK(tp->clock->hour == 11);
    // "~9:43 AM": an approximate time is still the time.
    tp = parse_time_prefix("~9:43 AM: spotted");
    REQUIRE(tp);
    CHECK(tp->clock->hour == 9);
    CHECK(tp->rest == "spotted");
}

TEST_CASE("parse_dated_line reads an event dated to the day", "[timeline]") {
    auto e = parse_dated_line("2021-08-17: Bounty report received", 3);
    REQUIRE(e);
    REQUIRE(e->date);
    CHECK(e->date->day == 17);
    CHECK_FALSE(e->clock);
    CHECK(e->entry.time == "2021-08-17");
    CHECK(e->entry.event == "Bounty report received");
    e = parse_dated_line("Mar 10, 2021: Testnet forked", 4);
    REQUIRE(e);
    CHECK(e->date->month == 3);
    CHECK_FALSE(parse_dated_line("2021-08-17 14:02: a time, so a timeline line", 5));
    CHECK_FALSE(parse_dated_line("Nothing dated here", 6));
    CHECK_FALSE(parse_dated_line("2021-08-17", 7));  // a date line: context for the rows below
}

TEST_CASE("parse_placeholder_time_line keeps the day when the time is a placeholder", "[timeline]") {
    auto e = parse_placeholder_time_line("Dec 17th 22:XX More reports of cache failures", 9);
    REQUIRE(e);
    CHECK(e->month_day == std::make_pair(12, 17));
    CHECK_FALSE(e->clock);
    CHECK(e->entry.time == "Dec 17th 22:XX");
    CHECK(e->entry.event == "More reports of cache failures");
    e = parse_placeholder_time_line("2022-02-02 X: the researcher wrote again", 10);
    REQUIRE(e);
    CHECK(e->date->day == 2);
    CHECK(e->entry.event == "the researcher wrote again");
    CHECK_FALSE(parse_placeholder_time_line("Dec 17th 22:15 a real time", 11));
    CHECK_FALSE(parse_placeholder_time_line("XX marks the spot", 12));
}

TEST_CASE("year_in_path and date_in_path read file names as their patterns do", "[timestamps]") {
    static const RE2 year{"(?:^|[^0-9])((?:19|20)\\d{2})(?:[^0-9]|$)"};
    static const RE2 iso{"(?:^|[^0-9])((?:19|20)\\d{2})[-_.]?(\\d{2})[-_.]?(\\d{2})(?:[^0-9]|$)"};
    const std::vector<std::string> alphabet = {"2024", "1999", "20", "19", "0", "3", "12", "31", "05", "-", "_", ".", "/",
                                               "a", "incident", "md", "\u00e9", "\xFF", "2023-11-05", "20240229"};
    std::mt19937 rng(69);
    int years = 0, dates = 0;
    for (int n = 0; n < 100000; ++n) {
        std::string path;
        for (unsigned k = rng() % 8; k > 0; --k) path += alphabet[rng() % alphabet.size()];
        INFO(path);
        const auto slash = path.find_last_of('/');
        const std::string base = path.substr(slash == std::string::npos ? 0 : slash + 1);
        std::string y, m, d;
        const bool want_year = RE2::PartialMatch(base, year, &y);
        const auto got_year = year_in_path(path);
        REQUIRE(got_year.has_value() == want_year);
        if (want_year) {
            ++years;
            CHECK(*got_year == std::stoi(y));
        }
        std::optional<Date> want_date;
        // The referee for the calendar check: the date parser on the same three groups, in the years a file
        // name is trusted for (1970-2100).
        if (RE2::PartialMatch(base, iso, &y, &m, &d) && std::stoi(y) >= 1970 && std::stoi(y) <= 2100) {
            want_date = parse_date(y + "-" + m + "-" + d);
        }
        const auto got_date = date_in_path(path);
        REQUIRE(got_date.has_value() == want_date.has_value());
        if (want_date) {
            ++dates;
            CHECK(*got_date == *want_date);
        }
    }
    CHECK(years > 10000);
    CHECK(dates > 2000);
}

TEST_CASE("the date patterns that open with a letter open with a weekday's or month's three letters", "[timestamps]") {
    // consume_date and consume_month_day try these only on a text that opens so (or with a digit): the patterns
    // as they are in timeline.cpp, tried anchored on texts that open with any other letters.
    static const RE2 named{
        "((?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?"
        "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        "[a-z]*\\.?,?\\s+\\d{4})(?:,?\\s+(?:at\\s+)?|$|:)"};
    static const RE2 month_first{
        "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?"
        "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b,?\\s*"};
    static const RE2 day_first{
        "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+"
        "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?,?\\s*"};
    const std::vector<std::string> alphabet = {"Mon", "Monday", "mon", "MON", "Dec", "dec", "December", "Ma", "Mo", "n",
                                               " ", ", ", "5", "16", "th", "2024", ".", "of ", "x", "Sept", "Tu", "e",
                                               "Dec 16 2024 ", "Tue Oct 11 ", "Monday, 16 Dec ", "Sept 3rd, 2021:"};
    std::mt19937 rng(71);
    int opened = 0, matched = 0;
    for (int n = 0; n < 100000; ++n) {
        std::string s;
        for (unsigned k = 1 + rng() % 7; k > 0; --k) s += alphabet[rng() % alphabet.size()];
        if (s[0] >= '0' && s[0] <= '9') continue;
        const std::string three = s.substr(0, 3);
        bool opens = false;
        for (const char* name : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}) {
            opens = opens || three == name;
        }
        opened += opens;
        re2::StringPiece a(s), b(s), c(s);
        const bool any = RE2::Consume(&a, named) || RE2::Consume(&b, month_first) || RE2::Consume(&c, day_first);
        matched += any;
        INFO('"' << s << '"');
        if (!opens) CHECK_FALSE(any);
    }
    CHECK(opened > 10000);
    CHECK(matched > 1000);
}
