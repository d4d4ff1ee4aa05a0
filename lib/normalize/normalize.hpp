// Normalizers: small pure functions that turn values as people write them into the model's canonical forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "incidentkit/incident.hpp"

namespace incidentkit {

/// Every text value's line breaks as LF: CR LF and a lone CR (from a JSON or YAML escape, an HTML entity)
/// become LF, as they do in a file's text (line_breaks.cpp). `extra` and `source` are kept as written.
void normalize_line_breaks(Incident& inc);

// ---- severity, status, people, priorities (severity.cpp, status.cpp, people.cpp) ----

/// "sev2", "SEV-2", "Sev 2", "S2", "P2", "2", "critical" ... -> level; unknown text keeps raw with level null.
Severity normalize_severity(std::string_view raw);

/// Incident status: synonyms folded onto investigating|identified|monitoring|mitigated|resolved|postmortem|closed;
/// anything else lower-cased as written ("Draft" -> "draft").
std::string normalize_status(std::string_view raw);

/// Document type: "inc" -> "incident", "pm"/"post-mortem" -> "postmortem"; else lower-cased.
std::string normalize_type(std::string_view raw);

/// "@onni" -> {onni, @onni}; "Alice Nguyen (@alice)" -> {Alice Nguyen, @alice}; "Dave" -> {Dave, null}.
std::optional<Person> normalize_person(std::string_view raw);

/// Action-item status onto todo|in_progress|done|blocked|cancelled; nullopt when the text is no status.
std::optional<std::string> normalize_action_status(std::string_view raw);

/// Priority onto critical|high|medium|low (P0..P3 too); nullopt when the text is no priority.
std::optional<std::string> normalize_priority(std::string_view raw);

/// Customer impact onto none|degraded|partial_outage|full_outage, else lower-cased as written.
std::string normalize_customer_impact(std::string_view raw);

// ---- durations (durations.cpp) ----

/// "93", "30 minutes", "~93 min", "1h 13m", "1 h 13 m", "2 hours 5 minutes", "42 minutes 17 seconds",
/// "1.5 hours", "PT1H30M" -> whole minutes (seconds are truncated). nullopt when no duration is found.
std::optional<std::int64_t> parse_duration_minutes(std::string_view raw);

// ---- timestamps (timestamps.cpp) ----

struct Date {
    int year = 0;
    int month = 0;
    int day = 0;
    // Ordered by year, month, day: the calendar's order.
    auto operator<=>(const Date&) const = default;
};

struct ClockTime {
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::string zone;  // as written ("UTC", "PT", "+02:00"), empty when none
    bool operator==(const ClockTime&) const = default;
};

/// A whole string that is a date: 2024-03-15, 2024/03/15, March 15, 2024, 15 Mar 2024, Tue, 15 Mar 2024.
std::optional<Date> parse_date(std::string_view raw);

/// The first date inside a longer text ("Date: 2024-03-15", "2024-03-15-db-outage.md"); nullopt if none.
std::optional<Date> find_date(std::string_view text);

/// A whole string that is a clock time: 14:45, 14:23:12, 2:45 PM, 14:45 UTC, 09:00 PT, 14:45+02:00.
std::optional<ClockTime> parse_clock(std::string_view raw);

/// A parsed point in time: date, optional clock, optional zone.
struct DateTime {
    Date date;
    std::optional<ClockTime> clock;
};

/// A whole string that is a date with an optional time and zone: ISO 8601 (T or space), "2025-01-20 14:32 UTC".
std::optional<DateTime> parse_datetime(std::string_view raw);

/// Seconds since the epoch of a local date+time in a zone ("" = UTC). nullopt for an unknown zone or bad date.
std::optional<std::int64_t> to_epoch(const Date& date, const ClockTime& clock);

/// Resolves a zone as written ("UTC", "PT", "Pacific Time", "CET", "+02:00", "Europe/Berlin") to an IANA
/// name or a fixed "+hh:mm" offset; nullopt when it names no zone.
std::optional<std::string> resolve_zone(std::string_view written);

std::string format_instant(std::int64_t epoch_seconds);  // 2025-01-20T14:32:00Z
std::string format_date(const Date& d);                  // 2025-01-20
Date date_of(std::int64_t epoch_seconds);                // UTC calendar date
int seconds_of_day(std::int64_t epoch_seconds);          // UTC
std::optional<std::int64_t> parse_iso_instant(std::string_view canonical);  // inverse of format_instant

}  // namespace incidentkit
