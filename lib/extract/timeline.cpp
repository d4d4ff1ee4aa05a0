// Timeline parsing (lines and tables) and date/zone anchoring.
#include "extract/timeline.hpp"

#include <algorithm>
#include <chrono>

#include <date/date.h>
#include <date/tz.h>
#include <re2/re2.h>

#include "extract/clock_shapes.hpp"
#include "extract/line_shapes.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

using re2::StringPiece;

// Dashes and arrows as people type them between a time and its text, or between two times.
#define IK_DASH "(?:-|\u2010|\u2011|\u2012|\u2013|\u2014|\u2015|\u2212|\u2192|->|=>)"

bool consume_zone(StringPiece& in, ClockTime& clock, bool after_space) {
    const std::string_view rest(in.data(), in.size());
    if (const auto german = clock_shapes::uhr(rest)) {  // German "10:00 Uhr": local time, no zone
        in.remove_prefix(*german);
        return false;
    }
    const auto z = clock_shapes::zone(rest);
    if (!z) return false;
    const std::string_view space = z->space;
    const std::string zone(z->zone);
    if (zone == "Z" && !space.empty()) return false;  // " Z" is a word, "14:45Z" a zone
    if (!after_space && space.empty() && zone[0] != 'Z' && zone[0] != '+' && zone[0] != '-') return false;
    if (!resolve_zone(zone)) return false;
    clock.zone = zone;
    in.remove_prefix(z->length);
    return true;
}

// One clock time (with optional am/pm and zone) at the start of `in`.
std::optional<ClockTime> consume_clock(StringPiece& in) {
    // Every form starts with a digit; "9:27a" has a letter right after the minutes.
    if (in.empty() || in[0] < '0' || in[0] > '9') return std::nullopt;
    const auto colon = in.size() > 2 && in[1] == ':' ? 1u : in.size() > 3 && in[2] == ':' ? 2u : 0u;
    const bool short_form = colon && in.size() > colon + 3 &&
                            (in[colon + 3] == 'a' || in[colon + 3] == 'A' || in[colon + 3] == 'p' || in[colon + 3] == 'P');
    const std::string_view text(in.data(), in.size());
    std::optional<clock_shapes::Clock> form;
    bool needs_zone = false;
    if (short_form) form = clock_shapes::short_meridiem(text);  // "9:27a", "4:00p"
    if (!form) form = clock_shapes::hour_minute(text);
    if (!form) form = clock_shapes::hour_meridiem(text);
    if (!form) {
        form = clock_shapes::dotted(text);  // "12.39UTC" (only with a zone)
        needs_zone = form.has_value();
    }
    if (!form) return std::nullopt;
    auto number = [](std::string_view digits) { return text::digits_value(digits); };  // 0 when not written
    ClockTime c;
    c.hour = number(form->hour);
    c.minute = number(form->minute);
    c.second = number(form->second);
    const std::string_view s = form->second, ampm = form->meridiem;
    StringPiece probe(in.data() + form->length, in.size() - form->length);
    if (!ampm.empty()) {
        // The pattern may have eaten one non-word character after "PM"; give it back, all of it ("PM—text":
        // the dash is three bytes, and giving back one left the text opening mid-character).
        const char* end = probe.data();
        const char last = end > in.data() ? end[-1] : 'm';
        const bool word_end = last == 'm' || last == 'M' || last == '.' || last == 'a' || last == 'A' || last == 'p' || last == 'P';
        if (end > in.data() && !word_end) {
            const char* back = end - 1;
            while (back > in.data() && (static_cast<unsigned char>(*back) & 0xC0) == 0x80) --back;
            probe = StringPiece(back, probe.size() + static_cast<std::size_t>(end - back));
        }
        if (c.hour < 1 || c.hour > 12) return std::nullopt;
        c.hour = c.hour % 12 + ((ampm == "p" || ampm == "P") ? 12 : 0);
    }
    if (c.hour > 23 || c.minute > 59 || c.second > 60) return std::nullopt;
    if (needs_zone) {
        if (!consume_zone(probe, c, true)) return std::nullopt;
        in = probe;
        return c;
    }
    in = probe;
    // "10:07-10:29": a range, not 10:07 at offset -10:29. An offset right after minutes (no seconds) is read
    // as the range's end when that is later in the day than the start ("14:45-07:00" stays an offset).
    if (s.empty() && ampm.empty() && in.size() >= 6 && in[0] == '-' && in[3] == ':') {
        int end_h = 0, end_m = 0;
        static const RE2 two_by_two{"(\\d{2}):(\\d{2})"};
        if (RE2::FullMatch(StringPiece(in.data() + 1, 5), two_by_two, &end_h, &end_m) &&
            end_h * 60 + end_m > c.hour * 60 + c.minute) {
            return c;
        }
    }
    consume_zone(in, c, true);
    return c;
}

// Whether the text of a clock time says AM or PM.
bool has_meridiem(std::string_view written) {
    for (std::size_t i = 0; i + 1 < written.size(); ++i) {
        const char a = written[i], b = written[i + 1];
        if ((a == 'a' || a == 'A' || a == 'p' || a == 'P') && (b == 'm' || b == 'M' || b == '.')) return true;
    }
    return false;
}

// "1625" or "1900 UTC": military time, only after a date or before a zone (else it is a number).
std::optional<ClockTime> consume_military(StringPiece& in, bool after_date) {
    const auto form = clock_shapes::military(std::string_view(in.data(), in.size()));
    if (!form) return std::nullopt;
    StringPiece probe(in.data() + form->length, in.size() - form->length);
    ClockTime c;
    c.hour = text::digits_value(form->hour);
    c.minute = text::digits_value(form->minute);
    if (c.hour > 23 || c.minute > 59) return std::nullopt;
    const bool zoned = consume_zone(probe, c, true);
    if (!zoned && !after_date) return std::nullopt;
    in = probe;
    return c;
}

// Whether `in` opens with a weekday's or a month's three letters as the date patterns spell them ("Mon",
// "Dec"; case as written): every form that opens with a letter does, and most lines do not.
bool opens_with_day_or_month(const StringPiece& in) {
    if (in.size() < 3 || std::string_view("MTWFSJAOND").find(in[0]) == std::string_view::npos) return false;
    static constexpr std::string_view names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar",
                                                 "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::string_view three(in.data(), 3);
    for (const auto n : names) {
        if (three == n) return true;
    }
    return false;
}

// A date without its year: "Tue Oct 11", "Dec 16th", "16 Dec", and "03-26" when a time follows.
std::optional<std::pair<int, int>> consume_month_day(StringPiece& in) {
    static const RE2 month_first{
        "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?"
        "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b,?\\s*"};
    static const RE2 day_first{
        "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+"
        "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?,?\\s*"};
    static const RE2 numeric{"(\\d{2})-(\\d{2})\\s+(?:\\d{1,2}:\\d{2})"};
    if (in.empty()) return std::nullopt;
    const bool digit = in[0] >= '0' && in[0] <= '9';
    // "16 Dec" and "03-26 14:00" start with a digit, the other forms with a letter; "14:00" is neither.
    if (digit && (in.size() < 3 || in[1] == ':' || in[2] == ':')) return std::nullopt;
    StringPiece probe = in;
    std::string a, b;
    int month = 0, day = 0;
    if (!digit && !opens_with_day_or_month(in)) return std::nullopt;  // the other two forms open with a digit
    if (!digit && rx::consume(&probe, month_first, &a, &b)) {
        month = text::month_number(a);
        day = text::digits_value(b);
    } else if (rx::consume(&probe, day_first, &a, &b)) {
        day = text::digits_value(a);
        month = text::month_number(b);
    } else if (StringPiece p2 = in; rx::consume(&p2, numeric, &a, &b)) {
        month = text::digits_value(a);
        day = text::digits_value(b);
        probe = StringPiece(in.data() + 6, in.size() - 6);  // past "MM-DD "
    } else {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    in = probe;
    return std::make_pair(month, day);
}

std::optional<Date> consume_date(StringPiece& in) {
    // Each form ends at a space, a 'T', the end, or a colon ("2021-08-17: text"; the colon is given back).
    static const RE2 iso{"(\\d{4}[-/.\u2011]\\d{1,2}[-/.\u2011]\\d{1,2})(?:T|/|,?\\s+|$|:)"};
    static const RE2 dotted{"(\\d{1,2}\\.\\d{1,2}\\.\\d{4})(?:,?\\s+|$)"};  // "27.08.2022 10:00 Uhr"
    static const RE2 named{
        "((?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?"
        "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        "[a-z]*\\.?,?\\s+\\d{4})(?:,?\\s+(?:at\\s+)?|$|:)"};
    StringPiece probe = in;
    std::string d;
    if (in.empty()) return std::nullopt;
    const char first = in[0];
    const bool digit = first >= '0' && first <= '9';
    const bool letter = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
    // Each numeric form has a separator within its first five bytes ("2024-", "5 Mar", "27.08."); a clock
    // time ("14:05") has a colon there first.
    if (digit && (in.size() < 6 || in[1] == ':' || in[2] == ':')) return std::nullopt;
    // "2024-03-05" and what `iso` lets end it, by hand (the common form): what the pattern would consume.
    if (digit && in.size() >= 10 && in[4] == '-' && in[7] == '-') {
        bool digits = true;
        for (const int k : {0, 1, 2, 3, 5, 6, 8, 9}) digits = digits && in[k] >= '0' && in[k] <= '9';
        std::size_t end = 0;  // past what ends the date; 0 for none of the endings the pattern takes
        if (digits && in.size() == 10) {
            end = 10;
        } else if (digits && (in[10] == 'T' || in[10] == '/' || in[10] == ':')) {
            end = 11;
        } else if (digits) {
            std::size_t k = in[10] == ',' ? 11 : 10;
            const std::size_t spaces_from = k;
            while (k < in.size() && text::regex_space(in[k])) ++k;
            if (k > spaces_from) end = k;
        }
        if (end) {
            const auto date = parse_date(std::string_view(in.data(), 10));
            if (!date) return std::nullopt;  // as the pattern's match would: the other forms are not tried
            in.remove_prefix(in[end - 1] == ':' ? end - 1 : end);
            return date;
        }
    }
    if ((digit && (rx::consume(&probe, iso, &d) || rx::consume(&probe, named, &d) || rx::consume(&probe, dotted, &d))) ||
        (letter && opens_with_day_or_month(in) && rx::consume(&probe, named, &d))) {
        if (auto date = parse_date(d)) {
            if (probe.data() > in.data() && probe.data()[-1] == ':') probe = StringPiece(probe.data() - 1, probe.size() + 1);
            in = probe;
            return date;
        }
    }
    return std::nullopt;
}

std::string trim_copy(std::string_view s) { return std::string(text::trim(s)); }

}  // namespace

std::optional<TimePrefix> parse_time_prefix(std::string_view s, bool whole) {
    // The marks, dashes and separators around the time are read by clock_shapes' scanners.
    auto view = [](const StringPiece& p) { return std::string_view(p.data(), p.size()); };
    StringPiece in(s.data(), s.size());
    in.remove_prefix(clock_shapes::lead(view(in)));  // "~9:43 AM": about then
    const char* start = in.data();
    TimePrefix out;
    out.date = consume_date(in);
    if (!out.date) out.month_day = consume_month_day(in);
    if (out.date || out.month_day) {
        // "2024-03-15 14:45", "2022-02-02 1625" or a bare date ("2024-03-15: text" is a date line, not a time)
        StringPiece probe = in;
        probe.remove_prefix(clock_shapes::filler(view(probe)));  // "Dec 16th **12:43**", "on Oct 12 at 21:17"
        if (auto c = consume_clock(probe)) {
            out.clock = c;
            in = probe;
        } else if (auto m = out.date ? consume_military(probe, true) : std::nullopt) {
            out.clock = m;
            in = probe;
        }
        // A yearless date says a day only with a time ("May 31" alone stays a date line's text).
        if (out.month_day && !out.clock && !whole) {
            if (!clock_shapes::date_separator(view(in))) return std::nullopt;
        }
    } else {
        out.clock = consume_clock(in);
        if (!out.clock) out.clock = consume_military(in, false);
        if (!out.clock) return std::nullopt;
    }
    // A range: "14:02 → 14:37", "10:15 AM - 11:02 AM UTC".
    if (out.clock) {
        StringPiece probe = in;
        const std::string_view start_text(start, static_cast<std::size_t>(in.data() - start));
        if (const auto sep_len = clock_shapes::range_separator(view(probe))) {
            probe.remove_prefix(*sep_len);
            StringPiece p2 = probe;
            consume_date(p2);
            const char* end_start = p2.data();
            if (auto end = consume_clock(p2)) {
                // "1:42-1:59 PM": the start shares the end's PM when that keeps it before the end.
                const std::string_view end_text(end_start, static_cast<std::size_t>(p2.data() - end_start));
                if (!has_meridiem(start_text) && has_meridiem(end_text) && end->hour >= 12 && out.clock->hour < 12 &&
                    (out.clock->hour + 12) * 60 + out.clock->minute <= end->hour * 60 + end->minute) {
                    out.clock->hour += 12;
                }
                if (out.clock->zone.empty() && !end->zone.empty()) out.clock->zone = end->zone;
                if (end->zone.empty()) end->zone = out.clock->zone;
                out.end_clock = end;
                in = p2;
            }
        }
    }
    out.written = text::trim(std::string_view(start, static_cast<std::size_t>(in.data() - start)));
    in.remove_prefix(clock_shapes::close(view(in)));
    if (whole) {
        if (!text::trim(std::string_view(in.data(), in.size())).empty()) return std::nullopt;
        return out;
    }
    const char* before_sep = in.data();
    in.remove_prefix(clock_shapes::separator(view(in)));
    // The time must be followed by a separator or space, not run into a word ("14:45pm" was consumed above).
    if (in.data() == before_sep && !in.empty()) return std::nullopt;
    out.rest = text::trim(std::string_view(in.data(), in.size()));
    return out;
}

namespace {

bool looks_like_actor(const std::string& s) {
    if (s.empty() || s.size() > 60) return false;
    if (s[0] == '@') return true;
    const auto c = static_cast<unsigned char>(s[0]);
    if (!(c >= 'A' && c <= 'Z') && c < 0x80) return false;
    int words = 1;
    for (char ch : s) {
        if (ch == ' ') ++words;
        if (ch >= '0' && ch <= '9') return false;
        if (ch == ':' || ch == ',' || ch == '=' || ch == '/') return false;
    }
    return words <= 4;
}

// Splits trailing "[tag]"s, a trailing "(actor)" and a trailing "- @handle" off an event text.
void split_event(std::string_view text, TimelineEntry& e) {
    std::string rest(text);
    static const RE2 handle_re{"^(.*?)\\s+(?:" IK_DASH "|by)\\s+(@[\\w.\\-]+)\\s*$"};
    static const RE2 lead_actor{"^(@[\\w.\\-]+)\\s*:\\s*(.+)$"};
    std::vector<std::string> tags;
    std::string head, tail;
    for (int guard = 0; guard < 8; ++guard) {
        bool changed = false;
        if (md::split_trailing_group(rest, '[', ']', 40, head, tail)) {
            tags.insert(tags.begin(), trim_copy(tail));
            rest = head;
            changed = true;
        }
        if (!e.actor && md::split_trailing_group(rest, '(', ')', 60, head, tail) &&
            looks_like_actor(trim_copy(tail))) {
            e.actor = trim_copy(tail);
            rest = head;
            changed = true;
        }
        if (!e.actor && rest.find('@') != std::string::npos && rx::full_match(rest, handle_re, &head, &tail)) {
            e.actor = tail;
            rest = head;
            changed = true;
        }
        if (!changed) break;
    }
    if (!e.actor && !rest.empty() && rest[0] == '@' && rx::full_match(rest, lead_actor, &head, &tail)) {
        e.actor = head;
        rest = tail;
    }
    e.tags = std::move(tags);
    const std::string_view trimmed = text::trim(rest);
    if (trimmed.size() != rest.size()) rest = std::string(trimmed);
    e.event = std::move(rest);
}

// The entry a time prefix opens: its day and clock as stated, the time as written, the rest as the event.
PendingEntry entry_from(const TimePrefix& tp, std::string_view written, std::string_view rest, std::size_t line) {
    PendingEntry p;
    p.line = line;
    p.date = tp.date;
    p.month_day = tp.month_day;
    p.clock = tp.clock;
    p.entry.time = written;
    split_event(rest, p.entry);
    return p;
}

}  // namespace

std::optional<PendingEntry> parse_timeline_line(std::string_view plain, std::size_t line) {
    auto tp = parse_time_prefix(plain);
    if (!tp || !tp->clock || tp->rest.empty()) return std::nullopt;
    return entry_from(*tp, tp->written, tp->rest, line);
}

std::optional<PendingEntry> parse_dated_line(std::string_view plain, std::size_t line) {
    auto tp = parse_time_prefix(plain);
    if (!tp || tp->clock || (!tp->date && !tp->month_day) || tp->rest.empty()) return std::nullopt;
    return entry_from(*tp, tp->written, tp->rest, line);
}

std::optional<PendingEntry> parse_placeholder_time_line(std::string_view plain, std::size_t line) {
    // "Dec 17th 22:XX More reports", "2022-02-02 X: the researcher wrote": the day is known, the time is not.
    static const RE2 re{
        "\\s*((\\d{4}-\\d{1,2}-\\d{1,2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?)"
        "[\\s,]+(?:\\d{1,2}:(?:XX|xx|\\?\\?)|XX?|\\?\\?))\\s*(?::|-|\u2013|\u2014)?\\s+(\\S[\\s\\S]*)"};
    if (plain.size() < 8 || plain.find_first_of("Xx?") == std::string_view::npos) return std::nullopt;
    std::string written, day, rest;
    if (!RE2::FullMatch(StringPiece(plain.data(), plain.size()), re, &written, &day, &rest)) return std::nullopt;
    auto tp = parse_time_prefix(day, true);
    if (!tp || (!tp->date && !tp->month_day)) return std::nullopt;
    return entry_from(*tp, written, rest, line);
}

std::vector<PendingEntry> parse_timeline_table(const md::Block& table) {
    std::vector<PendingEntry> out;
    if (table.rows.empty()) return out;
    out.reserve(std::min<std::size_t>(table.rows.size() - 1, 4096));  // an entry per row at most (each a dozen strings)
    const auto& header = table.rows[0];
    int time_col = -1, date_col = -1, event_col = -1, actor_col = -1, tags_col = -1, at_col = -1;
    std::string zone_hint;
    static const RE2 paren_zone{"\\(([^)]+)\\)"};
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string k = text::key_form(header[i]);
        const int col = static_cast<int>(i);
        auto starts = [&](const char* w) { return k.rfind(w, 0) == 0; };
        if (at_col < 0 && k == "at (utc)") {
            at_col = col;  // the normalized Markdown's instant column
        } else if (time_col < 0 && (starts("time") || starts("timestamp") || starts("when") || starts("date/time") ||
                             starts("datetime") || starts("date time") || starts("at"))) {
            time_col = col;
            std::string z;
            if (RE2::PartialMatch(header[i], paren_zone, &z) && resolve_zone(z)) zone_hint = z;
        } else if (date_col < 0 && starts("date")) {
            date_col = col;
        } else if (event_col < 0 && (starts("event") || starts("description") || starts("what") ||
                                     starts("action") || starts("detail") || starts("update") ||
                                     starts("activity") || starts("summary") || starts("message") ||
                                     starts("note"))) {
            event_col = col;
        } else if (actor_col < 0 && (starts("actor") || starts("who") || starts("owner") || starts("by") ||
                                     starts("person") || starts("responder") || starts("author") ||
                                     starts("source") || starts("team"))) {
            actor_col = col;
        } else if (tags_col < 0 && (starts("tag") || starts("type") || starts("category") || starts("phase"))) {
            tags_col = col;
        }
    }
    if (time_col < 0 && at_col >= 0) std::swap(time_col, at_col);  // "At (UTC)" as the only time column
    if (time_col < 0) time_col = date_col >= 0 ? -1 : 0;
    if (event_col < 0) event_col = (time_col == 0 || date_col == 0) ? 1 : 0;
    auto cell = [](const std::vector<std::string>& row, int c) {
        return c >= 0 && static_cast<std::size_t>(c) < row.size() ? trim_copy(row[c]) : std::string();
    };
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        PendingEntry p;
        p.line = r < table.row_lines.size() ? table.row_lines[r] : table.line;
        p.zone_hint = zone_hint;
        std::string when = cell(row, time_col);
        if (date_col >= 0) {
            const std::string d = cell(row, date_col);
            p.date = parse_date(d);
            when = when.empty() ? d : d + " " + when;
        }
        if (auto tp = parse_time_prefix(when, true)) {
            if (tp->date) p.date = tp->date;
            p.clock = tp->clock;
        }
        p.entry.time = when;
        if (at_col >= 0) {
            p.at_given = true;
            const std::string at = cell(row, at_col);
            if (auto e = parse_iso_instant(at)) p.entry.at = format_instant(*e);
        }
        p.entry.event = cell(row, event_col);
        const std::string actor = cell(row, actor_col);
        if (!actor.empty()) p.entry.actor = actor;
        const std::string tags = cell(row, tags_col);
        if (!tags.empty()) {
            std::string_view rest = tags;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string t = trim_copy(rest.substr(0, comma));
                if (!t.empty()) p.entry.tags.push_back(t);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
        }
        if (p.entry.event.empty() && p.entry.time.empty()) continue;  // a blank row
        // An event column that carries "[tag]" or "(actor)" like a line does.
        if (!p.entry.event.empty() && p.entry.tags.empty()) {
            TimelineEntry split;
            split.actor = p.entry.actor;
            split_event(p.entry.event, split);
            p.entry.event = split.event;
            p.entry.tags = split.tags;
            p.entry.actor = split.actor;
        }
        out.push_back(std::move(p));
    }
    return out;
}

Date add_days(const Date& d, int days) {
    const auto ld = date::sys_days{date::year{d.year} / d.month / d.day} + date::days{days};
    const date::year_month_day ymd{ld};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<std::pair<Date, int>> local_time_in(std::int64_t epoch, std::string_view zone) {
    // Find the local time L with to_epoch(L) == epoch: start from the UTC reading and correct by the offset.
    const Date d = date_of(epoch);
    const int sod = seconds_of_day(epoch);
    ClockTime c{sod / 3600, (sod / 60) % 60, sod % 60, std::string(zone)};
    const auto as_local = to_epoch(d, c);
    if (!as_local) return std::nullopt;
    const std::int64_t offset = epoch - *as_local;  // local = utc + offset
    const std::int64_t local = epoch + offset;
    return std::make_pair(date_of(local), seconds_of_day(local));
}

void resolve_timeline(std::vector<PendingEntry>& rows, const TimelineAnchor& anchor, std::vector<Diagnostic>& diags) {
    std::optional<Date> current = anchor.date;
    // (int + flag rather than optional<int>: GCC 12 warns maybe-uninitialized on the optional here)
    bool has_prev = anchor.seconds_of_day.has_value();
    int prev = anchor.seconds_of_day.value_or(0);
    std::optional<Date> last_context;
    bool missing_date = false, undeclared_zone = false, matches_anchor = false;
    std::size_t first_missing = 0, first_undeclared = 0;
    for (auto& r : rows) {
        if (!r.date && r.month_day && current) {
            // "Oct 11 12:24 UTC": the year of the date in hand.
            const Date d{current->year, r.month_day->first, r.month_day->second};
            if (to_epoch(d, ClockTime{})) r.date = d;
        }
        if (r.date) {
            current = r.date;
            has_prev = false;
        } else if (r.context_date && r.context_date != last_context) {
            current = r.context_date;
            last_context = r.context_date;
            has_prev = false;
        }
        if (!r.clock || r.at_given) continue;
        if (!current) {
            if (!missing_date) first_missing = r.line;
            missing_date = true;
            continue;
        }
        ClockTime c = *r.clock;
        if (c.zone.empty()) c.zone = !r.zone_hint.empty() ? r.zone_hint : anchor.zone;
        if (c.zone.empty()) {
            if (!undeclared_zone) first_undeclared = r.line;
            undeclared_zone = true;
        }
        int sod = c.hour * 3600 + c.minute * 60 + c.second;
        // "10:28 ... 1:40" on a 12-hour clock without AM/PM: 13:40 the same day, not 01:40 the next. Only for a
        // one-digit hour written without a leading zero (a 24-hour "01:40" after "23:50" crosses midnight).
        const std::string_view written = text::trim(r.entry.time);
        if (!r.date && has_prev && prev - sod > 3600 && c.hour >= 1 && c.hour <= 9 && written.size() > 1 &&
            written[0] != '0' && written[1] == ':' && !has_meridiem(written) && sod + 12 * 3600 >= prev) {
            c.hour += 12;
            sod += 12 * 3600;
        }
        if (anchor.zoned_instant && anchor.seconds_of_day == sod && r.clock->zone.empty()) matches_anchor = true;
        // Times running backwards by more than an hour have crossed midnight; smaller steps back are
        // out-of-order entries on the same day.
        if (!r.date && has_prev && prev - sod > 3600) current = add_days(*current, 1);
        prev = sod;
        has_prev = true;
        if (auto epoch = to_epoch(*current, c)) r.entry.at = format_instant(*epoch);
    }
    if (missing_date) {
        diags.push_back(warning_at(first_missing,
                                   "timeline times have no date, so 'at' is null; state one (\"Date: 2024-03-15\"), "
                                   "name the file YYYY-MM-DD-*.md, or pass --date YYYY-MM-DD"));
    }
    // A zone-less row at the very time of a start stated with a zone shows the timeline uses that zone.
    if (undeclared_zone && !matches_anchor) {
        diags.push_back(warning_at(first_undeclared,
                                   "timeline times have no time zone and were read as UTC; "
                                   "say so in the report (\"All times UTC\") to confirm"));
    }
}

const char* const kZoneSentencePattern =
    "(?i)\\b(?:all\\s+)?times?\\s+(?:are\\s+|shown\\s+|given\\s+|listed\\s+|stated\\s+)?(?:in\\s+|as\\s+)?"
    "(?:the\\s+)?(utc|gmt|z|[+-]\\d{2}:\\d{2}|(?:utc|gmt)[+-]\\d{1,2}|[a-z]{2,5}|pacific time|eastern time|"
    "central time|mountain time|pacific|eastern|central european time|[a-z]+/[a-z_]+)\\b";
const char* const kZoneKeyPattern = "(?i)time\\s*zone\\s*[:=]\\s*([\\w/+:\\-]+(?:\\s+time)?)";

std::string find_zone_declaration(std::string_view txt) {
    static const RE2 decl{kZoneSentencePattern};
    static const RE2 key{kZoneKeyPattern};
    std::string zone;
    // Each declaration opens with the word "time", or with "all" and blank space before it: tried anchored
    // where one starts, each match searched for past the last (as FindAndConsume would), instead of scans of
    // the whole text. The word "time" is found from its 'm', the rarest of its letters (memchr for 't' and 'a'
    // stopped every few bytes of prose).
    const StringPiece all(txt.data(), txt.size());
    using text::fold, text::word_char;
    const auto blank = text::regex_space;
    std::size_t past = 0;
    StringPiece m[2];
    auto declared_at = [&](std::size_t at) {
        if (at < past || !rx::match(decl, all, at, txt.size(), RE2::ANCHOR_START, m, 2)) return false;
        past = at + m[0].size();
        zone.assign(m[1].data(), m[1].size());
        // Abbreviations must be written in capitals: "time est." is not Eastern time.
        const bool abbreviation = zone.size() <= 5 && zone.find_first_of("0123456789+-/") == std::string::npos;
        if (abbreviation && zone.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) return false;
        return resolve_zone(zone).has_value();
    };
    for (std::size_t lower = txt.find('m'), upper = txt.find('M');;) {
        const std::size_t p = std::min(lower, upper);
        if (p == std::string_view::npos) break;
        (p == lower ? lower : upper) = txt.find(txt[p], p + 1);
        if (p < 2 || p + 1 >= txt.size() || fold(txt[p - 2]) != 't' || fold(txt[p - 1]) != 'i' ||
            fold(txt[p + 1]) != 'e') {
            continue;
        }
        const std::size_t t = p - 2;  // "time" here; a declaration starts only where a word does
        if (t > 0 && word_char(txt[t - 1])) continue;
        std::size_t k = t;
        while (k > 0 && blank(txt[k - 1])) --k;
        if (k < t && k >= 3 && fold(txt[k - 3]) == 'a' && fold(txt[k - 2]) == 'l' && fold(txt[k - 1]) == 'l' &&
            (k == 3 || !word_char(txt[k - 4])) && declared_at(k - 3)) {
            return zone;
        }
        if (declared_at(t)) return zone;
    }
    // Every match of `key` holds "zone", whose 'z' is rare: a memchr for it skips the regex on most texts.
    if (!text::contains_folded(txt, "zone")) return {};
    if (RE2::PartialMatch(all, key, &zone) && resolve_zone(zone)) return zone;
    return {};
}

}  // namespace incidentkit
