// The convert API: detection, reading with exception fences, size limits, and writing.
#include "incidentkit/convert.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "generated/schema_text.hpp"

namespace incidentkit {

std::string_view to_string(Errc e) {
    switch (e) {
        case Errc::ok: return "ok";
        case Errc::unknown_format: return "unknown_format";
        case Errc::no_reader: return "no_reader";
        case Errc::read_failed: return "read_failed";
        case Errc::io_error: return "io_error";
        case Errc::too_large: return "too_large";
        case Errc::internal: return "internal";
    }
    return "internal";
}

namespace {

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

Document fail(Errc e, std::size_t line, std::string message) {
    Document d;
    d.error = e;
    d.result.diagnostics.push_back(error_at(line, std::move(message)));
    return d;
}

}  // namespace

Document read_document(const Registry& registry, std::string_view text, const ReadRequest& request) noexcept {
    try {
        if (text.size() > request.max_bytes) {
            return fail(Errc::too_large, 0,
                        fmt::format("input is {} bytes, over the limit of {} bytes (--max-bytes)", text.size(),
                                    request.max_bytes));
        }
        Document doc;
        const Reader* reader = nullptr;
        if (request.from.empty() || request.from == "auto") {
            const auto choice = registry.detect(text, request.options.path);
            if (!choice.reader) {
                return fail(Errc::no_reader, 1,
                            "no reader recognises this input (not text, or empty); use --from to force one");
            }
            reader = choice.reader;
            doc.detection = choice.detection;
        } else {
            reader = registry.find_reader(request.from);
            if (!reader) {
                return fail(Errc::unknown_format, 0,
                            fmt::format("unknown input format '{}' (known: {})", request.from,
                                        join(registry.reader_names())));
            }
            doc.detection = {1.0, "chosen with --from"};
        }
        doc.format = reader->name();
        doc.result = reader->read(text, request.options);
        if (!doc.result.ok()) {
            doc.error = Errc::read_failed;
            doc.result.incidents.clear();
            return doc;
        }
        // One incident carries all the document's warnings; a reader returning several attributes warnings
        // to each itself (copying all to all would grow with the square of a large file's incidents).
        if (doc.result.incidents.size() == 1) {
            auto& w = doc.result.incidents[0].source.warnings;
            for (const auto& d : doc.result.diagnostics) {
                if (d.level == Diagnostic::Level::warning) w.push_back(d);
            }
        }
        for (auto& inc : doc.result.incidents) {
            // Canonical readers keep the provenance recorded in their input; everything else is from here.
            if (inc.source.format.empty()) {
                inc.source.path = request.options.path;
                inc.source.format = doc.format;
            }
        }
        return doc;
    } catch (const std::exception& e) {
        return fail(Errc::internal, 0, fmt::format("internal error while reading: {}", e.what()));
    } catch (...) {
        return fail(Errc::internal, 0, "internal error while reading");
    }
}

Document read_file(const Registry& registry, const std::string& path, const ReadRequest& request) noexcept {
    try {
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
        if (!f) return fail(Errc::io_error, 0, fmt::format("cannot open: {}", std::strerror(errno)));
        std::string data;
        char buf[65536];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
            data.append(buf, n);
            if (data.size() > request.max_bytes) {
                return fail(Errc::too_large, 0,
                            fmt::format("file is over the limit of {} bytes (--max-bytes)", request.max_bytes));
            }
        }
        if (std::ferror(f.get())) return fail(Errc::io_error, 0, fmt::format("cannot read: {}", std::strerror(errno)));
        ReadRequest req = request;
        if (req.options.path.empty()) req.options.path = path;
        return read_document(registry, data, req);
    } catch (const std::exception& e) {
        return fail(Errc::internal, 0, fmt::format("internal error while reading: {}", e.what()));
    }
}

WriteOutcome write_incident(const Registry& registry, std::string_view to, const Incident& incident,
                            const WriteOptions& options) noexcept {
    WriteOutcome out;
    try {
        const Writer* w = registry.find_writer(to);
        if (!w) {
            out.error = Errc::unknown_format;
            out.message = fmt::format("unknown output format '{}' (known: {})", to, join(registry.writer_names()));
            return out;
        }
        out.output = w->write(incident, options);
    } catch (const std::exception& e) {
        out.error = Errc::internal;
        out.message = fmt::format("internal error while writing: {}", e.what());
    }
    return out;
}

std::string_view incident_json_schema() { return generated::kSchemaText; }

std::string_view version() { return INCIDENTKIT_VERSION; }

}  // namespace incidentkit
