/* main.c - placeholder entry point until the CLI issue lands. */
#include <stdio.h>
int main(void)
{
    fputs("halopsa-mcp: not built yet\n", stderr);
    return 1;
}
