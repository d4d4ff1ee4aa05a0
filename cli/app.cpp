// The incidentkit command line: maps flags onto the library's convert API, nothing more. main.cpp runs it with
// the built-in registry; a test executable runs it with extra readers.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "incidentkit/convert.hpp"
#include "incidentkit/graph.hpp"
#include "incidentkit/json.hpp"
#include "incidentkit/plugins.hpp"
#include "incidentkit/stats.hpp"
#include "batch.hpp"
#include "commands.hpp"

namespace ik = incidentkit;
namespace fs = std::filesystem;

using namespace cli;


int run_cli(int argc, char** argv, ik::Registry& reg) {
    CLI::App app{"incidentkit: read incident postmortems in any shape into one model; write JSON, YAML or Markdown"};
    app.set_version_flag("--version", std::string(ik::version()));
    app.require_subcommand(1);

    batch::InputSpec spec;
    batch::Options opt;
    opt.jobs = std::max(1u, std::thread::hardware_concurrency());
    bool json = false;

    auto* convert = app.add_subcommand("convert", "Convert reports (files, directories, or - for stdin)");
    convert->add_option("files", spec.args, "Input files or directories (recursive); none or - reads standard input");
    convert->add_option("-f,--from", opt.from, "Input format: auto or " + fmt::format("{}", fmt::join(reg.reader_names(), ", ")))
        ->capture_default_str();
    convert->add_option("-t,--to", opt.to, "Output format: " + output_formats(reg))
        ->capture_default_str();
    convert->add_option("-o,--output", opt.output, "Write standard output's content to FILE (atomically)");
    convert->add_option("--out-dir", opt.out_dir, "Write one file per input under DIR, mirroring the input tree");
    convert->add_option("--report", opt.report, "Write a JSON Lines manifest of the batch to FILE");
    convert->add_flag("--prune", opt.prune,
                      "Database output: remove what the database holds for files under the directory arguments "
                      "that this run did not read (deleted, or no longer included)");
    convert->add_option("--commit-every", opt.commit_every,
                        "Database output: inputs per transaction (default 500): what a crash can lose at most")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    convert->add_option("--files-from", spec.files_from, "Read input paths from FILE (or - for stdin), one a line");
    // One glob per flag (allow_extra_args(false)): otherwise "--exclude X dir" would take dir as a glob.
    convert->add_option("--include", spec.include, "Glob of files to take from directories (repeatable)")
        ->allow_extra_args(false);
    convert->add_option("--exclude", spec.exclude, "Glob of files to skip in directories (repeatable)")
        ->allow_extra_args(false);
    convert->add_option("-j,--jobs", opt.jobs, "Parallel conversions (default: all cores)")->capture_default_str()
        ->check(CLI::Range(1u, 1024u));
    convert->add_flag("--compact", opt.compact, "One line per incident (JSON Lines); the default for several inputs");
    convert->add_option("--date", opt.date, "YYYY-MM-DD anchoring dateless times when a report states no date")
        ->check([](const std::string& s) {
            return s.size() == 10 && s[4] == '-' && s[7] == '-' ? std::string() : std::string("expected YYYY-MM-DD");
        });
    convert->add_option("--max-bytes", opt.max_bytes, "Refuse inputs larger than this many bytes")->capture_default_str();
    convert->add_option("--file-timeout", opt.file_timeout,
                        "Give up on a file after this many seconds (0: no limit); the batch goes on")
        ->capture_default_str()->check(CLI::Range(0.0, 1e6));
    convert->add_flag("--follow-symlinks", spec.follow_symlinks,
                      "In directories, read symbolic links that lead out of the tree too");
    convert->add_flag("--fail-fast", opt.fail_fast, "Stop at the first file that fails");
    convert->add_flag("--strict", opt.strict, "Treat warnings as errors");
    convert->add_flag("-q,--quiet", opt.quiet, "Print errors only: no warnings, progress or summary");
    convert->add_flag("--explain", opt.explain, "Add source.provenance: the line, rule and words behind every field");
    bool no_infer = false;
    convert->add_flag("--no-infer", no_infer, "Leave null what only prose or the file name states (inferred fields)");
    convert->add_option("--progress", opt.progress, "Progress line on stderr: auto (on a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();

    auto* explain = app.add_subcommand("explain", "Show where each field of a report came from (line, rule, words)");
    std::string explain_file, explain_from = "auto", explain_date;
    bool explain_json = false, explain_no_infer = false;
    explain->add_option("file", explain_file, "The report (- for standard input)")->required();
    explain->add_option("-f,--from", explain_from, "Input format")->capture_default_str();
    explain->add_option("--date", explain_date, "YYYY-MM-DD anchoring dateless times");
    explain->add_flag("--no-infer", explain_no_infer, "Leave inferred fields out");
    explain->add_flag("--json", explain_json, "The provenance entries as JSON Lines");

    auto* detect = app.add_subcommand("detect", "Print the format each file would be read as, and why");
    batch::InputSpec detect_spec;
    detect->add_option("files", detect_spec.args, "Input files or directories; none or - reads standard input");
    detect->add_flag("--json", json, "One JSON object per line");
    std::size_t detect_max_bytes = ik::kDefaultMaxBytes;
    detect->add_option("--max-bytes", detect_max_bytes, "Refuse inputs larger than this many bytes")
        ->capture_default_str();

    app.add_subcommand("schema", "Print the JSON Schema of the JSON output");
    auto* formats = app.add_subcommand("formats", "List the input and output formats");

    auto* graph = app.add_subcommand("graph", "Draw the typed links across reports as Graphviz DOT or Mermaid");
    batch::InputSpec graph_spec;
    batch::Options graph_opt;
    graph_opt.jobs = opt.jobs;
    std::string graph_format = "dot", graph_output;
    bool graph_linked_only = false;
    graph->add_option("files", graph_spec.args, "Input files or directories (recursive); none or - reads standard input");
    graph->add_option("--format", graph_format, "Output: dot (Graphviz) or mermaid")
        ->check(CLI::IsMember({"dot", "mermaid"}))->capture_default_str();
    graph->add_option("-o,--output", graph_output, "Write the graph to FILE (atomically)");
    graph->add_option("-f,--from", graph_opt.from, "Input format: auto or " + fmt::format("{}", fmt::join(reg.reader_names(), ", ")))
        ->capture_default_str();
    graph->add_option("-j,--jobs", graph_opt.jobs, "Parallel reads (default: all cores)")->capture_default_str()
        ->check(CLI::Range(1u, 1024u));
    graph->add_option("--files-from", graph_spec.files_from, "Read input paths from FILE (or - for stdin), one a line");
    graph->add_option("--include", graph_spec.include, "Glob of files to take from directories (repeatable)")
        ->allow_extra_args(false);
    graph->add_option("--exclude", graph_spec.exclude, "Glob of files to skip in directories (repeatable)")
        ->allow_extra_args(false);
    graph->add_flag("--linked-only", graph_linked_only, "Leave out incidents that no link touches");
    graph->add_option("--max-bytes", graph_opt.max_bytes, "Refuse inputs larger than this many bytes")
        ->capture_default_str();
    graph->add_flag("-q,--quiet", graph_opt.quiet, "Print errors only: no warnings, progress or summary");

    auto* stats = app.add_subcommand("stats", "Archive figures: counts, durations, open action items, completeness");
    batch::InputSpec stats_spec;
    batch::Options stats_opt;
    stats_opt.jobs = opt.jobs;
    ik::StatsOptions stats_options;
    bool stats_json = false;
    auto iso_date = [](const std::string& s) {
            return s.size() == 10 && s[4] == '-' && s[7] == '-' ? std::string() : std::string("expected YYYY-MM-DD");
        };
    stats->add_option("files", stats_spec.args, "Input files or directories (recursive); none or - reads standard input");
    stats->add_flag("--json", stats_json, "The figures as one JSON object");
    stats->add_option("--since", stats_options.since, "Count incidents dated on or after YYYY-MM-DD")->check(iso_date);
    stats->add_option("--until", stats_options.until, "Count incidents dated on or before YYYY-MM-DD")->check(iso_date);
    stats->add_option("--as-of", stats_options.as_of,
                      "Measure open action items' age to YYYY-MM-DD (default: today, UTC)")->check(iso_date);
    stats->add_option("-f,--from", stats_opt.from, "Input format: auto or " + fmt::format("{}", fmt::join(reg.reader_names(), ", ")))
        ->capture_default_str();
    stats->add_option("-j,--jobs", stats_opt.jobs, "Parallel reads (default: all cores)")->capture_default_str()
        ->check(CLI::Range(1u, 1024u));
    stats->add_option("--max-bytes", stats_opt.max_bytes, "Refuse inputs larger than this many bytes")->capture_default_str();
    stats->add_option("--files-from", stats_spec.files_from, "Read input paths from FILE (or - for stdin), one a line");
    stats->add_option("--include", stats_spec.include, "Glob of files to take from directories (repeatable)")
        ->allow_extra_args(false);
    stats->add_option("--exclude", stats_spec.exclude, "Glob of files to skip in directories (repeatable)")
        ->allow_extra_args(false);
    stats->add_flag("-q,--quiet", stats_opt.quiet, "Print errors only: no warnings, progress or summary");

    // Run-time plugins (docs/library.md, "Plugins"): loaded after parsing, before the registry is used.
    // One list per (sub)command: CLI11 assigns an option's whole result to its variable.
    std::vector<std::vector<std::string>> plugins(7);
    std::size_t k = 0;
    for (auto* sub : {static_cast<CLI::App*>(&app), convert, explain, detect, formats, graph, stats}) {
        sub->add_option("--plugin", plugins[k++], "Load readers/writers from a plugin shared object (repeatable)")
            ->allow_extra_args(false);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    }
    {
        // INCIDENTKIT_PLUGIN_PATH first, so that a --plugin's format of the same name replaces the variable's.
        std::vector<std::string> all = ik::plugin_paths_from_env(std::getenv("INCIDENTKIT_PLUGIN_PATH"));
        for (const auto& list : plugins) all.insert(all.end(), list.begin(), list.end());
        for (const auto& p : all) {
            std::string error;
            if (!ik::load_plugin(reg, p, error)) {
                std::cerr << "incidentkit: error: " << ik::one_line_message(error, 4096) << '\n';
                return kExitUsage;
            }
        }
    }
    try {
        if (app.got_subcommand("explain")) {
            return run_explain(reg, explain_file, explain_from, explain_date, !explain_no_infer, explain_json);
        }
        if (app.got_subcommand("convert")) {
            opt.infer = !no_infer;
            spec.out_dir = opt.out_dir;
            return run_convert(reg, spec, opt);
        }
        if (app.got_subcommand("detect")) return run_detect(reg, detect_spec, json, detect_max_bytes);
        if (app.got_subcommand("graph")) {
            return run_graph(reg, graph_spec, graph_opt, graph_format, graph_output, graph_linked_only);
        }
        if (app.got_subcommand("stats")) return run_stats(reg, stats_spec, stats_opt, stats_options, stats_json);
        if (app.got_subcommand("schema")) {
            std::cout << ik::incident_json_schema();
            return kExitOk;
        }
        for (const auto* r : reg.readers()) std::cout << "input\t" << r->name() << '\t' << r->description() << '\n';
        for (const auto* w : reg.writers()) std::cout << "output\t" << w->name() << '\t' << w->description() << '\n';
        for (const auto* w : reg.batch_writers()) {
            std::cout << "output\t" << w->name() << '\t' << w->description() << '\n';
        }
        return kExitOk;
    } catch (const std::exception& e) {
        std::cerr << "incidentkit: error: " << e.what() << '\n';
        return kExitFailed;
    }
}
