/* Test plugins that misbehave, one per BAD_PLUGIN_MODE, compiled as pedantic C99 (so plugin.h stays clean C):
 * 1 incidentkit_plugin_abi() says 999; 2 the ABI matches but the reader def says 2; 3 init fails with a message;
 * 4 a reader that emits JSON of the wrong shape (the host's canonical decoder must refuse it);
 * 5 a reader that fails without emitting any diagnostic. */
#include <string.h>

#include <incidentkit/plugin.h>

#ifndef BAD_PLUGIN_MODE
#define BAD_PLUGIN_MODE 1
#endif

static double no_detect(void* user, const char* text, size_t size, const char* path, const char** reason) {
    (void)user, (void)text, (void)size, (void)path;
    *reason = "never";
    return 0.0;
}

static int bad_read(void* user, const char* text, size_t size, const char* path, ik_plugin_output* out) {
    static const char wrong[] = "{\"schema_version\": 1, \"title\": 5, \"tags\": \"not-an-array\"}";
    (void)user, (void)text, (void)size, (void)path;
    if (BAD_PLUGIN_MODE == 5) return 7;
    out->emit_incident_json(out, wrong, sizeof wrong - 1);
    return 0;
}

IK_PLUGIN_EXPORT int incidentkit_plugin_abi(void) { return BAD_PLUGIN_MODE == 1 ? 999 : INCIDENTKIT_PLUGIN_ABI; }

IK_PLUGIN_EXPORT int incidentkit_plugin_init(const ik_plugin_host* host) {
    ik_reader_def def;
    memset(&def, 0, sizeof def);
    def.abi_version = BAD_PLUGIN_MODE == 2 ? 2 : INCIDENTKIT_PLUGIN_ABI;
    def.name = "bad";
    def.description = "a misbehaving test reader";
    def.detect = no_detect;
    def.read = bad_read;
    if (BAD_PLUGIN_MODE == 3) {
        host->error(host->context, "no licence key configured");
        return 1;
    }
    return host->add_reader(host->context, &def);
}
