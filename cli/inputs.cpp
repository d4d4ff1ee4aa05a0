// Input collection: arguments, recursive directories with include/exclude globs, --files-from.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
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

// Recursive, sorted, hidden folders and the output folder skipped. A symbolic link is read only when it stays
// inside the tree (or with --follow-symlinks); a folder reached twice (a link loop) is walked once.
void walk(const InputSpec& spec, const std::string& dir, Inputs& out) {
    std::error_code ec;
    const fs::path root(dir);
    const fs::path canonical_root = fs::weakly_canonical(root, ec);
    const fs::path out_dir = spec.out_dir.empty() ? fs::path() : fs::weakly_canonical(spec.out_dir, ec);
    std::vector<std::string> found;
    std::set<fs::path> seen_dirs{canonical_root};
    auto options = fs::directory_options::skip_permission_denied;
    if (spec.follow_symlinks) options |= fs::directory_options::follow_directory_symlink;
    auto it = fs::recursive_directory_iterator(root, options, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        const bool link = entry.is_symlink(ec);
        if (link) {
            const fs::path target = fs::weakly_canonical(entry.path(), ec);
            if (!spec.follow_symlinks && !inside(target, canonical_root)) {
                out.skipped.push_back(entry.path().string() +
                                      ": warning: skipped: a symbolic link out of the tree (--follow-symlinks reads it)");
                if (entry.is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
        }
        if (entry.is_directory(ec)) {
            // Never read a previous run's outputs back in, nor hidden folders such as .git.
            const bool hidden = entry.path().filename().string().rfind('.', 0) == 0;
            const fs::path canonical = fs::weakly_canonical(entry.path(), ec);
            if (hidden || (!out_dir.empty() && canonical == out_dir) || !seen_dirs.insert(canonical).second) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!entry.is_regular_file(ec)) continue;
        const std::string relative = fs::relative(entry.path(), root, ec).string();
        if (wanted(spec, relative)) found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    const auto index = static_cast<std::uint32_t>(out.roots.size());
    out.roots.push_back(dir);
    out.items.reserve(out.items.size() + found.size());
    for (auto& p : found) out.items.push_back({std::move(p), index});
}

}  // namespace

std::string Inputs::relative(const Input& in) const {
    if (in.path == "-") return "stdin";
    const fs::path p(in.path);
    // Lexical: the walk built the path from its root, and resolving links here could lead out of the tree.
    if (in.root != Input::kNoRoot) return mirror_of(p.lexically_relative(roots[in.root]));
    bool climbs = false;
    for (const auto& part : p) climbs = climbs || part == "..";
    return p.is_absolute() || climbs ? p.filename().string() : mirror_of(p);
}

bool collect_inputs(const InputSpec& spec, Inputs& out, std::string& error) {
    auto add_arg = [&](const std::string& a) {
        std::error_code ec;
        if (a != "-" && fs::is_directory(a, ec)) {
            walk(spec, a, out);
        } else {
            out.items.push_back({a});  // a missing file is reported as that file's error, not a usage error
        }
    };
    for (const auto& a : spec.args) add_arg(a);
    if (!spec.files_from.empty()) {
        std::ifstream file;
        std::istream* in = &std::cin;
        if (spec.files_from != "-") {
            file.open(spec.files_from);
            if (!file) {
                error = "cannot read --files-from '" + spec.files_from + "'";
                return false;
            }
            in = &file;
        }
        std::string line;
        while (std::getline(*in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty()) add_arg(line);
        }
    }
    if (spec.args.empty() && spec.files_from.empty()) out.items.push_back({"-"});
    return true;
}

}  // namespace batch
