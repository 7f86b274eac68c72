/*
 * page_citizen.c — the door of the individual's own samplan: signing in
 * with a one-time code (or arriving signed in by the region's
 * e-legitimation), the start page with the plans the citizen may see,
 * and signing out.
 *
 * The sign-in form has no session to carry a CSRF token, so, like the
 * staff login (page_login.c), it uses a double-submit token in a
 * short-lived cookie: another site cannot sign someone in as a citizen
 * of its choosing.
 */
#include <string.h>

#include "base/date.h"
#include "base/text.h"
#include "http/html.h"
#include "http/input.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/citizen.h"
#include "sip/secret.h"

#define SIGN_IN_CSRF_COOKIE "samplan_citizen_signin"

static const struct field sign_in_fields[] = {
	{"code", FIELD_TEXT, 64},
	{"signin_csrf", FIELD_TEXT, 100},
};

static void sign_in_page(struct request *r, const char *typed)
{
	const char *token = secret_token(&r->arena, "");
	page_set_cookie(r, SIGN_IN_CSRF_COOKIE, token, "/citizen", 3600);
	citizen_begin(r, R_(r, "Logga in på Min SIP"));
	citizen_flash(r);
	static const struct ui_option labels[] = {
		{"code", N_("Din kod")},
		{NULL, NULL},
	};
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Här kan du läsa din samordnade individuella plan "
	                   "(SIP), se dina möten och bestämma vem som får se "
	                   "dina uppgifter."));
	html_raw(r, "</p><p>");
	html_text(r, R_(r, "Logga in med koden som står i brevet du fick med "
	                   "planen. Koden gäller en gång. Om du inte har någon "
	                   "kod kan du be din samordnare om en."));
	html_raw(r, "</p>");
	html_raw(r, "<form method=\"post\" action=\"/citizen/sign-in\" "
	            "class=\"narrow\" novalidate>");
	ui_hidden(r, "signin_csrf", token);
	ui_input(r, "code", R_(r, "Din kod"), typed,
	         R_(r, "12 tecken, till exempel ABCD-EFGH-JKLM."),
	         UI_REQUIRED | UI_AUTOFOCUS, "one-time-code");
	ui_submit(r, R_(r, "Logga in"));
	html_raw(r, "</form><p>");
	html_text(r, R_(r, "Du kan också logga in med BankID eller Freja eID "
	                   "på regionens webbplats."));
	html_raw(r, "</p><p><a href=\"/citizen/about\">");
	html_text(r, R_(r, "Läs om SIP och dina rättigheter"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

static void plan_card(struct request *r, const struct citizen_plan *p)
{
	const struct citizen_access *a = &p->access;
	html_raw(r, "<li class=\"card\"><h3><a href=\"/citizen/plans/");
	html_int(r, a->plan_id);
	html_raw(r, "\">");
	if (a->relation == CITIZEN_SELF || a->relation == CITIZEN_CHILD)
		html_text(r, R_(r, "Din plan"));
	else
		html_textf(r, R_(r, "Planen för %s"), a->person_name);
	html_raw(r, "</a></h3>");
	if (a->relation != CITIZEN_SELF && a->relation != CITIZEN_CHILD) {
		html_raw(r, "<p class=\"hint\">");
		html_text(r, citizen_relation_label(a->relation, r->lang));
		html_raw(r, "</p>");
	}
	html_raw(r, "<p>");
	html_text(r, citizen_state_text(p->state, r->lang));
	html_raw(r, "</p>");
	if (p->proposal_waiting && a->may_act) {
		html_raw(r, "<p><strong>");
		html_text(r, R_(r, "Det finns ett förslag till ändrad plan. Den "
		                   "ändras bara om du säger ja."));
		html_raw(r, "</strong> <a href=\"/citizen/plans/");
		html_int(r, a->plan_id);
		html_raw(r, "/proposal\">");
		html_text(r, R_(r, "Läs förslaget"));
		html_raw(r, "</a></p>");
	}
	/* h/cown: the individual's own part (page_citizen_own.c). */
	if (a->may_write_own && !p->closed_at) {
		html_raw(r, "<p><a href=\"/citizen/plans/");
		html_int(r, a->plan_id);
		html_raw(r, "/own\">");
		html_text(r, R_(r, "Skriv din egen del av planen"));
		html_raw(r, "</a></p>");
	}
	if (p->next_follow_up_date && !p->closed_at) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "Nästa uppföljning: %s"),
		           ui_ltr(r, p->next_follow_up_date));
		html_raw(r, "</p>");
	}
	html_raw(r, "</li>");
}

static void home_page(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct citizen_plan *plans;
	int n;
	if (!citizen_plans(&ctx, &plans, &n)) {
		citizen_problem(r, &r->problem);
		return;
	}
	citizen_begin(r, R_(r, "Mina planer"));
	citizen_flash(r);
	if (n == 0) {
		html_raw(r, "<p class=\"lead\">");
		html_text(r, R_(r, "Du har ingen plan i samplan just nu."));
		html_raw(r, "</p>");
	} else {
		html_raw(r, "<h2 class=\"visually-hidden\">");
		html_text(r, R_(r, "Planer"));
		html_raw(r, "</h2><ul class=\"cards\">");
		for (int i = 0; i < n; i++)
			plan_card(r, &plans[i]);
		html_raw(r, "</ul>");
	}
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Mer du kan göra"));
	html_raw(r, "</h2><ul><li><a href=\"/citizen/ask\">");
	html_text(r, R_(r, "Be om en SIP"));
	html_raw(r, "</a></li>");
	/* Only the individual and a child's guardian have an extract of who
	 * read it; a relative would follow the link to a 404. */
	struct citizen_person *extract_of;
	int nextract;
	if (citizen_extract_persons(&ctx, &extract_of, &nextract) && nextract) {
		html_raw(r, "<li><a href=\"/citizen/access-log\">");
		html_text(r, R_(r, "Se vem som har läst dina uppgifter"));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "<li><a href=\"/citizen/about\">");
	html_text(r, R_(r, "Om SIP och dina rättigheter"));
	html_raw(r, "</a></li></ul>");
	citizen_end(r);
}

void page_citizen_home(struct request *r)
{
	if (r->citizen)
		home_page(r);
	else
		sign_in_page(r, NULL);
}

void page_citizen_sign_in(struct request *r)
{
	struct form f;
	form_read(r, &r->problem, FIELDS(sign_in_fields), &f);
	const char *code = form_text(&f, "code");
	const char *cookie = req_cookie(r, SIGN_IN_CSRF_COOKIE);
	const char *sent = form_text(&f, "signin_csrf");
	if (!cookie || !sent || !text_secret_equal(cookie, sent)) {
		problem_set(&r->problem, &r->arena, PROBLEM_FORBIDDEN, "%s",
		            R_(r, "Sidan hade varit öppen för länge. Skriv koden "
		                  "igen."));
		sign_in_page(r, code);
		r->status = 403;
		return;
	}
	if (!problem_any(&r->problem) && (!code || !*code))
		problem_field(&r->problem, &r->arena, "code", "%s",
		              R_(r, "Skriv koden från ditt brev."));
	struct ctx ctx = page_ctx(r);
	char *token = NULL;
	struct citizen c;
	if (problem_any(&r->problem) ||
	    !citizen_sign_in_code(&ctx, code, &token, &c)) {
		int status = problem_http_status(r->problem.kind);
		if (r->problem.kind == PROBLEM_THROTTLED)
			resp_header(r, "Retry-After",
			            arena_printf(&r->arena, "%d",
			                         r->problem.retry_after_s));
		sign_in_page(r, code);
		r->status = status;
		return;
	}
	page_set_cookie(r, CITIZEN_COOKIE, token, "/citizen", -1);
	page_set_cookie(r, SIGN_IN_CSRF_COOKIE, "", "/citizen", 0);
	resp_redirect(r, "/citizen");
}

void page_citizen_sign_out(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	if (!citizen_sign_out(&ctx, req_cookie(r, CITIZEN_COOKIE))) {
		citizen_problem(r, &r->problem);
		return;
	}
	page_set_cookie(r, CITIZEN_COOKIE, "", "/citizen", 0);
	resp_redirect(r, "/citizen?done=signed_out");
}
