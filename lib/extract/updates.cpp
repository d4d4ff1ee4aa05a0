// Update logs: each update a timeline entry with its instant, its status word in tags and its text.
#include "extract/updates.hpp"

#include <cstring>

#include <re2/re2.h>

#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

const RE2& track_re() {
    static const RE2 re{"\\{\\{[<%]\\s*track\\s+\"([^\"]+)\"\\s*[>%]\\}\\}"};
    return re;
}

std::string squash(std::string s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

const char* const kUpdateLabels[] = {
    "investigating", "identified", "monitoring", "resolved", "update", "updated", "mitigated", "completed",
    "complete", "scheduled", "in progress", "verifying", "postmortem", "post mortem", "ongoing", "recovering",
    "fixed", "closed", "initial message", "initial", "final", "final update", "maintenance", "degraded",
    "outage", "partial outage", "major outage", "operational", "status", "notice", "information", "info",
};

bool is_update_label(std::string_view label) {
    const std::string k = text::key_form(label);
    for (const char* w : kUpdateLabels) {
        if (k == w) return true;
    }
    return false;
}

namespace {

// Whether `word` (lower case) opens one of the labels: a line whose first word opens none is no update, and
// the three patterns below need not run on it.
bool opens_update_label(std::string_view word) {
    for (const std::string_view w : kUpdateLabels) {
        if (w.substr(0, w.find(' ')) == word) return true;
    }
    return false;
}

}  // namespace

PendingEntry make_update(std::size_t line, std::string_view label, std::string_view when, std::string_view body) {
    PendingEntry p;
    p.line = line;
    p.update = true;
    if (auto tp = parse_time_prefix(when, true)) {
        p.date = tp->date;
        p.clock = tp->clock;
    }
    p.entry.time = std::string(text::trim(when));
    std::string event = squash(std::string(body));
    const std::string l(text::trim(label));
    if (!l.empty()) {
        if (is_update_label(l) || std::count(l.begin(), l.end(), ' ') < 2) {
            p.entry.tags.push_back(text::lower(l));
        } else {
            event = l + (event.empty() ? "" : ": " + event);  // "**Alpine builds now available**: ..." is a title
        }
    }
    p.entry.event = std::move(event);
    return p;
}

std::optional<PendingEntry> parse_update_paragraph(const md::Block& b) {
    if (b.kind != md::Block::Kind::paragraph && b.kind != md::Block::Kind::list_item) return std::nullopt;
    const std::string& md = b.md_text();
    // A tracked time is a "{{< track ... >}}" shortcode: a paragraph without "{{" (nearly all) is plain text.
    if (b.text().find("{{") == std::string::npos) return parse_update_text(b.text(), b.line);
    std::string plain = b.text();
    std::string when;
    if (RE2::PartialMatch(plain, track_re(), &when)) {
        RE2::GlobalReplace(&plain, track_re(), "");
        // The label is the emphasised lead: "*Resolved* - ", "**Update**: ", "_Investigating_ - ".
        static const RE2 lead{"^\\s*(\\*{1,2}|_{1,2})([^*_\\n]{1,80}?)(?:\\*{1,2}|_{1,2})\\s*(?::|\\s-|\\s\u2013|\\s\u2014)?"};
        std::string mark, label;
        if (RE2::PartialMatch(md, lead, &mark, &label)) {
            const std::string l(text::trim(label));
            const auto at = plain.find(l);
            if (at != std::string::npos && text::trim(plain.substr(0, at)).empty()) {
                std::string rest = plain.substr(at + l.size());
                static const RE2 sep{"^\\s*(?::|-|\u2013|\u2014)?\\s*"};
                RE2::Replace(&rest, sep, "");
                if (!l.empty() && l.back() == ':') return make_update(b.line, l.substr(0, l.size() - 1), when, rest);
                return make_update(b.line, l, when, rest);
            }
        }
        return make_update(b.line, "", when, plain);
    }
    return parse_update_text(plain, b.line);
}

std::optional<PendingEntry> parse_update_text(std::string_view text, std::size_t line) {
    // Every form opens with a label word (after spaces and a "["): a line that starts with a digit is none.
    std::size_t k = 0;
    while (k < text.size() && std::strchr(" \t\n\r\f\v", text[k]) && text[k] != '\0') ++k;
    if (k < text.size() && text[k] == '[') ++k;
    auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (k >= text.size() || !letter(text[k])) return std::nullopt;
    // Each pattern's label ends where a non-letter follows it, so its first word is the line's whole first word.
    std::string first_word;
    for (std::size_t i = k; i < text.size() && letter(text[i]) && first_word.size() <= 31; ++i) {
        first_word += static_cast<char>(text[i] | 0x20);
    }
    if (!opens_update_label(first_word)) return std::nullopt;
    const std::string plain(text);
    // "Update (14:05 UTC): text", "[Initial Message] (09:12 PT) text", "Resolved - 2024-03-15 10:02: text".
    static const RE2 labelled{
        "^\\s*\\[?([A-Za-z][A-Za-z ]{0,30}?)\\]?\\s*\\(([^)]{3,40})\\)\\s*(?::|-|\u2013|\u2014)?\\s*([\\s\\S]*)$"};
    std::string label, paren, rest;
    if (rx::full_match(plain, labelled, &label, &paren, &rest) && is_update_label(label)) {
        if (auto tp = parse_time_prefix(paren, true); tp && tp->clock) return make_update(line, label, paren, rest);
    }
    // "**Update: 13:30** text", "Update 2025-07-02 2:30UTC: text", "Resolved - Oct 12 09:10: text".
    static const RE2 label_then_time{"^\\s*\\[?([A-Za-z][A-Za-z ]{0,30}?)\\]?\\s*(?::|-|\u2013|\u2014)?\\s+([0-9A-Z][\\s\\S]*)$"};
    if (rx::full_match(plain, label_then_time, &label, &rest) && is_update_label(label)) {
        // Text must follow the time: "Resolved: 06:00 UTC" alone is a metadata line (the end), not an update.
        if (auto tp = parse_time_prefix(rest); tp && tp->clock && !tp->rest.empty()) {
            return make_update(line, label, tp->written, tp->rest);
        }
        // "Update 2025-07-01 01:00 UTC:" on a line of its own, the text in the paragraphs below it.
        if (auto tp = parse_time_prefix(rest); tp && tp->clock && tp->rest.empty() && text::trim(plain).back() == ':') {
            return make_update(line, label, tp->written, "");
        }
    }
    static const RE2 bracketed{"^\\s*\\[([A-Za-z][A-Za-z ]{0,30})\\]\\s*(?::|-|\u2013|\u2014)?\\s*([\\s\\S]+)$"};
    if (rx::full_match(plain, bracketed, &label, &rest) && is_update_label(label)) {
        return make_update(line, label, "", rest);  // a marker without a time: the entry has no instant
    }
    return std::nullopt;
}

std::vector<PendingEntry> updates_in_lines(const md::Block& b, std::size_t& first) {
    std::vector<PendingEntry> out;
    first = b.lines.size();
    if (b.kind != md::Block::Kind::paragraph && b.kind != md::Block::Kind::list_item) return out;
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        const std::string_view l = b.lines[i];
        if (text::trim(l).empty()) continue;
        if (auto u = parse_update_text(l, b.line + i); u && (u->clock || !out.empty())) {
            if (out.empty()) first = i;
            out.push_back(std::move(*u));
        } else if (!out.empty()) {
            auto& e = out.back().entry;
            e.event += (e.event.empty() ? "" : " ") + std::string(text::trim(l));
        }
    }
    return out;
}

std::vector<UpdateContainer> find_update_containers(const md::LineIndex& lines, std::size_t first, std::size_t last) {
    static const RE2 open{"\\s*:::\\s*update\\s+(.*?)\\s*\\|\\s*(.*?)\\s*"};
    static const RE2 close{"\\s*:::\\s*"};
    std::vector<UpdateContainer> out;
    for (std::size_t n = first; n <= last && n <= lines.line_count(); ++n) {
        const auto l = lines.line(n);
        if (text::trim(l).rfind(":::", 0) != 0) continue;
        UpdateContainer c;
        if (!RE2::FullMatch(re2::StringPiece(l.data(), l.size()), open, &c.label, &c.when)) continue;
        c.open_line = n;
        c.close_line = last;
        for (std::size_t m = n + 1; m <= last && m <= lines.line_count(); ++m) {
            const auto lm = lines.line(m);
            if (RE2::FullMatch(re2::StringPiece(lm.data(), lm.size()), close)) {
                c.close_line = m;
                break;
            }
        }
        n = c.close_line;
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<TimePrefix> time_heading(std::string_view heading) {
    auto tp = parse_time_prefix(heading, true);
    if (!tp || !tp->clock) return std::nullopt;
    return tp;
}

std::optional<StatusHeading> status_heading(std::string_view heading) {
    if (auto tp = time_heading(heading)) return StatusHeading{"", std::string(tp->written), ""};
    // "Investigating 2025-01-04 9:27a", "Update 27.08.2022 10:00 Uhr:"
    static const RE2 labelled{"^\\s*([A-Za-z][A-Za-z ]{0,30}?)\\s*(?::|-|\u2013|\u2014)?\\s+(\\d[^:]*(?::\\d[^:]*)*?)\\s*:?\\s*$"};
    std::string label, when;
    const std::string h(heading);
    // Its time opens with a digit: a heading without one ("Timeline", "Root cause") skips the capturing match.
    if (text::has_digit(heading) &&
        rx::full_match(h, labelled, &label, &when) && is_update_label(label)) {
        if (auto tp = parse_time_prefix(when, true); tp && tp->clock) return StatusHeading{label, std::string(tp->written), ""};
    }
    // "2025-01-21T18:00:00 - NC ist wieder erreichbar": a time, then what it says.
    if (auto tp = parse_time_prefix(heading); tp && tp->clock && (tp->date || tp->month_day) && !tp->rest.empty() &&
                                              tp->rest.size() < 120) {
        return StatusHeading{"", std::string(tp->written), std::string(tp->rest)};
    }
    return std::nullopt;
}

std::string strip_site_markup(std::string_view markdown) {
    static const RE2 markup{
        "\\s*(?:<!--.*-->|\\{\\{[<%].*[>%]\\}\\}|import\\s.+\\sfrom\\s+['\"].+['\"];?|export\\s+(?:const|default|function)\\b.*|"
        "</?[A-Z][A-Za-z0-9.]*(?:\\s[^>]*)?/?>)\\s*"};
    std::string out;
    int blank = 0;
    for (const auto line : text::split_lines(markdown)) {
        // Each kind of markup opens with '<', '{', "import" or "export" after the blank space: a line whose first
        // other byte is none of '<', '{', 'i', 'e' (most lines) is not matched against it.
        std::size_t first = 0;
        while (first < line.size() && text::regex_space(line[first])) ++first;
        const char c = first < line.size() ? line[first] : '\0';
        if ((c == '<' || c == '{' || c == 'i' || c == 'e') &&
            RE2::FullMatch(re2::StringPiece(line.data(), line.size()), markup)) {
            continue;
        }
        std::string l(line);
        static const RE2 inline_shortcode{"\\s*\\{\\{[<%][^}]*[>%]\\}\\}"};
        if (l.find("{{") != std::string::npos) RE2::GlobalReplace(&l, inline_shortcode, "");
        if (text::trim(l).empty()) {
            ++blank;
            continue;
        }
        if (!out.empty()) out += blank > 0 ? "\n\n" : "\n";
        blank = 0;
        out += l;
    }
    return std::string(text::trim(out));
}

bool is_site_markup(const md::Block& b) {
    if (b.kind != md::Block::Kind::paragraph) return false;
    return strip_site_markup(b.md_text()).empty();
}

}  // namespace incidentkit
