/* main.c - placeholder entry point until the simulator lands. */
#include <stdio.h>
int main(void)
{
    fputs("halopsa-sim: not built yet\n", stderr);
    return 1;
}
