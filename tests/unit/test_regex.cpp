// rx::match, rx::consume and rx::full_match against RE2's Match, Consume and FullMatch: the same answer, length and groups
// for patterns of the shapes the readers use (end anchors inside alternations, \b, lazy and optional groups).
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "normalize/regex.hpp"

using namespace incidentkit;

namespace {

std::vector<std::string> generated_texts() {
    const std::vector<std::string> pieces = {"2024", "-", "03", "5", "12", ".", "/", "T", ":", ",", " ", " ", "\n",
                                             "Mar", "March", "Tue", "th", "of", "at", "a", "b", "x", "(", ")", "@",
                                             "\u2011", "\u00e9", "UTC", "+", "10:00", "PM"};
    std::mt19937 rng(3120);
    std::vector<std::string> out = {"", "2024-03-05", "2024-03-05T10:00", "5 March 2024, at 10:00", "Tue Mar 12th, 2024"};
    for (int n = 0; n < 60000; ++n) {
        std::string s;
        const auto len = rng() % 10;
        for (unsigned k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

TEST_CASE("rx::match, rx::consume and rx::full_match give what RE2 gives", "[regex]") {
    const RE2 patterns[] = {
        RE2("(\\d{4}[-/.\u2011]\\d{1,2}[-/.\u2011]\\d{1,2})(?:T|/|,?\\s+|$|:)"),
        RE2("(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(Mar|Jan)[a-z]*\\.?,?\\s+(\\d{4})?(?:,?\\s+(?:at\\s+)?|$|:)"),
        RE2("(?:(Tue|Mon)[a-z]*,?\\s+)?(Mar)[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b,?\\s*"),
        RE2("(.*?)\\s*\\(([^()]*)\\)\\s*"),
        RE2("^(.*?)\\s+(@[\\w.\\-]+)$"),
        RE2("(\\d+)(?::(\\d+))?\\s*(PM|AM)?\\s*(UTC|[+-]\\d+)?"),
        RE2("(a|ab)(b*)(x)?"),
        RE2("(a*)(?:$|a)"),  // on "aab" the groups are right only when the text past the match is seen
    };
    int consumed = 0, full = 0;
    for (const auto& text : generated_texts()) {
        for (const auto& re : patterns) {
            INFO('"' << text << "\" with " << re.pattern());
            std::string want[3], got[3];
            re2::StringPiece want_in(text), got_in(text);
            const bool want_c = RE2::Consume(&want_in, re, &want[0], &want[1], &want[2]) ||
                                RE2::Consume(&want_in, re, &want[0], &want[1]) || RE2::Consume(&want_in, re, &want[0]);
            const bool got_c = rx::consume(&got_in, re, &got[0], &got[1], &got[2]) ||
                               rx::consume(&got_in, re, &got[0], &got[1]) || rx::consume(&got_in, re, &got[0]);
            REQUIRE(got_c == want_c);
            if (want_c) {
                ++consumed;
                CHECK(got_in.data() == want_in.data());
                for (int i = 0; i < 3; ++i) CHECK(got[i] == want[i]);
            }
            std::string wf[3], gf[3];
            const bool want_f = RE2::FullMatch(text, re, &wf[0], &wf[1], &wf[2]) || RE2::FullMatch(text, re, &wf[0], &wf[1]) ||
                                RE2::FullMatch(text, re, &wf[0]);
            const bool got_f = rx::full_match(text, re, &gf[0], &gf[1], &gf[2]) || rx::full_match(text, re, &gf[0], &gf[1]) ||
                               rx::full_match(text, re, &gf[0]);
            REQUIRE(got_f == want_f);
            if (want_f) {
                ++full;
                for (int i = 0; i < 3; ++i) CHECK(gf[i] == wf[i]);
            }
            const re2::StringPiece all(text);
            for (const auto anchor : {RE2::ANCHOR_START, RE2::ANCHOR_BOTH}) {
                const std::size_t from = text.empty() ? 0 : (text.size() * 7 + 3) % (text.size() + 1);
                re2::StringPiece want_g[4], got_g[4];
                const bool want_m = re.Match(all, from, text.size(), anchor, want_g, 4);
                REQUIRE(rx::match(re, all, from, text.size(), anchor, got_g, 4) == want_m);
                for (int i = 0; want_m && i < 4; ++i) {
                    CHECK(got_g[i].data() == want_g[i].data());
                    CHECK(got_g[i].size() == want_g[i].size());
                }
            }
            re2::StringPiece a(text), b(text);
            REQUIRE(rx::consume(&a, re) == RE2::Consume(&b, re));
            CHECK(a.data() == b.data());
            CHECK(rx::full_match(text, re) == RE2::FullMatch(text, re));
        }
    }
    CHECK(consumed > 10000);
    CHECK(full > 1000);
}

TEST_CASE("rx::loosen_class_repeats leaves long class repetitions unbounded and everything else as written", "[regex]") {
    CHECK(rx::loosen_class_repeats(R"(\b(?:alle) Dienste\b[^.\n]{0,60}?(?:nicht))") == R"(\b(?:alle) Dienste\b[^.\n]{0,}?(?:nicht))");
    CHECK(rx::loosen_class_repeats("[^()]{1,80}x{0,60}") == "[^()]{1,}x{0,60}");  // only after a class
    CHECK(rx::loosen_class_repeats("(?:\\w+\\s+){0,30}[a-z]{1,9}\\d{4}") == "(?:\\w+\\s+){0,30}[a-z]{1,9}\\d{4}");
    CHECK(rx::loosen_class_repeats("\\]{0,20}\\{0,20}[x]{12,30}") == "\\]{0,20}\\{0,20}[x]{12,}");
    // Braces inside a class or quoted text are literal (a review's counterexamples: loosened, each matched less).
    CHECK(rx::loosen_class_repeats("[[:alpha:]{0,10}]") == "[[:alpha:]{0,10}]");
    CHECK(rx::loosen_class_repeats("[]{0,60}]") == "[]{0,60}]");
    CHECK(rx::loosen_class_repeats("[^]{0,60}]x") == "[^]{0,60}]x");
    CHECK(rx::loosen_class_repeats("\\Qa]{0,10}\\E[a]{0,10}") == "\\Qa]{0,10}\\E[a]{0,}");
    CHECK(rx::loosen_class_repeats("[\\]]{0,10}") == "[\\]]{0,}");
    // Looser, never stricter: wherever the pattern matches, the loosened one does (and the short texts hold
    // some the pattern rejects, which the loosened one takes).
    const std::vector<std::string> patterns = {"a[^.\\n]{0,12}?b", "(?i)\\ball\\b[^.;\\n]{0,10}\\bdown", "x[0-9]{2,10}y",
                                               "[ab]{1,10}c|d", "[[:alpha:]{0,10}]", "[]{0,60}]", "\\Qa]{0,10}\\E"};
    const std::vector<std::string> alphabet = {"a", "b", "c", "d", "x", "y", "1", ".", "\n", " ", "all", "down", "\u00e9",
                                               "6", "]", "a]{0,10}"};
    std::mt19937 rng(63);
    int matched = 0, only_loose = 0;
    for (const auto& p : patterns) {
        const RE2 strict(p), loose(rx::loosen_class_repeats(p));
        REQUIRE(strict.ok());
        REQUIRE(loose.ok());
        for (int n = 0; n < 5000; ++n) {
            std::string text;
            for (unsigned k = rng() % 50; k > 0; --k) text += alphabet[rng() % alphabet.size()];
            const bool s = RE2::PartialMatch(text, strict), l = RE2::PartialMatch(text, loose);
            INFO(p << " on \"" << text << '"');
            REQUIRE((!s || l));
            matched += s;
            only_loose += l && !s;
        }
    }
    CHECK(matched > 1000);
    CHECK(only_loose > 20);
}
