// roundtrip: the round-trip property over many inputs (pandoc-types' prop_roundtrip, as a program).
// For every input I and writer W: read(W(read(I))) == read(I) apart from `source`, and
// W(read(W(read(I)))) == W(read(I)) byte for byte. Prints "N passed, M failed"; exits 1 on any failure.
#include <fstream>
#include <iostream>
#include <sstream>

#include "incidentkit/convert.hpp"
#include "support/roundtrip_check.hpp"

using namespace incidentkit;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

int main(int argc, char** argv) {
    const auto reg = Registry::with_builtins();
    int passed = 0, failed = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string path = argv[i];
        ReadRequest req;
        req.options.path = path;
        const auto original = read_document(reg, slurp(path), req);
        if (!original.ok()) {
            std::cout << "SKIPPED-AS-FAILURE " << path << ": the input does not read\n";
            ++failed;
            continue;
        }
        for (const auto* writer : reg.writers()) {
            std::string problem;
            for (const auto& inc : original.result.incidents) {
                problem = testing::roundtrip_problem(reg, *writer, inc);
                if (!problem.empty()) break;
            }
            if (!problem.empty()) std::cout << "FAIL " << path << " via " << writer->name() << ": " << problem << '\n';
            problem.empty() ? ++passed : ++failed;
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed ? 1 : 0;
}
