// Heading synonyms: which canonical section a heading such as "2. Root Cause Analysis:" stands for.
#pragma once

#include <string>
#include <string_view>

namespace incidentkit {

enum class SectionKind {
    unknown,
    summary,
    impact,
    timeline,
    root_cause,
    resolution,
    action_items,
    lessons_learned,
    affected_systems,
    related_incidents,
    details,  // a metadata block ("Incident Details"): key/value lines feed the model's fields
};

/// "root_cause", "action_items", ... (for provenance rules).
const char* to_string(SectionKind kind);

/// Heading text as compared: lower-case, numbering ("2.", "IV)"), emoji, trailing colon and a trailing
/// parenthetical ("Timeline (UTC)") removed.
std::string heading_key(std::string_view heading);

/// The canonical section a heading maps to, through one data table of synonyms.
SectionKind classify_heading(std::string_view heading);

/// True when a heading names a part of a report (a canonical section, or "Background", "Appendix", "FAQ"...):
/// such a heading is never the incident's title.
bool names_a_section(std::string_view heading);

/// A heading that names a collection of reports ("Postmortems", "Incident log"): the incident's name, if any,
/// comes after it.
bool is_collection_heading(std::string_view heading);

/// A zone declared in a heading's parenthetical, e.g. "Timeline (all times PT)" -> "PT"; empty if none.
std::string heading_zone(std::string_view heading);

}  // namespace incidentkit
