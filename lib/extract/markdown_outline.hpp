// Markdown -> a flat list of blocks (headings, paragraphs, list items, tables, code) with source line numbers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/format.hpp"

namespace incidentkit::md {

struct Block {
    enum class Kind { heading, paragraph, list_item, table, code, html, rule };
    Kind kind = Kind::paragraph;
    std::size_t line = 0;   // 1-based line of the block's first text in the whole document
    int level = 0;          // heading level 1..6; list nesting depth (1 = top level) for list items
    bool in_quote = false;  // inside a block quote
    bool in_list = false;   // inside a list item (a heading there is no section boundary)
    int task = 0;           // list items: 0 no checkbox, 1 "[ ]", 2 "[x]"
    // Text of heading/paragraph/list item, one entry per source line (split at soft and hard breaks):
    std::vector<std::string> lines;     // plain text: emphasis and code marks removed
    std::vector<std::string> md_lines;  // the same with inline Markdown rebuilt (**, *, `, links)
    // Tables: rows[0] is the header; cells are plain text; row_lines[i] is the source line of rows[i].
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_lines;
    std::vector<std::size_t> row_cells;  // cells actually written on each row's source line (md4c pads short rows)
    std::size_t text_lines = 1;  // headings: source lines the text spans (a setext heading may wrap; `lines` joins them)

    std::string text() const;     // plain lines joined with '\n'
    std::string md_text() const;  // md lines joined with '\n'
};

/// Line index over a text: maps byte offsets to 1-based line numbers.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    std::size_t line_of(std::size_t offset) const;
    /// line_of(offset), found without a search when it is line `near` or the one after (text read in order).
    std::size_t line_of(std::size_t offset, std::size_t near) const;
    std::size_t line_count() const { return starts_.size(); }
    /// The text of 1-based line n without its line ending.
    std::string_view line(std::size_t n) const;

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

/// Cells written on one table source line: "| a | b |" -> 2; pipes escaped or inside `code` do not split.
std::size_t count_table_cells(std::string_view line);

/// Parses `body` (which must point into `whole`, so that md4c's text pointers map to lines of `whole`).
/// Throws TimedOut when `deadline` passes during the parse.
std::vector<Block> outline(std::string_view whole, std::string_view body, const LineIndex& lines,
                           const Deadline& deadline = {});

}  // namespace incidentkit::md
