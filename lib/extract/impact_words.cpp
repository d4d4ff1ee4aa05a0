// Customer impact from words: ordered phrase tables over scopes (title and description, the impact section,
// the opening text, the body), with negation and hypotheticals ignored. Tables and precedence: docs/model.md.
#include "extract/impact_words.hpp"

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "normalize/regex.hpp"
#include "readers/input_text.hpp"
#include "normalize/text.hpp"

namespace incidentkit {
namespace {

// One word and the space after it.
#define IK_W "(?:[\\w./'\\x{2019}-]+\\s+)"

// One row of a class's table. Its patterns are compiled on first use: the RE2::Set over every row says which
// rows match at all, so most rows are never run, and compiling all of them up front was a fifth of the start-up
// of a batch (half a million instructions per report on a batch of 200).
struct Row {
    Row(const char* p, const char* u = nullptr) : pattern(std::string("(?i)") + p), unless_pattern(u ? u : "") {}
    const std::string pattern;
    const std::string unless_pattern;  // a match that also matches this is no match; empty for none

    const RE2& re() const {
        std::call_once(once_, [&] { compile(); });
        return *re_;
    }
    const RE2* unless() const {
        std::call_once(once_, [&] { compile(); });
        return unless_.get();
    }

private:
    void compile() const {
        re_ = std::make_unique<RE2>(pattern);
        if (!unless_pattern.empty()) unless_ = std::make_unique<RE2>("(?i)" + unless_pattern);
    }
    mutable std::once_flag once_;
    mutable std::unique_ptr<RE2> re_, unless_;
};
using Table = std::vector<std::unique_ptr<Row>>;

Table make(std::initializer_list<std::pair<const char*, const char*>> rows) {
    Table t;
    for (const auto& [p, u] : rows) t.push_back(std::make_unique<Row>(p, u));
    return t;
}

enum Cls { kNone, kFull, kOutage, kPartial, kLimiter, kDegraded, kClasses };

const std::vector<Table>& tables() {
    static const std::vector<Table> t = [] {
        std::vector<Table> v(kClasses);
        v[kNone] = make({
            {R"re(\bno (?:known |direct |visible |noticeable |significant |actual )?(?:(?:end|ordinary)[- ])?(?:user|customer|client)s?[- ](?:facing[- ])?(?:impact|problems|issues))re", nullptr},
            {R"re(\bno (?:known |direct )?impact (?:on|to|for) (?:(?:any|our|the|ordinary|end)\s+)?(?:users|customers|clients|end[- ]users|production))re", nullptr},
            {R"re(\b(?:users|customers|clients|user funds|funds)\s+(?:were|was|are|have been)\s+(?:not|never)\s+(?:affected|impacted|at risk))re", nullptr},
            {R"re(\b(?:users|customers|clients)\s+(?:were|was|are)\s+unaffected)re", nullptr},
            {R"re(\bdid(?: not|n't) (?:affect|impact) (?:any )?(?:(?:our|the)\s+)?(?:users?|customers?|clients?|user funds|funds))re", nullptr},
            {R"re(\bdid(?: not|n't) contain any (?:user|customer) (?:funds|data))re", nullptr},
            {R"re(\bno (?:users?|customers?) (?:reported|noticed|were affected|was affected))re", nullptr},
            {R"re(\bnot (?:been )?(?:reported|noticed) (?:at all )?by (?:any )?(?:users|customers))re", nullptr},
            {R"re(\bwithout (?:any )?(?:user|customer|service)[- ](?:impact|disruption|downtime))re", nullptr},
            {R"re(\bno (?:user|customer) action (?:is |was )?required)re", nullptr},
            {R"re(\bno action (?:is |was )?required (?:from|by) (?:the )?(?:users?|customers?))re", nullptr},
            {R"re(\b(?:increased|potential|only a) risk (?:of|for)\b)re", nullptr},
            {R"re((?m)^\W*(?:an? )?(?:increased|potential|higher) risk\b)re", nullptr},
            {R"re(\bkeine (?:Auswirkungen|Beeinträchtigung))re", nullptr},
            {R"re(\bsin (?:impacto|afectación) (?:para|a|en) (?:los )?(?:usuarios|clientes))re", nullptr},
        });
        v[kFull] = make({
            {R"re(\b(?:total|complete|full|global|entire|catastrophic|widespread)\s+(?:(?:service|site|network|system|platform|infrastructure|production)\s+)?(?:outage|downtime|failure|blackout|halt)|\b(?:global|entire|catastrophic|widespread)\s+)re" IK_W R"re({1,2}(?:outage|downtime|failure))re", nullptr},
            {R"re(\b(?:all|every|entire|whole)\s+(?:of\s+)?(?:(?:the|our)\s+)?)re" IK_W R"re({0,3}?(?:services?|systems?|servers?|sites?|websites?|infrastructure|nodes|downloads|requests|jobs|users|network|platform|cluster|machines|instances|applications|apis?)\b[^.;\n]{0,60}?\b(?:down|unavailable|unresponsive|offline|unreachable|inaccessible|broken|failed|stopped|halted|not (?:available|accessible|reachable|responding|working)|cease[ds]? to|stopped responding))re", nullptr},
            {R"re(\b(?:completely|totally|entirely|fully)\s+(?:down|offline|unavailable|unreachable|inaccessible|broken|unusable))re", nullptr},
            {R"re(\bchain[- ]?halt(?:ed)?\b|\b(?:chain|network|blockchain) (?:halted|stopped)|\bhalted\b)re", nullptr},
            {R"re(\bpaus(?:e|ed|ing) the (?:blockchain|chain|network)\b)re", nullptr},
            {R"re(\b(?:impossible|no one was able|nobody could) to\s+\w+)re", R"re(\s(?:tell|know|say|determine|predict|judge|guess|verify|detect|reproduce|estimate|quantify|assess|rule)$)re"},
            {R"re(\b(?:alle|sämtliche) (?:Dienste|Systeme|Server)\b[^.\n]{0,60}?(?:nicht|ausgefallen)|\bTotalausfall\b)re", nullptr},
            {R"re(\b(?:todos los|todas las) (?:servicios|sistemas|máquinas)\b[^.\n]{0,60}?(?:caídos?|no disponibles?|fuera de servicio)|\binterrupción total\b)re", nullptr},
        });
        v[kOutage] = make({
            {R"re(\boutages?\b)re", nullptr},
            {R"re(\bdowntime\b)re", nullptr},
            {R"re(\b(?:went|go(?:es)?|gone|is|was|were|are|been|being|be)\s+(?:\w+\s+)?(?:down|offline)\b)re", nullptr},
            {R"re(\boffline\b)re", nullptr},
            {R"re(\b(?:is|was|were|are|became|become|been|being|be)\s+(?:\w+\s+)?(?:unavailable|unreachable|inaccessible|unresponsive|not (?:available|accessible|reachable|responding)))re", nullptr},
            {R"re(\b(?:stopped|ceased?d?) (?:responding|to respond|producing blocks|to be accessible)|\bcease[ds]? to be (?:accessible|available))re", nullptr},
            {R"re(\b(?:crashed|died|dead)\b)re", nullptr},
            {R"re(\bpanic(?:ked|s)?\b)re", nullptr},
            {R"re(\b(?:nicht|nicht mehr) (?:erreichbar|verfügbar|nutzbar)|\b(?:Ausfall|ausgefallen|Störung)\b)re", nullptr},
            {R"re(\b(?:caída|caídos?|fuera de servicio|sin servicio|no (?:está|están|estaban?) disponibles?|corte de (?:corriente|luz|red|energía)))re", nullptr},
        });
        v[kPartial] = make({
            {R"re(\bpartial(?:ly)?\s+)re" IK_W R"re({0,2}?(?:outages?|downtime|down|offline|unavailab\w*|available|availability|disruption|failures?|functional|working|operational|reachable|accessible|broken|degraded)\b)re", nullptr},
            {R"re(\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|hundreds of|thousands of)\s+)re" IK_W R"re({0,2}?(?:users|customers|clients|accounts|owners|members|tenants|people)\s+(?:were|was|have been|had been|got)\s+(?:impacted|affected)\b)re", nullptr},
            {R"re(\b(?:chain|minority|network|consensus|testnet)(?: chain)?[- ]splits?\b)re", nullptr},
            {R"re(\b(?:some|several|a number of|certain|a subset of|a few|a handful of|part of|parts of|one of(?: our| the)?)\s+(?:)re" IK_W R"re({0,2})?(?:users|customers|clients|services|features|regions|servers|nodes|sites|websites|endpoints|pages|locations|networks|components|tenants|validators|hosts|machines|clusters|accounts|projects|repositories|functions|operations|buildings)\b)re", nullptr},
            {R"re(\b(?:most|many|some|several|certain)\s+(?:of\s+(?:the|our)\s+)?(?:users|customers|clients)\b)re", nullptr},
            {R"re(\b(?:users|customers|clients|people|members|some|they)\s+(?:were\s+|are\s+|was\s+)?(?:unable|not able|could not|couldn't|cannot|can't)\s+to\b|\binability to\b)re", nullptr},
            {R"re(\b(?:users|customers|clients|people|members|some|they)\s+(?:were\s+|are\s+|was\s+)?(?:could not|couldn't|cannot|can't|did not manage to)\s+\w+)re", R"re(\sbe$)re"},
            {R"re(\b(?:drained|stolen|(?:user |vault )?(?:funds|deposits|collateral) (?:were |was |being )?(?:lost|drained|stolen)|(?:\d[\d.,]*\s*[mk]?\s*\w+ (?:of|in) (?:vault |user )?(?:deposits|funds) (?:being |were |was )?lost))\b)re", nullptr},
            {R"re(\b(?:total|complete|full)\s+[a-z]+\s+outage\b)re", R"re(^\w+\s+(?:service|site|network|system|platform|infrastructure|production)\s)re"},
            {R"re(\b(?:teilweise|teilweiser|einige (?:Dienste|Nutzer))|\b(?:parcial(?:mente)?|algunos (?:servicios|usuarios)))re", nullptr},
        });
        v[kLimiter] = make({
            {R"re(\b(?:only|solely|exclusively)\s+(?:affected|impacted|concerns?)\b|\baffect(?:ed|s|ing)? only\b|\bthe only (?:location|region|site|service|server|node|one)\b|\bonly (?:the|one|a single) [\w.-]+ (?:website|site|server|node|service|location|region)\b)re", nullptr},
            {R"re(\b(?:was|were|remained|stayed|are|is)\s+(?:not affected|unaffected|not impacted|unimpacted))re", nullptr},
            {R"re(\b(?:will be|would be|be)\s+(?:not affected|unaffected|not impacted|unimpacted))re", nullptr},
            {R"re(\b(?:continued|continues) to (?:work|function|operate|run|serve|process|produce))re", nullptr},
            {R"re(\b(?:stayed|remained|were still|was still|are still|is still)\s+(?:up|online|operational|available|functional|working|accessible|reachable))re", nullptr},
            {R"re(\b(?:were|was) (?:still )?working (?:for|fine|normally|correctly)\b|\b(?:is|was|remained) available for\b)re", nullptr},
            {R"re(\b(?:in|at|for)\s+(?:this|that|one|a single|the affected)\s+(?:location|region|datacenter|data center|site|zone|pop|building|cluster)\b)re", nullptr},
            {R"re(\b(?:on|in)\s+(?:this|that|one|a single|the affected)\s+(?:node|server|host|machine|instance)\b)re", nullptr},
        });
        v[kDegraded] = make({
            {R"re(\bdegrad(?:ed|ation|ing)\b)re", nullptr},
            {R"re(\bslow(?:ness|ed|er|ly|ing|downs?)?\b(?:\s+\w+)?)re", R"re(\bslowly\s+(?:ris\w*|rose|increas\w*|stabili[sz]\w*|recover\w*|return\w*|improv\w*|restor\w*|reach\w*|climb\w*|grow\w*|grew)$)re"},
            {R"re(\b(?:price|value)\s+(?:has\s+|had\s+)?dip(?:s|ped)?\b|\b(?:temporary|brief|short)\s+)re" IK_W R"re({0,3}?dips?\b)re", nullptr},
            {R"re(\b(?:high|higher|increased|elevated|spik\w*)\s+(?:)re" IK_W R"re({0,2})?(?:latency|latencies|response times?|error rates?|errors|load|packet loss))re", nullptr},
            {R"re(\blatenc(?:y|ies)\b)re", nullptr},
            {R"re(\bdelay(?:s|ed)?\b)re", nullptr},
            {R"re(\bintermittent(?:ly)?\b|\bsporadic(?:ally)?\b|\bflak(?:y|iness)\b|\bspurious\b|\bunstable\b|\binstability\b)re", nullptr},
            {R"re(\bpacket loss\b|\btime-?outs?\b|\btimed out\b)re", nullptr},
            {R"re(\b(?:reduced|lower(?:ed)?|poor|impaired)\s+(?:)re" IK_W R"re({0,1})?(?:capacity|performance|throughput|availability))re", nullptr},
            {R"re(\bperformance (?:issues?|problems?|degradation))re", nullptr},
            {R"re(\b(?:stuck|queued|backlog|pending)\b)re", nullptr},
            {R"re(\b(?:DDoS|DoS|denial[- ]of[- ]service)\b)re", nullptr},
            {R"re(\berror budget\b|\bSLOs?\b)re", nullptr},
            {R"re(\bimpact (?:was|is|has been|remained) (?:minimal|minor|low|negligible)\b|\b(?:minimal|minor|negligible) impact\b)re", nullptr},
            {R"re(\b5\d\d (?:errors?|responses?|timeouts?)|\b(?:50[234])s?\b)re", nullptr},
            {R"re(\b(?:langsam|verzögert|Verzögerung(?:en)?|eingeschränkt|instabil|Performance[- ]?Problem))re", nullptr},
            {R"re(\b(?:lentitud|lento|retrasos?|intermitente|degradad[oa]|latencias?|microcortes))re", nullptr},
        });
        return v;
    }();
    return t;
}

// A match preceded (in its sentence, at most 60 bytes back) by a conditional, or right after a negation, says
// nothing happened: "if all pods were down", "without any outage".
bool hypothetical(std::string_view text, std::size_t at) {
    std::size_t s = text.rfind('.', at == 0 ? 0 : at - 1);
    s = s == std::string_view::npos ? 0 : s + 1;
    const std::size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    if (nl != std::string_view::npos) s = std::max(s, nl + 1);
    if (at > 60) s = std::max(s, at - 60);
    const std::string_view window = text.substr(s, at - s);
    static const RE2 hypo{R"re((?i)\b(?:if|would|risk|potential(?:ly)?|in case|prevent|avoid|otherwise|whether)\b)re"};
    if (RE2::PartialMatch(re2::StringPiece(window.data(), window.size()), hypo)) return true;
    static const RE2 could{R"re((?i)\bcould\b(\s+not\b|n't)?)re"};
    if (text::contains_folded(window, "could")) {  // the word has no letter (?i) folds beyond ASCII
        std::string neg;
        re2::StringPiece in(window.data(), window.size());
        while (RE2::FindAndConsume(&in, could, &neg)) {
            if (neg.empty()) return true;
        }
    }
    const std::string_view before = text.substr(at > 25 ? at - 25 : 0, at > 25 ? 25 : at);
    static const RE2 negation{R"re((?i)\b(?:no|not|never|without|zero|nor)\s+(?:[\w-]+\s+)?$)re"};
    return RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), negation);
}

// Patterns from_prose tries on the same texts whole (not row by row); the row set says whether each can match,
// so a text that holds none of them is not scanned once more for each.
enum Extra { kExplicitPartial, kExplicitFull, kExplicitDegraded, kOnlyObject, kExtras };

const char* const kExplicitPartialPattern =
    R"re((?i)\bpartial(?:ly)?[- ](?:outage|downtime|unavailab\w+|down)\b|\bteilweise(?:r)? (?:Ausfall|nicht erreichbar)|\bcaída parcial|\binterrupción parcial)re";
const char* const kExplicitFullPattern =
    R"re((?i)\b(?:total|complete|full|global)\s+(?:service\s+|network\s+|site\s+|system\s+)?outage\b|\bTotalausfall\b)re";
const char* const kExplicitDegradedPattern =
    R"re((?i)\bdegraded[- ](?:service|performance)\b|\b(?:service|performance) degradation\b|\bminor (?:unplanned )?degradation)re";
// "only concerns the example.com website": group 1 is what the limit names.
const char* const kOnlyObjectPattern =
    R"re((?i)\b(?:only\s+(?:concerns?|affect(?:s|ed)|impact(?:s|ed))|(?:concerns?|affect(?:s|ed)|impact(?:s|ed))\s+(?:\*\*)?only)\s+(?:\*\*)?(?:the\s+)?([\w][\w.-]{3,}))re";

struct Hits {
    bool any[kClasses] = {};
    std::string first[kClasses];  // the first match of each class, for the excerpt
    bool may_match[kExtras] = {};  // whether the Extra pattern can match the text (true when not known)
    std::string_view text;         // what set_hits searched, for run_rows (which forgets it)
    std::vector<int> rows;         // set indexes still to run (run_rows empties it)
};

// One RE2::Set over the rows of every class: a single pass says which rows match anywhere in a text, so only
// those are run one by one (most rows match nothing; scanning every row of every table was most of a read's
// cost, and one set per class scanned each text once per class). Set index k is row `rows[k]` (class, row):
// classes in order, rows in order, so sorted indexes keep the tables' precedence; the Extra patterns follow.
// The set holds each pattern loosened (rx::loosen_class_repeats): it only says which rows to run, and those run
// their own pattern, so a looser entry changes no answer; the bounded copies were a third of the set's compile.
struct RowSet {
    std::unique_ptr<RE2::Set> set;  // null when it does not compile: every row is run (the same answer, slower)
    std::vector<std::pair<int, int>> rows;
};

const RowSet& row_set() {
    static const RowSet rs = [] {
        RowSet out;
        RE2::Options options;
        options.set_max_mem(64 << 20);
        auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
        bool ok = true;
        const auto& t = tables();
        for (int c = 0; c < kClasses; ++c) {
            for (std::size_t r = 0; r < t[c].size(); ++r) {
                ok = ok && set->Add(rx::loosen_class_repeats(t[c][r]->pattern), nullptr) >= 0;
                out.rows.emplace_back(c, static_cast<int>(r));
            }
        }
        // The extras after the rows, in Extra's order: set index rows.size() + e.
        for (const char* extra : {kExplicitPartialPattern, kExplicitFullPattern, kExplicitDegradedPattern, kOnlyObjectPattern}) {
            ok = ok && set->Add(rx::loosen_class_repeats(extra), nullptr) >= 0;
        }
        if (ok && set->Compile()) out.set = std::move(set);
        return out;
    }();
    return rs;
}

// The set's answer for a text: which rows can match it (to be run by run_rows) and which Extra patterns can.
Hits set_hits(std::string_view text) {
    Hits h;
    h.text = text;
    if (text.empty()) return h;
    const auto& rs = row_set();
    RE2::Set::ErrorInfo error{};
    if (rs.set && rs.set->Match(re2::StringPiece(text.data(), text.size()), &h.rows, &error)) {
        std::sort(h.rows.begin(), h.rows.end());
    } else if (rs.set && error.kind == RE2::Set::kNoError) {
        return h;  // no row matches
    } else {
        // No set, or its DFA ran out of memory on this text (RE2 then says "no match"): every row is run.
        h.rows.clear();
        for (std::size_t k = 0; k < rs.rows.size() + kExtras; ++k) h.rows.push_back(static_cast<int>(k));
    }
    for (const int k : h.rows) {
        if (static_cast<std::size_t>(k) >= rs.rows.size()) h.may_match[static_cast<std::size_t>(k) - rs.rows.size()] = true;
    }
    return h;
}

// Runs the rows the set picked, in the tables' order: each class's first match that is no negation or
// hypothetical.
void run_rows(Hits& h) {
    const std::string_view text = h.text;
    const auto& t = tables();
    const auto& rs = row_set();
    for (const int k : h.rows) {
        if (static_cast<std::size_t>(k) >= rs.rows.size()) continue;
        const auto [c, r] = rs.rows[static_cast<std::size_t>(k)];
        if (h.any[c]) continue;  // the class has its first hit
        const auto& row = t[c][static_cast<std::size_t>(r)];
        re2::StringPiece in(text.data(), text.size()), m;
        while (!h.any[c] && row->re().Match(in, 0, in.size(), RE2::UNANCHORED, &m, 1)) {
            const auto at = static_cast<std::size_t>(m.data() - text.data());
            const std::string matched(m.data(), m.size());
            const bool skipped = (row->unless() && RE2::PartialMatch(matched, *row->unless())) ||
                                 (c != kNone && c != kLimiter && hypothetical(text, at));
            if (!skipped) {
                h.any[c] = true;
                h.first[c] = matched;
            }
            const auto next = at + std::max<std::size_t>(m.size(), 1);
            if (next >= text.size()) break;
            in = re2::StringPiece(text.data() + next, text.size() - next);
        }
    }
    h.rows.clear();
    h.text = {};  // the text may be a temporary (hits_in's caller's): no view outlives the search
}

Hits hits_in(std::string_view text) {
    Hits h = set_hits(text);
    run_rows(h);
    return h;
}

std::optional<std::string> status_class(const std::string& w) {
    static const RE2 full{"(?i)down|major[-_ ]?outage|outage|offline|full[-_ ]?outage"};
    static const RE2 partial{"(?i)disrupted|partial[-_ ]?outage|partial|minor[-_ ]?outage"};
    static const RE2 degraded{"(?i)degraded|degraded[-_ ]?performance|performance[-_ ]?issues?"};
    if (RE2::FullMatch(w, full)) return "full_outage";
    if (RE2::FullMatch(w, partial)) return "partial_outage";
    if (RE2::FullMatch(w, degraded)) return "degraded";
    return std::nullopt;  // notice, informational, monitoring, maintenance, ok: the prose decides
}

// The body's prose, made on first use: its opening text and the longer part searched last.
class BodyProse {
public:
    explicit BodyProse(std::string_view markdown) : markdown_(markdown) {}
    const std::string& lead() { return make(), lead_; }
    const std::string& body() { return make(), body_; }

private:
    void make() {
        if (made_) return;
        made_ = true;
        const std::string prose = clean_prose(utf8_prefix(markdown_, 64 * 1024));
        lead_ = std::string(utf8_prefix(prose, 1200));
        body_ = std::string(utf8_prefix(prose, 8000));
    }
    std::string_view markdown_;
    bool made_ = false;
    std::string lead_, body_;
};

std::optional<ImpactFinding> from_prose(const ImpactTexts& t, BodyProse& prose) {
    struct Group {
        const char* name;
        Hits h;
    };
    const std::string head = t.title + "\n" + t.description;
    // Each scope is searched only when a step needs it, and step 1 decides often: it needs only what the set
    // says of the first two scopes, so their rows run after it, and the opening text is searched after it. The
    // body, the longest text, is searched only when the three scopes before it decide nothing (most reports
    // decide earlier; its search was a tenth of a batch's instructions).
    std::vector<Group> g = {{"title and description", set_hits(head)}, {"impact section", set_hits(t.impact)},
                            {"opening text", {}}, {"body", {}}};
    bool body_searched = false;
    auto search_body = [&] {
        if (!body_searched) g[3].h = hits_in(prose.body());
        body_searched = true;
    };
    auto found = [](const ImpactFinding& f) { return std::optional<ImpactFinding>(f); };
    // 1. A class named outright: "partial outage", "total outage", "degraded performance".
    static const RE2 explicit_partial{kExplicitPartialPattern};
    static const RE2 explicit_full{kExplicitFullPattern};
    static const RE2 explicit_degraded{kExplicitDegradedPattern};
    for (int i = 0; i < 2; ++i) {
        const std::string& text = i == 0 ? head : t.impact;
        const std::string scope = std::string("named in the ") + g[static_cast<std::size_t>(i)].name;
        const bool* may = g[static_cast<std::size_t>(i)].h.may_match;
        re2::StringPiece m;  // the whole match, which the DFA gives without the backtracker a group needs
        auto named = [&](Extra e, const RE2& re) {
            return may[e] && re.Match(re2::StringPiece(text), 0, text.size(), RE2::UNANCHORED, &m, 1);
        };
        if (named(kExplicitPartial, explicit_partial)) return found({"partial_outage", scope, std::string(m.data(), m.size())});
        if (named(kExplicitFull, explicit_full)) return found({"full_outage", scope, std::string(m.data(), m.size())});
        if (named(kExplicitDegraded, explicit_degraded)) return found({"degraded", scope, std::string(m.data(), m.size())});
    }
    run_rows(g[0].h);
    run_rows(g[1].h);
    g[2].h = hits_in(prose.lead());
    auto in_top = [&](int c) { return g[0].h.any[c] || g[1].h.any[c] || g[2].h.any[c]; };
    // 2. "No user impact", with no harm stated up front.
    if (in_top(kNone)) {
        const bool harm_up_front = g[0].h.any[kOutage] || g[0].h.any[kPartial] || g[0].h.any[kDegraded] ||
                                   g[1].h.any[kOutage] || g[1].h.any[kPartial] || g[1].h.any[kDegraded];
        if (!in_top(kFull) && !harm_up_front) {
            for (std::size_t i = 0; i < 3; ++i) {  // in_top(kNone): one of the three holds it, the body is not reached
                if (g[i].h.any[kNone]) return found({"none", std::string("no-impact phrase in the ") + g[i].name, g[i].h.first[kNone]});
            }
        }
    }
    // 3. The first scope with evidence decides.
    static const RE2 title_outage{R"re((?i)\b(?:outage|down|offline|downtime|unavailable|halt(?:ed)?|ausfall|caída|störung|nicht verfügbar)\b)re"};
    static const RE2 title_degraded{R"re((?i)\b(?:performance|slow(?:ness)?|latency|delay(?:s|ed)?|intermittent|flak(?:y|iness)|degraded|timeouts?)\b)re"};
    static const RE2 title_outage_c{"(" + title_outage.pattern() + ")"};
    static const RE2 title_degraded_c{"(" + title_degraded.pattern() + ")"};
    // "This outage only concerns the example.com website" with example.com in the title: the limit restates what
    // was down (all of it), it does not carve out a part.
    bool restates = false;
    {
        static const RE2 only_obj{kOnlyObjectPattern};
        for (std::size_t i = 0; i < 3; ++i) {
            if (!g[i].h.may_match[kOnlyObject]) continue;
            re2::StringPiece in(i == 0 ? head : i == 1 ? t.impact : prose.lead());
            std::string obj;
            while (RE2::FindAndConsume(&in, only_obj, &obj)) {
                std::string tl = t.title, ol = obj;
                for (auto& c : tl) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                for (auto& c : ol) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (tl.find(ol) != std::string::npos) restates = true;
            }
        }
    }
    const bool limit_any = !restates && (in_top(kLimiter) || in_top(kPartial));
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (i == 3) search_body();
        const Hits& h = g[i].h;
        bool full = h.any[kFull], out = h.any[kOutage], part = h.any[kPartial], lim = h.any[kLimiter] && !restates, deg = h.any[kDegraded];
        std::string why_out = h.first[kOutage], why_deg = h.first[kDegraded];
        if (i == 0) {
            std::string w;
            if (RE2::PartialMatch(t.title, title_outage_c, &w)) {
                out = true;
                if (why_out.empty()) why_out = w;
            }
            static const RE2 title_part{R"re((?i)\b(?:failure|failed|breakage) of\b)re"};
            if (RE2::PartialMatch(t.title, title_part) && !part) part = true;
            if (RE2::PartialMatch(t.title, title_degraded_c, &w)) {
                deg = true;
                if (why_deg.empty()) why_deg = w;
            }
        }
        if (!(full || out || part || lim || deg)) continue;
        const std::string scope = g[i].name;
        if (full && !(lim || (i == 0 && in_top(kLimiter)))) return found({"full_outage", "outage of everything, in the " + scope, h.first[kFull]});
        if ((out || full) && (part || lim || limit_any)) {
            const std::string limit = !h.first[kLimiter].empty() ? h.first[kLimiter] : h.first[kPartial];
            return found({"partial_outage", "outage limited to a part, in the " + scope, (full ? h.first[kFull] : why_out) + (limit.empty() ? "" : " ... " + limit)});
        }
        if (out || full) return found({"full_outage", "outage, in the " + scope, full ? h.first[kFull] : why_out});
        if (part) return found({"partial_outage", "part broken, in the " + scope, h.first[kPartial]});
        if (deg) return found({"degraded", "degradation, in the " + scope, why_deg});
        // a limiter with no failure stated is no evidence
    }
    search_body();
    if (g[3].h.any[kNone]) return found({"none", "no-impact phrase in the body", g[3].h.first[kNone]});
    return std::nullopt;
}

}  // namespace

std::optional<ImpactFinding> customer_impact_from(const ImpactTexts& t) {
    BodyProse body(t.body_markdown);
    const auto prose = from_prose(t, body);
    if (const auto st = status_class(t.status_word)) {
        // "disrupted" when the text only says slow or delayed is degradation; with everything down, an outage.
        if (*st == "partial_outage" && prose && prose->value == "degraded") {
            return ImpactFinding{"degraded", "status word '" + t.status_word + "', the text says degraded", prose->excerpt, true};
        }
        if (*st == "partial_outage" && (hits_in(t.title + "\n" + t.description).any[kFull] || hits_in(body.lead()).any[kFull])) {
            return ImpactFinding{"full_outage", "status word '" + t.status_word + "', the text says everything was down", "", true};
        }
        return ImpactFinding{*st, "status-page severity word", t.status_word, false};
    }
    return prose;
}

}  // namespace incidentkit
