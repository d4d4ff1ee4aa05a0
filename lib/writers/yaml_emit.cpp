// Block-style YAML for JSON values, written here rather than by yaml-cpp's emitter: that emitter writes "no",
// "14:32" and "2024-03-15" unquoted (YAML 1.1 reads a bool, a sexagesimal number and a date), mishandles
// leading spaces and chomping in literal blocks, and replaces U+FFFE/U+FFFF with U+FFFD, so a string would
// not come back. Strings are plain only when a conservative rule says so; all others are double-quoted with
// escapes for what YAML may not hold raw. yaml-cpp still reads everything back.
#include "writers/yaml_emit.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "normalize/text.hpp"

namespace incidentkit {

namespace {

// The code point of the UTF-8 sequence at s[i] (valid UTF-8 assumed; a stray byte is returned as itself).
std::uint32_t code_point(const std::string& s, std::size_t i, std::size_t& len) {
    len = text::utf8_length_at(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    if (len <= 1) {
        len = 1;
        return c;
    }
    std::uint32_t cp = c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

// YAML's printable set, less what some parsers take for a line break or a byte-order mark.
bool printable(std::uint32_t cp) {
    if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
    if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) return false;
    return cp < 0xD800 || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

std::string double_quoted(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 1;
        const std::uint32_t cp = code_point(s, i, len);
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (printable(cp)) {
                    out.append(s, i, len);
                } else if (cp < 0x100) {
                    out += fmt::format("\\x{:02X}", cp);
                } else if (cp < 0x10000) {
                    out += fmt::format("\\u{:04X}", cp);
                } else {
                    out += fmt::format("\\U{:08X}", cp);
                }
        }
        i += len;
    }
    return out + "\"";
}

}  // namespace

bool yaml_plain_safe(const std::string& s) {
    if (s.empty() || s.size() > 200) return false;
    const auto first = static_cast<unsigned char>(s[0]);
    const bool letter = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first >= 0x80;
    if (!letter || s.back() == ' ') return false;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 1;
        if (!printable(code_point(s, i, len))) return false;
        switch (s[i]) {
            case ':': case '#': case '{': case '}': case '[': case ']': case ',': case '&': case '*': case '!':
            case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case '\\': case '?':
                return false;
            default: break;
        }
        i += len;
    }
    static const char* const reserved[] = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"};
    const std::string l = text::lower(s);
    for (const char* r : reserved) {
        if (l == r) return false;
    }
    return true;
}

namespace {

std::string scalar(const nlohmann::ordered_json& v) {
    switch (v.type()) {
        case nlohmann::ordered_json::value_t::null: return "~";
        case nlohmann::ordered_json::value_t::boolean: return v.get<bool>() ? "true" : "false";
        case nlohmann::ordered_json::value_t::string: {
            const auto& s = v.get_ref<const std::string&>();
            return yaml_plain_safe(s) ? s : double_quoted(s);
        }
        case nlohmann::ordered_json::value_t::array: return "[]";
        case nlohmann::ordered_json::value_t::object: return "{}";
        default: return v.dump();  // nlohmann's shortest round-trip form: 0.1, not 0.10000000000000001
    }
}

bool nested(const nlohmann::ordered_json& v) { return (v.is_array() || v.is_object()) && !v.empty(); }

// Writes `v` whose first line continues the current one (after "key:" or "- "); `indent` is the column
// of the block's items.
void emit(std::string& out, const nlohmann::ordered_json& v, std::size_t indent, bool inline_first) {
    const std::string pad(indent, ' ');
    bool first = true;
    auto lead = [&] {
        if (!(first && inline_first)) out += pad;
        first = false;
    };
    if (v.is_object()) {
        for (const auto& [k, x] : v.items()) {
            lead();
            const std::string key = yaml_plain_safe(k) ? k : double_quoted(k);
            // YAML caps an implicit key at 1024 characters (readers reject a longer one): past that, the
            // explicit form "? key" then ": value" on the next line.
            if (key.size() > 1000) {
                out += "? " + double_quoted(k) + "\n" + pad + ":";
            } else {
                out += key + ":";
            }
            if (nested(x)) {
                out += "\n";
                emit(out, x, x.is_array() ? indent + 2 : indent + 2, false);
            } else {
                out += " " + scalar(x) + "\n";
            }
        }
    } else {
        for (const auto& x : v) {
            lead();
            out += "- ";
            if (nested(x)) {
                emit(out, x, indent + 2, true);
            } else {
                out += scalar(x) + "\n";
            }
        }
    }
}

}  // namespace

std::string emit_yaml(const nlohmann::ordered_json& value) {
    if (!nested(value)) return scalar(value) + "\n";
    std::string out;
    emit(out, value, 0, false);
    return out;
}

}  // namespace incidentkit
