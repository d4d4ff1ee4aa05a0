// The convert API: bytes -> detect -> Reader -> Incidents -> Writer -> bytes, with typed errors and no exceptions.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "incidentkit/format.hpp"
#include "incidentkit/registry.hpp"

namespace incidentkit {

/// Why a call failed as a whole (as opposed to diagnostics about the input's content).
enum class Errc {
    ok,
    unknown_format,  // --from/--to names no registered reader/writer
    no_reader,       // auto-detection found no reader for the text
    read_failed,     // the reader reported an error diagnostic
    io_error,        // the file could not be read
    too_large,       // the input exceeds the size limit
    timed_out,       // the read ran past ReadRequest::time_limit and gave up
    internal,        // a reader or writer threw; reported instead of escaping
};

std::string_view to_string(Errc e);

inline constexpr std::size_t kDefaultMaxBytes = 16u * 1024u * 1024u;

struct ReadRequest {
    std::string from = "auto";  // a reader name, or "auto" to detect
    ReadOptions options;
    std::size_t max_bytes = kDefaultMaxBytes;
    // Give up on a read after this long (Errc::timed_out); none = no limit. The clock starts when the read
    // does (for read_file, before the file is read); options.deadline, when set, is kept instead.
    std::optional<std::chrono::milliseconds> time_limit;
};

/// The outcome of reading one document.
struct Document {
    Errc error = Errc::ok;
    std::string format;   // the reader used (empty when none was)
    Detection detection;  // why that reader was chosen
    ReadResult result;    // incidents (with source filled in) and all diagnostics
    bool ok() const { return error == Errc::ok; }
};

/// Reads one in-memory document. Never throws.
Document read_document(const Registry& registry, std::string_view text, const ReadRequest& request) noexcept;

/// Which reader read_document would choose for `text`, and why: Registry::detect on the text as read_document
/// sees it (UTF-16 decoded, CR-only line ends made LF). Never throws.
DetectionResult detect_document(const Registry& registry, std::string_view text, std::string_view path) noexcept;

/// Reads a file (size-limited) and then read_document. Never throws.
Document read_file(const Registry& registry, const std::string& path, const ReadRequest& request) noexcept;

struct WriteOutcome {
    Errc error = Errc::ok;
    std::string output;
    std::string message;  // set when error != ok
    bool ok() const { return error == Errc::ok; }
};

/// Writes one incident with the named writer. Never throws.
WriteOutcome write_incident(const Registry& registry, std::string_view to, const Incident& incident,
                            const WriteOptions& options) noexcept;

/// Opens a batch target with the named batch writer (`sqlite`). Never throws: null with `error` set.
std::unique_ptr<BatchSink> open_batch(const Registry& registry, std::string_view to, const std::string& target,
                                      const BatchOptions& options, std::string& error) noexcept;

/// The JSON Schema (2020-12) of the JSON output, as shipped in docs/incident.schema.json.
std::string_view incident_json_schema();

/// The library's version, e.g. "0.1.0".
std::string_view version();

}  // namespace incidentkit
