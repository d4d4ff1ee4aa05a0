// MarkdownWriter: normalized Markdown (YAML front matter + canonical sections) that the frontmatter reader
// reads back into the same Incident. The normal form is documented in docs/formats.md.
#include <set>

#include "incidentkit/json.hpp"
#include "readers/builtin_readers.hpp"
#include "writers/builtin_writers.hpp"
#include "writers/yaml_emit.hpp"

namespace incidentkit {
namespace {

std::string person_text(const Person& p) {
    if (!p.handle) return p.name;
    if (p.name == p.handle->substr(1)) return *p.handle;
    return p.name + " (" + *p.handle + ")";
}

// Backslash-escapes Markdown punctuation so a table cell reads back as the same plain text.
std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '~':
            case '&': case '!': case '#':
                out += '\\';
                out += c;
                break;
            case '\n': case '\r': out += ' '; break;
            default: out += c;
        }
    }
    return out.empty() ? " " : out;
}

// A list item whose first characters would start another block ("1. ", "- ", "# ", "> ") is escaped.
std::string bullet(const std::string& md) {
    std::string text = md;
    const auto first = text.find_first_not_of(' ');
    if (first != std::string::npos) {
        const char c = text[first];
        std::size_t digits = first;
        while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
        const bool ordered = digits > first && digits < text.size() && (text[digits] == '.' || text[digits] == ')');
        const bool marker_then_space =
            (c == '-' || c == '*' || c == '+') && (first + 1 == text.size() || text[first + 1] == ' ');
        if (ordered) {
            text.insert(digits, "\\");
        } else if (marker_then_space || c == '#' || c == '>') {
            text.insert(first, "\\");
        }
    }
    std::string out = "- ";
    for (char c : text) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out + "\n";
}

std::string table_row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + cell(c) + " |";
    return out + "\n";
}

std::string table_rule(std::size_t n) {
    std::string out = "|";
    for (std::size_t i = 0; i < n; ++i) out += "---|";
    return out + "\n";
}

std::string heading(const std::string& text) { return "# " + cell(text) + "\n\n"; }

bool has_detail(const Link& l) { return l.title || l.date; }

ordered_json front_matter(const Incident& inc, bool related_in_body) {
    ordered_json fm = ordered_json::object();
    auto put = [&](const char* key, const auto& v) {
        if (v) fm[key] = *v;
    };
    put("type", inc.type);
    put("id", inc.id);
    put("title", inc.title);
    put("status", inc.status);
    if (inc.severity) fm["severity"] = inc.severity->raw;
    if (inc.commander) fm["commander"] = person_text(*inc.commander);
    if (!inc.responders.empty()) {
        auto& r = fm["responders"] = ordered_json::array();
        for (const auto& p : inc.responders) r.push_back(person_text(p));
    }
    put("started_at", inc.started_at);
    put("detected_at", inc.detected_at);
    put("mitigated_at", inc.mitigated_at);
    put("resolved_at", inc.resolved_at);
    put("duration_minutes", inc.duration_minutes);
    if (!inc.affected_systems.empty()) fm["affected_systems"] = inc.affected_systems;
    put("customer_impact", inc.customer_impact);
    put("data_loss", inc.impact.data_loss);
    if (!inc.tags.empty()) fm["tags"] = inc.tags;
    for (const auto& l : inc.links) {
        if (related_in_body && l.rel == "related") continue;
        auto& list = fm[l.rel];
        if (list.is_null()) list = ordered_json::array();
        if (has_detail(l)) {
            ordered_json m = {{"id", l.target}};
            if (l.title) m["title"] = *l.title;
            if (l.date) m["date"] = *l.date;
            list.push_back(m);
        } else {
            list.push_back(l.target);
        }
    }
    // Unknown keys stay top-level unless one of them would read back as a model field; then all of them go
    // under `extra:` (which the reader merges back into extra), so their order survives.
    bool nest = false;
    for (const auto& [k, v] : inc.extra.items()) {
        nest = nest || frontmatter_key_is_mapped(k) || fm.contains(k) || k == "extra";
    }
    if (nest) {
        fm["extra"] = inc.extra;
    } else {
        for (const auto& [k, v] : inc.extra.items()) fm[k] = v;
    }
    return fm;
}

class MarkdownWriter final : public Writer {
public:
    std::string name() const override { return "markdown"; }
    std::string description() const override {
        return "normalized Markdown: YAML front matter and canonical sections (reads back losslessly)";
    }
    std::string extension() const override { return "md"; }

    std::string write(const Incident& inc, const WriteOptions&) const override {
        bool related_in_body = false;
        for (const auto& l : inc.links) related_in_body = related_in_body || (l.rel == "related" && has_detail(l));
        std::string out = "---\n" + emit_yaml(front_matter(inc, related_in_body)) + "---\n";
        auto section = [&](const std::string& title, const std::string& body) {
            if (body.empty()) return;
            out += "\n" + heading(title) + body;
            if (out.back() != '\n') out += '\n';
        };
        auto bullets = [](const std::vector<std::string>& items) {
            std::string s;
            for (const auto& i : items) s += bullet(i);
            return s;
        };
        // Prose that stood before the first section (kept as a section with an empty heading) comes first.
        for (const auto& s : inc.sections) {
            if (s.heading.empty() && !s.markdown.empty()) out += "\n" + s.markdown + "\n";
        }
        section("Summary", inc.summary.value_or(""));
        section("Impact", bullets(inc.impact.items));
        if (!inc.timeline.empty()) {
            bool any_at = false;
            for (const auto& e : inc.timeline) any_at = any_at || e.at.has_value();
            std::vector<std::string> head = {"Time", "Event", "Actor", "Tags"};
            if (any_at) head.push_back("At (UTC)");
            std::string t = table_row(head) + table_rule(head.size());
            for (const auto& e : inc.timeline) {
                std::string tags;
                for (const auto& tag : e.tags) tags += (tags.empty() ? "" : ", ") + tag;
                std::vector<std::string> row = {e.time, e.event, e.actor.value_or(""), tags};
                if (any_at) row.push_back(e.at.value_or(""));
                t += table_row(row);
            }
            section("Timeline", t);
        }
        section("Root Cause", inc.root_cause.value_or(""));
        section("Resolution", bullets(inc.resolution));
        if (!inc.action_items.empty()) {
            std::string t = table_row({"Action", "Owner", "Due", "Status", "Priority"}) + table_rule(5);
            for (const auto& a : inc.action_items) {
                t += table_row({a.action, a.owner ? person_text(*a.owner) : "", a.due.value_or(""),
                                a.status.value_or(""), a.priority.value_or("")});
            }
            section("Action Items", t);
        }
        section("Lessons Learned", bullets(inc.lessons_learned));
        if (related_in_body) {
            std::string r;
            for (const auto& l : inc.links) {
                if (l.rel != "related") continue;
                std::string line = l.target;
                if (l.title) line += " - " + *l.title;
                if (l.date) line += " (" + *l.date + ")";
                r += "- " + line + "\n";
            }
            section("Related Incidents", r);
        }
        for (const auto& s : inc.sections) {
            if (s.heading.empty()) continue;
            out += "\n" + heading(s.heading);
            if (!s.markdown.empty()) out += s.markdown + "\n";
        }
        return out;
    }
};

}  // namespace

std::unique_ptr<Writer> make_markdown_writer() { return std::make_unique<MarkdownWriter>(); }

}  // namespace incidentkit
