// Markdown as prose for the phrase tables (clean_prose) and the parts of a body that speak about impact.
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "extract/impact_words.hpp"
#include "extract/markup_spans.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

// RE2::GlobalReplace, run only when the text holds what every match contains (`holds`, found by the caller):
// most texts hold no shortcode or link, and each pass is a scan of up to 64 KiB.
void replace_if(bool holds, std::string& text, const RE2& re, std::string_view rewrite) {
    if (holds) RE2::GlobalReplace(&text, re, re2::StringPiece(rewrite.data(), rewrite.size()));
}

// Whether `text` holds `c` followed by one of `nexts` (one memchr pass for several two-byte strings).
bool holds_pair(std::string_view text, char c, std::string_view nexts) {
    for (std::size_t at = text.find(c); at != std::string_view::npos && at + 1 < text.size(); at = text.find(c, at + 1)) {
        if (nexts.find(text[at + 1]) != std::string_view::npos) return true;
    }
    return false;
}

// Whether `text` holds ".g.", ".G.", ".e." or ".E." (one pass over its dots).
bool holds_abbreviation(std::string_view text) {
    for (std::size_t at = text.find('.'); at != std::string_view::npos && at + 2 < text.size(); at = text.find('.', at + 1)) {
        const char c = text[at + 1];
        if ((c == 'g' || c == 'G' || c == 'e' || c == 'E') && text[at + 2] == '.') return true;
    }
    return false;
}

// Whether a heading can match impact_scope's impact_head: one of its words in ASCII letters of either case,
// or a byte that opens U+212A or U+017F, which (?i) folds with 'k' and 's'. Most headings hold none, and
// the pattern ran on every heading of every body.
bool may_name_impact(std::string_view h) {
    auto at = [&](std::size_t i, std::string_view w) { return text::folded_at(h, i, w); };
    // One pass: each word is tried where its first letter stands.
    for (std::size_t i = 0; i < h.size(); ++i) {
        switch (text::fold(h[i])) {
            case 'i': if (at(i, "impact")) return true; break;
            case 'a': if (at(i, "affected") || at(i, "auswirkung")) return true; break;
            case 'u': if (at(i, "user experience")) return true; break;
            case 'w': if (at(i, "what happened")) return true; break;
            case '\xE2': case '\xC5': return true;
            default: break;
        }
    }
    return false;
}

// MDX: import/export statements and the object literals they open, up to the next unindented line. The text
// comes back as its lines, each ended by '\n' and without the '\r' before it (text::split_lines); a text with
// no line that opens with "import " or "export " is only given that form, without splitting it.
void drop_mdx_statements(std::string& out) {
    bool statement = out.rfind("import ", 0) == 0 || out.rfind("export ", 0) == 0;
    for (std::size_t nl = out.find('\n'); !statement && nl != std::string::npos; nl = out.find('\n', nl + 1)) {
        const std::string_view next = std::string_view(out).substr(nl + 1, 7);
        statement = next == "import " || next == "export ";
    }
    if (!statement) {
        if (out.find('\r') != std::string::npos) {  // "\r\n" -> "\n" (a '\r' that ends the text stays, as there)
            std::size_t w = 0;
            for (std::size_t r = 0; r < out.size(); ++r) {
                if (out[r] == '\r' && r + 1 < out.size() && out[r + 1] == '\n') continue;
                out[w++] = out[r];
            }
            out.resize(w);
        }
        if (!out.empty() && out.back() != '\n') out += '\n';
        return;
    }
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
}

}  // namespace

std::string clean_prose(std::string_view markdown) {
    std::string out(markdown);
    static const RE2 shortcode{R"re(\{\{[<%].*?[>%]\}\})re"};
    static const RE2 ref_link{R"re(\[([^\]]*)\]\[[^\]]*\])re"};
    static const RE2 link_def{R"re((?m)^\[[^\]]+\]:\s*\S+.*$)re"};
    static const RE2 abbrev{R"re((?i)\b(e)\.g\.|\b(i)\.e\.)re"};
    md::drop_fenced_code(out);
    md::drop_comments(out);
    drop_mdx_statements(out);
    replace_if(out.find("{{") != std::string::npos, out, shortcode, " ");
    md::drop_images(out);
    md::unwrap_links(out);
    // Most texts hold neither "][" nor "]:": one pass says so (else each is looked for as before).
    if (holds_pair(out, ']', "[:")) {
        replace_if(out.find("][") != std::string::npos, out, ref_link, "\\1");
        replace_if(out.find("]:") != std::string::npos, out, link_def, "");
    }
    md::drop_urls(out);
    replace_if(holds_abbreviation(out), out, abbrev, "\\1\\2");  // "e.g." ends no sentence
    md::mark_inline_code(out);
    md::drop_tags(out);
    md::drop_instruction_lines(out);
    return out;
}

std::string impact_scope(std::string_view markdown) {
    std::string out;
    static const RE2 impact_head{R"re((?i)impact|affected|auswirkung|impacto|user experience|what happened)re"};
    static const RE2 not_impact{R"re((?i)assets? affected|affected (?:crates|components|files|versions))re"};
    auto level = [](std::string_view l) {
        std::size_t n = 0;
        while (n < l.size() && l[n] == '#') ++n;
        return n >= 1 && n <= 6 && n < l.size() && l[n] == ' ' ? n : 0;
    };
    text::WordStarts impact_words(markdown, {"impact"});
    std::size_t impact_at = impact_words.next();
    // Line by line (text::next_line), without a vector of every line: a section or a field reads on from where
    // it stands with a cursor of its own.
    for (std::size_t pos = 0; pos < markdown.size();) {
        const std::string_view line = text::next_line(markdown, pos);
        const std::size_t lv = level(line);
        if (lv) {
            const std::string_view hv = line.substr(lv);
            const re2::StringPiece h(hv.data(), hv.size());
            if (!may_name_impact(hv) || !RE2::PartialMatch(h, impact_head) || RE2::PartialMatch(h, not_impact)) continue;
            std::string part;
            for (std::size_t at = pos; at < markdown.size() && part.size() < 3000;) {
                const std::string_view l = text::next_line(markdown, at);
                const std::size_t l2 = level(l);
                if (l2 && l2 <= lv) break;
                part.append(l);
                part += '\n';
            }
            out += part;
            continue;
        }
        // "**Impact**: ...", "- Customer impact: ...", "| Impact | ... |"
        static const RE2 field{R"re((?i)^\s*(?:[-*]\s*)?\**(?:customer |user )?impact\**\s*:?\**\s*:\s*(.*)$)re"};
        static const RE2 row{R"re((?i)^\|\s*impact\s*\|(.*)$)re"};
        std::string rest;
        // Both need the word: one pass over the whole text says which lines hold it.
        const auto line_at = static_cast<std::size_t>(line.data() - markdown.data());
        while (impact_at < line_at) impact_at = impact_words.next();
        if (impact_at >= line_at + line.size()) continue;
        if (rx::full_match(line, field, &rest) || rx::full_match(line, row, &rest)) {
            out += rest;
            for (std::size_t at = pos; at < markdown.size() && out.size() < 6000;) {
                const std::string_view l = text::next_line(markdown, at);
                if (text::trim(l).empty()) break;
                if (l.find("**") != std::string_view::npos && l.find(':') != std::string_view::npos) break;
                out += "\n";
                out.append(l);
            }
            out += "\n";
        }
    }
    return out;
}

}  // namespace incidentkit
