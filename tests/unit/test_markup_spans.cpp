// The markup-span scanners against the RE2::GlobalReplace they replace: every generated text must come out the same.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "extract/markup_spans.hpp"

using namespace incidentkit;

namespace {

// Texts over the characters these spans turn on (line breaks, blanks, multi-byte characters included); fixed
// seed, so a failure repeats.
std::vector<std::string> generated_texts() {
    const std::vector<std::string> alphabet = {" ", "\n", "\t", "\r", "\f", "\v", "!", "[", "]", "(", ")", "`", "<", ">", "a",
                                               "http", "https", "://", "s", ":", "/", "\u00e9", "\u2014", "x y", "](", "![", "[a](b)",
                                               "```", "~~~", "~", "<!--", "-->", "-", "*", "*Note", "\n*Read this", "T"};
    std::mt19937 rng(20261203);
    std::vector<std::string> out = {"", "![alt](img.png) text", "see [the doc](https://x.y/z) now", "`code` and `more`",
                                    "<b>bold</b>", "a <> b", "http://", "https://example.com/a?b", "[a [b](c)",
                                    "![a ![b](c)", "``", "`a\nb`", "<a\nb>", "[x]\n(y)", "[[[[[[[[", "httphttps://q"};
    for (int n = 0; n < 100000; ++n) {
        std::string s;
        const auto len = rng() % 24;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        out.push_back(std::move(s));
    }
    return out;
}

struct Form {
    const char* name;
    const char* pattern;
    const char* rewrite;
    void (*scan)(std::string&);
};

}  // namespace

TEST_CASE("markup-span scanners rewrite exactly what RE2::GlobalReplace rewrites", "[markup_spans]") {
    const Form forms[] = {
        {"fenced code", "(?s)```.*?(?:```|\\z)|~~~.*?(?:~~~|\\z)", "\n", md::drop_fenced_code},
        {"comments", "(?s)<!--.*?-->", " ", md::drop_comments},
        {"instruction lines", "(?m)^\\*[A-Z][^*\\n]{10,}\\*\\s*$", "", md::drop_instruction_lines},
        {"images", R"(!\[[^\]]*\]\([^)]*\))", " ", md::drop_images},
        {"links", R"(\[([^\]]*)\]\([^)]*\))", "\\1", md::unwrap_links},
        {"urls", R"(https?://\S+)", " ", md::drop_urls},
        {"inline code", "`[^`\\n]*`", " CODE ", md::mark_inline_code},
        {"tags", R"(<[^>\n]+>)", " ", md::drop_tags},
    };
    const auto texts = generated_texts();
    for (const auto& f : forms) {
        INFO(f.name);
        const RE2 re(f.pattern);
        REQUIRE(re.ok());
        int rewritten = 0;
        for (const auto& text : texts) {
            std::string want = text, got = text;
            rewritten += RE2::GlobalReplace(&want, re, f.rewrite) > 0;
            f.scan(got);
            INFO('"' << text << '"');
            REQUIRE(got == want);
        }
        CHECK(rewritten > 500);  // the generator reaches texts with matches
    }
}

TEST_CASE("markup-span scanners stay linear on texts full of openers", "[markup_spans]") {
    // A quadratic rescan from every '[' would take minutes here; the scanners resume past what failed.
    std::string brackets(1 << 20, '[');
    md::unwrap_links(brackets);
    CHECK(brackets.size() == std::size_t{1} << 20);
    std::string ticks(1 << 20, '<');
    md::drop_tags(ticks);
    CHECK(ticks.size() == std::size_t{1} << 20);
    std::string comments;
    for (int i = 0; i < 200000; ++i) comments += "<!--";
    md::drop_comments(comments);
    CHECK(comments.size() == 800000);
    std::string lines;
    for (int i = 0; i < 200000; ++i) lines += "*Almost an instruction\n";
    md::drop_instruction_lines(lines);
    CHECK(lines.size() == 200000 * 23);
    std::string link = "[a](b) [c](d)";
    md::unwrap_links(link);
    CHECK(link == "a c");
}
