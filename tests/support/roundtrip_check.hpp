// The round-trip property for one incident and one writer, shared by tests/roundtrip and the writers fuzzer:
// read(W(inc)) == inc apart from `source`, and W(read(W(inc))) == W(inc) byte for byte.
#pragma once

#include <string>

#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"

namespace incidentkit::testing {

/// The first differing top-level field, for a readable failure.
inline std::string first_difference(const Incident& a, const Incident& b) {
    const ordered_json ja = a, jb = b;
    for (const auto& [k, v] : ja.items()) {
        if (k != "source" && jb.at(k) != v) return k + ": " + v.dump() + " vs " + jb.at(k).dump();
    }
    return "?";
}

/// Empty when the property holds for `inc` through `writer`; else what broke.
inline std::string roundtrip_problem(const Registry& reg, const Writer& writer, const Incident& inc) {
    const auto w1 = write_incident(reg, writer.name(), inc, {});
    if (!w1.ok()) return "the writer failed: " + w1.message;
    ReadRequest back;
    back.options.path = "roundtrip." + writer.extension();
    const auto again = read_document(reg, w1.output, back);
    if (!again.ok() || again.result.incidents.size() != 1) {
        std::string why = "the output does not read back";
        for (const auto& d : again.result.diagnostics) why += " | " + format_diagnostic("", d);
        return why;
    }
    Incident lhs = again.result.incidents[0], rhs = inc;
    lhs.source = rhs.source = Source{};
    if (!(lhs == rhs)) return first_difference(rhs, lhs);
    const auto w2 = write_incident(reg, writer.name(), again.result.incidents[0], {});
    if (w2.output != w1.output) return "writing twice differs";
    return {};
}

}  // namespace incidentkit::testing
