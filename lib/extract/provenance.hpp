// Provenance while reading (--explain): which unit of the report (a front-matter key, a metadata line, a
// section, a sentence) filled which fields, found by comparing the incident before and after that unit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/format.hpp"
#include "incidentkit/incident.hpp"
#include "incidentkit/json.hpp"
#include "extract/markdown_outline.hpp"

namespace incidentkit {

/// Off unless the read explains itself or leaves inferred values out; then each unit is bracketed by
/// begin() and end(), and every field the unit filled gets an entry in inc.source.provenance.
class ProvenanceLog {
public:
    ProvenanceLog(const ReadOptions* options, const md::LineIndex* lines)
        : on_(options && (options->explain || !options->infer)), lines_(lines) {}
    bool on() const { return on_; }

    /// Notes one field directly (a timeline row or an action item, each with its own line).
    /// Pointer and rule are views, copied only when the log is on: most reads keep no provenance, and the
    /// strings each call made were a thousand allocations per hundred reports.
    void note(Incident& inc, std::string_view pointer, std::size_t line, std::string_view rule, bool inferred = false,
              std::string_view excerpt = {}) const;

    /// Units nest: an inner unit's fields are noted by it, the outer one notes the rest.
    void begin(const Incident& inc);
    /// Notes every field that changed since the matching begin(), at `line`, as read by `rule`.
    /// A rule composed at the call ("section '" + heading + "'") is best built under `if (on())`.
    void end(Incident& inc, std::size_t line, std::string_view rule, bool inferred = false, std::string_view excerpt = {});

    /// The line's text as an excerpt: trimmed, at most about 120 bytes.
    std::string excerpt_of(std::size_t line) const;

private:
    bool on_;
    const md::LineIndex* lines_;
    std::vector<ordered_json> before_;
};

/// Whether a provenance entry already covers `pointer` (or a field below it).
bool has_provenance(const Incident& inc, std::string_view pointer);

/// Applies --no-infer after a read: every field whose provenance says inferred is made null (or dropped, for an
/// element of a list). Fields derived from an inferred value are marked inferred by the readers, so this is
/// exactly "what only prose states".
void drop_inferred(Incident& inc);

}  // namespace incidentkit
