// md4c callbacks that flatten a Markdown document into Blocks; md4c gives no positions, so lines come
// from the text pointers it hands back, which point into the input.
#include "extract/markdown_outline.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>

#include <md4c.h>

#include "normalize/text.hpp"

namespace incidentkit::md {

LineIndex::LineIndex(std::string_view text) : text_(text) {
    // Reports' lines average 30 to 60 bytes: one allocation for most, bounded for a huge text.
    starts_.reserve(std::min<std::size_t>(text.size() / 24 + 16, 1u << 16));
    starts_.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
        starts_.push_back(i + 1);
    }
}

std::size_t LineIndex::line_of(std::size_t offset) const {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<std::size_t>(it - starts_.begin());
}

std::size_t LineIndex::line_of(std::size_t offset, std::size_t near) const {
    for (std::size_t n = near; n >= 1 && n <= near + 1 && n <= starts_.size() && starts_[n - 1] <= offset; ++n) {
        if (n == starts_.size() || offset < starts_[n]) return n;
    }
    return line_of(offset);
}

std::string_view LineIndex::line(std::size_t n) const {
    if (n == 0 || n > starts_.size()) return {};
    const std::size_t b = starts_[n - 1];
    std::size_t e = n < starts_.size() ? starts_[n] : text_.size();
    while (e > b && (text_[e - 1] == '\n' || text_[e - 1] == '\r')) --e;
    return text_.substr(b, e - b);
}

namespace {

std::string decode_entity(std::string_view e) {
    if (e == "&amp;") return "&";
    if (e == "&lt;") return "<";
    if (e == "&gt;") return ">";
    if (e == "&quot;") return "\"";
    if (e == "&apos;") return "'";
    if (e == "&nbsp;") return " ";
    if (e.size() > 3 && e[1] == '#') {
        unsigned long cp = 0;
        try {
            cp = (e[2] == 'x' || e[2] == 'X') ? std::stoul(std::string(e.substr(3)), nullptr, 16)
                                             : std::stoul(std::string(e.substr(2)));
        } catch (const std::exception&) {
            return std::string(e);
        }
        std::string out;
        if (cp == 0 || cp > 0x10FFFF) return "\xEF\xBF\xBD";
        text::append_utf8(out, cp);
        return out;
    }
    return std::string(e);  // unknown named entity: keep as written
}

struct Builder {
    std::string_view whole;
    const LineIndex* lines = nullptr;
    std::vector<Block> blocks;
    std::vector<int> open;          // indices of blocks receiving text, innermost last (-1: none)
    std::vector<MD_BLOCKTYPE> stack;  // md4c block nesting
    int lists = 0;  // open lists around the current block
    int quote_depth = 0;
    std::vector<std::string> link_href;  // pending link targets, innermost last
    bool in_cell = false;
    std::vector<bool> heading_pushed;  // per open heading: did it get a block of its own?
    std::size_t last_text_line = 0;    // the last source line any text came from, so far
    std::size_t last_noted_line = 0;   // the line the last text run was on: the next is usually on it too
    std::vector<std::size_t> search_from;  // per block: the first line it can start on (for text-less blocks)
    const Deadline* deadline = nullptr;
    unsigned ticks = 0;
    bool timed_out = false;

    // md4c stops when a callback returns non-zero: a look at the clock every 256 blocks bounds the parse.
    bool out_of_time() {
        if ((++ticks & 255u) != 0 || !deadline->expired()) return false;
        timed_out = true;
        return true;
    }

    Block* target() { return open.empty() || open.back() < 0 ? nullptr : &blocks[open.back()]; }


    // Blocks are made in place (a Block holds five vectors and two strings: moving one in cost more than
    // its fields). The reference is good until the next block is added.
    Block& add(Block::Kind kind) {
        search_from.push_back(last_text_line + 1);
        Block& b = blocks.emplace_back();
        b.kind = kind;
        return b;
    }

    Block& push(Block::Kind kind) {
        Block& b = add(kind);
        b.in_quote = quote_depth > 0;
        b.in_list = lists > 0 && kind != Block::Kind::list_item;
        open.push_back(static_cast<int>(blocks.size()) - 1);
        return b;
    }

    bool owns(const MD_CHAR* p) const {
        return p != nullptr && std::less_equal<>()(whole.data(), p) && std::less<>()(p, whole.data() + whole.size());
    }

    void note_line(Block& b, const MD_CHAR* p) {
        if (!owns(p)) return;
        const std::size_t line = lines->line_of(static_cast<std::size_t>(p - whole.data()), last_noted_line);
        last_noted_line = line;
        last_text_line = std::max(last_text_line, line);
        if (b.line == 0) b.line = line;
    }

    // Zero-width characters (U+200B..U+200D, U+2060, U+FEFF) that editors leave inside words ("0\u200B9/02/2023")
    // are no text: the plain text drops them, so dates and times read.
    static void append_visible(std::string& out, std::string_view s) {
        // Most runs are ASCII: eight bytes at a time without a high bit say so (two memchr calls cost more).
        std::size_t ascii = 0;
        for (std::uint64_t w; s.size() - ascii >= 8; ascii += 8) {
            std::memcpy(&w, s.data() + ascii, 8);
            if (w & 0x8080808080808080ull) break;
        }
        while (ascii < s.size() && static_cast<unsigned char>(s[ascii]) < 0x80) ++ascii;
        if (ascii == s.size() ||
            (s.find('\xE2', ascii) == std::string_view::npos && s.find('\xEF', ascii) == std::string_view::npos)) {
            out.append(s);
            return;
        }
        // Left to right, as a byte-by-byte scan would: only a lead byte 0xE2 or 0xEF can open one, and the
        // text between them is appended whole (dashes and quotes are 0xE2 too, so the text holding one is common).
        std::size_t kept = 0;  // s[kept, i) is still to append
        for (std::size_t i = 0; i + 2 < s.size(); ++i) {
            if (s[i] != '\xE2' && s[i] != '\xEF') continue;
            const std::string_view three = s.substr(i, 3);
            if (three == "\xE2\x80\x8B" || three == "\xE2\x80\x8C" || three == "\xE2\x80\x8D" || three == "\xE2\x81\xA0" ||
                three == "\xEF\xBB\xBF") {
                out.append(s.substr(kept, i - kept));
                kept = i + 3;
                i += 2;
            }
        }
        out.append(s.substr(kept));
    }

    // Views, not copies: md4c calls this for every run of text.
    void append(std::string_view raw_plain, std::string_view mdtext, const MD_CHAR* p) {
        Block* b = target();
        if (!b) return;
        note_line(*b, p);
        if (b->kind == Block::Kind::table) {
            if (!in_cell || b->rows.empty()) return;
            auto& row = b->rows.back();
            if (b->row_lines.size() < b->rows.size() && owns(p)) {
                b->row_lines.push_back(lines->line_of(static_cast<std::size_t>(p - whole.data()), last_noted_line));
            }
            append_visible(row.back(), raw_plain);
            return;
        }
        if (b->lines.empty()) b->lines.new_line();  // md_lines too, when they differ: they never do before text
        const std::size_t before = b->lines.joined().size();
        append_visible(b->lines.last_line_tail(), raw_plain);
        if (!b->md_differs) {
            // The same text when nothing was dropped from the plain run and the Markdown run is that run.
            const bool same = b->lines.joined().size() - before == raw_plain.size() &&
                              (mdtext.data() == raw_plain.data() ? mdtext.size() == raw_plain.size() : mdtext == raw_plain);
            if (same) return;
            split_markdown(*b, before);
        }
        b->md_lines.last_line_tail() += mdtext;
    }

    // From here on the block's Markdown text is stored: a copy of the plain text up to `plain_size` bytes.
    static void split_markdown(Block& b, std::size_t plain_size) {
        b.md_lines = b.lines;
        b.md_lines.last_line_tail().resize(plain_size);
        b.md_differs = true;
    }

    void line_break() {
        Block* b = target();
        if (!b || b->kind == Block::Kind::table) return;
        b->lines.new_line();
        if (b->md_differs) b->md_lines.new_line();
    }

    void md_only(std::string_view s) {
        Block* b = target();
        if (!b || b->kind == Block::Kind::table) return;
        if (b->lines.empty()) b->lines.new_line();
        if (s.empty()) return;
        if (!b->md_differs) split_markdown(*b, b->lines.joined().size());
        b->md_lines.last_line_tail() += s;
    }
};

bool inside_item(const Builder& b) {
    return !b.stack.empty() && b.stack.back() == MD_BLOCK_LI;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* ud) {
    auto& b = *static_cast<Builder*>(ud);
    if (b.out_of_time()) return 1;
    switch (type) {
        case MD_BLOCK_QUOTE: ++b.quote_depth; break;
        case MD_BLOCK_UL:
        case MD_BLOCK_OL: ++b.lists; break;
        case MD_BLOCK_LI: {
            Block& blk = b.push(Block::Kind::list_item);
            blk.level = b.lists;
            const auto* d = static_cast<const MD_BLOCK_LI_DETAIL*>(detail);
            if (d && d->is_task) blk.task = (d->task_mark == 'x' || d->task_mark == 'X') ? 2 : 1;
            break;
        }
        case MD_BLOCK_H: {
            // "- # text" is a heading inside a list item: its text belongs to the item.
            const bool in_item = inside_item(b);
            b.heading_pushed.push_back(!in_item);
            if (in_item) break;
            b.push(Block::Kind::heading).level = static_cast<int>(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
            break;
        }
        case MD_BLOCK_P:
            if (inside_item(b)) {
                // A loose list item's paragraphs stay in the item; separate them by a line.
                if (Block* t = b.target(); t && !t->lines.empty()) b.line_break();
            } else {
                b.push(Block::Kind::paragraph);
            }
            break;
        case MD_BLOCK_CODE: b.push(Block::Kind::code); break;
        case MD_BLOCK_HTML: b.push(Block::Kind::html); break;
        case MD_BLOCK_HR: b.add(Block::Kind::rule); break;
        case MD_BLOCK_TABLE: b.push(Block::Kind::table); break;
        case MD_BLOCK_TR:
            if (Block* t = b.target(); t && t->kind == Block::Kind::table) {
                // md4c gives every row the header's cell count: one allocation per row, not one per doubling.
                const std::size_t cells = t->rows.empty() ? 0 : t->rows.front().size();
                t->rows.emplace_back().reserve(cells);
            }
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (Block* t = b.target(); t && t->kind == Block::Kind::table && !t->rows.empty()) {
                t->rows.back().emplace_back();
                b.in_cell = true;
            }
            break;
        default: break;
    }
    b.stack.push_back(type);
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* ud) {
    auto& b = *static_cast<Builder*>(ud);
    if (!b.stack.empty()) b.stack.pop_back();
    switch (type) {
        case MD_BLOCK_QUOTE: --b.quote_depth; break;
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
            if (b.lists > 0) --b.lists;
            break;
        case MD_BLOCK_P:
            if (inside_item(b)) break;
            [[fallthrough]];
        case MD_BLOCK_H: {
            const bool pushed = b.heading_pushed.empty() || b.heading_pushed.back();
            if (!b.heading_pushed.empty()) b.heading_pushed.pop_back();
            if (pushed && !b.open.empty()) b.open.pop_back();
            break;
        }
        case MD_BLOCK_LI:
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
        case MD_BLOCK_TABLE:
            if (!b.open.empty()) b.open.pop_back();
            break;
        case MD_BLOCK_TR:
            // A row whose cells are all empty never saw text; give it the line after the previous row.
            if (Block* t = b.target(); t && t->kind == Block::Kind::table) {
                while (t->row_lines.size() < t->rows.size()) {
                    t->row_lines.push_back(t->row_lines.empty() ? t->line : t->row_lines.back() + 1);
                }
            }
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: b.in_cell = false; break;
        default: break;
    }
    return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* ud) {
    auto& b = *static_cast<Builder*>(ud);
    switch (type) {
        case MD_SPAN_EM: b.md_only("*"); break;
        case MD_SPAN_STRONG: b.md_only("**"); break;
        case MD_SPAN_CODE: b.md_only("`"); break;
        case MD_SPAN_DEL: b.md_only("~~"); break;
        case MD_SPAN_A: {
            const auto* d = static_cast<const MD_SPAN_A_DETAIL*>(detail);
            b.link_href.emplace_back(d->href.text, d->href.size);
            b.md_only("[");
            break;
        }
        case MD_SPAN_IMG: {
            const auto* d = static_cast<const MD_SPAN_IMG_DETAIL*>(detail);
            b.link_href.emplace_back(d->src.text, d->src.size);
            b.md_only("![");
            break;
        }
        default: break;
    }
    return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* ud) {
    auto& b = *static_cast<Builder*>(ud);
    switch (type) {
        case MD_SPAN_EM: b.md_only("*"); break;
        case MD_SPAN_STRONG: b.md_only("**"); break;
        case MD_SPAN_CODE: b.md_only("`"); break;
        case MD_SPAN_DEL: b.md_only("~~"); break;
        case MD_SPAN_A:
        case MD_SPAN_IMG:
            if (!b.link_href.empty()) {
                b.md_only("](" + b.link_href.back() + ")");
                b.link_href.pop_back();
            }
            break;
        default: break;
    }
    return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* ud) {
    auto& b = *static_cast<Builder*>(ud);
    const std::string_view t(text, size);
    switch (type) {
        case MD_TEXT_BR:
        case MD_TEXT_SOFTBR:
            if (Block* tb = b.target(); tb && tb->kind == Block::Kind::table) {
                b.append(" ", " ", text);
            } else {
                b.line_break();
            }
            break;
        case MD_TEXT_ENTITY: {
            const std::string decoded = decode_entity(t);
            b.append(decoded, t, text);
            break;
        }
        case MD_TEXT_NULLCHAR: b.append("\xEF\xBF\xBD", "\xEF\xBF\xBD", nullptr); break;
        case MD_TEXT_HTML:
            b.md_only(t);
            // "<br>", "<br/>", "<br />" break the line, as they do on the page.
            if (t.size() >= 4 && (t[1] == 'b' || t[1] == 'B') && (t[2] == 'r' || t[2] == 'R') &&
                (t[3] == '>' || t[3] == '/' || t[3] == ' ')) {
                if (Block* tb = b.target(); tb && tb->kind != Block::Kind::table) b.line_break();
            }
            break;
        case MD_TEXT_CODE:
            if (Block* tb = b.target(); tb && tb->kind == Block::Kind::code && !t.empty() && t.back() == '\n') {
                // Code block text arrives line by line with its newline.
                const std::string_view line = t.substr(0, t.size() - 1);
                b.append(line, line, text);
                b.line_break();
            } else {
                b.append(t, t, text);
            }
            break;
        default: b.append(t, t, text); break;
    }
    return 0;
}

// Could `line` open a block of this kind? For blocks md4c reports without any text (an empty "#" heading,
// a rule, an empty list item or code fence), whose line the text pointers cannot tell.
bool may_open(Block::Kind kind, std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    const std::string_view t = line.substr(i);
    if (t.empty()) return false;
    switch (kind) {
        case Block::Kind::heading: {
            std::size_t h = 0;
            while (h < t.size() && t[h] == '#') ++h;
            return h >= 1 && h <= 6 && (h == t.size() || t[h] == ' ' || t[h] == '\t');
        }
        case Block::Kind::rule: {
            const char c = t[0];
            if (c != '-' && c != '*' && c != '_') return false;
            std::size_t marks = 0;
            for (char x : t) {
                if (x == c) ++marks;
                else if (x != ' ' && x != '\t') return false;
            }
            return marks >= 3;
        }
        case Block::Kind::code: return t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0;
        case Block::Kind::list_item: {
            if (t[0] == '-' || t[0] == '*' || t[0] == '+') return true;
            std::size_t d = 0;
            while (d < t.size() && d < 9 && t[d] >= '0' && t[d] <= '9') ++d;
            return d > 0 && d < t.size() && (t[d] == '.' || t[d] == ')');
        }
        default: return true;
    }
}

// Every block gets a real line in [body_first, body_last]: a text-less block is placed on the first line after
// the text before it that can open it (never 0, never past the body: section ranges are computed from these).
void place_textless_blocks(Builder& b, const LineIndex& lines, std::size_t body_first, std::size_t body_last) {
    const std::size_t first = std::max<std::size_t>(body_first, 1);
    const std::size_t last = std::max(first, std::min(body_last, lines.line_count()));
    std::size_t next_known = 0;  // line of the next block that has one (scanning backwards keeps it at hand)
    std::vector<std::size_t> limit(b.blocks.size(), last);
    for (std::size_t k = b.blocks.size(); k-- > 0;) {
        if (next_known) limit[k] = std::max(first, std::min(last, next_known));
        if (b.blocks[k].line) next_known = b.blocks[k].line;
    }
    std::size_t floor = first;  // blocks come in document order: a block never starts before the one before it
    for (std::size_t k = 0; k < b.blocks.size(); ++k) {
        auto& blk = b.blocks[k];
        if (blk.line == 0) {
            const std::size_t from = std::min(std::max({first, floor, b.search_from[k]}), limit[k]);
            std::size_t found = 0, nonblank = 0;
            for (std::size_t n = from; n <= limit[k] && !found; ++n) {
                const auto l = lines.line(n);
                if (!nonblank && l.find_first_not_of(" \t\r") != std::string_view::npos) nonblank = n;
                if (may_open(blk.kind, l)) found = n;
            }
            blk.line = found ? found : nonblank ? nonblank : from;
            // It takes its line: the next block starts after it (a block with text may share a line with
            // the block around it, a list item with its paragraph; a text-less one holds its line alone).
            floor = std::max(floor, std::min(blk.line + 1, last));
        }
        floor = std::max(floor, blk.line);
    }
}

// md4c 0.4.8 takes a table's delimiter row only when each cell has three or more of ':' and '-' ("| :- |" is
// a table on GitHub and in GFM, a paragraph to md4c). Widens such cells over their own padding, so the text
// keeps its length and every offset its line: " :- " becomes ":---". The copy is made at the first cell that
// needs it; none (nullopt) for the usual text.
std::optional<std::string> widen_delimiter_rows(std::string_view whole, std::size_t from, std::size_t to) {
    std::optional<std::string> out;
    std::size_t prev_start = std::string_view::npos;
    for (std::size_t start = from; start < to;) {
        std::size_t end = whole.find('\n', start);
        if (end == std::string_view::npos || end > to) end = to;
        const std::string_view line = whole.substr(start, end - start);
        // Only '|', ':', '-' and blank space, with a '|' and a '-' (one pass: this runs on every line).
        bool bar = false, dash = false, other = false;
        for (std::size_t k = 0; k < line.size() && !other; ++k) {
            const char c = line[k];
            bar = bar || c == '|';
            dash = dash || c == '-';
            other = c != '|' && c != ':' && c != '-' && c != ' ' && c != '\t' && c != '\r';
        }
        const bool delimiter = bar && dash && !other;
        const bool after_row = delimiter && prev_start != std::string_view::npos &&
                               whole.substr(prev_start, start - prev_start).find('|') != std::string_view::npos;
        if (delimiter && after_row) {
            for (std::size_t cell = start; cell < end;) {
                std::size_t bar = whole.find('|', cell);
                if (bar == std::string_view::npos || bar > end) bar = end;
                std::size_t width = bar - cell;
                if (width && whole[cell + width - 1] == '\r') --width;
                const std::string_view c = whole.substr(cell, width);
                const auto first = c.find_first_not_of(" \t"), last = c.find_last_not_of(" \t");
                if (first != std::string_view::npos && last - first + 1 < 3 && width >= 3) {
                    if (!out) out.emplace(whole);
                    const bool left = c[first] == ':', right = c[last] == ':';
                    for (std::size_t k = 0; k < width; ++k) (*out)[cell + k] = '-';
                    if (left) (*out)[cell] = ':';
                    if (right) (*out)[cell + width - 1] = ':';
                }
                cell = bar + 1;
            }
        }
        prev_start = start;
        start = end + 1;
    }
    return out;
}

}  // namespace

std::size_t count_table_cells(std::string_view line) {
    auto t = line;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
    if (!t.empty() && t.front() == '|') t.remove_prefix(1);
    if (!t.empty() && t.back() == '|' && !(t.size() >= 2 && t[t.size() - 2] == '\\')) t.remove_suffix(1);
    if (t.empty()) return 0;
    std::size_t cells = 1;
    bool code = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        // Eight bytes at a time while none is '|', '`' or '\\': the cells' text is most of a row.
        for (std::uint64_t w; t.size() - i >= 8; i += 8) {
            std::memcpy(&w, t.data() + i, 8);
            if (text::has_byte(w, '|') | text::has_byte(w, '`') | text::has_byte(w, '\\')) break;
        }
        if (i == t.size()) break;
        if (t[i] == '\\') {
            ++i;
        } else if (t[i] == '`') {
            code = !code;
        } else if (t[i] == '|' && !code) {
            ++cells;
        }
    }
    return cells;
}

std::vector<Block> outline(std::string_view whole, std::string_view body, const LineIndex& lines,
                           const Deadline& deadline) {
    const auto body_offset = static_cast<std::size_t>(body.data() - whole.data());
    // A copy only for a text with narrow delimiter cells (same length, same lines).
    const std::optional<std::string> widened = widen_delimiter_rows(whole, body_offset, body_offset + body.size());
    if (widened) {
        whole = *widened;
        body = whole.substr(body_offset, body.size());
    }
    const std::size_t body_first = lines.line_of(body_offset);
    const std::size_t body_last = body.empty() ? body_first : lines.line_of(body_offset + body.size() - 1);
    Builder b;
    b.last_text_line = body_first - 1;
    b.deadline = &deadline;
    b.whole = whole;
    b.lines = &lines;
    // A block takes a line or more, and a blank line mostly parts two: reserved so that pushing a block
    // seldom moves the ones before it (each holds five vectors); bounded, so a huge file reserves no more
    // than a few hundred kilobytes it may not use.
    const std::size_t capacity = std::min<std::size_t>((body_last - body_first) / 2 + 8, 2048);
    b.blocks.reserve(capacity);
    b.search_from.reserve(capacity);
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = on_text;
    md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &b);
    if (b.timed_out) throw TimedOut();
    // Trim trailing empty lines that breaks at the end of a block leave behind.
    for (auto& blk : b.blocks) {
        while (!blk.lines.empty() && blk.lines.back().empty() && blk.md_line(blk.lines.size() - 1).empty()) {
            blk.lines.pop_back();
            if (blk.md_differs) blk.md_lines.pop_back();
        }
        // A heading is one line of text, however many source lines a setext heading took.
        if (blk.kind == Block::Kind::heading && blk.lines.size() > 1) {
            blk.text_lines = blk.lines.size();
            blk.lines.merge_into_one(' ');
            if (blk.md_differs) blk.md_lines.merge_into_one(' ');
        }
        if (blk.kind == Block::Kind::table) {
            if (blk.row_lines.size() < blk.rows.size()) blk.row_lines.resize(blk.rows.size(), blk.line);
            for (std::size_t r = 0; r < blk.rows.size(); ++r) {
                blk.row_cells.push_back(count_table_cells(lines.line(blk.row_lines[r])));
            }
        }
    }
    place_textless_blocks(b, lines, body_first, body_last);
    return std::move(b.blocks);  // a member: no implicit move
}

}  // namespace incidentkit::md
