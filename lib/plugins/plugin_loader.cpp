// Run-time plugins: dlopen, the ABI checks, and Reader/Writer adapters over the C defs of <incidentkit/plugin.h>.
// No exception crosses into the plugin: every callback the plugin may call catches everything.
#include "incidentkit/plugins.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "incidentkit/plugin.h"
#include "readers/canonical_decode.hpp"
#include "readers/input_text.hpp"
#include "writers/builtin_writers.hpp"

namespace incidentkit {
namespace {

using json = nlohmann::ordered_json;

std::string str(const char* s) { return s ? std::string(s) : std::string(); }

// What one read or write collects through its ik_plugin_output.
struct Sink {
    std::vector<std::string> incidents;  // emitted JSON texts
    std::string text;                    // a writer's bytes
    std::vector<Diagnostic> diagnostics;
    const Deadline* deadline = nullptr;
    bool stopped = false;       // should_stop answered yes
    bool out_of_memory = false; // a callback could not store what it was given
};

Sink& sink_of(ik_plugin_output* out) { return *static_cast<Sink*>(out->context); }

void cb_emit_incident_json(ik_plugin_output* out, const char* data, size_t size) {
    if (!out || !out->context) return;
    try {
        sink_of(out).incidents.emplace_back(data ? data : "", data ? size : 0);
    } catch (...) {
        sink_of(out).out_of_memory = true;
    }
}

void cb_emit_text(ik_plugin_output* out, const char* data, size_t size) {
    if (!out || !out->context || !data) return;
    try {
        sink_of(out).text.append(data, size);
    } catch (...) {
        sink_of(out).out_of_memory = true;
    }
}

void cb_emit_diagnostic(ik_plugin_output* out, int level, size_t line, const char* message) {
    if (!out || !out->context) return;
    try {
        const std::string m = message && *message ? message : "(no message)";
        sink_of(out).diagnostics.push_back(level == IK_PLUGIN_WARNING ? warning_at(line, m) : error_at(line, m));
    } catch (...) {
        sink_of(out).out_of_memory = true;
    }
}

int cb_should_stop(ik_plugin_output* out) {
    if (!out || !out->context) return 1;
    Sink& s = sink_of(out);
    if (s.deadline && s.deadline->expired()) s.stopped = true;
    return s.stopped ? 1 : 0;
}

ik_plugin_output make_output(Sink& sink) {
    ik_plugin_output out{};
    out.abi_version = INCIDENTKIT_PLUGIN_ABI;
    out.context = &sink;
    out.emit_incident_json = cb_emit_incident_json;
    out.emit_text = cb_emit_text;
    out.emit_diagnostic = cb_emit_diagnostic;
    out.should_stop = cb_should_stop;
    return out;
}

class PluginReader final : public Reader {
public:
    PluginReader(const ik_reader_def& def, std::string origin)
        : def_(def), name_(str(def.name)), description_(str(def.description)), origin_(std::move(origin)) {}

    std::string name() const override { return name_; }
    std::string description() const override { return description_; }

    Detection detect(std::string_view text, std::string_view path) const override {
        if (!def_.detect) return {0.0, "plugin reader without detection (use --from " + name_ + ")"};
        const std::string t(text), p(path);  // NUL-terminated, as the ABI promises
        const char* reason = nullptr;
        double c = def_.detect(def_.user, t.c_str(), t.size(), p.c_str(), &reason);
        if (!std::isfinite(c) || c < 0.0) c = 0.0;
        if (c > 1.0) c = 1.0;
        return {c, reason ? std::string(reason) : std::string("plugin ") + origin_};
    }

    ReadResult read(std::string_view text, const ReadOptions& options) const override {
        ReadResult out;
        options.deadline.check();
        Sink sink;
        sink.deadline = &options.deadline;
        ik_plugin_output o = make_output(sink);
        const std::string t(text), p(options.path);
        const int rc = def_.read(def_.user, t.c_str(), t.size(), p.c_str(), &o);
        if (sink.out_of_memory) throw std::bad_alloc();
        if (sink.stopped || options.deadline.expired()) throw TimedOut();
        out.diagnostics = std::move(sink.diagnostics);
        if (rc != 0 && !has_error(out.diagnostics)) {
            out.diagnostics.push_back(
                error_at(0, fmt::format("plugin reader '{}' failed (returned {}) without saying why", name_, rc)));
        }
        if (has_error(out.diagnostics)) return out;
        // Validated exactly as `--from json` validates a record: the canonical decoder.
        const bool many = sink.incidents.size() > 1;
        std::size_t index = 0;
        for (const auto& chunk : sink.incidents) {
            options.deadline.check();
            if (json_too_deep(chunk)) {
                out.diagnostics.push_back(error_at(0, fmt::format("plugin reader '{}' emitted JSON nesting deeper "
                                                                  "than 64 levels", name_)));
                continue;
            }
            json j;
            try {
                j = json::parse(chunk.begin(), chunk.end());
            } catch (const json::exception& e) {
                std::string msg = e.what();
                if (const auto close = msg.find("] "); close != std::string::npos) msg = msg.substr(close + 2);
                out.diagnostics.push_back(
                    error_at(0, fmt::format("plugin reader '{}' emitted malformed JSON: {}", name_, msg)));
                continue;
            }
            std::vector<const json*> objects;
            if (j.is_array()) {
                for (const auto& e : j) objects.push_back(&e);
            } else {
                objects.push_back(&j);
            }
            const bool several = many || objects.size() > 1;
            for (const json* obj : objects) {
                const std::string base = several ? "/" + std::to_string(index) : "";
                ++index;
                if (!obj->is_object()) {
                    out.diagnostics.push_back(error_at(
                        0, fmt::format("plugin reader '{}': {}: expected an incident object, got {}", name_,
                                       base.empty() ? "/" : base, obj->type_name())));
                    continue;
                }
                Incident inc;
                const std::size_t from = out.diagnostics.size();
                const LineOf no_line = [](const std::string&) { return std::size_t{0}; };
                if (decode_incident(*obj, base, no_line, inc, out.diagnostics)) {
                    if (several) {
                        for (std::size_t d = from; d < out.diagnostics.size(); ++d) {
                            if (out.diagnostics[d].level == Diagnostic::Level::warning) {
                                inc.source.warnings.push_back(out.diagnostics[d]);
                            }
                        }
                    }
                    out.incidents.push_back(std::move(inc));
                }
            }
        }
        if (has_error(out.diagnostics)) out.incidents.clear();
        return out;
    }

private:
    ik_reader_def def_;
    std::string name_, description_, origin_;
};

class PluginWriter final : public Writer {
public:
    explicit PluginWriter(const ik_writer_def& def)
        : def_(def), name_(str(def.name)), description_(str(def.description)), extension_(str(def.extension)),
          json_(make_json_writer()) {}

    std::string name() const override { return name_; }
    std::string description() const override { return description_; }
    std::string extension() const override { return extension_; }

    std::string write(const Incident& incident, const WriteOptions& options) const override {
        std::string j = json_->write(incident, {.compact = true});
        while (!j.empty() && j.back() == '\n') j.pop_back();
        Sink sink;
        ik_plugin_output o = make_output(sink);
        const int rc = def_.write(def_.user, j.c_str(), j.size(), options.compact ? 1 : 0, &o);
        if (sink.out_of_memory) throw std::bad_alloc();
        if (rc != 0 || has_error(sink.diagnostics)) {
            std::string why;
            for (const auto& d : sink.diagnostics) {
                if (d.level == Diagnostic::Level::error) {
                    why = d.message;
                    break;
                }
            }
            if (why.empty()) why = fmt::format("failed (returned {}) without saying why", rc);
            throw std::runtime_error(fmt::format("plugin writer '{}': {}", name_, why));
        }
        if (!sink.text.empty() && sink.text.back() != '\n') sink.text += '\n';
        return std::move(sink.text);
    }

private:
    ik_writer_def def_;
    std::string name_, description_, extension_;
    std::unique_ptr<Writer> json_;
};

// What incidentkit_plugin_init registers, kept apart until init succeeds (all or nothing).
struct Registration {
    std::string shown;  // "plugin ./x.so"
    std::vector<std::unique_ptr<Reader>> readers;
    std::vector<std::unique_ptr<Writer>> writers;
    std::vector<std::string> errors;
};

bool check_def(Registration& r, const char* kind, int abi, const char* name, bool has_fn, const char* fn) {
    if (abi != INCIDENTKIT_PLUGIN_ABI) {
        // Another ABI's def may have another layout: nothing past abi_version is read.
        r.errors.push_back(fmt::format("{}: a {} built for plugin ABI {}, this incidentkit has {}", r.shown, kind,
                                       abi, INCIDENTKIT_PLUGIN_ABI));
        return false;
    }
    if (!name || !*name) {
        r.errors.push_back(fmt::format("{}: a {} without a name", r.shown, kind));
        return false;
    }
    if (!has_fn) {
        r.errors.push_back(fmt::format("{}: {} '{}' has no {} function", r.shown, kind, name, fn));
        return false;
    }
    return true;
}

int cb_add_reader(void* context, const ik_reader_def* def) {
    if (!context) return 1;
    auto& r = *static_cast<Registration*>(context);
    try {
        if (!def) {
            r.errors.push_back(r.shown + ": add_reader(NULL)");
            return 1;
        }
        if (!check_def(r, "reader", def->abi_version, def->abi_version == INCIDENTKIT_PLUGIN_ABI ? def->name : nullptr,
                       def->abi_version == INCIDENTKIT_PLUGIN_ABI && def->read, "read")) {
            return 1;
        }
        r.readers.push_back(std::make_unique<PluginReader>(*def, r.shown));
        return 0;
    } catch (...) {
        r.errors.push_back(r.shown + ": out of memory");
        return 1;
    }
}

int cb_add_writer(void* context, const ik_writer_def* def) {
    if (!context) return 1;
    auto& r = *static_cast<Registration*>(context);
    try {
        if (!def) {
            r.errors.push_back(r.shown + ": add_writer(NULL)");
            return 1;
        }
        if (!check_def(r, "writer", def->abi_version, def->abi_version == INCIDENTKIT_PLUGIN_ABI ? def->name : nullptr,
                       def->abi_version == INCIDENTKIT_PLUGIN_ABI && def->write, "write")) {
            return 1;
        }
        r.writers.push_back(std::make_unique<PluginWriter>(*def));
        return 0;
    } catch (...) {
        r.errors.push_back(r.shown + ": out of memory");
        return 1;
    }
}

void cb_error(void* context, const char* message) {
    if (!context) return;
    auto& r = *static_cast<Registration*>(context);
    try {
        r.errors.push_back(fmt::format("{}: {}", r.shown, message && *message ? message : "(no message)"));
    } catch (...) {
    }
}

// dlopen and init are not reentrant with respect to one registry; loading is rare, so one lock for all.
std::mutex& load_mutex() {
    static std::mutex m;
    return m;
}

template <class Fn>
Fn symbol(void* handle, const char* name) {
    void* p = dlsym(handle, name);
    Fn f = nullptr;
    static_assert(sizeof f == sizeof p);
    std::memcpy(&f, &p, sizeof f);  // object pointer -> function pointer, as POSIX guarantees it works
    return f;
}

}  // namespace

bool load_plugin(Registry& registry, const std::string& path, std::string& error) {
    try {
        const std::string shown = "plugin " + path;
        std::string file = path;
        std::error_code ec;
        // dlopen searches the library path for a name without '/': a file here is meant, when there is one.
        if (file.find('/') == std::string::npos && std::filesystem::is_regular_file(file, ec)) file = "./" + file;
        const std::lock_guard<std::mutex> lock(load_mutex());
        dlerror();
        void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* why = dlerror();
            error = fmt::format("{}: cannot load: {}", shown, why ? why : "dlopen failed");
            return false;
        }
        const auto abi = symbol<ik_plugin_abi_fn>(handle, INCIDENTKIT_PLUGIN_ABI_SYMBOL);
        if (!abi) {
            dlclose(handle);  // nothing of it has run
            error = fmt::format("{}: not an incidentkit plugin (no {})", shown, INCIDENTKIT_PLUGIN_ABI_SYMBOL);
            return false;
        }
        const int version = abi();
        if (version != INCIDENTKIT_PLUGIN_ABI) {
            dlclose(handle);
            error = fmt::format("{}: built for plugin ABI {}, this incidentkit has {}", shown, version,
                                INCIDENTKIT_PLUGIN_ABI);
            return false;
        }
        const auto init = symbol<ik_plugin_init_fn>(handle, INCIDENTKIT_PLUGIN_INIT_SYMBOL);
        if (!init) {
            dlclose(handle);
            error = fmt::format("{}: not an incidentkit plugin (no {})", shown, INCIDENTKIT_PLUGIN_INIT_SYMBOL);
            return false;
        }
        Registration reg;
        reg.shown = shown;
        ik_plugin_host host{};
        host.abi_version = INCIDENTKIT_PLUGIN_ABI;
        host.context = &reg;
        host.add_reader = cb_add_reader;
        host.add_writer = cb_add_writer;
        host.error = cb_error;
        // From here on the plugin has run code of its own (threads, atexit...): it is never dlclosed.
        const int rc = init(&host);
        if (rc != 0 || !reg.errors.empty()) {
            error = !reg.errors.empty() ? reg.errors.front()
                                        : fmt::format("{}: {} returned {}", shown, INCIDENTKIT_PLUGIN_INIT_SYMBOL, rc);
            return false;
        }
        if (reg.readers.empty() && reg.writers.empty()) {
            error = fmt::format("{}: registered no reader and no writer", shown);
            return false;
        }
        for (auto& r : reg.readers) registry.add_reader(std::move(r));
        for (auto& w : reg.writers) registry.add_writer(std::move(w));
        return true;
    } catch (const std::exception& e) {
        error = fmt::format("plugin {}: {}", path, e.what());
        return false;
    } catch (...) {
        error = fmt::format("plugin {}: failed to load", path);
        return false;
    }
}

std::vector<std::string> plugin_paths_from_env(const char* value) {
    std::vector<std::string> out;
    if (!value) return out;
    try {
        const std::string v(value);
        std::size_t start = 0;
        while (start <= v.size()) {
            const auto colon = v.find(':', start);
            const std::string entry = v.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            start = colon == std::string::npos ? v.size() + 1 : colon + 1;
            if (entry.empty()) continue;
            std::error_code ec;
            if (!std::filesystem::is_directory(entry, ec)) {
                out.push_back(entry);
                continue;
            }
            std::vector<std::string> found;
            for (std::filesystem::directory_iterator it(entry, ec), end; !ec && it != end; it.increment(ec)) {
                const auto& p = it->path();
                std::error_code fec;
                if (p.extension() == ".so" && std::filesystem::is_regular_file(p, fec)) found.push_back(p.string());
            }
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        }
    } catch (...) {
    }
    return out;
}

}  // namespace incidentkit
