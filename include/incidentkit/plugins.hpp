// Loading run-time plugins: shared objects implementing <incidentkit/plugin.h> that add readers and writers.
#pragma once

#include <string>
#include <vector>

#include "incidentkit/registry.hpp"

namespace incidentkit {

/// Loads the plugin at `path` (dlopen; a bare file name that exists in the current directory is taken from there,
/// otherwise the dynamic linker's search applies), checks incidentkit_plugin_abi(), calls incidentkit_plugin_init
/// and adds its readers and writers to `registry` (a name already registered is replaced). Either all of them
/// are added or none: on failure `error` says why, e.g. "plugin ./x.so: built for plugin ABI 2, this incidentkit
/// has 1", and false is returned. The shared object stays loaded for the rest of the process (never dlclosed
/// once initialised), so the readers and writers may outlive the registry's copies. Never throws.
bool load_plugin(Registry& registry, const std::string& path, std::string& error);

/// The plugins an INCIDENTKIT_PLUGIN_PATH value names: ':'-separated entries, each a shared object or a
/// directory whose `*.so` files are taken in sorted order. Empty entries are skipped; an entry that does not
/// exist is kept (so that loading it reports the error). NULL gives none. Never throws.
std::vector<std::string> plugin_paths_from_env(const char* value);

}  // namespace incidentkit
