// Markdown -> a flat list of blocks (headings, paragraphs, list items, tables, code) with source line numbers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidentkit/format.hpp"

namespace incidentkit::md {

/// A block's lines of text, kept joined by '\n' in one string: the joined text is that string and a line is a
/// view into it, so a block of n lines costs one or two allocations instead of n strings and a join per read.
/// Line starts are recorded, not searched for: a line may itself hold a '\n' (raw HTML, a decoded "&#10;").
class TextLines {
public:
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    std::string_view operator[](std::size_t i) const {
        const std::size_t b = i == 0 ? 0 : starts_[i - 1];
        const std::size_t e = i + 1 < count_ ? starts_[i] - 1 : text_.size();
        return std::string_view(text_).substr(b, e - b);
    }
    std::string_view back() const { return (*this)[count_ - 1]; }
    /// The lines joined with '\n'.
    const std::string& joined() const { return text_; }

    /// Starts a new, empty last line.
    void new_line() {
        if (count_ > 0) {
            text_ += '\n';
            starts_.push_back(text_.size());
        }
        ++count_;
    }
    /// The storage whose end is the last line: appending to it extends that line (there must be one).
    std::string& last_line_tail() { return text_; }
    void pop_back() {
        if (count_ > 1) {
            text_.resize(starts_.back() - 1);
            starts_.pop_back();
        } else {
            text_.clear();
        }
        --count_;
    }
    /// The lines joined by `sep` into one line.
    void merge_into_one(char sep) {
        for (const std::size_t s : starts_) text_[s - 1] = sep;
        starts_.clear();
        count_ = count_ ? 1 : 0;
    }

    class iterator {
    public:
        iterator(const TextLines* l, std::size_t i) : l_(l), i_(i) {}
        std::string_view operator*() const { return (*l_)[i_]; }
        iterator& operator++() {
            ++i_;
            return *this;
        }
        bool operator!=(const iterator& o) const { return i_ != o.i_; }

    private:
        const TextLines* l_;
        std::size_t i_;
    };
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, count_}; }

private:
    std::string text_;
    std::vector<std::size_t> starts_;  // offset in text_ of lines 1..count_-1 (line 0 starts at 0)
    std::size_t count_ = 0;
};

struct Block {
    enum class Kind { heading, paragraph, list_item, table, code, html, rule };
    Kind kind = Kind::paragraph;
    std::size_t line = 0;   // 1-based line of the block's first text in the whole document
    int level = 0;          // heading level 1..6; list nesting depth (1 = top level) for list items
    bool in_quote = false;  // inside a block quote
    bool in_list = false;   // inside a list item (a heading there is no section boundary)
    int task = 0;           // list items: 0 no checkbox, 1 "[ ]", 2 "[x]"
    // Text of heading/paragraph/list item, one entry per source line (split at soft and hard breaks):
    TextLines lines;  // plain text: emphasis and code marks removed
    // The same with inline Markdown rebuilt (**, *, `, links): md_line(i), md_text(). Most blocks hold no inline
    // Markdown, so their Markdown text is their plain text and is not stored twice: `md_lines` is filled only
    // once the two differ (md_differs), from a copy of the plain text so far.
    TextLines md_lines;
    bool md_differs = false;
    // Tables: rows[0] is the header; cells are plain text; row_lines[i] is the source line of rows[i].
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_lines;
    std::vector<std::size_t> row_cells;  // cells actually written on each row's source line (md4c pads short rows)
    std::size_t text_lines = 1;  // headings: source lines the text spans (a setext heading may wrap; `lines` joins them)

    const std::string& text() const { return lines.joined(); }  // plain lines joined with '\n'
    const std::string& md_text() const { return md_differs ? md_lines.joined() : lines.joined(); }  // md lines joined
    std::string_view md_line(std::size_t i) const { return md_differs ? md_lines[i] : lines[i]; }
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
