// The outline's pieces against simple references: md::TextLines against the vector of strings it replaced,
// count_table_cells against a byte-by-byte count.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "extract/markdown_outline.hpp"

using namespace incidentkit;

namespace {

std::string join(const std::vector<std::string>& v, char sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? std::string(1, sep) : "") + v[i];
    return out;
}

}  // namespace

TEST_CASE("TextLines holds what a vector of lines holds, through any sequence of edits", "[outline]") {
    std::mt19937 rng(57);
    const std::vector<std::string> pieces = {"a", "bc", "", "\n", " ", "\xE2\x80\x94", "def"};
    int merged = 0, popped = 0;
    for (int n = 0; n < 2000; ++n) {
        md::TextLines got;
        std::vector<std::string> want;
        const auto steps = rng() % 16;
        for (unsigned k = 0; k < steps; ++k) {
            switch (rng() % 5) {
                case 0:
                case 1:
                    got.new_line();
                    want.emplace_back();
                    break;
                case 2:
                case 3:
                    if (!want.empty()) {
                        const auto& p = pieces[rng() % pieces.size()];
                        got.last_line_tail() += p;  // a piece may hold a '\n': still one line
                        want.back() += p;
                    }
                    break;
                default:
                    if (!want.empty() && rng() % 2) {
                        got.pop_back();
                        want.pop_back();
                        ++popped;
                    } else if (want.size() > 1) {
                        got.merge_into_one(' ');
                        want = {join(want, ' ')};
                        ++merged;
                    }
            }
            REQUIRE(got.size() == want.size());
            REQUIRE(got.empty() == want.empty());
            for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(got[i] == want[i]);
            if (!want.empty()) REQUIRE(got.back() == want.back());
            REQUIRE(got.joined() == join(want, '\n'));
            std::vector<std::string> iterated;
            for (const std::string_view l : got) iterated.emplace_back(l);
            REQUIRE(iterated == want);
        }
    }
    CHECK(merged > 100);
    CHECK(popped > 100);
}

TEST_CASE("a block's text is its lines joined, a setext heading's one line", "[outline]") {
    const std::string text = "Wrapped\nheading\n===\n\nfirst *line*  \nsecond `line`\n";
    const md::LineIndex lines(text);
    const auto blocks = md::outline(text, text, lines);
    REQUIRE(blocks.size() == 2);
    CHECK(blocks[0].text() == "Wrapped heading");
    CHECK(blocks[0].lines.size() == 1);
    CHECK(blocks[0].text_lines == 2);
    REQUIRE(blocks[1].lines.size() == 2);
    CHECK(blocks[1].lines[0] == "first line");
    CHECK(blocks[1].md_line(0) == "first *line*");
    CHECK(blocks[1].text() == "first line\nsecond line");
    CHECK(blocks[1].md_text() == "first *line*\nsecond `line`");
}

TEST_CASE("a block's Markdown text is stored apart only from where it differs from the plain text", "[outline]") {
    // Plain lines first, Markdown later in the block; a zero-width space only the plain text drops; an entity;
    // a wrapped setext heading whose second line holds emphasis; a block with no Markdown at all.
    const std::string text =
        "Wrapped\n*heading*\n===\n\n"
        "plain one\nplain two **bold**\nthree\n\n"
        "a\xE2\x80\x8B" "b and &amp; c\n\n"
        "nothing to rebuild\nat all\n";
    const md::LineIndex lines(text);
    const auto blocks = md::outline(text, text, lines);
    REQUIRE(blocks.size() == 4);
    CHECK(blocks[0].text() == "Wrapped heading");
    CHECK(blocks[0].md_text() == "Wrapped *heading*");
    REQUIRE(blocks[1].lines.size() == 3);
    CHECK(blocks[1].md_line(0) == "plain one");
    CHECK(blocks[1].md_line(1) == "plain two **bold**");
    CHECK(blocks[1].lines[1] == "plain two bold");
    CHECK(blocks[1].md_line(2) == "three");
    CHECK(blocks[1].md_text() == "plain one\nplain two **bold**\nthree");
    CHECK(blocks[2].text() == "ab and & c");
    CHECK(blocks[2].md_text() == "a\xE2\x80\x8B" "b and &amp; c");
    CHECK_FALSE(blocks[3].md_differs);  // nothing stored twice
    CHECK(blocks[3].md_line(1) == "at all");
    CHECK(blocks[3].md_text() == blocks[3].text());
}

TEST_CASE("count_table_cells, eight bytes at a time, counts what a byte-by-byte scan counts", "[outline]") {
    auto reference = [](std::string_view line) {
        auto t = line;
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
        if (!t.empty() && t.front() == '|') t.remove_prefix(1);
        if (!t.empty() && t.back() == '|' && !(t.size() >= 2 && t[t.size() - 2] == '\\')) t.remove_suffix(1);
        if (t.empty()) return std::size_t{0};
        std::size_t cells = 1;
        bool code = false;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '\\') ++i;
            else if (t[i] == '`') code = !code;
            else if (t[i] == '|' && !code) ++cells;
        }
        return cells;
    };
    CHECK(md::count_table_cells("| a | b |") == 2);
    CHECK(md::count_table_cells("| a \\| b | `c | d` | e |") == 3);
    std::mt19937 rng(58);
    const std::string alphabet = "||`\\ abcdefgh\t\r\xC3\xA9";
    std::size_t over_eight = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string line;
        const auto len = rng() % 40;
        for (unsigned k = 0; k < len; ++k) {
            if (rng() % 4 == 0) line += " a plain run of cell text ";  // the eight-byte steps run over these
            else line += alphabet[rng() % alphabet.size()];
        }
        INFO('"' << line << '"');
        REQUIRE(md::count_table_cells(line) == reference(line));
        over_eight += line.size() > 16;
    }
    CHECK(over_eight > 5000);
}
