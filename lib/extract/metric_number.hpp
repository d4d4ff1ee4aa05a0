// The number of an impact metric's value ("approximately $12,000", "2.5k users"), read by a scanner.
#pragma once

#include <optional>
#include <string_view>

namespace incidentkit {

/// The parts of the first number in a metric's value, as views into it; a part not there is empty.
struct MetricNumber {
    std::string_view approx;    // "~", "approximately", "up to", ... (as written)
    std::string_view currency;  // "$", "€", "£", "¥"
    std::string_view number;    // "2,500", "12.5"
    std::string_view scale;     // "k", "m", "million", "thousand", "%"
    std::string_view unit;      // the ASCII word after it: "users"
};

/// Exactly the groups of RE2's leftmost match (PartialMatch) of
/// `(?i)(~|≈|approx(?:imately|\.)?|about|around|roughly|estimated|est\.|nearly|almost|an estimated|up to|over|
/// more than|less than|under|>|<)?\s*([$€£¥])?\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b|m\b|million\b|thousand\b|%)?\s*
/// ([[:alpha:]]+)?`, for a value without U+017F or U+212A (which (?i) folds with 's' and 'k'; the caller
/// runs the pattern on such a value). nullopt when the value holds no ASCII digit. That pattern with five
/// groups took RE2 a forward, a backward and a backtracking pass over every value that held a digit.
std::optional<MetricNumber> find_metric_number(std::string_view value);

}  // namespace incidentkit
