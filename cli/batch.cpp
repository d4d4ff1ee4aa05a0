// The batch runner: N workers convert files (library calls only) while the main thread emits results in
// input order, so stdout and stderr read the same whatever -j is. Workers stay within a window of the next
// result to emit, which bounds memory by in-flight files rather than archive size.
#include "batch.hpp"

#include <atomic>
#include <chrono>
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

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "output_file.hpp"
#include "progress.hpp"

namespace fs = std::filesystem;
namespace ik = incidentkit;

namespace batch {
namespace {

std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) { g_signal.store(sig); }

struct Result {
    std::string shown;
    std::string format;
    std::string stdout_part;
    std::vector<ik::Diagnostic> diags;
    std::vector<std::string> outputs;
    std::size_t incidents = 0, warnings = 0;
    bool failed = false;
};

struct Shared {
    const ik::Registry& registry;
    const Inputs& inputs;
    const Options& options;
    std::set<fs::path> input_paths;  // canonical, to refuse writing over an input
    bool stream_docs = false;        // several documents on stdout: JSON Lines / a YAML stream
    // Outputs claimed so far: x.md and x.json in one folder would both write x.json.
    std::mutex claimed_mutex;
    std::map<fs::path, std::string> claimed;
};

fs::path output_path(Shared& s, const Input& in, const std::string& ext, std::size_t k, std::size_t of) {
    fs::path rel(s.inputs.relative(in));
    rel.replace_extension();
    std::string name = rel.filename().string();
    if (of > 1) name += "." + std::to_string(k + 1);  // markdown holds one incident per file
    return fs::path(s.options.out_dir) / rel.parent_path() / (name + "." + ext);
}

bool write_output(Shared& s, Result& r, const fs::path& target, const std::string& data) {
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
    fs::create_directories(target.parent_path(), ec);
    std::string error;
    if (!write_file_atomically(target.string(), data, error)) {
        r.diags.push_back(ik::error_at(0, target.string() + ": " + error));
        return false;
    }
    r.outputs.push_back(target.string());
    return true;
}

Result convert_one(Shared& s, const Input& in) {
    Result r;
    r.shown = Inputs::shown(in);
    ik::ReadRequest req;
    req.from = s.options.from;
    req.max_bytes = s.options.max_bytes;
    if (!s.options.date.empty()) req.options.date = s.options.date;
    ik::Document doc;
    if (in.path == "-") {
        const std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        doc = ik::read_document(s.registry, data, req);
    } else {
        doc = ik::read_file(s.registry, in.path, req);
    }
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
    const auto& incidents = doc.result.incidents;
    r.incidents = incidents.size();
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
            if (!write_output(s, r, output_path(s, in, writer->extension(), k, incidents.size()), out.output)) {
                r.failed = true;
                return r;
            }
        } else if (!s.options.out_dir.empty()) {
            file_data += out.output;
        } else {
            r.stdout_part += out.output;
        }
    }
    if (!s.options.out_dir.empty() && s.options.to != "markdown") {
        if (!write_output(s, r, output_path(s, in, writer->extension(), 0, 1), file_data)) r.failed = true;
    }
    return r;
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

int run(const ik::Registry& registry, const Inputs& inputs, const Options& options) {
    const auto started = std::chrono::steady_clock::now();
    Shared s{registry, inputs, options, {}, inputs.size() > 1, {}, {}};
    std::error_code ec;
    // Only a batch that writes files needs the inputs' canonical paths (to never write over one).
    if (!options.out_dir.empty()) {
        for (const auto& in : inputs.items) {
            if (in.path != "-") s.input_paths.insert(fs::weakly_canonical(in.path, ec));
        }
    }
    // Claim outputs in input order before any worker runs, so the earlier input owns a contested path
    // whatever -j is (markdown files holding several incidents are claimed when written).
    if (!options.out_dir.empty()) {
        const std::string ext = registry.find_writer(options.to)->extension();
        for (const auto& in : inputs.items) {
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
    if (!options.output.empty() && !output.open(options.output, error)) {
        std::cerr << "incidentkit: " << options.output << ": " << error << '\n';
        return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    const std::size_t n = inputs.size();
    const std::size_t window = std::max<std::size_t>(8, options.jobs * 4);
    std::mutex m;
    std::condition_variable ready, space;
    std::map<std::size_t, Result> results;
    std::size_t next_take = 0, emitted = 0;
    bool stop = false;
    auto worker = [&] {
        while (true) {
            std::size_t i = 0;
            {
                std::unique_lock lk(m);
                space.wait(lk, [&] { return stop || next_take >= n || next_take < emitted + window; });
                if (stop || next_take >= n || g_signal.load()) return;
                i = next_take++;
            }
            Result r = convert_one(s, inputs.items[i]);  // the file in hand is finished, even when a signal came
            {
                std::lock_guard lk(m);
                results.emplace(i, std::move(r));
            }
            ready.notify_one();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < std::max(1u, options.jobs); ++t) pool.emplace_back(worker);

    Progress progress(options.progress, options.quiet, n);
    std::size_t ok = 0, failed = 0, incidents = 0, warnings = 0;
    while (emitted < n) {
        Result r;
        {
            std::unique_lock lk(m);
            ready.wait_for(lk, std::chrono::milliseconds(100), [&] { return results.count(emitted) > 0; });
            if (g_signal.load()) break;
            auto it = results.find(emitted);
            if (it == results.end()) {
                lk.unlock();
                progress.tick(emitted, false);
                continue;
            }
            r = std::move(it->second);
            results.erase(it);
        }
        progress.clear_line();
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
        if (report.is_open()) report.write(manifest_line(inputs.items[emitted], r).dump(-1, ' ', false,
                                                          nlohmann::ordered_json::error_handler_t::replace) + "\n");
        (r.failed ? failed : ok) += 1;
        incidents += r.incidents;
        warnings += r.warnings;
        {
            std::lock_guard lk(m);
            ++emitted;
        }
        space.notify_all();
        progress.tick(emitted, true);
        if (options.fail_fast && r.failed) break;
    }
    {
        std::lock_guard lk(m);
        stop = true;
    }
    space.notify_all();
    for (auto& t : pool) t.join();
    std::fflush(stdout);
    progress.clear_line();

    const int sig = g_signal.load();
    // An interrupted -o file is dropped (the old file stays); a finished one replaces it whole.
    if (output.is_open() && !sig && !output.commit(error)) {
        std::cerr << "incidentkit: " << options.output << ": error: " << error << '\n';
        failed += 1;
    }
    if (report.is_open() && !report.commit(error)) {
        std::cerr << "incidentkit: --report " << options.report << ": " << error << '\n';
        failed += 1;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!options.quiet && (n > 1 || !options.out_dir.empty() || sig)) {
        auto plural = [](std::size_t k, const char* word) {
            return thousands(k) + " " + word + (k == 1 ? "" : "s");
        };
        std::string line = fmt::format("converted {} ({}), {} failed, {} in {:.1f} s", plural(ok, "file"),
                                       plural(incidents, "incident"), thousands(failed), plural(warnings, "warning"), secs);
        if (emitted < n) line += fmt::format("; stopped after {} of {} files", thousands(emitted), thousands(n));
        if (sig) line += sig == SIGINT ? " (interrupted)" : " (terminated)";
        std::cerr << line << '\n';
    }
    if (sig) return 128 + sig;
    return failed ? 1 : 0;
}

}  // namespace batch
