// Batch conversion for the CLI: input collection, a bounded worker pool with ordered output, --out-dir,
// --report, progress and signals. Conversion itself is the library's (read_file / write_incident).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "incidentkit/convert.hpp"

namespace batch {

struct Input {
    std::string path;      // "-" for stdin
    std::string shown;     // as printed in diagnostics
    std::string relative;  // the path mirrored under --out-dir (no leading "/" or "..")
};

struct Options {
    std::string from = "auto";
    std::string to = "json";
    bool compact = false;
    std::string date;
    std::size_t max_bytes = incidentkit::kDefaultMaxBytes;
    unsigned jobs = 1;
    std::string out_dir;
    std::string output;  // -o FILE: stdout's content, written atomically
    std::string report;
    bool fail_fast = false;
    bool strict = false;
    bool quiet = false;
    std::string progress = "auto";  // auto | always | never
};

struct InputSpec {
    std::vector<std::string> args;       // files, directories, "-"
    std::string files_from;              // FILE or "-"
    std::vector<std::string> include;    // globs; empty = the default extensions
    std::vector<std::string> exclude;    // globs
    std::string out_dir;                 // never walked into
};

/// Expands files, directories (recursively, sorted) and --files-from into the batch's inputs.
/// Returns false and sets `error` on a usage problem (a missing --files-from file).
bool collect_inputs(const InputSpec& spec, std::vector<Input>& out, std::string& error);

/// Runs the batch; returns the process exit code (0 ok, 1 some input failed, 2 usage, 130/143 interrupted).
int run(const incidentkit::Registry& registry, const std::vector<Input>& inputs, const Options& options);

/// "9,998"
std::string thousands(std::size_t n);

}  // namespace batch
