/* tasks.c - the io.modelcontextprotocol/tasks extension (2026-07-28): a
 * task-capable tool that calls mcp_call_detach, in a request that declared
 * the extension, is answered at once with a task handle (resultType
 * "task") and goes on running; the client polls tasks/get, answers input
 * with tasks/update and may tasks/cancel. Tasks are process-wide (the
 * extension has no sessions); their ids are 128 random bits, the only
 * thing that finds one. A handler that needs input records it (as in a
 * multi-round trip), the task waits in input_required until tasks/update
 * answered every key, and the handler runs again with the answers. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TASK_TTL_MS 3600000L
#define TASK_POLL_MS 500
#define MAX_TASKS 256

enum tstatus { T_WORKING, T_INPUT, T_COMPLETED, T_FAILED, T_CANCELLED };
static const char *const status_names[] = {"working", "input_required", "completed", "failed", "cancelled"};

struct mcp__task {
    struct mcp__task *next;
    char id[MCP__HTTP_SID_LEN + 1];
    enum tstatus status;
    char *message;
    int64_t created_ms, updated_ms; /* wall clock, for the ISO 8601 stamps */
    int64_t created_mono;
    json_t *result;    /* completed */
    json_t *error;     /* failed */
    json_t *inputs;    /* outstanding input requests, key -> request */
    json_t *responses; /* answers delivered by tasks/update, not yet taken */
    bool running;      /* its handler still runs */
    bool cancel;
};

static int64_t wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static json_t *iso_time(int64_t ms)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    char text[64];
    gmtime_r(&secs, &tm);
    size_t n = strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(text + n, sizeof text - n, ".%03dZ", (int)(ms % 1000));
    return json_string(text);
}

static bool terminal(enum tstatus st) { return st == T_COMPLETED || st == T_FAILED || st == T_CANCELLED; }

static void task_free(struct mcp__task *t)
{
    free(t->message);
    json_decref(t->result);
    json_decref(t->error);
    json_decref(t->inputs);
    json_decref(t->responses);
    free(t);
}

void mcp__tasks_init(struct mcp_server *srv)
{
    pthread_mutex_init(&srv->task_mu, NULL);
    mcp__cond_init_monotonic(&srv->task_cv);
}

void mcp__tasks_free(struct mcp_server *srv)
{
    pthread_mutex_lock(&srv->task_mu);
    srv->closing = true;
    pthread_cond_broadcast(&srv->task_cv);
    while (srv->task_threads > 0)
        pthread_cond_wait(&srv->task_cv, &srv->task_mu);
    while (srv->tasks) {
        struct mcp__task *next = srv->tasks->next;
        task_free(srv->tasks);
        srv->tasks = next;
    }
    pthread_mutex_unlock(&srv->task_mu);
    pthread_cond_destroy(&srv->task_cv);
    pthread_mutex_destroy(&srv->task_mu);
}

/* Drops finished tasks past their lifetime; with room short, the oldest
 * finished one too. task_mu held. */
static void purge(struct mcp_server *srv, bool make_room)
{
    int64_t now = base_now_ms();
    struct mcp__task **oldest = NULL;
    for (struct mcp__task **pp = &srv->tasks; *pp;) {
        struct mcp__task *t = *pp;
        if (!t->running && now - t->created_mono > TASK_TTL_MS) {
            *pp = t->next;
            task_free(t);
            srv->ntasks--;
            continue;
        }
        if (!t->running && terminal(t->status))
            oldest = pp; /* new tasks go to the front: the last one seen is the oldest */
        pp = &t->next;
    }
    if (make_room && srv->ntasks >= MAX_TASKS && oldest) {
        struct mcp__task *t = *oldest;
        *oldest = t->next;
        task_free(t);
        srv->ntasks--;
    }
}

static struct mcp__task *find(struct mcp_server *srv, const char *id)
{
    for (struct mcp__task *t = srv->tasks; t; t = t->next)
        if (strcmp(t->id, id) == 0)
            return t;
    return NULL;
}

/* The task as the wire shows it (new); detailed adds what tasks/get
 * inlines. task_mu held. */
static json_t *task_json(const struct mcp__task *t, bool detailed)
{
    json_t *j = json_object();
    json_object_set_new(j, "taskId", json_string(t->id));
    json_object_set_new(j, "status", json_string(status_names[t->status]));
    if (t->message)
        json_object_set_new(j, "statusMessage", mcp__string_lossy(t->message));
    json_object_set_new(j, "createdAt", iso_time(t->created_ms));
    json_object_set_new(j, "lastUpdatedAt", iso_time(t->updated_ms));
    json_object_set_new(j, "ttlMs", json_integer(TASK_TTL_MS));
    json_object_set_new(j, "pollIntervalMs", json_integer(TASK_POLL_MS));
    if (detailed && t->status == T_INPUT)
        json_object_set(j, "inputRequests", t->inputs);
    if (detailed && t->status == T_COMPLETED)
        json_object_set(j, "result", t->result);
    if (detailed && t->status == T_FAILED)
        json_object_set(j, "error", t->error);
    return j;
}

static void touch(struct mcp__task *t, enum tstatus st)
{
    t->status = st;
    t->updated_ms = wall_ms();
}

bool mcp__task_detach(struct mcp_call *call)
{
    if (!call->modern || !call->s || !call->threaded || !call->tool || call->tool->t.task == MCP_TASK_NEVER ||
        strcmp(call->m->name, "tools/call") != 0 ||
        !mcp__caps_have(json_object_get(call->caps, "extensions"), MCP__TASKS_EXT))
        return false;
    struct mcp_server *srv = call->view->srv;
    pthread_mutex_lock(&srv->task_mu);
    purge(srv, true);
    if (srv->closing || srv->ntasks >= MAX_TASKS) {
        pthread_mutex_unlock(&srv->task_mu);
        log_warn("mcp: no room for another task; running the call in its request");
        return false;
    }
    struct mcp__task *t = xcalloc(1, sizeof *t);
    /* 128 random bits, as a session id has */
    if (mcp__http_new_session_id(t->id) != 0)
        abort(); /* a guessable task id would expose its result */
    t->created_ms = t->updated_ms = wall_ms();
    t->created_mono = base_now_ms();
    t->inputs = json_object();
    t->responses = json_object();
    t->running = true;
    t->next = srv->tasks;
    srv->tasks = t;
    srv->ntasks++;
    srv->task_threads++;
    json_t *created = task_json(t, false);
    pthread_mutex_unlock(&srv->task_mu);

    /* the task is findable before the client hears of it */
    json_object_set_new(created, "resultType", json_string("task"));
    mcp__decorate(call, created);
    mcp__send_result(call->s, call->id, created);
    call->answered = true;
    struct mcp_session *s = call->s;
    call->s = NULL;
    call->task = t;
    /* the call's worker (workers.c, never joined) runs it to the end */
    mcp__session_release(s, call);
    return true;
}

void mcp__task_thread_done(struct mcp_server *srv)
{
    pthread_mutex_lock(&srv->task_mu);
    srv->task_threads--;
    pthread_cond_broadcast(&srv->task_cv);
    pthread_mutex_unlock(&srv->task_mu);
}

bool mcp__task_cancelled(const struct mcp_call *call)
{
    struct mcp_server *srv = call->view->srv;
    pthread_mutex_lock(&srv->task_mu);
    bool c = call->task->cancel || srv->closing;
    pthread_mutex_unlock(&srv->task_mu);
    return c;
}

void mcp__task_status_message(struct mcp_call *call, const char *msg)
{
    struct mcp_server *srv = call->view->srv;
    pthread_mutex_lock(&srv->task_mu);
    free(call->task->message);
    call->task->message = xstrdup(msg);
    call->task->updated_ms = wall_ms();
    pthread_mutex_unlock(&srv->task_mu);
}

int mcp__task_wait_inputs(struct mcp_call *call)
{
    struct mcp_server *srv = call->view->srv;
    struct mcp__task *t = call->task;
    pthread_mutex_lock(&srv->task_mu);
    json_object_update(t->inputs, call->in.asked);
    if (!t->cancel)
        touch(t, T_INPUT);
    while (json_object_size(t->inputs) > 0 && !t->cancel && !srv->closing)
        pthread_cond_wait(&srv->task_cv, &srv->task_mu);
    int rc = t->cancel || srv->closing ? -1 : 0;
    if (rc == 0) {
        json_object_update(call->in.answers, t->responses);
        json_object_clear(t->responses);
        if (t->status == T_INPUT)
            touch(t, T_WORKING);
    }
    pthread_mutex_unlock(&srv->task_mu);
    return rc;
}

void mcp__task_finish(struct mcp_call *call, json_t *result, struct mcp__err *err)
{
    struct mcp_server *srv = call->view->srv;
    struct mcp__task *t = call->task;
    pthread_mutex_lock(&srv->task_mu);
    if (t->status == T_CANCELLED) {
        json_decref(result);
    } else if (result) {
        if (!json_object_get(result, "resultType"))
            json_object_set_new(result, "resultType", json_string("complete"));
        t->result = result;
        touch(t, T_COMPLETED);
    } else {
        t->error = json_pack("{s:i, s:s}", "code", err->code ? err->code : MCP__INTERNAL_ERROR, "message",
                             err->code ? err->msg : "Internal error");
        if (err->data)
            json_object_set(t->error, "data", err->data);
        touch(t, T_FAILED);
    }
    json_object_clear(t->inputs);
    t->running = false;
    pthread_cond_broadcast(&srv->task_cv);
    pthread_mutex_unlock(&srv->task_mu);
}

/* ------------------------------------------------------------------ */
/* tasks/get, tasks/update, tasks/cancel                               */

/* The task a tasks request names, with task_mu held; NULL with err
 * (task_mu not held). */
static struct mcp__task *named_task(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = call->view->srv;
    if (!mcp__caps_have(json_object_get(call->caps, "extensions"), MCP__TASKS_EXT)) {
        mcp__err_missing(err, json_pack("{s:{s:{}}}", "extensions", MCP__TASKS_EXT));
        return NULL;
    }
    const char *id = json_string_value(json_object_get(params, "taskId"));
    if (!id) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: taskId must be a string");
        return NULL;
    }
    pthread_mutex_lock(&srv->task_mu);
    purge(srv, false);
    struct mcp__task *t = find(srv, id);
    if (!t) {
        pthread_mutex_unlock(&srv->task_mu);
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: no task %.80s (unknown, or expired)", id);
    }
    return t;
}

json_t *mcp__tasks_get(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp__task *t = named_task(call, params, err);
    if (!t)
        return NULL;
    json_t *r = task_json(t, true);
    pthread_mutex_unlock(&call->view->srv->task_mu);
    return r;
}

json_t *mcp__tasks_update(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    json_t *responses = json_object_get(params, "inputResponses");
    if (!json_is_object(responses)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: inputResponses must be an object");
        return NULL;
    }
    struct mcp__task *t = named_task(call, params, err);
    if (!t)
        return NULL;
    const char *key;
    json_t *v;
    /* answers to keys not outstanding (never asked, answered, superseded)
     * are ignored, as the extension says */
    json_object_foreach(responses, key, v)
    {
        if (json_is_object(v) && json_object_get(t->inputs, key)) {
            json_object_set(t->responses, key, v);
            json_object_del(t->inputs, key);
        }
    }
    if (t->status == T_INPUT && json_object_size(t->inputs) == 0)
        touch(t, T_WORKING);
    pthread_cond_broadcast(&call->view->srv->task_cv);
    pthread_mutex_unlock(&call->view->srv->task_mu);
    return json_object();
}

json_t *mcp__tasks_cancel(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp__task *t = named_task(call, params, err);
    if (!t)
        return NULL;
    if (!terminal(t->status)) {
        t->cancel = true;
        touch(t, T_CANCELLED);
    }
    pthread_cond_broadcast(&call->view->srv->task_cv);
    pthread_mutex_unlock(&call->view->srv->task_mu);
    return json_object();
}
