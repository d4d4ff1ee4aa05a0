// Writers: YAML quoting rules and the normalized Markdown's shape.
#include <catch2/catch.hpp>

#include <random>

#include "incidentkit/convert.hpp"
#include "incidentkit/json.hpp"
#include "normalize/normalize.hpp"
#include "writers/yaml_emit.hpp"

using namespace incidentkit;

TEST_CASE("YAML strings are plain only where every parser reads them back as strings", "[yaml]") {
    for (const char* s : {"api-gateway", "Database Connection Pool Exhaustion", "Jürgen Müller", "ADR-001"}) {
        INFO(s);
        CHECK(yaml_plain_safe(s));
    }
    for (const char* s : {"no", "Yes", "off", "y", "null", "1.0", "14:32", "2024-03-15", "@onni", "", " x",
                          "a: b", "a #b", "[x]", "- x", "~", "multi\nline", "x "}) {
        INFO(s);
        CHECK_FALSE(yaml_plain_safe(s));
    }
    const nlohmann::ordered_json j = {{"a", "no"}, {"b", 0.1}, {"c", nlohmann::ordered_json::array()}, {"d", nullptr},
                                      {"e", "two\nlines"}};
    CHECK(emit_yaml(j) == "a: \"no\"\nb: 0.1\nc: []\nd: ~\ne: \"two\\nlines\"\n");
}

TEST_CASE("normalized Markdown: canonical front matter, fixed sections, escaped cells", "[markdown]") {
    Incident inc;
    inc.title = "Edge: #1";
    inc.severity = Severity{2, "SEV2", "sev2"};
    inc.commander = Person{"Alice Nguyen", "@alice"};
    inc.timeline.push_back({std::nullopt, "14:32", "a | b", std::string("@x"), {"t1", "t2"}});
    inc.action_items.push_back({"Do it", Person{"Dave", std::nullopt}, "2024-05-01", "todo", "high", {}});
    inc.extra["team"] = "SRE";
    inc.sections.push_back({"Notes", "Some *notes*."});
    const auto reg = Registry::with_builtins();
    const auto out = write_incident(reg, "markdown", inc, {});
    REQUIRE(out.ok());
    CHECK(out.output ==
          "---\nschema_version: 1\ntitle: \"Edge: #1\"\nseverity: sev2\ncommander: \"Alice Nguyen (@alice)\"\n"
          "extra:\n  team: SRE\n---\n\n"
          "# Timeline\n\n| Time | Event | Actor | Tags |\n|---|---|---|---|\n| 14:32 | a \\| b | @x | t1, t2 |\n\n"
          "# Action Items\n\n| Action | Owner | Due | Status | Priority |\n|---|---|---|---|---|\n"
          "| Do it | Dave | 2024-05-01 | todo | high |\n\n# Notes\n\nSome *notes*.\n");
    ReadRequest req;
    req.options.path = "x.md";
    const auto back = read_document(reg, out.output, req);
    REQUIRE(back.ok());
    CHECK(back.format == "frontmatter");
    Incident got = back.result.incidents.at(0);
    got.source = inc.source;
    CHECK(got == inc);
}

TEST_CASE("normalized Markdown reads back exactly whatever the strings hold", "[markdown]") {
    const auto reg = Registry::with_builtins();
    Incident inc;
    inc.summary = "# Timeline\nnot a heading of ours\n```\nan open fence";
    inc.root_cause = "```incidentkit-verbatim\nlooks like our wrapper\n```";
    inc.impact.items = {"", "two\n# lines", "- nested\n```"};
    inc.timeline.push_back({"", "", "", std::string(""), {"", "a, b", " spaced "}});
    inc.timeline.push_back({std::string("2024-01-01T00:00:00Z"), " t ", "x\r\ny<br>&#32;\\|", std::nullopt, {}});
    inc.action_items.push_back({"", Person{"x (y)", std::nullopt}, std::string(""), std::nullopt, std::nullopt, {"JIRA-1", "a, b"}});
    inc.action_items.push_back({"a", Person{"", std::string("")}, std::nullopt, std::nullopt, std::nullopt, {}});
    inc.action_items.push_back({"b", Person{"@bob", std::nullopt}, std::nullopt, std::nullopt, std::nullopt, {}});
    inc.action_items.push_back({"c", Person{"b", std::string("@a")}, std::nullopt, std::nullopt, std::nullopt, {}});
    inc.sections = {{"", ""}, {"Summary", "a section named like a field"}, {"", "second unnamed"}, {"", "# x"}};
    inc.lessons_learned = {"ok"};
    const auto out = write_incident(reg, "markdown", inc, {});
    REQUIRE(out.ok());
    INFO(out.output);
    ReadRequest req;
    req.options.path = "x.md";
    const auto back = read_document(reg, out.output, req);
    REQUIRE(back.ok());
    Incident got = back.result.incidents.at(0);
    got.source = inc.source;
    // Exactly, but for line breaks: the model's are LF (the event's CR LF comes back as LF, as from any reader).
    Incident want = inc;
    normalize_line_breaks(want);
    CHECK(want.timeline[1].event == "x\ny<br>&#32;\\|");
    CHECK(ordered_json(got).dump() == ordered_json(want).dump());
    // Text that could end its section early is fenced; ordinary code blocks are not.
    CHECK(out.output.find("````incidentkit-verbatim\n```incidentkit-verbatim") != std::string::npos);
    inc = Incident{};
    inc.root_cause = "Ran:\n\n```\n# restart\nsystemctl restart x\n```";
    CHECK(write_incident(reg, "markdown", inc, {}).output.find("# Root Cause\n\nRan:\n\n```\n# restart\n") != std::string::npos);
}

TEST_CASE("the JSON writer prints exactly nlohmann's dump of to_json, pretty and compact", "[json]") {
    const auto reg = Registry::with_builtins();
    Incident inc;
    inc.title = std::string("quote \" backslash \\ tab \t bell \x07 nl \n ü ✅");
    inc.severity = Severity{std::nullopt, std::nullopt, "odd"};
    inc.impact.metrics.push_back({"users", 2500.0, "users", true, "x"});
    inc.impact.metrics.push_back({"ratio", 0.1, std::nullopt, false, "y"});
    inc.extra["nested"] = {{"a", {1, 2, {{"b", nullptr}}}}, {"empty", nlohmann::ordered_json::object()}};
    inc.extra["list"] = nlohmann::ordered_json::array();
    inc.source.warnings.push_back(warning_at(3, "w"));
    for (bool compact : {false, true}) {
        INFO(compact);
        const ordered_json j = inc;
        const std::string want = (compact ? j.dump() : j.dump(2)) + "\n";
        CHECK(write_incident(reg, "json", inc, {compact}).output == want);
        const Incident empty;
        const ordered_json e = empty;
        CHECK(write_incident(reg, "json", empty, {compact}).output == (compact ? e.dump() : e.dump(2)) + "\n");
    }
}

TEST_CASE("JSON strings escape as nlohmann does wherever the special bytes fall", "[json]") {
    // The writer passes eight bytes at a time while none needs an escape: every position within and across
    // those eight-byte steps, for every byte that needs one and its neighbours that do not.
    const auto reg = Registry::with_builtins();
    const std::vector<std::string> pieces = {"a", " ", "\"", "\\", "\x1f", std::string(1, '\0'), "\n", "\x7f",
                                             "!", "[", "]", "ü", "✅", "\x01"};
    std::mt19937 rng(13);
    std::size_t differ = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string s;
        const auto len = rng() % 40;
        for (std::size_t k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
        Incident inc;
        inc.title = s;
        const ordered_json j = inc;
        differ += write_incident(reg, "json", inc, {true}).output != j.dump() + "\n";
    }
    CHECK(differ == 0);
}

TEST_CASE("the JSON writer's buffer grows past its first 16 KiB and across its 4 KiB string chunks", "[json]") {
    // Texts of every size up to far past the buffer, escapes falling on the chunk boundaries (a byte that
    // becomes six), many of them (the buffer regrows in the middle of a string and between keys).
    const auto reg = Registry::with_builtins();
    std::mt19937 rng(14);
    for (const std::size_t len : {4095u, 4096u, 4097u, 8191u, 16383u, 16384u, 16385u, 70000u, 300000u}) {
        for (const bool compact : {true, false}) {
            Incident inc;
            std::string s;
            for (std::size_t k = 0; k < len; ++k) s += rng() % 7 == 0 ? '\x01' : rng() % 5 == 0 ? '"' : 'a';
            inc.summary = s;
            inc.title = s.substr(0, len / 3);
            for (int t = 0; t < 50; ++t) inc.tags.push_back(s.substr(static_cast<std::size_t>(t) * 7, 300));
            const ordered_json j = inc;
            INFO(len << " compact=" << compact);
            CHECK(write_incident(reg, "json", inc, {compact}).output == (compact ? j.dump() : j.dump(2)) + "\n");
        }
    }
}
