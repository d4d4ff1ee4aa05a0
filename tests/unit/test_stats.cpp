// ArchiveStats: percentiles, the date filter, open action items and their age buckets, counts, JSON and text.
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "incidentkit/stats.hpp"

using namespace incidentkit;

namespace {

Incident dated(std::optional<std::string> date) {
    Incident inc;
    inc.date = std::move(date);
    return inc;
}

ActionItem item(std::optional<std::string> status, std::optional<std::string> owner = std::nullopt) {
    ActionItem a;
    a.action = "do it";
    a.status = std::move(status);
    if (owner) a.owner = Person{*owner, std::nullopt};
    return a;
}

StatsOptions as_of(std::string day) {
    StatsOptions o;
    o.as_of = std::move(day);
    return o;
}

}  // namespace

TEST_CASE("stats: percentile: none, one and two values", "[stats]") {
    std::vector<std::int64_t> none;
    CHECK_FALSE(ArchiveStats::percentile(none, 50));
    std::vector<std::int64_t> one{42};
    for (int p : {0, 1, 50, 90, 99, 100}) CHECK(ArchiveStats::percentile(one, p) == 42.0);
    std::vector<std::int64_t> two{20, 10};  // unsorted on purpose
    CHECK(ArchiveStats::percentile(two, 0) == 10.0);
    CHECK(ArchiveStats::percentile(two, 50) == 15.0);
    CHECK(ArchiveStats::percentile(two, 90) == 19.0);
    CHECK(ArchiveStats::percentile(two, 99) == 19.9);
    CHECK(ArchiveStats::percentile(two, 100) == 20.0);
    CHECK_THROWS_AS(ArchiveStats::percentile(two, 101), std::invalid_argument);
}

TEST_CASE("stats: percentile: the inclusive definition on known values", "[stats]") {
    // statistics.quantiles(range(1, 11), n=100, method="inclusive"): position (n-1)*q, interpolated.
    std::vector<std::int64_t> v{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    CHECK(ArchiveStats::percentile(v, 50) == 5.5);
    CHECK(ArchiveStats::percentile(v, 90) == 9.1);
    CHECK(ArchiveStats::percentile(v, 99) == 9.91);
    CHECK(ArchiveStats::percentile(v, 25) == 3.25);
    // Odd count: the median is the middle value; a heavy tail moves p99, not the median.
    std::vector<std::int64_t> tail{5, 10, 15, 20, 10080};
    CHECK(ArchiveStats::percentile(tail, 50) == 15.0);
    CHECK(ArchiveStats::percentile(tail, 90) == Approx(6056.0));
    CHECK(ArchiveStats::percentile(tail, 99) == Approx(9677.6));
}

TEST_CASE("stats: duration summary: count, median, p90, p99, min, max, none without durations", "[stats]") {
    ArchiveStats empty(as_of("2025-01-01"));
    empty.add(Incident{});
    const auto e = empty.summary().duration_minutes;
    CHECK(e.count == 0);
    CHECK_FALSE(e.median);
    CHECK_FALSE(e.p90);
    CHECK_FALSE(e.min);
    CHECK_FALSE(e.max);

    ArchiveStats stats(as_of("2025-01-01"));
    for (std::int64_t d : {30, 10, 20, 40}) {
        Incident inc;
        inc.duration_minutes = d;
        stats.add(inc);
    }
    stats.add(Incident{});  // no duration: not a zero
    const auto s = stats.summary().duration_minutes;
    CHECK(s.count == 4);
    CHECK(s.median == 25.0);
    CHECK(s.p90 == 37.0);
    CHECK(s.p99 == Approx(39.7));
    CHECK(s.min == 10);
    CHECK(s.max == 40);
}

TEST_CASE("stats: options: as_of is required, dates must be real, since not after until", "[stats]") {
    CHECK_THROWS_AS(ArchiveStats(StatsOptions{}), std::invalid_argument);
    CHECK_THROWS_AS(ArchiveStats(as_of("2024-02-30")), std::invalid_argument);
    CHECK_THROWS_AS(ArchiveStats(as_of("2024-1-01")), std::invalid_argument);
    CHECK_NOTHROW(ArchiveStats(as_of("2024-02-29")));
    StatsOptions o = as_of("2025-01-01");
    o.since = "2024-06-01";
    o.until = "2024-05-31";
    CHECK_THROWS_AS(ArchiveStats(o), std::invalid_argument);
    o.until = "2024-06-01";
    CHECK_NOTHROW(ArchiveStats(o));
}

TEST_CASE("stats: filters: since and until are inclusive, dateless incidents excluded only under a filter",
          "[stats]") {
    const std::vector<std::optional<std::string>> dates{"2023-12-31", "2024-01-01", "2024-06-15", "2024-12-31",
                                                        "2025-01-01", std::nullopt, "not a date"};
    ArchiveStats all(as_of("2025-06-01"));
    for (const auto& d : dates) all.add(dated(d));
    CHECK(all.summary().incidents == 7);
    CHECK(all.summary().without_date == 2);  // an invalid date counts as none
    CHECK(all.summary().excluded_by_filter == 0);

    StatsOptions o = as_of("2025-06-01");
    o.since = "2024-01-01";
    o.until = "2024-12-31";
    ArchiveStats year(o);
    for (const auto& d : dates) year.add(dated(d));
    const auto s = year.summary();
    CHECK(s.incidents == 3);
    CHECK(s.excluded_by_filter == 4);
    CHECK(s.without_date == 0);
    CHECK(s.by_year == std::map<std::string, std::size_t>{{"2024", 3}});
    CHECK(year.added() == 7);

    StatsOptions since_only = as_of("2025-06-01");
    since_only.since = "2024-12-31";
    ArchiveStats later(since_only);
    for (const auto& d : dates) later.add(dated(d));
    CHECK(later.summary().incidents == 2);
    CHECK(later.summary().excluded_by_filter == 5);
}

TEST_CASE("stats: per year and per month, severity and customer impact", "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    Incident a = dated("2024-03-05");
    a.severity = Severity{2, "SEV2", "sev2"};
    a.customer_impact = "none";  // a value: no customer impact
    Incident b = dated("2024-03-20");
    b.severity = Severity{std::nullopt, std::nullopt, "whatever"};  // not recognised: no level
    b.customer_impact = "full_outage";
    Incident c = dated("2023-11-01");
    c.severity = Severity{0, "SEV0", "sev0"};
    Incident d;  // nothing at all
    for (const auto* inc : {&a, &b, &c, &d}) stats.add(*inc);
    const auto s = stats.summary();
    CHECK(s.incidents == 4);
    CHECK(s.by_year == std::map<std::string, std::size_t>{{"2023", 1}, {"2024", 2}});
    CHECK(s.by_month == std::map<std::string, std::size_t>{{"2023-11", 1}, {"2024-03", 2}});
    CHECK(s.without_date == 1);
    CHECK(s.by_severity_level == std::array<std::size_t, 6>{1, 0, 1, 0, 0, 0});
    CHECK(s.without_severity == 2);
    CHECK(s.by_customer_impact == std::map<std::string, std::size_t>{{"full_outage", 1}, {"none", 1}});
    CHECK(s.without_customer_impact == 2);
}

TEST_CASE("stats: open action items: todo, in_progress and blocked are open, a null status is unknown",
          "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    Incident inc = dated("2024-12-01");  // 31 days before as_of
    inc.action_items = {item("todo", "alice"), item("in_progress", "bob"), item("blocked", "alice"),
                        item("done", "alice"), item("cancelled", "carol"), item(std::nullopt, "alice"),
                        item("wontfix", "dave"), item("todo")};
    stats.add(inc);
    const auto s = stats.summary();
    CHECK(s.action_items == 8);
    CHECK(s.open == 4);
    CHECK(s.closed == 2);
    CHECK(s.status_unknown == 2);
    REQUIRE(s.open_by_owner.size() == 3);
    CHECK(s.open_by_owner[0].owner == "alice");
    CHECK(s.open_by_owner[0].open == 2);
    CHECK(s.open_by_owner[0].ages.days_30_89 == 2);
    CHECK(s.open_by_owner[0].oldest_age_days == 31);
    CHECK(s.open_by_owner[1].owner == "bob");
    CHECK_FALSE(s.open_by_owner[2].owner);  // no owner: last
    CHECK(s.open_by_owner[2].open == 1);
}

TEST_CASE("stats: open action items: owners by most open, ties by name, no owner last even with the most",
          "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    Incident inc = dated("2024-12-31");
    inc.action_items = {item("todo", "zoe"), item("todo", "zoe"), item("todo", "bob"), item("todo", "amy"),
                        item("todo"), item("todo"), item("todo")};
    stats.add(inc);
    const auto s = stats.summary();
    REQUIRE(s.open_by_owner.size() == 4);
    CHECK(s.open_by_owner[0].owner == "zoe");
    CHECK(s.open_by_owner[1].owner == "amy");
    CHECK(s.open_by_owner[2].owner == "bob");
    CHECK_FALSE(s.open_by_owner[3].owner);
    CHECK(s.open_by_owner[3].open == 3);
}

TEST_CASE("stats: age buckets: <30, 30-89, 90-364, >=365 days and no date, from the incident's date",
          "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    // Ages: 0, 29 | 30, 89 | 90, 364 | 365, 800 | after as_of (negative) | no date.
    for (const char* d : {"2025-01-01", "2024-12-03", "2024-12-02", "2024-10-04", "2024-10-03", "2024-01-03",
                          "2024-01-02", "2022-10-24", "2025-03-01"}) {
        Incident inc = dated(d);
        inc.action_items = {item("todo", "ops")};
        stats.add(inc);
    }
    Incident undated;
    undated.action_items = {item("blocked", "ops")};
    stats.add(undated);
    const auto s = stats.summary();
    const AgeBuckets want{3, 2, 2, 2, 1};
    CHECK(s.open_ages == want);
    REQUIRE(s.open_by_owner.size() == 1);
    CHECK(s.open_by_owner[0].ages == want);
    CHECK(s.open_by_owner[0].oldest_age_days == 800);

    ArchiveStats only_undated(as_of("2025-01-01"));
    only_undated.add(undated);
    CHECK_FALSE(only_undated.summary().open_by_owner.at(0).oldest_age_days);
}

TEST_CASE("stats: top affected systems: top 10 by incidents naming them, ties by name, once per incident",
          "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    Incident twice;
    twice.affected_systems = {"api", "api", "db"};
    stats.add(twice);
    for (int k = 0; k < 12; ++k) {
        Incident inc;
        inc.affected_systems = {"sys" + std::to_string(k % 12 < 10 ? k : 0), "api"};
        stats.add(inc);
    }
    const auto s = stats.summary();
    CHECK(s.distinct_affected_systems == 12);
    REQUIRE(s.top_affected_systems.size() == 10);
    CHECK(s.top_affected_systems[0] == std::pair<std::string, std::size_t>{"api", 13});
    CHECK(s.top_affected_systems[1] == std::pair<std::string, std::size_t>{"sys0", 3});
    CHECK(s.top_affected_systems[2] == std::pair<std::string, std::size_t>{"db", 1});  // "db" < "sys1"
    CHECK(s.top_affected_systems[3].first == "sys1");
    CHECK(s.top_affected_systems[9].first == "sys7");
}

TEST_CASE("stats: completeness: counts and shares, no share without incidents", "[stats]") {
    ArchiveStats none(as_of("2025-01-01"));
    CHECK(none.summary().with_root_cause.count == 0);
    CHECK_FALSE(none.summary().with_root_cause.share);

    ArchiveStats stats(as_of("2025-01-01"));
    Incident full = dated("2024-01-01");
    full.root_cause = "a bad deploy";
    full.timeline = {TimelineEntry{}};
    full.action_items = {item("done")};
    full.severity = Severity{1, "SEV1", "sev1"};
    full.duration_minutes = 5;
    Incident empty_cause;
    empty_cause.root_cause = "";
    stats.add(full);
    stats.add(empty_cause);
    stats.add(Incident{});
    stats.add(Incident{});
    const auto s = stats.summary();
    for (const auto* f : {&s.with_root_cause, &s.with_timeline, &s.with_action_items, &s.with_severity,
                          &s.with_date, &s.with_duration}) {
        CHECK(f->count == 1);
        CHECK(f->share == 0.25);
    }
}

TEST_CASE("stats: to_json: the documented field names, nulls when nothing is known", "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    const auto j = stats.to_json();
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"stats_version", "as_of", "since", "until", "incidents",
                                           "excluded_by_filter", "by_year", "by_month", "without_date",
                                           "by_severity", "without_severity", "by_customer_impact",
                                           "without_customer_impact", "duration_minutes", "affected_systems",
                                           "action_items", "completeness"});
    CHECK(j["incidents"] == 0);
    CHECK(j["by_severity"].size() == 6);
    CHECK(j["duration_minutes"]["median"].is_null());
    CHECK(j["completeness"]["root_cause"]["share"].is_null());
    CHECK(j["action_items"]["open_ages"].contains("days_365_plus"));

    Incident inc = dated("2024-12-01");
    inc.action_items = {item("todo")};
    stats.add(inc);
    const auto k = stats.to_json();
    CHECK(k["by_year"]["2024"] == 1);
    CHECK(k["action_items"]["open_by_owner"][0]["owner"].is_null());
    CHECK(k["action_items"]["open_by_owner"][0]["oldest_age_days"] == 31);
}

TEST_CASE("stats: to_text: the count and a heading per section", "[stats]") {
    ArchiveStats stats(as_of("2025-01-01"));
    Incident inc = dated("2024-12-01");
    inc.duration_minutes = 90;
    inc.action_items = {item("todo", "Jürgen Müller")};
    stats.add(inc);
    const std::string t = stats.to_text();
    CHECK(t.rfind("1 incident (as of 2025-01-01)\n", 0) == 0);
    for (const char* heading : {"Incidents by year", "Incidents by month", "Severity", "Customer impact",
                                "Duration (minutes)", "Affected systems", "Open action items", "Completeness"}) {
        CHECK(t.find(std::string("\n") + heading) != std::string::npos);
    }
    CHECK(t.find("Jürgen Müller") != std::string::npos);
    CHECK(t.find("median           90") != std::string::npos);
}
