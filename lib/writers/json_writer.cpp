// JsonWriter: the model as JSON in the documented key order; pretty by default, one line with compact.
#include "incidentkit/json.hpp"
#include "writers/builtin_writers.hpp"

namespace incidentkit {
namespace {

class JsonWriter final : public Writer {
public:
    std::string name() const override { return "json"; }
    std::string description() const override { return "JSON (docs/model.md); JSON Lines with --compact"; }
    std::string extension() const override { return "json"; }

    std::string write(const Incident& incident, const WriteOptions& options) const override {
        const ordered_json j = incident;
        // Invalid UTF-8 cannot reach here (readers reject it), but never throw from a writer over it.
        std::string out = options.compact ? j.dump(-1, ' ', false, ordered_json::error_handler_t::replace)
                                          : j.dump(2, ' ', false, ordered_json::error_handler_t::replace);
        out += '\n';
        return out;
    }
};

}  // namespace

std::unique_ptr<Writer> make_json_writer() { return std::make_unique<JsonWriter>(); }

}  // namespace incidentkit
