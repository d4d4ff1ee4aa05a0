// Batch conversion for the CLI: input collection, a bounded worker pool with ordered output, --out-dir,
// --report, progress and signals. Conversion itself is the library's (read_file / write_incident).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "incidentkit/convert.hpp"

namespace batch {

/// One input, kept small (a batch may list millions): its path, and the directory argument it was found
/// under (an index into Inputs::roots, or none for a file named on its own).
struct Input {
    std::string path;  // "-" for stdin
    std::uint32_t root = kNoRoot;
    static constexpr std::uint32_t kNoRoot = 0xFFFFFFFF;
};

struct Inputs {
    std::vector<Input> items;
    std::vector<std::string> roots;  // directory arguments
    std::vector<std::string> skipped;  // "path: warning: why" for entries a walk left out (symlinks out of the tree)
    std::size_t size() const { return items.size(); }
    bool empty() const { return items.empty(); }
    /// As printed in diagnostics: the path, or <stdin>.
    static std::string shown(const Input& in) { return in.path == "-" ? "<stdin>" : in.path; }
    /// The path mirrored under --out-dir: relative to its directory argument; a file named on its own as given
    /// when relative, else by its name alone.
    std::string relative(const Input& in) const;
};

struct Options {
    std::string from = "auto";
    std::string to = "json";
    bool compact = false;
    std::string date;
    std::size_t max_bytes = incidentkit::kDefaultMaxBytes;
    double file_timeout = 60;  // seconds per file; 0 = no limit
    unsigned jobs = 1;
    std::string out_dir;
    std::string output;  // -o FILE: stdout's content, written atomically
    std::string report;
    bool fail_fast = false;
    bool strict = false;
    bool quiet = false;
    std::string progress = "auto";  // auto | always | never
    bool explain = false;           // source.provenance in the output
    bool infer = true;              // false: --no-infer
    bool prune = false;             // --prune: a batch writer drops what vanished under the directory arguments
    std::size_t commit_every = 0;   // --commit-every: inputs per transaction of a batch writer (0: its default)
};

struct InputSpec {
    std::vector<std::string> args;       // files, directories, "-"
    std::string files_from;              // FILE or "-"
    std::vector<std::string> include;    // globs; empty = the default extensions
    std::vector<std::string> exclude;    // globs
    std::string out_dir;                 // never walked into
    bool follow_symlinks = false;        // follow symlinks that lead out of a directory argument's tree
};

/// Expands files, directories (recursively, sorted) and --files-from into the batch's inputs.
/// Returns false and sets `error` on a usage problem (a missing --files-from file).
bool collect_inputs(const InputSpec& spec, Inputs& out, std::string& error);

/// What a batch that does not print (a database, `stats`, `graph`) does with each input, called on the main
/// thread in input order: the input as shown in diagnostics, its incidents (empty when it failed to convert) and
/// whether it failed. Returning false with `error` set stops the batch (a database that cannot be written).
using Consumer = std::function<bool(const std::string& shown, std::vector<incidentkit::Incident>&& incidents,
                                    bool failed, std::string& error)>;

/// Runs the batch; returns the process exit code (0 ok, 1 some input failed, 2 usage, 130/143 interrupted).
/// With a consumer, the incidents go to it instead of a writer (options.to, out_dir and output are not used).
/// `finish` (with a consumer) runs after the last input, with the exit code so far, and returns the final one;
/// batch::run calls it itself because a reader left behind by --file-timeout makes it end the process, and what
/// a consumer gathered (a database's last transaction, stats' figures) must still be committed or printed.
using Finish = std::function<int(int code)>;
int run(const incidentkit::Registry& registry, const Inputs& inputs, const Options& options,
        const Consumer& consumer = {}, const Finish& finish = {});

/// Runs the batch into a batch writer's target (options.to names one, options.output is the target): opened
/// before the first input, finished after the last; an interrupted batch keeps what it committed.
int run_into_batch_writer(const incidentkit::Registry& registry, const Inputs& inputs, const Options& options);

/// "9,998"
std::string thousands(std::size_t n);

}  // namespace batch
