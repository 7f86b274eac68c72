/*
 * routes.c — the route table and the dispatcher: the whole attack
 * surface of samplan on one screen (STYLE §2).
 *
 * Each row: method, path pattern, handler, the capability it needs
 * (capability.h), whether it changes data (then a cookie-authenticated
 * caller must send the session's CSRF token, as the form field
 * csrf_token or the header X-CSRF-Token; bearer-token callers need not),
 * and an optional body cap.
 *
 * The dispatcher runs the same steps for every request, in this order:
 * early refusals (413, 414), route (404, 405), database (503), caller
 * (API token or session cookie), language, capability (401 / login
 * redirect, 403), body (400, 413), CSRF (403), then the handler.
 */
#include "routes.h"

#include <string.h>

#include "api/api.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/text.h"
#include "http/html.h"
#include "http/input.h"
#include "http/json.h"
#include "http/static.h"
#include "page/layout.h"
#include "page/pages.h"
#include "sip/auth.h"
#include "sip/capability.h"
#include "sip/user.h"

#define GET HTTP_GET
#define POST HTTP_POST

/* clang-format off */
const struct route routes[] = {
	/* method, pattern, handler, capability, changes, max_body, without_db */
	{GET,  "/static/{name}",                 static_serve,            CAP_PUBLIC,       false, 0, true},
	{GET,  "/healthz",                       api_health,              CAP_PUBLIC,       false, 0, true},

	{GET,  "/login",                         page_login_form,         CAP_PUBLIC,       false, 0, false},
	{POST, "/login",                         page_login_submit,       CAP_PUBLIC,       true,  0, false},
	{POST, "/logout",                        page_logout,             CAP_LOGGED_IN,    true,  0, false},
	{POST, "/language",                      page_language,           CAP_PUBLIC,       true,  0, false},
	{GET,  "/",                              page_home,               CAP_LOGGED_IN,    false, 0, false},
	{GET,  "/account",                       page_account,            CAP_LOGGED_IN,    false, 0, false},
	{POST, "/account/password",              page_account_password,   CAP_LOGGED_IN,    true,  0, false},


	{GET,  "/api/v1/me",                     api_me,                  CAP_LOGGED_IN,    false, 0, false},
};
/* clang-format on */

const size_t nroutes = sizeof routes / sizeof routes[0];

/* ---- the dispatcher ---- */

static void render_problem(struct request *r)
{
	if (r->is_api)
		json_problem(r, &r->problem);
	else
		page_problem(r, &r->problem);
}

static void fail(struct request *r, enum problem_kind kind, const char *detail)
{
	problem_set(&r->problem, &r->arena, kind, "%s", detail);
	render_problem(r);
}

static const char *bearer_token(struct request *r)
{
	const char *h = req_header(r, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

/* Find the caller. False when a request must be refused outright (a bad
 * API token, or the database failing); r->problem says why. */
static bool authenticate(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	const char *token = bearer_token(r);
	int64_t user_id = 0;
	if (token) {
		if (!auth_token_user(&ctx, token, &user_id)) {
			if (!problem_any(&r->problem))
				problem_set(&r->problem, &r->arena,
				            PROBLEM_UNAUTHORIZED, "%s",
				            R_(r, "API-nyckeln är ogiltig eller "
				                  "återkallad."));
			return false;
		}
		r->via_bearer = true;
	} else {
		const char *cookie = req_cookie(r, SESSION_COOKIE);
		struct session session;
		if (!cookie)
			return true;
		if (!auth_session(&ctx, cookie, &session))
			return !problem_any(&r->problem);
		user_id = session.user_id;
		r->session_csrf = session.csrf_token;
	}
	struct user *u = arena_new(&r->arena, struct user);
	if (!user_load(&ctx, user_id, u))
		return false;
	r->user = u;
	r->user_id = u->id;
	return true;
}

static const char *pick_language(struct request *r)
{
	if (r->user && r->user->lang && i18n_supported(r->user->lang))
		return r->user->lang;
	const char *cookie = req_cookie(r, LANG_COOKIE);
	if (i18n_supported(cookie))
		return cookie;
	return i18n_negotiate(req_header(r, "Accept-Language"));
}

static void refuse_login_needed(struct request *r)
{
	if (r->is_api) {
		fail(r, PROBLEM_UNAUTHORIZED,
		     R_(r, "Logga in eller skicka en API-nyckel "
		           "(Authorization: Bearer ...)."));
		return;
	}
	/* Pages: to the login page, then back here (GET only). */
	const char *next = r->method == HTTP_GET ? r->path : "/";
	struct buf b;
	buf_init(&b, LIMIT_URL_LENGTH * 4);
	buf_puts(&b, "/login?next=");
	for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	resp_redirect(r, arena_strdup(&r->arena, b.data));
	buf_free(&b);
}

static bool csrf_ok(struct request *r)
{
	if (!r->route->changes || !r->user || r->via_bearer)
		return true;
	const char *sent = input_raw(r, "csrf_token");
	if (!sent)
		sent = req_header(r, "X-CSRF-Token");
	return sent && r->session_csrf && text_secret_equal(sent, r->session_csrf);
}

static void dispatch(struct request *r)
{
	r->lang = pick_language(r);
	if (r->early_status == 414) {
		r->status = 414;
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "414 URI Too Long\n");
		return;
	}
	if (r->early_status == 413) {
		fail(r, PROBLEM_TOO_LARGE,
		     R_(r, "Det som skickades är för stort."));
		return;
	}
	if (!r->route) {
		if (r->path_known) {
			resp_header(r, "Allow", "GET, POST");
			problem_set(&r->problem, &r->arena, PROBLEM_BAD_REQUEST,
			            "%s", R_(r, "Metoden stöds inte för den här "
			                        "adressen."));
			render_problem(r);
			r->status = 405;
			return;
		}
		fail(r, PROBLEM_NOT_FOUND, R_(r, "Sidan finns inte."));
		return;
	}
	if (r->route->without_db) {
		r->route->handler(r);
		return;
	}
	if (!r->db) {
		fail(r, PROBLEM_UNAVAILABLE,
		     R_(r, "Databasen kan inte nås just nu. Försök igen om en "
		           "stund."));
		return;
	}
	if (!authenticate(r)) {
		render_problem(r);
		return;
	}
	r->lang = pick_language(r);
	enum capability cap = (enum capability)r->route->capability;
	if (!capability_granted(r->user, cap)) {
		if (!r->user)
			refuse_login_needed(r);
		else
			fail(r, PROBLEM_FORBIDDEN,
			     R_(r, "Du har inte behörighet till den här sidan."));
		return;
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD &&
	    !input_parse(r, &r->problem)) {
		render_problem(r);
		return;
	}
	if (!csrf_ok(r)) {
		fail(r, PROBLEM_FORBIDDEN,
		     R_(r, "Formuläret har gått ut eller kom från en annan "
		           "webbplats. Ladda om sidan och försök igen."));
		return;
	}
	r->route->handler(r);
}

void routes_dispatch(struct request *r) { dispatch(r); }
