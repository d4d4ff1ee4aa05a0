// The line-shape scanners against the regexes they replace: every generated line must read the same.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "extract/line_shapes.hpp"
#include "normalize/text.hpp"

using namespace incidentkit;

namespace {

// Lines over the characters these shapes turn on, multi-byte ones included; fixed seed, so a failure repeats.
std::vector<std::string> generated_lines(bool with_newlines) {
    std::vector<std::string> alphabet = {" ", " ", "\t", "\r", "\f", "#", "#", "#", "a", "b", "[", "]", "(", ")",
                                         "`", "~", "\u00e9", "\u2014", "x y"};
    if (with_newlines) alphabet.push_back("\n");
    std::mt19937 rng(20261202);
    std::vector<std::string> out = {"", "#", "# a", "## Timeline ##", "####### seven", "    # indented", "```", "````",
                                    "```go", "~~~~", "a [b]", "a [b] ", "[b]", "a []", "a [[b]", "x (Dave)"};
    for (int n = 0; n < 200000; ++n) {
        std::string s;
        const auto len = rng() % 14;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

TEST_CASE("atx_heading reads exactly what the heading regex reads", "[line_shapes]") {
    static const RE2 atx{" {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*"};
    int headings = 0;
    for (const auto& line : generated_lines(false)) {
        std::string hashes, text;
        const bool want = RE2::FullMatch(line, atx, &hashes, &text);
        const auto got = md::atx_heading(line);
        INFO('"' << line << '"');
        REQUIRE(got.has_value() == want);
        if (!want) continue;
        ++headings;
        CHECK(got->level == static_cast<int>(hashes.size()));
        CHECK(std::string(got->text) == text);
    }
    CHECK(headings > 1000);  // the generator reaches the interesting lines
    CHECK(md::atx_heading("## Timeline ##")->text == "Timeline");
    CHECK(md::atx_heading("### a#")->text == "a");
    CHECK_FALSE(md::atx_heading("#hashtag"));
}

TEST_CASE("fence_line reads exactly what the fence regex reads", "[line_shapes]") {
    static const RE2 fence{" {0,3}(```[^`]*|~~~.*)"};
    int fences = 0;
    for (const auto& line : generated_lines(false)) {
        const bool want = RE2::FullMatch(line, fence);
        INFO('"' << line << '"');
        REQUIRE(md::fence_line(line) == want);
        fences += want;
    }
    CHECK(fences > 20);
    CHECK(md::fence_line("```python"));
    CHECK_FALSE(md::fence_line("```code``` on one line"));
}

TEST_CASE("split_trailing_group splits exactly what the tag and actor regexes split", "[line_shapes]") {
    static const RE2 tag{"^(.*?)\\s*\\[([^\\[\\]]{1,40})\\]\\s*$"};
    static const RE2 actor{"^(.*?)\\s*\\(([^()]{1,60})\\)\\s*$"};
    static const RE2 short_tag{"^(.*?)\\s*\\[([^\\[\\]]{1,3})\\]\\s*$"};  // the limit counts characters
    static const RE2 any_paren{"^(.*?)\\s*\\(([^()]*)\\)\\s*$"};               // a related link's "(date)"
    struct Form {
        const RE2& re;
        char open, close;
        std::size_t max, min = 1;
    };
    const Form forms[] = {{tag, '[', ']', 40}, {actor, '(', ')', 60}, {short_tag, '[', ']', 3},
                          {any_paren, '(', ')', md::kAnyLength, 0}};
    int splits = 0;
    for (const auto& line : generated_lines(true)) {
        for (const auto& f : forms) {
            std::string want_head, want_inner, head, inner;
            const bool want = RE2::FullMatch(line, f.re, &want_head, &want_inner);
            INFO('"' << line << "\" with " << f.open << f.close << " up to " << f.max);
            REQUIRE(md::split_trailing_group(line, f.open, f.close, f.max, head, inner, f.min) == want);
            if (!want) continue;
            ++splits;
            CHECK(head == want_head);
            CHECK(inner == want_inner);
        }
    }
    CHECK(splits > 1000);
    std::string head, inner;
    REQUIRE(md::split_trailing_group("Rolled back (Assigned: Dave) ", '(', ')', 60, head, inner));
    CHECK(head == "Rolled back");
    CHECK(inner == "Assigned: Dave");
}

namespace {

// Lines over what handles and ticket ids are made of.
std::vector<std::string> generated_id_lines() {
    const std::vector<std::string> alphabet = {" ", " ", "\t", "\n", "@", "@", "a", "Z", "x", "1", "9", "0", "_",
                                               ".", "-", "-", "#", "#", "[", "]", ":", "|", "\u2013", "\u2014",
                                               "\u00e9", "(", "INC", "ab-1"};
    std::mt19937 rng(20261203);
    std::vector<std::string> out = {"", "@", " @a", "a @b", "a\n @b", "a @b\n", "INC-1", "[INC-12] x", "#4: y",
                                    "AB-1-\nfoo", "AB-1 x\nfoo", "#", "[#", "a-1", "A1-2_b - \u2014 c"};
    for (int n = 0; n < 200000; ++n) {
        std::string s;
        const auto len = rng() % 12;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

TEST_CASE("split_trailing_handle and split_leading_id split exactly what their regexes split", "[line_shapes]") {
    static const RE2 handle{"^(.*?)\\s+(@[\\w.\\-]+)$"};
    static const RE2 id_first{"^\\[?([A-Za-z][A-Za-z0-9]*-\\d[\\w\\-]*|#\\d+)\\]?\\s*(?:[-:\u2013\u2014|]\\s*)?(.*)$"};
    int handles = 0, ids = 0;
    for (const auto& line : generated_id_lines()) {
        INFO('"' << line << '"');
        std::string want_a, want_b, a, b;
        const bool want_handle = RE2::FullMatch(line, handle, &want_a, &want_b);
        REQUIRE(md::split_trailing_handle(line, a, b) == want_handle);
        if (want_handle) {
            ++handles;
            CHECK(a == want_a);
            CHECK(b == want_b);
        }
        const bool want_id = RE2::FullMatch(line, id_first, &want_a, &want_b);
        REQUIRE(md::split_leading_id(line, a, b) == want_id);
        if (want_id) {
            ++ids;
            CHECK(a == want_a);
            CHECK(b == want_b);
        }
    }
    CHECK(handles > 500);
    CHECK(ids > 1000);
}

TEST_CASE("WordStarts from an offset finds where a case-insensitive \\b-anchored word pattern can start", "[line_shapes]") {
    static const RE2 words{"(?i)\\b(?:on|from)"};
    std::mt19937 rng(7);
    const std::vector<std::string> alphabet = {" ", "o", "O", "n", "N", "from", "FROM", "x", "_", "1", ".", "\u00e9", "\n"};
    int found = 0;
    for (int n = 0; n < 100000; ++n) {
        std::string s;
        const auto len = rng() % 10;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        const std::size_t from = s.empty() ? 0 : rng() % (s.size() + 1);
        re2::StringPiece m;
        const bool want = words.Match(s, from, s.size(), RE2::UNANCHORED, &m, 1);
        const auto got = text::WordStarts(s, {"on", "from"}, from).next();
        INFO('"' << s << "\" from " << from);
        REQUIRE((got != std::string::npos) == want);
        if (want) CHECK(got == static_cast<std::size_t>(m.data() - s.data()));
        found += want;
    }
    CHECK(found > 1000);
}

TEST_CASE("WordStarts gives every place the word pattern matches, in order", "[line_shapes]") {
    static const RE2 words{"(?i)\\b(?:on|from|x)"};
    std::mt19937 rng(8);
    const std::vector<std::string> alphabet = {" ", "o", "O", "n", "N", "from", "FROM", "x", "X", "_", "1", ".", "\u00e9", "\n"};
    int found = 0;
    for (int n = 0; n < 50000; ++n) {
        std::string s;
        const auto len = rng() % 12;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        std::vector<std::size_t> want, got;
        for (std::size_t p = 0; p < s.size(); ++p) {
            if (words.Match(s, p, s.size(), RE2::ANCHOR_START, nullptr, 0)) want.push_back(p);
        }
        text::WordStarts starts(s, {"on", "from", "x"});
        for (auto p = starts.next(); p != std::string::npos; p = starts.next()) got.push_back(p);
        INFO('"' << s << '"');
        REQUIRE(got == want);
        found += static_cast<int>(got.size());
    }
    CHECK(found > 10000);
}

TEST_CASE("WordStarts' sixteen-byte pair scan gives every place over long texts, whatever stands before", "[line_shapes]") {
    // Prefixes of two lower-case letters or more take the SSE2 scan, which drops a pair right after an ASCII
    // letter: texts long enough for several blocks, with letters, digits, '_', '@', '`', '[', '{' and UTF-8
    // before the pairs (the bytes around 'a'..'z' and 'A'..'Z' once the case bit is set).
    static const RE2 words{"(?i)\\b(?:on|from|be)"};
    std::mt19937 rng(9);
    const std::vector<std::string> alphabet = {" ", "on", "ON", "n", "from", "Be", "c", "Z", "a", "z", "1", "_",
                                               "@", "`", "[", "{", "\u00e9", "\n", "."};
    int found = 0, inside = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string s;
        const auto len = rng() % 60;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        std::vector<std::size_t> want, got;
        for (std::size_t p = 0; p < s.size(); ++p) {
            if (words.Match(s, p, s.size(), RE2::ANCHOR_START, nullptr, 0)) want.push_back(p);
        }
        text::WordStarts starts(s, {"on", "from", "be"});
        for (auto p = starts.next(); p != std::string::npos; p = starts.next()) got.push_back(p);
        INFO('"' << s << '"');
        REQUIRE(got == want);
        found += static_cast<int>(got.size());
        for (std::size_t p = 1; p + 1 < s.size(); ++p) inside += (s[p] | 0x20) == 'o' && (s[p + 1] | 0x20) == 'n' && std::isalpha(static_cast<unsigned char>(s[p - 1]));
    }
    CHECK(found > 20000);
    CHECK(inside > 5000);  // pairs inside words were there to be dropped
}

TEST_CASE("find_segment_separator finds exactly the match of the segment regex", "[line_shapes]") {
    static const RE2 sep{"\\s+(?:\u2014|\u2013|--|-|\\|)\\s+|;\\s+"};
    const std::vector<std::string> alphabet = {" ", " ", "\t", "\n", "-", "-", "--", "|", ";", "\u2014", "\u2013",
                                               "a", "b c", "\u00e9", "\xE2", "x-y"};
    std::mt19937 rng(60);
    int found = 0;
    for (int n = 0; n < 200000; ++n) {
        std::string line;
        const auto len = rng() % 12;
        for (unsigned k = 0; k < len; ++k) line += alphabet[rng() % alphabet.size()];
        const std::size_t from = line.empty() ? 0 : rng() % (line.size() + 1);
        INFO('"' << line << "\" from " << from);
        re2::StringPiece m;
        const bool want = sep.Match(line, from, line.size(), RE2::UNANCHORED, &m, 1);
        const auto got = md::find_segment_separator(line, from);
        REQUIRE(got.has_value() == want);
        if (want) {
            ++found;
            CHECK(got->first == static_cast<std::size_t>(m.data() - line.data()));
            CHECK(got->second == static_cast<std::size_t>(m.data() + m.size() - line.data()));
        }
    }
    CHECK(found > 10000);
}

TEST_CASE("find_paren_group finds exactly the match of the parenthesis pattern", "[line_shapes]") {
    static const RE2 paren{"\\s*\\([^()]{1,80}\\)"};
    // Runs of ten characters (one, two, three and four bytes each) reach the 80-character limit from both sides.
    const std::vector<std::string> alphabet = {" ", "\t", "\n", "\r", "(", "(", ")", ")", "a", "b c", "\u00e9", "\u2014",
                                               "aaaaaaaaaa", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
                                               "\u2014\u2014\u2014\u2014\u2014\u2014\u2014\u2014\u2014\u2014",
                                               "\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"};
    std::mt19937 rng(62);
    int found = 0, long_found = 0;
    for (int n = 0; n < 100000; ++n) {
        std::string line;
        const auto len = rng() % 24;
        for (unsigned k = 0; k < len; ++k) line += alphabet[rng() % alphabet.size()];
        const std::size_t from = line.empty() || rng() % 2 ? 0 : rng() % (line.size() + 1);
        INFO('"' << line << "\" from " << from);
        // As the action-line reader used it: the text after the last match, with nothing before it visible.
        const re2::StringPiece rest(line.data() + from, line.size() - from);
        re2::StringPiece m;
        const bool want = paren.Match(rest, 0, rest.size(), RE2::UNANCHORED, &m, 1);
        const auto got = md::find_paren_group(line, from);
        REQUIRE(got.has_value() == want);
        if (want) {
            ++found;
            if (m.size() > 60) ++long_found;
            CHECK(got->first == static_cast<std::size_t>(m.data() - line.data()));
            CHECK(got->second == static_cast<std::size_t>(m.data() + m.size() - line.data()));
        }
    }
    CHECK(found > 10000);
    CHECK(long_found > 500);
}

TEST_CASE("bracket_tag_end and named_document_end end where the title patterns' matches end", "[line_shapes]") {
    static const RE2 tag{"^\\[[^\\]]{1,30}\\]\\s*(?:[:\\-\u2013\u2014]\\s*)?"};
    static const RE2 named_doc{
        "(?i)^[^\\s:]{1,30}(?:\\s+[^\\s:]{1,30})?\\s+(?:post[\\s\\-]?mortem|incident\\s+report|retrospective)\\s*:\\s*"};
    // Words of every length around the 30-character limit (ten at a time, in one- to four-byte characters).
    const std::vector<std::string> alphabet = {
        " ", " ", "\t", "\n", ":", ":", "[", "]", "]", "-", "\u2013", "\u2014", "a", "Acme", "crates.io", "Post", "post",
        "mortem", "MORTEM", "post-mortem", "post mortem", "Postmortem", "incident", "Incident", "report", "REPORT",
        "retrospective", "Retro", "x:y", "\u00e9", "aaaaaaaaaa", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
        "\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600"};
    std::mt19937 rng(65);
    int tags = 0, docs = 0;
    for (int n = 0; n < 200000; ++n) {
        std::string title;
        for (unsigned k = rng() % 9; k > 0; --k) title += alphabet[rng() % alphabet.size()];
        if (n % 2) title = "[" + title;  // half open with a bracket
        if (n % 4 == 2) {  // a quarter are shaped like "name [name] kind: rest", with the pieces drawn as above
            const std::vector<std::string> kinds = {"Postmortem", "post-mortem", "Post mortem", "post\tmortem", "Incident  Report",
                                                    "incident report", "retrospective", "postmortems", "incidentreport"};
            // Names of 29, 30 and 31 characters, on both sides of the limit.
            const std::vector<std::string> names = {"a", "crates.io", std::string(29, 'n'), std::string(30, 'n'), std::string(31, 'n'),
                                                    "\u00e9" + std::string(29, 'n'), "\u00e9" + std::string(28, 'n')};
            auto name = [&] { return rng() % 2 ? names[rng() % names.size()] : alphabet[rng() % alphabet.size()]; };
            title = name() + " " + (rng() % 2 ? name() + " " : "") + kinds[rng() % kinds.size()] +
                    (rng() % 2 ? " " : "") + (rng() % 4 ? ":" : "") + (rng() % 2 ? "  " : "") + alphabet[rng() % alphabet.size()];
        }
        INFO('"' << title << '"');
        re2::StringPiece m;
        const bool want_tag = tag.Match(title, 0, title.size(), RE2::UNANCHORED, &m, 1);
        const auto got_tag = md::bracket_tag_end(title);
        REQUIRE(got_tag.has_value() == want_tag);
        if (want_tag) {
            ++tags;
            CHECK(*got_tag == static_cast<std::size_t>(m.data() + m.size() - title.data()));
        }
        const bool want_doc = named_doc.Match(title, 0, title.size(), RE2::UNANCHORED, &m, 1);
        const auto got_doc = md::named_document_end(title);
        REQUIRE(got_doc.has_value() == want_doc);
        if (want_doc) {
            ++docs;
            CHECK(*got_doc == static_cast<std::size_t>(m.data() + m.size() - title.data()));
        }
    }
    CHECK(tags > 10000);
    CHECK(docs > 1000);
}

TEST_CASE("WordStarts over long texts, sixteen bytes at a time, gives every place in order", "[line_shapes]") {
    // Prefixes that open with two letters take the pair scan: texts far past one sixteen-byte block, starting
    // anywhere, with pairs straddling the blocks' edges and the text's end.
    static const RE2 lead{"(?i)\\b(?:on|between|from)"};
    static const RE2 impact{"(?i)\\bimpact"};
    std::mt19937 rng(61);
    const std::vector<std::string> alphabet = {" ", "o", "O", "n", "N", "on", "From", "betweEn", "impact", "IMPACT",
                                               "im", "x", "_", "1", ".", "\u00e9", "\n", "bonfire"};
    int found = 0;
    for (int n = 0; n < 20000; ++n) {
        std::string s;
        const auto len = rng() % 40;
        for (unsigned k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
        const std::size_t from = s.empty() || rng() % 2 ? 0 : rng() % (s.size() + 1);
        for (const bool lead_words : {true, false}) {
            const RE2& re = lead_words ? lead : impact;
            std::vector<std::size_t> want, got;
            for (std::size_t p = from; p < s.size(); ++p) {
                if (re.Match(s, p, s.size(), RE2::ANCHOR_START, nullptr, 0)) want.push_back(p);
            }
            text::WordStarts starts = lead_words ? text::WordStarts(s, {"on", "between", "from"}, from)
                                                 : text::WordStarts(s, {"impact"}, from);
            for (auto p = starts.next(); p != std::string::npos; p = starts.next()) got.push_back(p);
            INFO('"' << s << "\" from " << from);
            REQUIRE(got == want);
            found += static_cast<int>(got.size());
        }
    }
    CHECK(found > 20000);
}
