// The CLI's subcommands, each a function from parsed flags to library calls; app.cpp parses the flags.
#pragma once

#include <string>
#include <vector>

#include "batch.hpp"
#include "incidentkit/registry.hpp"
#include "incidentkit/stats.hpp"

namespace cli {

constexpr int kExitOk = 0, kExitFailed = 1, kExitUsage = 2;

/// An error message when `from` names no reader (and is not "auto"), else empty.
std::string unknown_from(const incidentkit::Registry& reg, const std::string& from);
/// Opens the inputs, printing usage errors; 0 when there are inputs to read, else the exit code to return.
/// `output_files` (-o, --report) and `prune` decide whether the whole list is made up front (needs_whole_list):
/// then the skipped entries are printed here (unless quiet), else the batch prints them where the walk meets them.
int gather_inputs(const batch::InputSpec& spec, bool quiet, batch::Inputs& inputs,
                  const std::vector<std::string>& output_files = {}, bool prune = false);

// Every --to name: the per-incident writers, then the batch writers.
std::string output_formats(const incidentkit::Registry& reg);

int run_convert(const incidentkit::Registry& reg, const batch::InputSpec& spec, batch::Options opt);
int run_detect(const incidentkit::Registry& reg, const batch::InputSpec& spec, bool json, std::size_t max_bytes);
int run_explain(const incidentkit::Registry& reg, const std::string& file, const std::string& from,
                const std::string& date, bool infer, bool json);
int run_graph(const incidentkit::Registry& reg, const batch::InputSpec& spec, const batch::Options& opt,
              const std::string& format, const std::string& output, bool linked_only);
int run_stats(const incidentkit::Registry& reg, const batch::InputSpec& spec, const batch::Options& opt,
              incidentkit::StatsOptions so, bool json);

}  // namespace cli
