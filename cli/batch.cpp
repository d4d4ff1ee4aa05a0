// The batch runner: N workers convert files (library calls only) while the main thread emits results in
// input order, so stdout and stderr read the same whatever -j is. Workers stay within a window of the next
// result to emit, which bounds memory by in-flight files rather than archive size.
#include "batch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "output_file.hpp"
#include "progress.hpp"

namespace fs = std::filesystem;
namespace ik = incidentkit;

namespace batch {
namespace {

std::atomic<int> g_signal{0};
// The first SIGINT/SIGTERM lets the files in hand finish; a second one exits at once, removing the temporary
// files in flight (only async-signal-safe calls here).
extern "C" void on_signal(int sig) {
    if (g_signal.exchange(sig) == 0) return;
    remove_temp_files();
    static const char msg[] = "incidentkit: interrupted again: stopping now\n";
    [[maybe_unused]] const auto n = ::write(2, msg, sizeof msg - 1);
    ::_exit(128 + sig);
}

void install_signal_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

struct Result {
    Input input;
    std::vector<std::string> skipped;  // the walk's notes met just before this input, printed before it
    std::string shown;
    std::string format;
    std::string stdout_part;
    std::vector<ik::Diagnostic> diags;
    std::vector<std::string> outputs;
    std::vector<ik::Incident> kept;  // for a consumer
    std::size_t incidents = 0, warnings = 0;
    std::size_t held_bytes = 0;  // held_size(): what it holds until emitted, about
    bool failed = false;
    const void* maker = nullptr;  // the worker that made it, which frees it (see run())
};

struct Shared {
    const ik::Registry& registry;
    const Inputs& inputs;
    const Options& options;
    const Consumer& consumer;
    std::set<fs::path> input_paths;  // canonical, to refuse writing over an input
    bool stream_docs = false;        // several documents on stdout: JSON Lines / a YAML stream
    // Outputs claimed so far: x.md and x.json in one folder would both write x.json.
    std::mutex claimed_mutex;
    std::map<fs::path, std::string> claimed;
    // -o and --report files that exist: an input that is one of them (a --files-from line) is refused, and then
    // neither is replaced.
    std::vector<std::pair<dev_t, ino_t>> output_files;
    std::atomic<bool> input_is_output{false};
};

bool is_output_file(const Shared& s, const Input& in) {
    struct stat st {};
    if (s.output_files.empty() || in.path == "-" || ::stat(in.path.c_str(), &st) != 0) return false;
    return std::find(s.output_files.begin(), s.output_files.end(), std::pair{st.st_dev, st.st_ino}) !=
           s.output_files.end();
}

// Where an input's output goes, relative to --out-dir (the input's path below its root, new extension).
fs::path output_relative(Shared& s, const Input& in, const std::string& ext, std::size_t k, std::size_t of) {
    fs::path rel(s.inputs.relative(in));
    rel.replace_extension();
    std::string name = rel.filename().string();
    if (of > 1) name += "." + std::to_string(k + 1);  // markdown holds one incident per file
    return rel.parent_path() / (name + "." + ext);
}

fs::path output_path(Shared& s, const Input& in, const std::string& ext, std::size_t k, std::size_t of) {
    return fs::path(s.options.out_dir) / output_relative(s, in, ext, k, of);
}

bool write_output(Shared& s, Result& r, const fs::path& relative, const std::string& data) {
    const fs::path target = fs::path(s.options.out_dir) / relative;
    std::error_code ec;
    const auto canonical = fs::weakly_canonical(target, ec);
    if (s.input_paths.count(canonical)) {
        r.diags.push_back(ik::error_at(0, "output " + target.string() + " is an input file; refusing to overwrite it"));
        return false;
    }
    {
        std::lock_guard lk(s.claimed_mutex);
        const auto [it, fresh] = s.claimed.emplace(canonical, r.shown);
        if (!fresh && it->second != r.shown) {
            r.diags.push_back(ik::error_at(0, "output " + target.string() + " is already written for " + it->second +
                                                  "; not overwriting it (use --include/--exclude to pick one)"));
            return false;
        }
    }
    std::string error;
    if (!write_file_under(s.options.out_dir, relative.string(), data, error)) {
        r.diags.push_back(ik::error_at(0, error));
        return false;
    }
    r.outputs.push_back(target.string());
    return true;
}

Result convert_one(Shared& s, const Input& in, const std::atomic<bool>& abandoned) {
    Result r;
    r.input = in;
    r.shown = Inputs::shown(in);
    if (is_output_file(s, in)) {
        r.diags.push_back(ik::error_at(0, "is an output file of this batch (-o, --report); refusing to overwrite it"));
        r.failed = true;
        s.input_is_output.store(true);
        return r;
    }
    ik::ReadRequest req;
    req.from = s.options.from;
    req.max_bytes = s.options.max_bytes;
    if (s.options.file_timeout > 0) {
        req.time_limit = std::chrono::milliseconds(static_cast<long long>(s.options.file_timeout * 1000));
    }
    if (!s.options.date.empty()) req.options.date = s.options.date;
    req.options.explain = s.options.explain;
    req.options.infer = s.options.infer;
    ik::Document doc;
    if (in.path == "-") {
        // Through the library's file reading (size limit, deadline, "is a directory"), named as stdin.
        req.options.path = "<stdin>";
        std::error_code ec;
        if (std::filesystem::exists("/dev/stdin", ec)) {
            doc = ik::read_file(s.registry, "/dev/stdin", req);
        } else {  // no /proc: read the stream as it comes
            const std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
            doc = ik::read_document(s.registry, data, req);
        }
    } else {
        doc = ik::read_file(s.registry, in.path, req);
    }
    if (abandoned.load()) return r;  // the batch gave up on this file while it was read: write nothing
    r.format = doc.format;
    r.diags = std::move(doc.result.diagnostics);
    for (const auto& d : r.diags) r.warnings += d.level == ik::Diagnostic::Level::warning;
    if (!doc.ok()) {
        r.failed = true;
        return r;
    }
    if (s.options.strict && r.warnings > 0) {
        r.diags.push_back(ik::error_at(0, "warnings are errors (--strict)"));
        r.failed = true;
        return r;
    }
    auto& incidents = doc.result.incidents;
    r.incidents = incidents.size();
    if (s.consumer) {
        r.kept = std::move(incidents);
        return r;
    }
    const bool several = incidents.size() > 1;
    ik::WriteOptions w;
    w.compact = s.options.compact || (s.options.to == "json" && (s.stream_docs || several));
    const ik::Writer* writer = s.registry.find_writer(s.options.to);
    std::string file_data;
    for (std::size_t k = 0; k < incidents.size(); ++k) {
        auto out = ik::write_incident(s.registry, s.options.to, incidents[k], w);
        if (!out.ok()) {
            r.diags.push_back(ik::error_at(0, out.message));
            r.failed = true;
            return r;
        }
        if (s.options.to == "yaml" && (s.stream_docs || several)) out.output = "---\n" + out.output;
        if (!s.options.out_dir.empty() && s.options.to == "markdown") {
            if (!write_output(s, r, output_relative(s, in, writer->extension(), k, incidents.size()), out.output)) {
                r.failed = true;
                return r;
            }
        } else if (!s.options.out_dir.empty()) {
            file_data += out.output;
        } else if (r.stdout_part.empty()) {
            r.stdout_part = std::move(out.output);  // the usual single incident: no copy
        } else {
            r.stdout_part += out.output;
        }
    }
    if (!s.options.out_dir.empty() && s.options.to != "markdown") {
        if (!write_output(s, r, output_relative(s, in, writer->extension(), 0, 1), file_data)) r.failed = true;
    }
    return r;
}

// About what a result holds until it is emitted: its output and messages. Kept incidents (a consumer) are not
// counted: a consumer runs with the small window (see run()).
std::size_t held_size(const Result& r) {
    std::size_t n = r.stdout_part.size();
    for (const auto& d : r.diags) n += d.message.size();
    return n;
}

nlohmann::ordered_json manifest_line(const Input& in, const Result& r) {
    auto diags = nlohmann::ordered_json::array();
    for (const auto& d : r.diags) {
        diags.push_back({{"line", d.line},
                         {"level", d.level == ik::Diagnostic::Level::error ? "error" : "warning"},
                         {"message", d.message}});
    }
    return {{"path", Inputs::shown(in)},
            {"format", r.format.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.format)},
            {"incidents", r.incidents},
            {"status", r.failed ? "error" : r.warnings ? "warning" : "ok"},
            {"outputs", r.outputs},
            {"diagnostics", diags}};
}

}  // namespace

std::string thousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

int run(const ik::Registry& registry, Inputs& inputs, const Options& options, const Consumer& consumer,
        const Finish& finish) {
    const auto started = std::chrono::steady_clock::now();
    // --out-dir claims every output before the first file is read (needs_whole_list); other batches take their
    // inputs from the walk as they go.
    if (!options.out_dir.empty()) inputs.list_all();
    const bool several = inputs.has(2);
    Shared s{registry, inputs, options, consumer, {}, several, {}, {}, {}, {}};
    std::error_code ec;
    for (const auto& f : {options.output, options.report}) {
        struct stat st {};
        if (!f.empty() && ::stat(f.c_str(), &st) == 0) s.output_files.emplace_back(st.st_dev, st.st_ino);
    }
    // Only a batch that writes files needs the inputs' canonical paths (to never write over one).
    if (!options.out_dir.empty()) {
        for (const auto& in : inputs.ahead()) {
            if (in.path != "-") s.input_paths.insert(fs::weakly_canonical(in.path, ec));
        }
    }
    // Claim outputs in input order before any worker runs, so the earlier input owns a contested path
    // whatever -j is (markdown files holding several incidents are claimed when written).
    if (!options.out_dir.empty()) {
        const std::string ext = registry.find_writer(options.to)->extension();
        for (const auto& in : inputs.ahead()) {
            s.claimed.emplace(fs::weakly_canonical(output_path(s, in, ext, 0, 1), ec), Inputs::shown(in));
        }
    }
    AtomicFile report;
    std::string error;
    if (!options.report.empty() && !report.open(options.report, error)) {
        std::cerr << "incidentkit: --report " << options.report << ": " << error << '\n';
        return 2;
    }
    AtomicFile output;
    // A consumer's batch prints nothing: -o names its target (a database), not stdout's content.
    if (!consumer && !options.output.empty() && !output.open(options.output, error)) {
        std::cerr << "incidentkit: " << options.output << ": " << error << '\n';
        return 2;
    }
    install_signal_handlers();

    // Workers run ahead of the next result to emit by up to `window` files, and while the results waiting hold
    // less than kHeldBytes. A window of a few files per worker left the other worker idle behind every long file
    // (the real-world files at -j2: 0.56 s with 8, 0.46 s with 64; -j1 0.80 s); the byte bound keeps a run of
    // large files from holding 64 outputs. The result to emit next is always in hand or being converted, so a
    // full window always drains.
    // A consumer (--to sqlite) holds each result's incidents, several times its file's size, and is slower than
    // the workers anyway; --fail-fast stops at the first failure, and files converted past it under --out-dir
    // are already written: both keep the window of a few files per worker.
    const bool small_window = static_cast<bool>(consumer) || options.fail_fast;
    const std::size_t window = small_window ? std::max<std::size_t>(8, options.jobs * 4)
                                            : std::max<std::size_t>(64, options.jobs * 32);
    constexpr std::size_t kHeldBytes = 64u << 20;
    std::size_t held = 0;  // under m: the held_bytes of `results`
    // The main thread is woken when a few results wait, not for each one: a wake-up per file was three futex
    // calls and a context switch per report, and on two cores the main thread's wake-ups took turns from the
    // workers. It still wakes every 100 ms (progress, --file-timeout), when the window is full and at the end.
    const std::size_t wake_batch = window / 2;
    std::mutex m;
    // Taking the next input walks the tree or reads --files-from, which can wait (a slow pipe): one worker takes
    // at a time under `taking`, outside `m`, so the main thread goes on emitting meanwhile.
    std::mutex taking;
    bool all_taken = false;  // under m: the inputs are exhausted and every one is taken
    std::condition_variable ready, space;
    using Results = std::map<std::size_t, Result>;
    Results results;
    std::size_t next_take = 0, emitted = 0;  // inputs taken by workers, results emitted
    bool stop = false;
    std::vector<std::string> skipped_at_end;  // the walk's notes after the last input
    // Each worker's file in hand, so that the main thread can give up on one whose reader ignores the time
    // limit: the file is reported as failed, the worker is abandoned (it writes nothing when it returns), and a
    // new worker takes its place. Readers check their deadline, so this is the rare case of a reader that does
    // not (a plugin); its thread cannot be stopped, only left behind.
    constexpr std::size_t kIdle = static_cast<std::size_t>(-1);
    struct Worker {
        std::thread thread;
        std::size_t index = kIdle;
        Input input;  // the file in hand
        std::chrono::steady_clock::time_point since;
        std::atomic<bool> abandoned{false}, finished{false};
        // Results emitted, handed back for this worker to free (under m). glibc's malloc gives each thread an
        // arena, and a block freed by another thread locks its arena: the main thread freeing every result
        // contended with the worker allocating, 1.7 futex calls per file at -j1.
        std::vector<Results::node_type> spent;
    };
    std::vector<std::unique_ptr<Worker>> workers;
    auto work = [&](Worker* w) {
        std::vector<Results::node_type> freeing;  // swapped with w->spent: both keep their capacity
        while (true) {
            std::size_t i = 0;
            Input in;
            std::vector<std::string> skipped;
            {
                std::unique_lock take_lock(taking);  // inputs are taken in order whatever -j is
                {
                    std::unique_lock lk(m);
                    auto has_room = [&] {
                        return stop || all_taken || (next_take < emitted + window && held < kHeldBytes);
                    };
                    if (!has_room()) ready.notify_one();  // the window is full: what it holds is to be emitted
                    space.wait(lk, has_room);
                    if (stop || all_taken || g_signal.load()) break;
                }
                const bool taken = inputs.next(in);
                const bool last = inputs.exhausted();
                if (taken) skipped = inputs.take_skipped(inputs.taken() - 1);
                std::vector<std::string> after = last ? inputs.take_skipped(static_cast<std::size_t>(-1))
                                                      : std::vector<std::string>{};
                std::lock_guard lk(m);
                for (auto& k : after) skipped_at_end.push_back(std::move(k));
                all_taken = last;
                if (!taken) {
                    ready.notify_one();
                    break;
                }
                i = next_take++;
                w->index = i;
                w->input = in;
                w->since = std::chrono::steady_clock::now();
            }
            Result r = convert_one(s, in, w->abandoned);  // the file in hand is finished, even when a signal came
            r.held_bytes = held_size(r);
            r.skipped = std::move(skipped);
            r.maker = w;
            bool wake = false;
            {
                std::lock_guard lk(m);
                if (w->abandoned.load()) break;
                w->index = kIdle;
                held += r.held_bytes;
                results.emplace(i, std::move(r));
                freeing.swap(w->spent);
                // Only a result waiting at the head can be emitted: without it, waking the main thread is useless.
                wake = results.count(emitted) > 0 && (results.size() >= wake_batch || all_taken ||
                                                      next_take >= emitted + window || held >= kHeldBytes);
            }
            if (wake) ready.notify_one();
            freeing.clear();  // outside the lock
        }
        w->finished.store(true);
    };
    auto start_worker = [&] {
        workers.push_back(std::make_unique<Worker>());
        Worker* w = workers.back().get();
        w->thread = std::thread(work, w);
    };
    for (unsigned t = 0; t < std::max(1u, options.jobs); ++t) start_worker();
    const auto limit = std::chrono::duration<double>(options.file_timeout);
    const auto grace = std::max(std::chrono::duration<double>(1.0), limit / 4);
    // Under m: gives up on files whose reader ran past the limit and the grace after it.
    auto watch = [&] {
        if (options.file_timeout <= 0) return;
        const auto now = std::chrono::steady_clock::now();
        const std::size_t count = workers.size();
        for (std::size_t k = 0; k < count; ++k) {
            Worker& w = *workers[k];
            if (w.index == kIdle || w.abandoned.load() || now - w.since < limit + grace) continue;
            w.abandoned.store(true);
            Result r;
            r.input = w.input;
            r.shown = Inputs::shown(w.input);
            r.failed = true;
            r.diags.push_back(ik::error_at(0, fmt::format("gave up after {:g} s (--file-timeout); the reader did not "
                                                          "stop, so its thread was left behind",
                                                          options.file_timeout)));
            results.emplace(w.index, std::move(r));
            start_worker();
        }
    };

    Progress progress(options.progress, options.quiet, several);
    std::size_t ok = 0, failed = 0, incidents = 0, warnings = 0;
    bool consumer_failed = false;
    bool all_emitted = false;  // every input taken and its result emitted
    auto print_skipped = [&](const std::vector<std::string>& notes) {
        if (options.quiet) return;
        for (const auto& k : notes) std::cerr << ik::one_line_message(k, 4096) << '\n';
    };
    while (true) {
        Results::node_type node;
        {
            std::unique_lock lk(m);
            auto done = [&] { return all_taken && emitted == next_take; };
            ready.wait_for(lk, std::chrono::milliseconds(100), [&] { return results.count(emitted) > 0 || done(); });
            if (all_taken) progress.set_total(next_take);
            if (done()) {
                all_emitted = true;
                break;
            }
            if (g_signal.load()) break;
            watch();
            auto it = results.find(emitted);
            if (it == results.end()) {
                lk.unlock();
                progress.tick(emitted, false);
                continue;
            }
            node = results.extract(it);
        }
        Result& r = node.mapped();
        progress.clear_line();
        print_skipped(r.skipped);
        if (!r.stdout_part.empty()) {
            if (output.is_open()) {
                output.write(r.stdout_part);
            } else {
                std::fwrite(r.stdout_part.data(), 1, r.stdout_part.size(), stdout);
            }
        }
        for (const auto& d : r.diags) {
            if (!(options.quiet && d.level == ik::Diagnostic::Level::warning)) {
                std::cerr << ik::format_diagnostic(r.shown, d) << '\n';
            }
        }
        if (consumer) {
            std::string why;
            bool taken = false;
            try {
                taken = consumer(r.shown, std::move(r.kept), r.failed, why);
            } catch (const std::exception& e) {
                why = e.what();
            }
            if (!taken) {
                std::cerr << "incidentkit: error: " << ik::one_line_message(why, 4096) << '\n';
                consumer_failed = true;
            }
        }
        if (report.is_open()) report.write(manifest_line(r.input, r).dump(-1, ' ', false,
                                                          nlohmann::ordered_json::error_handler_t::replace) + "\n");
        (r.failed ? failed : ok) += 1;
        incidents += r.incidents;
        warnings += r.warnings;
        const bool this_failed = r.failed;  // r is the worker's to free once handed back below
        bool was_full = false;
        {
            std::lock_guard lk(m);
            was_full = next_take >= emitted + window || held >= kHeldBytes;  // a worker may wait for room
            held -= r.held_bytes;
            ++emitted;
            for (auto& w : workers) {
                if (w.get() == r.maker && !w->abandoned.load()) {
                    w->spent.push_back(std::move(node));  // else freed here
                    break;
                }
            }
        }
        if (was_full) space.notify_all();
        progress.tick(emitted, true);
        if ((options.fail_fast && this_failed) || consumer_failed) break;
    }
    if (all_emitted) {
        progress.clear_line();
        print_skipped(skipped_at_end);
        progress.tick(emitted, true);
    }
    {
        std::lock_guard lk(m);
        stop = true;
    }
    space.notify_all();
    bool left_behind = false;
    for (auto& w : workers) {
        if (w->abandoned.load() && !w->finished.load()) {
            w->thread.detach();  // still in its reader: it ends with the process
            left_behind = true;
        } else {
            w->thread.join();
        }
    }
    std::fflush(stdout);
    progress.clear_line();

    const int sig = g_signal.load();
    // An interrupted -o file is dropped (the old file stays); a finished one replaces it whole.
    const bool refused = s.input_is_output.load();
    if (refused) std::cerr << "incidentkit: refusing to overwrite an input file: the outputs are left as they were\n";
    if (output.is_open() && !sig && !refused && !output.commit(error)) {
        std::cerr << "incidentkit: " << options.output << ": error: " << error << '\n';
        failed += 1;
    }
    if (report.is_open() && !refused && !report.commit(error)) {
        std::cerr << "incidentkit: --report " << options.report << ": " << error << '\n';
        failed += 1;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!options.quiet && (several || !options.out_dir.empty() || sig)) {
        auto plural = [](std::size_t k, const char* word) {
            return thousands(k) + " " + word + (k == 1 ? "" : "s");
        };
        std::string line = fmt::format("converted {} ({}), {} failed, {} in {:.1f} s", plural(ok, "file"),
                                       plural(incidents, "incident"), thousands(failed), plural(warnings, "warning"), secs);
        if (!all_emitted) {
            // Whether the walk had reached the end of the inputs decides if their number is known.
            line += all_taken ? fmt::format("; stopped after {} of {} files", thousands(emitted), thousands(next_take))
                                       : fmt::format("; stopped after {} files", thousands(emitted));
        }
        if (sig) line += sig == SIGINT ? " (interrupted)" : " (terminated)";
        std::cerr << line << '\n';
    }
    int code = sig ? 128 + sig : refused ? 2 : failed || consumer_failed ? 1 : 0;
    if (finish) code = finish(code);
    if (left_behind) {
        // A thread left in a reader still uses this function's state: end the process here, without running
        // destructors under it.
        std::fflush(stdout);
        std::fflush(stderr);
        std::_Exit(code);
    }
    return code;
}

}  // namespace batch
