// yaml-cpp emits "no", "14:32" and "2024-03-15" unquoted (YAML 1.1 reads them as a bool, a sexagesimal number
// and a date), and its literal blocks mishandle leading spaces and chomping; so strings are double-quoted
// unless a conservative rule says plain is safe, and multi-line strings are always double-quoted.
#include "writers/yaml_emit.hpp"

#include <yaml-cpp/yaml.h>

#include "normalize/text.hpp"

namespace incidentkit {

bool yaml_plain_safe(const std::string& s) {
    if (s.empty() || s.size() > 200) return false;
    const auto first = static_cast<unsigned char>(s[0]);
    const bool letter = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first >= 0x80;
    if (!letter || s.back() == ' ') return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return false;
        switch (c) {
            case ':': case '#': case '{': case '}': case '[': case ']': case ',': case '&': case '*': case '!':
            case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case '\\': case '?':
                return false;
            default: break;
        }
    }
    static const char* const reserved[] = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"};
    const std::string l = text::lower(s);
    for (const char* r : reserved) {
        if (l == r) return false;
    }
    return true;
}

namespace {

void emit(YAML::Emitter& out, const nlohmann::ordered_json& v) {
    switch (v.type()) {
        case nlohmann::ordered_json::value_t::null: out << YAML::Null; break;
        case nlohmann::ordered_json::value_t::boolean: out << v.get<bool>(); break;
        case nlohmann::ordered_json::value_t::number_integer:
        case nlohmann::ordered_json::value_t::number_unsigned:
        case nlohmann::ordered_json::value_t::number_float:
            out << v.dump();  // nlohmann's shortest round-trip form: 0.1, not 0.10000000000000001
            break;
        case nlohmann::ordered_json::value_t::string: {
            const auto& s = v.get_ref<const std::string&>();
            if (yaml_plain_safe(s)) {
                out << s;
            } else {
                out << YAML::DoubleQuoted << s;
            }
            break;
        }
        case nlohmann::ordered_json::value_t::array:
            if (v.empty()) {
                out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
                break;
            }
            out << YAML::BeginSeq;
            for (const auto& x : v) emit(out, x);
            out << YAML::EndSeq;
            break;
        case nlohmann::ordered_json::value_t::object:
            if (v.empty()) {
                out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
                break;
            }
            out << YAML::BeginMap;
            for (const auto& [k, x] : v.items()) {
                out << YAML::Key;
                if (yaml_plain_safe(k)) {
                    out << k;
                } else {
                    out << YAML::DoubleQuoted << k;
                }
                out << YAML::Value;
                emit(out, x);
            }
            out << YAML::EndMap;
            break;
        default: out << YAML::Null; break;
    }
}

}  // namespace

std::string emit_yaml(const nlohmann::ordered_json& value) {
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emit(out, value);
    std::string s = out.c_str();
    if (s.empty() || s.back() != '\n') s += '\n';
    return s;
}

}  // namespace incidentkit
