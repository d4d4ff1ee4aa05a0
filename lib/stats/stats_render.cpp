// ArchiveStats' summary as JSON (the documented field names) and as text tables for a terminal.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "incidentkit/stats.hpp"

namespace incidentkit {

namespace {

using json = nlohmann::ordered_json;

template <class T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json ages_json(const AgeBuckets& b) {
    return {{"days_0_29", b.days_0_29},
            {"days_30_89", b.days_30_89},
            {"days_90_364", b.days_90_364},
            {"days_365_plus", b.days_365_plus},
            {"no_date", b.no_date}};
}

json share_json(const FieldShare& f) { return {{"count", f.count}, {"share", opt(f.share)}}; }

// Code points, as a stand-in for the width on a terminal (UTF-8 continuation bytes do not count).
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string left(std::string_view s, std::size_t w) {
    std::string out(s);
    for (std::size_t k = width(s); k < w; ++k) out += ' ';
    return out;
}

std::string right(std::string_view s, std::size_t w) {
    std::string out;
    for (std::size_t k = width(s); k < w; ++k) out += ' ';
    return out.append(s);
}

using Table = std::vector<std::vector<std::string>>;

// The rows indented by two spaces, columns two apart: the first left-aligned, the others right-aligned.
void table(std::string& out, const Table& t) {
    std::vector<std::size_t> w;
    for (const auto& row : t) {
        if (w.size() < row.size()) w.resize(row.size(), 0);
        for (std::size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], width(row[c]));
    }
    for (const auto& row : t) {
        std::string line = "  ";
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += c == 0 ? left(row[c], w[c]) : "  " + right(row[c], w[c]);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + '\n';
    }
}

std::string number(const std::optional<double>& d) { return d ? fmt::format("{}", *d) : "-"; }

std::string percent(const FieldShare& f) { return f.share ? fmt::format("{:.1f}%", *f.share * 100) : "-"; }

}  // namespace

json ArchiveStats::to_json() const {
    const StatsSummary s = summary();
    json j;
    j["stats_version"] = 1;
    j["as_of"] = s.as_of;
    j["since"] = opt(s.since);
    j["until"] = opt(s.until);
    j["incidents"] = s.incidents;
    j["excluded_by_filter"] = s.excluded_by_filter;
    j["by_year"] = json::object();
    for (const auto& [k, v] : s.by_year) j["by_year"][k] = v;
    j["by_month"] = json::object();
    for (const auto& [k, v] : s.by_month) j["by_month"][k] = v;
    j["without_date"] = s.without_date;
    j["by_severity"] = json::object();
    for (std::size_t level = 0; level < s.by_severity_level.size(); ++level) {
        j["by_severity"][std::to_string(level)] = s.by_severity_level[level];
    }
    j["without_severity"] = s.without_severity;
    j["by_customer_impact"] = json::object();
    for (const auto& [k, v] : s.by_customer_impact) j["by_customer_impact"][k] = v;
    j["without_customer_impact"] = s.without_customer_impact;
    const auto& d = s.duration_minutes;
    j["duration_minutes"] = {{"count", d.count}, {"median", opt(d.median)}, {"p90", opt(d.p90)},
                             {"p99", opt(d.p99)},  {"min", opt(d.min)},       {"max", opt(d.max)}};
    json top = json::array();
    for (const auto& [name, n] : s.top_affected_systems) top.push_back({{"name", name}, {"incidents", n}});
    j["affected_systems"] = {{"distinct", s.distinct_affected_systems}, {"top", std::move(top)}};
    json owners = json::array();
    for (const auto& o : s.open_by_owner) {
        owners.push_back({{"owner", opt(o.owner)},
                          {"open", o.open},
                          {"ages", ages_json(o.ages)},
                          {"oldest_age_days", opt(o.oldest_age_days)}});
    }
    j["action_items"] = {{"total", s.action_items},
                         {"open", s.open},
                         {"closed", s.closed},
                         {"status_unknown", s.status_unknown},
                         {"open_ages", ages_json(s.open_ages)},
                         {"open_by_owner", std::move(owners)}};
    j["completeness"] = {{"root_cause", share_json(s.with_root_cause)},
                         {"timeline", share_json(s.with_timeline)},
                         {"action_items", share_json(s.with_action_items)},
                         {"severity", share_json(s.with_severity)},
                         {"date", share_json(s.with_date)},
                         {"duration_minutes", share_json(s.with_duration)}};
    return j;
}

std::string ArchiveStats::to_text() const {
    const StatsSummary s = summary();
    std::string out = fmt::format("{} incident{} (as of {})", s.incidents, s.incidents == 1 ? "" : "s", s.as_of);
    if (s.since || s.until) {
        out += fmt::format("; dated {} to {}, {} excluded", s.since ? *s.since : "...", s.until ? *s.until : "...",
                           s.excluded_by_filter);
    }
    out += '\n';
    auto section = [&](const std::string& heading, const Table& t) {
        out += "\n" + heading + "\n";
        if (t.empty()) out += "  (none)\n";
        table(out, t);
    };
    auto count = [](std::size_t n) { return std::to_string(n); };
    auto whole = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("-"); };

    Table t;
    for (const auto& [year, n] : s.by_year) t.push_back({year, count(n)});
    if (s.without_date) t.push_back({"no date", count(s.without_date)});
    section("Incidents by year", t);
    t.clear();
    for (const auto& [month, n] : s.by_month) t.push_back({month, count(n)});
    section("Incidents by month", t);

    t.clear();
    for (std::size_t level = 0; level < s.by_severity_level.size(); ++level) {
        t.push_back({fmt::format("SEV{}", level), count(s.by_severity_level[level])});
    }
    t.push_back({"not stated", count(s.without_severity)});
    section("Severity", t);
    t.clear();
    for (const auto& [impact, n] : s.by_customer_impact) t.push_back({impact, count(n)});
    t.push_back({"(not stated)", count(s.without_customer_impact)});
    section("Customer impact", t);

    const auto& d = s.duration_minutes;
    section("Duration (minutes)", {{"with a duration", count(d.count)},
                                   {"median", number(d.median)},
                                   {"p90", number(d.p90)},
                                   {"p99", number(d.p99)},
                                   {"min", whole(d.min)},
                                   {"max", whole(d.max)}});

    t.clear();
    for (const auto& [name, n] : s.top_affected_systems) t.push_back({name, count(n)});
    section(s.distinct_affected_systems > s.top_affected_systems.size()
                ? fmt::format("Top affected systems ({} of {})", s.top_affected_systems.size(),
                              s.distinct_affected_systems)
                : std::string("Affected systems"),
            t);

    out += fmt::format("\nOpen action items\n  {} action items: {} open (todo, in_progress, blocked), {} closed, "
                       "{} status unknown\n",
                       s.action_items, s.open, s.closed, s.status_unknown);
    if (!s.open_by_owner.empty()) {
        t = {{"owner", "open", "<30d", "30-89d", "90-364d", ">=365d", "no date", "oldest (days)"}};
        auto row = [&](std::string name, std::size_t open, const AgeBuckets& b, std::optional<std::int64_t> old) {
            t.push_back({std::move(name), count(open), count(b.days_0_29), count(b.days_30_89), count(b.days_90_364),
                         count(b.days_365_plus), count(b.no_date), whole(old)});
        };
        std::optional<std::int64_t> oldest;
        for (const auto& o : s.open_by_owner) {
            row(o.owner ? *o.owner : "(no owner)", o.open, o.ages, o.oldest_age_days);
            if (o.oldest_age_days && (!oldest || *o.oldest_age_days > *oldest)) oldest = o.oldest_age_days;
        }
        row("all owners", s.open, s.open_ages, oldest);
        table(out, t);
    }

    t.clear();
    for (const auto& [label, f] : {std::pair<const char*, const FieldShare&>{"root cause", s.with_root_cause},
                                   {"timeline", s.with_timeline},
                                   {"action items", s.with_action_items},
                                   {"severity", s.with_severity},
                                   {"date", s.with_date},
                                   {"duration", s.with_duration}}) {
        t.push_back({label, count(f.count), percent(f)});
    }
    section("Completeness (incidents that state it)", t);
    return out;
}

}  // namespace incidentkit
