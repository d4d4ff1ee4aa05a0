// roundtrip: the round-trip property over many inputs (pandoc-types' prop_roundtrip, as a program).
// For every input I and writer W: read(W(read(I))) == read(I) apart from `source`, and
// W(read(W(read(I)))) == W(read(I)) byte for byte. Prints "N passed, M failed"; exits 1 on any failure.
#include <fstream>
#include <iostream>
#include <sstream>

#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"

using namespace incidentkit;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// The first differing top-level field, for a readable failure.
std::string first_difference(const Incident& a, const Incident& b) {
    const ordered_json ja = a, jb = b;
    for (const auto& [k, v] : ja.items()) {
        if (k != "source" && jb.at(k) != v) return k + ": " + v.dump() + " vs " + jb.at(k).dump();
    }
    return "?";
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
            bool ok = true;
            for (const auto& inc : original.result.incidents) {
                const auto w1 = write_incident(reg, writer->name(), inc, {});
                ReadRequest back;
                back.options.path = "roundtrip." + writer->extension();
                const auto again = read_document(reg, w1.output, back);
                if (!again.ok() || again.result.incidents.size() != 1) {
                    std::cout << "FAIL " << path << " via " << writer->name() << ": the output does not read back";
                    for (const auto& d : again.result.diagnostics) std::cout << " | " << format_diagnostic("", d);
                    std::cout << '\n';
                    ok = false;
                    break;
                }
                Incident lhs = again.result.incidents[0], rhs = inc;
                lhs.source = rhs.source = Source{};
                if (!(lhs == rhs)) {
                    std::cout << "FAIL " << path << " via " << writer->name() << ": " << first_difference(rhs, lhs) << '\n';
                    ok = false;
                    break;
                }
                const auto w2 = write_incident(reg, writer->name(), again.result.incidents[0], {});
                if (w2.output != w1.output) {
                    std::cout << "FAIL " << path << " via " << writer->name() << ": writing twice differs\n";
                    ok = false;
                    break;
                }
            }
            ok ? ++passed : ++failed;
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed ? 1 : 0;
}
