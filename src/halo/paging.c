/* paging.c - HaloPSA's paginated lists: the query of one page (pageinate=true,
 * page_size, page_no) and the walk over pages until enough rows, the last
 * page, a repeated page or cancellation. */
#include "halo_int.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_PAGE_SIZE 50

void halo_page_query(json_t *query, size_t page_no, size_t page_size)
{
    json_object_set_new(query, "pageinate", json_true());
    json_object_set_new(query, "page_size", json_integer((json_int_t)page_size));
    json_object_set_new(query, "page_no", json_integer((json_int_t)page_no));
}

json_t *halo_get_pages(struct halo_client *hc, const char *path, json_t *query, const char *key,
                       size_t page_size, size_t max_rows, halo_progress_fn progress, void *ud,
                       int64_t *record_count, struct halo_error *err)
{
    struct halo_error tmp;
    if (!err)
        err = &tmp;
    memset(err, 0, sizeof *err);
    if (!page_size)
        page_size = DEFAULT_PAGE_SIZE;
    json_t *q = json_is_object(query) ? json_copy(query) : json_object();
    json_t *all = json_array();
    json_t *prev_first = NULL;
    int64_t total = -1;
    for (size_t page = 1;; page++) {
        if (halo__cancelled()) {
            halo__err(err, HALO_E_CANCELLED, 0, "GET", path, "cancelled after %zu rows",
                      json_array_size(all));
            break;
        }
        halo_page_query(q, page, page_size);
        json_t *resp = halo_get(hc, path, q, err);
        if (!resp) {
            if (err->kind == HALO_E_CANCELLED)
                break; /* the rows so far are the answer */
            json_decref(all);
            all = NULL;
            break;
        }
        int64_t rc = -1;
        json_t *rows = halo_rows(resp, key, &rc);
        bool has_total = json_is_object(resp) && json_object_get(resp, "record_count");
        if (has_total && total < 0)
            total = rc;
        size_t n = json_array_size(rows);
        /* A server ignoring page_no sends page 1 again: stop rather than
         * loop over the same rows. */
        bool repeat = n && prev_first && json_equal(prev_first, json_array_get(rows, 0));
        json_decref(prev_first);
        prev_first = n ? json_incref(json_array_get(rows, 0)) : NULL;
        for (size_t i = 0; i < n && !repeat; i++) {
            if (max_rows && json_array_size(all) >= max_rows)
                break;
            json_array_append(all, json_array_get(rows, i));
        }
        json_decref(resp);
        size_t got = json_array_size(all);
        if (progress)
            progress(ud, got, total >= 0 ? total : (int64_t)got);
        if (repeat || !n || n < page_size || (max_rows && got >= max_rows) ||
            (has_total && total >= 0 && (int64_t)got >= total))
            break;
    }
    json_decref(prev_first);
    json_decref(q);
    if (all && record_count)
        *record_count = total >= 0 ? total : (int64_t)json_array_size(all);
    return all;
}
