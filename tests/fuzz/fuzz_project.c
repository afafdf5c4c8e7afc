/* fuzz_project.c - libFuzzer harness for the projecting parse of list
 * replies (src/halo/project.c): on any input it must accept exactly what
 * jansson accepts and return exactly the rows halo_rows() and a field cut
 * give on jansson's tree (tests/halo/project_ref.h). The first byte picks
 * the envelope key and the field set; the rest is the reply body.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Itests/halo \
 *     tests/fuzz/fuzz_project.c src/halo/project.c src/halo/envelope.c \
 *     src/base/{buf,env,log,xalloc}.c -ljansson -lpthread -o fuzz_project
 *   ./fuzz_project tests/fuzz/corpus/project */
#include "base/base.h"
#include "project_ref.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    base_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"tickets", "Tickets", "sites", "x"};
    static const char *const f0[] = {"id", "name", "summary", "client_id", "x", NULL};
    static const char *const f1[] = {"id", NULL};
    static const char *const f2[] = {"record_count", "tickets", "a", "b", "", NULL};
    const char *const *fields[] = {f0, f1, f2, NULL};
    if (!size)
        return 0;
    uint8_t pick = data[0];
    const char *d = project_differs((const char *)data + 1, size - 1, keys[pick & 3],
                                    fields[(pick >> 2) & 3]);
    if (d) {
        fprintf(stderr, "fuzz_project: %s\n", d);
        abort();
    }
    return 0;
}
