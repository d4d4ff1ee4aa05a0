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

namespace {

// The three lists (readers, writers, batch writers) behave alike: one by name, a later one replacing an earlier.
template <class T>
void add_named(std::vector<std::unique_ptr<T>>& list, std::unique_ptr<T> item) {
    if (!item) return;
    for (auto& x : list) {
        if (x->name() == item->name()) {
            x = std::move(item);
            return;
        }
    }
    list.push_back(std::move(item));
}

template <class T>
const T* find_named(const std::vector<std::unique_ptr<T>>& list, std::string_view name) {
    for (const auto& x : list) {
        if (x->name() == name) return x.get();
    }
    return nullptr;
}

template <class T>
std::vector<const T*> pointers(const std::vector<std::unique_ptr<T>>& list) {
    std::vector<const T*> out;
    out.reserve(list.size());  // asked for once per file read (the binary readers' bids): one allocation, not four
    for (const auto& x : list) out.push_back(x.get());
    return out;
}

template <class T>
std::vector<std::string> names(const std::vector<std::unique_ptr<T>>& list) {
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(x->name());
    return out;
}

}  // namespace

void Registry::add_reader(std::unique_ptr<Reader> reader) { add_named(readers_, std::move(reader)); }
void Registry::add_writer(std::unique_ptr<Writer> writer) { add_named(writers_, std::move(writer)); }
void Registry::add_batch_writer(std::unique_ptr<BatchWriter> writer) { add_named(batch_writers_, std::move(writer)); }

const Reader* Registry::find_reader(std::string_view name) const { return find_named(readers_, name); }
const Writer* Registry::find_writer(std::string_view name) const { return find_named(writers_, name); }
const BatchWriter* Registry::find_batch_writer(std::string_view name) const {
    return find_named(batch_writers_, name);
}

std::vector<const Reader*> Registry::readers() const { return pointers(readers_); }
std::vector<const Writer*> Registry::writers() const { return pointers(writers_); }
std::vector<const BatchWriter*> Registry::batch_writers() const { return pointers(batch_writers_); }

std::vector<std::string> Registry::reader_names() const { return names(readers_); }
std::vector<std::string> Registry::writer_names() const { return names(writers_); }
std::vector<std::string> Registry::batch_writer_names() const { return names(batch_writers_); }

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
