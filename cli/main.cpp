// The incidentkit executable: the command line over the built-in readers and writers.
#include <cstdio>

#include <unistd.h>

#include "app.hpp"

int main(int argc, char** argv) {
    // A batch prints a few kilobytes per report: stdio's 4 KiB buffer made one write(2) per report, into a pipe
    // to jq as much as into a file. A terminal keeps its line buffering. (glibc ignores the size unless it is
    // given the buffer.)
    static char out_buffer[64 * 1024];
    if (!::isatty(STDOUT_FILENO)) std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    auto registry = incidentkit::Registry::with_builtins();  // run_cli adds the plugins it is asked to load
    return run_cli(argc, argv, registry);
}
