// The incident's day from what reports write: a date in a sentence ("On 4th March, ... from 09:10 to 10:40
// UTC"), in a file name ("2024-03-05-search-is-slow.md"), and the year a file name gives a dateless sentence.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "normalize/normalize.hpp"

namespace incidentkit {

/// A date a sentence states ("On 4th March 2024", "On Wednesday, July 21st, 2021", "On November 5th '24"),
/// with the times that sentence gives ("from 09:10 to 10:40 UTC", "at approximately 01:55 UTC").
struct SentenceDate {
    Date date;
    std::optional<ClockTime> start, end;
    std::string sentence;  // from "On" to the full stop
};

/// The first "On <date>" sentence in `text`; a date without a year takes `default_year` (none: no date).
std::optional<SentenceDate> sentence_date(std::string_view text, std::optional<int> default_year);

/// A four-digit year in a file name ("2024-03-05-x.md", "postmortem-2021.md").
std::optional<int> year_in_path(std::string_view path);

/// A full date at the start of the name or after a separator, year first ("2024-03-05", "2024_03_05", "20240305").
std::optional<Date> date_in_path(std::string_view path);

}  // namespace incidentkit
