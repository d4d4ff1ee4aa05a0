// The body reader's time resolution: the report's date and zone, stated times, update logs, duration.
#include <algorithm>
#include <iterator>
#include <tuple>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "extract/body_reader.hpp"
#include "extract/items.hpp"
#include "extract/section_names.hpp"
#include "extract/updates.hpp"

namespace incidentkit::body {

std::optional<std::int64_t> BodyReader::instant_of(const TimePrefix& tp, const ClockTime& clock, const std::optional<Date>& anchor,
                                       const std::string& zone) {
    const auto d = tp.date ? tp.date : anchor;
    if (!d) return std::nullopt;
    ClockTime c = clock;
    if (c.zone.empty()) c.zone = zone;
    return to_epoch(*d, c);
}

// Status pages list updates newest first; read them oldest first so the log runs like a timeline.
void BodyReader::order_updates() {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < timeline.size(); ++i) {
        if (timeline[i].update) idx.push_back(i);
    }
    auto key = [&](std::size_t i) {
        const auto& r = timeline[i];
        const Date d = r.date.value_or(Date{});
        const int sod = r.clock ? r.clock->hour * 3600 + r.clock->minute * 60 + r.clock->second : -1;
        return std::make_tuple(d.year, d.month, d.day, sod);
    };
    bool descending = idx.size() > 1, strictly = false;
    for (std::size_t k = 0; k + 1 < idx.size() && descending; ++k) {
        const auto& a = timeline[idx[k]];
        const auto& b = timeline[idx[k + 1]];
        if (!a.clock || !b.clock || a.date.has_value() != b.date.has_value()) descending = false;
        else if (key(idx[k]) < key(idx[k + 1])) descending = false;
        else if (key(idx[k + 1]) < key(idx[k])) strictly = true;
    }
    if (!descending || !strictly) return;
    std::vector<PendingEntry> reversed;
    for (auto it = idx.rbegin(); it != idx.rend(); ++it) reversed.push_back(timeline[*it]);
    for (std::size_t k = 0; k < idx.size(); ++k) timeline[idx[k]] = std::move(reversed[k]);
}

// What an update log states: the last update's status, and its time as the resolution when it resolved.
void BodyReader::from_updates() {
    const TimelineEntry* last = nullptr;         // the last update with a time and a status word
    const TimelineEntry* last_timed = nullptr;   // the last update with a time
    for (const auto& r : timeline) {
        if (!r.update || !r.entry.at) continue;
        last_timed = &r.entry;
        if (!r.entry.tags.empty()) last = &r.entry;
    }
    static const char* const done_words[] = {"resolved", "completed", "complete", "closed", "fixed"};
    bool last_resolves = false;
    if (last && last == last_timed) {
        for (const char* w : done_words) last_resolves = last_resolves || last->tags.front() == w;
    }
    const bool flagged_resolved = in.resolved_flag && *in.resolved_flag;
    if (!inc.resolved_at && last_timed && (last_resolves || flagged_resolved)) inc.resolved_at = last_timed->at;
    if (!inc.status) {
        if (flagged_resolved) {
            inc.status = "resolved";
        } else if (last && is_update_label(last->tags.front())) {
            inc.status = normalize_status(last->tags.front());
        }
    }
    if (in.resolved_flag && !*in.resolved_flag && !inc.status) inc.extra["resolved"] = false;
}

void BodyReader::resolve_times(const std::optional<std::string>& title) {
    const std::string zone = !times.zone.empty()         ? times.zone
                             : !timeline_zone.empty()    ? timeline_zone
                             : !declared_zone.empty()    ? declared_zone
                                                         : in.declared_zone;
    const bool fm_started = inc.started_at.has_value();
    // The report's date: stated start, "Date:", a dated timeline row, the title, the file name, --date.
    std::optional<Date> anchor = times.date ? times.date : in.report_date;
    if (!anchor && times.start && times.start->date) anchor = times.start->date;
    if (!anchor) {
        for (const auto& r : timeline) {
            if (r.date || r.context_date) {
                anchor = r.date ? r.date : r.context_date;
                break;
            }
        }
    }
    if (!anchor && title) anchor = find_date(*title);
    if (!anchor && in.options && !in.options->path.empty()) {
        const auto slash = in.options->path.find_last_of('/');
        const std::string base = in.options->path.substr(slash == std::string::npos ? 0 : slash + 1);
        static const RE2 iso_name{"(\\d{4}-\\d{2}-\\d{2})"};
        std::string d;
        if (RE2::PartialMatch(base, iso_name, &d)) anchor = parse_date(d);
    }
    if (!anchor && in.options && in.options->date) anchor = parse_date(*in.options->date);
    if (in.anchors_out) *in.anchors_out = {anchor, zone};

    // Stated start/end/detected/mitigated from the body.
    auto set_from = [&](std::optional<std::string>& field, const std::optional<TimePrefix>& tp, bool end_of_range) {
        if (field || !tp) return;
        const auto& clock = end_of_range ? tp->end_clock : tp->clock;
        if (!clock) return;
        if (auto e = instant_of(*tp, *clock, anchor, zone)) field = format_instant(*e);
    };
    set_from(inc.started_at, times.start, false);
    if (times.start && times.start->end_clock) set_from(inc.resolved_at, times.start, true);
    set_from(inc.resolved_at, times.end, false);
    set_from(inc.detected_at, times.detected, false);
    set_from(inc.mitigated_at, times.mitigated, false);
    set_from(inc.started_at, times.range, false);
    set_from(inc.resolved_at, times.range, true);
    // An end stated as a bare time that reads earlier than the start is on the next day.
    if (inc.started_at && inc.resolved_at && times.end && !times.end->date) {
        auto s = parse_iso_instant(*inc.started_at), e = parse_iso_instant(*inc.resolved_at);
        if (s && e && *e < *s) inc.resolved_at = format_instant(*e + 86400);
    }

    TimelineAnchor ta;
    ta.zone = zone;
    ta.line = timeline_line;
    if (inc.started_at) {
        if (auto started = parse_iso_instant(*inc.started_at)) {
            if (auto local = local_time_in(*started, zone)) {
                ta.date = local->first;
                ta.seconds_of_day = local->second;
                ta.zoned_instant = fm_started ? in.started_zone_stated
                                              : (times.start && times.start->clock && !times.start->clock->zone.empty());
            }
        }
    }
    if (!ta.date) ta.date = anchor;
    order_updates();
    resolve_timeline(timeline, ta, diags);
    from_updates();
    for (auto& r : timeline) inc.timeline.push_back(std::move(r.entry));

    if (!inc.started_at) {
        for (const auto& e : inc.timeline) {
            if (e.at) {
                inc.started_at = e.at;
                break;
            }
        }
    }
    if (inc.started_at && inc.resolved_at) {
        const auto s = parse_iso_instant(*inc.started_at), e = parse_iso_instant(*inc.resolved_at);
        if (s && e) {
            const std::int64_t computed = (*e - *s) / 60;
            if (!inc.duration_minutes) {
                if (computed >= 0) inc.duration_minutes = computed;
            } else if (*inc.duration_minutes != computed) {
                diags.push_back(warning_at(in.duration_line,
                                           "duration_minutes is " + std::to_string(*inc.duration_minutes) +
                                               " but resolved_at - started_at is " + std::to_string(computed) +
                                               " minutes; keeping the stated duration"));
            }
        }
    }
}

}  // namespace incidentkit::body
