// Normalizers: severity, status, type, people, action status, priority, customer impact, durations.
#include <catch2/catch.hpp>

#include <random>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"

using namespace incidentkit;

TEST_CASE("normalize_severity accepts every common notation", "[normalize][severity]") {
    struct Case {
        const char* raw;
        int level;
        const char* label;
    };
    const Case cases[] = {
        {"sev2", 2, "SEV2"},  {"SEV-2", 2, "SEV2"},   {"Sev 2", 2, "SEV2"},    {"S2", 2, "SEV2"},
        {"P2", 2, "P2"},      {"p0", 0, "P0"},        {"SEV0", 0, "SEV0"},     {"2", 2, "SEV2"},
        {"critical", 1, "SEV1"}, {"High", 2, "SEV2"}, {"major", 2, "SEV2"},    {"medium", 3, "SEV3"},
        {"moderate", 3, "SEV3"}, {"low", 4, "SEV4"},  {"minor", 4, "SEV4"},    {"informational", 5, "SEV5"},
        {"SEV\u20111", 1, "SEV1"}, {"Severity 3", 3, "SEV3"}, {"sev_4", 4, "SEV4"},
    };
    for (const auto& c : cases) {
        INFO(c.raw);
        const auto s = normalize_severity(c.raw);
        REQUIRE(s.level);
        CHECK(*s.level == c.level);
        CHECK(s.label == std::optional<std::string>(c.label));
        CHECK(s.raw == c.raw);
    }
}

TEST_CASE("normalize_severity never guesses", "[normalize][severity]") {
    for (const char* raw : {"urgent-ish", "sev9", "P7", "banana", ""}) {
        INFO(raw);
        const auto s = normalize_severity(raw);
        CHECK_FALSE(s.level);
        CHECK_FALSE(s.label);
    }
}

TEST_CASE("normalize_status folds synonyms and keeps other words", "[normalize][status]") {
    CHECK(normalize_status("Resolved \u2705") == "resolved");
    CHECK(normalize_status("post-mortem") == "postmortem");
    CHECK(normalize_status("Post Mortem") == "postmortem");
    CHECK(normalize_status("MONITORING") == "monitoring");
    CHECK(normalize_status("Investigating") == "investigating");
    CHECK(normalize_status("Closed") == "closed");
    CHECK(normalize_status("Draft") == "draft");
    CHECK(normalize_status("In Review") == "in review");
}

TEST_CASE("normalize_type", "[normalize]") {
    CHECK(normalize_type("inc") == "incident");
    CHECK(normalize_type("Post-Mortem") == "postmortem");
    CHECK(normalize_type("Security Event") == "security event");
}

TEST_CASE("normalize_person splits names and handles", "[normalize][people]") {
    CHECK(normalize_person("@onni") == Person{"onni", "@onni"});
    CHECK(normalize_person("Dave") == Person{"Dave", std::nullopt});
    CHECK(normalize_person("Alice Nguyen (@alice)") == Person{"Alice Nguyen", "@alice"});
    CHECK(normalize_person("@alice (Alice Nguyen)") == Person{"Alice Nguyen", "@alice"});
    CHECK(normalize_person("  SRE Team ") == Person{"SRE Team", std::nullopt});
    CHECK(normalize_person("Jürgen Müller") == Person{"Jürgen Müller", std::nullopt});
    CHECK_FALSE(normalize_person("   "));
}

TEST_CASE("normalize_action_status", "[normalize][status]") {
    CHECK(normalize_action_status("done") == "done");
    CHECK(normalize_action_status("\u2705 Done") == "done");
    CHECK(normalize_action_status("\u2705") == "done");
    CHECK(normalize_action_status("completed") == "done");
    CHECK(normalize_action_status("in-progress") == "in_progress");
    CHECK(normalize_action_status("In Progress") == "in_progress");
    CHECK(normalize_action_status("WIP") == "in_progress");
    CHECK(normalize_action_status("pending") == "todo");
    CHECK(normalize_action_status("TODO") == "todo");
    CHECK(normalize_action_status("Not started") == "todo");
    CHECK(normalize_action_status("Blocked") == "blocked");
    CHECK(normalize_action_status("Won't do") == "cancelled");
    CHECK(normalize_action_status("Won\u2019t do") == "cancelled");
    CHECK(normalize_action_status("wontfix") == "cancelled");
    CHECK(normalize_action_status("canceled") == "cancelled");
    CHECK_FALSE(normalize_action_status("maybe later"));
}

TEST_CASE("normalize_priority", "[normalize][priority]") {
    CHECK(normalize_priority("P0") == "critical");
    CHECK(normalize_priority("P1") == "high");
    CHECK(normalize_priority("HIGH") == "high");
    CHECK(normalize_priority("P2") == "medium");
    CHECK(normalize_priority("Medium") == "medium");
    CHECK(normalize_priority("P3") == "low");
    CHECK(normalize_priority("Priority: low") == std::nullopt);  // the key is the caller's business
    CHECK(normalize_priority("priority high") == "high");
    CHECK_FALSE(normalize_priority("soonish"));
}

TEST_CASE("normalize_customer_impact", "[normalize]") {
    CHECK(normalize_customer_impact("degraded") == "degraded");
    CHECK(normalize_customer_impact("Degraded Performance") == "degraded");
    CHECK(normalize_customer_impact("partial") == "partial_outage");
    CHECK(normalize_customer_impact("partial-outage") == "partial_outage");
    CHECK(normalize_customer_impact("outage") == "full_outage");
    CHECK(normalize_customer_impact("major-outage") == "full_outage");
    CHECK(normalize_customer_impact("None") == "none");
    CHECK(normalize_customer_impact("Some Users") == "some users");
}

TEST_CASE("parse_duration_minutes", "[normalize][durations]") {
    CHECK(parse_duration_minutes("93") == 93);
    CHECK(parse_duration_minutes("30 minutes") == 30);
    CHECK(parse_duration_minutes("~93 min") == 93);
    CHECK(parse_duration_minutes("1h 13m") == 73);
    CHECK(parse_duration_minutes("1 h 13 m") == 73);
    CHECK(parse_duration_minutes("2 hours 5 minutes") == 125);
    CHECK(parse_duration_minutes("1 hour") == 60);
    CHECK(parse_duration_minutes("42 minutes 17 seconds") == 42);
    CHECK(parse_duration_minutes("1.5 hours") == 90);
    CHECK(parse_duration_minutes("PT1H30M") == 90);
    CHECK(parse_duration_minutes("2 days") == 2880);
    CHECK(parse_duration_minutes("30 minutes of degraded service (14:45-15:15 UTC)") == 30);
    CHECK_FALSE(parse_duration_minutes("a while"));
    CHECK_FALSE(parse_duration_minutes(""));
}

TEST_CASE("text helpers", "[text]") {
    CHECK(text::has_digit("Outage 2"));
    CHECK(text::has_digit("9"));
    CHECK_FALSE(text::has_digit("Timeline \u00bd"));  // no ASCII digit: a fraction is none
    CHECK_FALSE(text::has_digit(""));
    CHECK(text::key_form("Post\u2011Mortem  ") == "post mortem");
    CHECK(text::snake_case("Users Affected") == "users_affected");
    CHECK(text::fold_punctuation("2024\u201103\u201115") == "2024-03-15");
    CHECK(text::strip_symbols("Resolved \u2705") == "Resolved ");
    CHECK(text::split_lines("a\r\nb\nc").size() == 3);
}

TEST_CASE("next_line walks the lines split_lines gives", "[text]") {
    // Every text of up to six bytes over {a, \r, \n}: a trailing '\r', an empty last line, "\r\n" and a lone '\r'.
    const char alphabet[] = {'a', '\r', '\n'};
    for (int len = 0; len <= 6; ++len) {
        int total = 1;
        for (int k = 0; k < len; ++k) total *= 3;
        for (int code = 0; code < total; ++code) {
            std::string s;
            for (int k = 0, c = code; k < len; ++k, c /= 3) s += alphabet[c % 3];
            std::vector<std::string_view> walked;
            for (std::size_t pos = 0; pos < s.size();) walked.push_back(text::next_line(s, pos));
            INFO(s);
            CHECK(walked == text::split_lines(s));
        }
    }
}

TEST_CASE("append_utf8 writes every length of sequence, and utf8_length_at reads it back") {
    for (std::uint32_t cp : {0x41u, 0xA0u, 0x85u, 0x7FFu, 0x800u, 0x5B50u, 0xFFFFu, 0x10000u, 0x1F600u, 0x10FFFFu}) {
        std::string s;
        incidentkit::text::append_utf8(s, cp);
        CHECK(s.size() == (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u));
        CHECK(incidentkit::text::utf8_length_at(s, 0) == s.size());
    }
    std::string nbsp;
    incidentkit::text::append_utf8(nbsp, 0xA0);
    CHECK(nbsp == "\xC2\xA0");
}

TEST_CASE("month_number reads names and their abbreviations") {
    CHECK(incidentkit::text::month_number("Mar") == 3);
    CHECK(incidentkit::text::month_number("september") == 9);
    CHECK(incidentkit::text::month_number("Dec.") == 12);
    CHECK(incidentkit::text::month_number("Mon") == 0);
    CHECK(incidentkit::text::month_number("") == 0);
}

TEST_CASE("pointer_token escapes ~ and / as RFC 6901 says") {
    CHECK(incidentkit::text::pointer_token("a/b~c") == "a~1b~0c");
    CHECK(incidentkit::text::pointer_token("plain") == "plain");
}

TEST_CASE("normalize_line_breaks makes every text value's breaks LF, extra and source aside", "[normalize]") {
    Incident inc;
    inc.summary = "a\rb\r\nc\n\rd";
    inc.title = "no breaks";
    inc.timeline.push_back({});
    inc.timeline[0].event = "x\r";
    inc.sections.push_back({"H\r\nI", "m\rn"});
    inc.extra["note"] = "kept\ras written";
    normalize_line_breaks(inc);
    CHECK(*inc.summary == "a\nb\nc\n\nd");  // CR LF is one break; LF CR is two
    CHECK(*inc.title == "no breaks");
    CHECK(inc.timeline[0].event == "x\n");
    CHECK(inc.sections[0].heading == "H\nI");
    CHECK(inc.sections[0].markdown == "m\nn");
    CHECK(inc.extra["note"] == "kept\ras written");
}

TEST_CASE("contains_folded finds a lower-case needle in either case, as lower() and find() do", "[normalize][text]") {
    CHECK(text::contains_folded("Time Zone: UTC", "zone"));
    CHECK(text::contains_folded("TIMEZONE=UTC", "zone"));
    CHECK_FALSE(text::contains_folded("Times are in UTC", "zone"));
    CHECK_FALSE(text::contains_folded("zon", "zone"));  // shorter than the needle
    CHECK(text::contains_folded("anything", ""));
    // Every text over a small alphabet up to 6 letters long, against the reading it replaces.
    const std::string alphabet = "zZoOnNe-";
    std::size_t compared = 0, differ = 0;
    for (std::size_t len = 0; len <= 6; ++len) {
        std::vector<std::size_t> digits(len, 0);
        for (bool more = true; more;) {
            std::string s;
            for (const auto d : digits) s += alphabet[d];
            for (const std::string_view needle : {"zone", "one", "z", "ne-"}) {
                differ += text::contains_folded(s, needle) != (text::lower(s).find(needle) != std::string::npos);
                ++compared;
            }
            more = false;
            for (std::size_t k = 0; k < len && !more; ++k) {
                if (++digits[k] < alphabet.size()) more = true;
                else digits[k] = 0;
            }
        }
    }
    CHECK(differ == 0);
    CHECK(compared > 4 * 262144);
}

TEST_CASE("fold_punctuation folds dashes and no-break spaces wherever they fall among ASCII runs", "[normalize][text]") {
    // ASCII is passed eight bytes at a time: a folded character at every offset within and after those steps.
    const std::vector<std::pair<std::string, std::string>> pieces = {
        {"a", "a"}, {" ", " "}, {"\xe2\x80\x90", "-"}, {"\xe2\x80\x94", "-"}, {"\xe2\x88\x92", "-"},
        {"\xc2\xa0", " "}, {"\xc3\xbc", "\xc3\xbc"}, {"\xe2\x9c\x85", "\xe2\x9c\x85"}, {"7", "7"}};
    std::mt19937 rng(29);
    std::size_t differ = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string in, want;
        const auto len = rng() % 30;
        for (std::size_t k = 0; k < len; ++k) {
            const auto& [from, to] = pieces[rng() % 4 == 0 ? rng() % pieces.size() : rng() % 2];
            in += from;
            want += to;
        }
        differ += text::fold_punctuation(in) != want;
    }
    CHECK(differ == 0);
}

TEST_CASE("digits_value reads a run of ASCII digits as std::stoi does", "[normalize]") {
    std::mt19937 rng(67);
    for (int n = 0; n < 20000; ++n) {
        std::string digits(1 + rng() % 9, '0');
        for (auto& c : digits) c = static_cast<char>('0' + rng() % 10);
        INFO(digits);
        CHECK(text::digits_value(digits) == std::stoi(digits));
    }
    CHECK(text::digits_value("09") == 9);
    CHECK(text::digits_value("") == 0);  // a group that was not written
}
