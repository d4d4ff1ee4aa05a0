// The prose helpers of the impact classifier against the plain versions they replace: the same text out.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "extract/impact_words.hpp"
#include "extract/items.hpp"
#include "extract/markup_spans.hpp"
#include "extract/metric_number.hpp"
#include "extract/updates.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

using namespace incidentkit;

namespace {

// impact_scope as it was before its headings were pre-checked: the heading pattern on every heading.
std::string impact_scope_reference(std::string_view markdown) {
    std::string out;
    static const RE2 impact_head{R"re((?i)impact|affected|auswirkung|impacto|user experience|what happened)re"};
    static const RE2 not_impact{R"re((?i)assets? affected|affected (?:crates|components|files|versions))re"};
    static const RE2 field{R"re((?i)^\s*(?:[-*]\s*)?\**(?:customer |user )?impact\**\s*:?\**\s*:\s*(.*)$)re"};
    static const RE2 row{R"re((?i)^\|\s*impact\s*\|(.*)$)re"};
    const auto lines = text::split_lines(markdown);
    auto level = [](std::string_view l) {
        std::size_t n = 0;
        while (n < l.size() && l[n] == '#') ++n;
        return n >= 1 && n <= 6 && n < l.size() && l[n] == ' ' ? n : 0;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::size_t lv = level(lines[i]);
        if (lv) {
            const std::string h(lines[i].substr(lv));
            if (!RE2::PartialMatch(h, impact_head) || RE2::PartialMatch(h, not_impact)) continue;
            std::string part;
            for (std::size_t j = i + 1; j < lines.size() && part.size() < 3000; ++j) {
                const std::size_t l2 = level(lines[j]);
                if (l2 && l2 <= lv) break;
                part.append(lines[j]);
                part += '\n';
            }
            out += part;
            continue;
        }
        std::string rest;
        if (rx::full_match(lines[i], field, &rest) || rx::full_match(lines[i], row, &rest)) {
            out += rest;
            for (std::size_t j = i + 1; j < lines.size() && !text::trim(lines[j]).empty() && out.size() < 6000; ++j) {
                if (lines[j].find("**") != std::string_view::npos && lines[j].find(':') != std::string_view::npos) break;
                out += "\n";
                out.append(lines[j]);
            }
            out += "\n";
        }
    }
    return out;
}

// clean_prose as it was before texts without MDX statements skipped the line split.
std::string clean_prose_reference(std::string_view markdown) {
    std::string out(markdown);
    static const RE2 shortcode{R"re(\{\{[<%].*?[>%]\}\})re"};
    static const RE2 ref_link{R"re(\[([^\]]*)\]\[[^\]]*\])re"};
    static const RE2 link_def{R"re((?m)^\[[^\]]+\]:\s*\S+.*$)re"};
    static const RE2 abbrev{R"re((?i)\b(e)\.g\.|\b(i)\.e\.)re"};
    md::drop_fenced_code(out);
    md::drop_comments(out);
    std::string kept;
    bool in_js = false;
    for (const auto line : text::split_lines(out)) {
        const bool starts_js = line.rfind("import ", 0) == 0 || line.rfind("export ", 0) == 0;
        if (starts_js) {
            in_js = true;
        } else if (in_js && !line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '}') {
            in_js = false;
        }
        if (!in_js) {
            kept.append(line);
            kept += '\n';
        } else if (!line.empty() && line[0] == '}') {
            in_js = false;
        }
    }
    out = std::move(kept);
    RE2::GlobalReplace(&out, shortcode, " ");
    md::drop_images(out);
    md::unwrap_links(out);
    RE2::GlobalReplace(&out, ref_link, "\\1");
    RE2::GlobalReplace(&out, link_def, "");
    md::drop_urls(out);
    RE2::GlobalReplace(&out, abbrev, "\\1\\2");
    md::mark_inline_code(out);
    md::drop_tags(out);
    md::drop_instruction_lines(out);
    return out;
}

// strip_site_markup as it was before lines were pre-checked: both patterns on every line.
std::string strip_site_markup_reference(std::string_view markdown) {
    static const RE2 markup{
        "\\s*(?:<!--.*-->|\\{\\{[<%].*[>%]\\}\\}|import\\s.+\\sfrom\\s+['\"].+['\"];?|export\\s+(?:const|default|function)\\b.*|"
        "</?[A-Z][A-Za-z0-9.]*(?:\\s[^>]*)?/?>)\\s*"};
    static const RE2 inline_shortcode{"\\s*\\{\\{[<%][^}]*[>%]\\}\\}"};
    std::string out;
    int blank = 0;
    for (const auto line : text::split_lines(markdown)) {
        if (RE2::FullMatch(re2::StringPiece(line.data(), line.size()), markup)) continue;
        std::string l(line);
        RE2::GlobalReplace(&l, inline_shortcode, "");
        if (text::trim(l).empty()) {
            ++blank;
            continue;
        }
        if (!out.empty()) out += blank > 0 ? "\n\n" : "\n";
        blank = 0;
        out += l;
    }
    return std::string(text::trim(out));
}

}  // namespace

TEST_CASE("impact_scope: headings pre-checked by their words read as the pattern reads them", "[prose]") {
    // Heading words in every case, the two characters (?i) folds with ASCII letters (U+212A KELVIN SIGN with
    // 'k', U+017F LONG S with 's'), the headings that are no impact section, and body lines.
    const std::vector<std::string> heading_words = {
        "Impact", "IMPACT", "Customer impact", "impacto", "Auswirkung", "AUSWIR\u212AUNG", "User Experience",
        "U\u017Fer experience", "What happened", "WHAT HAPPENED", "Who was affected", "Assets affected",
        "Affected crates", "Affected versions", "Timeline", "Root cause", "Impakt", "affect", "What happen",
        "user  experience", "\u00c9tat", "Ausfall"};
    const std::vector<std::string> body_lines = {
        "Users could not log in.", "", "**Impact**: all requests failed", "- Customer impact: slow pages",
        "| Impact | high |", "Some text with impact in it.", "**Duration**: 2h", "#not a heading", "####### seven"};
    std::mt19937 rng(42);
    for (int doc = 0; doc < 400; ++doc) {
        std::string md;
        const int lines = 1 + static_cast<int>(rng() % 14);
        for (int l = 0; l < lines; ++l) {
            if (rng() % 3 == 0) {
                md += std::string(1 + rng() % 3, '#') + " " + heading_words[rng() % heading_words.size()];
                if (rng() % 4 == 0) md += " and " + heading_words[rng() % heading_words.size()];
            } else {
                md += body_lines[rng() % body_lines.size()];
            }
            md += rng() % 5 == 0 ? "\r\n" : "\n";
        }
        INFO(md);
        CHECK(impact_scope(md) == impact_scope_reference(md));
    }
    // The folded spellings are read as the pattern reads them: an impact section.
    CHECK(impact_scope("## AUSWIR\u212AUNG\nAlles war langsam.\n") == "Alles war langsam.\n");
    CHECK(impact_scope("## U\u017Fer experience\nPages were slow.\n## Timeline\n") == "Pages were slow.\n");
    CHECK(impact_scope("## Affected crates\nfoo\n").empty());
}

TEST_CASE("clean_prose: texts with and without MDX statements come out as the line-by-line version gave them", "[prose]") {
    const std::vector<std::string> alphabet = {"\n", "\n", "\r", "\r\n", "import x from 'y';", "export const a = {", "}",
                                               "  k: 1,", "\tv", "import", "export ", "text", "e.g. this", "[a](b)",
                                               "```", "<!-- c -->", " ", "*Note this down here*", "\u00e9",
                                               "[a][b]", "]", "[", "[r]: http://x.example", "]:", "{{< note >}}", "{{",
                                               "I.E. so", ".G.", "e.", "."};
    std::mt19937 rng(64);
    int with_statement = 0;
    for (int n = 0; n < 3000; ++n) {
        std::string md;
        for (unsigned k = rng() % 16; k > 0; --k) md += alphabet[rng() % alphabet.size()];
        with_statement += md.find("import ") != std::string::npos || md.find("export ") != std::string::npos;
        INFO(md);
        CHECK(clean_prose(md) == clean_prose_reference(md));
    }
    CHECK(with_statement > 500);
    CHECK(clean_prose("a\r\nb\r") == "a\nb\r\n");  // as split_lines gave it: the last line keeps its '\r'
}

TEST_CASE("find_metric_number gives the groups of the metric pattern's leftmost match", "[prose]") {
    static const RE2 number{
        "(?i)(~|\u2248|approx(?:imately|\\.)?|about|around|roughly|estimated|est\\.|nearly|almost|an estimated|"
        "up to|over|more than|less than|under|>|<)?\\s*([$\u20AC\u00A3\u00A5])?\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*"
        "(k\\b|m\\b|million\\b|thousand\\b|%)?\\s*([[:alpha:]]+)?"};
    const std::vector<std::string> alphabet = {
        " ", " ", "\t", "1", "25", ",", ".", "0", "~", "\u2248", "approx", "Approx.", "APPROXIMATELY", "approximate", "about",
        "Around", "roughly", "estimated", "est.", "Est", "nearly", "almost", "an estimated", "An", "up to", "Over", "more than",
        "less than", "under", ">", "<", "$", "\u20AC", "\u00A3", "\u00A5", "k", "K", "m", "M", "million", "Million", "thousand",
        "%", "users", "kb", "ms", "_", "x", "\u00e9", "-", "("};
    std::mt19937 rng(66);
    int matched = 0, with_approx = 0, with_scale = 0;
    for (int n = 0; n < 200000; ++n) {
        std::string v;
        for (unsigned k = rng() % 10; k > 0; --k) v += alphabet[rng() % alphabet.size()];
        INFO('"' << v << '"');
        std::string g[5];
        re2::StringPiece in(v);
        const bool want = RE2::FindAndConsume(&in, number, &g[0], &g[1], &g[2], &g[3], &g[4]);
        const auto got = find_metric_number(v);
        REQUIRE(got.has_value() == want);
        if (!want) continue;
        ++matched;
        with_approx += !g[0].empty();
        with_scale += !g[3].empty();
        CHECK(std::string(got->approx) == g[0]);
        CHECK(std::string(got->currency) == g[1]);
        CHECK(std::string(got->number) == g[2]);
        CHECK(std::string(got->scale) == g[3]);
        CHECK(std::string(got->unit) == g[4]);
    }
    CHECK(matched > 30000);
    CHECK(with_approx > 5000);
    CHECK(with_scale > 2000);
    // A value with U+017F or U+212A is read by the pattern (parse_metric): under (?i) [[:alpha:]] takes the
    // Kelvin sign as a 'k', so it is the unit (the scanner, ASCII only, would see none).
    const auto m = parse_metric("Load: 5 \u212A users");
    REQUIRE(m);
    CHECK(m->unit == "\u212A");
}

TEST_CASE("strip_site_markup: lines pre-checked by their first byte come out as before", "[prose]") {
    const std::vector<std::string> alphabet = {"\n", "\n", " ", "\t", "<!-- x -->", "<Note>", "</Note>", "<Tabs items={a}>",
                                               "<b>", "{{< note >}}", "{{% x %}}", "{{", "}}", "import X from './x';",
                                               "import", "export const a = 1", "export default", "exports", "inside",
                                               "text", "Update: fixed", "e", "i", "<", "{"};
    std::mt19937 rng(68);
    int stripped = 0;
    for (int n = 0; n < 5000; ++n) {
        std::string md;
        for (unsigned k = rng() % 12; k > 0; --k) md += alphabet[rng() % alphabet.size()];
        INFO(md);
        const std::string want = strip_site_markup_reference(md);
        CHECK(strip_site_markup(md) == want);
        stripped += want != text::trim(md);
    }
    CHECK(stripped > 1000);
}
