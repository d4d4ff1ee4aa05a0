// Converts one report given on the command line and prints its title and severity level.
#include <iostream>

#include <incidentkit/convert.hpp>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const auto reg = incidentkit::Registry::with_builtins();
    const auto doc = incidentkit::read_file(reg, argv[1], {});
    if (!doc.ok()) return 1;
    const auto& inc = doc.result.incidents.at(0);
    std::cout << inc.title.value_or("?") << " / " << inc.severity->level.value_or(-1) << '\n';
    return 0;
}
