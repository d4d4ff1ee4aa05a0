// The heading-synonym table; extend it here, not in the readers.
#include "extract/section_names.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "normalize/normalize.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

const std::map<std::string, SectionKind>& synonyms() {
    using K = SectionKind;
    static const std::map<std::string, SectionKind> m = {
        {"summary", K::summary}, {"executive summary", K::summary}, {"overview", K::summary},
        {"tl;dr", K::summary}, {"tldr", K::summary}, {"incident summary", K::summary},
        {"description", K::summary}, {"synopsis", K::summary}, {"abstract", K::summary},
        {"what happened", K::summary}, {"incident overview", K::summary}, {"issue summary", K::summary},
        {"impact", K::impact}, {"impact assessment", K::impact}, {"customer impact", K::impact},
        {"business impact", K::impact}, {"user impact", K::impact}, {"impact analysis", K::impact},
        {"impact summary", K::impact}, {"scope of impact", K::impact}, {"blast radius", K::impact},
        {"impact and scope", K::impact},
        {"timeline", K::timeline}, {"incident timeline", K::timeline}, {"chronology", K::timeline},
        {"timeline of events", K::timeline}, {"sequence of events", K::timeline},
        {"detailed timeline", K::timeline}, {"event timeline", K::timeline}, {"event log", K::timeline},
        {"root cause", K::root_cause}, {"root causes", K::root_cause}, {"root cause analysis", K::root_cause},
        {"rca", K::root_cause}, {"cause", K::root_cause}, {"causes", K::root_cause},
        {"contributing factors", K::root_cause}, {"contributing factor", K::root_cause},
        {"root cause and contributing factors", K::root_cause}, {"why it happened", K::root_cause},
        {"resolution", K::resolution}, {"remediation", K::resolution}, {"mitigation", K::resolution},
        {"mitigation and resolution", K::resolution}, {"resolution and recovery", K::resolution},
        {"recovery", K::resolution}, {"fix", K::resolution}, {"resolution steps", K::resolution},
        {"how it was resolved", K::resolution}, {"immediate actions", K::resolution},
        {"mitigation steps", K::resolution}, {"resolution and mitigation", K::resolution},
        {"action items", K::action_items}, {"follow ups", K::action_items}, {"follow up", K::action_items},
        {"followups", K::action_items}, {"follow up actions", K::action_items},
        {"follow up items", K::action_items}, {"corrective actions", K::action_items},
        {"next steps", K::action_items}, {"preventive actions", K::action_items},
        {"preventative actions", K::action_items}, {"corrective and preventive actions", K::action_items},
        {"remediation items", K::action_items}, {"action plan", K::action_items}, {"todo", K::action_items},
        {"to do", K::action_items}, {"tasks", K::action_items}, {"preventive measures", K::action_items},
        {"preventative measures", K::action_items}, {"action items and follow ups", K::action_items},
        {"lessons learned", K::lessons_learned}, {"lessons", K::lessons_learned},
        {"learnings", K::lessons_learned}, {"what went well", K::lessons_learned},
        {"what went wrong", K::lessons_learned}, {"what went poorly", K::lessons_learned},
        {"what didn't go well", K::lessons_learned}, {"where we got lucky", K::lessons_learned},
        {"what we learned", K::lessons_learned}, {"takeaways", K::lessons_learned},
        {"key takeaways", K::lessons_learned}, {"lessons learnt", K::lessons_learned},
        {"affected systems", K::affected_systems}, {"affected services", K::affected_systems},
        {"services affected", K::affected_systems}, {"systems affected", K::affected_systems},
        {"affected components", K::affected_systems}, {"impacted services", K::affected_systems},
        {"impacted systems", K::affected_systems}, {"components affected", K::affected_systems},
        {"related incidents", K::related_incidents}, {"related", K::related_incidents},
        {"related issues", K::related_incidents}, {"similar incidents", K::related_incidents},
        {"previous incidents", K::related_incidents}, {"related incident", K::related_incidents},
        {"incident details", K::details}, {"details", K::details}, {"metadata", K::details},
        {"incident metadata", K::details}, {"incident information", K::details}, {"incident info", K::details},
        {"key information", K::details}, {"at a glance", K::details}, {"incident data", K::details},
    };
    return m;
}

}  // namespace

const char* to_string(SectionKind kind) {
    switch (kind) {
        case SectionKind::unknown: return "kept as a section";
        case SectionKind::summary: return "summary";
        case SectionKind::impact: return "impact";
        case SectionKind::timeline: return "timeline";
        case SectionKind::root_cause: return "root cause";
        case SectionKind::resolution: return "resolution";
        case SectionKind::action_items: return "action items";
        case SectionKind::lessons_learned: return "lessons learned";
        case SectionKind::affected_systems: return "affected systems";
        case SectionKind::related_incidents: return "related incidents";
        case SectionKind::details: return "details";
    }
    return "?";
}

std::string heading_key(std::string_view heading) {
    std::string s = text::key_form(heading);
    // ":warning: Leadup", "**So what happened?**", "1. Root cause", "IV) Timeline", "#3 Impact".
    static const RE2 shortcode{":[a-z0-9_+-]+:"};
    if (s.find(':') != std::string::npos) RE2::GlobalReplace(&s, shortcode, "");
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '*' || c == '`'; }), s.end());
    s = std::string(text::trim(s));
    static const RE2 numbering{"^(?:\\d+(?:\\.\\d+)*[.)]?|[ivx]+[.)]|[a-z][.)]|#\\d+)\\s+"};
    if (s.find_first_of(".)") != std::string::npos || (!s.empty() && s[0] == '#')) RE2::Replace(&s, numbering, "");
    static const RE2 paren{"\\s*\\([^)]*\\)\\s*$"};
    if (!s.empty() && s.back() == ')') RE2::Replace(&s, paren, "");
    while (!s.empty() && (s.back() == ':' || s.back() == '.' || s.back() == ' ' || s.back() == '?' || s.back() == '!')) {
        s.pop_back();
    }
    return s;
}

namespace {

// Headings by what they ask, when the table has no exact entry: ordered, the first rule that matches wins.
// Words, not whole headings, so "Root cause of the outage", "Why did this happen?" and "What we're doing
// about it" classify like "Root Cause" and "Action Items". A few words in German and Spanish where cheap.
// One RE2::Set over the rules says which match in a single scan of the key (eight PartialMatch calls on
// every unseen heading were most of classifying it); the first of them wins. Should the set not compile or its
// DFA run out of memory, the rules are compiled one by one and tried in order: the same answer, slower.
struct Rules {
    std::vector<std::pair<const char*, SectionKind>> list;
    std::unique_ptr<RE2::Set> set;

    SectionKind first_match(const std::string& key) const {
        std::vector<int> hits;
        RE2::Set::ErrorInfo error{};
        if (set && set->Match(key, &hits, &error)) return list[static_cast<std::size_t>(*std::min_element(hits.begin(), hits.end()))].second;
        if (set && error.kind == RE2::Set::kNoError) return SectionKind::unknown;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (RE2::PartialMatch(key, *one_by_one()[i])) return list[i].second;
        }
        return SectionKind::unknown;
    }

private:
    const std::vector<std::unique_ptr<RE2>>& one_by_one() const {
        std::call_once(once_, [&] {
            for (const auto& [pattern, kind] : list) res_.push_back(std::make_unique<RE2>(pattern));
        });
        return res_;
    }
    mutable std::once_flag once_;
    mutable std::vector<std::unique_ptr<RE2>> res_;
};

const Rules& rules() {
    using K = SectionKind;
    static const std::unique_ptr<Rules> rules = [] {
        auto r = std::make_unique<Rules>();
        auto& v = r->list;
        auto add = [&](const char* re, K k) { v.emplace_back(re, k); };
        // Response steps taken during the incident are its resolution, not follow-ups.
        add("\\b(?:actions? taken|immediate (?:actions?|steps|response|mitigation)|steps to resolution|steps taken|"
            "workarounds?|how (?:it|we|this) (?:was )?(?:fixed|resolved|mitigated|recovered)|how we fixed|"
            "details of (?:the )?fix|resolving the issue|mitigation|recovery|response and recovery|"
            "l[oö]sung|soluci[oó]n|resoluci[oó]n|behebung)\\b", K::resolution);
        add("\\b(?:action items?|action points?|actions? planned|follow[ -]?ups?|follow[ -]?up (?:tasks|items|actions|work)|"
            "corrective|preventi(?:ve|on)|preventative|proactive|next steps|remediations|remediation (?:items|plan|actions|steps)|"
            "future (?:improvements|measures|work|actions|plans|prevention)|looking forward|going forward|moving forward|"
            "recommendations?|what we(?: are|'re| will| are going to) (?:do|doing|change|changing)|what(?:'s| is) next|"
            "resulting actions?|resolving actions?|action plan|improvements|todos?|to dos?|long[ -]term (?:changes|fixes)|"
            "ma[sß]nahmen|n[aä]chste schritte|acciones|pr[oó]ximos pasos|medidas)\\b", K::action_items);
        add("\\b(?:lessons?|learnings?|learned|learnt|takeaways?|what went well|went (?:poorly|badly)|"
            "what (?:didn't|did not) go well|where we got lucky|reflections?|erkenntnisse|lecciones)\\b", K::lessons_learned);
        add("\\b(?:root causes?|causes?|caused|why (?:did|it|this|was|were|we)|five whys|5 whys|why's|contributing|"
            "triggers?|analysis|diagnosis|technical (?:details|background)|details of (?:the )?(?:vulnerability|exploit|"
            "incident|issue|bug|problem|outage|attack)|the vulnerability|vulnerability details|issue description|"
            "what went wrong|what happened|what broke|what caused|the problem|the bug|the issue|"
            "ursachen?|causas?|causa ra[ií]z)\\b", K::root_cause);
        add("\\b(?:impact|who was affected|affected (?:users|customers)|blast radius|scope|auswirkungen?|impacto)\\b",
            K::impact);
        add("\\b(?:timeline|chronology|sequence of events|key events|event log|incident log|status updates|updates|update log|"
            "lead[ -]?up|zeitverlauf|zeitleiste|chronologie|ablauf|cronolog[ií]a|l[ií]nea de tiempo)\\b", K::timeline);
        add("\\b(?:affected (?:systems|services|components|crates)|services impacted)\\b",
            K::affected_systems);
        add("\\b(?:summary|overview|tl;?dr|synopsis|abstract|zusammenfassung|resumen)\\b", K::summary);
        auto set = std::make_unique<RE2::Set>(RE2::DefaultOptions, RE2::UNANCHORED);
        bool ok = true;
        for (const auto& [pattern, kind] : v) ok = ok && set->Add(pattern, nullptr) >= 0;
        if (ok && set->Compile()) r->set = std::move(set);
        return r;
    }();
    return *rules;
}

// Headings that name a part of a document, not an incident: never a title, kept as a section.
bool generic_heading(const std::string& key) {
    static const char* const words[] = {
        "background", "context", "introduction", "notes", "appendix", "references", "resources", "links",
        "faq", "frequently asked questions", "glossary", "conclusion", "detection", "response", "symptoms",
        "investigation", "alert", "alerts", "postmortem", "post mortem", "postmortems", "incident log",
        "incident reports", "incidents", "supporting information", "disclosure", "details", "questions",
        "acknowledgements", "acknowledgments", "about", "table of contents", "contents", "hinweise"};
    for (const char* w : words) {
        if (key == w) return true;
    }
    return false;
}


std::size_t words_in(const std::string& key) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : key) {
        const bool w = c != ' ';
        n += w && !in_word;
        in_word = w;
    }
    return n;
}

// By the keyword rules, for a heading short enough to be a section's name: "Fall of Terra - Timeline of the
// attack" is an incident's title, not a timeline.
SectionKind by_keywords(const std::string& key, std::size_t max_words) {
    if (words_in(key) > max_words) return SectionKind::unknown;
    return rules().first_match(key);
}

}  // namespace

namespace {

SectionKind classify_heading_uncached(std::string_view heading);

// A pure function of a heading's text, remembered in `cache` (one per thread and question): archives repeat
// their headings ("Timeline", "Root Cause") in every report. Cleared when full, so it stays bounded.
// Looked up by view (heterogeneous lookup): a hit copies no key.
struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class T>
using HeadingCache = std::unordered_map<std::string, T, ViewHash, std::equal_to<>>;

template <class T, class Compute>
T remembered(HeadingCache<T>& cache, std::string_view heading, Compute&& compute) {
    if (const auto it = cache.find(heading); it != cache.end()) return it->second;
    const T value = compute(heading);
    if (cache.size() >= 4096) cache.clear();
    cache.emplace(std::string(heading), value);
    return value;
}

}  // namespace

SectionKind classify_heading(std::string_view heading) {
    // The key folding and the keyword rules were a twentieth of a conversion's instructions.
    thread_local HeadingCache<SectionKind> cache;
    return remembered(cache, heading, classify_heading_uncached);
}

namespace {

SectionKind classify_heading_uncached(std::string_view heading) {
    const auto& m = synonyms();
    const std::string key = heading_key(heading);
    if (auto it = m.find(key); it != m.end()) return it->second;
    if (const auto k = by_keywords(key, 7); k != SectionKind::unknown) return k;
    // "Working Theory (root cause)": what the parenthetical names.
    static const RE2 inner{"\\(([^)]*)\\)"};
    std::string in;
    if (heading.find('(') != std::string_view::npos && RE2::PartialMatch(text::key_form(heading), inner, &in)) {
        const std::string k = heading_key(in);
        if (auto it = m.find(k); it != m.end() && it->second == SectionKind::root_cause) return SectionKind::root_cause;
    }
    return SectionKind::unknown;
}

}  // namespace

bool is_collection_heading(std::string_view heading) {
    // Asked of every heading; its key folding was a hundredth of a conversion.
    thread_local HeadingCache<bool> cache;
    return remembered(cache, heading, [](std::string_view h) {
        static const char* const words[] = {"postmortems", "post mortems", "incident log", "incident reports",
                                            "incidents", "incident history", "status", "status page", "outages"};
        const std::string key = heading_key(h);
        for (const char* w : words) {
            if (key == w) return true;
        }
        return false;
    });
}

bool names_a_section(std::string_view heading) {
    const std::string key = heading_key(heading);
    return synonyms().count(key) || generic_heading(key) || by_keywords(key, 4) != SectionKind::unknown;
}

std::string heading_zone(std::string_view heading) {
    static const RE2 paren{"\\(\\s*(?:(?i)all\\s+)?(?:(?i)times?\\s+(?:are\\s+)?(?:in\\s+)?)?([^)]+?)\\s*\\)\\s*:?\\s*$"};
    std::string inside;
    if (!RE2::PartialMatch(std::string(heading), paren, &inside)) return {};
    return resolve_zone(inside) ? inside : std::string();
}

}  // namespace incidentkit
