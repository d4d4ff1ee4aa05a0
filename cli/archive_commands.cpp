// graph and stats: an archive read through batch::run into the library's LinkGraph or ArchiveStats.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "incidentkit/graph.hpp"
#include "incidentkit/json.hpp"
#include "output_file.hpp"

namespace ik = incidentkit;
namespace fs = std::filesystem;

namespace cli {

// The typed links across the inputs as one graph (the library's LinkGraph): the batch reads, the graph is printed
// (or written to -o atomically) once every input is read, also when some failed (exit 1 then).
int run_graph(const ik::Registry& reg, const batch::InputSpec& spec, const batch::Options& opt,
              const std::string& format, const std::string& output, bool linked_only) {
    if (const auto bad = unknown_from(reg, opt.from); !bad.empty()) {
        std::cerr << bad << '\n';
        return kExitUsage;
    }
    if (std::error_code ec; !output.empty() && fs::is_directory(output, ec)) {
        std::cerr << "incidentkit: -o " << output << ": is a directory\n";
        return kExitUsage;
    }
    batch::Inputs inputs;
    if (const int code = gather_inputs(spec, opt.quiet, inputs, {output})) return code;
    for (const auto& in : inputs.ahead()) {  // every input that could be the output is listed (needs_whole_list)
        std::error_code ec;
        if (!output.empty() && in.path != "-" && fs::exists(output, ec) && fs::equivalent(in.path, output, ec)) {
            std::cerr << "incidentkit: refusing to overwrite input file '" << output << "'\n";
            return kExitUsage;
        }
    }
    ik::LinkGraph graph(ik::GraphOptions{linked_only});
    // Printed through batch::run's finish hook, which runs even when a reader left behind ends the process.
    const auto print = [&](int code) {
        if (code != kExitOk && code != kExitFailed) return code;  // usage, interrupted: no graph of a part
        const std::string text = format == "mermaid" ? graph.to_mermaid() : graph.to_dot();
        std::string why;
        if (output.empty()) {
            std::cout << text << std::flush;
        } else if (!write_file_atomically(output, text, why)) {
            std::cerr << "incidentkit: " << output << ": " << why << '\n';
            return kExitFailed;
        }
        return code;
    };
    return batch::run(reg, inputs, opt,
                      [&](const std::string& shown, std::vector<ik::Incident>&& incidents, bool, std::string&) {
                          for (const auto& inc : incidents) graph.add(inc, shown);
                          return true;
                      },
                      print);
}

// Archive figures over the inputs (the library's ArchiveStats): the batch reads, the figures are printed once every
// input is read, also when some failed (exit 1 then).
int run_stats(const ik::Registry& reg, const batch::InputSpec& spec, const batch::Options& opt, ik::StatsOptions so,
              bool json) {
    if (const auto bad = unknown_from(reg, opt.from); !bad.empty()) {
        std::cerr << bad << '\n';
        return kExitUsage;
    }
    if (so.as_of.empty()) {
        using namespace std::chrono;
        const year_month_day today{floor<days>(system_clock::now())};
        so.as_of = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(today.year()),
                               static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
    }
    std::optional<ik::ArchiveStats> stats;
    try {
        stats.emplace(std::move(so));
    } catch (const std::invalid_argument& e) {
        std::cerr << "incidentkit: stats: " << e.what() << '\n';
        return kExitUsage;
    }
    batch::Inputs inputs;
    if (const int code = gather_inputs(spec, opt.quiet, inputs)) return code;
    // Printed through batch::run's finish hook, which runs even when a reader left behind ends the process.
    const auto print = [&](int code) {
        if (code != kExitOk && code != kExitFailed) return code;  // interrupted: no figures of a part
        if (json) {
            std::cout << stats->to_json().dump(2, ' ', false, ik::ordered_json::error_handler_t::replace) << '\n';
        } else {
            std::cout << stats->to_text();
        }
        std::cout << std::flush;
        return code;
    };
    return batch::run(reg, inputs, opt,
                      [&](const std::string&, std::vector<ik::Incident>&& incidents, bool, std::string&) {
                          for (const auto& inc : incidents) stats->add(inc);
                          return true;
                      },
                      print);
}

}  // namespace cli
