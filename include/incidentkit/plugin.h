/* The run-time plugin ABI of incidentkit (C99 and C++): what a shared object exports to add readers and writers
 * to `incidentkit --plugin FILE` / INCIDENTKIT_PLUGIN_PATH. Only C types cross it. See docs/library.md, "Plugins". */
#ifndef INCIDENTKIT_PLUGIN_H
#define INCIDENTKIT_PLUGIN_H

#include <stddef.h>

/* Bumped on any incompatible change to this header. A plugin reports the value it was built with through
 * incidentkit_plugin_abi() (checked before anything else is called) and in every def's abi_version. */
#define INCIDENTKIT_PLUGIN_ABI 1

/* The two symbols a plugin exports (with C linkage and default visibility). */
#define INCIDENTKIT_PLUGIN_ABI_SYMBOL "incidentkit_plugin_abi"
#define INCIDENTKIT_PLUGIN_INIT_SYMBOL "incidentkit_plugin_init"

#if defined(__GNUC__) || defined(__clang__)
#define IK_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define IK_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Diagnostic levels for emit_diagnostic. */
#define IK_PLUGIN_WARNING 0
#define IK_PLUGIN_ERROR 1

/* The host's output handle, passed to a reader's read and a writer's write for that one call only (never keep
 * it). Every function pointer is set; each copies what it is given, so the plugin's buffers may be reused at
 * once. Strings are UTF-8; `json`/`text` are `size` bytes (no NUL needed), `message` is NUL-terminated. */
typedef struct ik_plugin_output ik_plugin_output;
struct ik_plugin_output {
    int abi_version; /* INCIDENTKIT_PLUGIN_ABI of the host */
    void* context;   /* the host's; do not touch */
    /* Readers: one incident as a canonical JSON object (docs/model.md), or a JSON array of such objects. */
    void (*emit_incident_json)(ik_plugin_output* out, const char* json, size_t size);
    /* Writers: bytes of the output, appended in order. */
    void (*emit_text)(ik_plugin_output* out, const char* text, size_t size);
    /* A warning or error about the input (readers) or the failure (writers). `line` is 1-based, 0 for none. */
    void (*emit_diagnostic)(ik_plugin_output* out, int level, size_t line, const char* message);
    /* Nonzero once the read's time limit (--file-timeout) has passed: a long read should poll it and then
     * return nonzero at once (the host reports the time-out). */
    int (*should_stop)(ik_plugin_output* out);
};

/* A reader. `text` holds `size` bytes followed by a NUL byte (it may contain NULs itself); `path` is the input's
 * path as given (NUL-terminated, possibly ""). */
typedef struct ik_reader_def {
    int abi_version;         /* INCIDENTKIT_PLUGIN_ABI: a def with another value is refused */
    const char* name;        /* the --from name, e.g. "csv-incidents" (copied at registration) */
    const char* description; /* one line for `incidentkit formats` (copied) */
    /* Confidence 0 (not mine) .. 1 that the text is this format; `*reason` may be set to a static string saying
     * why. Cheap; NULL means the reader is used only by name (--from). */
    double (*detect)(void* user, const char* text, size_t size, const char* path, const char** reason);
    /* Reads the text: incidents through out->emit_incident_json, warnings and errors through
     * out->emit_diagnostic. Returns 0 on success; nonzero (or any error diagnostic) means the document failed. */
    int (*read)(void* user, const char* text, size_t size, const char* path, ik_plugin_output* out);
    void* user; /* passed back as is */
} ik_reader_def;

/* A writer. `incident_json` is one incident as the json writer prints it (compact, `size` bytes, followed by a
 * NUL byte); `compact` is nonzero for --compact. */
typedef struct ik_writer_def {
    int abi_version;         /* INCIDENTKIT_PLUGIN_ABI */
    const char* name;        /* the --to name (copied) */
    const char* description; /* copied */
    const char* extension;   /* file extension for --out-dir, without the dot, e.g. "csv" (copied) */
    /* Writes one incident through out->emit_text. Returns 0 on success; nonzero is a failure, explained by an
     * error diagnostic (out->emit_diagnostic). */
    int (*write)(void* user, const char* incident_json, size_t size, int compact, ik_plugin_output* out);
    void* user;
} ik_writer_def;

/* What the host passes to incidentkit_plugin_init, valid during that call only. */
typedef struct ik_plugin_host {
    int abi_version; /* INCIDENTKIT_PLUGIN_ABI of the host: a plugin may refuse a host it does not support */
    void* context;   /* the host's; pass it back */
    /* Register a reader / writer; the def is copied. Return 0, or nonzero when the def is refused (another
     * abi_version, a NULL or empty name, a NULL function), the reason having been recorded by the host. */
    int (*add_reader)(void* context, const ik_reader_def* def);
    int (*add_writer)(void* context, const ik_writer_def* def);
    /* Why init is about to return nonzero (one line, copied). */
    void (*error)(void* context, const char* message);
} ik_plugin_host;

/* The plugin's entry points. incidentkit_plugin_abi returns INCIDENTKIT_PLUGIN_ABI and is called first;
 * incidentkit_plugin_init registers the plugin's readers and writers and returns 0 (nonzero: refuse to load, after
 * host->error). Both are called once per process, from one thread. */
typedef int (*ik_plugin_abi_fn)(void);
typedef int (*ik_plugin_init_fn)(const ik_plugin_host* host);
IK_PLUGIN_EXPORT int incidentkit_plugin_abi(void);
IK_PLUGIN_EXPORT int incidentkit_plugin_init(const ik_plugin_host* host);

#ifdef __cplusplus
}
#endif

#endif /* INCIDENTKIT_PLUGIN_H */
