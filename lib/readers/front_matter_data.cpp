// YAML, TOML and JSON front matter -> JSON values with source lines.
#include "readers/front_matter_data.hpp"

#include <fmt/format.h>
#include <re2/re2.h>
#include <toml++/toml.h>

#include "extract/markdown_outline.hpp"
#include "readers/flat_yaml.hpp"

namespace incidentkit {
namespace {

using json = nlohmann::ordered_json;

std::size_t toml_line(const toml::node& n, std::size_t first_line) {
    const auto& src = n.source();
    return src.begin.line > 0 ? first_line + src.begin.line - 1 : first_line;
}

json toml_to_json(const toml::node& n, const std::string& pointer, std::size_t first_line, YamlLines& where,
                  std::size_t depth) {
    if (depth > 64) throw std::runtime_error("TOML nests deeper than 64 levels");
    where.line[pointer] = toml_line(n, first_line);
    if (const auto* t = n.as_table()) {
        json obj = json::object();
        for (const auto& [k, v] : *t) {
            const std::string key(k.str());
            obj[key] = toml_to_json(v, pointer + "/" + key, first_line, where, depth + 1);
        }
        return obj;
    }
    if (const auto* a = n.as_array()) {
        json arr = json::array();
        for (std::size_t i = 0; i < a->size(); ++i) {
            arr.push_back(toml_to_json((*a)[i], pointer + "/" + std::to_string(i), first_line, where, depth + 1));
        }
        return arr;
    }
    if (const auto* s = n.as_string()) return s->get();
    if (const auto* i = n.as_integer()) return i->get();
    if (const auto* f = n.as_floating_point()) return f->get();
    if (const auto* b = n.as_boolean()) return b->get();
    // TOML dates and times become the ISO strings the timestamp normalizer reads.
    if (const auto* d = n.as_date()) {
        const auto v = d->get();
        return fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
    }
    if (const auto* t = n.as_time()) {
        const auto v = t->get();
        return fmt::format("{:02}:{:02}:{:02}", v.hour, v.minute, v.second);
    }
    if (const auto* dt = n.as_date_time()) {
        const auto v = dt->get();
        std::string s = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", v.date.year, v.date.month, v.date.day,
                                    v.time.hour, v.time.minute, v.time.second);
        if (v.offset) {
            const int m = v.offset->minutes;
            s += m == 0 ? std::string("Z") : fmt::format("{}{:02}:{:02}", m < 0 ? '-' : '+', std::abs(m) / 60, std::abs(m) % 60);
        }
        return s;
    }
    return nullptr;
}

// nlohmann keeps no positions: a top-level key's line is where `"key"` first appears in the block.
void json_key_lines(const json& values, std::string_view data, std::size_t first_line, YamlLines& where) {
    const md::LineIndex idx(data);
    where.line[""] = first_line;
    for (const auto& [k, v] : values.items()) {
        const auto at = data.find("\"" + k + "\"");
        where.line["/" + k] = at == std::string_view::npos ? first_line : first_line + idx.line_of(at) - 1;
    }
}

}  // namespace

std::optional<FrontMatterData> parse_front_matter(const FrontMatterSplit& split, std::string_view whole,
                                                  Diagnostic& error) {
    FrontMatterData out;
    const std::size_t first = split.data_first_line;
    try {
        switch (split.lang) {
            case FrontMatterSplit::Lang::yaml: {
                // cState sites comment out keys with HTML comments inside the YAML; blank those lines (keeping
                // the line count) so they are comments, not keys named "<!-- resolvedWhen".
                std::string yaml(split.data);
                static const RE2 html_comment_line{"(?m)^[ \t]*<!--.*-->[ \t]*$"};
                if (yaml.find("<!--") != std::string::npos) RE2::GlobalReplace(&yaml, html_comment_line, "");
                if (auto flat = read_flat_yaml(yaml, first, out.where)) {  // most front matter: no yaml-cpp
                    out.values = std::move(*flat);
                    return out;
                }
                auto root = load_yaml(yaml, first, error);
                if (!root) return std::nullopt;
                if (root->IsNull()) return out;
                if (!root->IsMap()) {
                    error = error_at(first, "front matter is not a mapping of keys to values");
                    return std::nullopt;
                }
                YamlLimits limits;
                limits.source_bytes = yaml.size();
                out.values = yaml_to_json(*root, limits, &out.where, first);
                return out;
            }
            case FrontMatterSplit::Lang::toml: {
                try {
                    const toml::table t = toml::parse(split.data);
                    out.values = toml_to_json(t, "", first, out.where, 0);
                } catch (const toml::parse_error& e) {
                    const auto line = e.source().begin.line;
                    error = error_at(line > 0 ? first + line - 1 : first,
                                     fmt::format("malformed TOML: {}", e.description()));
                    return std::nullopt;
                }
                return out;
            }
            case FrontMatterSplit::Lang::json: {
                if (const auto deep = json_too_deep(split.data)) {
                    const md::LineIndex idx(split.data);
                    error = error_at(first + idx.line_of(*deep) - 1, "JSON front matter nests deeper than 64 levels");
                    return std::nullopt;
                }
                try {
                    out.values = json::parse(split.data.begin(), split.data.end());
                } catch (const json::parse_error& e) {
                    const md::LineIndex idx(split.data);
                    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
                    std::string msg = e.what();
                    if (const auto col = msg.find("column "); col != std::string::npos) {
                        if (const auto c = msg.find(": ", col); c != std::string::npos) msg = msg.substr(c + 2);
                    }
                    error = error_at(first + idx.line_of(byte) - 1, "malformed JSON front matter: " + msg);
                    return std::nullopt;
                }
                if (!out.values.is_object()) {
                    error = error_at(first, "front matter is not a mapping of keys to values");
                    return std::nullopt;
                }
                json_key_lines(out.values, split.data, first, out.where);
                return out;
            }
        }
    } catch (const std::exception& e) {
        error = error_at(first, std::string("front matter: ") + e.what());
        return std::nullopt;
    }
    (void)whole;
    return out;
}

}  // namespace incidentkit
