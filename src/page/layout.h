/*
 * layout.h — the one base layout of every page, and the page helpers
 * shared by all screens.
 *
 * The layout gives every page: lang attribute, title, a skip link, a
 * header with the product name and the navigation the user's role
 * allows, the logged-in user with a logout button, a <main> landmark,
 * and a footer with the language switch. No JavaScript anywhere; the
 * Content-Security-Policy forbids it.
 */
#ifndef SAMPLAN_LAYOUT_H
#define SAMPLAN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "sip/ctx.h"

enum nav_item {
	NAV_NONE,
	NAV_WORK,       /* Mina SIP:ar */
	NAV_PERSONS,    /* Personer */
	NAV_PRINCIPALS, /* Organisationer */
	NAV_UNITS,      /* Enheter */
	NAV_USERS,      /* Användare */
	NAV_IMPORT,     /* Importera katalog */
	NAV_ACCOUNT,    /* Mitt konto */
	NAV_AUDIT,      /* Granska loggen */
	NAV_OUTBOX,     /* Utkorg (e-post) */
	NAV_STATISTICS, /* Statistik (the follow-up group) */
};

/* Translate in the request's language. */
#define R_(r, msgid) tr((r)->lang, msgid)

/* The domain context for this request (user, database, language...). */
struct ctx page_ctx(struct request *r);

/* Start a page: everything up to and including <h1>title</h1>. */
void layout_begin(struct request *r, const char *title, enum nav_item active);
/* Start a page without the <h1> (the page writes its own heading). */
void layout_begin_bare(struct request *r, const char *title,
                       enum nav_item active);
void layout_end(struct request *r);

/* A full error page for a problem (status from its kind). */
void page_problem(struct request *r, const struct problem *p);

/* A confirmation line after a redirect ("?done=KEY"), if any. */
void page_flash(struct request *r);
/* The same from another table of keys (the citizen pages' own). */
struct ui_option;
void page_flash_from(struct request *r, const struct ui_option *keys,
                     size_t n);
/* The field errors of a problem as a list, for an error page. */
void page_problem_fields(struct request *r, const struct problem *p);

/* Set a cookie: HttpOnly, SameSite=Strict, Secure behind TLS
 * (--secure); max_age in seconds, 0 to delete it, -1 for the browser
 * session. */
void page_set_cookie(struct request *r, const char *name, const char *value,
                     const char *path, long max_age);

#endif
