// Reads the Markdown body of a report (sections, metadata lines, timeline, items) into an Incident.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/format.hpp"
#include "incidentkit/incident.hpp"
#include "normalize/normalize.hpp"
#include "extract/markdown_outline.hpp"

namespace incidentkit {

struct BodyInput {
    std::string_view whole;  // the whole document (line numbers count from its start)
    std::string_view body;   // the Markdown part; a view into `whole`
    const md::LineIndex* lines = nullptr;
    const ReadOptions* options = nullptr;
    std::size_t duration_line = 0;    // where a stated duration_minutes came from, for the mismatch warning
    std::optional<Date> report_date{};  // a date the metadata stated without a time
    std::size_t report_date_line = 0;
    std::optional<Date> start_day{};    // the local day of a start the metadata stated with a time, as written
    std::size_t start_day_line = 0;
    std::string raw_title{};            // a front-matter title as written (it may hold the incident's date)
    std::string description{};          // a front-matter description
    std::string status_word{};          // a status page's severity word ("down", "disrupted", "notice")
    std::size_t raw_title_line = 0;
    bool started_zone_stated = false; // the front matter's started_at named its zone
    std::optional<bool> resolved_flag{}; // a status page's `resolved: true|false`
    // Line ranges [first, last] (1-based, inclusive) to leave out: the incidents of a multi-incident file,
    // read on their own, when the shared rest is read.
    std::vector<std::pair<std::size_t, std::size_t>> exclude{};
    std::string declared_zone{};  // a zone the surrounding file declared ("All times UTC.")
    // Filled by the read: the date and zone that anchored this body, for the incidents of a multi-incident file.
    struct Anchors {
        std::optional<Date> date;
        std::string zone;
    };
    Anchors* anchors_out = nullptr;
};

/// Fills every field the body states into `inc`; fields already set (by front matter) are kept.
/// Then resolves timeline dates, started_at fallback and duration.
void read_report_body(const BodyInput& in, Incident& inc, std::vector<Diagnostic>& diags);

/// Reads one body that may hold several incidents ("Incident 1", "Incident 2", one section per dated outage):
/// each gets its own title, times and timeline, plus the parts outside them (metadata, shared action items,
/// lessons). `base` carries what the front matter stated. Returns the incidents in document order.
std::vector<Incident> read_report_bodies(const BodyInput& in, Incident base, std::vector<Diagnostic>& diags);

/// Removes leading dates, bracketed tags and boilerplate ("Incident Report:", "Postmortem -", "Incident on
/// 2023-07-25 -") from a title; moves a leading id into `id` (titles.cpp).
std::string clean_title(std::string_view heading, std::optional<std::string>& id);

/// A heading that is only a date (and perhaps a time and zone): "22/Mar/2022", "### 2020-02-20", "Feb 5th 14:00".
bool is_date_heading(std::string_view heading);

/// A title from a file name when no heading names the incident: "2024-03-05-search_is_slow.md" -> "search is slow".
std::optional<std::string> title_from_path(std::string_view path);

}  // namespace incidentkit
