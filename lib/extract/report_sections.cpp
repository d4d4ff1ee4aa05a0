// The body reader, one function per canonical section (summary, impact, timeline, action items, ...).
#include <algorithm>
#include <cctype>
#include <iterator>
#include <tuple>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "extract/body_reader.hpp"
#include "extract/items.hpp"
#include "extract/metadata.hpp"
#include "extract/section_names.hpp"
#include "extract/updates.hpp"

namespace incidentkit::body {

void BodyReader::impact(const SectionSpan& s) {
    for (const Block* b : s.blocks) {
        tick();
        if (b->kind == Kind::table) {
            meta_from_block(*b, false);
            continue;
        }
        if (b->kind != Kind::paragraph && b->kind != Kind::list_item) continue;
        std::vector<std::pair<std::string_view, std::string_view>> units;  // (plain, md): views into the block
        if (b->kind == Kind::list_item) {
            units.emplace_back(b->text(), b->md_text());
        } else {
            for (std::size_t i = 0; i < b->lines.size(); ++i) units.emplace_back(b->lines[i], b->md_line(i));
        }
        for (std::size_t i = 0; i < units.size(); ++i) {
            const auto& [plain, mdtext] = units[i];
            if (text::trim(mdtext).empty()) continue;  // an item that only holds a nested list
            inc.impact.items.emplace_back(mdtext);
            if (auto m = parse_metric(plain)) inc.impact.metrics.push_back(*m);
            if (auto kv = split_key_value(plain)) {
                const std::string k = text::key_form(kv->first);
                if (k == "duration" || k == "data loss" || k == "customer impact") {
                    apply_metadata(kv->first, kv->second, b->line + i, inc, times, diags);
                }
            }
            if (!impact_loss) {
                impact_loss = data_loss_statement(plain);
                if (impact_loss) data_loss_line = b->line + (b->kind == Kind::list_item ? 0 : i);
            }
        }
    }
}

namespace {

// An entry that says when: a time, a date, or an instant column.
bool says_when(const PendingEntry& e) { return e.clock || e.date || e.month_day || e.at_given || !e.entry.time.empty(); }

}  // namespace

void BodyReader::timeline_section(const SectionSpan& s) {
    const bool first_timeline = !timeline_line;
    if (!timeline_line) timeline_line = s.heading_line;
    const std::size_t section_first = timeline.size();
    // Whether an entry of this section says when; advanced incrementally, so a long section stays linear.
    std::size_t when_checked = section_first;
    bool timed = false;
    auto timed_so_far = [&] {
        while (!timed && when_checked < timeline.size()) timed = says_when(timeline[when_checked++]);
        return timed;
    };
    if (timeline_zone.empty()) timeline_zone = heading_zone(s.heading);
    std::optional<Date> context;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t under_heading = none;  // the entry a timestamp heading opened (not optional: GCC 12 warns)
    // Room for an entry per line and table row: growing the vector moved every entry (each a dozen strings).
    // Capped, so that a huge section of prose reserves no more than a few MB it may not use.
    std::size_t room = 0;
    for (const Block* b : s.blocks) room += b->kind == Kind::table ? b->rows.size() : std::max<std::size_t>(b->lines.size(), 1);
    timeline.reserve(timeline.size() + std::min<std::size_t>(room, 4096));
    for (const Block* b : s.blocks) {
        tick();
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
                    const std::string_view line = b->lines[i];
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
                    // "**Feb 05, 2021:** Disclosure" as a paragraph of its own: an entry dated to the day.
                    if (b->kind == Kind::paragraph && i == 0 && !continued) {
                        auto dated = parse_dated_line(line, b->line);
                        // "7th Sept (times in GST)" is a date line with a note, not an event.
                        const auto starts_word = [](const std::string& t) {
                            const auto c = static_cast<unsigned char>(t.empty() ? ' ' : t[0]);
                            return std::isalnum(c) || c >= 0x80;
                        };
                        if (dated && starts_word(dated->entry.event)) {
                            dated->context_date = context;
                            timeline.push_back(std::move(*dated));
                            continued = true;
                            continue;
                        }
                    }
                    if (b->kind == Kind::list_item && i == 0) {
                        // "- 2021-08-17: Bounty report received": an entry dated to the day ('at' stays null:
                        // no time of day is stated).
                        auto dated = parse_dated_line(line, b->line);
                        if (!dated) dated = parse_placeholder_time_line(line, b->line);
                        if (dated) {
                            dated->context_date = context;
                            timeline.push_back(std::move(*dated));
                            continued = true;
                            continue;
                        }
                        // An item without a time after timed ones is a detail of the entry above (a list of
                        // hosts, the options weighed): a timeline entry says when.
                        if (timed_so_far()) {
                            auto& event = timeline.back().entry.event;
                            event += (!event.empty() && event.back() == ':' ? " " : "; ") + std::string(text::trim(line));
                            continued = true;
                            continue;
                        }
                        PendingEntry p;  // an event without a time (kept unless the whole section has none)
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
    // A "Timeline" of items none of which says when is a narrative, not a timeline: keep it as a section.
    if (timeline.size() > section_first && !timed_so_far()) {
        timeline.resize(section_first);
        inc.sections.push_back({s.heading, s.markdown});
        if (first_timeline) timeline_line = 0;
    }
}

std::vector<std::string> BodyReader::items_of(const SectionSpan& s) {
    std::vector<std::string> out;
    for (const Block* b : s.blocks) {
        if (b->kind == Kind::list_item || b->kind == Kind::paragraph) {
            const std::string& t = b->md_text();
            if (!text::trim(t).empty()) out.push_back(t);
        }
    }
    return out;
}

namespace {

// A paragraph whose later lines continue a sentence (start in lower case) is prose wrapped at a width,
// not one action per line.
bool is_wrapped_prose(const Block& b) {
    for (std::size_t i = 1; i < b.lines.size(); ++i) {
        const std::string_view l = text::trim(b.lines[i]);
        if (!l.empty() && l.front() >= 'a' && l.front() <= 'z') return true;
    }
    return false;
}

bool commits_to_work(std::string_view prose) {
    static const RE2 cue{
        "(?i)\\b(?:will|shall|we'll|going to|plans? to|planning to|intends? to|intending to|looking into|"
        "working on|need to|needs to|should|must|next steps?|going forward|in the future)\\b"};
    return RE2::PartialMatch(re2::StringPiece(prose.data(), prose.size()), cue);
}

}  // namespace

void BodyReader::action_items(const SectionSpan& s) {
    bool structured = false, tabled = false, headed = false;
    for (const Block* b : s.blocks) {
        structured = structured || b->kind == Kind::list_item || b->kind == Kind::table;
        tabled = tabled || (b->kind == Kind::table && b->rows.size() > 1);
        headed = headed || (b->kind == Kind::heading && b->level > s.level);
    }
    for (const Block* b : s.blocks) {
        tick();
        if (headed && !structured) {
            // "### 1) Verify cron is running" with a paragraph under it: each subheading is an action, the
            // prose under it its explanation (kept in the section's Markdown, not another item).
            if (b->kind != Kind::heading) continue;
            static const RE2 numbering{"^\\s*(?:\\d{1,2}|[a-z])[.)]\\s+"};
            std::string t = b->text();
            RE2::Replace(&t, numbering, "");
            auto a = parse_action_line(t, 0, b->line, diags);
            if (!a.action.empty()) inc.action_items.push_back(std::move(a));
            continue;
        }
        if (b->kind == Kind::table) {
            for (auto& a : parse_action_table(*b, diags)) inc.action_items.push_back(std::move(a));
        } else if (tabled) {
            // Beside a table of actions, lists and paragraphs explain it ("Actions fall under three types:
            // Prevent, Detect, Mitigate"): the table is the list.
            continue;
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
            if (is_wrapped_prose(*b)) {
                // Sentences wrapped over lines are one item, and in prose only a paragraph that commits to
                // work is one ("We will be introducing rate limiting"), not the speculation or advice beside it.
                std::string one_line = b->text();
                std::replace(one_line.begin(), one_line.end(), '\n', ' ');
                // Kept aside: they count only when the report lists its actions nowhere else (a "Long term
                // changes" essay beside an "Action items" list is context for the list).
                if (!commits_to_work(one_line)) continue;
                auto a = parse_action_line(one_line, 0, b->line, diags);
                if (!a.action.empty()) prose_actions.push_back({std::move(a), b->line, s.heading});
                continue;
            }
            for (std::size_t i = 0; i < b->lines.size(); ++i) {
                auto a = parse_action_line(b->lines[i], 0, b->line + i, diags);
                if (!a.action.empty()) inc.action_items.push_back(std::move(a));
            }
        }
    }
}

void BodyReader::affected_systems(const SectionSpan& s) {
    if (!inc.affected_systems.empty()) return;  // front matter stated them
    for (const Block* b : s.blocks) {
        tick();
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

void BodyReader::related(const SectionSpan& s) {
    for (const Block* b : s.blocks) {
        tick();
        if (b->kind == Kind::list_item) {
            inc.links.push_back(parse_related_line(b->text(), b->md_text()));
        } else if (b->kind == Kind::paragraph) {
            for (std::size_t i = 0; i < b->lines.size(); ++i) {
                inc.links.push_back(parse_related_line(b->lines[i], b->md_line(i)));
            }
        }
    }
}

// An unknown section may be a timestamp heading ("### 2021-06-03 9:00") or hold status-page updates;
// those become timeline entries, and the section is kept verbatim only for what else it says.
void BodyReader::unknown_section(const SectionSpan& s) {
    if (!timeline_line) timeline_line = s.heading_line;
    if (auto sh = status_heading(s.heading)) {
        std::string text = sh->text;
        for (const Block* b : s.blocks) {
            tick();
            if (b->kind == Kind::code || b->kind == Kind::html || is_site_markup(*b)) continue;
            text += (text.empty() ? "" : " ") + b->text();
        }
        timeline.push_back(make_update(s.heading_line, sh->label, sh->when, text));
        timeline.back().update = !sh->label.empty();  // a status log may run newest first; a heading log does not
        return;
    }
    bool other = false, any_update = false;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t under = none;  // the update a status sub-heading opened ("### Update 27.08.2022 10:00 Uhr:")
    for (const Block* b : s.blocks) {
        tick();
        if (b->kind == Kind::heading) {
            under = none;
            if (auto sh = status_heading(b->text())) {
                timeline.push_back(make_update(b->line, sh->label, sh->when, sh->text));
                timeline.back().update = !sh->label.empty();
                under = timeline.size() - 1;
                any_update = true;
                continue;
            }
        } else if (under != none && (b->kind == Kind::paragraph || b->kind == Kind::list_item)) {
            auto& e = timeline[under].entry;
            e.event += (e.event.empty() ? "" : " ") + b->text();
            continue;
        }
        std::size_t first_update = 0;
        if (auto many = updates_in_lines(*b, first_update); many.size() > 1 || (!many.empty() && first_update > 0)) {
            for (auto& u : many) timeline.push_back(std::move(u));
            any_update = true;
            other = other || first_update > 0;
            continue;
        }
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

void BodyReader::section(const SectionSpan& s, std::string& summary_md, std::string& root_md) {
    switch (s.kind) {
        case SectionKind::summary:
            summary_md += (summary_md.empty() ? "" : "\n\n") + strip_site_markup(s.markdown);
            // "**Date of Incident:** ...", "**Status:** Resolved" in a summary are metadata too (the text stays).
            for (const Block* b : s.blocks) {
                tick();
                if (b->kind != Kind::paragraph && b->kind != Kind::list_item) continue;
                for (std::size_t i = 0; i < b->lines.size(); ++i) {
                    if (auto kv = split_key_value(b->lines[i]); kv && is_metadata_key(kv->first)) {
                        meta(kv->first, kv->second, b->line + i);
                    }
                }
            }
            for (const Block* b : s.blocks) {
                tick();
                if (!summary_loss && b->kind != Kind::code) {
                    summary_loss = data_loss_statement(b->text());
                    if (summary_loss && !impact_loss) data_loss_line = b->line;
                }
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

}  // namespace incidentkit::body
