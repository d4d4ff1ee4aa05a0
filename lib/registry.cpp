// The registry and its explicit list of built-ins (no self-registration through static constructors).
#include "incidentkit/registry.hpp"

#include "readers/builtin_readers.hpp"
#include "writers/builtin_writers.hpp"

namespace incidentkit {

Registry Registry::with_builtins() {
    Registry r;
    // Order matters only for ties in detection: the earlier reader wins.
    r.add_reader(make_frontmatter_reader());
    r.add_reader(make_freeform_reader());
    r.add_reader(make_json_reader());
    r.add_reader(make_yaml_reader());
    r.add_reader(make_sqlite_reader());
    r.add_writer(make_json_writer());
    r.add_writer(make_yaml_writer());
    r.add_writer(make_markdown_writer());
    r.add_batch_writer(make_sqlite_writer());
    return r;
}

void Registry::add_reader(std::unique_ptr<Reader> reader) {
    if (!reader) return;
    for (auto& r : readers_) {
        if (r->name() == reader->name()) {
            r = std::move(reader);
            return;
        }
    }
    readers_.push_back(std::move(reader));
}

void Registry::add_writer(std::unique_ptr<Writer> writer) {
    if (!writer) return;
    for (auto& w : writers_) {
        if (w->name() == writer->name()) {
            w = std::move(writer);
            return;
        }
    }
    writers_.push_back(std::move(writer));
}

void Registry::add_batch_writer(std::unique_ptr<BatchWriter> writer) {
    if (!writer) return;
    for (auto& w : batch_writers_) {
        if (w->name() == writer->name()) {
            w = std::move(writer);
            return;
        }
    }
    batch_writers_.push_back(std::move(writer));
}

const BatchWriter* Registry::find_batch_writer(std::string_view name) const {
    for (const auto& w : batch_writers_) {
        if (w->name() == name) return w.get();
    }
    return nullptr;
}

std::vector<const BatchWriter*> Registry::batch_writers() const {
    std::vector<const BatchWriter*> out;
    for (const auto& w : batch_writers_) out.push_back(w.get());
    return out;
}

std::vector<std::string> Registry::batch_writer_names() const {
    std::vector<std::string> out;
    for (const auto& w : batch_writers_) out.push_back(w->name());
    return out;
}

const Reader* Registry::find_reader(std::string_view name) const {
    for (const auto& r : readers_) {
        if (r->name() == name) return r.get();
    }
    return nullptr;
}

const Writer* Registry::find_writer(std::string_view name) const {
    for (const auto& w : writers_) {
        if (w->name() == name) return w.get();
    }
    return nullptr;
}

std::vector<const Reader*> Registry::readers() const {
    std::vector<const Reader*> out;
    for (const auto& r : readers_) out.push_back(r.get());
    return out;
}

std::vector<const Writer*> Registry::writers() const {
    std::vector<const Writer*> out;
    for (const auto& w : writers_) out.push_back(w.get());
    return out;
}

std::vector<std::string> Registry::reader_names() const {
    std::vector<std::string> out;
    for (const auto& r : readers_) out.push_back(r->name());
    return out;
}

std::vector<std::string> Registry::writer_names() const {
    std::vector<std::string> out;
    for (const auto& w : writers_) out.push_back(w->name());
    return out;
}

DetectionResult Registry::detect(std::string_view text, std::string_view path) const {
    DetectionResult best;
    for (const auto& r : readers_) {
        Detection d;
        try {
            d = r->detect(text, path);
        } catch (const std::exception&) {
            continue;  // a reader that cannot even look at the text does not bid
        }
        if (d.confidence > best.detection.confidence) {
            best.reader = r.get();
            best.detection = std::move(d);
        }
    }
    return best;
}

}  // namespace incidentkit
