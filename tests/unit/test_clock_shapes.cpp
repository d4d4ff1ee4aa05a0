// The clock-time scanners against the RE2 patterns they replace: the same length and groups on every
// generated text; find_zone_declaration against the word-start search it replaces.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "extract/clock_shapes.hpp"
#include "extract/timeline.hpp"
#include "normalize/normalize.hpp"
#include "normalize/text.hpp"

using namespace incidentkit;
namespace cs = incidentkit::clock_shapes;

namespace {

#define DASH "(?:-|\u2010|\u2011|\u2012|\u2013|\u2014|\u2015|\u2212|\u2192|->|=>)"

// Texts over the pieces these shapes are made of; fixed seed, so a failure repeats.
std::vector<std::string> generated_texts() {
    const std::vector<std::string> pieces = {
        "0", "1", "2", "5", "9", "12", ":", ".", ",", " ", " ", "\t", "a", "A", "p", "P", "m", "M", "Z", "UTC", "GMT",
        "U", "T", "C", "+", "-", "(", ")", "[", "]", "`", "*", "_", "~", "x", "\u00e9", "\u2014", "\u2013", "\u2192",
        "\u2212", "=>", "->", "to", "until", "till", "at", "Uhr", "|", "PST", "CEST", "ABCDEF", "\n"};
    std::mt19937 rng(424242);
    std::vector<std::string> out = {"", "14:05", "9:27a", "9pm", "11 a.m.", "12.39UTC", "1625 UTC", "10:00 Uhr",
                                    "(UTC+5:30)", "UTC+123x", "Zulu", " Z", "+05:30", "14:02 \u2192 14:37"};
    const std::vector<std::string> digits = {"", "0", "1", "9", "12", "23", "123", "1234"}, seps = {":", ":", ".", "", " "};
    for (int n = 0; n < 150000; ++n) {
        std::string s;
        if (n % 2) {  // half open like a clock time: digits, a separator, digits
            s = digits[1 + rng() % (digits.size() - 1)] + seps[rng() % seps.size()] + digits[rng() % digits.size()];
            if (rng() % 3 == 0) s += ":" + digits[rng() % digits.size()];
        }
        const auto len = rng() % 7;
        for (unsigned k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
        out.push_back(std::move(s));
    }
    return out;
}

std::size_t consumed(const re2::StringPiece& before, const re2::StringPiece& after) {
    return static_cast<std::size_t>(after.data() - before.data());
}

}  // namespace

TEST_CASE("clock scanners read what their patterns read", "[clock_shapes]") {
    struct Form {
        const char* name;
        RE2 re;
        std::function<std::optional<cs::Clock>(std::string_view)> scan;
        int groups;  // hour, minute, second, meridiem in the pattern's order
    };
    Form forms[] = {
        {"hour_minute", RE2("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?(?:\\s?([AaPp])\\.?[Mm]\\.?(?:\\W|$))?"),
         cs::hour_minute, 4},
        {"hour_meridiem", RE2("(\\d{1,2})\\s?([AaPp])\\.?[Mm]\\.?(?:\\W|$)"), cs::hour_meridiem, 2},
        {"short_meridiem", RE2("(\\d{1,2}):(\\d{2})([AaPp])(?:\\W|$)"), cs::short_meridiem, 3},
        {"dotted", RE2("(\\d{1,2})\\.(\\d{2})"), cs::dotted, 2},
        {"military", RE2("(\\d{2})(\\d{2})\\b"), cs::military, 2},
    };
    int matched = 0;
    for (const auto& text : generated_texts()) {
        for (auto& f : forms) {
            re2::StringPiece in(text), start = in;
            std::string g[4];
            bool want = false;
            if (f.groups == 4) want = RE2::Consume(&in, f.re, &g[0], &g[1], &g[2], &g[3]);
            if (f.groups == 3) want = RE2::Consume(&in, f.re, &g[0], &g[1], &g[3]);
            if (f.groups == 2 && std::string(f.name) == "hour_meridiem") want = RE2::Consume(&in, f.re, &g[0], &g[3]);
            else if (f.groups == 2) want = RE2::Consume(&in, f.re, &g[0], &g[1]);
            const auto got = f.scan(text);
            INFO(f.name << " on \"" << text << '"');
            REQUIRE(got.has_value() == want);
            if (!want) continue;
            ++matched;
            CHECK(got->length == consumed(start, in));
            CHECK(std::string(got->hour) == g[0]);
            CHECK(std::string(got->minute) == g[1]);
            CHECK(std::string(got->second) == g[2]);
            CHECK(std::string(got->meridiem) == g[3]);
        }
    }
    CHECK(matched > 5000);
}

TEST_CASE("zone scanners read what their patterns read", "[clock_shapes]") {
    static const RE2 zone{"(\\s*)\\(?(Z|[+-]\\d{2}:?\\d{2}|(?:UTC|GMT)(?:\\s?[+-]\\d{1,2}(?::?\\d{2})?)?|[A-Z]{2,5})\\b\\)?"};
    static const RE2 uhr{"\\s*Uhr\\b"};
    int zones = 0;
    for (const auto& text : generated_texts()) {
        re2::StringPiece in(text), start = in;
        std::string space, z;
        const bool want = RE2::Consume(&in, zone, &space, &z);
        const auto got = cs::zone(text);
        INFO("zone on \"" << text << '"');
        REQUIRE(got.has_value() == want);
        if (want) {
            ++zones;
            CHECK(got->length == consumed(start, in));
            CHECK(std::string(got->space) == space);
            CHECK(std::string(got->zone) == z);
        }
        re2::StringPiece u(text), ustart = u;
        const bool want_uhr = RE2::Consume(&u, uhr);
        const auto got_uhr = cs::uhr(text);
        REQUIRE(got_uhr.has_value() == want_uhr);
        if (want_uhr) CHECK(*got_uhr == consumed(ustart, u));
    }
    CHECK(zones > 5000);
}

TEST_CASE("mark and separator scanners read what their patterns read", "[clock_shapes]") {
    struct Always {
        const char* name;
        RE2 re;
        std::size_t (*scan)(std::string_view);
    };
    Always always[] = {{"lead", RE2("[\\s\\[(`*_~]*"), cs::lead},
                       {"close", RE2("[`*_]*[\\])]?[`*_]*"), cs::close},
                       {"filler", RE2("[`*_]*\\s*(?:at\\s+)?[`*_]*"), cs::filler},
                       {"separator", RE2("\\s*(?:" DASH "|:|\\|)?\\s*"), cs::separator}};
    struct Maybe {
        const char* name;
        RE2 re;
        std::optional<std::size_t> (*scan)(std::string_view);
    };
    Maybe maybe[] = {{"range_separator", RE2("\\s*(?:" DASH "|to|until|till)\\s*"), cs::range_separator},
                     {"date_separator", RE2("[`*_]*\\s*(?::|-|\u2013|\u2014)"), cs::date_separator}};
    int nonempty = 0;
    for (const auto& text : generated_texts()) {
        for (auto& f : always) {
            re2::StringPiece in(text), start = in;
            REQUIRE(RE2::Consume(&in, f.re));
            INFO(f.name << " on \"" << text << '"');
            REQUIRE(f.scan(text) == consumed(start, in));
            nonempty += consumed(start, in) > 0;
        }
        for (auto& f : maybe) {
            re2::StringPiece in(text), start = in;
            const bool want = RE2::Consume(&in, f.re);
            const auto got = f.scan(text);
            INFO(f.name << " on \"" << text << '"');
            REQUIRE(got.has_value() == want);
            if (want) CHECK(*got == consumed(start, in));
        }
    }
    CHECK(nonempty > 10000);
}

namespace {

// find_zone_declaration as it was before it looked for "time" from its 'm': every word start of "all" or
// "time" tried, in order.
std::string zone_declaration_by_word_starts(std::string_view txt) {
    static const RE2 decl{kZoneSentencePattern};
    static const RE2 key{kZoneKeyPattern};
    std::string zone;
    const re2::StringPiece all(txt.data(), txt.size());
    text::WordStarts starts(txt, {"all", "time"});
    std::size_t past = 0;
    re2::StringPiece m[2];
    for (auto at = starts.next(); at != std::string_view::npos; at = starts.next()) {
        if (at < past || !decl.Match(all, at, txt.size(), RE2::ANCHOR_START, m, 2)) continue;
        past = at + m[0].size();
        zone.assign(m[1].data(), m[1].size());
        const bool abbreviation = zone.size() <= 5 && zone.find_first_of("0123456789+-/") == std::string::npos;
        if (abbreviation && zone.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) continue;
        if (resolve_zone(zone)) return zone;
    }
    if (RE2::PartialMatch(all, key, &zone) && resolve_zone(zone)) return zone;
    return {};
}

}  // namespace

TEST_CASE("find_zone_declaration finds what trying every word start of 'all' and 'time' finds", "[timeline][zone]") {
    const std::vector<std::string> pieces = {
        "All", "all", "ALL", "time", "Times", "TIME", "times", "timeline", "sometime", "-", " ", "  ", "\n", "\t",
        "are", "in", "as", "the", "shown", "UTC", "utc", "PST", "est", "EST", "CET", "Europe/Berlin", "+02:00",
        "utc+2", "eastern time", "Pacific", "zone", "Time zone:", "timezone=", "Z", "x", "_", ".", "all-time", "m"};
    std::mt19937 rng(41);
    std::size_t differ = 0, found = 0;
    for (int n = 0; n < 30000; ++n) {
        std::string s;
        const auto len = rng() % 12;
        for (std::size_t k = 0; k < len; ++k) {
            s += pieces[rng() % pieces.size()];
            if (rng() % 3 != 0) s += ' ';
        }
        const auto want = zone_declaration_by_word_starts(s);
        differ += find_zone_declaration(s) != want;
        found += !want.empty();
    }
    CHECK(differ == 0);
    CHECK(found > 1000);  // the texts declare zones often enough to compare something
}
