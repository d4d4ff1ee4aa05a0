// FreeformReader: Markdown reports without front matter, as wikis and docs hold them.
#include <fmt/format.h>
#include <optional>
#include <string_view>

#include "readers/builtin_readers.hpp"
#include "readers/input_text.hpp"
#include "extract/line_shapes.hpp"
#include "extract/markdown_outline.hpp"
#include "extract/report_body.hpp"
#include "extract/section_names.hpp"

namespace incidentkit {
namespace {

// A heading's text as the detection pattern ` {0,3}#{1,6}\s+(.+?)\s*#*\s*` read it: at least one character,
// so "## #" reads "#" and "##  " a blank.
std::optional<std::string_view> detected_heading_text(std::string_view line) {
    const auto h = md::atx_heading(line);
    if (!h) return std::nullopt;
    if (!h->text.empty()) return h->text;
    const auto after = line.find('#') + static_cast<std::size_t>(h->level);  // the blank after the hashes
    if (after + 1 >= line.size()) return std::nullopt;
    return line.substr(after + 1, 1);
}

class FreeformReader final : public Reader {
public:
    std::string name() const override { return "freeform"; }
    std::string description() const override {
        return "Markdown incident report without front matter (wiki/doc style headings, bold times, tags)";
    }

    Detection detect(std::string_view input, std::string_view) const override {
        const std::string_view text = strip_bom(input);
        if (text.empty()) return {0.0, "empty input"};
        if (split_front_matter(text).present) return {0.05, "opens with front matter"};
        if (check_text(utf8_prefix(text, 65536))) return {0.0, "not UTF-8 text"};
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
            return {0.05, "looks like JSON"};
        }
        // Count headings that name incident sections: a scan of the lines that open with '#', no Markdown
        // parse and no regex over the whole text (this bid is made for every file).
        int known = 0, headings = 0;
        const std::string_view scanned = text.substr(0, std::min<std::size_t>(text.size(), 1 << 20));
        for (std::size_t at = 0; at < scanned.size() && headings < 200;) {
            const auto nl = scanned.find('\n', at);
            const auto end = nl == std::string_view::npos ? scanned.size() : nl;
            const auto title = detected_heading_text(scanned.substr(at, end - at));
            at = end + 1;
            if (!title) continue;
            ++headings;
            if (classify_heading(*title) != SectionKind::unknown) ++known;
        }
        if (known == 0) return {0.2, fmt::format("Markdown text with {} headings, none an incident section", headings)};
        return {std::min(0.85, 0.4 + 0.1 * known), fmt::format("{} incident section headings", known)};
    }

    ReadResult read(std::string_view input, const ReadOptions& options) const override {
        ReadResult out;
        const auto checked = text_of(input, out.diagnostics);
        if (!checked) return out;
        const std::string_view text = *checked;
        const md::LineIndex lines(text);
        const BodyInput body{.whole = text, .body = text, .lines = &lines, .options = &options};
        out.incidents = read_report_bodies(body, Incident{}, out.diagnostics);
#ifdef INCIDENTKIT_PLANTED_BUG
        // Test-only (-DINCIDENTKIT_PLANT_FUZZ_BUG=ON): a planted crash, to prove the fuzz step catches one.
        if (text.find("PLANTED") != std::string_view::npos) {
            volatile int* p = nullptr;
            *p = 1;
        }
#endif
        return out;
    }
};

}  // namespace

std::unique_ptr<Reader> make_freeform_reader() { return std::make_unique<FreeformReader>(); }

}  // namespace incidentkit
