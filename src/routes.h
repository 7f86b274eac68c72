/*
 * routes.h — the route table and dispatcher (routes.c).
 */
#ifndef SAMPLAN_ROUTES_H
#define SAMPLAN_ROUTES_H

#include <stddef.h>

#include "http/router.h"

/* Cookie names. */
#define SESSION_COOKIE "samplan_session"
#define LANG_COOKIE "samplan_lang"
/* The language of the citizen pages (Path=/citizen): one of the six of
 * i18n_languages(), kept apart from the staff pages' sv/en. */
#define CITIZEN_LANG_COOKIE "samplan_citizen_lang"
#define LOGIN_CSRF_COOKIE "samplan_login"

extern const struct route routes[];
extern const size_t nroutes;

struct ctx;
/* The domain context of a request: who acts (the caller), the database,
 * the arena, where problems go, the language, the time, and — while the
 * group commit runs — where reads' audit records wait. */
struct ctx request_ctx(struct request *r);

/* server_config.dispatch */
void routes_dispatch(struct request *r);
/* server_config.must_wait / start_wait: a request that read personal
 * data waits for its audit records' group commit before it answers. */
bool routes_must_wait(struct request *r);
void routes_start_wait(struct request *r,
                       void (*resume)(struct request *r, bool ok));

#endif
