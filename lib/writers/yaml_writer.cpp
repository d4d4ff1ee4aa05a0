// YamlWriter: the same fields, names and order as the JSON writer, as block-style YAML.
#include "incidentkit/json.hpp"
#include "writers/builtin_writers.hpp"
#include "writers/yaml_emit.hpp"

namespace incidentkit {
namespace {

class YamlWriter final : public Writer {
public:
    std::string name() const override { return "yaml"; }
    std::string description() const override { return "YAML with the JSON writer's fields and order"; }
    std::string extension() const override { return "yaml"; }
    std::string write(const Incident& incident, const WriteOptions&) const override {
        const ordered_json j = incident;
        return emit_yaml(j);
    }
};

}  // namespace

std::unique_ptr<Writer> make_yaml_writer() { return std::make_unique<YamlWriter>(); }

}  // namespace incidentkit
