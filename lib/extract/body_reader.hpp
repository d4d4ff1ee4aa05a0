// The body reader's internals, shared by its three files: report_body.cpp (structure, preamble, run),
// report_sections.cpp (one function per canonical section) and report_times.cpp (dates, zones, updates).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/incident_day.hpp"
#include "extract/metadata.hpp"
#include "extract/provenance.hpp"
#include "extract/report_body.hpp"
#include "extract/section_names.hpp"
#include "extract/timeline.hpp"

namespace incidentkit::body {

using md::Block;
using Kind = md::Block::Kind;

/// A section's blocks: every block from its heading to the next section's is the section's, so they are a run of
/// the kept block list. Iterated as pointers, as the vector of pointers it replaced was (which grew by doubling,
/// a few allocations per section).
class BlockRange {
public:
    class iterator {
    public:
        explicit iterator(const Block* p) : p_(p) {}
        const Block* operator*() const { return p_; }
        iterator& operator++() {
            ++p_;
            return *this;
        }
        bool operator!=(const iterator& o) const { return p_ != o.p_; }

    private:
        const Block* p_;
    };
    BlockRange() = default;
    /// An empty run that starts at `first`.
    explicit BlockRange(const Block* first) : first_(first), last_(first) {}
    /// Takes `b`, which must be the block just past the run (so the name is not push_back: any other block
    /// would silently take the ones between).
    void take_next(const Block* b) { last_ = b + 1; }
    iterator begin() const { return iterator(first_); }
    iterator end() const { return iterator(last_); }
    std::size_t size() const { return static_cast<std::size_t>(last_ - first_); }
    bool empty() const { return first_ == last_; }

private:
    const Block* first_ = nullptr;
    const Block* last_ = nullptr;
};

struct SectionSpan {
    SectionKind kind = SectionKind::unknown;
    std::string heading;
    int level = 0;
    std::size_t heading_line = 0;
    std::size_t heading_lines = 1;  // source lines of the heading's text (a setext heading may wrap)
    BlockRange blocks;
    std::string markdown;  // verbatim source between this heading and the next section
};

struct BodyReader {
    const BodyInput& in;
    Incident& inc;
    std::vector<Diagnostic>& diags;
    StatedTimes times;
    std::vector<PendingEntry> timeline;
    std::size_t timeline_line = 0;
    std::string timeline_zone;  // from a "Timeline (PT)" heading
    std::optional<bool> impact_loss, summary_loss;
    std::string declared_zone;  // "All times in Pacific Time" in this body
    ProvenanceLog prov{in.options, in.lines};
    std::size_t summary_line = 0, root_line = 0, preamble_line = 0;  // where summary, root cause, preamble began
    std::size_t data_loss_line = 0;  // the sentence about data loss
    // Prose paragraphs of an action section that commit to work; actions only when no list or table gave any.
    struct ProseAction {
        ActionItem item;
        std::size_t line;
        std::string heading;
    };
    std::vector<ProseAction> prose_actions;

    // Checks the read's deadline every 256 calls: the loops over blocks and entries call it, so a file with
    // millions of lines is cut off by --file-timeout instead of holding its thread.
    std::size_t ticks = 0;
    void tick() {
        if ((++ticks & 255u) == 0 && in.options) in.options->deadline.check();
    }

    // apply_metadata, with provenance for what the pair filled.
    bool meta(const std::string& key, const std::string& value, std::size_t line);

    // report_body.cpp
    void meta_from_block(const Block& b, bool keep_unknown);
    // Blocks before the first section: metadata lines, else summary prose.
    void preamble(const std::vector<const Block*>& blocks, std::string& summary_md);
    // Before any section, a bullet that starts with a time (or a paragraph of such lines) is a timeline row:
    // reports of several short outages often give each one a few timed bullets and no Timeline heading.
    bool timed_rows(const Block& b);

    // report_sections.cpp
    void impact(const SectionSpan& s);
    void timeline_section(const SectionSpan& s);
    static std::vector<std::string> items_of(const SectionSpan& s);
    void action_items(const SectionSpan& s);
    void affected_systems(const SectionSpan& s);
    void related(const SectionSpan& s);
    // An unknown section may be a timestamp heading ("### 2021-06-03 9:00") or hold status-page updates;
    // those become timeline entries, and the section is kept verbatim only for what else it says.
    void unknown_section(const SectionSpan& s);
    void section(const SectionSpan& s, std::string& summary_md, std::string& root_md);

    // Actions in a table or a lead-in list outside any action section, when none was found (fields_elsewhere.cpp).
    void actions_elsewhere(const std::vector<Block>& blocks);
    bool starts_another_list(const Block& b, const Block& next) const;
    // The first paragraph that states the cause in words, when no section or field gave one (inferred).
    void root_cause_elsewhere(const std::vector<Block>& blocks);
    // Timed items under a list item that names a timeline ("- **Key events**").
    void labelled_list_timeline(const std::vector<Block>& blocks);

    // Customer impact from a status word and the text, when no field states it (report_body.cpp).
    void impact_from_words(const std::optional<std::string>& title, std::size_t title_line);

    // report_times.cpp
    std::optional<std::int64_t> instant_of(const TimePrefix& tp, const ClockTime& clock, const std::optional<Date>& anchor,
                                           const std::string& zone);
    // Status pages list updates newest first; read them oldest first so the log runs like a timeline.
    void order_updates();
    // What an update log states: the last update's status, and its time as the resolution when it resolved.
    void from_updates();
    void resolve_times(const std::optional<std::string>& title, std::size_t title_line);
    void choose_day(const std::optional<std::string>& title, std::size_t title_line,
                    const std::optional<SentenceDate>& sentence, std::size_t sentence_line,
                    const std::optional<Date>& earliest, std::size_t earliest_line);

    // report_body.cpp
    // md4c pads a short table row with empty cells; say so instead of passing the gap on silently.
    void check_tables(const std::vector<Block>& blocks);
    void run();
};

}  // namespace incidentkit::body
