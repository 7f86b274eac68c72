/*
 * page_plan_withdraw.c — recording that the individual withdrew a
 * consent: a page of its own, because it cannot be undone.
 *
 * GET /plans/{id}/consents/{cid}/withdraw shows the consent, says in
 * plain Swedish what will happen — the plan closes, or it continues
 * under the other consents, and which units lose access at once — and
 * asks how and when the individual said it and who received it. The
 * answer to "what will happen" is the domain's
 * (consent_withdrawal_preview), the same that the withdrawal then does.
 * POST re-checks everything in consent_withdraw; a refusal shows this
 * page again with what was typed and what to fix.
 */
#include <string.h>
#include <time.h>

#include "form/forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_refill.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/plan.h"
#include "sip/user.h"

static const struct ui_option labels[] = {
	{"method", N_("Hur den enskilde återkallade samtycket")},
	{"stated_date", N_("Datum")},
	{"stated_time", N_("Klockslag")},
	{"received_by", N_("Mottaget av")},
	{"note", N_("Anteckning")},
	{NULL, NULL},
};

struct withdraw_view {
	struct plan plan;
	struct consent consent;
	struct withdrawal_effect effect;
};

static bool load(struct request *r, int64_t id, int64_t cid,
                 struct withdraw_view *x)
{
	struct ctx ctx = page_ctx(r);
	return plan_get_recent(&ctx, id, 1, &x->plan) &&
	       consent_withdrawal_preview(&ctx, id, cid, &x->consent,
	                                  &x->effect);
}

static const char *list_of(struct request *r, const char *const *v, int n,
                           const char *(*label)(const char *, const char *))
{
	const char *s = NULL;
	for (int i = 0; i < n; i++) {
		const char *x = label ? label(v[i], r->lang) : v[i];
		s = s ? arena_printf(&r->arena, "%s, %s", s, x) : x;
	}
	return s;
}

static void consent_facts(struct request *r, const struct consent *c)
{
	const char *to = NULL;
	for (int i = 0; i < c->nrecipients; i++)
		to = to ? arena_printf(&r->arena, "%s, %s", to, c->recipients[i].name)
		        : c->recipients[i].name;
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Dokumenterat"), ui_datetime(r, c->recorded_at));
	sip_fact(r, R_(r, "Lämnat av"),
	         c->ngivers ? list_of(r, c->givers, c->ngivers, NULL)
	         : strcmp(c->given_by, "individual") == 0
	                 ? R_(r, "Den enskilde")
	                 : R_(r, "Den enskilde kan inte samtycka; inställningen "
	                         "har tagits reda på"));
	sip_fact(r, R_(r, "Uppgifter som får delas"),
	         list_of(r, c->scopes, c->nscopes, consent_scope_label));
	sip_fact(r, R_(r, "Får lämnas till"), to);
	sip_fact(r, R_(r, "Gäller till och med"), c->valid_until);
	html_raw(r, "</dl>");
}

static void para(struct request *r, const char *text)
{
	html_raw(r, "<p>");
	html_text(r, text);
	html_raw(r, "</p>");
}

/* In plain Swedish: what the withdrawal will do. */
static void what_happens(struct request *r, const struct withdraw_view *x)
{
	const struct withdrawal_effect *e = &x->effect;
	sip_heading(r, 2, R_(r, "Det här händer när du bekräftar"), "effect");
	html_raw(r, "<div class=\"notice\">");
	switch (e->outcome) {
	case WITHDRAWAL_CLOSES_LAST:
		para(r, R_(r, "Det här är det enda samtycket i planen som gäller. "
		              "Planen avslutas direkt med skälet att samtycket "
		              "återkallades, och inga uppgifter delas längre med de "
		              "andra parterna."));
		break;
	case WITHDRAWAL_CLOSES_GUARDIANS:
		para(r, R_(r, "Samtycket lämnades av vårdnadshavarna. För ett barn "
		              "krävs samtycke från alla vårdnadshavare, så när en av "
		              "dem återkallar upphör alla planens samtycken. Planen "
		              "avslutas direkt och inga uppgifter delas längre med "
		              "de andra parterna."));
		break;
	case WITHDRAWAL_CONTINUES:
		para(r, R_(r, "Planen har fler samtycken som gäller. Planen "
		              "fortsätter under dem, men från och med nu delas "
		              "inget med stöd av det här samtycket."));
		break;
	}
	if (e->nunits_leaving) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "De här enheterna slutar direkt att delta i "
		                   "planen och kan inte längre se den:"));
		html_raw(r, "</p><ul>");
		for (int i = 0; i < e->nunits_leaving; i++) {
			html_raw(r, "<li>");
			html_textf(r, "%s (%s)", e->units_leaving[i].unit_name,
			           e->units_leaving[i].principal_name);
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	} else {
		para(r, R_(r, "Ingen annan enhet förlorar åtkomst: de som deltar "
		              "omfattas av ett samtycke som fortfarande gäller, "
		              "eller leder planen."));
	}
	if (e->closes_plan) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "%s leder planen och behåller den som "
		                    "dokumentation av det som gjorts."),
		           x->plan.lead_unit_name);
		html_raw(r, "</p>");
	}
	html_raw(r, "<p><strong>");
	html_text(r, R_(r, "Återkallelsen går inte att ångra."));
	html_raw(r, "</strong></p></div>");
}

static void withdraw_form(struct request *r, const struct withdraw_view *x,
                          const struct form *f)
{
	struct ui_option methods[] = {
		{"in_person", withdrawal_method_label("in_person", r->lang)},
		{"phone", withdrawal_method_label("phone", r->lang)},
		{"letter", withdrawal_method_label("letter", r->lang)},
		{"digital", withdrawal_method_label("digital", r->lang)},
	};
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	const char *today = arena_printf(&r->arena, "%04d-%02d-%02d",
	                                 tm.tm_year + 1900, tm.tm_mon + 1,
	                                 tm.tm_mday);
	const char *hhmm = arena_printf(&r->arena, "%02d:%02d", tm.tm_hour,
	                                tm.tm_min);
	sip_heading(r, 2, R_(r, "Hur och när samtycket återkallades"), "form");
	ui_form_begin(r, sip_plan_url(r, x->plan.id,
	                              arena_printf(&r->arena,
	                                           "/consents/%lld/withdraw",
	                                           (long long)x->consent.id)));
	ui_radio_group(r, "method", R_(r, "Hur återkallade den enskilde "
	                                 "samtycket? (obligatoriskt)"),
	               methods, 4, sip_value(r, f, "method", NULL),
	               x->plan.person.is_child
	                       ? R_(r, "För ett barn: hur vårdnadshavaren sa "
	                               "det.")
	                       : NULL);
	ui_input(r, "stated_date", R_(r, "Datum"),
	         sip_value(r, f, "stated_date", today),
	         R_(r, "Dagen då den enskilde sa det, som ÅÅÅÅ-MM-DD. Inte i "
	               "framtiden och inte före samtycket."),
	         UI_REQUIRED | UI_DATE, "off");
	ui_input(r, "stated_time", R_(r, "Klockslag"),
	         sip_value(r, f, "stated_time", hhmm),
	         R_(r, "Ungefär när, som TT:MM."), UI_REQUIRED | UI_TIME, "off");
	ui_input(r, "received_by", R_(r, "Mottaget av"),
	         sip_value(r, f, "received_by",
	                   r->user ? r->user->full_name : NULL),
	         R_(r, "Den som den enskilde sa det till. Ändra om det var "
	               "någon annan än du."),
	         UI_REQUIRED, "off");
	ui_textarea(r, "note", R_(r, "Anteckning"), sip_value(r, f, "note", NULL),
	            R_(r, "Frivillig, högst 2 000 tecken: t.ex. vad den enskilde "
	                  "sa."), 0, 3);
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button danger\">");
	html_text(r, x->effect.closes_plan
	                     ? R_(r, "Bekräfta: återkalla samtycket och avsluta "
	                             "planen")
	                     : R_(r, "Bekräfta: återkalla samtycket"));
	html_raw(r, "</button> <a href=\"");
	html_attr(r, sip_plan_url(r, x->plan.id, "#consents"));
	html_raw(r, "\">");
	html_text(r, R_(r, "Avbryt och gå tillbaka till planen"));
	html_raw(r, "</a></div>");
	ui_form_end(r);
}

static void withdraw_page(struct request *r, const struct withdraw_view *x,
                          const struct form *f)
{
	layout_begin_bare(r, R_(r, "Återkalla samtycke"), NAV_WORK);
	html_raw(r, "<h1>");
	html_textf(r, R_(r, "Återkalla samtycke för %s"),
	           sip_person_name(r, &x->plan.person));
	html_raw(r, "</h1>");
	sip_person_line(r, &x->plan.person);
	ui_error_summary(r, &r->problem, labels);
	sip_heading(r, 2, R_(r, "Samtycket"), "consent");
	consent_facts(r, &x->consent);
	what_happens(r, x);
	withdraw_form(r, x, f);
	layout_end(r);
}

static bool ids(struct request *r, int64_t *id, int64_t *cid)
{
	if (req_path_id(r, "id", id) && req_path_id(r, "cid", cid))
		return true;
	struct ctx ctx = page_ctx(r);
	ctx_not_found(&ctx);
	page_problem(r, &r->problem);
	return false;
}

void page_plan_consent_withdraw_form(struct request *r)
{
	struct withdraw_view x;
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	if (!load(r, id, cid, &x)) {
		page_problem(r, &r->problem);
		return;
	}
	/* After a refused withdrawal (Post/Redirect/Get): what was typed and
	 * its errors, once. */
	struct form posted;
	const struct form *f = NULL;
	if (page_refill_restore(r)) {
		struct problem again = {0};
		form_read(r, &again, withdrawal_fields, withdrawal_nfields, &posted);
		f = &posted;
	}
	withdraw_page(r, &x, f);
}

/* After the withdrawal: the plan when the caller still sees it, else
 * the work list — with a line saying what happened. */
void page_plan_consent_withdraw(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct withdrawal_input in;
	struct withdrawal_result res;
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	bool ok = form_read(r, &r->problem, withdrawal_fields,
	                    withdrawal_nfields, &f);
	withdrawal_input_from(&f, &in);
	if (ok && consent_withdraw(&ctx, id, cid, &in, &res)) {
		const char *done = res.effect.closes_plan
		                   ? "consent_withdrawn"
		                   : "consent_withdrawn_continues";
		resp_redirect(r, res.caller_sees_plan
		                 ? sip_plan_url(r, id, arena_printf(&r->arena,
		                                                    "?done=%s", done))
		                 : arena_printf(&r->arena, "/?done=%s", done));
		return;
	}
	if (sip_refused(r) ||
	    page_refill_redirect(r, r->path))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	struct withdraw_view x;
	r->problem = (struct problem){0};
	if (!load(r, id, cid, &x)) {
		page_problem(r, &r->problem);
		return;
	}
	r->problem = kept;
	withdraw_page(r, &x, &f);
	r->status = status;
}
