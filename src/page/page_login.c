/*
 * page_login.c — logging in and out, and choosing the language.
 *
 * The login form has no session to hang a CSRF token on, so it uses a
 * double-submit token: a random value in a short-lived cookie and in the
 * form, which must match. That stops another site from logging a user
 * into an account of the attacker's choosing.
 */
#include <string.h>

#include "base/text.h"
#include "http/html.h"
#include "http/input.h"
#include "http/server.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "routes.h"
#include "sip/auth.h"
#include "sip/secret.h"

static const struct field login_fields[] = {
	{"username", FIELD_TEXT, 64},
	{"password", FIELD_SECRET, 1024},
	{"login_csrf", FIELD_TEXT, 100},
	{"next", FIELD_TEXT, 2000},
};

/* A local path to go to after login, or "/". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strncmp(next, "/login", 6) == 0 || strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static void login_page(struct request *r, const char *username,
                       const char *next)
{
	const char *token = secret_token(&r->arena, "");
	page_set_cookie(r, LOGIN_CSRF_COOKIE, token, "/login", 3600);
	layout_begin(r, R_(r, "Logga in"), NAV_NONE);
	page_flash(r);
	static const struct ui_option labels[] = {
		{"username", N_("Användarnamn")},
		{"password", N_("Lösenord")},
		{NULL, NULL},
	};
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Logga in med ditt användarnamn och lösenord för "
	                   "att arbeta med samordnade individuella planer."));
	html_raw(r, "</p>");
	html_raw(r, "<form method=\"post\" action=\"/login\" class=\"narrow\" novalidate>");
	ui_hidden(r, "login_csrf", token);
	ui_hidden(r, "next", safe_next(next));
	ui_input(r, "username", R_(r, "Användarnamn"), username, NULL,
	         UI_REQUIRED | (username ? 0 : UI_AUTOFOCUS), "username");
	ui_input(r, "password", R_(r, "Lösenord"), NULL, NULL,
	         UI_REQUIRED | UI_PASSWORD | (username ? UI_AUTOFOCUS : 0),
	         "current-password");
	ui_submit(r, R_(r, "Logga in"));
	html_raw(r, "</form>");
	layout_end(r);
}

void page_login_form(struct request *r)
{
	if (r->user) {
		resp_redirect(r, "/");
		return;
	}
	login_page(r, NULL, req_query(r, "next"));
}

void page_login_submit(struct request *r)
{
	struct form f;
	form_read(r, &r->problem, FIELDS(login_fields), &f);
	const char *username = form_text(&f, "username");
	const char *next = form_text(&f, "next");
	const char *cookie = req_cookie(r, LOGIN_CSRF_COOKIE);
	const char *sent = form_text(&f, "login_csrf");
	if (!cookie || !sent || !text_secret_equal(cookie, sent)) {
		problem_set(&r->problem, &r->arena, PROBLEM_FORBIDDEN, "%s",
		            R_(r, "Inloggningsformuläret har gått ut. Försök "
		                  "igen."));
		login_page(r, username, next);
		r->status = 403;
		return;
	}
	if (problem_any(&r->problem)) {
		login_page(r, username, next);
		r->status = 422;
		return;
	}
	struct ctx ctx = page_ctx(r);
	struct user user;
	char *token, *csrf;
	if (!auth_login(&ctx, username, form_text(&f, "password"), &user,
	                &token, &csrf)) {
		int status = problem_http_status(r->problem.kind);
		/* Say it next to the field too, where the user will retype. */
		if (r->problem.kind == PROBLEM_UNAUTHORIZED) {
			problem_field(&r->problem, &r->arena, "password", "%s",
			              r->problem.detail);
			r->problem.detail = NULL;
		}
		if (r->problem.kind == PROBLEM_THROTTLED)
			resp_header(r, "Retry-After",
			            arena_printf(&r->arena, "%d",
			                         r->problem.retry_after_s));
		login_page(r, username, next);
		r->status = status;
		return;
	}
	page_set_cookie(r, SESSION_COOKIE, token, "/", -1);
	page_set_cookie(r, LOGIN_CSRF_COOKIE, "", "/login", 0);
	resp_redirect(r, safe_next(next));
}

void page_logout(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	if (!auth_logout(&ctx, req_cookie(r, SESSION_COOKIE))) {
		page_problem(r, &r->problem);
		return;
	}
	page_set_cookie(r, SESSION_COOKIE, "", "/", 0);
	resp_redirect(r, "/login?done=logged_out");
}

static const struct field language_fields[] = {
	{"lang", FIELD_TEXT, 8},
	{"next", FIELD_TEXT, 2000},
};

/* A path of the citizen pages: /citizen, /citizen/..., /citizen?... */
static bool citizen_next(const char *next)
{
	return next && strncmp(next, "/citizen", 8) == 0 &&
	       (next[8] == '\0' || next[8] == '/' || next[8] == '?');
}

/* POST /language and POST /citizen/language: lang and next. From a
 * citizen page (POST /citizen/language, the citizen layout's switch, or
 * /language with next a citizen page), any of the six languages of the
 * citizen pages, kept in a cookie of their own (Path=/citizen); otherwise
 * Swedish or English for the staff pages (and the signed-in user's
 * setting). The citizen pages post to /citizen/language so that their
 * form carries the citizen session's CSRF token, not a staff session's
 * (which a browser with both would send to /language). */
void page_language(struct request *r)
{
	struct form f;
	form_read(r, &r->problem, FIELDS(language_fields), &f);
	const char *lang = form_text(&f, "lang");
	const char *next = form_text(&f, "next");
	const char *secure = server_config() && server_config()->secure
	                             ? "; Secure" : "";
	bool citizen = strcmp(r->path, "/citizen/language") == 0 ||
	               citizen_next(next);
	if (citizen) {
		if (!i18n_citizen_supported(lang)) {
			problem_set(&r->problem, &r->arena, PROBLEM_INVALID, "%s",
			            R_(r, "Välj ett av språken i listan."));
			citizen_problem(r, &r->problem);
			return;
		}
		resp_header(r, "Set-Cookie",
		            arena_printf(&r->arena,
		                         "%s=%s; Path=/citizen; Max-Age=31536000; "
		                         "SameSite=Lax%s", CITIZEN_LANG_COOKIE,
		                         lang, secure));
		resp_redirect(r, citizen_next(next) ? safe_next(next) : "/citizen");
		return;
	}
	if (!i18n_supported(lang)) {
		problem_set(&r->problem, &r->arena, PROBLEM_INVALID, "%s",
		            R_(r, "Välj svenska eller engelska."));
		page_problem(r, &r->problem);
		return;
	}
	if (r->user) {
		struct ctx ctx = page_ctx(r);
		if (!user_set_lang(&ctx, lang)) {
			page_problem(r, &r->problem);
			return;
		}
	}
	resp_header(r, "Set-Cookie",
	            arena_printf(&r->arena,
	                         "%s=%s; Path=/; Max-Age=31536000; "
	                         "SameSite=Lax%s", LANG_COOKIE, lang, secure));
	resp_redirect(r, next && strncmp(next, "/login", 6) == 0 ? "/login"
	                                                        : safe_next(next));
}
