// Fields outside their own sections. Action items: a table whose columns say it lists actions, and a list
// that a sentence introduces as what will be done ("To prevent this in the future we will:", "**Next
// steps:**"). Root cause: the paragraph that explains the cause in so many words ("was caused by").
#include <algorithm>

#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"
#include "extract/body_reader.hpp"
#include "extract/items.hpp"
#include "extract/section_names.hpp"
#include "extract/timeline.hpp"
#include "extract/updates.hpp"
#include "normalize/regex.hpp"

namespace incidentkit::body {
namespace {

// A table lists actions when one column names the action and another says who, when or how far along.
bool is_action_table(const Block& b) {
    if (b.kind != Kind::table || b.rows.size() < 2) return false;
    bool action = false, tracking = false;
    for (const auto& cell : b.rows[0]) {
        const std::string k = text::key_form(cell);
        action = action || k == "action" || k == "actions" || k == "action item" || k == "action items" ||
                 k == "follow up" || k == "remediation" || k == "task";
        tracking = tracking || k == "owner" || k == "status" || k == "priority" || k == "due" || k == "due date" ||
                   k == "assignee" || k == "ticket" || k == "type" || k == "eta" || k == "issue";
    }
    return action && tracking;
}

// The sentence before a list promises work: it ends with ':' and speaks of actions, fixes, improvements,
// prevention or the future. A list after "Several positive outcomes emerged:" is not one.
bool introduces_actions(const Block& b) {
    if (b.kind != Kind::paragraph && !(b.kind == Kind::list_item && b.level == 1)) return false;
    const std::string& whole = b.text();
    const std::string_view t = text::trim(whole);
    if (t.empty() || t.size() > 300 || t.back() != ':') return false;
    static const RE2 cue{
        "(?i)\\b(?:actions?|action items?|action points?|improvements?|prevent\\w*|in the future|going forward|"
        "moving forward|next steps?|follow[- ]?ups?|we will|we'll|we plan|we intend|to ?dos?|fix(?:es)?|"
        "remediations?|mitigations?|work items?)\\b"};
    if (!RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), cue)) return false;
    // "The fix involved two steps:", "We took these steps to fix it:": what was done (the resolution), unless
    // the sentence also looks ahead.
    static const RE2 past{"(?i)\\b(?:involved|included|consisted|took|was|were|did|applied|performed)\\b"};
    static const RE2 ahead{"(?i)\\b(?:will|we'll|plan\\w*|intend\\w*|future|going forward|moving forward|next|to prevent|prevent\\w*)\\b"};
    const re2::StringPiece sp(t.data(), t.size());
    return !RE2::PartialMatch(sp, past) || RE2::PartialMatch(sp, ahead);
}

// "**TODO**: add monitoring", "DONE: ...", "DOING the import should check...": a paragraph or item that opens
// with a work-status tag in capitals is an action wherever it stands (lessons sections often hold them).
// Returns the tag's length, 0 when there is none.
std::size_t status_tag_length(std::string_view t, std::string& tag) {
    static const RE2 lead{"((TODO|DONE|DOING|WIP|FIXME|IN PROGRESS|BLOCKED)\\b\\s*[:\\-\u2013\u2014]?\\s*)"};
    re2::StringPiece sp(t.data(), t.size());
    std::string whole;
    if (!rx::consume(&sp, lead, &whole, &tag) || sp.empty()) return 0;
    return whole.size();
}

}  // namespace

// Whether list item `next` opens a list of another kind than item `b`'s (ordered vs bulleted), judged from
// the source lines' markers.
bool BodyReader::starts_another_list(const Block& b, const Block& next) const {
    if (!in.lines) return false;
    auto ordered = [&](std::size_t line) {
        const std::string_view l = text::trim(in.lines->line(line));
        return !l.empty() && l.front() >= '0' && l.front() <= '9';
    };
    return b.line != next.line && ordered(b.line) != ordered(next.line);
}

void BodyReader::actions_elsewhere(const std::vector<Block>& blocks) {
    if (!inc.action_items.empty()) return;  // an action section (or a field) stated them
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        tick();
        const Block& b = blocks[i];
        if (is_action_table(b)) {
            prov.begin(inc);
            for (auto& a : parse_action_table(b, diags)) inc.action_items.push_back(std::move(a));
            prov.end(inc, b.line, "a table with an action column");
            continue;
        }
        if (!introduces_actions(b) || i + 1 >= blocks.size() || blocks[i + 1].kind != Kind::list_item) continue;
        // The list right after the lead-in: its top items are actions, deeper ones details of the one above.
        const int top = blocks[i + 1].level;
        // "- **Next steps:**" needs items under it, or a list of another kind right after it (a bullet, then
        // a numbered list: a new list, not the bullet's siblings).
        if (b.kind == Kind::list_item && top < b.level) continue;
        if (b.kind == Kind::list_item && top == b.level && !starts_another_list(b, blocks[i + 1])) continue;
        prov.begin(inc);
        std::size_t j = i + 1;
        for (; j < blocks.size() && blocks[j].kind == Kind::list_item && blocks[j].level >= top; ++j) {
            std::string one_line = blocks[j].text();
            for (auto& c : one_line) c = c == '\n' ? ' ' : c;
            if (blocks[j].level > top) {
                if (!inc.action_items.empty()) inc.action_items.back().action += "; " + one_line;
                continue;
            }
            auto a = parse_action_line(one_line, blocks[j].task, blocks[j].line, diags);
            if (!a.action.empty()) inc.action_items.push_back(std::move(a));
        }
        prov.end(inc, b.line, "the list after a lead-in that promises actions", true, text::trim(b.text()));
        i = j - 1;
    }
    if (!inc.action_items.empty()) return;
    for (const Block& b : blocks) {
        if (b.kind != Kind::paragraph && b.kind != Kind::list_item) continue;
        std::string t = b.text();
        if (t.size() < 6 || t[0] < 'A' || t[0] > 'Z') continue;  // tag and label start in capitals: a cheap first look
        std::string tag;
        std::size_t n = status_tag_length(t, tag);
        const bool status = n != 0;
        if (!status) {
            // "Action point: create a mailing list", "Follow-up: ...": a line labelled as an action.
            const auto colon = t.find(':');
            if (colon == std::string::npos || colon > 14) continue;
            const std::string k = text::key_form(std::string_view(t).substr(0, colon));
            if (k != "action point" && k != "action item" && k != "action" && k != "follow up" && k != "next step") continue;
            tag = t.substr(0, colon);
            n = colon + 1;
        }
        for (auto& c : t) c = c == '\n' ? ' ' : c;
        prov.begin(inc);
        auto a = parse_action_line(std::string_view(t).substr(n), 0, b.line, diags);
        if (!a.status && status) a.status = normalize_action_status(tag);
        if (!a.action.empty()) inc.action_items.push_back(std::move(a));
        if (prov.on()) prov.end(inc, b.line, "a paragraph labelled '" + tag + "'");
    }
}

void BodyReader::root_cause_elsewhere(const std::vector<Block>& blocks) {
    // A status post tells what is going on, not a cause (the cause comes later, in the postmortem).
    if (inc.root_cause || !in.status_word.empty()) return;
    // A cause the text doubts is no cause: "The cause is yet unknown", "We suspect ...", "could be the reason".
    static const RE2 hedge{
        "(?i)\\b(?:unknown|unclear|suspect\\w*|could be|might|may have|probabl[ey]|possibl[ey]|not yet|"
        "still investigating|under investigation|to stay updated|track)\\b"};
    // Phrases that state a cause; one strong phrase, or three weaker ones in the same paragraph.
    static const RE2 strong{
        "(?i)\\b(?:root[- ]cause[sd]?|(?:was|were|is|are|been) (?:\\w+ )?caused by|the (?:underlying |primary |main )?cause "
        "(?:of|was|is)|(?:was|were) (?:\\w+ )?(?:triggered|introduced) by|the culprit|stemm(?:ed|ing|s) from|"
        "(?:was|were) (?:\\w+ )?due to|this happened because|the reason (?:for|was|is)|turned out|(?:identified|found|determined|discovered) that|"
        "was the result of|^due to|(?:identified|found|discovered) (?:a|an|the) (?:\\w+ ){0,2}(?:misconfiguration|bug|regression|"
        "defect|flaw)|^(?:the )?(?:issue|problem) was (?:with|in|that))\\b"};
    static const RE2 weak{"(?i)\\b(?:because|due to|as a result of|resulted in|led to|caused|triggered)\\b"};
    // Either in one search: most paragraphs hold neither, and the two searches read each of them twice.
    static const RE2 either{"(?:" + strong.pattern() + ")|(?:" + weak.pattern() + ")"};
    for (const Block& b : blocks) {
        tick();
        if (b.kind != Kind::paragraph && b.kind != Kind::list_item) continue;
        const std::string& t = b.text();
        const re2::StringPiece sp(t);
        if (!RE2::PartialMatch(sp, either)) continue;
        if (!RE2::PartialMatch(sp, strong)) {
            int weak_hits = 0;
            re2::StringPiece scan = sp;
            while (weak_hits < 3 && RE2::FindAndConsume(&scan, weak)) ++weak_hits;
            if (weak_hits < 3) continue;
        }
        if (RE2::PartialMatch(sp, hedge)) continue;
        // A timeline entry or a status update tells what was known at that moment, not the explanation
        // (checked last: most blocks state no cause, and these parses cost more than the phrase search).
        if (parse_update_paragraph(b) || parse_timeline_line(t, b.line)) continue;
        prov.begin(inc);
        inc.root_cause = b.md_text();
        prov.end(inc, b.line, "a paragraph that states the cause", true, text::trim(t));
        return;
    }
}

void BodyReader::labelled_list_timeline(const std::vector<Block>& blocks) {
    // "- **Key events**" / "- **Timeline**:" with timed items under it: each item a timeline row, its time
    // first ("14:13 Fault occurs") or last ("Fault occurs 2020-02-18 14:13", "First detected: 2024-09-20 11:24").
    // Beside a timeline read elsewhere, "Key events" summarise it (the same moments again): only without one.
    if (!timeline.empty()) return;
    static const RE2 trailing{"(.*?)[\\s:,\\-\u2013\u2014]+((?:\\d{4}-\\d{2}-\\d{2}[ T])?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*(?:UTC|GMT|Z))?)\\s*"};
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        tick();
        const Block& b = blocks[i];
        // Only an item with items under it can be a label; most list items have none.
        if (b.kind != Kind::list_item || i + 1 >= blocks.size() || blocks[i + 1].kind != Kind::list_item ||
            blocks[i + 1].level <= b.level) {
            continue;
        }
        std::string label = b.text();
        while (!label.empty() && (label.back() == ':' || label.back() == ' ')) label.pop_back();
        if (label.empty() || label.size() > 40 || classify_heading(label) != SectionKind::timeline) continue;
        for (std::size_t j = i + 1; j < blocks.size() && blocks[j].kind == Kind::list_item && blocks[j].level > b.level; ++j) {
            const Block& item = blocks[j];
            if (std::any_of(timeline.begin(), timeline.end(), [&](const PendingEntry& e) { return e.line == item.line; })) continue;
            std::string t = item.text();
            for (auto& c : t) c = c == '\n' ? ' ' : c;
            std::string event, when;
            std::optional<PendingEntry> row = parse_timeline_line(t, item.line);
            if (!row && rx::full_match(t, trailing, &event, &when) && !event.empty()) {
                row = parse_timeline_line(when + " " + event, item.line);
            }
            if (!row) continue;
            timeline.push_back(std::move(*row));  // resolve_times notes its provenance with the other rows
            i = j;
        }
    }
}

}  // namespace incidentkit::body
