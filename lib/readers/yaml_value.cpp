// yaml-cpp recurses per nesting level, so depth is checked on the text before yaml-cpp sees it.
#include "readers/yaml_value.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <re2/re2.h>

#include "normalize/text.hpp"

namespace incidentkit {
namespace {

// A pre-scan yaml-cpp needs: it recurses per nesting level (deep input overflows the stack) and it accepts a
// quoted scalar left open at the end of input, reading the rest of the document into it.
// Returns (line, message) for the first such problem.
std::optional<std::pair<std::size_t, std::string>> prescan(std::string_view yaml, std::size_t first_line,
                                                           std::size_t max_depth) {
    std::size_t depth = 0, line = first_line, indent = 0, quote_line = 0;
    bool at_line_start = true, comment = false;
    char quote = 0;     // the open quote character, 0 outside quoted scalars
    char last_sig = 0;  // last significant character on this line outside quotes (0 at line start)
    for (std::size_t i = 0; i < yaml.size(); ++i) {
        const char c = yaml[i];
        if (c == '\n') {
            ++line;
            at_line_start = true;
            indent = 0;
            comment = false;
            last_sig = 0;
            continue;
        }
        if (at_line_start && !quote) {
            if (c == ' ') {
                if (++indent > max_depth * 8) return std::make_pair(line, fmt::format("YAML nests deeper than {} levels (indentation)", max_depth));
                continue;
            }
            at_line_start = false;
        }
        if (comment) continue;
        if (quote == '"') {
            if (c == '\\') ++i;
            else if (c == '"') quote = 0;
            continue;
        }
        if (quote == '\'') {
            if (c == '\'' && i + 1 < yaml.size() && yaml[i + 1] == '\'') ++i;  // '' is an escaped quote
            else if (c == '\'') quote = 0;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') continue;
        const bool scalar_start = last_sig == 0 || last_sig == ':' || last_sig == '-' || last_sig == '[' ||
                                  last_sig == '{' || last_sig == ',' || last_sig == '?';
        const bool after_space = i == 0 || yaml[i - 1] == ' ' || yaml[i - 1] == '\t' || yaml[i - 1] == '\n';
        if ((c == '"' || c == '\'') && scalar_start) {
            quote = c;
            quote_line = line;
        } else if (c == '#' && after_space) {
            comment = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return std::make_pair(line, fmt::format("YAML nests deeper than {} levels (bracket)", max_depth));
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
        last_sig = c;
    }
    if (quote) {
        return std::make_pair(quote_line, fmt::format("malformed YAML: the {} quoted string opened here is never closed",
                                                      quote == '"' ? "double" : "single"));
    }
    return std::nullopt;
}

// yaml-cpp 0.7 decodes the escapes "\\N" (U+0085) and "\\_" (U+00A0) to one raw byte instead of UTF-8.
// The document was checked to be UTF-8 before parsing, so a stray byte in a scalar can only come from
// those: encode it as the code point it stands for.
std::string utf8_scalar(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = text::utf8_length_at(s, i);
        if (len == 0) {
            text::append_utf8(out, static_cast<unsigned char>(s[i]));
            ++i;
            continue;
        }
        out.append(s, i, len);
        i += len;
    }
    return out;
}

}  // namespace

bool is_integer_text(std::string_view s) {
    std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    const std::size_t digits = s.size() - i;
    if (digits < 1 || digits > 18) return false;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

bool is_real_text(std::string_view s) {
    std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    auto digits = [&] {  // how many digits from i on, i moved past them
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i - from;
    };
    if (i < s.size() && s[i] == '.') {  // \.[0-9]+
        ++i;
        if (digits() == 0) return false;
    } else {  // [0-9]+(?:\.[0-9]*)?
        if (digits() == 0) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            digits();
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {  // (?:[eE][-+]?[0-9]+)?
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}

nlohmann::ordered_json plain_scalar_json(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    // A number opens with a sign, a point or a digit; most scalars are words and skip both patterns.
    const char c = s[0];
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return s;
    if (is_integer_text(s)) return std::stoll(s);
    if (is_real_text(s)) {
        try {
            return std::stod(s);
        } catch (const std::exception&) {
            return s;
        }
    }
    return s;
}

namespace {

bool is_plain(const YAML::Node& n) { return n.Tag() == "?" || n.Tag().empty(); }

struct Converter {
    const YamlLimits& limits;
    YamlLines* lines;
    std::size_t first_line;
    std::size_t nodes = 0;

    nlohmann::ordered_json run(const YAML::Node& n, std::size_t depth, const std::string& pointer);
};

nlohmann::ordered_json Converter::run(const YAML::Node& n, std::size_t depth, const std::string& pointer) {
    if (++nodes > limits.node_limit()) throw std::runtime_error("YAML expands to too many nodes (aliases?)");
    if (depth > limits.max_depth) throw std::runtime_error("YAML nests too deeply");
    if (lines && !n.Mark().is_null()) lines->line[pointer] = first_line + static_cast<std::size_t>(n.Mark().line);
    switch (n.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return nullptr;
        case YAML::NodeType::Sequence: {
            auto arr = nlohmann::ordered_json::array();
            std::size_t i = 0;
            for (const auto& x : n) {
                arr.push_back(run(x, depth + 1, lines ? pointer + "/" + std::to_string(i) : pointer));
                ++i;
            }
            return arr;
        }
        case YAML::NodeType::Map: {
            auto obj = nlohmann::ordered_json::object();
            for (const auto& kv : n) {
                const std::string key = kv.first.IsScalar() ? utf8_scalar(kv.first.Scalar()) : YAML::Dump(kv.first);
                const std::string child = lines ? pointer + "/" + text::pointer_token(key) : pointer;
                obj[key] = run(kv.second, depth + 1, child);
                // A mapping value is reported at its key's line ("severity:"), not where a block value starts.
                if (lines && !kv.first.Mark().is_null()) {
                    lines->line[child] = first_line + static_cast<std::size_t>(kv.first.Mark().line);
                }
            }
            return obj;
        }
        case YAML::NodeType::Scalar: break;
    }
    const std::string s = utf8_scalar(n.Scalar());
    if (!is_plain(n)) return s;
    if (lines) lines->raw[pointer] = s;
    return plain_scalar_json(s);
}

}  // namespace

namespace {

// The pre-scan, then yaml-cpp with its exceptions turned into a positioned diagnostic.
template <class Load>
auto guarded_load(std::string_view yaml, std::size_t first_line, Diagnostic& error, const YamlLimits& limits,
                  Load&& load) -> std::optional<decltype(load(std::string()))> {
    if (auto problem = prescan(yaml, first_line, limits.max_depth)) {
        error = error_at(problem->first, problem->second);
        return std::nullopt;
    }
    try {
        return load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        const std::size_t line = e.mark.is_null() ? first_line : first_line + static_cast<std::size_t>(e.mark.line);
        error = error_at(line, "malformed YAML: " + e.msg);
    } catch (const std::exception& e) {
        error = error_at(first_line, std::string("malformed YAML: ") + e.what());
    }
    return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> load_yaml(std::string_view yaml, std::size_t first_line, Diagnostic& error,
                                    const YamlLimits& limits) {
    return guarded_load(yaml, first_line, error, limits, [](const std::string& y) { return YAML::Load(y); });
}

namespace {

// A line that starts a document ("---", "--- value") or ends one ("..."): YAML 1.2's c-forbidden, which no
// scalar may contain at the start of a line, so splitting there is exact.
bool document_marker(std::string_view line, bool& ends) {
    if (line.size() < 3) return false;
    const std::string_view head = line.substr(0, 3);
    if (head != "---" && head != "...") return false;
    if (line.size() > 3 && line[3] != ' ' && line[3] != '\t' && line[3] != '\r' && line[3] != '\n') return false;
    ends = head == "...";
    return true;
}

// Whether a document that loaded as null says so: only markers, comments and an explicit null ("~", "null").
bool states_null(std::string_view chunk) {
    bool value = false;
    std::size_t pos = 0;
    while (pos <= chunk.size()) {
        const auto nl = chunk.find('\n', pos);
        std::string_view line = chunk.substr(pos, (nl == std::string_view::npos ? chunk.size() : nl) - pos);
        bool ends = false;
        if (document_marker(line, ends)) line.remove_prefix(3);
        if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        const auto b = line.find_first_not_of(" \t\r"), e = line.find_last_not_of(" \t\r");
        if (b != std::string_view::npos) {
            const auto word = line.substr(b, e - b + 1);
            if (value || (word != "~" && word != "null" && word != "Null" && word != "NULL")) return false;
            value = true;
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return true;
}

}  // namespace

std::optional<std::vector<YAML::Node>> load_yaml_all(std::string_view yaml, std::size_t first_line, Diagnostic& error,
                                                     const YamlLimits& limits) {
    if (auto problem = prescan(yaml, first_line, limits.max_depth)) {
        error = error_at(problem->first, problem->second);
        return std::nullopt;
    }
    // Not YAML::LoadAll: in yaml-cpp 0.7 it loops for ever, allocating, when a document fails to parse without
    // an exception (yaml-cpp #1319, fixed upstream after Debian 12's 0.7.0). The stream is cut into documents
    // at their markers and each is loaded on its own.
    std::vector<YAML::Node> docs;
    std::size_t begin = 0, begin_line = 0, line = 0;
    bool content = false;
    auto flush = [&](std::size_t end) -> bool {
        if (!content) return true;
        const std::string_view chunk = yaml.substr(begin, end - begin);
        auto doc = guarded_load(chunk, first_line + begin_line, error, limits,
                                [](const std::string& y) { return YAML::Load(y); });
        if (!doc) return false;
        if (doc->IsNull() && !states_null(chunk)) {
            // yaml-cpp 0.7 returns an empty document for some text it cannot parse (",", "]"): say so.
            error = error_at(first_line + begin_line, "malformed YAML: this document does not parse");
            return false;
        }
        docs.push_back(std::move(*doc));
        return true;
    };
    for (std::size_t pos = 0; pos <= yaml.size(); ++line) {
        const std::size_t nl = yaml.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? yaml.size() : nl + 1;
        const std::string_view text = yaml.substr(pos, end - pos);
        bool ends = false;
        if (document_marker(text, ends)) {
            if (ends) {  // "..." closes the document it ends
                content = true;
                if (!flush(end)) return std::nullopt;
                begin = end, begin_line = line + 1, content = false;
            } else {     // "---" opens the next one (and may hold its first value)
                if (!flush(pos)) return std::nullopt;
                begin = pos, begin_line = line, content = true;
            }
        } else if (!content) {
            const auto first = text.find_first_not_of(" \t\r\n");
            content = first != std::string_view::npos && text[first] != '#';
        }
        if (nl == std::string_view::npos) break;
        pos = end;
    }
    if (!flush(yaml.size())) return std::nullopt;
    return docs;
}

nlohmann::ordered_json yaml_to_json(const YAML::Node& node, const YamlLimits& limits, YamlLines* lines,
                                    std::size_t first_line) {
    Converter c{limits, lines, first_line};
    return c.run(node, 0, "");
}

std::size_t yaml_line(const YAML::Node& node, std::size_t first_line) {
    const auto m = node.Mark();
    return m.is_null() ? first_line : first_line + static_cast<std::size_t>(m.line);
}

}  // namespace incidentkit
