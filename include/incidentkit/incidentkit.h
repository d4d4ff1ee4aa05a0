/* The stable C API of incidentkit (C99 and C++): convert a report's bytes or file to JSON/YAML/Markdown through
 * opaque handles, with no C++ type, exception or abort crossing the boundary. See docs/library.md, "C API". */
#ifndef INCIDENTKIT_INCIDENTKIT_H
#define INCIDENTKIT_INCIDENTKIT_H

#include <stddef.h>

/* Bumped on any incompatible change to this header (a changed prototype, struct, enum value or meaning);
 * compatible additions (new functions, new option keys) keep it. Compare with ik_abi_version() at run time. */
#define INCIDENTKIT_C_ABI_VERSION 1

#if defined(__GNUC__) || defined(__clang__)
#define IK_API __attribute__((visibility("default")))
#else
#define IK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Why a call failed as a whole. IK_OK .. IK_INTERNAL mirror incidentkit::Errc one to one. */
typedef enum ik_status {
    IK_OK = 0,
    IK_UNKNOWN_FORMAT,   /* `from` / `to` names no reader / writer */
    IK_NO_READER,        /* auto-detection found no reader (or the input is blank) */
    IK_READ_FAILED,      /* the reader reported an error diagnostic */
    IK_IO_ERROR,         /* the file could not be opened or read */
    IK_TOO_LARGE,        /* the input exceeds `max_bytes` */
    IK_TIMED_OUT,        /* the read ran past `time_limit_ms` */
    IK_INTERNAL,         /* a reader or writer failed unexpectedly; reported instead of escaping */
    IK_INVALID_ARGUMENT, /* a NULL pointer, an index out of range, an unknown option key or a bad value */
    IK_NO_MEMORY         /* memory ran out */
} ik_status;

typedef enum ik_level { IK_WARNING = 0, IK_ERROR = 1 } ik_level;

/* One warning or error about the input. `line` is 1-based, 0 when no line applies (e.g. an I/O error);
 * `message` is one line of UTF-8, owned by the result it came from and valid until that result is freed. */
typedef struct ik_diagnostic {
    ik_level level;
    size_t line;
    const char* message;
} ik_diagnostic;

typedef struct ik_options ik_options;
typedef struct ik_result ik_result;

/* INCIDENTKIT_C_ABI_VERSION of the library actually loaded. */
IK_API int ik_abi_version(void);
/* The library version, e.g. "0.1.0" (static storage). */
IK_API const char* ik_version(void);
/* "ok", "unknown_format", ... "internal" (as incidentkit::to_string(Errc)), "invalid_argument", "no_memory";
 * "unknown" for a value outside the enum. Static storage, never NULL. */
IK_API const char* ik_status_name(ik_status status);

/* Options: a new handle holds the defaults; NULL when memory ran out. ik_options_free(NULL) does nothing. */
IK_API ik_options* ik_options_new(void);
IK_API void ik_options_free(ik_options* options);
/* Sets one option from text (copied). Keys: "from" (reader name or "auto"; default "auto"), "to" (writer name;
 * default "json"), "path" (shown in diagnostics, and a date in a file name counts; default: the file's path,
 * none for a buffer), "date" (YYYY-MM-DD), "explain", "infer", "compact" ("true"/"false"/"1"/"0"; defaults
 * false, true, false), "time_limit_ms" (decimal, 0 = none, the default), "max_bytes" (decimal; default 16 MiB).
 * An unknown key, a bad value or a NULL argument: IK_INVALID_ARGUMENT, and the options are left unchanged.
 * Reader/writer names are checked by the convert calls (IK_UNKNOWN_FORMAT). */
IK_API ik_status ik_options_set(ik_options* options, const char* key, const char* value);

/* Reads `size` bytes at `data` (NULL allowed when size is 0) and writes every incident with the `to` writer.
 * `options` NULL means the defaults; the options are only read, so one handle may serve concurrent calls.
 * *out receives a new result for every status except IK_INVALID_ARGUMENT and IK_NO_MEMORY (then *out is
 * NULL), failures included, so its diagnostics can be read; the caller frees it with ik_result_free.
 * Returns the same status as ik_result_status(*out). */
IK_API ik_status ik_convert_buffer(const char* data, size_t size, const ik_options* options, ik_result** out);
/* As ik_convert_buffer, reading the file at `path` (size-limited; regular files and streams). */
IK_API ik_status ik_convert_file(const char* path, const ik_options* options, ik_result** out);

/* Frees a result and every string it handed out. NULL does nothing. */
IK_API void ik_result_free(ik_result* result);
/* Accessors never fail on a valid result; given NULL they return IK_INVALID_ARGUMENT / 0 / "". Every string
 * returned is owned by the result, NUL-terminated, and valid until ik_result_free. */
IK_API ik_status ik_result_status(const ik_result* result);
/* The converted output ("" unless the status is IK_OK); *size (when size is not NULL) gets its length. */
IK_API const char* ik_result_output(const ik_result* result, size_t* size);
/* The reader used ("frontmatter", "json", ...), "" when none was. */
IK_API const char* ik_result_format(const ik_result* result);
IK_API size_t ik_result_incident_count(const ik_result* result);
IK_API size_t ik_result_diagnostic_count(const ik_result* result);
/* Diagnostic i (0-based, in input order) into *out; IK_INVALID_ARGUMENT when i is out of range or a pointer is
 * NULL. A failed status always comes with at least one IK_ERROR diagnostic. */
IK_API ik_status ik_result_diagnostic(const ik_result* result, size_t i, ik_diagnostic* out);
/* All diagnostics as a JSON array of {"level": "warning"|"error", "line": N, "message": "..."}. */
IK_API const char* ik_result_diagnostics_json(const ik_result* result);
/* A failure as one line: `path:line: error: message` of the first error diagnostic (the path is the `path`
 * option, else the file's path, else "<buffer>"; no line when it is 0); "" when the status is IK_OK. */
IK_API const char* ik_result_error_message(const ik_result* result);

/* {"readers": [{"name", "description"}...], "writers": [{"name", "description", "extension"}...]}, built
 * once, static storage; NULL only when memory ran out. */
IK_API const char* ik_formats_json(void);
/* The JSON Schema (2020-12) of the JSON output, static storage; NULL only when memory ran out. */
IK_API const char* ik_schema_json(void);

#ifdef __cplusplus
}
#endif

#endif /* INCIDENTKIT_INCIDENTKIT_H */
