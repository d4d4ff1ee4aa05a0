// The incidentkit executable: the command line over the built-in readers and writers.
#include "app.hpp"

int main(int argc, char** argv) {
    auto registry = incidentkit::Registry::with_builtins();  // run_cli adds the plugins it is asked to load
    return run_cli(argc, argv, registry);
}
