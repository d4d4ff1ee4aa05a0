// Atomic output: write to a temporary file beside the target, then rename it into place.
#pragma once

#include <string>
#include <string_view>

/// Writes `data` to `path` so that readers see the old file or the whole new one, never a part.
bool write_file_atomically(const std::string& path, std::string_view data, std::string& error);
