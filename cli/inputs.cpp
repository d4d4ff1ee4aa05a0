// Input collection: arguments, recursive directories with include/exclude globs, --files-from, produced as the
// batch asks for them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <utility>

#include <sys/stat.h>
#include <system_error>

#include <fnmatch.h>

#include "batch.hpp"

namespace fs = std::filesystem;

namespace batch {
namespace {

const char* const kDefaultExtensions[] = {".md", ".markdown", ".mdx", ".txt", ".json", ".yaml", ".yml", ".toml"};

bool glob_match(const std::string& pattern, const std::string& relative) {
    const std::string base = fs::path(relative).filename().string();
    return fnmatch(pattern.c_str(), relative.c_str(), 0) == 0 || fnmatch(pattern.c_str(), base.c_str(), 0) == 0;
}

bool wanted(const InputSpec& spec, const std::string& relative) {
    for (const auto& g : spec.exclude) {
        if (glob_match(g, relative)) return false;
    }
    if (!spec.include.empty()) {
        return std::any_of(spec.include.begin(), spec.include.end(),
                           [&](const std::string& g) { return glob_match(g, relative); });
    }
    std::string ext = fs::path(relative).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return std::any_of(std::begin(kDefaultExtensions), std::end(kDefaultExtensions),
                       [&](const char* e) { return ext == e; });
}

// A path as mirrored under --out-dir: relative, without "." / ".." components.
std::string mirror_of(const fs::path& p) {
    fs::path out;
    for (const auto& part : p.relative_path()) {
        if (part == "." || part == ".." || part.empty()) continue;
        out /= part;
    }
    return out.empty() ? p.filename().string() : out.string();
}

bool inside(const fs::path& path, const fs::path& root) {
    auto r = root.begin(), p = path.begin();
    for (; r != root.end(); ++r, ++p) {
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

}  // namespace

// One directory argument, walked depth first with each directory's entries sorted by name, a directory's name
// with '/' after it. That is the order of sorting every full path (a '/' sorts after "-" and ".", so "a.md"
// comes before "a/x.md"), while only one listing per level of depth is held. Hidden folders and the output
// folder are skipped; a symbolic link is read only when it stays inside the tree (or with --follow-symlinks,
// which also descends into linked folders; a folder reached twice, a link loop, is walked once).
class TreeWalk {
public:
    TreeWalk(const InputSpec& spec, const std::string& dir) : spec_(spec), root_(dir) {
        std::error_code ec;
        canonical_root_ = fs::weakly_canonical(root_, ec);
        if (!spec.out_dir.empty()) out_dir_ = fs::weakly_canonical(spec.out_dir, ec);
        enter(root_, "");
    }

    // The next file's path; false when the tree is done. Skipped entries go to `skipped` as they are met.
    bool next(std::string& path, std::vector<std::string>& skipped) {
        while (!levels_.empty()) {
            Level& level = levels_.back();
            if (level.next == level.entries.size()) {
                levels_.pop_back();
                continue;
            }
            Entry& e = level.entries[level.next++];
            const fs::path full = level.dir / e.name;
            if (e.kind == Kind::skipped) {
                skipped.push_back(full.string() +
                                  ": warning: skipped: a symbolic link out of the tree (--follow-symlinks reads it)");
            } else if (e.kind == Kind::file) {
                path = full.string();
                return true;
            } else {
                std::string rel = level.rel + e.name + "/";
                enter(full, std::move(rel));  // may push a level: `level` and `e` are not used past here
            }
        }
        return false;
    }

private:
    enum class Kind { file, directory, skipped };
    struct Entry {
        std::string name;
        Kind kind;
    };
    struct Level {
        fs::path dir;
        std::string rel;  // the directory below the root, with a '/' after it ("" for the root)
        std::vector<Entry> entries;
        std::size_t next = 0;
    };

    // Lists `dir` (sorted) as the new innermost level, unless it is the output folder or was walked already.
    void enter(const fs::path& dir, std::string rel) {
        std::error_code ec;
        struct stat st {};
        if (::stat(dir.c_str(), &st) == 0 && !seen_.insert({st.st_dev, st.st_ino}).second) return;
        if (!out_dir_.empty() && fs::weakly_canonical(dir, ec) == out_dir_) return;  // never read outputs back
        Level level{dir, std::move(rel), {}, 0};
        auto it = fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
            const auto& entry = *it;
            std::string name = entry.path().filename().string();
            const bool link = entry.is_symlink(ec);
            if (link && !spec_.follow_symlinks && !inside(fs::weakly_canonical(entry.path(), ec), canonical_root_)) {
                level.entries.push_back({std::move(name), Kind::skipped});
                continue;
            }
            if (entry.is_directory(ec)) {
                // Hidden folders (.git) are not walked; a linked folder only with --follow-symlinks.
                if (name.rfind('.', 0) == 0 || (link && !spec_.follow_symlinks)) continue;
                level.entries.push_back({std::move(name), Kind::directory});
                continue;
            }
            if (entry.is_regular_file(ec) && wanted(spec_, level.rel + name)) {
                level.entries.push_back({std::move(name), Kind::file});
            }
        }
        auto key_less = [](const Entry& a, const Entry& b) {
            // The name as it stands in a full path: a directory's with the '/' that follows it.
            const std::string_view an = a.name, bn = b.name;
            const std::size_t n = std::min(an.size(), bn.size());
            if (const int c = an.substr(0, n).compare(bn.substr(0, n)); c != 0) return c < 0;
            auto after = [](std::string_view s, std::size_t at, Kind k) -> int {
                if (at < s.size()) return static_cast<unsigned char>(s[at]);
                return k == Kind::directory ? '/' : -1;
            };
            return after(an, n, a.kind) < after(bn, n, b.kind);
        };
        std::sort(level.entries.begin(), level.entries.end(), key_less);
        levels_.push_back(std::move(level));
    }

    const InputSpec& spec_;
    const fs::path root_;
    fs::path canonical_root_, out_dir_;
    std::vector<Level> levels_;
    std::set<std::pair<dev_t, ino_t>> seen_;
};

Inputs::Inputs() = default;
Inputs::~Inputs() = default;

std::string Inputs::relative(const Input& in) const {
    if (in.path == "-") return "stdin";
    const fs::path p(in.path);
    // Lexical: the walk built the path from its root, and resolving links here could lead out of the tree.
    if (in.root != Input::kNoRoot) return mirror_of(p.lexically_relative(roots_[in.root]));
    bool climbs = false;
    for (const auto& part : p) climbs = climbs || part == "..";
    return p.is_absolute() || climbs ? p.filename().string() : mirror_of(p);
}

bool Inputs::open(const InputSpec& spec, std::string& error) {
    spec_ = std::make_unique<InputSpec>(spec);
    if (!spec.files_from.empty()) {
        if (spec.files_from == "-") {
            list_ = &std::cin;
        } else {
            auto file = std::make_unique<std::ifstream>(spec.files_from);
            if (!*file) {
                error = "cannot read --files-from '" + spec.files_from + "'";
                return false;
            }
            list_file_ = std::move(file);
            list_ = list_file_.get();
        }
    }
    stdin_default_ = spec.args.empty() && spec.files_from.empty();
    // The command line's directories are roots from the start (a database prunes under them before the walk
    // has reached them all).
    for (const auto& a : spec.args) {
        std::error_code ec;
        const bool dir = a != "-" && fs::is_directory(a, ec);
        arg_roots_.push_back(dir ? static_cast<std::uint32_t>(roots_.size()) : Input::kNoRoot);
        if (dir) roots_.push_back(a);
    }
    return true;
}

void Inputs::add_arg(const std::string& a, std::uint32_t root) {
    if (root != Input::kNoRoot) {
        walk_ = std::make_unique<TreeWalk>(*spec_, a);
        walk_root_ = root;
    } else {
        ahead_.push_back({a});  // a missing file is reported as that file's error, not a usage error
    }
}

bool Inputs::produce() {
    if (producer_done_ || !spec_) return false;
    const std::size_t before = ahead_.size();
    while (ahead_.size() == before) {
        if (walk_) {
            std::string path;
            std::vector<std::string> notes;
            const bool more = walk_->next(path, notes);
            for (auto& k : notes) skipped_.emplace_back(produced_, std::move(k));
            if (more) {
                ahead_.push_back({std::move(path), walk_root_});
            } else {
                walk_.reset();
            }
        } else if (arg_index_ < spec_->args.size()) {
            add_arg(spec_->args[arg_index_], arg_roots_[arg_index_]);
            ++arg_index_;
        } else if (list_) {
            std::string line;
            if (std::getline(*list_, line)) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                std::error_code ec;
                if (!line.empty() && line != "-" && fs::is_directory(line, ec)) {
                    roots_.push_back(line);
                    add_arg(line, static_cast<std::uint32_t>(roots_.size() - 1));
                } else if (!line.empty()) {
                    add_arg(line, Input::kNoRoot);
                }
            } else {
                list_ = nullptr;
                list_file_.reset();
            }
        } else if (stdin_default_) {
            stdin_default_ = false;
            ahead_.push_back({"-"});
        } else {
            producer_done_ = true;
            return false;
        }
    }
    ++produced_;
    return true;
}

std::vector<std::string> Inputs::take_skipped(std::size_t index) {
    std::vector<std::string> out;
    while (!skipped_.empty() && skipped_.front().first <= index) {
        out.push_back(std::move(skipped_.front().second));
        skipped_.pop_front();
    }
    return out;
}

bool Inputs::has(std::size_t n) {
    while (ahead_.size() < n && produce()) {
    }
    return ahead_.size() >= n;
}

bool Inputs::next(Input& out) {
    if (!has(1)) return false;
    out = std::move(ahead_.front());
    ahead_.pop_front();
    ++taken_;
    has(1);  // one ahead: exhausted() turns true as the last input is taken
    return true;
}

bool needs_whole_list(const InputSpec& spec, const std::vector<std::string>& output_files, bool prune) {
    if (!spec.out_dir.empty() || (prune && !spec.files_from.empty())) return true;
    std::error_code ec;
    for (const auto& f : output_files) {
        if (f.empty()) continue;  // --files-from's lines are checked one by one as they are read (batch::run)
        const fs::path where = fs::weakly_canonical(fs::absolute(f, ec).parent_path(), ec);
        for (const auto& a : spec.args) {
            if (a == "-" || fs::equivalent(a, f, ec)) return true;
            if (fs::is_directory(a, ec) && inside(where, fs::weakly_canonical(a, ec))) return true;
        }
    }
    return false;
}

}  // namespace batch
