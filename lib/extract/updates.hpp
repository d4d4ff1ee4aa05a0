// Status-page update logs (cState, Statusfy, "**Update (14:05 UTC):**", a heading per timestamp) as timeline
// entries, and removal of static-site markup (shortcodes, MDX imports, HTML comments) from text fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/markdown_outline.hpp"
#include "extract/timeline.hpp"

namespace incidentkit {

/// A paragraph that is one update: "*Resolved* - text {{< track "2018-05-25 06:15:00" >}}",
/// "**Update (14:05 UTC):** text", "[Initial Message] text". The status word goes to tags.
std::optional<PendingEntry> parse_update_paragraph(const md::Block& b);

/// The same shapes on one line of text ("**Update: 13:30** text" after a <br>): nullopt when it is none.
std::optional<PendingEntry> parse_update_text(std::string_view plain, std::size_t line);

/// Updates that start lines of a block (a paragraph of several, separated by <br>): the entries, with the
/// lines that follow an update joined to its text; `first` is the block line where the first one starts.
std::vector<PendingEntry> updates_in_lines(const md::Block& b, std::size_t& first);

/// A Statusfy container "::: update Resolved | 2018-02-06T01:24:45.752Z" ... ":::" (lines are 1-based, inclusive).
struct UpdateContainer {
    std::size_t open_line = 0, close_line = 0;
    std::string label, when;
};
std::vector<UpdateContainer> find_update_containers(const md::LineIndex& lines, std::size_t first, std::size_t last);

/// A heading that is nothing but a time: "2021-06-03 9:00", "13:35", "March 3, 2024 14:05 UTC".
std::optional<TimePrefix> time_heading(std::string_view heading);

/// A heading that opens an update: a time ("2021-06-03 9:00"), a status word and a time ("Investigating
/// 2025-01-04 9:27a"), or a dated time and a short text ("2025-01-21T18:00:00 - Service restored").
struct StatusHeading {
    std::string label, when, text;
};
std::optional<StatusHeading> status_heading(std::string_view heading);

/// Builds the entry for an update whose text and label are known.
PendingEntry make_update(std::size_t line, std::string_view label, std::string_view when, std::string_view text);

/// Drops lines that are only site-generator markup: {{< shortcodes >}}, <!-- comments -->, MDX import/export
/// lines and JSX tag lines; then trims and collapses blank runs.
std::string strip_site_markup(std::string_view markdown);

/// True for a paragraph that is only site-generator markup (MDX imports, shortcodes), no incident content.
bool is_site_markup(const md::Block& b);

/// Status words an update is labelled with ("Investigating", "Resolved", "Update", ...).
bool is_update_label(std::string_view label);

}  // namespace incidentkit
