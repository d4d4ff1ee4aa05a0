/* The C API from C99: conversions, typed failures with diagnostics, option checking, NULL arguments, and four
 * threads converting at once (started first, so that they also race for the library's once-built statics).
 * Usage: c_api_test REPORT.md   (testdata/frontmatter-postmortem.md) */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <incidentkit/incidentkit.h>

static int passed, failed;

static void check(int ok, int line, const char* what) {
    if (ok) {
        ++passed;
    } else {
        ++failed;
        fprintf(stderr, "c_api_test.c:%d: FAILED: %s\n", line, what);
    }
}

static void check_status(ik_status got, ik_status want, int line, const char* what) {
    if (got == want) {
        ++passed;
    } else {
        ++failed;
        fprintf(stderr, "c_api_test.c:%d: FAILED: %s: got %s, want %s\n", line, what, ik_status_name(got),
                ik_status_name(want));
    }
}

static void check_str(const char* got, const char* want, int line, const char* what) {
    if (got && strcmp(got, want) == 0) {
        ++passed;
    } else {
        ++failed;
        fprintf(stderr, "c_api_test.c:%d: FAILED: %s: got \"%s\", want \"%s\"\n", line, what, got ? got : "(null)",
                want);
    }
}

static void check_has(const char* text, const char* part, int line, const char* what) {
    if (text && strstr(text, part)) {
        ++passed;
    } else {
        ++failed;
        fprintf(stderr, "c_api_test.c:%d: FAILED: %s: \"%s\" not in \"%s\"\n", line, what, part,
                text ? text : "(null)");
    }
}

#define CHECK(c) check((c) != 0, __LINE__, #c)
#define CHECK_STATUS(got, want) check_status((got), (want), __LINE__, #got)
#define CHECK_STR(got, want) check_str((got), (want), __LINE__, #got)
#define CHECK_HAS(text, part) check_has((text), (part), __LINE__, #text)

static const char kReport[] =
    "---\n"
    "title: Cache Stampede On Checkout\n"
    "severity: sev2\n"
    "started_at: \"2024-03-15T10:00:00Z\"\n"
    "resolved_at: \"2024-03-15T10:45:00Z\"\n"
    "affected_systems: [checkout, cache]\n"
    "---\n"
    "\n"
    "# Summary\n"
    "\n"
    "The cache expired at once and the checkout service overloaded the database.\n";

static char* copy(const char* s, size_t n) {
    char* out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

static const char* first_non_space(const char* s) {
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') ++s;
    return s;
}

struct job {
    const ik_options* options;
    ik_status status;
    char* output;
    const char* formats;
};

static void* convert_job(void* arg) {
    struct job* j = arg;
    ik_result* r = NULL;
    int k;
    j->formats = ik_formats_json();
    for (k = 0; k < 20; ++k) {
        size_t size = 0;
        const char* out;
        j->status = ik_convert_buffer(kReport, sizeof kReport - 1, j->options, &r);
        out = ik_result_output(r, &size);
        free(j->output);
        j->output = copy(out, size);
        ik_result_free(r);
        if (j->status != IK_OK || !j->output) break;
    }
    return NULL;
}

static void test_threads(void) {
    enum { kThreads = 4 };
    pthread_t threads[kThreads];
    struct job jobs[kThreads];
    ik_options* options = ik_options_new();
    ik_result* r = NULL;
    int i;
    CHECK(options != NULL);
    if (!options) return;
    CHECK_STATUS(ik_options_set(options, "date", "2024-03-15"), IK_OK);
    for (i = 0; i < kThreads; ++i) {
        jobs[i].options = options;
        jobs[i].status = IK_INTERNAL;
        jobs[i].output = NULL;
        jobs[i].formats = NULL;
        CHECK(pthread_create(&threads[i], NULL, convert_job, &jobs[i]) == 0);
    }
    for (i = 0; i < kThreads; ++i) CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &r), IK_OK);
    for (i = 0; i < kThreads; ++i) {
        CHECK_STATUS(jobs[i].status, IK_OK);
        CHECK(jobs[i].output != NULL && jobs[i].output[0] != '\0');
        /* Every thread's output is the same as a conversion made alone afterwards. */
        if (jobs[i].output) CHECK_STR(jobs[i].output, ik_result_output(r, NULL));
        CHECK(jobs[i].formats != NULL && jobs[i].formats == ik_formats_json());
        free(jobs[i].output);
    }
    ik_result_free(r);
    ik_options_free(options);
}

static void test_convert_buffer(void) {
    ik_result* r = NULL;
    ik_result* again = NULL;
    ik_options* options = ik_options_new();
    size_t size = 0;
    const char* out;
    const char* nl;
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, NULL, &r), IK_OK);
    CHECK(r != NULL);
    CHECK_STATUS(ik_result_status(r), IK_OK);
    out = ik_result_output(r, &size);
    CHECK(size > 0 && strlen(out) == size);
    CHECK(*first_non_space(out) == '{' && out[size - 1] == '\n');
    CHECK_HAS(out, "\"title\": \"Cache Stampede On Checkout\"");
    CHECK_STR(ik_result_format(r), "frontmatter");
    CHECK(ik_result_incident_count(r) == 1);
    CHECK(*first_non_space(ik_result_diagnostics_json(r)) == '[');
    CHECK_STR(ik_result_error_message(r), "");

    /* NULL options are the defaults. */
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &again), IK_OK);
    CHECK_STR(ik_result_output(again, NULL), out);
    ik_result_free(again);

    /* compact: one line (JSON Lines); a rejected value leaves the earlier one in place. */
    CHECK_STATUS(ik_options_set(options, "compact", "true"), IK_OK);
    CHECK_STATUS(ik_options_set(options, "compact", "maybe"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &again), IK_OK);
    out = ik_result_output(again, &size);
    nl = strchr(out, '\n');
    CHECK(out[0] == '{' && nl == out + size - 1);
    ik_result_free(again);

    CHECK_STATUS(ik_options_set(options, "to", "yaml"), IK_OK);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &again), IK_OK);
    CHECK_HAS(ik_result_output(again, NULL), "title: Cache Stampede On Checkout");
    ik_result_free(again);

    /* max_bytes: over the limit is IK_TOO_LARGE, with the reason. */
    CHECK_STATUS(ik_options_set(options, "max_bytes", "10"), IK_OK);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &again), IK_TOO_LARGE);
    CHECK_HAS(ik_result_error_message(again), "over the limit of 10 bytes");
    ik_result_free(again);
    ik_result_free(r);
    ik_options_free(options);
}

static void test_failures(void) {
    ik_options* options = ik_options_new();
    ik_result* r = NULL;
    ik_diagnostic d;
    size_t size = 99;
    CHECK_STATUS(ik_options_set(options, "from", "json"), IK_OK);
    CHECK_STATUS(ik_options_set(options, "path", "bad.json"), IK_OK);
    CHECK_STATUS(ik_convert_buffer("{", 1, options, &r), IK_READ_FAILED);
    CHECK(r != NULL);
    CHECK_STATUS(ik_result_status(r), IK_READ_FAILED);
    CHECK(ik_result_diagnostic_count(r) >= 1);
    memset(&d, 0, sizeof d);
    CHECK_STATUS(ik_result_diagnostic(r, 0, &d), IK_OK);
    CHECK(d.level == IK_ERROR);
    CHECK(d.line >= 1);
    CHECK(d.message != NULL && d.message[0] != '\0');
    CHECK_HAS(ik_result_error_message(r), "bad.json:1: error: ");
    CHECK_HAS(ik_result_diagnostics_json(r), "\"level\":\"error\",\"line\":1,");
    CHECK_STR(ik_result_output(r, &size), "");
    CHECK(size == 0);
    CHECK_STR(ik_result_format(r), "json");
    CHECK(ik_result_incident_count(r) == 0);
    CHECK_STATUS(ik_result_diagnostic(r, ik_result_diagnostic_count(r), &d), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_result_diagnostic(r, 0, NULL), IK_INVALID_ARGUMENT);
    ik_result_free(r);

    /* Unknown reader and writer names. */
    CHECK_STATUS(ik_options_set(options, "from", "nope"), IK_OK);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &r), IK_UNKNOWN_FORMAT);
    CHECK_HAS(ik_result_error_message(r), "unknown input format 'nope'");
    ik_result_free(r);
    CHECK_STATUS(ik_options_set(options, "from", "auto"), IK_OK);
    CHECK_STATUS(ik_options_set(options, "to", "nope"), IK_OK);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, options, &r), IK_UNKNOWN_FORMAT);
    CHECK(r != NULL);
    CHECK_STR(ik_result_error_message(r), "bad.json: error: unknown output format 'nope' (known: json, yaml, markdown)");
    CHECK(ik_result_diagnostic_count(r) == 1);
    ik_result_free(r);

    /* Blank input: no reader; NULL data is allowed for size 0. */
    CHECK_STATUS(ik_convert_buffer(NULL, 0, NULL, &r), IK_NO_READER);
    CHECK_HAS(ik_result_error_message(r), "<buffer>:1: error: empty input");
    ik_result_free(r);

    /* A missing file. */
    CHECK_STATUS(ik_convert_file("/nonexistent/report.md", NULL, &r), IK_IO_ERROR);
    CHECK(r != NULL);
    CHECK_HAS(ik_result_error_message(r), "/nonexistent/report.md: error: cannot open: ");
    ik_result_free(r);
    ik_options_free(options);
}

static void test_options(void) {
    ik_options* o = ik_options_new();
    CHECK_STATUS(ik_options_set(o, "colour", "blue"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "from", ""), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "date", "2024-13-01"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "date", "2024-5-1"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "date", "2024-05-01"), IK_OK);
    CHECK_STATUS(ik_options_set(o, "explain", "yes"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "explain", "1"), IK_OK);
    CHECK_STATUS(ik_options_set(o, "infer", "false"), IK_OK);
    CHECK_STATUS(ik_options_set(o, "time_limit_ms", "-1"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "time_limit_ms", "5000"), IK_OK);
    CHECK_STATUS(ik_options_set(o, "time_limit_ms", "0"), IK_OK);
    CHECK_STATUS(ik_options_set(o, "max_bytes", "12x"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "max_bytes", "99999999999999999999999"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "max_bytes", "1048576"), IK_OK);
    CHECK_STATUS(ik_options_set(o, NULL, "x"), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(o, "to", NULL), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_options_set(NULL, "to", "json"), IK_INVALID_ARGUMENT);
    ik_options_free(o);
    ik_options_free(NULL);
}

static void test_null_arguments(void) {
    ik_result* r = (ik_result*)&r; /* must be reset to NULL */
    size_t size = 99;
    CHECK_STATUS(ik_convert_buffer(NULL, 5, NULL, &r), IK_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK_STATUS(ik_convert_buffer(kReport, sizeof kReport - 1, NULL, NULL), IK_INVALID_ARGUMENT);
    r = (ik_result*)&r;
    CHECK_STATUS(ik_convert_file(NULL, NULL, &r), IK_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK_STATUS(ik_convert_file("x.md", NULL, NULL), IK_INVALID_ARGUMENT);
    CHECK_STATUS(ik_result_status(NULL), IK_INVALID_ARGUMENT);
    CHECK_STR(ik_result_output(NULL, &size), "");
    CHECK(size == 0);
    CHECK_STR(ik_result_format(NULL), "");
    CHECK_STR(ik_result_diagnostics_json(NULL), "");
    CHECK_STR(ik_result_error_message(NULL), "");
    CHECK(ik_result_incident_count(NULL) == 0 && ik_result_diagnostic_count(NULL) == 0);
    ik_result_free(NULL);
}

static void test_file(const char* path) {
    ik_result* r = NULL;
    CHECK_STATUS(ik_convert_file(path, NULL, &r), IK_OK);
    CHECK_HAS(ik_result_output(r, NULL), "\"title\": \"Database Connection Pool Exhaustion\"");
    CHECK_HAS(ik_result_output(r, NULL), path); /* source.path is the file's path */
    CHECK_STR(ik_result_format(r), "frontmatter");
    ik_result_free(r);
}

static void test_static_strings(void) {
    const char* formats = ik_formats_json();
    CHECK(ik_abi_version() == INCIDENTKIT_C_ABI_VERSION);
    CHECK(ik_version() != NULL && ik_version()[0] >= '0' && ik_version()[0] <= '9');
    CHECK_STR(ik_status_name(IK_OK), "ok");
    CHECK_STR(ik_status_name(IK_UNKNOWN_FORMAT), "unknown_format");
    CHECK_STR(ik_status_name(IK_READ_FAILED), "read_failed");
    CHECK_STR(ik_status_name(IK_TIMED_OUT), "timed_out");
    CHECK_STR(ik_status_name(IK_INTERNAL), "internal");
    CHECK_STR(ik_status_name(IK_INVALID_ARGUMENT), "invalid_argument");
    CHECK_STR(ik_status_name(IK_NO_MEMORY), "no_memory");
    CHECK_HAS(formats, "{\"readers\":[{\"name\":\"frontmatter\",");
    CHECK_HAS(formats, "{\"name\":\"markdown\",");
    CHECK(formats == ik_formats_json());
    CHECK_HAS(ik_schema_json(), "\"$schema\"");
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: c_api_test REPORT.md\n");
        return 2;
    }
    test_threads();
    test_convert_buffer();
    test_failures();
    test_options();
    test_null_arguments();
    test_file(argv[1]);
    test_static_strings();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
