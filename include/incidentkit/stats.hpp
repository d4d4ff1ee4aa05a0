// ArchiveStats: figures over many incidents (counts, duration percentiles, open action items, completeness).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "incidentkit/incident.hpp"

namespace incidentkit {

/// Which incidents count, and the day open action items' age is measured to. Dates are ISO `YYYY-MM-DD`.
struct StatsOptions {
    /// Inclusive bounds on `Incident::date`. When either is set, an incident without a (valid) date is excluded.
    std::optional<std::string> since, until;
    /// The day open action items' age is measured to (the CLI passes today in UTC). Required.
    std::string as_of;
};

/// Ages of open action items in days, from their incident's date to `as_of`. An incident dated after `as_of`
/// gives a negative age, which lands in `days_0_29`.
struct AgeBuckets {
    std::size_t days_0_29 = 0, days_30_89 = 0, days_90_364 = 0, days_365_plus = 0;
    std::size_t no_date = 0;  // the incident has no date: no age
    bool operator==(const AgeBuckets&) const = default;
};

/// One owner's open action items. `owner` is `owner.name`, or none for items without an owner.
struct OwnerOpenItems {
    std::optional<std::string> owner;
    std::size_t open = 0;
    AgeBuckets ages;
    std::optional<std::int64_t> oldest_age_days;  // none when no item has an age (all in dateless incidents)
    bool operator==(const OwnerOpenItems&) const = default;
};

/// Durations (`duration_minutes`) of the incidents that state one. Percentiles use linear interpolation at
/// position (n-1)*q of the sorted values ("inclusive": Python's statistics.quantiles(method="inclusive"),
/// numpy's default); median is p50. All none when count is 0; with one value every figure is that value.
struct DurationSummary {
    std::size_t count = 0;
    std::optional<double> median, p90, p99;
    std::optional<std::int64_t> min, max;
    bool operator==(const DurationSummary&) const = default;
};

/// How many incidents fill a field, and that as a share of all counted incidents (none when there are none).
struct FieldShare {
    std::size_t count = 0;
    std::optional<double> share;
    bool operator==(const FieldShare&) const = default;
};

/// Everything the figures say, computed by ArchiveStats::summary(). Maps are sorted by key.
struct StatsSummary {
    std::string as_of;
    std::optional<std::string> since, until;
    std::size_t incidents = 0;           // counted (passed the filter)
    std::size_t excluded_by_filter = 0;  // added but outside since/until (or dateless while a filter is set)

    std::map<std::string, std::size_t> by_year;   // "2024"
    std::map<std::string, std::size_t> by_month;  // "2024-03"
    std::size_t without_date = 0;

    std::array<std::size_t, 6> by_severity_level{};  // index = severity.level 0..5
    std::size_t without_severity = 0;                // severity null, or a level not stated / not recognised
    std::map<std::string, std::size_t> by_customer_impact;  // stated values ("none" is a value: no impact)
    std::size_t without_customer_impact = 0;                // customer_impact null

    DurationSummary duration_minutes;

    std::size_t distinct_affected_systems = 0;
    /// The 10 systems named by most incidents (an incident naming one twice counts once); ties by name.
    std::vector<std::pair<std::string, std::size_t>> top_affected_systems;

    std::size_t action_items = 0;    // all action items of counted incidents
    std::size_t open = 0;            // status todo | in_progress | blocked
    std::size_t closed = 0;          // status done | cancelled
    std::size_t status_unknown = 0;  // status null (or a value outside the five): neither open nor closed
    AgeBuckets open_ages;            // all open items
    /// Open items per owner: most open first, ties by name, items without an owner last.
    std::vector<OwnerOpenItems> open_by_owner;

    FieldShare with_root_cause, with_timeline, with_action_items, with_severity, with_date, with_duration;
};

/// Collects incidents and computes archive figures. Keeps only what the figures need (no incident is stored):
/// counters, the durations, and per-owner tallies. Deterministic: the result depends only on the incidents
/// added, not on their order.
class ArchiveStats {
public:
    /// Throws std::invalid_argument when as_of (required), since or until is not a valid YYYY-MM-DD date, or
    /// since is later than until.
    explicit ArchiveStats(StatsOptions options);

    /// Counts one incident, or only notes it as excluded when it falls outside since/until.
    void add(const Incident& incident);
    /// Incidents added (counted or excluded).
    std::size_t added() const { return counted_ + excluded_; }

    StatsSummary summary() const;
    /// The summary as JSON with the documented snake_case field names (README, "incidentkit stats").
    nlohmann::ordered_json to_json() const;
    /// The summary as readable text tables, for a terminal.
    std::string to_text() const;

    /// The quantile at `percent` (0..100) of `values` by the inclusive definition above; none for no values.
    /// Sorts `values`.
    static std::optional<double> percentile(std::vector<std::int64_t>& values, int percent);

private:
    struct OwnerTally {
        std::size_t open = 0;
        AgeBuckets ages;
        std::optional<std::int64_t> oldest;
    };
    StatsOptions options_;
    std::int64_t as_of_day_ = 0;  // days since 1970-01-01
    std::size_t counted_ = 0, excluded_ = 0;
    std::map<std::string, std::size_t> by_year_, by_month_, by_impact_, systems_;
    std::size_t without_date_ = 0, without_severity_ = 0, without_impact_ = 0;
    std::array<std::size_t, 6> by_level_{};
    std::vector<std::int64_t> durations_;
    std::size_t actions_ = 0, open_ = 0, closed_ = 0, status_unknown_ = 0;
    AgeBuckets open_ages_;
    std::map<std::string, OwnerTally> owners_;
    std::optional<OwnerTally> no_owner_;
    std::size_t with_root_cause_ = 0, with_timeline_ = 0, with_actions_ = 0, with_severity_ = 0, with_date_ = 0,
                with_duration_ = 0;
};

}  // namespace incidentkit
