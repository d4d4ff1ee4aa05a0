// LinkGraph: resolves the incidents' typed links onto nodes (include/incidentkit/graph.hpp says how) and writes
// them as Graphviz DOT or Mermaid, every string escaped for the syntax it lands in.
#include "incidentkit/graph.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "normalize/text.hpp"

namespace incidentkit {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string normal_path(std::string_view p) {
    if (p.empty()) return {};
    return fs::path(p).lexically_normal().generic_string();
}

// Nodes a name designates: one, or ambiguous (several), kept as the first and a flag.
struct Designation {
    std::size_t node = kNone;
    bool ambiguous = false;
    void add(std::size_t n) {
        if (node == kNone) {
            node = n;
        } else if (node != n) {
            ambiguous = true;
        }
    }
    std::size_t unique() const { return ambiguous ? kNone : node; }
};

// Valid UTF-8 with line breaks as '\n', tabs and other control characters as spaces and invalid bytes as U+FFFD:
// what both syntaxes are then escaped from.
std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\r') {
            out += '\n';
            i += (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
        } else if (c == '\n') {
            out += '\n';
            ++i;
        } else if (c < 0x20 || c == 0x7F) {
            out += ' ';
            ++i;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
        } else if (const auto n = text::utf8_length_at(s, i); n > 0) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

// A DOT double-quoted string: '"' and '\' escaped (so no \N, \l ... escape of Graphviz's fires), a line break
// as "\n" (a centred line).
std::string dot_quoted(std::string_view raw) {
    std::string out = "\"";
    for (const char c : clean_text(raw)) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            default: out += c;
        }
    }
    return out + '"';
}

std::string dot_label(const std::vector<std::string>& lines) {
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) joined += (i ? "\n" : "") + lines[i];
    return dot_quoted(joined);
}

// Text inside a Mermaid double-quoted label: the characters Mermaid or its HTML rendering would read as syntax
// are entity codes (#quot; #35; ...; every '#' is escaped, so a title's own "#12;" stays text); line breaks <br>.
std::string mermaid_text(std::string_view raw) {
    std::string out;
    for (const char c : clean_text(raw)) {
        switch (c) {
            case '"': out += "#quot;"; break;
            case '#': out += "#35;"; break;
            case '&': out += "#amp;"; break;
            case '<': out += "#lt;"; break;
            case '>': out += "#gt;"; break;
            case '`': out += "#96;"; break;
            case '|': out += "#124;"; break;  // ends an edge label
            case '\n': out += "<br>"; break;
            default: out += c;
        }
    }
    return out;
}

std::string mermaid_label(const std::vector<std::string>& lines) {
    std::string out = "\"";
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "<br>" : "") + mermaid_text(lines[i]);
    return out + '"';
}

// A rel as a Mermaid edge label: bare when it is a plain word (caused_by), else quoted.
std::string mermaid_edge_label(std::string_view rel) {
    bool plain = !rel.empty();
    for (const char c : rel) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                          c == '-' || c == '.';
        plain = plain && word;
    }
    if (plain) return "|" + std::string(rel) + "|";
    return "|\"" + mermaid_text(rel) + "\"|";
}

}  // namespace

void LinkGraph::add(const Incident& incident, std::string_view file) {
    Entry e;
    e.id = incident.id.value_or("");
    e.title = incident.title.value_or("");
    e.date = incident.date.value_or("");
    e.source_path = incident.source.path;
    e.file = file.empty() ? incident.source.path : std::string(file);
    for (const auto& link : incident.links) {
        if (!link.target.empty()) e.links.push_back(link);
    }
    entries_.push_back(std::move(e));
}

GraphView LinkGraph::view() const {
    GraphView g;
    // 1. Incident nodes: one per id, else one per incident (keyed by its file, and its place there when the file
    //    held several).
    std::map<std::string, std::size_t> per_file;
    for (const auto& e : entries_) ++per_file[e.file];
    std::map<std::string, std::size_t> seen_in_file;
    std::map<std::string, std::size_t> by_id;
    std::map<std::string, Designation> by_path, by_stem;
    std::vector<std::size_t> node_of(entries_.size());
    struct Fill {
        std::string title, date;
    };
    std::vector<Fill> fill;  // per incident node: the first title and date any of its incidents gave
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto& e = entries_[i];
        const std::size_t k = ++seen_in_file[e.file];
        const bool several = per_file[e.file] > 1;
        std::size_t node = kNone;
        if (!e.id.empty()) {
            if (const auto it = by_id.find(e.id); it != by_id.end()) node = it->second;
        }
        if (node == kNone) {
            node = g.nodes.size();
            GraphNode n;
            if (!e.id.empty()) {
                n.key = e.id;
                by_id.emplace(e.id, node);
            } else if (!e.file.empty()) {
                n.key = several ? e.file + "#" + std::to_string(k) : e.file;
            } else {
                n.key = "incident " + std::to_string(i + 1);
            }
            g.nodes.push_back(std::move(n));
            fill.emplace_back();
        }
        node_of[i] = node;
        if (fill[node].title.empty()) fill[node].title = e.title;
        if (fill[node].date.empty()) fill[node].date = e.date;
        for (const auto* p : {&e.file, &e.source_path}) {
            if (p->empty()) continue;
            const std::string normal = normal_path(*p);
            by_path[normal].add(node);
            if (several) by_path[normal + "#" + std::to_string(k)].add(node);
            by_stem[fs::path(*p).stem().string()].add(node);
        }
    }
    for (std::size_t n = 0; n < g.nodes.size(); ++n) {
        g.nodes[n].lines.push_back(g.nodes[n].key);
        if (!fill[n].title.empty()) g.nodes[n].lines.push_back(fill[n].title);
        if (!fill[n].date.empty()) g.nodes[n].lines.push_back(fill[n].date);
    }
    const std::size_t incident_nodes = g.nodes.size();

    // 2. Links, resolved; an unresolved target is one external node however many link to it.
    auto resolve = [&](const Entry& from, const std::string& target) -> std::size_t {
        if (const auto it = by_id.find(target); it != by_id.end()) return it->second;
        if (target.find("://") == std::string::npos) {
            // Relative to the linking incident's folder first (as a Markdown link reads), then as written.
            std::vector<std::string> candidates;
            if (!from.file.empty() && !fs::path(target).is_absolute()) {
                candidates.push_back(normal_path((fs::path(from.file).parent_path() / target).string()));
            }
            candidates.push_back(normal_path(target));
            for (const auto& c : candidates) {
                if (const auto it = by_path.find(c); it != by_path.end() && it->second.unique() != kNone) {
                    return it->second.unique();
                }
            }
            if (target.find('/') == std::string::npos) {
                if (const auto it = by_stem.find(target); it != by_stem.end() && it->second.unique() != kNone) {
                    return it->second.unique();
                }
            }
        }
        return kNone;
    };
    std::map<std::string, std::size_t> external;
    std::vector<Fill> external_fill;
    std::set<std::tuple<std::size_t, std::string, std::size_t>> edges_seen;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        for (const auto& link : entries_[i].links) {
            std::size_t to = resolve(entries_[i], link.target);
            if (to == kNone) {
                const auto [it, fresh] = external.emplace(link.target, g.nodes.size());
                if (fresh) {
                    g.nodes.push_back(GraphNode{link.target, {}, true});
                    external_fill.emplace_back();
                }
                to = it->second;
                auto& f = external_fill[to - incident_nodes];
                if (f.title.empty() && link.title) f.title = *link.title;
                if (f.date.empty() && link.date) f.date = *link.date;
            }
            if (edges_seen.emplace(node_of[i], link.rel, to).second) g.edges.push_back({node_of[i], to, link.rel});
        }
    }
    for (std::size_t n = incident_nodes; n < g.nodes.size(); ++n) {
        auto& node = g.nodes[n];
        const auto& f = external_fill[n - incident_nodes];
        node.lines.push_back(node.key);
        if (!f.title.empty()) node.lines.push_back(f.title);
        if (!f.date.empty()) node.lines.push_back(f.date);
    }

    // 3. --linked-only: drop the incidents no edge touches, renumbering the rest.
    if (options_.linked_only) {
        std::vector<bool> linked(g.nodes.size(), false);
        for (const auto& e : g.edges) linked[e.from] = linked[e.to] = true;
        std::vector<std::size_t> renumber(g.nodes.size(), kNone);
        GraphView kept;
        for (std::size_t n = 0; n < g.nodes.size(); ++n) {
            if (!linked[n]) continue;
            renumber[n] = kept.nodes.size();
            kept.nodes.push_back(std::move(g.nodes[n]));
        }
        for (auto& e : g.edges) kept.edges.push_back({renumber[e.from], renumber[e.to], std::move(e.rel)});
        return kept;
    }
    return g;
}

std::string LinkGraph::to_dot() const {
    const GraphView g = view();
    std::string out =
        "digraph incidents {\n"
        "  graph [rankdir=LR, charset=\"UTF-8\"];\n"
        "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    for (std::size_t n = 0; n < g.nodes.size(); ++n) {
        out += "  n" + std::to_string(n + 1) + " [label=" + dot_label(g.nodes[n].lines);
        if (g.nodes[n].external) out += ", shape=ellipse, style=dashed";
        out += "];\n";
    }
    for (const auto& e : g.edges) {
        out += "  n" + std::to_string(e.from + 1) + " -> n" + std::to_string(e.to + 1) + " [label=" + dot_quoted(e.rel) +
               "];\n";
    }
    return out + "}\n";
}

std::string LinkGraph::to_mermaid() const {
    const GraphView g = view();
    std::string out = "flowchart LR\n";
    std::string externals;
    for (std::size_t n = 0; n < g.nodes.size(); ++n) {
        const std::string id = "n" + std::to_string(n + 1);
        const std::string label = mermaid_label(g.nodes[n].lines);
        if (g.nodes[n].external) {
            out += "  " + id + "([" + label + "])\n";
            externals += (externals.empty() ? "" : ",") + id;
        } else {
            out += "  " + id + "[" + label + "]\n";
        }
    }
    for (const auto& e : g.edges) {
        out += "  n" + std::to_string(e.from + 1) + " -->" + (e.rel.empty() ? "" : mermaid_edge_label(e.rel)) + " n" +
               std::to_string(e.to + 1) + "\n";
    }
    if (!externals.empty()) {
        out += "  classDef external stroke-dasharray: 5 5\n";
        out += "  class " + externals + " external\n";
    }
    return out;
}

}  // namespace incidentkit
