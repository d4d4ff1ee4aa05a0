/* libFuzzer target over the C API (incidentkit.h), in C as its users write it. The first byte picks the reader
 * (`from`) and the writer (`to`); the rest is the document. A finding besides crashes, leaks and UB: IK_INTERNAL,
 * a result missing where the header promises one, a failure without an error diagnostic, output on a failure,
 * a diagnostic that is not one line, or output whose length disagrees with its NUL terminator. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incidentkit/incidentkit.h"

static void finding(const char* what, const char* detail) {
    fprintf(stderr, "FINDING (c_api): %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const char* const froms[] = {"auto", "frontmatter", "freeform", "json", "yaml"};
    static const char* const tos[] = {"json", "yaml", "markdown"};
    const unsigned pick = size ? data[0] : 0;
    ik_options* opts = ik_options_new();
    if (!opts) return 0;
    if (ik_options_set(opts, "from", froms[pick % 5]) != IK_OK) finding("option from rejected", froms[pick % 5]);
    if (ik_options_set(opts, "to", tos[(pick / 5) % 3]) != IK_OK) finding("option to rejected", tos[(pick / 5) % 3]);
    if (ik_options_set(opts, "compact", (pick & 0x80) ? "true" : "false") != IK_OK) finding("option compact rejected", 0);
    ik_result* res = NULL;
    const char* doc = size ? (const char*)data + 1 : "";
    const ik_status st = ik_convert_buffer(doc, size ? size - 1 : 0, opts, &res);
    ik_options_free(opts);
    if (st == IK_NO_MEMORY) return 0;
    if (!res) finding("no result", ik_status_name(st));
    if (st == IK_INTERNAL) finding("internal error", ik_result_error_message(res));
    if (ik_result_status(res) != st) finding("result status differs from the returned status", 0);
    size_t out_size = 0;
    const char* out = ik_result_output(res, &out_size);
    if (!out || strlen(out) > out_size) finding("output not NUL-terminated at its size", 0);
    int errors = 0;
    for (size_t i = 0; i < ik_result_diagnostic_count(res); ++i) {
        ik_diagnostic d;
        if (ik_result_diagnostic(res, i, &d) != IK_OK || !d.message) finding("diagnostic not readable", 0);
        if (!d.message[0] || strchr(d.message, '\n')) finding("diagnostic not one line", d.message);
        errors += d.level == IK_ERROR;
    }
    if (ik_result_diagnostic_count(res) != 0 && !ik_result_diagnostics_json(res)[0]) finding("no diagnostics JSON", 0);
    if (st == IK_OK && errors) finding("error diagnostic on success", 0);
    if (st != IK_OK && !errors) finding("failure without an error diagnostic", ik_status_name(st));
    if (st != IK_OK && out_size) finding("output on a failure", ik_status_name(st));
    if (st == IK_OK && ik_result_incident_count(res) && !out_size) finding("incidents but no output", 0);
    ik_result_free(res);
    return 0;
}
