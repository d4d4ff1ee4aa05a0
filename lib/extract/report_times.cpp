// The body reader's time resolution: the report's date and zone, stated times, update logs, duration.
#include <algorithm>
#include <iterator>
#include <tuple>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "extract/body_reader.hpp"
#include "extract/items.hpp"
#include "extract/section_names.hpp"
#include "extract/incident_day.hpp"
#include "extract/updates.hpp"
#include "readers/input_text.hpp"

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
namespace {

bool is_generic_update_label(const std::string& label) {
    const std::string k = text::key_form(label);
    return k == "update" || k == "updates" || k == "updated" || k == "initial message" || k == "message" ||
           k == "note" || k == "notice" || k == "info" || k == "information";
}

}  // namespace

void BodyReader::from_updates() {
    const PendingEntry* last = nullptr;         // the last update with a time and a status word
    const PendingEntry* last_timed = nullptr;   // the last update with a time
    for (const auto& r : timeline) {
        if (!r.update || !r.entry.at) continue;
        last_timed = &r;
        // "Update", "Initial message": a label that says an update was posted, not where the incident stands.
        if (!r.entry.tags.empty() && !is_generic_update_label(r.entry.tags.front())) last = &r;
    }
    static const char* const done_words[] = {"resolved", "completed", "complete", "closed", "fixed"};
    bool last_resolves = false;
    if (last && last == last_timed) {
        for (const char* w : done_words) last_resolves = last_resolves || last->entry.tags.front() == w;
    }
    const bool flagged_resolved = in.resolved_flag && *in.resolved_flag;
    if (!inc.resolved_at && last_timed && (last_resolves || flagged_resolved)) {
        inc.resolved_at = last_timed->entry.at;
        prov.note(inc, "/resolved_at", last_timed->line,
                  last_resolves ? "the last update, which resolves it" : "the last update (the post says resolved)");
    }
    if (!inc.status) {
        if (flagged_resolved) {
            inc.status = "resolved";
            prov.note(inc, "/status", 0, "the front matter's resolved flag");
        } else if (last && is_update_label(last->entry.tags.front())) {
            inc.status = normalize_status(last->entry.tags.front());
            prov.note(inc, "/status", last->line, "the last update's status word");
        }
    }
    if (in.resolved_flag && !*in.resolved_flag && !inc.status) inc.extra["resolved"] = false;
}

namespace {

bool inferred_field(const Incident& inc, std::string_view pointer) {
    for (const auto& p : inc.source.provenance) {
        if (p.pointer == pointer) return p.inferred;
    }
    return false;
}

}  // namespace

void BodyReader::resolve_times(const std::optional<std::string>& title, std::size_t title_line) {
    const std::string zone = !times.zone.empty()         ? times.zone
                             : !timeline_zone.empty()    ? timeline_zone
                             : !declared_zone.empty()    ? declared_zone
                                                         : in.declared_zone;
    const bool fm_started = inc.started_at.has_value();
    const std::string path = in.options ? in.options->path : std::string();
    // A date a sentence states ("On 4th March, ... from 09:10 to 10:40 UTC"), the year from the file name.
    std::optional<SentenceDate> sentence;
    std::size_t sentence_line = 0;
    {
        const std::optional<int> year = year_in_path(path);
        if (inc.summary) sentence = sentence_date(*inc.summary, year);
        if (sentence && summary_line) sentence_line = summary_line;
        if (!sentence) {
            // The first paragraphs of the body, without code: reports often open with that sentence.
            const std::string_view head = utf8_prefix(in.body, 4000);
            sentence = sentence_date(head, year);
        }
        if (sentence && !sentence_line) {
            const auto at = std::string_view(in.whole).find(sentence->sentence.substr(0, std::min<std::size_t>(20, sentence->sentence.size())));
            sentence_line = at == std::string_view::npos ? 0 : in.lines->line_of(at);
        }
    }
    // "03/10/2021" reads as March 10 unless the file name says October 3 (day first).
    if (times.date && times.date->day <= 12 && times.date->month <= 12 && times.date->day != times.date->month) {
        const Date swapped{times.date->year, times.date->day, times.date->month};
        if (date_in_path(path) == swapped) times.date = swapped;
    }
    // The date that anchors dateless times: stated start, "Date:", a dated timeline row, the title, a
    // sentence, the file name, --date. Inferred (read from prose or the file name) taints what it anchors.
    struct Anchor {
        std::optional<Date> date;
        std::size_t line = 0;
        std::string rule;
        bool inferred = false;
    } anchor;
    auto offer = [&](const std::optional<Date>& d, std::size_t line, const char* rule, bool inferred) {
        if (!anchor.date && d) anchor = {d, line, rule, inferred};
    };
    offer(times.date, times.date_line, "metadata date line", false);
    offer(in.report_date, in.report_date_line, "the report's date", false);
    if (times.start) offer(times.start->date, times.start_line, "metadata start", false);
    for (const auto& r : timeline) {
        if (r.date || r.context_date) {
            offer(r.date ? r.date : r.context_date, r.line, "the first dated timeline entry", false);
            break;
        }
    }
    if (title) offer(find_date(*title), title_line, "a date in the title", false);
    if (sentence) offer(sentence->date, sentence_line, "a sentence: on <date>", true);
    offer(date_in_path(path), 0, "a date in the file name", true);
    if (in.options && in.options->date) offer(parse_date(*in.options->date), 0, "--date", false);
    if (in.anchors_out) *in.anchors_out = {anchor.date, zone};

    // Stated start/end/detected/mitigated from the body.
    auto set_from = [&](std::optional<std::string>& field, const char* pointer, const std::optional<TimePrefix>& tp,
                        bool end_of_range, std::size_t line, const char* rule) {
        if (field || !tp) return;
        const auto& clock = end_of_range ? tp->end_clock : tp->clock;
        if (!clock) return;
        if (auto e = instant_of(*tp, *clock, anchor.date, zone)) {
            field = format_instant(*e);
            const bool tainted = !tp->date && anchor.inferred;
            if (prov.on()) prov.note(inc, pointer, line, tainted ? std::string(rule) + " on " + anchor.rule : rule, tainted);
        }
    };
    set_from(inc.started_at, "/started_at", times.start, false, times.start_line, "metadata start");
    if (times.start && times.start->end_clock) set_from(inc.resolved_at, "/resolved_at", times.start, true, times.start_line, "metadata start range");
    set_from(inc.resolved_at, "/resolved_at", times.end, false, times.end_line, "metadata end");
    set_from(inc.detected_at, "/detected_at", times.detected, false, times.detected_line, "metadata detected");
    set_from(inc.mitigated_at, "/mitigated_at", times.mitigated, false, times.mitigated_line, "metadata mitigated");
    set_from(inc.started_at, "/started_at", times.range, false, times.range_line, "a time range beside the duration");
    set_from(inc.resolved_at, "/resolved_at", times.range, true, times.range_line, "a time range beside the duration");
    // "On 4th March, checkout was down from 09:10 to 10:40 UTC": read from prose.
    if (sentence) {
        const std::string sentence_zone = zone;
        auto from_sentence = [&](std::optional<std::string>& field, const char* pointer, const std::optional<ClockTime>& c) {
            if (field || !c) return;
            ClockTime clock = *c;
            if (clock.zone.empty()) clock.zone = sentence_zone;
            if (auto e = to_epoch(sentence->date, clock)) {
                field = format_instant(*e);
                prov.note(inc, pointer, sentence_line, "a sentence: on <date> ... <time>", true, sentence->sentence);
            }
        };
        from_sentence(inc.started_at, "/started_at", sentence->start);
        from_sentence(inc.resolved_at, "/resolved_at", sentence->end);
    }
    // An end stated as a bare time that reads earlier than the start is on the next day.
    if (inc.started_at && inc.resolved_at && times.end && !times.end->date) {
        auto s = parse_iso_instant(*inc.started_at), e = parse_iso_instant(*inc.resolved_at);
        if (s && e && *e < *s) inc.resolved_at = format_instant(*e + 86400);
    }

    // The earliest date a timeline row states (its own, or a day heading's): a candidate for the incident's day.
    // Rows dated only through the anchor say nothing about the day.
    std::optional<Date> stated_earliest;
    std::size_t stated_earliest_line = 0;
    // A row dated before the row above it, in a table otherwise in order, is a typo; a first row that lands the
    // latent cause ("pull request ... was merged", "bug ... is introduced") is not when the incident began.
    std::vector<std::optional<Date>> row_day;
    for (const auto& r : timeline) row_day.push_back(r.date ? r.date : r.context_date);
    std::vector<bool> skip(timeline.size(), false);
    {
        std::size_t dated = 0, out_of_order = 0;
        std::optional<Date> prev;
        for (std::size_t i = 0; i < timeline.size(); ++i) {
            if (!row_day[i]) continue;
            ++dated;
            if (prev && *row_day[i] < *prev) {
                skip[i] = true;
                ++out_of_order;
                continue;
            }
            prev = row_day[i];
        }
        if (dated < 4 || out_of_order * 4 > dated) std::fill(skip.begin(), skip.end(), false);
        static const RE2 latent{R"re((?i)\b(?:was|were|is|got)\s+(?:merged|introduced|committed|landed)\b|\b(?:introduc(?:ed|es)|merg(?:ed|es))\s+(?:a|the)\s+(?:bug|regression|change))re"};
        for (std::size_t i = 0; i < timeline.size(); ++i) {
            if (!row_day[i] || skip[i]) continue;
            if (RE2::PartialMatch(timeline[i].entry.event, latent)) skip[i] = true;
            break;  // only the first dated row
        }
    }
    for (std::size_t i = 0; i < timeline.size(); ++i) {
        if (skip[i] || !row_day[i] || (stated_earliest && !(*row_day[i] < *stated_earliest))) continue;
        stated_earliest = row_day[i];
        stated_earliest_line = timeline[i].line;
    }

    TimelineAnchor ta;
    ta.zone = zone;
    ta.line = timeline_line;
    bool ta_inferred = anchor.inferred;
    if (inc.started_at) {
        if (auto started = parse_iso_instant(*inc.started_at)) {
            if (auto local = local_time_in(*started, zone)) {
                ta.date = local->first;
                ta.seconds_of_day = local->second;
                ta.zoned_instant = fm_started ? in.started_zone_stated
                                              : (times.start && times.start->clock && !times.start->clock->zone.empty());
                ta_inferred = inferred_field(inc, "/started_at");
            }
        }
    }
    if (!ta.date) ta.date = anchor.date;
    order_updates();
    resolve_timeline(timeline, ta, diags);
    from_updates();
    for (auto& r : timeline) {
        tick();
        const std::size_t i = inc.timeline.size();
        const bool own_date = r.date.has_value();
        inc.timeline.push_back(std::move(r.entry));
        if (prov.on()) {
            const std::string ptr = "/timeline/" + std::to_string(i);
            prov.note(inc, ptr, r.line, r.update ? "status update" : "timeline entry");
            if (inc.timeline.back().at && !own_date && ta_inferred) {
                prov.note(inc, ptr + "/at", r.line, "the entry's time on a date read from prose or the file name", true);
            }
        }
    }

    if (!inc.started_at) {
        for (std::size_t i = 0; i < inc.timeline.size(); ++i) {
            if (inc.timeline[i].at) {
                inc.started_at = inc.timeline[i].at;
                const bool tainted = inferred_field(inc, "/timeline/" + std::to_string(i) + "/at");
                prov.note(inc, "/started_at", 0, "the first timeline instant (/timeline/" + std::to_string(i) + ")", tainted,
                          inc.timeline[i].time + " " + inc.timeline[i].event.substr(0, 60));
                break;
            }
        }
    }
    if (inc.started_at && inc.resolved_at) {
        const auto s = parse_iso_instant(*inc.started_at), e = parse_iso_instant(*inc.resolved_at);
        if (s && e) {
            const std::int64_t computed = (*e - *s) / 60;
            if (!inc.duration_minutes) {
                if (computed >= 0) {
                    inc.duration_minutes = computed;
                    prov.note(inc, "/duration_minutes", 0, "resolved_at - started_at",
                              inferred_field(inc, "/started_at") || inferred_field(inc, "/resolved_at"));
                }
            } else if (*inc.duration_minutes != computed) {
                diags.push_back(warning_at(in.duration_line,
                                           "duration_minutes is " + std::to_string(*inc.duration_minutes) +
                                               " but resolved_at - started_at is " + std::to_string(computed) +
                                               " minutes; keeping the stated duration"));
            }
        }
    }
    choose_day(title, title_line, sentence, sentence_line, stated_earliest, stated_earliest_line);
}

}  // namespace incidentkit::body
