// The shared body reader: title, preamble metadata, section boundaries and the run that ties them together.
#include "extract/report_body.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include <re2/re2.h>

#include "normalize/text.hpp"
#include "readers/input_text.hpp"
#include "extract/impact_words.hpp"
#include "extract/items.hpp"
#include "extract/metadata.hpp"
#include "extract/section_names.hpp"
#include "extract/timeline.hpp"
#include "extract/updates.hpp"
#include "extract/body_reader.hpp"

namespace incidentkit {
namespace {

using body::Block;
using body::BodyReader;
using body::Kind;
using body::SectionSpan;


// Source lines [first, last] joined, with leading/trailing blank lines dropped. The range is clamped to the
// text's lines first, so no caller's arithmetic on line numbers can make it run past the end.
std::string source_lines(const md::LineIndex& lines, std::size_t first, std::size_t last) {
    first = std::max<std::size_t>(first, 1);
    last = std::min(last, lines.line_count());
    while (first <= last && text::trim(lines.line(first)).empty()) ++first;
    while (last >= first && text::trim(lines.line(last)).empty()) --last;
    std::string out;
    if (first > last) return out;
    // The joined lines are no longer than the source they span (only line ends can shrink): one allocation.
    const auto from = lines.line(first), to = lines.line(last);
    const std::string_view span(from.data(), static_cast<std::size_t>(to.data() + to.size() - from.data()));
    // Without a '\r' every line in between ends in exactly one '\n': the joined lines are the span itself.
    if (span.find('\r') == std::string_view::npos) return std::string(span);
    out.reserve(span.size());
    for (std::size_t n = first; n <= last; ++n) {
        if (n > first) out += '\n';
        out += lines.line(n);
    }
    return out;
}

bool is_setext_underline(std::string_view line) {
    const auto t = text::trim(line);
    return !t.empty() && t.find_first_not_of(t[0] == '=' ? "=" : "-") == std::string_view::npos &&
           (t[0] == '=' || t[0] == '-');
}

}  // namespace

namespace body {

bool BodyReader::meta(const std::string& key, const std::string& value, std::size_t line) {
    prov.begin(inc);
    const bool known = apply_metadata(key, value, line, inc, times, diags);
    if (prov.on()) prov.end(inc, line, "metadata line '" + std::string(text::trim(key)) + ":'");
    return known;
}

void BodyReader::meta_from_block(const Block& b, bool keep_unknown) {
    auto pair = [&](const std::string& k, const std::string& v, std::size_t line) {
        if (!meta(k, v, line) && keep_unknown) {
            const std::string key = text::snake_case(k);
            if (!key.empty() && !inc.extra.contains(key)) {
                inc.extra[key] = v;
                if (prov.on()) prov.note(inc, "/extra/" + key, line, "metadata line with an unknown key, kept");
            }
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
void BodyReader::preamble(const std::vector<const Block*>& blocks, std::string& summary_md) {
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t open_update = none;  // an update whose text is the paragraphs below its label line
    for (const Block* b : blocks) {
        if (is_site_markup(*b)) continue;
        if (auto u = parse_update_paragraph(*b)) {
            open_update = u->entry.event.empty() ? timeline.size() : none;
            timeline.push_back(std::move(*u));
            continue;
        }
        if (open_update != none && (b->kind == Kind::paragraph || b->kind == Kind::list_item)) {
            auto& e = timeline[open_update].entry.event;
            std::string t = b->text();
            for (auto& c : t) c = c == '\n' ? ' ' : c;
            const bool after_colon = !e.empty() && e.back() == ':';
            e += (e.empty() || after_colon ? "" : b->kind == Kind::list_item ? ";" : "") + std::string(e.empty() ? "" : " ") + t;
            continue;
        }
        if (b->kind == Kind::table) {
            meta_from_block(*b, true);
            continue;
        }
        if (b->kind != Kind::paragraph && b->kind != Kind::list_item) continue;
        if (timed_rows(*b)) continue;
        // A paragraph that carries updates after its first lines ("... Investigating.<br>**Update: 18:52** ...").
        std::size_t until = b->lines.size();
        for (auto& u : updates_in_lines(*b, until)) {
            if (!timeline_line) timeline_line = u.line;
            timeline.push_back(std::move(u));
        }
        std::vector<std::string> prose;
        for (std::size_t i = 0; i < until; ++i) {
            auto kv = split_key_value(b->lines[i]);
            if (kv && meta(kv->first, kv->second, b->line + i)) continue;
            const std::string clean = strip_site_markup(b->md_line(i));
            const bool declaration = b->lines[i].size() < 48 && !find_zone_declaration(b->lines[i]).empty();
            if (!clean.empty() && !declaration) prose.push_back(clean);
        }
        if (!prose.empty()) {
            std::string p;
            for (const auto& l : prose) p += (p.empty() ? "" : "\n") + l;
            if (summary_md.empty()) preamble_line = b->line;
            summary_md += (summary_md.empty() ? "" : "\n\n") + p;
        }
    }
}

// Before any section, a bullet that starts with a time (or a paragraph of such lines) is a timeline row:
// reports of several short outages often give each one a few timed bullets and no Timeline heading.
bool BodyReader::timed_rows(const Block& b) {
    std::vector<PendingEntry> rows;
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        auto e = parse_timeline_line(b.lines[i], b.line + i);
        if (!e && b.kind == Kind::list_item && i > 0 && !rows.empty()) {
            // A wrapped bullet: its further lines belong to its text.
            rows.back().entry.event += " " + std::string(text::trim(b.lines[i]));
            continue;
        }
        if (!e) return false;
        rows.push_back(std::move(*e));
    }
    if (rows.empty()) return false;
    if (!timeline_line) timeline_line = b.line;
    for (auto& r : rows) timeline.push_back(std::move(r));
    return true;
}

// md4c pads a short table row with empty cells; say so instead of passing the gap on silently.
void BodyReader::check_tables(const std::vector<Block>& blocks) {
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

void BodyReader::run() {
    static const Deadline kNoDeadline;
    const Deadline& deadline = in.options ? in.options->deadline : kNoDeadline;
    auto all_blocks = md::outline(in.whole, in.body, *in.lines, deadline);
    check_tables(all_blocks);
    // Statusfy "::: update Word | time" containers: each one update; their lines are no other block.
    const std::size_t body_first = in.lines->line_of(static_cast<std::size_t>(in.body.data() - in.whole.data()));
    // The body may be a slice of the document (one incident of several): stay inside it.
    const std::size_t body_end = static_cast<std::size_t>(in.body.data() - in.whole.data()) + in.body.size();
    const std::size_t body_last = in.body.empty() ? body_first : in.lines->line_of(body_end - 1);
    const auto containers = find_update_containers(*in.lines, body_first, body_last);
    for (const auto& c : containers) {
        // The container's lines as they stand in the document (its own line ends), not rebuilt: a rebuilt
        // copy can be shorter than the text it stands for and cut a character in two.
        std::string text;
        std::string_view slice;
        if (c.open_line + 1 < c.close_line) {
            const auto first = in.lines->line(c.open_line + 1);
            const auto last = in.lines->line(c.close_line - 1);
            const auto from = static_cast<std::size_t>(first.data() - in.whole.data());
            const auto to = static_cast<std::size_t>(last.data() - in.whole.data()) + last.size();
            slice = in.whole.substr(from, to - from);
            for (const auto& b : md::outline(in.whole, slice, *in.lines, deadline)) {
                if (b.line >= c.close_line || b.kind == Kind::html) continue;
                text += (text.empty() ? "" : " ") + b.text();
            }
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
    // A heading without text ("#") names nothing: it is neither a title nor a section boundary, and its line
    // stays in the verbatim Markdown of the section around it (so a written and re-read section is the same).
    // The blocks kept, compacted in place (most are: no second vector, no move of the ones already in place).
    std::size_t kept = 0;
    for (std::size_t k = 0; k < all_blocks.size(); ++k) {
        Block& b = all_blocks[k];
        if (excluded(b.line) || (b.kind == Kind::heading && text::trim(b.text()).empty())) continue;
        // "## Date: December 08, 2022": a heading that is a metadata pair feeds the field, not the outline.
        if (b.kind == Kind::heading && !b.in_quote && !b.in_list) {
            const std::string& t = b.text();
            if (auto kv = split_key_value(t); kv && !kv->second.empty() && is_metadata_key(kv->first) &&
                                               classify_heading(t) == SectionKind::unknown) {
                meta(kv->first, kv->second, b.line);
                continue;
            }
        }
        if (kept != k) all_blocks[kept] = std::move(b);
        ++kept;
    }
    all_blocks.erase(all_blocks.begin() + static_cast<std::ptrdiff_t>(kept), all_blocks.end());
    std::vector<Block>& blocks = all_blocks;
    const std::size_t last_line = body_last;
    // Title: the first heading, when it is a top-level heading that names no section.
    std::size_t first = 0;
    std::optional<std::string> title;
    std::size_t title_line = 0;
    // A heading that is only a date ("## 22/Mar/2022") or names a collection ("# Postmortems") is passed over.
    // Decided once per heading: both loops below ask it.
    std::vector<char> passed_over(blocks.size(), 0);
    int min_level = 7;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto& b = blocks[i];
        if (b.kind != Kind::heading) continue;
        const std::string& t = b.text();
        passed_over[i] = is_date_heading(t) || is_collection_heading(t);
        if (!passed_over[i] && !b.in_quote && !b.in_list) min_level = std::min(min_level, b.level);
    }
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i].kind != Kind::heading || blocks[i].in_quote || blocks[i].in_list) continue;
        const auto& h = blocks[i];
        if (passed_over[i]) continue;
        if (inc.title) {
            // With a title in the metadata, a heading is the title only when it repeats it.
            std::optional<std::string> ignored;
            if (h.text() == *inc.title || clean_title(h.text(), ignored) == *inc.title) {
                title = h.text();
                title_line = h.line;
                first = i + 1;
            }
        } else if (h.level == min_level && !names_a_section(h.text())) {
            bool has_deeper = false;
            for (std::size_t j = i + 1; j < blocks.size(); ++j) {
                has_deeper = has_deeper || (blocks[j].kind == Kind::heading && blocks[j].level > h.level);
            }
            bool only_headings_same_level = true;
            for (std::size_t j = i + 1; j < blocks.size(); ++j) {
                if (blocks[j].kind == Kind::heading && blocks[j].level == h.level && !names_a_section(blocks[j].text())) {
                    only_headings_same_level = false;
                }
            }
            // The report's first block is a heading that names no section: that names the incident too.
            bool opens_report = true;
            for (std::size_t j = 0; j < i && opens_report; ++j) opens_report = blocks[j].kind == Kind::heading && passed_over[j];
            if (has_deeper || h.level == 1 || only_headings_same_level || opens_report) {
                title = h.text();
                title_line = h.line;
                first = i + 1;
            }
        }
        break;
    }
    // Sections.
    std::vector<const Block*> pre;
    std::vector<SectionSpan> sections;
    std::size_t headings = 0;  // at most one section each: a reservation instead of moving sections as they grow
    for (std::size_t i = first; i < blocks.size(); ++i) headings += blocks[i].kind == Kind::heading;
    sections.reserve(headings);
    for (std::size_t i = first; i < blocks.size(); ++i) {
        const Block& b = blocks[i];
        if (b.kind == Kind::heading && !b.in_quote && !b.in_list) {
            const SectionKind k = classify_heading(b.text());
            // A heading at the same or a higher level starts a section; so does a deeper one that names another
            // kind of section ("### What went wrong" under "## Lessons Learned" is a root cause).
            // Under a timeline, a deeper heading that opens with a time or day ("### ~9:43 AM: Identifying the
            // issue", "### March 5") is a phase of the timeline, whatever its words say.
            const bool timeline_phase = !sections.empty() && sections.back().kind == SectionKind::timeline &&
                                        b.level > sections.back().level && parse_timeline_line(b.text(), b.line);
            // Under action items, a deeper numbered heading ("### 3) Debug why the alerts never came") is the
            // next action, not a section its words might name.
            static const RE2 numbered{"^\\s*\\d{1,2}[.)]\\s"};
            const bool numbered_action = !sections.empty() && sections.back().kind == SectionKind::action_items &&
                                         b.level > sections.back().level && RE2::PartialMatch(b.text(), numbered);
            const bool starts = sections.empty() || b.level <= sections.back().level ||
                                (k != SectionKind::unknown && k != sections.back().kind && !timeline_phase &&
                                 !numbered_action);
            if (starts) {
                SectionSpan s;
                s.blocks = BlockRange(blocks.data() + i + 1);
                s.kind = k;
                s.heading = b.text();
                s.level = b.level;
                s.heading_line = b.line;
                s.heading_lines = b.text_lines;
                sections.push_back(std::move(s));
                continue;
            }
        }
        // The blocks are taken in order, so a section's are the run after its heading.
        if (sections.empty()) {
            pre.push_back(&b);
        } else {
            sections.back().blocks.take_next(&b);
        }
    }
    for (std::size_t i = 0; i < sections.size(); ++i) {
        std::size_t begin = sections[i].heading_line + sections[i].heading_lines;
        if (is_setext_underline(in.lines->line(begin))) ++begin;
        // A section ends before the next heading (or excluded range); `end < begin` is an empty section.
        // Lines are >= 1 (md::outline places every block), but a 0 must not wrap to SIZE_MAX here.
        auto before = [](std::size_t line) { return line > 0 ? line - 1 : 0; };
        std::size_t end = i + 1 < sections.size() ? before(sections[i + 1].heading_line) : last_line;
        auto next_excluded = std::upper_bound(in.exclude.begin(), in.exclude.end(), sections[i].heading_line,
                                              [](std::size_t l, const auto& r) { return l < r.first; });
        if (next_excluded != in.exclude.end()) end = std::min(end, before(next_excluded->first));
        sections[i].markdown = begin <= end ? source_lines(*in.lines, begin, end) : std::string();
    }
    if (title) {
        prov.begin(inc);
        std::optional<std::string> id;
        std::string clean = clean_title(*title, id);
        if (!inc.id && id) inc.id = id;
        if (!inc.title) inc.title = clean;
        prov.end(inc, title_line, "first heading that names no section");
    }
    std::string summary_md, root_md, preamble_md;
    preamble(pre, preamble_md);
    for (const auto& s : sections) {
        deadline.check();
        prov.begin(inc);
        if (s.kind == SectionKind::summary && !summary_line) summary_line = s.heading_line;
        if (s.kind == SectionKind::root_cause && !root_line) root_line = s.heading_line;
        section(s, summary_md, root_md);
        if (prov.on()) prov.end(inc, s.heading_line, "section '" + s.heading + "' (" + to_string(s.kind) + ")");
    }
    if (inc.action_items.empty() && !prose_actions.empty()) {
        prov.begin(inc);
        for (auto& p : prose_actions) inc.action_items.push_back(std::move(p.item));
        prov.end(inc, prose_actions.front().line,
                 "section '" + prose_actions.front().heading + "' (action_items): paragraphs that commit to work");
    }
    actions_elsewhere(blocks);
    const bool summary_from_preamble = summary_md.empty();
    if (summary_md.empty()) {
        summary_md = preamble_md;
    } else if (!preamble_md.empty()) {
        inc.sections.insert(inc.sections.begin(), Section{"", preamble_md});
        // Every section after it moved down one: so do their provenance entries.
        for (auto& p : inc.source.provenance) {
            if (p.pointer.rfind("/sections/", 0) == 0) {
                const auto end = p.pointer.find('/', 10);
                const auto k = std::stoul(p.pointer.substr(10, end - 10));
                p.pointer = "/sections/" + std::to_string(k + 1) + (end == std::string::npos ? "" : p.pointer.substr(end));
            }
        }
        prov.note(inc, "/sections/0", preamble_line, "prose before the first section");
    }
    if (!inc.summary && !summary_md.empty()) {
        inc.summary = summary_md;
        prov.note(inc, "/summary", summary_from_preamble ? preamble_line : summary_line,
                  summary_from_preamble ? "prose before the first section" : "summary section");
    }
    if (!inc.root_cause && !root_md.empty()) {
        inc.root_cause = root_md;
        prov.note(inc, "/root_cause", root_line, "root-cause section");
    }
    root_cause_elsewhere(blocks);
    prov.begin(inc);
    if (!inc.impact.data_loss) inc.impact.data_loss = impact_loss ? impact_loss : summary_loss;
    prov.end(inc, data_loss_line, "a sentence about data loss", true);
    impact_from_words(title, title_line);
    if (!inc.title) {
        // "2024-03-05-search_is_slow.md" -> "search is slow", said in a warning and marked inferred.
        const auto from_path = in.options ? title_from_path(in.options->path) : std::nullopt;
        if (from_path && !in.anchors_out) {  // not the shared part of a multi-incident file
            inc.title = from_path;
            prov.note(inc, "/title", 0, "the file name", true);
            diags.push_back(warning_at(1, "no title: neither metadata nor a top-level heading names one; took '" +
                                              *from_path + "' from the file name"));
        } else {
            diags.push_back(warning_at(1, "no title: neither metadata nor a top-level heading names one"));
        }
    }
    declared_zone = find_zone_declaration(in.body);
    labelled_list_timeline(blocks);
    resolve_times(title, title_line);
}

void BodyReader::impact_from_words(const std::optional<std::string>& title, std::size_t title_line) {
    static const char* const categories[] = {"none", "degraded", "partial_outage", "full_outage"};
    std::string stated;  // a "Customer impact:" line in words ("degraded service and intermittent errors")
    if (inc.customer_impact) {
        for (const char* c : categories) {
            if (*inc.customer_impact == c) return;  // a field states it
        }
        stated = *inc.customer_impact;
        inc.customer_impact.reset();
    }
    ImpactTexts t;
    t.title = clean_prose(title ? *title : !in.raw_title.empty() ? in.raw_title : inc.title.value_or(""));
    t.description = clean_prose(in.description + (stated.empty() ? "" : "\n" + stated));
    t.impact = impact_scope(in.body);
    t.body_markdown = in.body;
    t.status_word = in.status_word;
    const auto f = customer_impact_from(t);
    if (!f) {
        if (!stated.empty() && !inc.extra.contains("customer_impact")) inc.extra["customer_impact"] = stated;
        return;
    }
    inc.customer_impact = f->value;
    // The line the deciding words are on, when they are in this body.
    std::size_t line = title_line;
    if (!f->excerpt.empty()) {
        const auto at = in.body.find(f->excerpt.substr(0, std::min<std::size_t>(40, f->excerpt.size())));
        if (at != std::string_view::npos) line = in.lines->line_of(static_cast<std::size_t>(in.body.data() - in.whole.data()) + at);
    }
    prov.note(inc, "/customer_impact", line, f->rule, f->inferred, f->excerpt);
}

}  // namespace body


void read_report_body(const BodyInput& in, Incident& inc, std::vector<Diagnostic>& diags) {
    BodyReader r{.in = in, .inc = inc, .diags = diags};
    r.run();
}

}  // namespace incidentkit
