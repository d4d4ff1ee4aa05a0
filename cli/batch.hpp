// Batch conversion for the CLI: input collection, a bounded worker pool with ordered output, --out-dir,
// --report, progress and signals. Conversion itself is the library's (read_file / write_incident).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <istream>
#include <memory>
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

struct InputSpec;
class TreeWalk;

/// The batch's inputs, produced in order as they are asked for: files named on their own, each directory
/// argument walked recursively in sorted order, then --files-from line by line. The walk holds one sorted
/// listing per level of depth, never every path of the tree, so memory stays flat however large the archive;
/// list_all() produces everything up front for a batch that needs the whole list before it starts.
/// Not thread-safe: batch::run calls next() under its lock.
class Inputs {
public:
    Inputs();
    ~Inputs();
    Inputs(const Inputs&) = delete;
    Inputs& operator=(const Inputs&) = delete;

    /// Starts producing from `spec` (opens --files-from); false and `error` on a usage problem.
    bool open(const InputSpec& spec, std::string& error);
    /// The next input; false at the end. Always one ahead, so exhausted() is true right after the last.
    bool next(Input& out);
    /// Produces until at least `n` inputs are waiting (or there are no more); true when there are.
    bool has(std::size_t n);
    /// Produces every remaining input now: ahead() then holds them all.
    void list_all() { has(static_cast<std::size_t>(-1)); }
    const std::deque<Input>& ahead() const { return ahead_; }
    /// Nothing left: every input has been taken by next().
    bool exhausted() const { return producer_done_ && ahead_.empty(); }
    /// "path: warning: why" for the entries the walk left out (symlinks out of the tree) that come before input
    /// number `index` (0-based, in input order), each returned once; take_skipped(-1) returns all that are left.
    std::vector<std::string> take_skipped(std::size_t index);
    /// The directory arguments: those on the command line from the start, --files-from's as they are read.
    const std::vector<std::string>& roots() const { return roots_; }
    std::size_t taken() const { return taken_; }  // inputs next() has returned

    /// As printed in diagnostics: the path, or <stdin>.
    static std::string shown(const Input& in) { return in.path == "-" ? "<stdin>" : in.path; }
    /// The path mirrored under --out-dir: relative to its directory argument; a file named on its own as given
    /// when relative, else by its name alone.
    std::string relative(const Input& in) const;

private:
    bool produce();  // one more input into ahead_ (false: none left)
    void add_arg(const std::string& arg, std::uint32_t root);

    std::unique_ptr<InputSpec> spec_;
    std::size_t arg_index_ = 0;
    std::unique_ptr<std::istream> list_file_;  // --files-from FILE
    std::istream* list_ = nullptr;             // it, or std::cin for "-"
    std::unique_ptr<TreeWalk> walk_;           // the directory argument being walked
    std::uint32_t walk_root_ = Input::kNoRoot;  // its index in roots_
    std::deque<Input> ahead_;
    std::vector<std::string> roots_;
    std::deque<std::pair<std::size_t, std::string>> skipped_;  // (index of the input it comes before, note)
    std::size_t produced_ = 0, taken_ = 0;                      // inputs put into ahead_, taken from it
    std::vector<std::uint32_t> arg_roots_;                      // per argument: its index in roots_, or kNoRoot
    bool stdin_default_ = false, producer_done_ = false;
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

/// Whether a batch must list every input before it starts, rather than walk as it converts: --out-dir (every
/// output is claimed in input order, and no input may be written over), --prune with --files-from (the roots to
/// prune under must all be known), or an output file (-o, --report) inside a directory argument, which the walk
/// could meet as an input. (A --files-from line naming an output file fails when it is taken: batch::run.)
bool needs_whole_list(const InputSpec& spec, const std::vector<std::string>& output_files, bool prune);

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
int run(const incidentkit::Registry& registry, Inputs& inputs, const Options& options,
        const Consumer& consumer = {}, const Finish& finish = {});

/// Runs the batch into a batch writer's target (options.to names one, options.output is the target): opened
/// before the first input, finished after the last; an interrupted batch keeps what it committed.
int run_into_batch_writer(const incidentkit::Registry& registry, Inputs& inputs, const Options& options);

/// "9,998"
std::string thousands(std::size_t n);

}  // namespace batch
