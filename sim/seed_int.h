/* seed_int.h - what the seed files share: deterministic randomness, small
 * record builders, the tenant's organisation map, and the entry point of
 * the newer domains' seed (seed_more.c). Internal to the simulator. */
#ifndef HALOPSA_SIM_SEED_INT_H
#define HALOPSA_SIM_SEED_INT_H

#include "sim_int.h"

#include "base/base.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- deterministic randomness (splitmix64) ---- */

struct rng {
    uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static inline int rng_below(struct rng *r, int n)
{
    return n <= 1 ? 0 : (int)(rng_next(r) % (uint64_t)n);
}

/* true with probability pct/100. */
static inline bool rng_pct(struct rng *r, int pct)
{
    return rng_below(r, 100) < pct;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), (int)N_OF(a))])

/* ---- small builders ---- */

static inline void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, json_string(v));
}

static inline void set_int(json_t *o, const char *k, json_int_t v)
{
    json_object_set_new(o, k, json_integer(v));
}

static inline void set_bool(json_t *o, const char *k, bool v)
{
    json_object_set_new(o, k, json_boolean(v));
}

static inline void set_real(json_t *o, const char *k, double v)
{
    json_object_set_new(o, k, json_real(v));
}

static inline void set_date(json_t *o, const char *k, int64_t ms)
{
    char d[32];
    json_object_set_new(o, k, json_string(sim__format_date(d, ms)));
}

/* The dataset's "now": midnight UTC of the current day, so a seed gives the
 * same records all day long while ages stay realistic. */
static inline int64_t anchor_ms(void)
{
    int64_t day = 86400000;
    return base_wall_ms() / day * day;
}

/* Which sites and users belong to which client (ids), for the generators. */
struct org {
    int nclients;
    int site_first[8], site_count[8];
    int user_first[64], user_count[64]; /* per site id (at most 6 x 3 sites) */
    int nsites, nusers;
    int asset_first[64], asset_count[64]; /* per site id */
};

/* Seeds the newer domains into ds (SLA, Category, projects and
 * opportunities made of some tickets, time, appointments, knowledge base,
 * contracts, quotes, orders, items, suppliers, approvals, attachments,
 * saved reports). ntickets as for sim__dataset_new; compact: the large
 * tenant's lean records. */
void sim__seed_more(json_t *ds, const struct org *org, unsigned seed, int64_t now, bool compact);

#endif
