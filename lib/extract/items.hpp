// Parsers for list-like sections: action items, impact bullets (metrics, data loss), related incidents.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/diagnostic.hpp"
#include "incidentkit/incident.hpp"
#include "extract/markdown_outline.hpp"

namespace incidentkit {

/// One action item from a list line: "**[high]** Do X (Assigned: Dave)", "Do X — Owner: Y; Status: done",
/// "[x] Do X @bob" (task = the md4c checkbox: 0 none, 1 open, 2 checked).
ActionItem parse_action_line(std::string_view plain, int task, std::size_t line, std::vector<Diagnostic>& diags);

/// Action items from a table with columns found by header name (Action | Owner | Due | Status | Priority).
std::vector<ActionItem> parse_action_table(const md::Block& table, std::vector<Diagnostic>& diags);

/// "Users Affected: Approximately 2,500 users" -> {users_affected, 2500, "users", approximate}.
std::optional<Metric> parse_metric(std::string_view plain);

/// true for "data was lost", false for "No data loss", nullopt when the text says neither.
std::optional<bool> data_loss_statement(std::string_view plain);

/// "INC-2024-0089 - Similar issue (2024-03-15)" -> {related, INC-2024-0089, title, 2024-03-15}.
Link parse_related_line(std::string_view plain, std::string_view md);

/// Splits "Key: value" (bold or not, already plain); nullopt when the line is no such pair.
std::optional<std::pair<std::string, std::string>> split_key_value(std::string_view plain);

}  // namespace incidentkit
