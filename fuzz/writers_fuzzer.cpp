// libFuzzer target over the writers: read (auto), write every incident with every writer, read the output back.
// The round trip must hold (read(W(read(I))) == read(I) apart from source, and writing twice is byte-identical);
// a violation is a finding, as is a writer that fails on an incident a reader produced.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "incidentkit/convert.hpp"
#include "support/roundtrip_check.hpp"

namespace ik = incidentkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ik::Registry reg = ik::Registry::with_builtins();
    ik::ReadRequest req;
    req.options.path = "fuzz.md";
    const auto doc = ik::read_document(reg, std::string_view(reinterpret_cast<const char*>(data), size), req);
    if (!doc.ok()) return 0;
    std::size_t k = 0;
    for (const auto& inc : doc.result.incidents) {
        if (++k > 4) break;  // a file of many incidents: the first few say as much
        for (const auto* w : reg.writers()) {
            const std::string problem = ik::testing::roundtrip_problem(reg, *w, inc);
            if (!problem.empty()) {
                std::fprintf(stderr, "FINDING (round trip via %s): %s\n", w->name().c_str(), problem.c_str());
                std::abort();
            }
        }
    }
    return 0;
}
