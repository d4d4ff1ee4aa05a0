// Hand-written scanners for the shapes a timeline row opens with: clock times, zones, the marks and dashes
// around them. Each reads exactly what RE2::Consume of the pattern its comment names reads (the same length
// and groups; tests/unit/test_clock_shapes.cpp holds them to it). RE2: \s is [\t\n\f\r ], \W one character
// outside [0-9A-Za-z_], leftmost-first alternation.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace incidentkit::clock_shapes {

struct Clock {
    std::size_t length = 0;
    std::string_view hour, minute, second, meridiem;  // empty when not written
};

/// (\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s?([AaPp])\.?[Mm]\.?(?:\W|$))?   "14:05", "9:27:03 PM"
std::optional<Clock> hour_minute(std::string_view s);
/// (\d{1,2})\s?([AaPp])\.?[Mm]\.?(?:\W|$)   "9pm", "11 a.m."
std::optional<Clock> hour_meridiem(std::string_view s);
/// (\d{1,2}):(\d{2})([AaPp])(?:\W|$)   "9:27a"
std::optional<Clock> short_meridiem(std::string_view s);
/// (\d{1,2})\.(\d{2})   "12.39"
std::optional<Clock> dotted(std::string_view s);
/// (\d{2})(\d{2})\b   "1625"
std::optional<Clock> military(std::string_view s);

struct Zone {
    std::size_t length = 0;
    std::string_view space, zone;
};
/// (\s*)\(?(Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5})\b\)?
std::optional<Zone> zone(std::string_view s);
/// \s*Uhr\b   (German "10:00 Uhr")
std::optional<std::size_t> uhr(std::string_view s);

/// [\s\[(`*_~]*   what may come before a time
std::size_t lead(std::string_view s);
/// [`*_]*[\])]?[`*_]*   what may close it
std::size_t close(std::string_view s);
/// [`*_]*\s*(?:at\s+)?[`*_]*   between a date and its time
std::size_t filler(std::string_view s);
/// \s*(?:DASH|:|\|)?\s*   between a time and its text (DASH: '-', U+2010..U+2015, U+2212, U+2192, "=>")
std::size_t separator(std::string_view s);
/// \s*(?:DASH|to|until|till)\s*   between the two times of a range
std::optional<std::size_t> range_separator(std::string_view s);
/// [`*_]*\s*(?::|-|\u2013|\u2014)   after a yearless date
std::optional<std::size_t> date_separator(std::string_view s);

}  // namespace incidentkit::clock_shapes
