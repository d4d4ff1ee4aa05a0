// Titles as people name incidents: leading dates, bracketed tags and boilerplate ("Incident report:",
// "Incident on 2023-07-25 -", "[Postmortem]") are not part of the name; what is stripped stays in the
// provenance excerpt (the heading as written).
#include <re2/re2.h>

#include "extract/line_shapes.hpp"
#include "extract/report_body.hpp"
#include "normalize/normalize.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

// A date (and perhaps a time) at the very start, and the separator after it.
const RE2& leading_date() {
    static const RE2 re{
        "(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?"
        "(?:\\d{4}-\\d{1,2}-\\d{1,2}(?:/\\d{1,2})?(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*(?:utc|gmt|z))?)?"
        "|\\d{8}"
        "|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}"
        // A month and year first: "January 2020 - X" is not January 20.
        "|(?:january|february|march|april|may|june|july|august|september|october|november|december)\\s+\\d{4}"
        // The same with the month shortened: "Jan 2020 - X" (not Jan 20 and a stray "20").
        "|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\\.?\\s+\\d{4}\\b"
        "|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?"
        "|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?(?:,?\\s+\\d{4})?)"
        "\\s*(?:[:,|\\-\u2013\u2014]\\s*)?"};
    return re;
}

bool has_letters(std::string_view s) {
    int n = 0;
    for (char c : s) n += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    return n >= 2;
}

// Removes one leading piece of boilerplate; false when there was none.
bool strip_once(std::string& t) {
    // "Incident on 2023-07-25 - X", "Incident on 2023-11-01 10:41 - X" (only with a date: "Incident on x.io" is a name).
    static const RE2 incident_on{
        "(?i)^(?:incident|outage)\\s+(?:on|of|from)\\s+(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|"
        "[a-z]+\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2})?)?(?:\\s*(?:utc|gmt))?"
        "\\s*(?:[:\\-\u2013\u2014|]\\s*)"};
    static const RE2 prefix{
        "(?i)^(?:incident\\s+report(?:\\s+for)?|incident\\s+postmortem|incident\\s+review|incident\\s+summary|"
        "post[\\s\\-]?mortem|post[\\s\\-]incident\\s+review|post[\\s\\-]incident\\s+report|pir|rca|outage\\s+report|"
        "retrospective|incident|security\\s+incident|security\\s+advisory)\\s*(?:[:\\-\u2013\u2014|]\\s*)"};
    static const RE2 report_for{"(?i)^incident\\s+report\\s+for\\s+"};
    const std::string before = t;
    // "4/26 Transaction delays": a bare month/day only before a capitalised word ("3/4 of the budget" stays).
    static const RE2 month_day{"^\\d{1,2}/\\d{1,2}\\s+([A-Z])"};
    // Both open with a digit (with a group to keep, RE2 runs its backtracker, not its DFA, on every title).
    const bool digit_first = !t.empty() && t[0] >= '0' && t[0] <= '9';
    if (digit_first && RE2::Replace(&t, month_day, "\\1")) return true;
    // "1. Incident on the east nodes": the heading's number in a list of incidents, not part of the name.
    static const RE2 numbered{"^\\d{1,2}[.)]\\s+([A-Z])"};
    if (digit_first && RE2::Replace(&t, numbered, "\\1")) return true;
    // Each pattern is anchored at the start and opens with a word or a digit it names: a title whose first
    // byte can open none is not scanned by it (a byte >= 0x80 always is: (?i) folds "\u017F" with 's').
    const char c0 = t.empty() ? '\0' : static_cast<char>(t[0] | 0x20);
    const bool ascii0 = !t.empty() && static_cast<unsigned char>(t[0]) < 0x80;
    auto may_open = [&](std::string_view firsts) { return !ascii0 || firsts.find(c0) != std::string_view::npos; };
    const bool digit0 = ascii0 && t[0] >= '0' && t[0] <= '9';
    // Where each pattern's match ends (the match is at the start); nullopt for none. "[Postmortem] X" (a
    // bracketed tag of a few words) and "crates.io Postmortem: X" (a name of a word or two, then the kind of
    // document) are scanned (md::bracket_tag_end, md::named_document_end).
    auto match_end = [&](const RE2& re) -> std::optional<std::size_t> {
        re2::StringPiece m;
        if (!re.Match(t, 0, t.size(), RE2::UNANCHORED, &m, 1)) return std::nullopt;
        return static_cast<std::size_t>(m.data() + m.size() - t.data());
    };
    auto end_of = [&](int i) -> std::optional<std::size_t> {
        switch (i) {
            case 0: return md::bracket_tag_end(t);
            case 1: return match_end(incident_on);
            case 2: return match_end(prefix);
            case 3: return match_end(report_for);
            case 4: {
                if (t.find("\u017F") == std::string::npos) return md::named_document_end(t);
                // U+017F, which (?i) folds with 's': the pattern the scanner stands for.
                static const RE2 named_doc{"(?i)^[^\\s:]{1,30}(?:\\s+[^\\s:]{1,30})?\\s+(?:post[\\s\\-]?mortem|incident\\s+report|retrospective)\\s*:\\s*"};
                return match_end(named_doc);
            }
            default: return match_end(leading_date());
        }
    };
    const bool may[] = {!t.empty() && t[0] == '[', may_open("io"), may_open("iprso"), may_open("i"),
                        t.find(':') != std::string::npos, digit0 || may_open("mtwfsjaond")};
    for (int i = 0; i < 6; ++i) {
        if (!may[i]) continue;
        if (const auto end = end_of(i)) {
            const std::string_view x = std::string_view(t).substr(*end);
            if (!has_letters(x)) continue;
            t = std::string(text::trim(x));
            return t != before;
        }
    }
    return false;
}

}  // namespace

std::string clean_title(std::string_view heading, std::optional<std::string>& id) {
    std::string t(text::trim(heading));
    for (int guard = 0; guard < 4 && strip_once(t); ++guard) {
    }
    static const RE2 lead_id{"^\\[?([A-Z][A-Z0-9]{1,9}-\\d+(?:-\\d+)?)\\]?\\s*(?:[:\\-\u2013\u2014|]\\s*)(.+)$"};
    static const RE2 tail_id{"^(.+?)\\s*[(\\[]([A-Z][A-Z0-9]{1,9}-\\d+(?:-\\d+)?)[)\\]]$"};
    // Every id below is letters, '-' and digits: a title without a "-<digit>" holds none.
    bool dash_digit = false;
    for (std::size_t i = 0; i + 1 < t.size() && !dash_digit; ++i) dash_digit = t[i] == '-' && t[i + 1] >= '0' && t[i + 1] <= '9';
    if (!dash_digit) return std::string(text::trim(t));
    std::string found, rest;
    if (rx::full_match(t, lead_id, &found, &rest)) {
        id = found;
        t = rest;
    } else if (rx::full_match(t, tail_id, &rest, &found)) {
        id = found;
        t = rest;
    } else if (static const RE2 inc_id{"\\b(INC-\\d+(?:-\\d+)?)\\b"}; RE2::PartialMatch(t, inc_id, &found)) {
        id = found;
    }
    return std::string(text::trim(t));
}

bool is_date_heading(std::string_view heading) {
    static const RE2 numeric_date{"\\d{1,2}[/.]\\d{1,2}|\\d{4}"};
    // Both tests below need a digit: most headings have none.
    if (!text::has_digit(heading)) return false;
    if (!find_date(heading) && !RE2::PartialMatch(re2::StringPiece(heading.data(), heading.size()), numeric_date)) return false;
    std::string words = text::fold_punctuation(heading);
    static const RE2 date_part{
        "(?i)\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.](?:\\d{1,2}|[a-z]{3,9})[-/.]\\d{2,4}|\\d{1,2}(?:st|nd|rd|th)?\\s+[a-z]{3,9}\\.?,?\\s*\\d{0,4}|"
        "[a-z]{3,9}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s*\\d{0,4}|\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[ap]m?)?|\\b(?:utc|gmt|[a-z]{2,4}t)\\b|"
        "\\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\\b|\\b\\d+\\b"};
    RE2::GlobalReplace(&words, date_part, "");
    int letters = 0;
    for (char c : words) letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return letters < 3;
}

std::optional<std::string> title_from_path(std::string_view path) {
    const auto slash = path.find_last_of('/');
    std::string base(path.substr(slash == std::string_view::npos ? 0 : slash + 1));
    const auto dot = base.find('.');
    if (dot != std::string::npos) base.resize(dot);
    for (auto& c : base) {
        if (c == '_' || c == '-') c = ' ';
    }
    std::optional<std::string> ignored;
    std::string t = clean_title(base, ignored);
    static const RE2 iso_words{"^\\d{4}\\s+\\d{1,2}\\s+\\d{1,2}\\s+"};  // "2024 03 05 search is slow"
    RE2::Replace(&t, iso_words, "");
    t = std::string(text::trim(t));
    if (!has_letters(t) || text::lower(t) == "readme" || text::lower(t) == "index") return std::nullopt;
    return t;
}

}  // namespace incidentkit
