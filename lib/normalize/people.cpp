// normalize_person: a person as written -> {name, handle}.
#include <re2/re2.h>

#include "normalize/normalize.hpp"
#include "normalize/regex.hpp"
#include "normalize/text.hpp"

namespace incidentkit {

std::optional<Person> normalize_person(std::string_view raw) {
    std::string s(text::trim(raw));
    if (s.empty()) return std::nullopt;
    // Each pattern below holds a handle, so a name without '@' (most of them) needs none of the three.
    if (s.find('@') == std::string::npos) return Person{s, std::nullopt};
    static const RE2 handle_only{"@([\\w.\\-]+)"};
    static const RE2 name_and_handle{"(.+?)\\s*[(<\\[]\\s*(@[\\w.\\-]+)\\s*[)>\\]]"};
    static const RE2 handle_and_name{"(@[\\w.\\-]+)\\s*[(<\\[]\\s*(.+?)\\s*[)>\\]]"};
    std::string name, handle;
    if (rx::full_match(s, handle_only, &name)) return Person{name, s};
    if (rx::full_match(s, name_and_handle, &name, &handle)) return Person{name, handle};
    if (rx::full_match(s, handle_and_name, &handle, &name)) return Person{name, handle};
    return Person{s, std::nullopt};
}

}  // namespace incidentkit
