// The incidentkit executable: the command line over the built-in readers and writers.
#include "app.hpp"

int main(int argc, char** argv) { return run_cli(argc, argv, incidentkit::Registry::with_builtins()); }
