// The C API (include/incidentkit/incidentkit.h) over the convert API: opaque handles, status codes, and a
// try/catch around every entry point so that no exception crosses into C.
#include "incidentkit/incidentkit.h"

#include <charconv>
#include <chrono>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "incidentkit/convert.hpp"

namespace ik = incidentkit;

struct ik_options {
    ik::ReadRequest request;  // from, path, date, explain, infer, max_bytes, time_limit
    std::string to = "json";
    bool compact = false;
};

// Everything is computed before the result is handed out, so that the accessors only read: concurrent calls
// on one result are safe, and every returned string lives as long as the result.
struct ik_result {
    ik_status status = IK_OK;
    std::string output;
    std::string format;
    std::size_t incidents = 0;
    std::vector<ik::Diagnostic> diagnostics;
    std::string diagnostics_json;
    std::string error_message;
};

namespace {

// IK_OK .. IK_INTERNAL mirror Errc one to one. Completeness is a compile error, whatever the warning flags:
// -Wswitch is an error in from_errc (a new Errc must map to a new ik_status, appended after IK_NO_MEMORY) and in
// status_name (every ik_status has a name). The ik_status values are the ABI and are pinned.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"
constexpr ik_status from_errc(ik::Errc e) {
    switch (e) {
        case ik::Errc::ok: return IK_OK;
        case ik::Errc::unknown_format: return IK_UNKNOWN_FORMAT;
        case ik::Errc::no_reader: return IK_NO_READER;
        case ik::Errc::read_failed: return IK_READ_FAILED;
        case ik::Errc::io_error: return IK_IO_ERROR;
        case ik::Errc::too_large: return IK_TOO_LARGE;
        case ik::Errc::timed_out: return IK_TIMED_OUT;
        case ik::Errc::internal: return IK_INTERNAL;
    }
    return IK_INTERNAL;
}

// to_string returns string literals, so the view's data is NUL-terminated.
const char* name_of(ik::Errc e) { return ik::to_string(e).data(); }

const char* status_name(ik_status status) {
    switch (status) {
        case IK_OK: return name_of(ik::Errc::ok);
        case IK_UNKNOWN_FORMAT: return name_of(ik::Errc::unknown_format);
        case IK_NO_READER: return name_of(ik::Errc::no_reader);
        case IK_READ_FAILED: return name_of(ik::Errc::read_failed);
        case IK_IO_ERROR: return name_of(ik::Errc::io_error);
        case IK_TOO_LARGE: return name_of(ik::Errc::too_large);
        case IK_TIMED_OUT: return name_of(ik::Errc::timed_out);
        case IK_INTERNAL: return name_of(ik::Errc::internal);
        case IK_INVALID_ARGUMENT: return "invalid_argument";
        case IK_NO_MEMORY: return "no_memory";
    }
    return "unknown";
}
#pragma GCC diagnostic pop

static_assert(from_errc(ik::Errc::ok) == IK_OK && from_errc(ik::Errc::unknown_format) == IK_UNKNOWN_FORMAT &&
                  from_errc(ik::Errc::no_reader) == IK_NO_READER &&
                  from_errc(ik::Errc::read_failed) == IK_READ_FAILED &&
                  from_errc(ik::Errc::io_error) == IK_IO_ERROR && from_errc(ik::Errc::too_large) == IK_TOO_LARGE &&
                  from_errc(ik::Errc::timed_out) == IK_TIMED_OUT && from_errc(ik::Errc::internal) == IK_INTERNAL,
              "ik_status must mirror incidentkit::Errc one to one");
static_assert(IK_OK == 0 && IK_UNKNOWN_FORMAT == 1 && IK_NO_READER == 2 && IK_READ_FAILED == 3 && IK_IO_ERROR == 4 &&
                  IK_TOO_LARGE == 5 && IK_TIMED_OUT == 6 && IK_INTERNAL == 7 && IK_INVALID_ARGUMENT == 8 &&
                  IK_NO_MEMORY == 9,
              "ik_status values are the C ABI: only append (INCIDENTKIT_C_ABI_VERSION otherwise)");

// The same limit as the CLI's --file-timeout (1e6 s); it also keeps Deadline::after from overflowing.
constexpr unsigned long long kMaxTimeLimitMs = 1000000000ULL;

const ik::Registry& builtins() {
    static const ik::Registry registry = ik::Registry::with_builtins();  // built once, thread-safe
    return registry;
}

const ik_options& default_options() {
    static const ik_options defaults;
    return defaults;
}

bool parse_bool(std::string_view v, bool& out) {
    const bool yes = v == "true" || v == "1";
    if (!yes && v != "false" && v != "0") return false;
    out = yes;
    return true;
}

template <class T>
bool parse_unsigned(std::string_view v, T& out) {
    if (v.empty()) return false;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);  // digits only, no sign
    return ec == std::errc() && end == v.data() + v.size();
}

bool digits(std::string_view v) {
    for (char c : v) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool valid_date(std::string_view v) {
    if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
    if (!digits(v.substr(0, 4)) || !digits(v.substr(5, 2)) || !digits(v.substr(8, 2))) return false;
    const int month = (v[5] - '0') * 10 + (v[6] - '0');
    const int day = (v[8] - '0') * 10 + (v[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Validates into a copy and swaps it in (no-throw), so that a bad value leaves the options unchanged.
ik_status set_option(ik_options& options, std::string_view key, std::string_view value) {
    ik_options next = options;
    if (key == "from" || key == "to") {
        if (value.empty()) return IK_INVALID_ARGUMENT;
        (key == "from" ? next.request.from : next.to) = std::string(value);
    } else if (key == "path") {
        next.request.options.path = std::string(value);
    } else if (key == "date") {
        if (!valid_date(value)) return IK_INVALID_ARGUMENT;
        next.request.options.date = std::string(value);
    } else if (key == "explain" || key == "infer" || key == "compact") {
        bool& flag = key == "explain" ? next.request.options.explain
                     : key == "infer" ? next.request.options.infer
                                      : next.compact;
        if (!parse_bool(value, flag)) return IK_INVALID_ARGUMENT;
    } else if (key == "time_limit_ms") {
        unsigned long long ms = 0;
        if (!parse_unsigned(value, ms) || ms > kMaxTimeLimitMs) return IK_INVALID_ARGUMENT;
        next.request.time_limit.reset();
        if (ms > 0) next.request.time_limit = std::chrono::milliseconds(static_cast<long long>(ms));
    } else if (key == "max_bytes") {
        if (!parse_unsigned(value, next.request.max_bytes)) return IK_INVALID_ARGUMENT;
    } else {
        return IK_INVALID_ARGUMENT;
    }
    std::swap(options, next);
    return IK_OK;
}

// Fills the derived strings; a failed status always gets an error diagnostic to show.
void finish(ik_result& r, const std::string& shown_path) {
    if (r.status != IK_OK && !ik::has_error(r.diagnostics)) {
        r.diagnostics.push_back(ik::error_at(0, status_name(r.status)));
    }
    auto list = nlohmann::ordered_json::array();
    for (const auto& d : r.diagnostics) {
        list.push_back({{"level", d.level == ik::Diagnostic::Level::error ? "error" : "warning"},
                        {"line", d.line},
                        {"message", d.message}});
    }
    r.diagnostics_json = list.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (r.status == IK_OK) return;
    r.output.clear();
    for (const auto& d : r.diagnostics) {
        if (d.level == ik::Diagnostic::Level::error) {
            r.error_message = ik::format_diagnostic(shown_path, d);
            break;
        }
    }
}

// Reads (a file when `path` is set, else the buffer), writes every incident as the CLI prints one input:
// several incidents as JSON Lines (json) or a `---` separated stream (yaml).
std::unique_ptr<ik_result> convert(const char* path, std::string_view data, const ik_options& o) {
    auto r = std::make_unique<ik_result>();
    const ik::Registry& reg = builtins();
    const std::string shown_path = !o.request.options.path.empty() ? o.request.options.path
                                   : path                          ? std::string(path)
                                                                   : std::string("<buffer>");
    if (!reg.find_writer(o.to)) {  // checked before reading: the writer's own message, nothing read
        const ik::WriteOutcome w = ik::write_incident(reg, o.to, ik::Incident{}, {});
        r->status = from_errc(w.ok() ? ik::Errc::internal : w.error);
        r->diagnostics.push_back(ik::error_at(0, w.message));
        finish(*r, shown_path);
        return r;
    }
    ik::Document doc = path ? ik::read_file(reg, path, o.request) : ik::read_document(reg, data, o.request);
    r->status = from_errc(doc.error);
    r->format = std::move(doc.format);
    r->diagnostics = std::move(doc.result.diagnostics);
    const auto& incidents = doc.result.incidents;
    r->incidents = incidents.size();
    if (r->status == IK_OK) {
        const bool several = incidents.size() > 1;
        ik::WriteOptions w;
        w.compact = o.compact || (o.to == "json" && several);
        for (const auto& inc : incidents) {
            ik::WriteOutcome out = ik::write_incident(reg, o.to, inc, w);
            if (!out.ok()) {
                r->status = from_errc(out.error);
                r->diagnostics.push_back(ik::error_at(0, out.message));
                break;
            }
            if (o.to == "yaml" && several) r->output += "---\n";
            r->output += out.output;
        }
    }
    finish(*r, shown_path);
    return r;
}

// An unexpected exception still yields a result to read, unless even that cannot be allocated.
ik_status internal_result(const char* what, ik_result** out) noexcept {
    try {
        auto r = std::make_unique<ik_result>();
        r->status = IK_INTERNAL;
        r->diagnostics.push_back(ik::error_at(0, std::string("internal error in the C API: ") + what));
        finish(*r, "<incidentkit>");
        *out = r.release();
        return IK_INTERNAL;
    } catch (...) {
        *out = nullptr;
        return IK_NO_MEMORY;
    }
}

ik_status convert_guarded(const char* path, std::string_view data, const ik_options* options,
                          ik_result** out) noexcept {
    try {
        auto r = convert(path, data, options ? *options : default_options());
        const ik_status status = r->status;
        *out = r.release();
        return status;
    } catch (const std::bad_alloc&) {
        return IK_NO_MEMORY;
    } catch (const std::exception& e) {
        return internal_result(e.what(), out);
    } catch (...) {
        return internal_result("unknown exception", out);
    }
}

// A string built once (thread-safe) for the static-storage accessors; NULL when building it failed.
template <class Build>
const char* once(Build build) noexcept {
    try {
        static const std::string text = build();
        return text.c_str();
    } catch (...) {
        return nullptr;  // the static is built again on the next call
    }
}

}  // namespace

extern "C" {

int ik_abi_version(void) { return INCIDENTKIT_C_ABI_VERSION; }

const char* ik_version(void) {
    const char* v = once([] { return std::string(ik::version()); });
    return v ? v : "";
}

const char* ik_status_name(ik_status status) { return status_name(status); }

ik_options* ik_options_new(void) { return new (std::nothrow) ik_options(); }

void ik_options_free(ik_options* options) { delete options; }

ik_status ik_options_set(ik_options* options, const char* key, const char* value) {
    if (!options || !key || !value) return IK_INVALID_ARGUMENT;
    try {
        return set_option(*options, key, value);
    } catch (const std::bad_alloc&) {
        return IK_NO_MEMORY;
    } catch (...) {
        return IK_INTERNAL;
    }
}

ik_status ik_convert_buffer(const char* data, size_t size, const ik_options* options, ik_result** out) {
    if (!out) return IK_INVALID_ARGUMENT;
    *out = nullptr;
    if (!data && size != 0) return IK_INVALID_ARGUMENT;
    return convert_guarded(nullptr, data ? std::string_view(data, size) : std::string_view(), options, out);
}

ik_status ik_convert_file(const char* path, const ik_options* options, ik_result** out) {
    if (!out) return IK_INVALID_ARGUMENT;
    *out = nullptr;
    if (!path) return IK_INVALID_ARGUMENT;
    return convert_guarded(path, {}, options, out);
}

void ik_result_free(ik_result* result) { delete result; }

ik_status ik_result_status(const ik_result* result) { return result ? result->status : IK_INVALID_ARGUMENT; }

const char* ik_result_output(const ik_result* result, size_t* size) {
    if (size) *size = result ? result->output.size() : 0;
    return result ? result->output.c_str() : "";
}

const char* ik_result_format(const ik_result* result) { return result ? result->format.c_str() : ""; }

size_t ik_result_incident_count(const ik_result* result) { return result ? result->incidents : 0; }

size_t ik_result_diagnostic_count(const ik_result* result) { return result ? result->diagnostics.size() : 0; }

ik_status ik_result_diagnostic(const ik_result* result, size_t i, ik_diagnostic* out) {
    if (!result || !out || i >= result->diagnostics.size()) return IK_INVALID_ARGUMENT;
    const ik::Diagnostic& d = result->diagnostics[i];
    out->level = d.level == ik::Diagnostic::Level::error ? IK_ERROR : IK_WARNING;
    out->line = d.line;
    out->message = d.message.c_str();
    return IK_OK;
}

const char* ik_result_diagnostics_json(const ik_result* result) {
    return result ? result->diagnostics_json.c_str() : "";
}

const char* ik_result_error_message(const ik_result* result) { return result ? result->error_message.c_str() : ""; }

const char* ik_formats_json(void) {
    return once([] {
        auto readers = nlohmann::ordered_json::array();
        for (const auto* r : builtins().readers()) {
            readers.push_back({{"name", r->name()}, {"description", r->description()}});
        }
        auto writers = nlohmann::ordered_json::array();
        for (const auto* w : builtins().writers()) {
            writers.push_back({{"name", w->name()}, {"description", w->description()}, {"extension", w->extension()}});
        }
        const nlohmann::ordered_json j = {{"readers", readers}, {"writers", writers}};
        return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    });
}

const char* ik_schema_json(void) {
    return once([] { return std::string(ik::incident_json_schema()); });
}

}  // extern "C"
