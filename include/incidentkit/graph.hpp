// LinkGraph: the typed links (caused_by, triggers, enables, related, ...) across incidents, as Graphviz DOT or Mermaid.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/incident.hpp"

namespace incidentkit {

struct GraphOptions {
    /// Leave out incidents that link nowhere and that no link reaches (by default every incident is a node).
    bool linked_only = false;
};

/// One node of the graph as drawn: an incident (or several with one id), or an external target no incident is.
struct GraphNode {
    std::string key;                 // id, else "path" or "path#k" (k-th of several in one file); external: target
    std::vector<std::string> lines;  // the label: id (or key), title, date; external: target, link title, date
    bool external = false;
    bool operator==(const GraphNode&) const = default;
};

/// An edge from nodes[from] to nodes[to], labelled with the link's rel. (from, rel, to) is unique.
struct GraphEdge {
    std::size_t from = 0, to = 0;
    std::string rel;
    bool operator==(const GraphEdge&) const = default;
};

/// The resolved graph: incident nodes in the order they were added, then external nodes in the order first
/// linked to; edges in link order (incident by incident). Node i is drawn as "n<i+1>".
struct GraphView {
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
};

/// Collects incidents, then resolves their links and renders them. Resolution happens when rendering, so a link
/// may name an incident added after it. Resolving a link's target, first match wins:
///   1. an incident's id (exact, case-sensitive);
///   2. an incident's path: the file it was read from or its source.path, as written or relative to the linking
///      incident's folder (lexically normalized; "path#k" names the k-th incident of a file);
///   3. a file name without its extension ("2024-03-15-cache-stampede"), for a target without '/';
/// 2 and 3 only when exactly one node matches. Anything else is an external node labelled with the target.
/// Output is deterministic: it depends only on the incidents and the order they were added in.
class LinkGraph {
public:
    explicit LinkGraph(GraphOptions options = {}) : options_(options) {}

    /// Adds an incident read from `file` (the input path as shown; empty: the incident's source.path).
    void add(const Incident& incident, std::string_view file = {});
    /// Incidents added so far.
    std::size_t size() const { return entries_.size(); }

    GraphView view() const;
    /// `digraph incidents { ... }`: incidents as rounded boxes, external targets as dashed ellipses, edges labelled
    /// with their rel. Strings are DOT-escaped (quotes, backslashes, line breaks); non-ASCII stays UTF-8.
    std::string to_dot() const;
    /// `flowchart LR`: nodes n1, n2 ... with quoted labels (Mermaid entity codes for " # & < > ` |), external targets
    /// in class `external` (dashed), edges `n1 -->|rel| n2`.
    std::string to_mermaid() const;

private:
    struct Entry {
        std::string id, title, date;  // empty when the incident has none
        std::string file, source_path;
        std::vector<Link> links;
    };
    GraphOptions options_;
    std::vector<Entry> entries_;
};

}  // namespace incidentkit
