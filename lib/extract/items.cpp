// Action items, impact metrics, data-loss statements and related-incident lines.
#include "extract/items.hpp"

#include <algorithm>

#include <re2/re2.h>

#include "extract/line_shapes.hpp"
#include "extract/metric_number.hpp"
#include "normalize/normalize.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

std::string trim_copy(std::string_view s) { return std::string(text::trim(s)); }

bool looks_like_person(std::string_view s) {
    if (s.empty() || s.size() > 40) return false;
    if (s[0] == '@') return s.find(' ') == std::string_view::npos;
    const auto c = static_cast<unsigned char>(s[0]);
    if (!(c >= 'A' && c <= 'Z') && c < 0x80) return false;
    int words = 1;
    for (char ch : s) {
        if (ch == ' ') ++words;
        if ((ch >= '0' && ch <= '9') || ch == ':' || ch == '.' || ch == ',') return false;
    }
    return words <= 4;
}

std::optional<std::string> iso_due(const std::string& raw, std::size_t line, std::vector<Diagnostic>& diags) {
    const std::string t = trim_copy(raw);
    if (t.empty() || t == "-" || text::iequals(t, "n/a") || text::iequals(t, "tbd")) return std::nullopt;
    if (auto d = parse_date(t)) return format_date(*d);
    diags.push_back(warning_at(line, "due date '" + t + "' is not a date; 'due' left null"));
    return std::nullopt;
}

// Applies one "Key: value" segment to the item, its key already in text::key_form; false when the key is not an
// action-item field.
bool apply_keyed_field(ActionItem& item, const std::string& k, const std::string& value, std::size_t line,
                       std::vector<Diagnostic>& diags) {
    if (k == "owner" || k == "owners" || k == "assignee" || k == "assigned" || k == "assigned to" || k == "who" ||
        k == "responsible" || k == "dri") {
        item.owner = normalize_person(value);
    } else if (k == "status" || k == "state") {
        item.status = normalize_action_status(value);
        if (!item.status) diags.push_back(warning_at(line, "action item status '" + value + "' is not recognised"));
    } else if (k == "priority" || k == "prio" || k == "pri") {
        item.priority = normalize_priority(value);
        if (!item.priority) diags.push_back(warning_at(line, "priority '" + value + "' is not recognised"));
    } else if (k == "due" || k == "due date" || k == "deadline" || k == "eta" || k == "target date" || k == "by") {
        item.due = iso_due(value, line, diags);
    } else {
        return false;
    }
    return true;
}

bool apply_field(ActionItem& item, const std::string& key, const std::string& value, std::size_t line,
                 std::vector<Diagnostic>& diags) {
    return apply_keyed_field(item, text::key_form(key), value, line, diags);
}

// Removes each parenthesised group (md::find_paren_group: blank space, "(", the inner text, ")") for which
// `use(inner)` is true.
template <class Use>
std::string replace_paren_groups(const std::string& s, Use&& use) {
    std::string out;
    std::size_t at = 0;  // s[at..] is still to copy
    while (const auto g = md::find_paren_group(s, at)) {
        out.append(s, at, g->first - at);
        const std::string_view w = std::string_view(s).substr(g->first, g->second - g->first);
        const std::size_t open = w.find('(');
        if (!use(std::string(w.substr(open + 1, w.size() - open - 2)))) out.append(w);
        at = g->second;
    }
    out.append(s, at);
    return out;
}

// The segments between separators (md::find_segment_separator).
// Views into `s`, which must outlive them.
std::vector<std::string_view> split_segments(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t at = 0;
    while (const auto sep = md::find_segment_separator(s, at)) {
        out.push_back(s.substr(at, sep->first - at));
        at = sep->second;
    }
    out.push_back(s.substr(at));
    return out;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> split_key_value(std::string_view plain) {
    // "Key: value": a key of 1-40 characters before the first colon, whitespace after it, a value on one line;
    // both trimmed. Scanned by hand: as an RE2 full match with captures this ran over every paragraph line and
    // was a twentieth of a batch's instructions.
    const auto space = text::regex_space;
    std::size_t b = 0;
    while (b < plain.size() && space(plain[b])) ++b;
    const std::size_t colon = plain.find(':', b);
    if (colon == std::string_view::npos || colon + 1 >= plain.size() || !space(plain[colon + 1])) return std::nullopt;
    std::size_t e = colon;
    while (e > b && space(plain[e - 1])) --e;
    std::size_t chars = 0;
    for (std::size_t i = b; i < e; ++i) chars += (static_cast<unsigned char>(plain[i]) & 0xC0) != 0x80;
    if (chars == 0 || chars > 40) return std::nullopt;
    std::size_t vb = colon + 1, ve = plain.size();
    while (vb < ve && space(plain[vb])) ++vb;
    while (ve > vb && space(plain[ve - 1])) --ve;
    const std::string_view value = plain.substr(vb, ve - vb);
    if (value.find('\n') != std::string_view::npos) return std::nullopt;  // a value is one line
    std::string k(plain.substr(b, e - b)), v(value);
    // A key is a label, not a sentence or a time ("14:45: text" is a timeline line).
    if (k.empty() || (k[0] >= '0' && k[0] <= '9') || std::count(k.begin(), k.end(), ' ') > 4) return std::nullopt;
    return std::make_pair(k, v);
}

ActionItem parse_action_line(std::string_view plain, int task, std::size_t line, std::vector<Diagnostic>& diags) {
    ActionItem item;
    std::string s = trim_copy(plain);
    if (task == 2) item.status = "done";
    if (task == 1) item.status = "todo";
    static const RE2 checkbox{"^\\[([ xX])\\]\\s+"};
    std::string mark;
    // Each pattern below runs only when the text holds what every match must (an action list is read for
    // every report, and most lines carry no marker).
    if (!s.empty() && s[0] == '[' && RE2::PartialMatch(s, checkbox, &mark)) {
        item.status = mark == " " ? "todo" : "done";
        RE2::Replace(&s, checkbox, "");
    }
    // Leading "[high]", "(P1)", "P1:" and "TODO:" markers.
    static const RE2 lead_bracket{"^[\\[(]([^\\])]{1,20})[\\])]\\s*[:\\-]?\\s*"};
    static const RE2 lead_p{"^(P[0-4])\\s*[:\\-\u2013\u2014]\\s*"};
    static const RE2 lead_status{"^(?i)(todo|done|wip|fixme)\\s*[:\\-]\\s*"};
    std::string v;
    auto leads_with = [&](std::string_view firsts) { return !s.empty() && firsts.find(s[0]) != std::string_view::npos; };
    for (int guard = 0; guard < 3; ++guard) {
        if (leads_with("[(") && RE2::PartialMatch(s, lead_bracket, &v)) {
            if (auto p = normalize_priority(v)) {
                item.priority = p;
            } else if (auto st = normalize_action_status(v)) {
                item.status = st;
            } else {
                break;
            }
            RE2::Replace(&s, lead_bracket, "");
        } else if (leads_with("P") && RE2::PartialMatch(s, lead_p, &v)) {
            item.priority = normalize_priority(v);
            RE2::Replace(&s, lead_p, "");
        } else if (leads_with("tTdDwWfF") && RE2::PartialMatch(s, lead_status, &v)) {
            item.status = normalize_action_status(v);
            RE2::Replace(&s, lead_status, "");
        } else {
            break;
        }
    }
    // Trailing check marks.
    static const RE2 check{"\\s*(?:\u2705|\u2714\uFE0F?|\u2611\uFE0F?)\\s*$"};
    if (s.find('\xE2') != std::string::npos && RE2::Replace(&s, check, "")) item.status = "done";  // U+2xxx
    // "(Assigned: Dave)", "(Owner: X)", "(P1)", "(due 2024-05-01)", "(done)" anywhere.
    if (s.find('(') != std::string::npos) s = replace_paren_groups(s, [&](const std::string& inner) {
        if (auto kv = split_key_value(inner)) return apply_field(item, kv->first, kv->second, line, diags);
        std::string value;
        static const RE2 assigned{"(?i)(?:assigned(?: to)?|owner|assignee)\\s+(.+)"};
        static const RE2 due{"(?i)due\\s+(.+)"};
        if (rx::full_match(inner, assigned, &value)) {
            item.owner = normalize_person(value);
        } else if (rx::full_match(inner, due, &value)) {
            item.due = iso_due(value, line, diags);
        } else if (auto p = normalize_priority(inner)) {
            item.priority = p;
        } else if (auto st = normalize_action_status(inner)) {
            item.status = st;
        } else {
            return false;
        }
        return true;
    });
    // Segments: "text — Owner: X — Status: pending", "text; Owner: X; Priority: high", "text | Due: ...".
    const std::vector<std::string_view> segs = split_segments(s);
    std::string action;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const std::string_view seg = text::trim(segs[i]);
        if (seg.empty()) continue;
        if (i > 0) {
            if (auto kv = split_key_value(seg); kv && apply_field(item, kv->first, kv->second, line, diags)) continue;
            if (i == segs.size() - 1 && !item.owner && looks_like_person(seg)) {
                item.owner = normalize_person(seg);
                continue;
            }
            if (auto st = normalize_action_status(seg); st && i == segs.size() - 1) {
                item.status = st;
                continue;
            }
            action += " - ";
        }
        action += seg;
    }
    // A trailing "@handle" names the owner.
    std::string head;
    if (!item.owner && action.find('@') != std::string::npos && md::split_trailing_handle(action, head, v)) {
        item.owner = normalize_person(v);
        action = head;
    }
    item.action = trim_copy(action);
    return item;
}

std::vector<ActionItem> parse_action_table(const md::Block& table, std::vector<Diagnostic>& diags) {
    std::vector<ActionItem> out;
    if (table.rows.empty()) return out;
    const auto& header = table.rows[0];
    int action_col = -1;
    std::vector<std::pair<int, std::string>> fields;  // column -> its header's key_form, once for every row
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string k = text::key_form(header[i]);
        const int col = static_cast<int>(i);
        if (action_col < 0 && (k == "action" || k == "action item" || k == "item" || k == "task" ||
                               k == "description" || k == "title" || k == "follow up" || k == "what" ||
                               k == "remediation" || k == "actions")) {
            action_col = col;
        } else if (k == "#" || k == "no" || k == "id" || k == "no." || k == "ticket") {
            continue;
        } else {
            fields.emplace_back(col, k);
        }
    }
    if (action_col < 0) action_col = (!header.empty() && text::trim(header[0]) == "#") ? 1 : 0;
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const std::size_t line = r < table.row_lines.size() ? table.row_lines[r] : table.line;
        if (static_cast<std::size_t>(action_col) >= row.size()) continue;
        ActionItem item = parse_action_line(row[action_col], 0, line, diags);
        for (const auto& [col, key] : fields) {
            if (col == action_col || static_cast<std::size_t>(col) >= row.size()) continue;
            const std::string value = trim_copy(row[col]);
            if (value.empty()) continue;
            apply_keyed_field(item, key, value, line, diags);
        }
        if (item.action.empty()) continue;
        out.push_back(std::move(item));
    }
    return out;
}

std::optional<Metric> parse_metric(std::string_view plain) {
    auto kv = split_key_value(plain);
    // The pattern needs a digit: a value without one (most "Key: value" lines) is no metric.
    if (!kv || !text::has_digit(kv->second)) return std::nullopt;
    std::string approx, currency, num, scale, unit;
    const std::string_view stated = kv->second;
    if (stated.find("\u017F") == std::string_view::npos && stated.find("\u212A") == std::string_view::npos) {
        const auto n = find_metric_number(stated);
        if (!n) return std::nullopt;
        approx = n->approx, currency = n->currency, num = n->number, scale = n->scale, unit = n->unit;
    } else {
        // U+017F or U+212A, which (?i) folds with 's' and 'k': the pattern find_metric_number stands for.
        static const RE2 number{
            "(?i)(~|≈|approx(?:imately|\\.)?|about|around|roughly|estimated|est\\.|nearly|almost|an estimated|"
            "up to|over|more than|less than|under|>|<)?\\s*([$€£¥])?\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*"
            "(k\\b|m\\b|million\\b|thousand\\b|%)?\\s*([[:alpha:]]+)?"};
        re2::StringPiece in(stated.data(), stated.size());
        if (!RE2::FindAndConsume(&in, number, &approx, &currency, &num, &scale, &unit)) return std::nullopt;
    }
    Metric m;
    m.name = text::snake_case(kv->first);
    if (m.name.empty()) return std::nullopt;
    std::string digits;
    for (char c : num) {
        if (c != ',') digits += c;
    }
    double value = std::stod(digits);
    const std::string sc = text::lower(scale);
    if (sc == "k" || sc == "thousand") value *= 1e3;
    if (sc == "m" || sc == "million") value *= 1e6;
    m.value = value;
    const std::string before = text::lower(kv->second.substr(0, kv->second.find(num)));
    m.approximate = !approx.empty() && approx != ">" && approx != "<" && text::lower(approx) != "over" &&
                    text::lower(approx) != "more than" && text::lower(approx) != "less than" &&
                    text::lower(approx) != "under" && text::lower(approx) != "up to";
    if (before.find("estimat") != std::string::npos || before.find('~') != std::string::npos) m.approximate = true;
    if (currency == "$") m.unit = "USD";
    else if (currency == "€") m.unit = "EUR";
    else if (currency == "£") m.unit = "GBP";
    else if (currency == "¥") m.unit = "JPY";
    else if (sc == "%") m.unit = "percent";
    else if (!unit.empty()) m.unit = text::lower(unit);
    m.text = trim_copy(plain);
    return m;
}

std::optional<bool> data_loss_statement(std::string_view plain) {
    static const RE2 negative{
        "(?i)\\bno\\s+(?:customer\\s+|user\\s+)?data(?:\\s+was|\\s+were)?\\s+(?:loss|lost)\\b|"
        "\\bno\\s+loss\\s+of\\s+(?:customer\\s+|user\\s+)?data\\b|\\bwithout\\s+(?:any\\s+)?data\\s+loss\\b|"
        "\\bdata\\s+loss\\s*[:\\-\u2013\u2014]\\s*(?:none|no|n/a|zero)\\b|\\bzero\\s+data\\s+loss\\b|"
        "\\bdata\\s+(?:was|were)\\s+not\\s+lost\\b|\\bnot\\s+result\\s+in\\s+(?:any\\s+)?data\\s+loss\\b|"
        "\\bno\\s+(?:\\w+\\s+)?data\\s+(?:was|were)\\s+lost\\b"};
    static const RE2 positive{
        "(?i)\\bdata\\s+loss\\s*[:\\-\u2013\u2014]\\s*\\S|\\bsome\\s+data\\s+loss\\b|"
        "\\bdata\\s+(?:was|were)\\s+(?:permanently\\s+|irrecoverably\\s+|partially\\s+)?lost\\b|"
        "\\b(?:permanent|partial|irrecoverable|significant|minor|limited)\\s+data\\s+loss\\b|"
        "\\bresult(?:ed|ing)\\s+in\\s+data\\s+loss\\b|\\bdata\\s+loss\\s+(?:occurred|of)\\b"};
    // Every statement names "data" and "loss" or "lost": a text without both (most paragraphs, most texts that
    // name data) skips both patterns. U+017F folds with 's' under (?i): a text holding it is always tried.
    if (!text::contains_folded(plain, "data")) return std::nullopt;
    if (!text::contains_folded(plain, "los") && plain.find("\u017F") == std::string_view::npos) return std::nullopt;
    const re2::StringPiece in(plain.data(), plain.size());
    if (RE2::PartialMatch(in, negative)) return false;
    if (RE2::PartialMatch(in, positive)) return true;
    return std::nullopt;
}

Link parse_related_line(std::string_view plain, std::string_view md) {
    Link link;
    link.rel = "related";
    std::string s = trim_copy(plain);
    std::string head, inner;
    // "Title (2024-03-05)": the split of `^(.*?)\s*\(([^()]*)\)\s*$`, scanned (with captures, RE2 ran its
    // backtracker over the whole line, and a Markdown link ends in ')').
    if (md::split_trailing_group(s, '(', ')', md::kAnyLength, head, inner, 0)) {
        if (auto d = parse_date(inner)) {
            link.date = format_date(*d);
            s = head;
        }
    }
    // An id holds "-" or "#" before a digit (a list of related links is read for most reports).
    std::string id, rest;
    bool id_shape = false;
    for (std::size_t i = 0; i + 1 < s.size() && !id_shape; ++i) {
        id_shape = (s[i] == '-' || s[i] == '#') && s[i + 1] >= '0' && s[i + 1] <= '9';
    }
    if (id_shape && md::split_leading_id(s, id, rest)) {
        link.target = id;
        if (!text::trim(rest).empty()) link.title = trim_copy(rest);
        return link;
    }
    static const RE2 any_id{"\\b[A-Z][A-Z0-9]*-\\d[\\w\\-]*\\b"};
    re2::StringPiece any;  // the whole match, which the DFA finds without the backtracker a group needs
    if (id_shape && any_id.Match(re2::StringPiece(s), 0, s.size(), RE2::UNANCHORED, &any, 1)) {
        link.target = std::string(any.data(), any.size());
        link.title = s;
        return link;
    }
    static const RE2 href{"\\]\\(([^)]+)\\)"};
    std::string url;
    if (RE2::PartialMatch(re2::StringPiece(md.data(), md.size()), href, &url)) {
        link.target = url;
        link.title = s;
        return link;
    }
    link.target = s;
    return link;
}

}  // namespace incidentkit
