// The flat-YAML fast path; see flat_yaml.hpp. Every rule here errs towards "not flat": a text it is unsure
// of goes to yaml-cpp, which then reads it (or reports it) as before.
#include "readers/flat_yaml.hpp"

#include <string>
#include <vector>

#include "normalize/text.hpp"

namespace incidentkit {
namespace {

struct Scalar {
    std::string text;
    bool plain = true;
};

// A scalar written on one line (already trimmed of spaces): a plain one that cannot be read as anything else
// (no indicator first, no ": " or " #" inside, no flow characters in a flow sequence), or one quoted without
// escapes or inner quotes.
std::optional<Scalar> one_line_scalar(std::string_view v, bool in_flow) {
    if (v.empty()) return std::nullopt;
    if (v[0] == '"' || v[0] == '\'') {
        const char q = v[0];
        if (v.size() < 2 || v.back() != q) return std::nullopt;
        const std::string_view inner = v.substr(1, v.size() - 2);
        if (inner.find(q) != std::string_view::npos || inner.find('\\') != std::string_view::npos) return std::nullopt;
        return Scalar{std::string(inner), false};
    }
    if (std::string_view("?:,[]{}#&*!|>%@`").find(v[0]) != std::string_view::npos) return std::nullopt;
    if (v[0] == '-') {  // "-5", "-x"; not "- x" (a sequence) or "---"
        const char next = v.size() > 1 ? v[1] : ' ';
        const bool alnum = (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
        if (!alnum && next != '.') return std::nullopt;
    }
    // One pass for what would make it something else (each a nullopt, so their order does not matter): ": " or
    // " #" inside; brackets, which are flow or load_yaml's nesting count; in a flow, ',', ':', '#' and '?' (a
    // key indicator to yaml-cpp); a quote after ':', '-', ',' or '?' (blank space between), which opens a
    // quoted string for load_yaml's pre-scan, which then reports it unclosed ("x, 'y" is yaml-cpp's to refuse).
    if (v.back() == ':') return std::nullopt;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        switch (c) {
            case '[':
            case ']':
            case '{':
            case '}': return std::nullopt;
            case ':':
                if (in_flow || (i + 1 < v.size() && v[i + 1] == ' ')) return std::nullopt;
                break;
            case ',':
            case '?':
            case '#':
                if (in_flow) return std::nullopt;
                break;
            case ' ':
                if (i + 1 < v.size() && v[i + 1] == '#') return std::nullopt;
                break;
            case '\'':
            case '"': {
                std::size_t b = i;
                while (b > 0 && v[b - 1] == ' ') --b;
                if (b > 0 && (v[b - 1] == ':' || v[b - 1] == '-' || v[b - 1] == ',' || v[b - 1] == '?')) return std::nullopt;
                break;
            }
            default: break;
        }
    }
    return Scalar{std::string(v), true};
}

bool key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '/' || c == ' ';
}

// "key: value" or "key:" -> key and the trimmed value; nullopt for a key this reader does not take.
std::optional<std::pair<std::string_view, std::string_view>> key_line(std::string_view l) {
    const auto colon = l.find(':');
    if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
    const std::string_view key = l.substr(0, colon);
    if (key.size() > 512) return std::nullopt;  // YAML's implicit keys end at 1024 characters
    for (const char c : key) {
        if (!key_char(c)) return std::nullopt;
    }
    const char first = key.front(), last = key.back();
    if (first == ' ' || first == '-' || first == '.' || last == ' ') return std::nullopt;
    if (key == "null" || key == "Null" || key == "NULL") return std::nullopt;  // a null key: yaml-cpp dumps it as "~"
    if (colon + 1 < l.size() && l[colon + 1] != ' ') return std::nullopt;
    return std::make_pair(key, text::trim(l.substr(colon + 1)));
}

}  // namespace

std::optional<nlohmann::ordered_json> read_flat_yaml(std::string_view yaml, std::size_t first_line, YamlLines& where) {
    // Tabs, control characters, a BOM and the YAML 1.1 line breaks (U+0085, U+2028, U+2029) are yaml-cpp's to read.
    bool crlf = false;
    for (std::size_t i = 0; i < yaml.size(); ++i) {
        const auto u = static_cast<unsigned char>(yaml[i]);
        if (u == '\r' && i + 1 < yaml.size() && yaml[i + 1] == '\n') {
            crlf = true;  // a Windows line end: a line break to YAML, as '\n' is
            continue;
        }
        if ((u < 0x20 && u != '\n') || u == 0x7F) return std::nullopt;
    }
    if (crlf) {
        // Read without the '\r's: the same lines, and no value ever held one (scalars here end at their line).
        std::string lf;
        lf.reserve(yaml.size());
        for (const char c : yaml) {
            if (c != '\r') lf += c;
        }
        return read_flat_yaml(lf, first_line, where);
    }
    for (const char* odd : {"\xEF\xBB\xBF", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
        if (yaml.find(odd) != std::string_view::npos) return std::nullopt;
    }
    auto out = nlohmann::ordered_json::object();
    YamlLines lines;
    // The key whose value is the indented lines below it ("metrics:", "tags:"), and what they turned out to be.
    struct Open {
        std::string key, pointer;
        enum class Kind { none, sequence, mapping } kind = Kind::none;
        std::size_t indent = 0;
    };
    std::optional<Open> open;
    auto close_open = [&] {
        if (open && open->kind == Open::Kind::none) out[open->key] = nullptr;
        open.reset();
    };
    // A scalar's value, recording its line and (plain) its text as yaml_to_json would.
    std::size_t values = 0;
    auto value_of = [&](const Scalar& s, const std::string& pointer, std::size_t line) -> nlohmann::ordered_json {
        ++values;
        lines.line[pointer] = line;
        const bool null = s.plain && (s.text == "~" || s.text == "null" || s.text == "Null" || s.text == "NULL");
        if (!s.plain) return s.text;
        if (null) return nullptr;  // yaml-cpp makes a null node of it: no raw text
        lines.raw[pointer] = s.text;
        return plain_scalar_json(s.text);
    };
    // "[a, b]" -> an array; nullopt for any flow this reader does not take.
    auto flow_sequence = [&](std::string_view v, const std::string& pointer,
                             std::size_t line) -> std::optional<nlohmann::ordered_json> {
        if (v.back() != ']') return std::nullopt;
        const std::string_view inner = v.substr(1, v.size() - 2);
        auto arr = nlohmann::ordered_json::array();
        if (text::trim(inner).empty()) return arr;
        std::size_t i = 0;
        for (std::size_t pos = 0; pos <= inner.size(); ++i) {
            const auto comma = inner.find(',', pos);
            const auto item = text::trim(inner.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
            const auto s = one_line_scalar(item, true);
            if (!s || (!s->plain && s->text.find_first_of(",[]{}") != std::string::npos)) return std::nullopt;
            arr.push_back(value_of(*s, pointer + "/" + std::to_string(i), line));
            if (comma == std::string_view::npos) break;
            pos = comma + 1;
        }
        return arr;
    };
    std::size_t first_key_line = 0, n = 0;
    for (std::size_t pos = 0; pos <= yaml.size(); ++n) {
        const auto nl = yaml.find('\n', pos);
        const std::string_view l = yaml.substr(pos, (nl == std::string_view::npos ? yaml.size() : nl) - pos);
        pos = nl == std::string_view::npos ? yaml.size() + 1 : nl + 1;
        const std::size_t line = first_line + n;
        const auto indent = l.find_first_not_of(' ');
        if (indent == std::string_view::npos || l[indent] == '#') continue;  // blank or comment
        if (n > 5000 || values > 5000 || indent > 64) return std::nullopt;  // yaml-cpp keeps the limits
        const std::string_view body = l.substr(indent);
        const bool item = body == "-" || body.substr(0, 2) == "- ";
        if (indent == 0 && !item) {
            close_open();
            if (body.substr(0, 3) == "---" || body.substr(0, 3) == "...") return std::nullopt;
            const auto kv = key_line(body);
            if (!kv) return std::nullopt;
            std::string key(kv->first);
            // A repeated key (every key before is in `out`: the open one was closed above).
            if (out.contains(key)) return std::nullopt;
            if (!first_key_line) first_key_line = line;
            const std::string pointer = "/" + text::pointer_token(key);
            const std::string_view v = kv->second;
            lines.line[pointer] = line;
            if (v.empty()) {
                open.emplace();
                open->key = key;
                open->pointer = pointer;
                continue;
            }
            if (v[0] == '[') {
                auto arr = flow_sequence(v, pointer, line);
                if (!arr) return std::nullopt;
                out[key] = std::move(*arr);
            } else {
                const auto s = one_line_scalar(v, false);
                if (!s) return std::nullopt;
                out[key] = value_of(*s, pointer, line);
            }
            continue;
        }
        // An indented line (or a "- item" at the margin) belongs to the open key.
        if (!open) return std::nullopt;
        if (open->kind == Open::Kind::none) {
            open->kind = item ? Open::Kind::sequence : Open::Kind::mapping;
            open->indent = indent;
            out[open->key] = item ? nlohmann::ordered_json::array() : nlohmann::ordered_json::object();
        }
        if (indent != open->indent || item != (open->kind == Open::Kind::sequence)) return std::nullopt;
        auto& container = out[open->key];
        if (item) {
            const auto s = one_line_scalar(text::trim(body.substr(1)), false);
            if (!s) return std::nullopt;
            container.push_back(value_of(*s, open->pointer + "/" + std::to_string(container.size()), line));
            continue;
        }
        const auto kv = key_line(body);
        if (!kv || kv->second.empty()) return std::nullopt;  // deeper nesting: yaml-cpp
        std::string key(kv->first);
        if (container.contains(key)) return std::nullopt;  // a repeated key
        const std::string pointer = open->pointer + "/" + text::pointer_token(key);
        if (kv->second[0] == '[') {
            auto arr = flow_sequence(kv->second, pointer, line);
            if (!arr) return std::nullopt;
            container[key] = std::move(*arr);
        } else {
            const auto s = one_line_scalar(kv->second, false);
            if (!s) return std::nullopt;
            container[key] = value_of(*s, pointer, line);
        }
        lines.line[pointer] = line;
    }
    close_open();
    if (!first_key_line || values > 5000) return std::nullopt;
    lines.line[""] = first_key_line;
    where = std::move(lines);
    return out;
}

}  // namespace incidentkit
