// ArchiveStats: counting incidents, and the summary's figures (percentiles, owners, top systems).
// Rendering the summary (JSON, text) is in stats_render.cpp.
#include "incidentkit/stats.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <stdexcept>
#include <string_view>

namespace incidentkit {

namespace {

// Days since 1970-01-01 of a valid ISO date "YYYY-MM-DD" (a real calendar day); none otherwise.
std::optional<std::int64_t> day_number(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k) {
        for (std::size_t i = starts[k]; i < starts[k] + lengths[k]; ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            parts[k] = parts[k] * 10 + (s[i] - '0');
        }
    }
    using namespace std::chrono;
    const year_month_day ymd{year(parts[0]), month(static_cast<unsigned>(parts[1])), day(static_cast<unsigned>(parts[2]))};
    if (!ymd.ok()) return std::nullopt;
    return static_cast<std::int64_t>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

std::int64_t checked_day(const std::optional<std::string>& s, const char* what) {
    const auto d = s ? day_number(*s) : std::nullopt;
    if (!d) {
        throw std::invalid_argument(std::string(what) + ": '" + (s ? *s : std::string()) +
                                    "' is not a YYYY-MM-DD date");
    }
    return *d;
}

void bucket(AgeBuckets& b, std::optional<std::int64_t> age) {
    if (!age) ++b.no_date;
    else if (*age < 30) ++b.days_0_29;
    else if (*age < 90) ++b.days_30_89;
    else if (*age < 365) ++b.days_90_364;
    else ++b.days_365_plus;
}

FieldShare share(std::size_t count, std::size_t total) {
    FieldShare f;
    f.count = count;
    if (total) f.share = static_cast<double>(count) / static_cast<double>(total);
    return f;
}

}  // namespace

ArchiveStats::ArchiveStats(StatsOptions options) : options_(std::move(options)) {
    as_of_day_ = checked_day(options_.as_of, "as_of");
    std::optional<std::int64_t> since, until;
    if (options_.since) since = checked_day(options_.since, "since");
    if (options_.until) until = checked_day(options_.until, "until");
    if (since && until && *since > *until) {
        throw std::invalid_argument("since (" + *options_.since + ") is later than until (" + *options_.until + ")");
    }
}

void ArchiveStats::add(const Incident& inc) {
    const auto day = inc.date ? day_number(*inc.date) : std::nullopt;
    // ISO dates compare as strings; a valid date is exactly YYYY-MM-DD.
    if (options_.since || options_.until) {
        const bool before = options_.since && day && *inc.date < *options_.since;
        const bool after = options_.until && day && *inc.date > *options_.until;
        if (!day || before || after) {
            ++excluded_;
            return;
        }
    }
    ++counted_;

    if (day) {
        ++with_date_;
        ++by_year_[inc.date->substr(0, 4)];
        ++by_month_[inc.date->substr(0, 7)];
    } else {
        ++without_date_;
    }

    if (inc.severity && inc.severity->level && *inc.severity->level >= 0 && *inc.severity->level <= 5) {
        ++by_level_[static_cast<std::size_t>(*inc.severity->level)];
        ++with_severity_;
    } else {
        ++without_severity_;
    }
    if (inc.customer_impact) ++by_impact_[*inc.customer_impact];
    else ++without_impact_;

    if (inc.duration_minutes) {
        durations_.push_back(*inc.duration_minutes);
        ++with_duration_;
    }

    std::set<std::string_view> named;
    for (const auto& s : inc.affected_systems) {
        if (!s.empty() && named.insert(s).second) ++systems_[s];
    }

    if (inc.root_cause && !inc.root_cause->empty()) ++with_root_cause_;
    if (!inc.timeline.empty()) ++with_timeline_;
    if (!inc.action_items.empty()) ++with_actions_;

    const std::optional<std::int64_t> age = day ? std::optional<std::int64_t>(as_of_day_ - *day) : std::nullopt;
    for (const auto& a : inc.action_items) {
        ++actions_;
        const std::string_view st = a.status ? std::string_view(*a.status) : std::string_view();
        if (st == "todo" || st == "in_progress" || st == "blocked") {
            ++open_;
        } else if (st == "done" || st == "cancelled") {
            ++closed_;
            continue;
        } else {
            ++status_unknown_;
            continue;
        }
        bucket(open_ages_, age);
        if (!a.owner && !no_owner_) no_owner_ = OwnerTally{};  // not emplace(): clang 14 finds no default constructor
        OwnerTally& t = a.owner ? owners_[a.owner->name] : *no_owner_;
        ++t.open;
        bucket(t.ages, age);
        if (age && (!t.oldest || *age > *t.oldest)) t.oldest = age;
    }
}

std::optional<double> ArchiveStats::percentile(std::vector<std::int64_t>& values, int percent) {
    if (percent < 0 || percent > 100) throw std::invalid_argument("percentile: percent must be 0..100");
    if (values.empty()) return std::nullopt;
    if (!std::is_sorted(values.begin(), values.end())) std::sort(values.begin(), values.end());
    // Position (n-1)*p/100 = j + delta/100; interpolate between values[j] and values[j+1]. In integers, as
    // Python's statistics.quantiles does, so both give the same double: (a*(100-delta) + b*delta) / 100.
    const std::size_t m = values.size() - 1;
    const std::size_t j = m * static_cast<std::size_t>(percent) / 100;
    const auto delta = static_cast<std::int64_t>(m * static_cast<std::size_t>(percent) % 100);
    const std::int64_t a = values[j];
    if (delta == 0) return static_cast<double>(a);
    const std::int64_t b = values[j + 1];
    // Below 10^13 the numerator is under 10^15 < 2^53: exact as a double, so the one rounding is the division's.
    constexpr std::int64_t kExact = 10'000'000'000'000;
    if (a > -kExact && a < kExact && b > -kExact && b < kExact) {
        return static_cast<double>(a * (100 - delta) + b * delta) / 100.0;
    }
    const long double la = static_cast<long double>(a), lb = static_cast<long double>(b);
    return static_cast<double>(la + (lb - la) * static_cast<long double>(delta) / 100.0L);
}

StatsSummary ArchiveStats::summary() const {
    StatsSummary s;
    s.as_of = options_.as_of;
    s.since = options_.since;
    s.until = options_.until;
    s.incidents = counted_;
    s.excluded_by_filter = excluded_;
    s.by_year = by_year_;
    s.by_month = by_month_;
    s.without_date = without_date_;
    s.by_severity_level = by_level_;
    s.without_severity = without_severity_;
    s.by_customer_impact = by_impact_;
    s.without_customer_impact = without_impact_;

    std::vector<std::int64_t> d = durations_;
    std::sort(d.begin(), d.end());
    s.duration_minutes.count = d.size();
    if (!d.empty()) {
        s.duration_minutes.median = percentile(d, 50);
        s.duration_minutes.p90 = percentile(d, 90);
        s.duration_minutes.p99 = percentile(d, 99);
        s.duration_minutes.min = d.front();
        s.duration_minutes.max = d.back();
    }

    s.distinct_affected_systems = systems_.size();
    std::vector<std::pair<std::string, std::size_t>> systems(systems_.begin(), systems_.end());
    const auto more = [](const auto& x, const auto& y) {
        return x.second != y.second ? x.second > y.second : x.first < y.first;
    };
    const std::size_t top = std::min<std::size_t>(10, systems.size());
    std::partial_sort(systems.begin(), systems.begin() + static_cast<std::ptrdiff_t>(top), systems.end(), more);
    systems.resize(top);
    s.top_affected_systems = std::move(systems);

    s.action_items = actions_;
    s.open = open_;
    s.closed = closed_;
    s.status_unknown = status_unknown_;
    s.open_ages = open_ages_;
    for (const auto& [name, t] : owners_) s.open_by_owner.push_back({name, t.open, t.ages, t.oldest});
    std::stable_sort(s.open_by_owner.begin(), s.open_by_owner.end(),
                     [](const OwnerOpenItems& x, const OwnerOpenItems& y) { return x.open > y.open; });
    if (no_owner_) s.open_by_owner.push_back({std::nullopt, no_owner_->open, no_owner_->ages, no_owner_->oldest});

    s.with_root_cause = share(with_root_cause_, counted_);
    s.with_timeline = share(with_timeline_, counted_);
    s.with_action_items = share(with_actions_, counted_);
    s.with_severity = share(with_severity_, counted_);
    s.with_date = share(with_date_, counted_);
    s.with_duration = share(with_duration_, counted_);
    return s;
}

}  // namespace incidentkit
