// MarkdownWriter: normalized Markdown, the house format (docs/formats.md): YAML front matter holding the
// header fields as the JSON output names them (schema_version first, which marks the normal form), and the
// prose parts as canonical sections. The frontmatter reader reads it back exactly.
#include "incidentkit/json.hpp"
#include "normal_form/markdown_body.hpp"
#include "normalize/normalize.hpp"
#include "writers/builtin_writers.hpp"
#include "writers/yaml_emit.hpp"

namespace incidentkit {
namespace {

// "@onni", "Alice Nguyen (@alice)", "Dave": the form people write, when it reads back as the same person.
ordered_json person(const Person& p) {
    std::string text = p.name;
    if (p.handle) text = p.handle->size() > 1 && p.name == p.handle->substr(1) ? *p.handle : p.name + " (" + *p.handle + ")";
    if (normalize_person(text) == p) return text;
    return ordered_json(p);
}

ordered_json front_matter(const Incident& inc) {
    ordered_json fm = ordered_json::object();
    fm["schema_version"] = inc.schema_version;
    auto put = [&](const char* key, const auto& v) {
        if (v) fm[key] = *v;
    };
    put("id", inc.id);
    put("type", inc.type);
    put("title", inc.title);
    put("status", inc.status);
    if (inc.severity) {
        // "SEV2" as written when it reads back as the same severity; else the whole object.
        const auto& s = *inc.severity;
        fm["severity"] = !s.raw.empty() && normalize_severity(s.raw) == s ? ordered_json(s.raw) : ordered_json(s);
    }
    if (inc.commander) fm["commander"] = person(*inc.commander);
    if (!inc.responders.empty()) {
        auto& r = fm["responders"] = ordered_json::array();
        for (const auto& p : inc.responders) r.push_back(person(p));
    }
    put("date", inc.date);
    put("started_at", inc.started_at);
    put("detected_at", inc.detected_at);
    put("mitigated_at", inc.mitigated_at);
    put("resolved_at", inc.resolved_at);
    put("duration_minutes", inc.duration_minutes);
    if (!inc.affected_systems.empty()) fm["affected_systems"] = inc.affected_systems;
    put("customer_impact", inc.customer_impact);
    if (!inc.tags.empty()) fm["tags"] = inc.tags;
    if (!inc.links.empty()) {
        auto& links = fm["links"] = ordered_json::array();
        for (const auto& l : inc.links) {
            ordered_json j = {{"rel", l.rel}, {"target", l.target}};  // title and date only when stated
            if (l.title) j["title"] = *l.title;
            if (l.date) j["date"] = *l.date;
            links.push_back(std::move(j));
        }
    }
    // Impact items are a section; what else the impact holds is data.
    if (inc.impact.data_loss || !inc.impact.metrics.empty()) {
        auto& im = fm["impact"] = ordered_json::object();
        if (inc.impact.data_loss) im["data_loss"] = *inc.impact.data_loss;
        if (!inc.impact.metrics.empty()) im["metrics"] = inc.impact.metrics;
    }
    if (!inc.extra.empty()) fm["extra"] = inc.extra;
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
        return "---\n" + emit_yaml(front_matter(inc)) + "---\n" + normal_form::write_body(inc);
    }
};

}  // namespace

std::unique_ptr<Writer> make_markdown_writer() { return std::make_unique<MarkdownWriter>(); }

}  // namespace incidentkit
