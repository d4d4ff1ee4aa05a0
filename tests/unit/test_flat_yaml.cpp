// The flat-YAML fast path against yaml-cpp: wherever it reads a text, it must read what yaml-cpp reads.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "readers/flat_yaml.hpp"
#include "readers/yaml_value.hpp"
#include "normalize/text.hpp"

using namespace incidentkit;

namespace {

struct Read {
    nlohmann::ordered_json values;
    YamlLines where;
};

// What the front-matter reader got before the fast path: yaml-cpp, then yaml_to_json.
std::optional<Read> via_yaml_cpp(const std::string& yaml, std::size_t first) {
    Diagnostic error;
    auto root = load_yaml(yaml, first, error);
    if (!root || !root->IsMap()) return std::nullopt;
    YamlLimits limits;
    limits.source_bytes = yaml.size();
    Read r;
    try {
        r.values = yaml_to_json(*root, limits, &r.where, first);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return r;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto len = text::utf8_length_at(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

// Returns whether the fast path took the text; fails the test when it reads it otherwise than yaml-cpp.
bool same_as_yaml_cpp(const std::string& yaml) {
    YamlLines where;
    const auto fast = read_flat_yaml(yaml, 2, where);
    if (!fast) return false;
    INFO("YAML:\n" << yaml);
    const auto ref = via_yaml_cpp(yaml, 2);
    REQUIRE(ref.has_value());  // the fast path never takes a text yaml-cpp rejects
    CHECK(fast->dump() == ref->values.dump());
    CHECK(where.line == ref->where.line);
    CHECK(where.raw == ref->where.raw);
    return true;
}

}  // namespace

TEST_CASE("flat YAML: every front matter in testdata reads as yaml-cpp reads it", "[flat_yaml]") {
    int blocks = 0, taken = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(IK_TESTDATA)) {
        if (!e.is_regular_file() || e.path().extension() != ".md") continue;
        std::ifstream f(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        const std::string text = ss.str();
        if (text.rfind("---\n", 0) != 0 || !valid_utf8(text)) continue;  // the reader refuses invalid UTF-8 first
        const auto end = text.find("\n---", 3);
        if (end == std::string::npos) continue;
        ++blocks;
        taken += same_as_yaml_cpp(text.substr(4, end - 3));
    }
    INFO(taken << " of " << blocks << " blocks taken");
    CHECK(blocks > 20);
    CHECK(taken >= 12);  // half: many of testdata's blocks are broken, nested or aliased on purpose
}

TEST_CASE("flat YAML: generated documents read as yaml-cpp reads them, or are left to it", "[flat_yaml]") {
    const std::vector<std::string> keys = {"title", "status", "a b", "2023", "x.y", "true", "null", "k-1", "é", "-k", "k "};
    const std::vector<std::string> values = {
        "", "v", "two words", "\"quoted: yes\"", "'single'", "'it''s'", "\"esc\\n\"", "\"\"", "''", "~", "null", "NULL",
        "true", "False", "yes", "007", "-5", "1e3", ".5", "+1", "0x1F", "1_000", "10:30", "2024-03-05T10:00:00Z",
        "http://x/y", "a: b", "a #c", "a#b", "#c", "[a, b]", "[]", "[ ]", "[a, [b]]", "['x', \"y\"]", "[a, ]", "[\"a, b\"]",
        "[a:b]", "{a: 1}", "{}", "&anchor x", "*alias", "!tag x", "|", ">", "- x", "-", "-x", "-.5", "é ü", "a:", "@x",
        "`x`", "%x", "?x", ":x", "x   ", "it's", "say \"hi\"", "a, b", "a]"};
    const std::vector<std::string> shapes = {"K: V", "K: V", "K: V", "K:", "  - V", "- V", "  K: V", "    K: V",
                                             "    - V", "# comment", "", "  # c", "---", "  more text", "K:V", "K : V"};
    std::mt19937 rng(11);
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    int taken = 0, taken_crlf = 0;
    for (int n = 0; n < 60000; ++n) {
        std::string yaml;
        const auto count = 1 + rng() % 5;
        for (unsigned k = 0; k < count; ++k) {
            std::string line = pick(shapes);
            for (auto at = line.find('K'); at != std::string::npos; at = line.find('K', at + 1)) line.replace(at, 1, pick(keys));
            if (const auto at = line.find('V'); at != std::string::npos) line.replace(at, 1, pick(values));
            yaml += line + "\n";
        }
        taken += same_as_yaml_cpp(yaml);
        // The same text with Windows line ends (a '\r' alone stays yaml-cpp's: a lone one is no line end here).
        std::string crlf;
        for (const char c : yaml) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        const bool crlf_taken = same_as_yaml_cpp(crlf);
        taken_crlf += crlf_taken;
    }
    CHECK(taken > 2000);  // the generator reaches the texts the fast path takes
    CHECK(taken_crlf > 2000);
}

TEST_CASE("flat YAML leaves what it does not know to yaml-cpp", "[flat_yaml]") {
    YamlLines where;
    for (const char* yaml : {"a: &x 1\nb: *x\n", "a: |\n  text\n", "a:\n  b:\n    c: 1\n", "a: 1 # note\n", "a: x\n  y\n",
                             "a: 1\na: 2\n", "- 1\n- 2\n", "# only a comment\n", "a:\tb\n", "a: {b: 1}\n",
                             // load_yaml's pre-scan refuses these (an unclosed quote, nesting), yaml-cpp others:
                             "a: x, 'y\n", "a: x - 'y\n", "a: x:'y\n", "a: x, \"y\n", "a:\n- =-'\n", "a: x[[\n",
                             "a: [x?]\n", "a: [x, y?z]\n", "a: 1\rb: 2\n"}) {
        INFO(yaml);
        CHECK_FALSE(read_flat_yaml(yaml, 1, where));
    }
    CHECK_FALSE(read_flat_yaml(std::string(1025, 'k') + ": v\n", 1, where));  // longer than an implicit key may be
    CHECK_FALSE(read_flat_yaml("a:\n" + std::string(600, ' ') + "b: 1\n", 1, where));
    std::string many = "a: [1";
    for (int i = 0; i < 100000; ++i) many += ",1";
    CHECK_FALSE(read_flat_yaml(many + "]\n", 1, where));  // past yaml_to_json's node limit
    CHECK(read_flat_yaml("title: it's down \"again\"\n", 1, where));  // quotes that open nothing stay plain
    const auto v = read_flat_yaml("title: \"DB: down\"\nsev: 2\ntags: [db, api]\nowners:\n  - ann\n  - bob\n", 2, where);
    REQUIRE(v);
    CHECK(v->dump() == R"({"title":"DB: down","sev":2,"tags":["db","api"],"owners":["ann","bob"]})");
    CHECK(where.line.at("/owners/1") == 7);
    CHECK(where.raw.at("/sev") == "2");
    CHECK(where.raw.count("/title") == 0);  // quoted: no raw text
}

TEST_CASE("is_integer_text and is_real_text take what their patterns take", "[flat_yaml]") {
    static const RE2 integer{"[-+]?[0-9]{1,18}"};
    static const RE2 real{"[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"};
    const std::vector<std::string> alphabet = {"0", "7", "123456789", "-", "+", ".", "e", "E", "x", " ", ":", "T", "Z"};
    std::mt19937 rng(70);
    int ints = 0, reals = 0;
    for (int n = 0; n < 100000; ++n) {
        std::string s;
        for (unsigned k = rng() % 8; k > 0; --k) s += alphabet[rng() % alphabet.size()];
        INFO('"' << s << '"');
        const bool i = RE2::FullMatch(s, integer), r = RE2::FullMatch(s, real);
        REQUIRE(is_integer_text(s) == i);
        REQUIRE(is_real_text(s) == r);
        ints += i;
        reals += r && !i;
    }
    CHECK(ints > 1000);
    CHECK(reals > 1000);
}
