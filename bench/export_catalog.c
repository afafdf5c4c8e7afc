/* export_catalog.c - prints the tool catalogue (tools_catalog()) as JSON, so
 * the reference TypeScript server registers exactly our tool definitions. */
#include "base/base.h"
#include "tools/tools.h"

#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    base_init();
    json_t *cat = tools_catalog();
    char *s = json_dumps(cat, JSON_COMPACT);
    if (!s)
        return 1;
    puts(s);
    free(s);
    json_decref(cat);
    return 0;
}
