// libFuzzer target over read_document with one reader (IK_FUZZ_FROM: frontmatter, freeform, json, yaml or auto).
// Besides crashes, leaks, UB and hangs (libFuzzer -timeout), a broken contract is a finding: an internal error,
// an error without a diagnostic, incidents on a failed read, a diagnostic that is not one line at a real line,
// or an incident that does not serialise to valid JSON.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"

#ifndef IK_FUZZ_FROM
#error "IK_FUZZ_FROM names the reader under test"
#endif

namespace ik = incidentkit;

namespace {

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING (%s): %s\n", IK_FUZZ_FROM, what.c_str());
    std::abort();
}

// The file name matters to detection (a .yaml or .json file); let the input's first byte pick one.
// The JSON pointer of the first string that is not valid UTF-8, so a finding names the field.
std::string invalid_string_at(const ik::ordered_json& j, const std::string& where = "") {
    if (j.is_string()) {
        try {
            (void)ik::ordered_json(j).dump();
        } catch (const std::exception&) {
            return where.empty() ? "/" : where;
        }
        return "";
    }
    if (j.is_object())
        for (const auto& [k, v] : j.items())
            if (auto at = invalid_string_at(v, where + "/" + k); !at.empty()) return at;
    if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i)
            if (auto at = invalid_string_at(j[i], where + "/" + std::to_string(i)); !at.empty()) return at;
    return "";
}

const char* path_for(const std::uint8_t* data, std::size_t size) {
    static const char* const kPaths[] = {"fuzz.md", "fuzz.json", "fuzz.yaml", "2024-03-05-fuzz.txt"};
    return size ? kPaths[data[0] % 4] : kPaths[0];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ik::Registry reg = ik::Registry::with_builtins();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ik::ReadRequest req;
    req.from = IK_FUZZ_FROM;
    req.options.path = path_for(data, size);
    const auto doc = ik::read_document(reg, text, req);
    // Lines as the readers count them: LF, CRLF, or a lone CR (CommonMark's line endings).
    std::size_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
    }
    for (const auto& d : doc.result.diagnostics) {
        if (d.message.empty() || d.message.find('\n') != std::string::npos) finding("diagnostic not one line: " + d.message);
        if (d.line > lines + 1) finding("diagnostic at line " + std::to_string(d.line) + " of " + std::to_string(lines));
    }
    if (doc.error == ik::Errc::internal) finding(doc.result.diagnostics.at(0).message);
    if (!doc.ok()) {
        if (!doc.result.incidents.empty()) finding("incidents on a failed read");
        if (!ik::has_error(doc.result.diagnostics)) finding("failed read without an error diagnostic");
        return 0;
    }
    if (ik::has_error(doc.result.diagnostics)) finding("error diagnostic on a read that succeeded");
    for (const auto& inc : doc.result.incidents) {
        const ik::ordered_json j = inc;
        try {
            (void)j.dump();  // strict: invalid UTF-8 in any string throws
        } catch (const std::exception& e) {
            finding(std::string("incident does not serialise: ") + e.what() + " at " + invalid_string_at(j));
        }
    }
    return 0;
}
