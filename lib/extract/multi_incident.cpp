// Several incidents in one file: "Incident 1" / "INCIDENT 2" sections, or one section per dated outage.
// Each incident section is read on its own; the rest of the file (metadata, shared action items, lessons)
// is read once and attached to each.
#include <algorithm>
#include <map>

#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"
#include "extract/line_shapes.hpp"
#include "extract/report_body.hpp"
#include "extract/section_names.hpp"
#include "extract/updates.hpp"
#include "normalize/regex.hpp"

namespace incidentkit {
namespace {

struct Heading {
    std::size_t line;
    int level;
    std::string_view text;  // into the document, which outlives the list
};

// ATX headings outside fenced code, by a line scan: cheap enough to run on every file.
std::vector<Heading> scan_headings(const md::LineIndex& lines, std::size_t first) {
    std::vector<Heading> out;
    bool in_fence = false;
    for (std::size_t n = first; n <= lines.line_count(); ++n) {
        const auto l = lines.line(n);
        const auto lead = l.find_first_not_of(' ');
        if (lead == std::string_view::npos || lead > 3 || (l[lead] != '#' && l[lead] != '`' && l[lead] != '~')) continue;
        if (md::fence_line(l)) {  // "```code```" on one line opens no fence
            in_fence = !in_fence;
            continue;
        }
        if (in_fence) continue;
        if (const auto h = md::atx_heading(l)) out.push_back({n, h->level, h->text});
    }
    return out;
}

struct Candidate {
    std::size_t index;  // into the heading list
    std::string title;
    std::optional<Date> date;
};

// "Incident 1: DNS outage" -> "DNS outage"; "2024-01-08: Resolver overload" -> dated "Resolver overload".
std::optional<Candidate> incident_heading(const Heading& h, std::size_t index) {
    static const RE2 numbered{"(?i)(?:incident|outage|event)\\s*#?\\s*\\d+\\b\\s*(?:[:.)\\-\u2013\u2014]\\s*)?(.*)"};
    std::string rest;
    const std::string_view plain = text::trim(h.text);
    // A numbered heading opens with one of three words: only those first letters run the capturing match.
    if (!plain.empty() && std::string_view("iIoOeE").find(plain[0]) != std::string_view::npos &&
        rx::full_match(plain, numbered, &rest)) {
        std::string t(text::trim(rest));
        static const RE2 strip_md{"[*_`]"};
        RE2::GlobalReplace(&t, strip_md, "");
        return Candidate{index, t.empty() ? std::string(plain) : t, find_date(plain)};
    }
    if (classify_heading(plain) != SectionKind::unknown) return std::nullopt;
    const auto d = find_date(plain);
    if (!d) return std::nullopt;
    // A dated heading names an incident only when it says more than the date ("2024-01-08: Resolver overload").
    static const RE2 date_part{
        "(?i)\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d{1,2}(?:st|nd|rd|th)?\\s+[a-z]{3,9}\\.?,?\\s+\\d{4}|"
        "[a-z]{3,9}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|T?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[ap]\\.?m?\\.?)?(?:\\s*(?:uhr|[a-z]{2,4}))?"};
    std::string words(plain);
    RE2::GlobalReplace(&words, date_part, "");
    static const RE2 punct{"^[\\s:,.()\\[\\]\\-\u2013\u2014|]+|[\\s:,.()\\[\\]\\-\u2013\u2014|]+$"};
    RE2::GlobalReplace(&words, punct, "");
    int letters = 0;
    for (char c : words) letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (letters < 3) return std::nullopt;
    // "Investigating 2025-01-04 9:27a", "Update 27.08.2022 10:00 Uhr": a status update, not an incident.
    if (is_update_label(words)) return std::nullopt;
    // "Incident on 2024-09-20 - Route tables destroyed" -> "Route tables destroyed", as a title is cleaned;
    // a heading that is only boilerplate and a date stays as written.
    std::optional<std::string> id;
    std::string clean = clean_title(plain, id);
    if (clean.empty()) clean = std::string(plain);
    return Candidate{index, clean, d};
}

// The provenance of what an incident takes from the shared part of the file: the shared entry, with a list
// element's index moved past the incident's own elements.
void attach_provenance(Incident& inc, const Incident& shared, const std::vector<std::string>& scalars,
                       const std::map<std::string, std::size_t>& list_offsets) {
    for (const auto& p : shared.source.provenance) {
        const auto end = p.pointer.find('/', 1);
        const std::string field = p.pointer.substr(1, end == std::string::npos ? std::string::npos : end - 1);
        if (std::find(scalars.begin(), scalars.end(), field) != scalars.end()) {
            inc.source.provenance.push_back(p);
        } else if (auto it = list_offsets.find(field); it != list_offsets.end() && end != std::string::npos) {
            const auto idx_end = p.pointer.find('/', end + 1);
            const std::string idx = p.pointer.substr(end + 1, idx_end == std::string::npos ? std::string::npos : idx_end - end - 1);
            if (idx.empty() || idx.find_first_not_of("0123456789") != std::string::npos) continue;
            Provenance q = p;
            q.pointer = "/" + field + "/" + std::to_string(std::stoul(idx) + it->second) +
                        (idx_end == std::string::npos ? "" : p.pointer.substr(idx_end));
            inc.source.provenance.push_back(std::move(q));
        }
    }
}

void attach_shared(Incident& inc, const Incident& shared) {
    std::vector<std::string> scalars;  // fields the incident took whole from the shared part
    auto fill = [&](auto& field, const auto& from, const char* name) {
        if (!field && from) {
            field = from;
            scalars.emplace_back(name);
        }
    };
    fill(inc.type, shared.type, "type");
    fill(inc.status, shared.status, "status");
    fill(inc.severity, shared.severity, "severity");
    fill(inc.commander, shared.commander, "commander");
    fill(inc.customer_impact, shared.customer_impact, "customer_impact");
    fill(inc.summary, shared.summary, "summary");
    fill(inc.root_cause, shared.root_cause, "root_cause");
    if (!inc.impact.data_loss && shared.impact.data_loss) {
        inc.impact.data_loss = shared.impact.data_loss;
        scalars.emplace_back("impact");
    }
    if (inc.responders.empty() && !shared.responders.empty()) {
        inc.responders = shared.responders;
        scalars.emplace_back("responders");
    }
    if (inc.affected_systems.empty() && !shared.affected_systems.empty()) {
        inc.affected_systems = shared.affected_systems;
        scalars.emplace_back("affected_systems");
    }
    for (const auto& t : shared.tags) {
        if (std::find(inc.tags.begin(), inc.tags.end(), t) == inc.tags.end()) inc.tags.push_back(t);
    }
    if (!shared.tags.empty()) scalars.emplace_back("tags");
    const std::map<std::string, std::size_t> offsets = {
        {"links", inc.links.size()}, {"resolution", inc.resolution.size()}, {"action_items", inc.action_items.size()},
        {"lessons_learned", inc.lessons_learned.size()}, {"sections", inc.sections.size()}};
    inc.links.insert(inc.links.end(), shared.links.begin(), shared.links.end());
    inc.resolution.insert(inc.resolution.end(), shared.resolution.begin(), shared.resolution.end());
    inc.action_items.insert(inc.action_items.end(), shared.action_items.begin(), shared.action_items.end());
    inc.lessons_learned.insert(inc.lessons_learned.end(), shared.lessons_learned.begin(), shared.lessons_learned.end());
    inc.sections.insert(inc.sections.end(), shared.sections.begin(), shared.sections.end());
    for (const auto& [k, v] : shared.extra.items()) {
        if (!inc.extra.contains(k)) inc.extra[k] = v;
    }
    if (!shared.extra.empty()) scalars.emplace_back("extra");
    attach_provenance(inc, shared, scalars, offsets);
}

}  // namespace

std::vector<Incident> read_report_bodies(const BodyInput& in, Incident base, std::vector<Diagnostic>& diags) {
    const std::size_t body_first = in.lines->line_of(static_cast<std::size_t>(in.body.data() - in.whole.data()));
    const auto headings = scan_headings(*in.lines, body_first);
    // Candidates at one level; the level with the most wins, and it takes two to make a multi-incident file.
    std::vector<Candidate> best;
    for (int level = 1; level <= 6; ++level) {
        std::vector<Candidate> at_level;
        bool numbered = false;
        for (std::size_t i = 0; i < headings.size(); ++i) {
            if (headings[i].level != level) continue;
            if (auto c = incident_heading(headings[i], i)) {
                numbered = numbered || !c->date;
                at_level.push_back(std::move(*c));
            }
        }
        // Dated sections under a Timeline heading are days of one incident, not incidents. ("Incident Log"
        // names the collection, and "About this incident log" further down encloses none of them.)
        bool has_timeline = !at_level.empty();
        for (const auto& c : at_level) {
            bool under = false;
            int above = level;  // the nearest heading of each lower level, walking back from the candidate
            for (std::size_t j = c.index; j-- > 0 && above > 1;) {
                if (headings[j].level >= above) continue;
                above = headings[j].level;
                under = under || (classify_heading(headings[j].text) == SectionKind::timeline &&
                                  !is_collection_heading(headings[j].text));
            }
            has_timeline = has_timeline && under;
        }
        if (has_timeline && !numbered) continue;
        if (at_level.size() >= 2 && at_level.size() > best.size()) best = std::move(at_level);
    }
    if (best.size() < 2) {
        read_report_body(in, base, diags);
        std::vector<Incident> one;
        one.push_back(std::move(base));
        return one;
    }
    // Each incident runs from its heading to the next heading of the same or a higher level.
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const auto& c : best) {
        const auto& h = headings[c.index];
        std::size_t end = in.lines->line_count();
        for (std::size_t j = c.index + 1; j < headings.size(); ++j) {
            if (headings[j].level <= h.level) {
                end = headings[j].line - 1;
                break;
            }
        }
        ranges.emplace_back(h.line, end);
    }
    BodyInput shared_in = in;
    shared_in.exclude = ranges;
    BodyInput::Anchors anchors;
    shared_in.anchors_out = &anchors;
    Incident shared = base;
    const std::size_t shared_from = diags.size();
    read_report_body(shared_in, shared, diags);
    std::vector<Diagnostic> shared_warnings;  // concern every incident of the file
    for (std::size_t d = shared_from; d < diags.size(); ++d) {
        if (diags[d].level == Diagnostic::Level::warning) shared_warnings.push_back(diags[d]);
    }

    std::vector<Incident> out;
    for (std::size_t k = 0; k < best.size(); ++k) {
        if (in.options) in.options->deadline.check();
        const auto [first, last] = ranges[k];
        BodyInput one = in;
        one.exclude.clear();
        one.anchors_out = nullptr;
        one.declared_zone = anchors.zone;
        one.report_date = anchors.date;
        const auto begin = static_cast<std::size_t>(in.lines->line(std::min(first + 1, in.lines->line_count())).data() -
                                                    in.whole.data());
        const std::size_t end = last < in.lines->line_count()
                                    ? static_cast<std::size_t>(in.lines->line(last + 1).data() - in.whole.data())
                                    : in.whole.size();
        one.body = first + 1 <= last ? in.whole.substr(begin, end - begin) : std::string_view();
        if (best[k].date) one.report_date = best[k].date;
        Incident inc;
        inc.title = best[k].title;
        if (in.options && (in.options->explain || !in.options->infer)) {
            inc.source.provenance.push_back(Provenance{"/title", headings[best[k].index].line,
                                                       "the heading that opens this incident",
                                                       std::string(text::trim(headings[best[k].index].text)), false});
        }
        const std::size_t own_from = diags.size();
        read_report_body(one, inc, diags);
        attach_shared(inc, shared);
        inc.source.warnings = shared_warnings;
        for (std::size_t d = own_from; d < diags.size(); ++d) {
            if (diags[d].level == Diagnostic::Level::warning) inc.source.warnings.push_back(diags[d]);
        }
        out.push_back(std::move(inc));
    }
    return out;
}

}  // namespace incidentkit
