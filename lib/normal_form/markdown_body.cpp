// Normalized Markdown's body, written and read exactly. Sections start at "# " lines outside code fences;
// a section's text stands as written when that cannot end it early (stands_as_written), else it is wrapped in
// a ```incidentkit-verbatim fence. Both directions use the same line scanner, so they cannot disagree.
#include "normal_form/markdown_body.hpp"

#include <algorithm>
#include <optional>

namespace incidentkit::normal_form {
namespace {

constexpr std::string_view kWrapperInfo = "incidentkit-verbatim";

// Up to three leading spaces, as CommonMark allows before a fence.
std::string_view after_indent(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    return line.substr(i);
}

std::size_t run_of(std::string_view s, char c) {
    std::size_t n = 0;
    while (n < s.size() && s[n] == c) ++n;
    return n;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

// Code fences, tracked line by line the same way when writing and when reading.
struct FenceTracker {
    char ch = 0;
    std::size_t len = 0;
    bool open() const { return ch != 0; }
    void feed(std::string_view line) {
        const auto t = after_indent(line);
        if (open()) {
            const std::size_t n = run_of(t, ch);
            if (n >= len && blank(t.substr(n))) ch = 0;
            return;
        }
        for (char c : {'`', '~'}) {
            const std::size_t n = run_of(t, c);
            if (n >= 3 && (c == '~' || t.substr(n).find('`') == std::string_view::npos)) {
                ch = c;
                len = n;
                return;
            }
        }
    }
};

// "# Heading": a section starts here (when outside a fence).
bool is_boundary(std::string_view line) { return line.size() > 2 && line[0] == '#' && line[1] == ' ' && !blank(line.substr(2)); }

template <class F>
void for_each_line(std::string_view text, F&& f) {
    std::size_t pos = 0;
    while (true) {
        const auto nl = text.find('\n', pos);
        const auto end = nl == std::string_view::npos ? text.size() : nl;
        f(text.substr(pos, end - pos), pos);
        if (nl == std::string_view::npos) return;
        pos = nl + 1;
    }
}

bool is_wrapper_open(std::string_view line) {
    const std::size_t n = run_of(line, '`');
    return n >= 3 && line.substr(n) == kWrapperInfo;
}

std::string wrap(std::string_view text) {
    std::size_t longest = 0;
    for_each_line(text, [&](std::string_view line, std::size_t) { longest = std::max(longest, run_of(after_indent(line), '`')); });
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    return fence + std::string(kWrapperInfo) + "\n" + std::string(text) + "\n" + fence;
}

std::string unwrap(std::string_view text) {
    const auto first_nl = text.find('\n');
    if (first_nl == std::string_view::npos || !is_wrapper_open(text.substr(0, first_nl))) return std::string(text);
    const auto last_nl = text.rfind('\n');
    if (last_nl == first_nl || text.substr(last_nl + 1) != std::string(run_of(text, '`'), '`')) return std::string(text);
    return std::string(text.substr(first_nl + 1, last_nl - first_nl - 1));
}

std::string guarded(std::string_view text) { return stands_as_written(text) ? std::string(text) : wrap(text); }

// ---- cells ----

std::string encode(std::string_view value, std::string_view also_escape) {
    if (value.empty()) return "\"\"";
    std::string out;
    std::size_t lead = 0, trail = value.size();
    while (lead < value.size() && (value[lead] == ' ' || value[lead] == '\t')) ++lead;
    while (trail > lead && (value[trail - 1] == ' ' || value[trail - 1] == '\t')) --trail;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (i < lead || i >= trail) {
            out += c == ' ' ? "&#32;" : "&#9;";
            continue;
        }
        switch (c) {
            case '\n': out += "<br>"; break;
            case '\r': out += "&#13;"; break;
            case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '~':
            case '&': case '!': case '#': case '"':
                out += '\\';
                out += c;
                break;
            default:
                if (also_escape.find(c) != std::string_view::npos) out += '\\';
                out += c;
        }
    }
    return out;
}

std::string_view trim_cell(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// A cell's value; nullopt for a blank cell.
std::optional<std::string> decode(std::string_view cell) {
    cell = trim_cell(cell);
    if (cell.empty()) return std::nullopt;
    if (cell == "\"\"") return std::string();
    std::string out;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        const std::string_view rest = cell.substr(i);
        if (cell[i] == '\\' && i + 1 < cell.size()) {
            out += cell[++i];
        } else if (rest.rfind("<br>", 0) == 0) {
            out += '\n';
            i += 3;
        } else if (rest.rfind("&#13;", 0) == 0) {
            out += '\r';
            i += 4;
        } else if (rest.rfind("&#32;", 0) == 0) {
            out += ' ';
            i += 4;
        } else if (rest.rfind("&#9;", 0) == 0) {
            out += '\t';
            i += 3;
        } else {
            out += cell[i];
        }
    }
    return out;
}

// Splits at `sep` outside backslash escapes.
std::vector<std::string_view> split_unescaped(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    out.push_back(s.substr(start));
    return out;
}

// ---- people and tags ----

constexpr std::string_view kPersonEscapes = "@()";

std::string encode_person(const std::optional<Person>& p) {
    if (!p) return {};
    auto handle_text = [](const std::string& h) {
        if (!h.empty() && h[0] == '@') return "@" + (h.size() > 1 ? encode(std::string_view(h).substr(1), kPersonEscapes) : std::string());
        return encode(h, kPersonEscapes);
    };
    if (!p->handle) return encode(p->name, kPersonEscapes);
    const std::string& h = *p->handle;
    if (!h.empty() && h[0] == '@' && p->name == h.substr(1)) return handle_text(h);
    return encode(p->name, kPersonEscapes) + " (" + handle_text(h) + ")";
}

std::optional<Person> decode_person(std::string_view cell) {
    cell = trim_cell(cell);
    if (cell.empty()) return std::nullopt;
    // "name (handle)": the last unescaped "(" after a space, with the cell ending in an unescaped ")".
    std::size_t open = std::string_view::npos;
    bool closes = false;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        const bool escaped = cell[i] == '\\';
        if (escaped) ++i;
        closes = !escaped && cell[i] == ')' && i + 1 == cell.size();
        if (!escaped && cell[i] == '(' && i > 0 && cell[i - 1] == ' ') open = i;
    }
    auto handle_of = [](std::string_view h) {
        if (!h.empty() && h[0] == '@') return "@" + (h.size() > 1 ? decode(h.substr(1)).value_or("") : std::string());
        return decode(h).value_or("");
    };
    if (open != std::string_view::npos && closes) {
        return Person{decode(cell.substr(0, open - 1)).value_or(""), handle_of(cell.substr(open + 1, cell.size() - open - 2))};
    }
    if (cell[0] == '@') {
        const std::string handle = handle_of(cell);
        return Person{handle.substr(1), handle};
    }
    return Person{decode(cell).value_or(""), std::nullopt};
}

std::string encode_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) out += (out.empty() ? "" : ", ") + encode(t, ",");
    return out;
}

std::vector<std::string> decode_tags(std::string_view cell) {
    std::vector<std::string> out;
    if (trim_cell(cell).empty()) return out;
    for (const auto part : split_unescaped(trim_cell(cell), ',')) out.push_back(decode(part).value_or(""));
    return out;
}

// ---- tables and lists ----

std::string row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + c + " |";
    return out;
}

std::string table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
    std::string out = row(head) + "\n|";
    for (std::size_t i = 0; i < head.size(); ++i) out += "---|";
    for (const auto& r : rows) out += "\n" + row(r);
    return out;
}

std::string items(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& item : list) {
        if (!out.empty()) out += '\n';
        out += "- ";
        for (char c : item) {
            out += c;
            if (c == '\n') out += "  ";
        }
    }
    return out;
}

std::vector<std::string> read_items(std::string_view text) {
    std::vector<std::string> out;
    for_each_line(text, [&](std::string_view line, std::size_t) {
        if (line.rfind("- ", 0) == 0 || line == "-") {
            out.emplace_back(line.substr(std::min<std::size_t>(2, line.size())));
        } else if (!out.empty()) {
            out.back() += '\n';
            out.back() += line.rfind("  ", 0) == 0 ? line.substr(2) : line;
        }
    });
    return out;
}

struct Table {
    std::vector<std::string> head;                 // decoded column names
    std::vector<std::vector<std::string>> rows;    // raw cells
    std::vector<std::size_t> row_offsets;          // where each row starts in the section text
};

Table read_table(std::string_view text) {
    Table t;
    std::size_t n = 0;
    for_each_line(text, [&](std::string_view line, std::size_t offset) {
        ++n;
        if (n == 2) return;  // the |---| rule
        std::vector<std::string> cells;
        for (auto c : split_row(line)) cells.push_back(std::move(c));
        if (n == 1) {
            for (const auto& c : cells) t.head.push_back(decode(c).value_or(""));
        } else {
            t.rows.push_back(std::move(cells));
            t.row_offsets.push_back(offset);
        }
    });
    return t;
}

struct Reader {
    Incident& inc;
    std::vector<Diagnostic>& diags;
    std::string_view body;
    std::size_t first_line;

    std::size_t line_at(std::size_t offset) const {
        return first_line + static_cast<std::size_t>(std::count(body.begin(), body.begin() + static_cast<long>(offset), '\n'));
    }

    // Column index by name, or -1.
    static int column(const Table& t, std::string_view name) {
        for (std::size_t i = 0; i < t.head.size(); ++i) {
            if (t.head[i] == name) return static_cast<int>(i);
        }
        return -1;
    }

    static std::string_view cell(const std::vector<std::string>& r, int col) {
        return col >= 0 && static_cast<std::size_t>(col) < r.size() ? std::string_view(r[static_cast<std::size_t>(col)]) : std::string_view();
    }

    void check_row(const Table& t, std::size_t r, std::size_t section_offset, std::string_view text) {
        if (t.rows[r].size() != t.head.size()) {
            const std::size_t line = line_at(section_offset + t.row_offsets[r]);
            const auto shown = text.substr(t.row_offsets[r], text.find('\n', t.row_offsets[r]) - t.row_offsets[r]);
            diags.push_back(warning_at(line, "table row has " + std::to_string(t.rows[r].size()) + " cells but the header has " +
                                                 std::to_string(t.head.size()) + ": " + std::string(shown)));
        }
    }

    void timeline(std::string_view text, std::size_t offset) {
        const Table t = read_table(text);
        const int time = column(t, "Time"), event = column(t, "Event"), actor = column(t, "Actor"),
                  tags = column(t, "Tags"), at = column(t, "At (UTC)");
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            check_row(t, r, offset, text);
            const auto& cells = t.rows[r];
            TimelineEntry e;
            e.time = decode(cell(cells, time)).value_or("");
            e.event = decode(cell(cells, event)).value_or("");
            e.actor = decode(cell(cells, actor));
            e.tags = decode_tags(cell(cells, tags));
            e.at = decode(cell(cells, at));
            inc.timeline.push_back(std::move(e));
        }
    }

    void action_items(std::string_view text, std::size_t offset) {
        const Table t = read_table(text);
        const int action = column(t, "Action"), owner = column(t, "Owner"), due = column(t, "Due"),
                  status = column(t, "Status"), priority = column(t, "Priority"), links = column(t, "Links");
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            check_row(t, r, offset, text);
            const auto& cells = t.rows[r];
            ActionItem a;
            a.action = decode(cell(cells, action)).value_or("");
            a.owner = decode_person(cell(cells, owner));
            a.due = decode(cell(cells, due));
            a.status = decode(cell(cells, status));
            a.priority = decode(cell(cells, priority));
            a.links = decode_tags(cell(cells, links));
            inc.action_items.push_back(std::move(a));
        }
    }

    void section(const std::optional<std::string>& raw_heading, std::string content, std::size_t offset) {
        if (!raw_heading) {
            inc.sections.insert(inc.sections.begin(), Section{"", std::move(content)});
            return;
        }
        const std::string& h = *raw_heading;
        if (h == kSummary) inc.summary = std::move(content);
        else if (h == kImpact) inc.impact.items = read_items(content);
        else if (h == kTimeline) timeline(content, offset);
        else if (h == kRootCause) inc.root_cause = std::move(content);
        else if (h == kResolution) inc.resolution = read_items(content);
        else if (h == kActionItems) action_items(content, offset);
        else if (h == kLessons) inc.lessons_learned = read_items(content);
        else inc.sections.push_back(Section{decode(h).value_or(""), std::move(content)});
    }
};

bool canonical(std::string_view heading) {
    for (const char* c : {kSummary, kImpact, kTimeline, kRootCause, kResolution, kActionItems, kLessons}) {
        if (heading == c) return true;
    }
    return false;
}

std::string encode_heading(const std::string& heading) {
    const std::string e = encode(heading, "");
    return canonical(e) ? "\\" + e : e;  // a section of its own that is named like a canonical one
}

}  // namespace

std::string encode_cell(std::string_view value) { return encode(value, ""); }

std::string decode_cell(std::string_view cell) { return decode(cell).value_or(""); }

std::vector<std::string> split_row(std::string_view line) {
    auto s = trim_cell(line);
    if (!s.empty() && s.front() == '|') s.remove_prefix(1);
    // A trailing pipe, unless escaped: count the backslashes before it.
    if (!s.empty() && s.back() == '|') {
        std::size_t slashes = 0;
        while (slashes + 1 < s.size() && s[s.size() - 2 - slashes] == '\\') ++slashes;
        if (slashes % 2 == 0) s.remove_suffix(1);
    }
    std::vector<std::string> out;
    for (const auto part : split_unescaped(s, '|')) out.emplace_back(part);
    return out;
}

bool stands_as_written(std::string_view text) {
    FenceTracker fence;
    bool ok = true, first = true;
    for_each_line(text, [&](std::string_view line, std::size_t) {
        if (first && is_wrapper_open(line)) ok = false;
        first = false;
        if (!fence.open() && is_boundary(line)) ok = false;
        fence.feed(line);
    });
    return ok && !fence.open();
}

std::string write_body(const Incident& inc) {
    std::string out;
    auto block = [&](const std::string* heading, const std::string& content) {
        out += "\n";
        if (heading) out += "# " + *heading + "\n\n";
        out += content + "\n";
    };
    std::size_t first_section = 0;
    if (!inc.sections.empty() && inc.sections[0].heading.empty() && !inc.sections[0].markdown.empty() &&
        stands_as_written(inc.sections[0].markdown)) {
        block(nullptr, inc.sections[0].markdown);  // prose before the first heading stays there
        first_section = 1;
    }
    auto named = [&](const char* heading, const std::string& content) {
        const std::string h = heading;
        block(&h, guarded(content));
    };
    if (inc.summary) named(kSummary, *inc.summary);
    if (!inc.impact.items.empty()) named(kImpact, items(inc.impact.items));
    if (!inc.timeline.empty()) {
        bool any_at = false;
        for (const auto& e : inc.timeline) any_at = any_at || e.at.has_value();
        std::vector<std::string> head = {"Time", "Event", "Actor", "Tags"};
        if (any_at) head.push_back("At (UTC)");
        std::vector<std::vector<std::string>> rows;
        for (const auto& e : inc.timeline) {
            std::vector<std::string> r = {e.time.empty() ? "" : encode(e.time, ""), e.event.empty() ? "" : encode(e.event, ""),
                                          e.actor ? encode(*e.actor, "") : "", encode_tags(e.tags)};
            if (any_at) r.push_back(e.at ? encode(*e.at, "") : "");
            rows.push_back(std::move(r));
        }
        named(kTimeline, table(head, rows));
    }
    if (inc.root_cause) named(kRootCause, *inc.root_cause);
    if (!inc.resolution.empty()) named(kResolution, items(inc.resolution));
    if (!inc.action_items.empty()) {
        bool any_links = false;
        for (const auto& a : inc.action_items) any_links = any_links || !a.links.empty();
        std::vector<std::string> head = {"Action", "Owner", "Due", "Status", "Priority"};
        if (any_links) head.push_back("Links");
        std::vector<std::vector<std::string>> rows;
        for (const auto& a : inc.action_items) {
            auto opt = [](const std::optional<std::string>& v) { return v ? encode(*v, "") : std::string(); };
            rows.push_back({a.action.empty() ? "" : encode(a.action, ""), encode_person(a.owner), opt(a.due), opt(a.status),
                            opt(a.priority)});
            if (any_links) rows.back().push_back(encode_tags(a.links));
        }
        named(kActionItems, table(head, rows));
    }
    if (!inc.lessons_learned.empty()) named(kLessons, items(inc.lessons_learned));
    for (std::size_t i = first_section; i < inc.sections.size(); ++i) {
        const std::string h = encode_heading(inc.sections[i].heading);
        block(&h, guarded(inc.sections[i].markdown));
    }
    return out;
}

void read_body(std::string_view body, std::size_t first_line, Incident& inc, std::vector<Diagnostic>& diags) {
    struct Part {
        std::optional<std::string> heading;  // raw (still escaped); none for the text before the first heading
        std::size_t begin = 0, end = 0;      // the text after the heading line
    };
    std::vector<Part> parts(1);
    FenceTracker fence;
    for_each_line(body, [&](std::string_view line, std::size_t offset) {
        if (!fence.open() && is_boundary(line)) {
            parts.back().end = offset;
            auto h = trim_cell(line.substr(2));
            parts.push_back(Part{std::string(h), std::min(body.size(), offset + line.size() + 1), 0});
            return;
        }
        fence.feed(line);
    });
    parts.back().end = body.size();
    Reader r{inc, diags, body, first_line};
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        std::string_view t = body.substr(p.begin, p.end >= p.begin ? p.end - p.begin : 0);
        const bool last = i + 1 == parts.size();
        if (!p.heading && (t.empty() || t == "\n")) continue;  // no text before the first heading
        // Each part is "\n" + text + "\n", and one more "\n" before a following heading.
        std::size_t offset = p.begin;
        if (!t.empty() && t.front() == '\n') {
            t.remove_prefix(1);
            ++offset;
        }
        if (!last && t.size() >= 2 && t.substr(t.size() - 2) == "\n\n") t.remove_suffix(2);
        else if (!t.empty() && t.back() == '\n') t.remove_suffix(1);
        r.section(p.heading, unwrap(t), offset);
    }
}

}  // namespace incidentkit::normal_form
