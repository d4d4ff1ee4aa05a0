// The Reader and Writer interfaces every input and output format implements.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/incident.hpp"

namespace incidentkit {

/// How sure a reader is that it can read a text, and why (shown by `incidentkit detect`).
struct Detection {
    double confidence = 0.0;  // 0 = not mine .. 1 = certainly mine
    std::string reason;
};

/// Thrown by Deadline::check once the deadline has passed; read_document reports it as Errc::timed_out.
class TimedOut : public std::runtime_error {
public:
    TimedOut() : std::runtime_error("the read's time limit passed") {}
};

/// When a read gives up. Readers call check() in their loops (per block, line or document), so a
/// pathological input costs at most the time limit; a default-constructed Deadline never expires.
class Deadline {
public:
    using clock = std::chrono::steady_clock;
    Deadline() = default;
    explicit Deadline(clock::time_point at) : at_(at) {}
    static Deadline after(clock::duration d) { return Deadline(clock::now() + d); }
    bool set() const { return at_.has_value(); }
    clock::time_point at() const { return at_.value_or(clock::time_point::max()); }
    bool expired() const { return at_ && clock::now() >= *at_; }
    /// Throws TimedOut when expired.
    void check() const {
        if (expired()) throw TimedOut();
    }

private:
    std::optional<clock::time_point> at_;
};

struct ReadOptions {
    std::string path;                 // for diagnostics and for a date in the file name; may be empty
    std::optional<std::string> date;  // YYYY-MM-DD anchoring dateless times when the report states no date
    Deadline deadline;                // set by read_document from ReadRequest::time_limit
    bool explain = false;             // fill source.provenance: where every filled field came from
    bool infer = true;                // false: leave null what only prose (or the file name) states
};

/// Everything one read produced. A read returns a list: one file may hold several incidents.
/// On an error diagnostic `incidents` is empty: a document either converts or it does not.
/// A reader returning several incidents puts in each one's `source.warnings` the warnings that concern it;
/// for a single incident read_document copies all warnings there.
struct ReadResult {
    std::vector<Incident> incidents;
    std::vector<Diagnostic> diagnostics;  // warnings and errors, in input order
    bool ok() const { return !has_error(diagnostics); }
};

class Reader {
public:
    virtual ~Reader() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    /// Cheap look at the text; never throws.
    virtual Detection detect(std::string_view text, std::string_view path) const = 0;
    /// Full read; must not throw (the convert API also guards against it), except TimedOut from
    /// options.deadline.check(), which a long-running reader should call in its loops.
    virtual ReadResult read(std::string_view text, const ReadOptions& options) const = 0;
    /// True for a reader of a binary format (a database file): it gets the bytes as they are (no UTF-16
    /// decoding, no line-end repair, no text checks) and bids on them before any text reader does.
    virtual bool binary() const { return false; }
};

struct WriteOptions {
    bool compact = false;  // one line per incident (JSON Lines) instead of pretty-printed
};

class Writer {
public:
    virtual ~Writer() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    /// File extension for --out-dir outputs, without the dot.
    virtual std::string extension() const = 0;
    /// Serialises one incident; the result ends with a newline.
    virtual std::string write(const Incident& incident, const WriteOptions& options) const = 0;
};

/// What a whole batch written to one target (a database) is told besides its incidents.
struct BatchOptions {
    /// Remove what the target holds for inputs below these directories that this batch did not see
    /// (`--prune`: reports deleted since the last run). Empty: remove nothing.
    std::vector<std::string> prune_under;
    /// Inputs per transaction: what a crash can lose at most; 0 = the writer's default.
    std::size_t commit_every = 0;
};

/// An open batch target. Inputs arrive one at a time in input order. Implementations should not throw; the sink
/// open_batch (convert.hpp) returns wraps them, so that a throw becomes an error.
class BatchSink {
public:
    virtual ~BatchSink() = default;
    /// One converted input (`path` as given) and its incidents; a `failed` input comes with none, and what the
    /// target already holds for it is kept. False with `error` set when the target cannot be written.
    virtual bool add(const std::string& path, const std::vector<Incident>& incidents, bool failed,
                     std::string& error) = 0;
    /// The batch ended: commit, and prune when `complete` (every input of the batch was added; a batch stopped
    /// early by --fail-fast or an error has not seen every input, so pruning would remove the unseen). Not called
    /// for an interrupted batch, whose sink is destroyed instead: what was committed stays, and the inputs added
    /// since are committed whole (a crash loses them instead; the database stays consistent either way).
    virtual bool finish(bool complete, std::string& error) = 0;
};

/// A writer of a whole batch into one target (`--to sqlite -o archive.db`), as opposed to a Writer's bytes per
/// incident.
class BatchWriter {
public:
    virtual ~BatchWriter() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    /// Opens (creating or updating) the target; null with `error` set when it cannot.
    virtual std::unique_ptr<BatchSink> open(const std::string& target, const BatchOptions& options,
                                            std::string& error) const = 0;
};

}  // namespace incidentkit
