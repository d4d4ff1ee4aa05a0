// LinkGraph: link resolution (ids, paths, file names), external nodes, DOT and Mermaid escaping, duplicate
// edges and deterministic output.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "incidentkit/convert.hpp"
#include "incidentkit/graph.hpp"

using namespace incidentkit;

namespace {

Incident make(std::optional<std::string> id, std::string title, std::string path, std::vector<Link> links = {},
              std::optional<std::string> date = std::nullopt) {
    Incident inc;
    inc.id = std::move(id);
    inc.title = std::move(title);
    inc.source.path = std::move(path);
    inc.links = std::move(links);
    inc.date = std::move(date);
    return inc;
}

Link to(std::string rel, std::string target, std::optional<std::string> title = std::nullopt,
          std::optional<std::string> date = std::nullopt) {
    return Link{std::move(rel), std::move(target), std::move(title), std::move(date)};
}

std::vector<std::string> keys(const GraphView& g) {
    std::vector<std::string> out;
    for (const auto& n : g.nodes) out.push_back(n.key + (n.external ? " (external)" : ""));
    return out;
}

}  // namespace

TEST_CASE("graph: a link target that is an incident's id is an edge to that incident", "[graph]") {
    LinkGraph g;
    g.add(make("INC-1", "Checkout down", "a.md", {to("caused_by", "INC-2"), to("related", "inc-2")}, "2024-03-01"));
    g.add(make("INC-2", "Bad deploy", "b.md"));
    const auto v = g.view();
    // Ids are exact and case-sensitive: "inc-2" is no incident's id.
    CHECK(keys(v) == std::vector<std::string>{"INC-1", "INC-2", "inc-2 (external)"});
    REQUIRE(v.edges.size() == 2);
    CHECK(v.edges[0] == GraphEdge{0, 1, "caused_by"});
    CHECK(v.edges[1] == GraphEdge{0, 2, "related"});
    CHECK(v.nodes[0].lines == std::vector<std::string>{"INC-1", "Checkout down", "2024-03-01"});
    CHECK(v.nodes[1].lines == std::vector<std::string>{"INC-2", "Bad deploy"});
}

TEST_CASE("graph: a link may name an incident added after it", "[graph]") {
    LinkGraph g;
    g.add(make("B", "later", "b.md", {to("triggers", "A")}));
    g.add(make("A", "earlier", "a.md"));
    const auto v = g.view();
    CHECK(keys(v) == std::vector<std::string>{"B", "A"});
    CHECK(v.edges == std::vector<GraphEdge>{{0, 1, "triggers"}});
}

TEST_CASE("graph: targets resolve to paths (as written or relative to the linking file) and unique file names",
          "[graph]") {
    LinkGraph g;
    g.add(make(std::nullopt, "C", "ignored.md",
               {to("related", "../2023/d.md"), to("enables", "archive/2023/d.md"), to("caused_by", "e"),
                to("related", "f"), to("related", "https://example.com/d.md")}),
          "archive/2024/c.md");
    g.add(make(std::nullopt, "D", "archive/2023/d.md"));
    g.add(make("INC-9", "E", "archive/2022/e.md"));
    // Two files named f: the bare name is ambiguous, so the target stays external.
    g.add(make(std::nullopt, "F1", "x/f.md"));
    g.add(make(std::nullopt, "F2", "y/f.json"));
    const auto v = g.view();
    CHECK(keys(v) == std::vector<std::string>{"archive/2024/c.md", "archive/2023/d.md", "INC-9", "x/f.md", "y/f.json",
                                              "f (external)", "https://example.com/d.md (external)"});
    CHECK(v.edges == std::vector<GraphEdge>{{0, 1, "related"}, {0, 1, "enables"}, {0, 2, "caused_by"},
                                            {0, 5, "related"}, {0, 6, "related"}});
    // The file the incident was read from names it; so does its source.path.
    LinkGraph h;
    h.add(make(std::nullopt, "C", "orig/c.md"), "copy/c.json");
    h.add(make(std::nullopt, "X", "x.md", {to("related", "orig/c.md"), to("related", "./copy/c.json")}));
    CHECK(h.view().edges == std::vector<GraphEdge>{{1, 0, "related"}});
}

TEST_CASE("graph: several incidents in one file are path#k; one id over several files is one node", "[graph]") {
    LinkGraph g;
    g.add(make(std::nullopt, "first", "log.md", {to("related", "log.md#2")}));
    g.add(make(std::nullopt, "second", "log.md"));
    g.add(make("INC-7", "seven", "seven.md", {to("related", "log.md")}));  // ambiguous: external
    g.add(make("INC-7", std::string(), "seven.json", {to("related", "log.md#1")}), "golden/seven.json");
    const auto v = g.view();
    CHECK(keys(v) == std::vector<std::string>{"log.md#1", "log.md#2", "INC-7", "log.md (external)"});
    CHECK(v.edges == std::vector<GraphEdge>{{0, 1, "related"}, {2, 3, "related"}, {2, 0, "related"}});
    CHECK(v.nodes[2].lines == std::vector<std::string>{"INC-7", "seven"});
}

TEST_CASE("graph: external nodes carry the link's title and date and are drawn apart", "[graph]") {
    LinkGraph g;
    g.add(make("INC-1", "A", "a.md", {to("related", "INC-0", std::nullopt, "2023-01-02")}));
    g.add(make("INC-2", "B", "b.md", {to("related", "INC-0", "Earlier outage", "2023-01-09")}));
    const auto v = g.view();
    REQUIRE(v.nodes.size() == 3);
    CHECK(v.nodes[2].external);
    // The first title and the first date any link gave.
    CHECK(v.nodes[2].lines == std::vector<std::string>{"INC-0", "Earlier outage", "2023-01-02"});
    CHECK(g.to_dot().find("  n3 [label=\"INC-0\\nEarlier outage\\n2023-01-02\", shape=ellipse, style=dashed];\n") !=
          std::string::npos);
    const auto m = g.to_mermaid();
    CHECK(m.find("  n3([\"INC-0<br>Earlier outage<br>2023-01-02\"])\n") != std::string::npos);
    CHECK(m.find("  class n3 external\n") != std::string::npos);
}

TEST_CASE("graph: duplicate edges are drawn once; another rel is another edge", "[graph]") {
    LinkGraph g;
    g.add(make("INC-1", "A", "a.md", {to("related", "X"), to("related", "X"), to("caused_by", "X")}));
    g.add(make("INC-1", "A", "a.json", {to("related", "X")}));  // the same incident's golden
    const auto v = g.view();
    CHECK(keys(v) == std::vector<std::string>{"INC-1", "X (external)"});
    CHECK(v.edges == std::vector<GraphEdge>{{0, 1, "related"}, {0, 1, "caused_by"}});
    const auto dot = g.to_dot();
    CHECK(dot ==
          "digraph incidents {\n"
          "  graph [rankdir=LR, charset=\"UTF-8\"];\n"
          "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
          "  edge [fontname=\"Helvetica\", fontsize=10];\n"
          "  n1 [label=\"INC-1\\nA\"];\n"
          "  n2 [label=\"X\", shape=ellipse, style=dashed];\n"
          "  n1 -> n2 [label=\"related\"];\n"
          "  n1 -> n2 [label=\"caused_by\"];\n"
          "}\n");
    CHECK(g.to_mermaid() ==
          "flowchart LR\n"
          "  n1[\"INC-1<br>A\"]\n"
          "  n2([\"X\"])\n"
          "  n1 -->|related| n2\n"
          "  n1 -->|caused_by| n2\n"
          "  classDef external stroke-dasharray: 5 5\n"
          "  class n2 external\n");
}

TEST_CASE("graph: DOT strings escape quotes, backslashes and line breaks; UTF-8 stays", "[graph][escape]") {
    LinkGraph g;
    g.add(make("INC-\"1\"", "Say \"hi\" \\N C:\\temp\nsecond <b>line</b> ✅", "a.md",
               {to("own \"rel\"\\", "tar\"get\r\nx")}));
    const auto dot = g.to_dot();
    CHECK(dot.find("  n1 [label=\"INC-\\\"1\\\"\\nSay \\\"hi\\\" \\\\N C:\\\\temp\\nsecond <b>line</b> ✅\"];\n") !=
          std::string::npos);
    CHECK(dot.find("  n2 [label=\"tar\\\"get\\nx\", shape=ellipse, style=dashed];\n") != std::string::npos);
    CHECK(dot.find("  n1 -> n2 [label=\"own \\\"rel\\\"\\\\\"];\n") != std::string::npos);
    // No raw line break inside a statement: one statement a line.
    std::size_t lines = 0;
    for (const char c : dot) lines += c == '\n';
    CHECK(lines == 8);
}

TEST_CASE("graph: Mermaid ids are n1, n2 ...; labels quoted with entity codes, no raw syntax", "[graph][escape]") {
    LinkGraph g;
    g.add(make("end", "Say \"hi\" \\ #1; a & b\n<b>bold</b> `x` ✅", "a.md",
               {to("caused_by", "x\"]; click n1 call alert()"), to("own rel|x", "[y]")}));
    const auto m = g.to_mermaid();
    CHECK(m.find("  n1[\"end<br>Say #quot;hi#quot; \\ #35;1; a #amp; b<br>#lt;b#gt;bold#lt;/b#gt; #96;x#96; ✅\"]\n") !=
          std::string::npos);
    CHECK(m.find("  n2([\"x#quot;]; click n1 call alert()\"])\n") != std::string::npos);
    CHECK(m.find("  n3([\"[y]\"])\n") != std::string::npos);
    CHECK(m.find("  n1 -->|caused_by| n2\n") != std::string::npos);
    CHECK(m.find("  n1 -->|\"own rel#124;x\"| n3\n") != std::string::npos);
    // Inside every label: no raw quote, angle bracket (other than our <br>) or line break.
    for (std::size_t at = m.find("[\""); at != std::string::npos; at = m.find("[\"", at + 1)) {
        const auto end = m.find("\"]", at + 2);
        REQUIRE(end != std::string::npos);
        std::string label = m.substr(at + 2, end - at - 2);
        for (std::size_t br; (br = label.find("<br>")) != std::string::npos;) label.erase(br, 4);
        INFO(label);
        CHECK(label.find_first_of("\"<>\n") == std::string::npos);
    }
}

TEST_CASE("graph: control characters and invalid UTF-8 do not reach the output", "[graph][escape]") {
    LinkGraph g;
    g.add(make(std::nullopt, std::string("a\tb\x01" "c\xff" "d", 7), "a.md"));
    CHECK(g.view().nodes[0].lines[1] == std::string("a\tb\x01" "c\xff" "d", 7));  // the model's value
    CHECK(g.to_dot().find("[label=\"a.md\\na b c\xEF\xBF\xBD" "d\"];") != std::string::npos);
}

TEST_CASE("graph: output depends only on the incidents and their order", "[graph]") {
    auto build = [] {
        LinkGraph g;
        for (int i = 0; i < 50; ++i) {
            g.add(make("INC-" + std::to_string(i), "t" + std::to_string(i), "f" + std::to_string(i) + ".md",
                       {to("related", "INC-" + std::to_string((i * 7) % 50)),
                        to("caused_by", "EXT-" + std::to_string(i % 5))}));
        }
        return g;
    };
    const auto a = build(), b = build();
    CHECK(a.to_dot() == b.to_dot());
    CHECK(a.to_dot() == a.to_dot());
    CHECK(a.to_mermaid() == b.to_mermaid());
    const auto v = a.view();
    REQUIRE(v.nodes.size() == 55);
    for (int i = 0; i < 50; ++i) CHECK(v.nodes[static_cast<std::size_t>(i)].key == "INC-" + std::to_string(i));
    CHECK(v.nodes[50].key == "EXT-0");
    CHECK(v.nodes[54].key == "EXT-4");
    CHECK(v.edges.size() == 100);
}

TEST_CASE("graph: every incident is a node unless linked_only", "[graph]") {
    auto fill = [](LinkGraph& g) {
        g.add(make("INC-1", "alone", "a.md"));
        g.add(make("INC-2", "links", "b.md", {to("related", "INC-3")}));
        g.add(make("INC-3", "linked to", "c.md"));
    };
    LinkGraph all, linked(GraphOptions{true});
    fill(all);
    fill(linked);
    CHECK(keys(all.view()) == std::vector<std::string>{"INC-1", "INC-2", "INC-3"});
    const auto v = linked.view();
    CHECK(keys(v) == std::vector<std::string>{"INC-2", "INC-3"});
    CHECK(v.edges == std::vector<GraphEdge>{{0, 1, "related"}});
    CHECK(linked.to_dot().find("n1 -> n2 [label=\"related\"]") != std::string::npos);
}

TEST_CASE("graph: the seed's four links are its edges", "[graph]") {
    const auto reg = Registry::with_builtins();
    const auto doc = read_file(reg, IK_TESTDATA "/frontmatter-postmortem.md", {});
    REQUIRE(doc.ok());
    LinkGraph g;
    for (const auto& inc : doc.result.incidents) g.add(inc, "frontmatter-postmortem.md");
    const auto v = g.view();
    CHECK(keys(v) == std::vector<std::string>{"frontmatter-postmortem.md", "ADR-001 (external)", "ADR-003 (external)",
                                              "OPP-001 (external)", "GOV-001 (external)"});
    CHECK(v.nodes[0].lines ==
          std::vector<std::string>{"frontmatter-postmortem.md", "Database Connection Pool Exhaustion", "2025-01-20"});
    CHECK(v.edges == std::vector<GraphEdge>{{0, 1, "caused_by"}, {0, 2, "triggers"}, {0, 3, "enables"},
                                            {0, 4, "related"}});
}
