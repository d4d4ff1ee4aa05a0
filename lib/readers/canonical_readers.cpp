// JsonReader and YamlReader: the canonical forms the json and yaml writers produce (and hand-written files of
// the same shape). A JSON Lines file or a YAML stream holds several incidents.
#include <fmt/format.h>
#include <re2/re2.h>

#include "readers/builtin_readers.hpp"
#include "readers/canonical_decode.hpp"
#include "readers/input_text.hpp"
#include "extract/markdown_outline.hpp"
#include "readers/yaml_value.hpp"

namespace incidentkit {
namespace {

using json = nlohmann::ordered_json;

// In a file of several records, each incident carries the warnings its own record raised.
void attach_warnings(Incident& inc, const std::vector<Diagnostic>& diags, std::size_t from) {
    for (std::size_t d = from; d < diags.size(); ++d) {
        if (diags[d].level == Diagnostic::Level::warning) inc.source.warnings.push_back(diags[d]);
    }
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class JsonReader final : public Reader {
public:
    std::string name() const override { return "json"; }
    std::string description() const override { return "incidentkit JSON (one object, or JSON Lines)"; }

    Detection detect(std::string_view input, std::string_view path) const override {
        const std::string_view text = strip_bom(input);
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && text[first] == '[' && ends_with(path, ".json")) {
            return {0.5, "a .json file holding an array"};  // read, to say clearly that it is no incident
        }
        if (first == std::string_view::npos || text[first] != '{') {
            return {0.0, "does not start with a JSON object"};
        }
        if (text.substr(0, 4096).find("\"schema_version\"") != std::string_view::npos) {
            return {0.95, "JSON object with schema_version"};
        }
        return {ends_with(path, ".json") ? 0.5 : 0.3, "JSON object without schema_version"};
    }

    ReadResult read(std::string_view input, const ReadOptions& options) const override {
        ReadResult out;
        const auto checked = text_of(input, out.diagnostics);
        if (!checked) return out;
        const std::string_view text = *checked;
        const md::LineIndex lines(text);
        if (const auto deep = json_too_deep(text)) {
            out.diagnostics.push_back(error_at(lines.line_of(*deep), "JSON nests deeper than 64 levels"));
            return out;
        }
        std::vector<json> docs;
        std::vector<std::size_t> doc_lines;  // JSON Lines: the line of each record
        try {
            docs.push_back(json::parse(text.begin(), text.end()));
            doc_lines.push_back(1);
        } catch (const json::parse_error& whole) {
            // JSON Lines: every non-empty line one object. Otherwise report the error of the whole parse.
            std::vector<json> records;
            bool lines_ok = true;
            for (std::size_t n = 1; n <= lines.line_count() && lines_ok; ++n) {
                if ((n & 255u) == 0) options.deadline.check();
                const auto l = lines.line(n);
                if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
                try {
                    records.push_back(json::parse(l.begin(), l.end()));
                    doc_lines.push_back(n);
                } catch (const json::exception&) {
                    lines_ok = false;
                }
            }
            if (!lines_ok || records.size() < 2) {
                const std::size_t byte = whole.byte > 0 ? whole.byte - 1 : 0;
                // "[json.exception.parse_error.101] parse error at line 2, column 15: syntax error ..." -> "syntax error ..."
                std::string msg = whole.what();
                if (const auto at = msg.find("column "); at != std::string::npos) {
                    if (const auto colon = msg.find(": ", at); colon != std::string::npos) msg = msg.substr(colon + 2);
                }
                out.diagnostics.push_back(
                    error_at(lines.line_of(byte), fmt::format("malformed JSON at byte {}: {}", byte, msg)));
                return out;
            }
            docs = std::move(records);
        } catch (const json::out_of_range& e) {
            // nlohmann reports a number it cannot hold (406) this way, without a position: point at the number.
            std::string msg = e.what();
            const auto quote = msg.find('\'');
            const auto number = quote == std::string::npos ? std::string() : msg.substr(quote + 1, msg.rfind('\'') - quote - 1);
            const auto at = number.empty() ? std::string_view::npos : text.find(number);
            if (const auto close = msg.find("] "); close != std::string::npos) msg = msg.substr(close + 2);
            out.diagnostics.push_back(error_at(at == std::string_view::npos ? 1 : lines.line_of(at), "malformed JSON: " + msg));
            return out;
        }
        // nlohmann keeps no positions: a JSON Lines record's line is exact; in one object, a top-level key's
        // line is where `"key":` first appears. The pointer in each message locates the value precisely.
        for (std::size_t i = 0; i < docs.size(); ++i) {
            options.deadline.check();
            Incident inc;
            const bool many = docs.size() > 1;
            const std::string base = many ? "/" + std::to_string(i) : "";
            const LineOf line_of = [&, i, many](const std::string& ptr) -> std::size_t {
                if (many) return doc_lines[i];
                if (ptr.size() < 2) return std::size_t{1};
                const auto slash = ptr.find('/', 1);
                const std::string key = ptr.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
                const auto at = text.find("\"" + key + "\"");
                return at == std::string_view::npos ? 1 : lines.line_of(at);
            };
            const std::size_t from = out.diagnostics.size();
            if (decode_incident(docs[i], base, line_of, inc, out.diagnostics)) {
                if (many) attach_warnings(inc, out.diagnostics, from);
                out.incidents.push_back(std::move(inc));
            }
        }
        return out;
    }
};

class YamlReader final : public Reader {
public:
    std::string name() const override { return "yaml"; }
    std::string description() const override { return "incidentkit YAML (one document, or a --- separated stream)"; }

    Detection detect(std::string_view input, std::string_view path) const override {
        const std::string_view text = strip_bom(input);
        static const RE2 marker{"(?m)^schema_version:\\s*\\d+\\s*$"};
        const std::string_view head = text.substr(0, 4096);
        // The regex only where it can match: at the start or after a line break (a search for the line break
        // first stops at each line; one for the word stopped at every 's').
        if ((head.rfind("schema_version:", 0) == 0 || head.find("\nschema_version:") != std::string_view::npos) &&
            RE2::PartialMatch(re2::StringPiece(head.data(), head.size()), marker)) {
            return {0.95, "YAML mapping with schema_version"};
        }
        if ((ends_with(path, ".yaml") || ends_with(path, ".yml")) && !split_front_matter(text).terminated) {
            return {0.4, "a .yaml file"};
        }
        return {0.0, "no schema_version key"};
    }

    ReadResult read(std::string_view input, const ReadOptions& options) const override {
        ReadResult out;
        const auto checked = text_of(input, out.diagnostics);
        if (!checked) return out;
        const std::string_view text = *checked;
        Diagnostic err;
        auto docs = load_yaml_all(text, 1, err);
        if (!docs) {
            out.diagnostics.push_back(err);
            return out;
        }
        std::size_t index = 0;
        for (const auto& doc : *docs) {
            options.deadline.check();
            if (doc.IsNull()) continue;
            YamlLines where;
            json j;
            try {
                YamlLimits limits;
                limits.source_bytes = text.size();
                j = yaml_to_json(doc, limits, &where, 1);
            } catch (const std::exception& e) {
                out.diagnostics.push_back(error_at(yaml_line(doc, 1), e.what()));
                continue;
            }
            const LineOf line_of = [&where](const std::string& ptr) {
                // The nearest recorded ancestor: "/timeline/3/at" falls back to "/timeline/3".
                std::string p = ptr;
                while (true) {
                    if (auto it = where.line.find(p); it != where.line.end()) return it->second;
                    const auto slash = p.rfind('/');
                    if (slash == std::string::npos) return std::size_t{0};
                    p.resize(slash);
                }
            };
            Incident inc;
            const std::string base = docs->size() > 1 ? "/" + std::to_string(index) : "";
            // Lines are per document, so the base prefix is not part of the recorded pointers.
            const LineOf doc_line_of = [&](const std::string& ptr) { return line_of(ptr.substr(base.size())); };
            const std::size_t from = out.diagnostics.size();
            if (decode_incident(j, base, doc_line_of, inc, out.diagnostics)) {
                if (docs->size() > 1) attach_warnings(inc, out.diagnostics, from);
                out.incidents.push_back(std::move(inc));
            }
            ++index;
        }
        return out;
    }
};

}  // namespace

std::unique_ptr<Reader> make_json_reader() { return std::make_unique<JsonReader>(); }
std::unique_ptr<Reader> make_yaml_reader() { return std::make_unique<YamlReader>(); }

}  // namespace incidentkit
