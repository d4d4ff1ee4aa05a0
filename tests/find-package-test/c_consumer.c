/* A C program built against an installed incidentkit through pkg-config (pkg-config --cflags --libs
 * incidentkit): prints the version and the reader, incident count and title check of one converted report.
 * Usage: c_consumer REPORT.md */
#include <stdio.h>
#include <string.h>

#include <incidentkit/incidentkit.h>

int main(int argc, char** argv) {
    ik_options* options;
    ik_result* result = NULL;
    ik_status status;
    int ok;
    if (argc != 2) return 2;
    if (ik_abi_version() != INCIDENTKIT_C_ABI_VERSION) return 3;
    options = ik_options_new();
    if (!options || ik_options_set(options, "compact", "true") != IK_OK) return 4;
    status = ik_convert_file(argv[1], options, &result);
    ik_options_free(options);
    if (status != IK_OK) {
        fprintf(stderr, "%s (%s)\n", ik_result_error_message(result), ik_status_name(status));
        ik_result_free(result);
        return 1;
    }
    ok = strstr(ik_result_output(result, NULL), "\"title\":\"Database Connection Pool Exhaustion\"") != NULL;
    printf("incidentkit %s: %s, %zu incident(s), title %s\n", ik_version(), ik_result_format(result),
           ik_result_incident_count(result), ok ? "found" : "missing");
    ik_result_free(result);
    return ok ? 0 : 1;
}
