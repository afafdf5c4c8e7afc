/* env.c - the one rule for "unset" environment values (absent, blank, or an
 * unexpanded placeholder a host or shell passed through), shared by every
 * module that reads settings. */
#include "base.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Whether s (trimmed, non-empty) is a template nobody filled in. MCP hosts
 * pass an optional field the user left empty as the literal template
 * ("${user_config.halopsa_base_url}"), editors and generators leave
 * "{{x}}", and a shell leaves "$VAR" when the variable was not exported. */
static bool placeholder(const char *s, size_t n)
{
    const char *open = NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '$' && s[i + 1] == '{') {
            open = s + i;
            break;
        }
    }
    if (open && memchr(open, '}', n - (size_t)(open - s)))
        return true;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '{' && s[i + 1] == '{') {
            for (size_t j = i + 2; j + 1 < n; j++) {
                if (s[j] == '}' && s[j + 1] == '}')
                    return true;
            }
            break;
        }
    }
    if (n >= 2 && s[0] == '$' && (isalpha((unsigned char)s[1]) || s[1] == '_')) {
        for (size_t i = 1; i < n; i++) {
            if (!isalnum((unsigned char)s[i]) && s[i] != '_')
                return false;
        }
        return true;
    }
    return false;
}

/* value without surrounding whitespace: its start (borrowed), length in *n. */
static const char *trim(const char *value, size_t *n)
{
    while (isspace((unsigned char)*value))
        value++;
    *n = strlen(value);
    while (*n && isspace((unsigned char)value[*n - 1]))
        (*n)--;
    return value;
}

enum base_env_state base_env_state_of(const char *value)
{
    size_t n;
    if (!value)
        return BASE_ENV_ABSENT;
    value = trim(value, &n);
    if (!n)
        return BASE_ENV_BLANK;
    return placeholder(value, n) ? BASE_ENV_PLACEHOLDER : BASE_ENV_SET;
}

char *base_env_dup(const char *value)
{
    size_t n;
    if (base_env_state_of(value) != BASE_ENV_SET)
        return NULL;
    value = trim(value, &n);
    return xstrndup(value, n);
}

const char *base_env(const char *name)
{
    const char *v = getenv(name);
    if (base_env_state_of(v) != BASE_ENV_SET)
        return NULL;
    while (isspace((unsigned char)*v))
        v++;
    return v;
}

const char *base_env_state_words(enum base_env_state st)
{
    switch (st) {
    case BASE_ENV_SET:
        return "is set";
    case BASE_ENV_BLANK:
        return "is blank";
    case BASE_ENV_PLACEHOLDER:
        return "is an unexpanded placeholder (the MCP host or shell passed its template "
               "through instead of a value)";
    case BASE_ENV_ABSENT:
    default:
        return "is not set";
    }
}
