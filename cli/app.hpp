// The command line as a function of its registry: main.cpp passes the built-ins, tests add readers of their own.
#pragma once

#include "incidentkit/registry.hpp"

/// Parses the arguments and runs the subcommand; returns the process exit code. The plugins named by --plugin
/// and INCIDENTKIT_PLUGIN_PATH are added to `registry` before it is used.
int run_cli(int argc, char** argv, incidentkit::Registry& registry);
