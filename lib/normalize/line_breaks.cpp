// normalize_line_breaks: the model's text uses LF line breaks, whatever the reader. A CR that a JSON or YAML
// string or an HTML entity put inside a value would not survive normalized Markdown (a text file, where a CR
// is a line break), so it is one here already: CR LF and a lone CR become LF, as they do in a file's text.
#include "normalize/normalize.hpp"

namespace incidentkit {
namespace {

void fix(std::string& s) {
    auto at = s.find('\r');
    if (at == std::string::npos) return;
    std::string out;
    out.reserve(s.size());
    std::size_t from = 0;
    for (; at != std::string::npos; at = s.find('\r', from)) {
        out.append(s, from, at - from);
        out += '\n';
        from = at + 1;
        if (from < s.size() && s[from] == '\n') ++from;  // CR LF is one break
    }
    out.append(s, from, std::string::npos);
    s = std::move(out);
}
void fix(std::optional<std::string>& s) {
    if (s) fix(*s);
}
void fix(std::vector<std::string>& v) {
    for (auto& s : v) fix(s);
}
void fix(std::optional<Person>& p) {
    if (!p) return;
    fix(p->name);
    fix(p->handle);
}

}  // namespace

void normalize_line_breaks(Incident& inc) {
    fix(inc.id), fix(inc.type), fix(inc.title), fix(inc.status);
    if (inc.severity) fix(inc.severity->label), fix(inc.severity->raw);
    fix(inc.commander);
    for (auto& p : inc.responders) fix(p.name), fix(p.handle);
    fix(inc.date), fix(inc.started_at), fix(inc.detected_at), fix(inc.mitigated_at), fix(inc.resolved_at);
    fix(inc.affected_systems), fix(inc.customer_impact), fix(inc.tags);
    for (auto& l : inc.links) fix(l.rel), fix(l.target), fix(l.title), fix(l.date);
    fix(inc.summary);
    fix(inc.impact.items);
    for (auto& m : inc.impact.metrics) fix(m.name), fix(m.unit), fix(m.text);
    for (auto& t : inc.timeline) fix(t.at), fix(t.time), fix(t.event), fix(t.actor), fix(t.tags);
    fix(inc.root_cause), fix(inc.resolution);
    for (auto& a : inc.action_items) fix(a.action), fix(a.owner), fix(a.due), fix(a.status), fix(a.priority), fix(a.links);
    fix(inc.lessons_learned);
    for (auto& s : inc.sections) fix(s.heading), fix(s.markdown);
}

}  // namespace incidentkit
