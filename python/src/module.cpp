// _incidentkit: the convert API for Python (pybind11). Deliberately thin: every function returns plain values
// (codes, lists, tuples) and python/incidentkit/__init__.py builds the public API on them (ReadError,
// ReadWarning, paths, argument checks). The reading and writing run with the GIL released, so Python threads
// convert in parallel. The convert API never throws; what can (allocation, a Python conversion) is turned into a
// Python exception by pybind11, so no C++ exception crosses into Python.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"
#include "to_python.hpp"

namespace py = pybind11;
namespace ik = incidentkit;

namespace {

// As the C API and the CLI allow: 10^9 ms (about 11.6 days); it also keeps Deadline::after from overflowing.
constexpr long long kMaxTimeLimitMs = 1000000000LL;

const ik::Registry& builtins() {
    static const ik::Registry registry = ik::Registry::with_builtins();  // built once, thread-safe
    return registry;
}

ik::ReadRequest make_request(std::string from, std::optional<std::string> date, bool explain, bool infer,
                             std::optional<std::string> path, std::size_t max_bytes,
                             std::optional<long long> time_limit_ms) {
    ik::ReadRequest req;
    req.from = std::move(from);
    req.options.date = std::move(date);
    req.options.explain = explain;
    req.options.infer = infer;
    if (path) req.options.path = std::move(*path);
    req.max_bytes = max_bytes;
    if (time_limit_ms) {
        if (*time_limit_ms < 0 || *time_limit_ms > kMaxTimeLimitMs) {
            throw py::value_error("time_limit_ms must be between 0 and 10^9");
        }
        if (*time_limit_ms > 0) req.time_limit = std::chrono::milliseconds(*time_limit_ms);
    }
    return req;
}

// The bytes of a bytes object; the caller keeps it referenced (it is an argument), so the view outlives the
// GIL-free section, and a bytes object cannot change.
std::string_view bytes_view(const py::object& data) {
    char* p = nullptr;
    Py_ssize_t n = 0;
    if (!PyBytes_Check(data.ptr()) || PyBytes_AsStringAndSize(data.ptr(), &p, &n) != 0) {
        throw py::type_error("_incidentkit: data must be bytes");
    }
    return {p, static_cast<std::size_t>(n)};
}

// A file when `file` is set (a path in the file system's encoding), else the bytes in `data`. Without the GIL.
ik::Document read_input(const py::object& data, const std::optional<std::string>& file, const ik::ReadRequest& req) {
    const std::string_view text = file ? std::string_view() : bytes_view(data);
    py::gil_scoped_release nogil;
    return file ? ik::read_file(builtins(), *file, req) : ik::read_document(builtins(), text, req);
}

py::str level_name(ik::Diagnostic::Level level) {
    return py::str(level == ik::Diagnostic::Level::error ? "error" : "warning");
}

// [(level, line, message), ...] in input order.
py::list diagnostics_list(const std::vector<ik::Diagnostic>& diagnostics) {
    py::list out;
    for (const auto& d : diagnostics) {
        out.append(py::make_tuple(level_name(d.level), d.line, ikpy::utf8_str(d.message)));
    }
    return out;
}

py::str errc_name(ik::Errc e) { return py::str(std::string(ik::to_string(e))); }

// read(data, file, from, date, explain, infer, path, max_bytes, time_limit_ms)
//   -> (code, format, [incident dict, ...], [(level, line, message), ...])
py::tuple read_py(const py::object& data, const std::optional<std::string>& file, std::string from,
               std::optional<std::string> date, bool explain, bool infer, std::optional<std::string> path,
               std::size_t max_bytes, std::optional<long long> time_limit_ms) {
    const ik::ReadRequest req =
        make_request(std::move(from), std::move(date), explain, infer, std::move(path), max_bytes, time_limit_ms);
    const ik::Document doc = read_input(data, file, req);
    std::vector<ik::ordered_json> models;
    {
        py::gil_scoped_release nogil;
        models.reserve(doc.result.incidents.size());
        for (const auto& inc : doc.result.incidents) models.emplace_back(inc);
    }
    py::list incidents;
    for (const auto& m : models) incidents.append(ikpy::to_python(m));
    return py::make_tuple(errc_name(doc.error), ikpy::utf8_str(doc.format), incidents,
                          diagnostics_list(doc.result.diagnostics));
}

// What the CLI prints for one input: several incidents are JSON Lines (json, compact forced), a `---` separated
// stream (yaml), or the documents one after the other (markdown); as the C API's ik_convert_*.
struct Converted {
    ik::Errc error = ik::Errc::ok;
    std::string format;
    std::string output;
    std::vector<ik::Diagnostic> diagnostics;
};

Converted convert_document(ik::Document doc, const std::string& to, bool compact) {
    Converted c{doc.error, std::move(doc.format), {}, std::move(doc.result.diagnostics)};
    if (!doc.ok()) return c;
    const auto& incidents = doc.result.incidents;
    const bool several = incidents.size() > 1;
    ik::WriteOptions w;
    w.compact = compact || (to == "json" && several);
    for (const auto& inc : incidents) {
        ik::WriteOutcome out = ik::write_incident(builtins(), to, inc, w);
        if (!out.ok()) {
            c.error = out.error;
            c.diagnostics.push_back(ik::error_at(0, out.message));
            c.output.clear();
            return c;
        }
        if (to == "yaml" && several) c.output += "---\n";
        c.output += out.output;
    }
    return c;
}

// convert(data, file, to, compact, from, date, explain, infer, path, max_bytes, time_limit_ms)
//   -> (code, format, output, [(level, line, message), ...]); output is "" unless code is "ok".
py::tuple convert_py(const py::object& data, const std::optional<std::string>& file, const std::string& to,
                  bool compact, std::string from, std::optional<std::string> date, bool explain, bool infer,
                  std::optional<std::string> path, std::size_t max_bytes, std::optional<long long> time_limit_ms) {
    if (!builtins().find_writer(to)) {  // before reading, with the writer's own message
        const ik::WriteOutcome w = ik::write_incident(builtins(), to, ik::Incident{}, {});
        py::list diags;
        diags.append(py::make_tuple(py::str("error"), 0, ikpy::utf8_str(w.message)));
        return py::make_tuple(errc_name(ik::Errc::unknown_format), py::str(""), py::str(""), diags);
    }
    const ik::ReadRequest req =
        make_request(std::move(from), std::move(date), explain, infer, std::move(path), max_bytes, time_limit_ms);
    ik::Document doc = read_input(data, file, req);
    Converted c;
    {
        py::gil_scoped_release nogil;
        c = convert_document(std::move(doc), to, compact);
    }
    return py::make_tuple(errc_name(c.error), ikpy::utf8_str(c.format), ikpy::utf8_str(c.output),
                          diagnostics_list(c.diagnostics));
}

// detect(data, path) -> {"format": name or None, "confidence": float, "reason": str}
py::dict detect_py(const py::object& data, const std::string& path) {
    const std::string_view text = bytes_view(data);
    ik::DetectionResult choice;
    std::string format;
    {
        py::gil_scoped_release nogil;
        choice = ik::detect_document(builtins(), text, path);
        if (choice.reader) format = choice.reader->name();
    }
    py::dict out;
    out["format"] = choice.reader ? py::object(ikpy::utf8_str(format)) : py::object(py::none());
    out["confidence"] = py::float_(choice.detection.confidence);
    out["reason"] = ikpy::utf8_str(choice.detection.reason);
    return out;
}

// {"readers": [{"name", "description"}, ...], "writers": [{"name", "description", "extension"}, ...]}
py::dict formats_py() {
    py::list readers, writers;
    for (const auto* r : builtins().readers()) {
        py::dict d;
        d["name"] = ikpy::utf8_str(r->name());
        d["description"] = ikpy::utf8_str(r->description());
        readers.append(d);
    }
    for (const auto* w : builtins().writers()) {
        py::dict d;
        d["name"] = ikpy::utf8_str(w->name());
        d["description"] = ikpy::utf8_str(w->description());
        d["extension"] = ikpy::utf8_str(w->extension());
        writers.append(d);
    }
    py::dict out;
    out["readers"] = readers;
    out["writers"] = writers;
    return out;
}

py::object schema_py() { return ikpy::to_python(ik::ordered_json::parse(ik::incident_json_schema())); }

}  // namespace

PYBIND11_MODULE(_incidentkit, m) {
    m.doc() = "incidentkit's C++ library for Python; use the `incidentkit` package, which wraps this module.";
    m.def("version", [] { return std::string(ik::version()); }, "The library's version, e.g. '0.1.0'.");
    m.def("read", &read_py, py::arg("data"), py::arg("file"), py::arg("from_"), py::arg("date"), py::arg("explain"),
          py::arg("infer"), py::arg("path"), py::arg("max_bytes"), py::arg("time_limit_ms"),
          "Reads bytes (data) or a file (file, bytes in the file system's encoding): "
          "(code, format, incidents, diagnostics).");
    m.def("convert", &convert_py, py::arg("data"), py::arg("file"), py::arg("to"), py::arg("compact"),
          py::arg("from_"), py::arg("date"), py::arg("explain"), py::arg("infer"), py::arg("path"),
          py::arg("max_bytes"), py::arg("time_limit_ms"),
          "Reads and writes every incident as the CLI prints one input: (code, format, output, diagnostics).");
    m.def("detect", &detect_py, py::arg("data"), py::arg("path"),
          "The reader that would read `data`, with its confidence and reason.");
    m.def("formats", &formats_py, "The built-in readers and writers.");
    m.def("schema", &schema_py, "The JSON Schema of the JSON output, as a dict.");
}
