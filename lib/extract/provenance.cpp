// Provenance by difference: what a unit of the report filled is what changed while it was read.
#include "extract/provenance.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "normalize/text.hpp"

namespace incidentkit {
namespace {

bool empty_value(const ordered_json& v) {
    return v.is_null() || ((v.is_array() || v.is_object() || v.is_string()) && v.empty());
}

ordered_json fields_of(const Incident& inc) {
    ordered_json j = inc;
    j.erase("source");
    j.erase("schema_version");
    return j;
}

// Pointers of what `after` holds that `before` did not (new list elements, new or changed values).
void diff(const ordered_json& before, const ordered_json& after, const std::string& at, std::vector<std::string>& out) {
    if (after.is_array()) {
        const std::size_t from = before.is_array() ? before.size() : 0;
        for (std::size_t i = from; i < after.size(); ++i) out.push_back(at + "/" + std::to_string(i));
        return;
    }
    if (after.is_object() && (at == "/impact" || at == "/extra")) {
        for (const auto& [k, v] : after.items()) {
            const ordered_json none;
            const ordered_json& b = before.is_object() && before.contains(k) ? before.at(k) : none;
            diff(b, v, at + "/" + text::pointer_token(k), out);
        }
        return;
    }
    if (!empty_value(after) && after != before) out.push_back(at);
}

}  // namespace

std::string ProvenanceLog::excerpt_of(std::size_t line) const {
    if (!lines_ || line == 0) return {};
    std::string_view t = text::trim(lines_->line(line));
    if (t.size() <= 120) return std::string(t);
    std::size_t cut = 117;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    return std::string(t.substr(0, cut)) + "...";
}

void ProvenanceLog::note(Incident& inc, std::string_view pointer, std::size_t line, std::string_view rule, bool inferred,
                         std::string_view excerpt) const {
    if (!on_ || has_provenance(inc, pointer)) return;
    inc.source.provenance.push_back({std::string(pointer), line, std::string(rule),
                                     excerpt.empty() ? excerpt_of(line) : std::string(excerpt), inferred});
}

void ProvenanceLog::begin(const Incident& inc) {
    if (on_) before_.push_back(fields_of(inc));
}

void ProvenanceLog::end(Incident& inc, std::size_t line, std::string_view rule, bool inferred, std::string_view excerpt) {
    if (!on_ || before_.empty()) return;
    const ordered_json after = fields_of(inc);
    const ordered_json before = std::move(before_.back());
    before_.pop_back();
    std::vector<std::string> changed;
    for (const auto& [k, v] : after.items()) {
        const ordered_json none;
        diff(before.contains(k) ? before.at(k) : none, v, "/" + k, changed);
    }
    for (const auto& p : changed) note(inc, p, line, rule, inferred, excerpt);
}

bool has_provenance(const Incident& inc, std::string_view pointer) {
    for (const auto& p : inc.source.provenance) {
        if (p.pointer == pointer || (p.pointer.size() > pointer.size() && p.pointer.rfind(pointer, 0) == 0 &&
                                     p.pointer[pointer.size()] == '/')) {
            return true;
        }
    }
    return false;
}

void drop_inferred(Incident& inc) {
    auto& prov = inc.source.provenance;
    std::vector<std::string> gone;
    for (const auto& p : prov) {
        if (p.inferred) gone.push_back(p.pointer);
    }
    if (gone.empty()) return;
    ordered_json j = inc;
    // List elements go from the back, so indexes of the others stay right while removing.
    std::map<std::string, std::set<std::size_t, std::greater<>>> removed;  // list pointer -> indexes
    for (const auto& ptr : gone) {
        const auto slash = ptr.rfind('/');
        const std::string parent = ptr.substr(0, slash), last = ptr.substr(slash + 1);
        const auto pj = ordered_json::json_pointer(parent);
        if (!last.empty() && std::all_of(last.begin(), last.end(), ::isdigit) && j.contains(pj) && j.at(pj).is_array()) {
            removed[parent].insert(std::stoul(last));
        } else if (j.contains(ordered_json::json_pointer(ptr))) {
            if (parent == "/extra") j.at(pj).erase(last);
            else j.at(ordered_json::json_pointer(ptr)) = nullptr;
        }
    }
    for (const auto& [parent, idx] : removed) {
        auto& arr = j.at(ordered_json::json_pointer(parent));
        for (std::size_t i : idx) {
            if (i < arr.size()) arr.erase(arr.begin() + static_cast<long>(i));
        }
    }
    // Lists and other values that became null where the model wants a list stay valid for from_json.
    for (const char* list : {"responders", "affected_systems", "tags", "links", "timeline", "resolution", "action_items",
                             "lessons_learned", "sections"}) {
        if (j.at(list).is_null()) j[list] = ordered_json::array();
    }
    for (const char* list : {"items", "metrics"}) {
        if (j.at("impact").at(list).is_null()) j["impact"][list] = ordered_json::array();
    }
    Source source = std::move(inc.source);
    inc = j.get<Incident>();
    // The provenance of what is left, with list indexes moved down past the removed elements.
    source.provenance.erase(std::remove_if(source.provenance.begin(), source.provenance.end(),
                                           [](const Provenance& p) { return p.inferred; }),
                            source.provenance.end());
    for (auto& p : source.provenance) {
        for (const auto& [parent, idx] : removed) {
            if (p.pointer.rfind(parent + "/", 0) != 0) continue;
            const std::string rest = p.pointer.substr(parent.size() + 1);
            const std::size_t end = rest.find('/');
            const std::string num = rest.substr(0, end);
            if (num.empty() || !std::all_of(num.begin(), num.end(), ::isdigit)) continue;
            const std::size_t k = std::stoul(num);
            const std::size_t below = static_cast<std::size_t>(std::count_if(idx.begin(), idx.end(), [&](std::size_t i) { return i < k; }));
            p.pointer = parent + "/" + std::to_string(k - below) + (end == std::string::npos ? "" : rest.substr(end));
        }
    }
    inc.source = std::move(source);
}

}  // namespace incidentkit
