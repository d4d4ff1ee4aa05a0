// Timeline rows in every common shape, and their anchoring to dates and zones.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/incident.hpp"
#include "normalize/normalize.hpp"
#include "extract/markdown_outline.hpp"

namespace incidentkit {

/// A time expression at the start of a text: "[2024-03-15 14:45 UTC] - ...", "2:45 PM - ...", "14:02 → 14:37".
struct TimePrefix {
    std::optional<Date> date;
    std::optional<std::pair<int, int>> month_day;  // a date written without its year ("Oct 11", "Dec 16th")
    std::optional<ClockTime> clock;
    std::optional<ClockTime> end_clock;  // a range's end, sharing the start's zone when it has none
    // Views into the text parsed (valid while it is):
    std::string_view written;  // the time text as written, e.g. "14:45" or "2025-01-20 14:45"
    std::string_view rest;     // what follows, with the separator removed
};

/// Parses a time expression at the start of `s`; nullopt when `s` does not start with one.
/// With `whole` the expression must be all of `s` (for "Start: 14:45 UTC" values).
std::optional<TimePrefix> parse_time_prefix(std::string_view s, bool whole = false);

/// A timeline row before its date is known.
struct PendingEntry {
    TimelineEntry entry;
    std::size_t line = 0;
    std::optional<Date> date;          // stated on the row
    std::optional<std::pair<int, int>> month_day;  // stated on the row without a year: the anchor's year
    std::optional<ClockTime> clock;    // stated on the row
    std::optional<Date> context_date;  // from a dated heading or date line above the row
    std::string zone_hint;             // from the table header ("Time (UTC)")
    bool at_given = false;             // an "At (UTC)" column stated the instant (or left it empty on purpose)
    bool update = false;               // a status-page update (its log may run newest first)
};

/// "**14:45** - text [critical]", "- 14:45 — text (actor)", "14:45 UTC: text", "2025-01-20 14:45 - text".
std::optional<PendingEntry> parse_timeline_line(std::string_view plain, std::size_t line);

/// "2021-08-17: Bounty report received", "Mar 10: Testnet forked": an event dated to the day, no time of day.
std::optional<PendingEntry> parse_dated_line(std::string_view plain, std::size_t line);

/// "Dec 17th 22:XX More reports": a day with a placeholder for the time ('at' stays null).
std::optional<PendingEntry> parse_placeholder_time_line(std::string_view plain, std::size_t line);

/// A Markdown table with columns found by header name (Time | Event | Actor | Tags ...).
std::vector<PendingEntry> parse_timeline_table(const md::Block& table);

/// What anchors dateless rows, and how zone-less times are read.
struct TimelineAnchor {
    std::optional<Date> date;             // the report's date (in the timeline's zone)
    std::optional<int> seconds_of_day;    // when the anchor was an instant (started_at), its local time
    bool zoned_instant = false;           // that instant was stated with a zone
    std::string zone;                     // declared zone for zone-less times; empty = UTC, not declared
    std::size_t line = 0;                 // where to point warnings
};

/// Fills entry.at for every row that has a clock and a known date; rows that run past midnight roll
/// the date forward. Emits at most one warning for missing dates and one for undeclared zones.
void resolve_timeline(std::vector<PendingEntry>& rows, const TimelineAnchor& anchor,
                      std::vector<Diagnostic>& diags);

/// "All times in Pacific Time", "Times are UTC", "Timezone: CET" anywhere in the text; empty if none.
std::string find_zone_declaration(std::string_view text);

/// The patterns find_zone_declaration tries: a sentence that opens with "all" or "time", and a "time zone:" key
/// (exposed for the test that holds its search to trying them at every word start).
extern const char* const kZoneSentencePattern;
extern const char* const kZoneKeyPattern;

/// Local calendar date and seconds of day of an instant in a zone as written ("" = UTC).
std::optional<std::pair<Date, int>> local_time_in(std::int64_t epoch, std::string_view zone);

Date add_days(const Date& d, int days);

}  // namespace incidentkit
