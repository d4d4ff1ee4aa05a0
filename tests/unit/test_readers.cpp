// Reader building blocks and whole-document reads, including bad input and its exact diagnostics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "incidentkit/convert.hpp"
#include "extract/items.hpp"
#include "readers/input_text.hpp"
#include "extract/markdown_outline.hpp"
#include "extract/section_names.hpp"
#include "extract/timeline.hpp"
#include "extract/report_body.hpp"

using namespace incidentkit;

namespace {

Document read(std::string_view text, const std::string& from = "auto", ReadOptions opts = {}) {
    static const Registry reg = Registry::with_builtins();
    ReadRequest req;
    req.from = from;
    req.options = std::move(opts);
    return read_document(reg, text, req);
}

const Incident& only(const Document& d) {
    REQUIRE(d.ok());
    REQUIRE(d.result.incidents.size() == 1);
    return d.result.incidents[0];
}

std::vector<std::string> messages(const Document& d) {
    std::vector<std::string> out;
    for (const auto& x : d.result.diagnostics) out.push_back(format_diagnostic("r.md", x));
    return out;
}

}  // namespace

TEST_CASE("timeline lines in every common shape", "[timeline]") {
    struct Case {
        const char* line;
        const char* time;
        const char* event;
        std::optional<std::string> actor;
        std::vector<std::string> tags;
    };
    const Case cases[] = {
        {"14:45 - First user reports [critical]", "14:45", "First user reports", std::nullopt, {"critical"}},
        {"14:45 \u2014 Pool at 100% (@alice)", "14:45", "Pool at 100%", "@alice", {}},
        {"14:45 UTC: Alerts fire", "14:45 UTC", "Alerts fire", std::nullopt, {}},
        {"2:45 PM - Rollback started (SRE Team)", "2:45 PM", "Rollback started", "SRE Team", {}},
        {"2025-01-20 14:45 - Hotfix deployed", "2025-01-20 14:45", "Hotfix deployed", std::nullopt, {}},
        {"2025-01-20T14:45:00Z Hotfix deployed", "2025-01-20T14:45:00Z", "Hotfix deployed", std::nullopt, {}},
        {"[14:45] - Status page updated", "14:45", "Status page updated", std::nullopt, {}},
        {"14:23:12 - Heap dump captured [mitigation] [comms]", "14:23:12", "Heap dump captured", std::nullopt,
         {"mitigation", "comms"}},
        {"14:45 - Escalated - @bob", "14:45", "Escalated", "@bob", {}},
        {"14:45 - Deploy of v2.3.1 (took 5 min)", "14:45", "Deploy of v2.3.1 (took 5 min)", std::nullopt, {}},
        // A dash of several bytes right after "PM" is the separator, given back whole.
        {"10:00 PM\u2014Deploy started", "10:00 PM", "Deploy started", std::nullopt, {}},
        {"9 a.m.\u2013 Paged the on-call", "9 a.m.", "Paged the on-call", std::nullopt, {}},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        auto e = parse_timeline_line(c.line, 7);
        REQUIRE(e);
        CHECK(e->entry.time == c.time);
        CHECK(e->entry.event == c.event);
        CHECK(e->entry.actor == c.actor);
        CHECK(e->entry.tags == c.tags);
        CHECK(e->line == 7);
    }
    CHECK_FALSE(parse_timeline_line("The pool was exhausted at some point", 1));
}

TEST_CASE("action item lines", "[actions]") {
    std::vector<Diagnostic> d;
    auto a = parse_action_line("[high] Refactor cron job (Assigned: Dave)", 0, 1, d);
    CHECK(a.action == "Refactor cron job");
    CHECK(a.priority == "high");
    CHECK(a.owner == Person{"Dave", std::nullopt});
    a = parse_action_line("Add alerts \u2014 Owner: @alice \u2014 Status: pending \u2014 Priority: P1", 0, 1, d);
    CHECK(a.action == "Add alerts");
    CHECK(a.owner == Person{"alice", "@alice"});
    CHECK(a.status == "todo");
    CHECK(a.priority == "high");
    a = parse_action_line("Fix flaky check; Owner: SRE Team; Status: WIP", 0, 1, d);
    CHECK(a.action == "Fix flaky check");
    CHECK(a.owner == Person{"SRE Team", std::nullopt});
    CHECK(a.status == "in_progress");
    a = parse_action_line("Write ADR @bob", 2, 1, d);
    CHECK(a.status == "done");
    CHECK(a.owner == Person{"bob", "@bob"});
    a = parse_action_line("(P0) Patch the edge proxies \u2705", 0, 1, d);
    CHECK(a.priority == "critical");
    CHECK(a.status == "done");
    CHECK(a.action == "Patch the edge proxies");
    a = parse_action_line("Rotate keys (due 2024-05-01) \u2014 Priya Raman", 0, 1, d);
    CHECK(a.due == "2024-05-01");
    CHECK(a.owner == Person{"Priya Raman", std::nullopt});
    CHECK(a.action == "Rotate keys");
    CHECK(d.empty());
    a = parse_action_line("Do it (due: next sprint)", 0, 9, d);
    CHECK_FALSE(a.due);
    REQUIRE(d.size() == 1);
    CHECK(format_diagnostic("r.md", d[0]) == "r.md:9: warning: due date 'next sprint' is not a date; 'due' left null");
}

TEST_CASE("impact metrics and data loss statements", "[impact]") {
    auto m = parse_metric("Users Affected: Approximately 2,500 users unable to login");
    REQUIRE(m);
    CHECK(m->name == "users_affected");
    CHECK(m->value == 2500);
    CHECK(m->unit == "users");
    CHECK(m->approximate);
    m = parse_metric("Revenue Impact: Estimated $12,000 in delayed transactions");
    REQUIRE(m);
    CHECK(m->unit == "USD");
    CHECK(m->value == 12000);
    CHECK(m->approximate);
    m = parse_metric("Failed Transactions: 847 orders failed");
    REQUIRE(m);
    CHECK_FALSE(m->approximate);
    CHECK(m->unit == "orders");
    CHECK_FALSE(parse_metric("Mobile clients saw intermittent timeouts"));
    CHECK(data_loss_statement("No data loss") == false);
    CHECK(data_loss_statement("Data Integrity: No data loss or corruption") == false);
    CHECK(data_loss_statement("No data was lost.") == false);
    CHECK(data_loss_statement("Data Loss: None") == false);
    CHECK(data_loss_statement("Data Loss: Yes, ~3,000 events were dropped") == true);
    CHECK(data_loss_statement("Some data loss: 42 records could not be recovered") == true);
    CHECK(data_loss_statement("Data was permanently lost for 12 minutes") == true);
    CHECK_FALSE(data_loss_statement("Latency rose to 10s"));
    CHECK_FALSE(data_loss_statement("Data centre moved; no customers were lost"));  // "lost", not about data
    // U+017F LONG S folds with 's' under the patterns' (?i): the "loss"/"lost" pre-check lets it through.
    CHECK(data_loss_statement("No data lo\u017Fs") == false);
}

TEST_CASE("headings map onto canonical sections", "[sections]") {
    CHECK(classify_heading("Executive Summary") == SectionKind::summary);
    CHECK(classify_heading("2. Timeline") == SectionKind::timeline);
    CHECK(classify_heading("Timeline (UTC)") == SectionKind::timeline);
    CHECK(classify_heading("Root Cause Analysis:") == SectionKind::root_cause);
    CHECK(classify_heading("\U0001F4DD Lessons Learned") == SectionKind::lessons_learned);
    CHECK(classify_heading("IV) Corrective Actions") == SectionKind::action_items);
    CHECK(classify_heading("Services Affected") == SectionKind::affected_systems);
    CHECK(classify_heading("Customer Communication") == SectionKind::unknown);
    CHECK(heading_zone("Timeline (all times PT)") == "PT");
    CHECK(heading_zone("Timeline") == "");
}

TEST_CASE("dateless times are anchored by a stated date, a dated heading, the file name or --date", "[timeline]") {
    const char* body = "# Outage\n\n## Timeline\n\n- 23:50 - Alerts\n- 00:10 - Rollback\n";
    auto doc = read(body);
    CHECK_FALSE(only(doc).timeline[0].at);
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:5: warning: timeline times have no date, so 'at' is null; state one "
                               "(\"Date: 2024-03-15\"), name the file YYYY-MM-DD-*.md, or pass --date YYYY-MM-DD"});
    ReadOptions named;
    named.path = "archive/2024-03-15-outage.md";
    doc = read(body, "auto", named);
    CHECK(only(doc).timeline[0].at == "2024-03-15T23:50:00Z");
    CHECK(only(doc).timeline[1].at == "2024-03-16T00:10:00Z");  // past midnight
    CHECK(only(doc).started_at == "2024-03-15T23:50:00Z");
    CHECK_FALSE(only(doc).resolved_at);  // never inferred from the timeline
    ReadOptions dated;
    dated.date = "2024-05-01";
    doc = read(body, "auto", dated);
    CHECK(only(doc).timeline[0].at == "2024-05-01T23:50:00Z");
    doc = read("# Outage\n\n**Date:** March 3, 2024\n\n## Timeline\n\n### 2024-03-04\n\n- 09:00 - Next day\n");
    CHECK(only(doc).timeline[0].at == "2024-03-04T09:00:00Z");
}

TEST_CASE("declared zones are honoured", "[timeline][zones]") {
    auto doc = read("# Outage\n\nDate: 2024-07-15\n\nAll times in Pacific Time.\n\n## Timeline\n\n- 09:00 - Alerts\n");
    CHECK(only(doc).timeline[0].at == "2024-07-15T16:00:00Z");
    CHECK(doc.result.diagnostics.empty());
    doc = read("# Outage\n\nDate: 2024-01-15\n\n## Timeline\n\n| Time (CET) | Event |\n|---|---|\n| 09:00 | Alerts |\n");
    CHECK(only(doc).timeline[0].at == "2024-01-15T08:00:00Z");
    doc = read("# Outage\n\nDate: 2024-01-15\n\n## Timeline\n\n- 09:00 - Alerts\n");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:7: warning: timeline times have no time zone and were "
                                                    "read as UTC; say so in the report (\"All times UTC\") to confirm"});
}

TEST_CASE("free-form metadata, CRLF, BOM and non-breaking hyphens", "[freeform]") {
    const std::string text =
        "\xEF\xBB\xBF# Postmortem: INC-2024-0101 - Cache stampede\r\n\r\n"
        "- **Severity**: SEV\u20111\r\n- **Status**: Resolved \u2705\r\n- **Date**: 2024\u201103\u201115\r\n"
        "- **Start**: 14:45 UTC\r\n- **End**: 15:58 UTC\r\n\r\n## Summary\r\nCache died.\r\n";
    auto doc = read(text);
    const auto& inc = only(doc);
    CHECK(inc.id == "INC-2024-0101");
    CHECK(inc.title == "Cache stampede");
    REQUIRE(inc.severity);
    CHECK(inc.severity->level == 1);
    CHECK(inc.status == "resolved");
    CHECK(inc.started_at == "2024-03-15T14:45:00Z");
    CHECK(inc.resolved_at == "2024-03-15T15:58:00Z");
    CHECK(inc.duration_minutes == 73);
    CHECK(inc.summary == "Cache died.");
}

TEST_CASE("bad input gets a positioned error and never a crash", "[errors]") {
    auto doc = read("---\ntitle: x\n\n# Summary\n");
    CHECK(doc.error == Errc::read_failed);
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:1: error: unterminated front matter: no closing '---' line after the opening one"});
    doc = read("---\ntitle: x\nseverity: [1, 2\nstatus: ok\n---\n");
    CHECK(doc.error == Errc::read_failed);
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(format_diagnostic("r.md", doc.result.diagnostics[0]).rfind("r.md:4: error: malformed YAML: ", 0) == 0);
    doc = read("---\n- a\n- b\n---\n");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:2: error: front matter is not a mapping of keys to values"});
    doc = read(std::string("PK\x03\x04\0\0binary", 12));
    CHECK(doc.error == Errc::no_reader);
    doc = read(std::string("# T\n\nok\n\x01\x02\0x", 13), "freeform");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:4: error: not a text file: NUL byte at offset 10"});
    doc = read("# T\n\n\xC3\x28 bad\n", "freeform");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:3: error: not UTF-8 text: invalid byte 0xC3 at offset 5"});
    std::string deep = "---\ntitle: x\nnest: ";
    deep += std::string(5000, '[');
    deep += "\n---\n";
    doc = read(deep);
    CHECK(messages(doc) == std::vector<std::string>{"r.md:3: error: YAML nests deeper than 64 levels (bracket)"});
}

TEST_CASE("front-matter values that are not what they claim stay in extra with a warning", "[errors]") {
    auto doc = read("---\ntitle: x\nstarted_at: yesterday\nseverity: urgent-ish\nduration_minutes: a while\n---\n");
    const auto& inc = only(doc);
    CHECK_FALSE(inc.started_at);
    CHECK(inc.extra.at("started_at") == "yesterday");
    CHECK(inc.extra.at("duration_minutes") == "a while");
    REQUIRE(inc.severity);
    CHECK_FALSE(inc.severity->level);
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:3: warning: started_at: 'yesterday' is not a date/time; kept in extra",
                               "r.md:4: warning: severity 'urgent-ish' is not recognised; level is null",
                               "r.md:5: warning: duration_minutes: 'a while' is not a duration; kept in extra"});
}

TEST_CASE("a stated duration that disagrees with the times is kept, with a warning", "[duration]") {
    auto doc = read("---\ntitle: x\nstarted_at: 2025-01-20T14:32:00Z\nresolved_at: 2025-01-20T16:05:00Z\n"
                    "duration_minutes: 60\n---\n");
    CHECK(only(doc).duration_minutes == 60);
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:5: warning: duration_minutes is 60 but resolved_at - started_at is 93 minutes; "
                               "keeping the stated duration"});
}

TEST_CASE("unknown front-matter keys and sections are kept", "[lossless]") {
    auto doc = read("---\ntitle: x\njira: OPS-12\nmetrics:\n  p99_ms: 900\n  rate: 0.5\nquoted: \"007\"\n---\n\n"
                    "# Summary\n\nS.\n\n# Customer Communication\n\n> We are investigating.\n");
    const auto& inc = only(doc);
    CHECK(inc.extra.at("jira") == "OPS-12");
    CHECK(inc.extra.at("metrics").at("p99_ms") == 900);
    CHECK(inc.extra.at("metrics").at("rate") == 0.5);
    CHECK(inc.extra.at("quoted") == "007");
    REQUIRE(inc.sections.size() == 1);
    CHECK(inc.sections[0].heading == "Customer Communication");
    CHECK(inc.sections[0].markdown == "> We are investigating.");
}

TEST_CASE("a kept section's Markdown is its source lines, with CRLF and blank lines at its edges as LF", "[lossless]") {
    const std::string lf = "# Summary\n\nS.\n\n# Customer Communication\n\n\n> We are investigating.\n>\n> Still.\n\n"
                           "Next.\n\n\n# Root Cause\n\nR.\n";
    std::string crlf;
    for (const char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    for (const auto& text : {lf, crlf}) {
        auto doc = read(text);
        const auto& inc = only(doc);
        REQUIRE(inc.sections.size() == 1);
        CHECK(inc.sections[0].markdown == "> We are investigating.\n>\n> Still.\n\nNext.");
    }
}

TEST_CASE("front-matter links take ids or {id, title, date} maps", "[links]") {
    auto doc = read("---\ntitle: x\ncaused_by: ADR-001\nrelated:\n  - GOV-001\n  - id: INC-7\n    title: Earlier outage\n"
                    "    date: March 3, 2024\n---\n");
    const auto& inc = only(doc);
    REQUIRE(inc.links.size() == 3);
    CHECK(inc.links[0] == Link{"caused_by", "ADR-001", std::nullopt, std::nullopt});
    CHECK(inc.links[1] == Link{"related", "GOV-001", std::nullopt, std::nullopt});
    CHECK(inc.links[2] == Link{"related", "INC-7", "Earlier outage", "2024-03-03"});
    doc = read("---\ntitle: x\ntriggers:\n  - {what: 1}\n---\n");
    CHECK(only(doc).links.empty());
    CHECK(only(doc).extra.at("triggers").at(0).at("what") == 1);
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:3: warning: triggers: expected ids or {id, title, date} maps; kept in extra"});
}

TEST_CASE("front-matter lists of the wrong shape are kept in extra, not dropped", "[lossless]") {
    auto doc = read("---\ntitle: x\nresponders:\n  - name: Alice\n    team: SRE\ntags: [a, b]\n---\n");
    const auto& inc = only(doc);
    CHECK(inc.responders.empty());
    CHECK(inc.extra.at("responders").at(0).at("name") == "Alice");
    CHECK(inc.tags == std::vector<std::string>{"a", "b"});
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:3: warning: responders: expected a value or a list of values; kept in extra"});
}

TEST_CASE("canonical JSON: wrong types are errors with a pointer, unknown keys warnings", "[canonical]") {
    auto doc = read("{\"schema_version\": 1, \"title\": \"x\", \"severity\": [1, 2]}", "json");
    CHECK(doc.error == Errc::read_failed);
    CHECK(messages(doc) == std::vector<std::string>{"r.md:1: error: /severity: expected an object, got array"});
    doc = read("{\"schema_version\": 1, \"timeline\": \"yes\"}", "json");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:1: error: /timeline: expected an array, got string"});
    doc = read("{\"schema_version\": 1, \"timeline\": [{\"event\": \"a\"}, {\"time\": 5}]}", "json");
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(doc.result.diagnostics[0].message.rfind("/timeline/1: ", 0) == 0);
    doc = read("{\"schema_version\": 1,\n \"title\": \"x\",\n \"jira\": \"OPS-1\"}", "json");
    CHECK(only(doc).extra.at("jira") == "OPS-1");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:3: warning: /jira: unknown key; kept in extra"});
    doc = read("{\"schema_version\": 1,\n \"title\": \"x\",,\n}", "json");
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(format_diagnostic("r.md", doc.result.diagnostics[0]) ==
          "r.md:2: error: malformed JSON at byte 36: syntax error while parsing object key - unexpected ','; "
          "expected string literal");
    doc = read("{\"schema_version\": 2}", "json");
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:1: error: /schema_version: unsupported schema_version 2 (this build reads 1)"});
}

TEST_CASE("canonical JSON Lines and YAML streams hold several incidents; hand-written shorthand reads", "[canonical]") {
    auto doc = read("{\"schema_version\": 1, \"title\": \"a\"}\n{\"schema_version\": 1, \"title\": \"b\"}\n");
    REQUIRE(doc.ok());
    CHECK(doc.format == "json");
    REQUIRE(doc.result.incidents.size() == 2);
    CHECK(doc.result.incidents[1].title == "b");
    doc = read("schema_version: 1\ntitle: a\nseverity: SEV-1\ncommander: \"@onni\"\n---\nschema_version: 1\ntitle: b\n");
    REQUIRE(doc.ok());
    CHECK(doc.format == "yaml");
    REQUIRE(doc.result.incidents.size() == 2);
    CHECK(doc.result.incidents[0].severity->level == 1);
    CHECK(doc.result.incidents[0].commander == Person{"onni", "@onni"});
}

TEST_CASE("canonical YAML: wrong types are errors with the YAML line", "[canonical]") {
    auto doc = read("schema_version: 1\ntitle: x\nseverity:\n  - 1\n  - 2\n", "yaml");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:3: error: /severity: expected an object, got array"});
    doc = read("schema_version: 1\ntimeline: \"yes\"\n", "yaml");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:2: error: /timeline: expected an array, got string"});
    doc = read("schema_version: 1\ntitle: x\nwhen: 14:32\n", "yaml");
    CHECK(only(doc).extra.at("when") == "14:32");
    CHECK(messages(doc) == std::vector<std::string>{"r.md:3: warning: /when: unknown key; kept in extra"});
}

TEST_CASE("TOML and JSON front matter: values, and errors with the document line", "[frontmatter][toml]") {
    auto doc = read("+++\ntitle = \"Disk full\"\ndate = 2019-05-10T08:17:31Z\nseverity = \"SEV-2\"\n"
                    "affectedsystems = [\"api\", \"db\"]\nresolved = true\n+++\nBody.\n");
    const auto& inc = only(doc);
    CHECK(doc.format == "frontmatter");
    CHECK(inc.title == "Disk full");
    CHECK(inc.started_at == "2019-05-10T08:17:31Z");
    CHECK(inc.severity->level == 2);
    CHECK(inc.affected_systems == std::vector<std::string>{"api", "db"});
    CHECK(inc.status == "resolved");
    doc = read("+++\ntitle = \"x\"\nseverity = \n+++\n");
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(format_diagnostic("r.md", doc.result.diagnostics[0]).rfind("r.md:3: error: malformed TOML: ", 0) == 0);
    doc = read("+++\ntitle = \"x\"\n");
    CHECK(messages(doc) == std::vector<std::string>{
                               "r.md:1: error: unterminated front matter: no closing '+++' line after the opening one"});
    doc = read("---json\n{\"title\": \"x\",\n \"severity\": }\n---\n");
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(format_diagnostic("r.md", doc.result.diagnostics[0]).rfind("r.md:3: error: malformed JSON front matter: ", 0) == 0);
    doc = read("{\"title\": \"x\", \"owner\": \"@kwame\"}\n\n# Summary\n\nS.\n");
    CHECK(only(doc).commander == Person{"kwame", "@kwame"});
    CHECK(only(doc).summary == "S.");
}

TEST_CASE("status-page front matter: severity words are customer impact; commented keys are comments", "[statuspage]") {
    auto doc = read("---\ntitle: x\nseverity: major-outage\n<!-- resolvedWhen: 2018-04-25 04:13:59 -->\n---\n");
    CHECK_FALSE(only(doc).severity);
    CHECK(only(doc).customer_impact == "full_outage");
    CHECK(only(doc).extra == nlohmann::ordered_json{{"severity", "major-outage"}});
    doc = read("---\ntitle: x\nseverity: under-maintenance\n---\n");
    CHECK(only(doc).tags == std::vector<std::string>{"maintenance"});
    CHECK_FALSE(only(doc).customer_impact);
}

TEST_CASE("update paragraphs: track shortcodes, labelled times, markers", "[updates]") {
    auto doc = read("---\ntitle: x\nresolved: true\n---\n\n"
                    "*Resolved* - Fixed. {{< track \"2018-05-25 06:15:00\" >}}\n\n"
                    "**Update**: Still looking. {{< track \"2018-05-25T06:00:00Z\" >}}\n\n"
                    "_Investigating_ - Looking. {{< track \"2018-05-25 05:54:00\" >}}\n");
    const auto& inc = only(doc);
    REQUIRE(inc.timeline.size() == 3);
    CHECK(inc.timeline[0].at == "2018-05-25T05:54:00Z");  // newest-first log read oldest first
    CHECK(inc.timeline[0].tags == std::vector<std::string>{"investigating"});
    CHECK(inc.timeline[0].event == "Looking.");
    CHECK(inc.timeline[1].tags == std::vector<std::string>{"update"});
    CHECK(inc.timeline[2].event == "Fixed.");
    CHECK(inc.started_at == "2018-05-25T05:54:00Z");
    CHECK(inc.resolved_at == "2018-05-25T06:15:00Z");
    CHECK(inc.status == "resolved");
    doc = read("# Outage\n\nDate: 2021-06-03\n\n**Update (09:20 UTC):** Looking.\n\n[Initial Message] We know.\n");
    REQUIRE(only(doc).timeline.size() == 2);
    CHECK(only(doc).timeline[0].at == "2021-06-03T09:20:00Z");
    CHECK(only(doc).timeline[1].tags == std::vector<std::string>{"initial message"});
    CHECK_FALSE(only(doc).timeline[1].at);
}

TEST_CASE("several incidents in one file share the parts outside them", "[multi]") {
    auto doc = read("# Two outages\n\nDate: 2024-08-14\n\n## Incident 1: A broke\n\n- 09:00 UTC - A down\n\n"
                    "## Incident 2: B broke\n\n- 10:00 UTC - B down\n\n## Action Items\n\n- Fix both (Owner: Infra)\n");
    REQUIRE(doc.ok());
    REQUIRE(doc.result.incidents.size() == 2);
    CHECK(doc.result.incidents[0].title == "A broke");
    CHECK(doc.result.incidents[0].started_at == "2024-08-14T09:00:00Z");
    CHECK(doc.result.incidents[1].title == "B broke");
    CHECK(doc.result.incidents[1].timeline.size() == 1);
    CHECK(doc.result.incidents[1].action_items.size() == 1);
    CHECK(doc.result.incidents[0].action_items.at(0).owner == Person{"Infra", std::nullopt});
    // Dated days under a Timeline heading are one incident, not several.
    doc = read("# Outage\n\n## Timeline\n\n### 2024-01-08 Monday\n\n- 09:00 - a\n\n### 2024-01-09 Tuesday\n\n- 10:00 - b\n");
    CHECK(doc.result.incidents.size() == 1);
}

TEST_CASE("text-less headings and rules never hang a read and keep the round trip", "[hardening]") {
    // Found by libFuzzer: an empty heading had line 0, and "line - 1" wrapped to SIZE_MAX in the section loop.
    static const Registry reg = Registry::with_builtins();
    const char* inputs[] = {"##\n#", "#\n#\n#", "#", "\n\n#", "# \n## \n###", "#\n---\n#\n***\n", "# T\n\n#\n\ntext\n",
                            "- \n#\n-\n", "```\n```\n#", "# T\n## Timeline\n#\n- 10:00 x\n##\n", "# T\r\n#\r\n"};
    for (const char* text : inputs) {
        INFO(text);
        ReadRequest req;
        req.time_limit = std::chrono::milliseconds(5000);  // a hang would end in timed_out, not a stuck test
        const auto doc = read_document(reg, text, req);
        REQUIRE(doc.error != Errc::timed_out);
        REQUIRE(doc.ok());
        for (const auto& inc : doc.result.incidents) {
            for (const auto* w : reg.writers()) {
                const auto out = write_incident(reg, w->name(), inc, {});
                const auto back = read_document(reg, out.output, req);
                INFO(w->name() << ":\n" << out.output);
                REQUIRE(back.error != Errc::timed_out);
                REQUIRE(back.ok());
                Incident a = back.result.incidents.at(0), b = inc;
                a.source = b.source = Source{};
                CHECK(a == b);
            }
        }
    }
}

TEST_CASE("every block gets a line inside the body, text or not", "[hardening]") {
    const std::string text = "intro\n\n##\n\n---\n\n#\n\n- \n";
    const md::LineIndex lines(text);
    const auto blocks = md::outline(text, text, lines);
    std::vector<std::size_t> got;
    for (const auto& b : blocks) got.push_back(b.line);
    CHECK(got == std::vector<std::size_t>{1, 3, 5, 7, 9});
}

TEST_CASE("LineIndex::line_of with a nearby line answers what counting line breaks does", "[outline]") {
    std::mt19937 rng(56);
    for (int n = 0; n < 300; ++n) {
        std::string text;
        const auto len = rng() % 40;
        for (unsigned k = 0; k < len; ++k) text += "ab\n\n\r"[rng() % 5];
        const md::LineIndex lines(text);
        for (std::size_t offset = 0; offset <= text.size(); ++offset) {
            const auto want = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n')) + 1;
            REQUIRE(lines.line_of(offset) == want);
            for (std::size_t near = 0; near <= lines.line_count() + 2; ++near) {
                INFO('"' << text << "\" offset " << offset << " near " << near);
                REQUIRE(lines.line_of(offset, near) == want);
            }
        }
    }
}

TEST_CASE("the outline's plain text drops zero-width characters and keeps every other one", "[outline]") {
    // Paragraphs over letters, dashes and quotes (lead byte 0xE2, as the zero-width ones), a full-width mark
    // (0xEF, as the BOM) and the zero-width characters; the plain line is the text without the last.
    const std::vector<std::string> pieces = {"a", "b", " ", "\u2014", "\u2019", "\uFF01", "\u00e9", "\u200B",
                                             "\u200C", "\u200D", "\u2060", "\uFEFF", "\u2061", "\u200E"};
    const std::vector<std::string> zero_width = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"};
    std::mt19937 rng(55);
    int dropped = 0;
    for (int n = 0; n < 3000; ++n) {
        std::string text = "x", want = "x";
        const auto len = rng() % 12;
        for (unsigned k = 0; k < len; ++k) {
            const auto& p = pieces[rng() % pieces.size()];
            text += p;
            const bool zw = std::find(zero_width.begin(), zero_width.end(), p) != zero_width.end();
            if (!zw) want += p;
            dropped += zw;
        }
        text += "y";
        want += "y";
        const md::LineIndex lines(text);
        const auto blocks = md::outline(text, text, lines);
        INFO(text);
        REQUIRE(blocks.size() == 1);
        REQUIRE(blocks[0].lines.size() == 1);
        CHECK(blocks[0].lines[0] == want);
        CHECK(blocks[0].md_line(0) == text);  // the Markdown text keeps them
    }
    CHECK(dropped > 1000);
}

TEST_CASE("a deadline that has passed stops the read with timed_out", "[hardening]") {
    static const Registry reg = Registry::with_builtins();
    std::string big = "# T\n\n## Timeline\n\n";
    for (int i = 0; i < 20000; ++i) big += "- 10:00 event " + std::to_string(i) + "\n";
    ReadRequest req;
    req.options.deadline = Deadline(Deadline::clock::now() - std::chrono::seconds(1));
    const auto doc = read_document(reg, big, req);
    CHECK(doc.error == Errc::timed_out);
    REQUIRE(doc.result.diagnostics.size() == 1);
    CHECK(doc.result.diagnostics[0].message == "gave up: the read's deadline passed");
    ReadRequest limited;
    limited.time_limit = std::chrono::milliseconds(60000);
    CHECK(read_document(reg, big, limited).ok());
}

TEST_CASE("diagnostic messages are one bounded line, and making them so twice changes nothing", "[hardening]") {
    CHECK(one_line_message("a\nb\r\tc\x1e") == "a\\nb\\r\\tc\\x1E");
    std::string long_value(1000, 'x');
    long_value[397] = '\xC3';  // "ü" across the cut
    long_value[398] = '\xBC';
    const std::string once = one_line_message("value '" + long_value + "'");
    CHECK(once.size() <= 400);
    CHECK(once.substr(once.size() - 3) == "\xE2\x80\xA6");
    CHECK(one_line_message(once) == once);
    for (std::size_t cut = 390; cut < 410; ++cut) {
        const std::string m = one_line_message(std::string(cut, 'a') + "\xF0\x9F\x94\xA5" + std::string(50, 'b'));
        INFO(cut);
        CHECK(m.size() <= 400);
        CHECK(one_line_message(m) == m);
        CHECK((static_cast<unsigned char>(m[m.size() - 4]) & 0xC0) != 0xC0);  // no lead byte left dangling
    }
}

TEST_CASE("detection looks at a prefix cut at a character boundary, not mid-character", "[hardening]") {
    static const Registry reg = Registry::with_builtins();
    std::string text = "# Outage\n\n## Timeline\n\n";
    while (text.size() < 65535) text += "x";
    text += "\xC3\xBC rest\n";  // "ü" straddles byte 65536
    const auto choice = reg.detect(text, "r.md");
    REQUIRE(choice.reader != nullptr);
    CHECK(choice.reader->name() == "freeform");
    CHECK(utf8_prefix(text, 65536).size() == 65535);
}

TEST_CASE("clean_title drops leading dates, numbering and boilerplate, not the name", "[titles]") {
    std::optional<std::string> id;
    CHECK(incidentkit::clean_title("January 2020 - Media server outage for two weeks", id) ==
          "Media server outage for two weeks");
    CHECK(incidentkit::clean_title("January 20 - Media server outage", id) == "Media server outage");
    CHECK(incidentkit::clean_title("1. Incident on east.example.org nodes", id) == "Incident on east.example.org nodes");
    CHECK(incidentkit::clean_title("3 servers down in Frankfurt", id) == "3 servers down in Frankfurt");
    CHECK(incidentkit::clean_title("2024-03-05 Registry rollout broke logins", id) == "Registry rollout broke logins");
    CHECK(incidentkit::clean_title("Postmortem: [Public] Cache stampede", id) == "Cache stampede");
    // Each piece of boilerplate by each letter it can open with (the patterns are skipped by first byte), and a
    // first letter outside ASCII that (?i) folds onto one ("\u017F" is 's'): it is still tried.
    for (const char* t : {"Outage on 2024-03-05 - Cache down", "incident report for Cache down", "pir: Cache down",
                          "RCA - Cache down", "Security incident: Cache down", "\u017Fecurity incident: Cache down",
                          "Wed, 2024-03-05 Cache down", "Oct 5th, 2023: Cache down", "jan 5 - Cache down", "Jan 2020 - Cache down", "Sept. 2021: Cache down",
                          "5 March: Cache down", "crates.io Postmortem: Cache down", "[Public] Cache down",
                          "Retrospective - Cache down", "December 2021: Cache down", "Sat 2024-03-05 Cache down"}) {
        INFO(t);
        CHECK(incidentkit::clean_title(t, id) == "Cache down");
    }
    CHECK(incidentkit::clean_title("Zero-day: Cache down", id) == "Zero-day: Cache down");
}
