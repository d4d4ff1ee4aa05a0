// The shared body reader: title, sections by heading synonyms, metadata, and time resolution.
#include "readers/report_body.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "readers/items.hpp"
#include "readers/metadata.hpp"
#include "readers/section_names.hpp"
#include "readers/timeline.hpp"
#include "readers/updates.hpp"

namespace incidentkit {
namespace {

using md::Block;
using Kind = md::Block::Kind;

struct SectionSpan {
    SectionKind kind = SectionKind::unknown;
    std::string heading;
    int level = 0;
    std::size_t heading_line = 0;
    std::vector<const Block*> blocks;
    std::string markdown;  // verbatim source between this heading and the next section
};

// Source lines [first, last] joined, with leading/trailing blank lines dropped.
std::string source_lines(const md::LineIndex& lines, std::size_t first, std::size_t last) {
    while (first <= last && text::trim(lines.line(first)).empty()) ++first;
    while (last >= first && last > 0 && text::trim(lines.line(last)).empty()) --last;
    std::string out;
    for (std::size_t n = first; n <= last && n > 0; ++n) {
        if (!out.empty() || n > first) out += '\n';
        out += lines.line(n);
    }
    return out;
}

bool is_setext_underline(std::string_view line) {
    const auto t = text::trim(line);
    return !t.empty() && t.find_first_not_of(t[0] == '=' ? "=" : "-") == std::string_view::npos &&
           (t[0] == '=' || t[0] == '-');
}

struct BodyReader {
    const BodyInput& in;
    Incident& inc;
    std::vector<Diagnostic>& diags;
    StatedTimes times;
    std::vector<PendingEntry> timeline;
    std::size_t timeline_line = 0;
    std::string timeline_zone;  // from a "Timeline (PT)" heading
    std::optional<bool> impact_loss, summary_loss;
    std::string declared_zone;  // "All times in Pacific Time" in this body

    void meta_from_block(const Block& b, bool keep_unknown) {
        auto pair = [&](const std::string& k, const std::string& v, std::size_t line) {
            if (!apply_metadata(k, v, line, inc, times, diags) && keep_unknown) {
                const std::string key = text::snake_case(k);
                if (!key.empty() && !inc.extra.contains(key)) inc.extra[key] = v;
            }
        };
        if (b.kind == Kind::table) {
            for (std::size_t r = 0; r < b.rows.size(); ++r) {
                const auto& row = b.rows[r];
                if (row.size() < 2) continue;
                const std::string k = text::key_form(row[0]);
                if (r == 0 && (k == "field" || k == "key" || k == "property" || k == "item" || k == "attribute" ||
                               k == "name" || k.empty())) {
                    continue;  // the header of a Field | Value table
                }
                pair(std::string(text::trim(row[0])), std::string(text::trim(row[1])), b.row_lines[r]);
            }
            return;
        }
        for (std::size_t i = 0; i < b.lines.size(); ++i) {
            if (auto kv = split_key_value(b.lines[i])) pair(kv->first, kv->second, b.line + i);
        }
    }

    // Blocks before the first section: metadata lines, else summary prose.
    void preamble(const std::vector<const Block*>& blocks, std::string& summary_md) {
        for (const Block* b : blocks) {
            if (is_site_markup(*b)) continue;
            if (auto u = parse_update_paragraph(*b)) {
                timeline.push_back(std::move(*u));
                continue;
            }
            if (b->kind == Kind::table) {
                meta_from_block(*b, true);
                continue;
            }
            if (b->kind != Kind::paragraph && b->kind != Kind::list_item) continue;
            if (timed_rows(*b)) continue;
            std::vector<std::string> prose;
            for (std::size_t i = 0; i < b->lines.size(); ++i) {
                auto kv = split_key_value(b->lines[i]);
                if (kv && apply_metadata(kv->first, kv->second, b->line + i, inc, times, diags)) continue;
                const std::string clean = strip_site_markup(b->md_lines[i]);
                const bool declaration = b->lines[i].size() < 48 && !find_zone_declaration(b->lines[i]).empty();
                if (!clean.empty() && !declaration) prose.push_back(clean);
            }
            if (!prose.empty()) {
                std::string p;
                for (const auto& l : prose) p += (p.empty() ? "" : "\n") + l;
                summary_md += (summary_md.empty() ? "" : "\n\n") + p;
            }
        }
    }

    // Before any section, a bullet that starts with a time (or a paragraph of such lines) is a timeline row:
    // reports of several short outages often give each one a few timed bullets and no Timeline heading.
    bool timed_rows(const Block& b) {
        std::vector<PendingEntry> rows;
        for (std::size_t i = 0; i < b.lines.size(); ++i) {
            auto e = parse_timeline_line(b.lines[i], b.line + i);
            if (!e) return false;
            rows.push_back(std::move(*e));
        }
        if (rows.empty()) return false;
        if (!timeline_line) timeline_line = b.line;
        for (auto& r : rows) timeline.push_back(std::move(r));
        return true;
    }

    void impact(const SectionSpan& s) {
        for (const Block* b : s.blocks) {
            if (b->kind == Kind::table) {
                meta_from_block(*b, false);
                continue;
            }
            if (b->kind != Kind::paragraph && b->kind != Kind::list_item) continue;
            std::vector<std::pair<std::string, std::string>> units;  // (plain, md)
            if (b->kind == Kind::list_item) {
                units.emplace_back(b->text(), b->md_text());
            } else {
                for (std::size_t i = 0; i < b->lines.size(); ++i) units.emplace_back(b->lines[i], b->md_lines[i]);
            }
            for (std::size_t i = 0; i < units.size(); ++i) {
                const auto& [plain, mdtext] = units[i];
                if (text::trim(mdtext).empty()) continue;  // an item that only holds a nested list
                inc.impact.items.push_back(mdtext);
                if (auto m = parse_metric(plain)) inc.impact.metrics.push_back(*m);
                if (auto kv = split_key_value(plain)) {
                    const std::string k = text::key_form(kv->first);
                    if (k == "duration" || k == "data loss" || k == "customer impact") {
                        apply_metadata(kv->first, kv->second, b->line + i, inc, times, diags);
                    }
                }
                if (!impact_loss) impact_loss = data_loss_statement(plain);
            }
        }
    }

    void timeline_section(const SectionSpan& s) {
        if (!timeline_line) timeline_line = s.heading_line;
        if (timeline_zone.empty()) timeline_zone = heading_zone(s.heading);
        std::optional<Date> context;
        constexpr std::size_t none = static_cast<std::size_t>(-1);
        std::size_t under_heading = none;  // the entry a timestamp heading opened (not optional: GCC 12 warns)
        for (const Block* b : s.blocks) {
            if (b->kind != Kind::heading && under_heading != none &&
                (b->kind == Kind::paragraph || b->kind == Kind::list_item)) {
                auto& e = timeline[under_heading].entry;
                e.event += (e.event.empty() ? "" : " ") + b->text();
                continue;
            }
            if (auto u = parse_update_paragraph(*b)) {
                u->context_date = context;
                timeline.push_back(std::move(*u));
                continue;
            }
            switch (b->kind) {
                case Kind::heading:
                    under_heading = none;
                    if (auto th = time_heading(b->text())) {
                        PendingEntry p = make_update(b->line, "", b->text(), "");
                        p.update = false;  // a dated heading log reads in document order
                        p.context_date = context;
                        timeline.push_back(std::move(p));
                        under_heading = timeline.size() - 1;
                    } else if (auto d = find_date(b->text())) {
                        context = d;
                    }
                    break;
                case Kind::table:
                    for (auto& e : parse_timeline_table(*b)) {
                        e.context_date = context;
                        timeline.push_back(std::move(e));
                    }
                    break;
                case Kind::paragraph:
                case Kind::list_item: {
                    const bool nested = b->kind == Kind::list_item && b->level > 1;
                    bool continued = false;
                    for (std::size_t i = 0; i < b->lines.size(); ++i) {
                        const std::string& line = b->lines[i];
                        if (text::trim(line).empty()) continue;
                        if (auto e = parse_timeline_line(line, b->line + i)) {
                            e->context_date = context;
                            timeline.push_back(std::move(*e));
                            continued = true;
                            continue;
                        }
                        auto tp = parse_time_prefix(line);
                        const auto whole_date = parse_time_prefix(line, true);
                        if ((whole_date && whole_date->date && !whole_date->clock) ||
                            (tp && tp->date && !tp->clock && text::trim(tp->rest).empty())) {
                            context = whole_date ? whole_date->date : tp->date;  // a date line
                            continue;
                        }
                        if ((continued || nested) && !timeline.empty()) {
                            timeline.back().entry.event += (nested ? "; " : " ") + std::string(text::trim(line));
                            continue;
                        }
                        if (b->kind == Kind::list_item && i == 0) {
                            PendingEntry p;  // an event without a time
                            p.line = b->line;
                            p.entry.event = std::string(text::trim(line));
                            p.context_date = context;
                            timeline.push_back(std::move(p));
                            continued = true;
                        }
                    }
                    break;
                }
                default: break;
            }
        }
    }

    static std::vector<std::string> items_of(const SectionSpan& s) {
        std::vector<std::string> out;
        for (const Block* b : s.blocks) {
            if (b->kind == Kind::list_item || b->kind == Kind::paragraph) {
                const std::string t = b->md_text();
                if (!text::trim(t).empty()) out.push_back(t);
            }
        }
        return out;
    }

    void action_items(const SectionSpan& s) {
        bool structured = false;
        for (const Block* b : s.blocks) structured = structured || b->kind == Kind::list_item || b->kind == Kind::table;
        for (const Block* b : s.blocks) {
            if (b->kind == Kind::table) {
                for (auto& a : parse_action_table(*b, diags)) inc.action_items.push_back(std::move(a));
            } else if (b->kind == Kind::list_item) {
                // An action is one line of text (it lives in a table cell in the normalized Markdown):
                // lines of a wrapped item are joined with spaces.
                std::string one_line = b->text();
                std::replace(one_line.begin(), one_line.end(), '\n', ' ');
                if (b->level > 1 && !inc.action_items.empty()) {
                    inc.action_items.back().action += "; " + one_line;  // a detail under the item above
                    continue;
                }
                auto a = parse_action_line(one_line, b->task, b->line, diags);
                if (!a.action.empty()) inc.action_items.push_back(std::move(a));
            } else if (b->kind == Kind::paragraph && !structured) {
                for (std::size_t i = 0; i < b->lines.size(); ++i) {
                    auto a = parse_action_line(b->lines[i], 0, b->line + i, diags);
                    if (!a.action.empty()) inc.action_items.push_back(std::move(a));
                }
            }
        }
    }

    void affected_systems(const SectionSpan& s) {
        if (!inc.affected_systems.empty()) return;  // front matter stated them
        for (const Block* b : s.blocks) {
            if (b->kind == Kind::list_item) {
                inc.affected_systems.emplace_back(text::trim(b->text()));
            } else if (b->kind == Kind::paragraph) {
                for (const auto& l : b->lines) {
                    for (auto& x : split_list(l)) inc.affected_systems.push_back(x);
                }
            } else if (b->kind == Kind::table) {
                for (std::size_t r = 1; r < b->rows.size(); ++r) {
                    if (!b->rows[r].empty()) inc.affected_systems.emplace_back(text::trim(b->rows[r][0]));
                }
            }
        }
    }

    void related(const SectionSpan& s) {
        for (const Block* b : s.blocks) {
            if (b->kind == Kind::list_item) {
                inc.links.push_back(parse_related_line(b->text(), b->md_text()));
            } else if (b->kind == Kind::paragraph) {
                for (std::size_t i = 0; i < b->lines.size(); ++i) {
                    inc.links.push_back(parse_related_line(b->lines[i], b->md_lines[i]));
                }
            }
        }
    }

    // An unknown section may be a timestamp heading ("### 2021-06-03 9:00") or hold status-page updates;
    // those become timeline entries, and the section is kept verbatim only for what else it says.
    void unknown_section(const SectionSpan& s) {
        if (!timeline_line) timeline_line = s.heading_line;
        if (time_heading(s.heading)) {
            std::string text;
            for (const Block* b : s.blocks) {
                if (b->kind == Kind::code || b->kind == Kind::html || is_site_markup(*b)) continue;
                text += (text.empty() ? "" : " ") + b->text();
            }
            timeline.push_back(make_update(s.heading_line, "", s.heading, text));
            timeline.back().update = false;
            return;
        }
        bool other = false, any_update = false;
        for (const Block* b : s.blocks) {
            if (auto u = parse_update_paragraph(*b)) {
                if (u->entry.tags.empty() && u->entry.event.rfind(s.heading, 0) != 0) {
                    u->entry.event = s.heading + ": " + u->entry.event;  // "### Rollback" titles its update
                }
                timeline.push_back(std::move(*u));
                any_update = true;
            } else if (b->kind != Kind::html && !is_site_markup(*b)) {
                other = true;
            }
        }
        if (!any_update || other) inc.sections.push_back({s.heading, s.markdown});
    }

    static void append_md(std::optional<std::string>& field, const std::string& md) {
        if (text::trim(md).empty()) return;
        field = field ? *field + "\n\n" + md : md;
    }

    void section(const SectionSpan& s, std::string& summary_md, std::string& root_md) {
        switch (s.kind) {
            case SectionKind::summary:
                summary_md += (summary_md.empty() ? "" : "\n\n") + strip_site_markup(s.markdown);
                for (const Block* b : s.blocks) {
                    if (!summary_loss && b->kind != Kind::code) summary_loss = data_loss_statement(b->text());
                }
                break;
            case SectionKind::impact: impact(s); break;
            case SectionKind::timeline: timeline_section(s); break;
            case SectionKind::root_cause: root_md += (root_md.empty() ? "" : "\n\n") + s.markdown; break;
            case SectionKind::resolution:
                for (auto& x : items_of(s)) inc.resolution.push_back(std::move(x));
                break;
            case SectionKind::action_items: action_items(s); break;
            case SectionKind::lessons_learned:
                for (auto& x : items_of(s)) inc.lessons_learned.push_back(std::move(x));
                break;
            case SectionKind::affected_systems: affected_systems(s); break;
            case SectionKind::related_incidents: related(s); break;
            case SectionKind::details:
                for (const Block* b : s.blocks) meta_from_block(*b, true);
                break;
            case SectionKind::unknown: unknown_section(s); break;
        }
    }

    std::optional<std::int64_t> instant_of(const TimePrefix& tp, const ClockTime& clock, const std::optional<Date>& anchor,
                                           const std::string& zone) {
        const auto d = tp.date ? tp.date : anchor;
        if (!d) return std::nullopt;
        ClockTime c = clock;
        if (c.zone.empty()) c.zone = zone;
        return to_epoch(*d, c);
    }

    // Status pages list updates newest first; read them oldest first so the log runs like a timeline.
    void order_updates() {
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
    void from_updates() {
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

    void resolve_times(const std::optional<std::string>& title) {
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

    // md4c pads a short table row with empty cells; say so instead of passing the gap on silently.
    void check_tables(const std::vector<Block>& blocks) {
        for (const auto& b : blocks) {
            if (b.kind != Kind::table || b.rows.empty()) continue;
            const std::size_t want = b.rows[0].size();
            for (std::size_t r = 1; r < b.rows.size() && r < b.row_cells.size(); ++r) {
                if (b.row_cells[r] < want) {
                    diags.push_back(warning_at(b.row_lines[r], "table row has " + std::to_string(b.row_cells[r]) +
                                                                   " cells but the header has " + std::to_string(want) +
                                                                   "; the missing cells are read as empty"));
                }
            }
        }
    }

    void run() {
        const auto all_blocks = md::outline(in.whole, in.body, *in.lines);
        check_tables(all_blocks);
        // Statusfy "::: update Word | time" containers: each one update; their lines are no other block.
        const std::size_t body_first = in.lines->line_of(static_cast<std::size_t>(in.body.data() - in.whole.data()));
        // The body may be a slice of the document (one incident of several): stay inside it.
        const std::size_t body_end = static_cast<std::size_t>(in.body.data() - in.whole.data()) + in.body.size();
        const std::size_t body_last = in.body.empty() ? body_first : in.lines->line_of(body_end - 1);
        const auto containers = find_update_containers(*in.lines, body_first, body_last);
        for (const auto& c : containers) {
            std::string content;
            for (std::size_t n = c.open_line + 1; n < c.close_line; ++n) {
                content += std::string(in.lines->line(n)) + "\n";
            }
            std::string text;
            const std::size_t begin = c.open_line + 1 <= in.lines->line_count() ? c.open_line + 1 : c.open_line;
            const auto offset = static_cast<std::size_t>(in.lines->line(begin).data() - in.whole.data());
            const std::string_view slice = in.whole.substr(offset, std::min(content.size(), in.whole.size() - offset));
            for (const auto& b : md::outline(in.whole, slice, *in.lines)) {
                if (b.line >= c.close_line || b.kind == Kind::html) continue;
                text += (text.empty() ? "" : " ") + b.text();
            }
            timeline.push_back(make_update(c.open_line, c.label, c.when, text));
        }
        // Both range lists are sorted and disjoint: a binary search per block, not a scan.
        auto in_ranges = [](const auto& ranges, std::size_t line, auto first_of, auto last_of) {
            auto it = std::upper_bound(ranges.begin(), ranges.end(), line,
                                       [&](std::size_t l, const auto& r) { return l < first_of(r); });
            return it != ranges.begin() && line <= last_of(*std::prev(it));
        };
        auto excluded = [&](std::size_t line) {
            return in_ranges(containers, line, [](const UpdateContainer& c) { return c.open_line; },
                             [](const UpdateContainer& c) { return c.close_line; }) ||
                   in_ranges(in.exclude, line, [](const auto& r) { return r.first; }, [](const auto& r) { return r.second; });
        };
        std::vector<Block> blocks;
        for (const auto& b : all_blocks) {
            if (!excluded(b.line)) blocks.push_back(b);
        }
        const std::size_t last_line = body_last;
        // Title: the first heading, when it is a top-level heading that names no section.
        std::size_t first = 0;
        std::optional<std::string> title;
        int min_level = 7;
        for (const auto& b : blocks) {
            if (b.kind == Kind::heading && !b.in_quote && !b.in_list) min_level = std::min(min_level, b.level);
        }
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (blocks[i].kind != Kind::heading || blocks[i].in_quote || blocks[i].in_list) continue;
            const auto& h = blocks[i];
            if (inc.title) {
                // With a title in the metadata, a heading is the title only when it repeats it.
                std::optional<std::string> ignored;
                if (h.text() == *inc.title || clean_title(h.text(), ignored) == *inc.title) {
                    title = h.text();
                    first = i + 1;
                }
            } else if (h.level == min_level && classify_heading(h.text()) == SectionKind::unknown) {
                bool has_deeper = false;
                for (std::size_t j = i + 1; j < blocks.size(); ++j) {
                    has_deeper = has_deeper || (blocks[j].kind == Kind::heading && blocks[j].level > h.level);
                }
                bool only_headings_same_level = true;
                for (std::size_t j = i + 1; j < blocks.size(); ++j) {
                    if (blocks[j].kind == Kind::heading && blocks[j].level == h.level &&
                        classify_heading(blocks[j].text()) == SectionKind::unknown) {
                        only_headings_same_level = false;
                    }
                }
                if (has_deeper || h.level == 1 || only_headings_same_level) {
                    title = h.text();
                    first = i + 1;
                }
            }
            break;
        }
        // Sections.
        std::vector<const Block*> pre;
        std::vector<SectionSpan> sections;
        for (std::size_t i = first; i < blocks.size(); ++i) {
            const Block& b = blocks[i];
            if (b.kind == Kind::heading && !b.in_quote && !b.in_list) {
                const SectionKind k = classify_heading(b.text());
                const bool starts = sections.empty() || b.level <= sections.back().level ||
                                    (k != SectionKind::unknown && sections.back().kind == SectionKind::unknown) ||
                                    (k != SectionKind::unknown && sections.back().kind == SectionKind::details);
                if (starts) {
                    SectionSpan s;
                    s.kind = k;
                    s.heading = b.text();
                    s.level = b.level;
                    s.heading_line = b.line;
                    sections.push_back(std::move(s));
                    continue;
                }
            }
            (sections.empty() ? pre : sections.back().blocks).push_back(&b);
        }
        for (std::size_t i = 0; i < sections.size(); ++i) {
            std::size_t begin = sections[i].heading_line + 1;
            if (is_setext_underline(in.lines->line(begin))) ++begin;
            std::size_t end = i + 1 < sections.size() ? sections[i + 1].heading_line - 1 : last_line;
            auto next_excluded = std::upper_bound(in.exclude.begin(), in.exclude.end(), sections[i].heading_line,
                                                  [](std::size_t l, const auto& r) { return l < r.first; });
            if (next_excluded != in.exclude.end() && next_excluded->first - 1 < end) end = next_excluded->first - 1;
            sections[i].markdown = begin <= end ? source_lines(*in.lines, begin, end) : std::string();
        }
        if (title) {
            std::optional<std::string> id;
            std::string clean = clean_title(*title, id);
            if (!inc.id && id) inc.id = id;
            if (!inc.title) inc.title = clean;
        }
        std::string summary_md, root_md, preamble_md;
        preamble(pre, preamble_md);
        for (const auto& s : sections) section(s, summary_md, root_md);
        if (summary_md.empty()) {
            summary_md = preamble_md;
        } else if (!preamble_md.empty()) {
            inc.sections.insert(inc.sections.begin(), Section{"", preamble_md});
        }
        if (!inc.summary && !summary_md.empty()) inc.summary = summary_md;
        if (!inc.root_cause && !root_md.empty()) inc.root_cause = root_md;
        if (!inc.impact.data_loss) inc.impact.data_loss = impact_loss ? impact_loss : summary_loss;
        if (!inc.title) diags.push_back(warning_at(1, "no title: neither metadata nor a top-level heading names one"));
        declared_zone = find_zone_declaration(in.body);
        resolve_times(title);
    }
};

}  // namespace

std::string clean_title(std::string_view heading, std::optional<std::string>& id) {
    std::string t(text::trim(heading));
    static const RE2 prefix{
        "(?i)^(?:incident\\s+report|incident\\s+postmortem|incident\\s+review|incident\\s+summary|post[\\s\\-]?mortem|"
        "post[\\s\\-]incident\\s+review|post[\\s\\-]incident\\s+report|pir|rca|outage\\s+report|retrospective|"
        "incident)\\s*(?:[:\\-\u2013\u2014|]\\s*)"};
    RE2::Replace(&t, prefix, "");
    static const RE2 lead_id{"^\\[?([A-Z][A-Z0-9]{1,9}-\\d+(?:-\\d+)?)\\]?\\s*(?:[:\\-\u2013\u2014|]\\s*)(.+)$"};
    static const RE2 tail_id{"^(.+?)\\s*[(\\[]([A-Z][A-Z0-9]{1,9}-\\d+(?:-\\d+)?)[)\\]]$"};
    std::string found, rest;
    if (RE2::FullMatch(t, lead_id, &found, &rest)) {
        id = found;
        t = rest;
    } else if (RE2::FullMatch(t, tail_id, &rest, &found)) {
        id = found;
        t = rest;
    } else if (static const RE2 inc_id{"\\b(INC-\\d+(?:-\\d+)?)\\b"}; RE2::PartialMatch(t, inc_id, &found)) {
        id = found;
    }
    return std::string(text::trim(t));
}

void read_report_body(const BodyInput& in, Incident& inc, std::vector<Diagnostic>& diags) {
    BodyReader r{in, inc, diags, {}, {}, 0, {}, {}, {}};
    r.run();
}

}  // namespace incidentkit
