/*
 * page_citizen_consent.c — "Vem får se dina uppgifter": the individual's
 * consents in plain words, and what they may do with each (branch
 * h/cconsent; the rules are in sip/citizen_consent.h and consent.c).
 *
 *   GET      /citizen/plans/{id}/consents                  the consents
 *   GET+POST /citizen/plans/{id}/consents/{cid}/narrow     take away
 *   GET+POST /citizen/plans/{id}/consents/{cid}/withdraw   withdraw
 *   GET+POST /citizen/plans/{id}/consents/{cid}/widen      ask for more
 *   GET+POST /citizen/plans/{id}/follow-up-request         meet earlier
 *
 * A refused form is shown again at once with its errors (status 422, or
 * the refusal's own), what was chosen kept; a done form redirects to a
 * page that says what happened from a fixed list (?done=KEY).
 */
#include <string.h>

#include "http/html.h"
#include "http/input.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/citizen_consent.h"
#include "sip/org.h"

enum { MAX_CHOICES = 50 };

static const struct field narrow_fields[] = {
	{"remove_principal_ids", FIELD_ID_LIST, MAX_CHOICES},
	{"remove_categories", FIELD_TEXT_LIST, MAX_CHOICES},
	{"valid_until", FIELD_DATE, 10},
};
static const struct field widen_fields[] = {
	{"principal_ids", FIELD_ID_LIST, MAX_CHOICES},
	{"categories", FIELD_TEXT_LIST, MAX_CHOICES},
	{"valid_until", FIELD_DATE, 10},
	{"text", FIELD_MULTILINE, CITIZEN_REQUEST_TEXT_MAX + 100},
};
static const struct field withdraw_fields[] = {
	{"confirm", FIELD_TEXT, 10},
};
static const struct field follow_up_fields[] = {
	{"reason", FIELD_MULTILINE, CITIZEN_REQUEST_TEXT_MAX + 100},
};

static const struct ui_option narrow_labels[] = {
	{"remove_principal_ids", N_("Vilka som får uppgifterna")},
	{"remove_categories", N_("Vilka slags uppgifter")},
	{"valid_until", N_("Nytt slutdatum")},
	{"change", N_("Vad du vill ändra")},
	{NULL, NULL},
};
static const struct ui_option widen_labels[] = {
	{"principal_ids", N_("Vilka fler ska få uppgifterna")},
	{"categories", N_("Vilka fler slags uppgifter")},
	{"valid_until", N_("Längre tid")},
	{"text", N_("Med dina egna ord")},
	{NULL, NULL},
};
static const struct ui_option follow_up_labels[] = {
	{"reason", N_("Vad har hänt?")},
	{NULL, NULL},
};

static const struct ui_option flashes[] = {
	{"narrowed", N_("Klart. Ändringen gäller från och med nu.")},
	{"withdrawn", N_("Klart. Samtycket är återkallat från och med nu.")},
	{"widen_sent", N_("Klart. Din samordnare har fått din fråga.")},
	{"follow_up_sent", N_("Klart. Din samordnare har fått din fråga.")},
};

static void own_flash(struct request *r)
{
	const char *key = req_query(r, "done");
	for (size_t i = 0; key && i < sizeof flashes / sizeof *flashes; i++)
		if (strcmp(key, flashes[i].value) == 0) {
			html_raw(r, "<div class=\"flash\" role=\"status\">");
			html_text(r, R_(r, flashes[i].label));
			html_raw(r, "</div>");
			return;
		}
}

static bool plan_id(struct request *r, int64_t *id)
{
	if (req_path_id(r, "id", id))
		return true;
	struct ctx ctx = page_ctx(r);
	ctx_not_found(&ctx);
	citizen_problem(r, &r->problem);
	return false;
}

static bool ids(struct request *r, int64_t *id, int64_t *cid)
{
	if (req_path_id(r, "id", id) && req_path_id(r, "cid", cid))
		return true;
	struct ctx ctx = page_ctx(r);
	ctx_not_found(&ctx);
	citizen_problem(r, &r->problem);
	return false;
}

static const char *url(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld%s", (long long)id,
	                    rest);
}

static const char *consent_url(struct request *r, int64_t id, int64_t cid,
                               const char *what)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld/consents/%lld/%s",
	                    (long long)id, (long long)cid, what);
}

static void fact(struct request *r, const char *term, const char *value)
{
	html_raw(r, "<dt>");
	html_text(r, term);
	html_raw(r, "</dt><dd>");
	html_text(r, value && *value ? value : "–");
	html_raw(r, "</dd>");
}

/* The categories in the citizen's words (consent_scope_label is the
 * staff pages'). */
static const char *scope_text(struct request *r, const char *scope)
{
	static const struct ui_option words[] = {
		{"health", N_("Din hälsa och vård")},
		{"social", N_("Socialtjänsten")},
		{"school", N_("Skolan")},
		{"financial", N_("Din ekonomi")},
		{"employment", N_("Arbete och sysselsättning för dig")},
		{"housing", N_("Ditt boende")},
	};
	for (size_t i = 0; scope && i < sizeof words / sizeof *words; i++)
		if (strcmp(scope, words[i].value) == 0)
			return R_(r, words[i].label);
	return scope ? scope : "";
}

static const char *scopes_text(struct request *r, const struct consent *c)
{
	const char *s = NULL;
	for (int i = 0; i < c->nscopes; i++) {
		const char *x = scope_text(r, c->scopes[i]);
		s = s ? arena_printf(&r->arena, "%s, %s", s, x) : x;
	}
	return s;
}

static const char *given_by_text(struct request *r, const struct consent *c)
{
	if (strcmp(c->given_by, "individual") == 0)
		return R_(r, "Du själv");
	if (strcmp(c->given_by, "guardians") == 0)
		return R_(r, "Vårdnadshavarna");
	if (strcmp(c->given_by, "representative") == 0)
		return R_(r, "Din företrädare");
	return R_(r, "Någon som känner dig berättade vad du tycker");
}

static void consent_facts(struct request *r, const struct citizen_consent *x)
{
	const struct consent *c = &x->consent;
	html_raw(r, "<dl class=\"facts\">");
	fact(r, R_(r, "Vem sa ja"), given_by_text(r, c));
	fact(r, R_(r, "Hur du sa ja"), strcmp(c->form, "written") == 0
	                              ? R_(r, "Skriftligt, på papper")
	                              : R_(r, "Muntligt, med ord"));
	fact(r, R_(r, "Vilka slags uppgifter"), scopes_text(r, c));
	html_raw(r, "<dt>");
	html_text(r, R_(r, "Vilka som får uppgifterna"));
	html_raw(r, "</dt><dd><ul>");
	for (int i = 0; i < c->nrecipients; i++) {
		html_raw(r, "<li>");
		html_text(r, c->recipients[i].name);
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul></dd><dt>");
	html_text(r, R_(r, "Verksamheter som är med i planen"));
	html_raw(r, "</dt><dd>");
	if (x->nunits) {
		html_raw(r, "<ul>");
		for (int i = 0; i < x->nunits; i++) {
			html_raw(r, "<li>");
			html_textf(r, "%s (%s)", x->units[i].unit_name,
			           x->units[i].principal_name);
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	} else {
		html_text(r, "–");
	}
	html_raw(r, "</dd>");
	fact(r, R_(r, "Sista dagen det gäller"), c->valid_until);
	const char *status =
		c->withdrawn_at
			? arena_printf(&r->arena, R_(r, "Återkallat %s. Det gäller "
			                                "inte längre."),
			               ui_date(r, c->withdrawn_at))
		: c->in_force ? R_(r, "Gäller nu.")
		              : R_(r, "Tiden har gått ut. Det gäller inte längre.");
	fact(r, R_(r, "Just nu"), status);
	html_raw(r, "</dl>");
	if (x->nnarrowings) {
		html_raw(r, "<h3>");
		html_text(r, R_(r, "Det här har du ändrat"));
		html_raw(r, "</h3><ul>");
		for (int i = 0; i < x->nnarrowings; i++) {
			const struct consent_narrowing *n = &x->narrowings[i];
			html_raw(r, "<li>");
			if (n->removed_principal)
				html_textf(r, R_(r, "%s: %s får inte längre uppgifterna."),
				           ui_date(r, n->at), n->removed_principal);
			else if (n->removed_category)
				html_textf(r, R_(r, "%s: %s delas inte längre."),
				           ui_date(r, n->at),
				           scope_text(r, n->removed_category));
			else
				html_textf(r, R_(r, "%s: slutdatum ändrat från %s till %s."),
				           ui_date(r, n->at), ui_ltr(r, n->old_valid_until),
				           ui_ltr(r, n->new_valid_until));
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	}
}

static void back_link(struct request *r, int64_t id)
{
	html_raw(r, "<p><a href=\"");
	html_attr(r, url(r, id, "/consents"));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till vem som får se dina uppgifter"));
	html_raw(r, "</a></p>");
}

/* ---- the list ---- */

void page_citizen_consents(struct request *r)
{
	int64_t id;
	if (!plan_id(r, &id))
		return;
	struct ctx ctx = page_ctx(r);
	struct citizen_access a;
	struct citizen_consent *list;
	int n;
	if (!citizen_consents(&ctx, id, &a, &list, &n)) {
		citizen_problem(r, &r->problem);
		return;
	}
	citizen_begin(r, R_(r, "Vem får se dina uppgifter"));
	own_flash(r);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Ett samtycke är ett ja till att dela uppgifter. "
	                   "Här ser du vilka som får dina uppgifter, vilka "
	                   "slags uppgifter och hur länge."));
	html_raw(r, "</p>");
	if (a.may_act) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Du kan ta bort någon, ta bort ett slags "
		                   "uppgifter eller göra tiden kortare. Det gäller "
		                   "direkt. Vill du lägga till något, frågar du din "
		                   "samordnare."));
		html_raw(r, "</p>");
	} else if (a.relation == CITIZEN_CHILD) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Dina vårdnadshavare bestämmer om samtycket "
		                   "tills du fyller 18 år."));
		html_raw(r, "</p>");
	}
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Det finns inget samtycke i planen än."));
		html_raw(r, "</p>");
	}
	for (int i = 0; i < n; i++) {
		const struct consent *c = &list[i].consent;
		html_raw(r, "<section class=\"card\"><h2>");
		html_textf(r, R_(r, "Samtycke från %s"), ui_date(r, c->recorded_at));
		html_raw(r, "</h2>");
		consent_facts(r, &list[i]);
		if (a.may_act && c->in_force) {
			html_raw(r, "<ul class=\"actions-list\"><li><a href=\"");
			html_attr(r, consent_url(r, id, c->id, "narrow"));
			html_raw(r, "\">");
			html_text(r, R_(r, "Ta bort något ur samtycket"));
			html_raw(r, "</a></li><li><a href=\"");
			html_attr(r, consent_url(r, id, c->id, "withdraw"));
			html_raw(r, "\">");
			html_text(r, R_(r, "Återkalla samtycket"));
			html_raw(r, "</a></li><li><a href=\"");
			html_attr(r, consent_url(r, id, c->id, "widen"));
			html_raw(r, "\">");
			html_text(r, R_(r, "Be om att lägga till något"));
			html_raw(r, "</a></li></ul>");
		}
		html_raw(r, "</section>");
	}
	if (a.may_act) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Har något ändrats för dig?"));
		html_raw(r, "</h2><p><a href=\"");
		html_attr(r, url(r, id, "/follow-up-request"));
		html_raw(r, "\">");
		html_text(r, R_(r, "Be om att träffas tidigare än planerat"));
		html_raw(r, "</a></p>");
	}
	html_raw(r, "<p><a href=\"");
	html_attr(r, url(r, id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till din plan"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

/* ---- narrow ---- */

static bool id_in(const struct form *f, const char *name, int64_t id)
{
	const struct form_value *v = f ? form_value(f, name) : NULL;
	for (int i = 0; v && i < v->nlist; i++)
		if (v->ids && v->ids[i] == id)
			return true;
	return false;
}

static bool text_in(const struct form *f, const char *name, const char *t)
{
	const struct form_value *v = f ? form_value(f, name) : NULL;
	for (int i = 0; v && i < v->nlist; i++)
		if (v->list[i] && strcmp(v->list[i], t) == 0)
			return true;
	return false;
}

static void narrow_page(struct request *r, int64_t id,
                        const struct citizen_consent *x, const struct form *f,
                        bool is_withdrawal)
{
	const struct consent *c = &x->consent;
	citizen_begin(r, R_(r, "Ta bort något ur samtycket"));
	ui_error_summary(r, &r->problem, narrow_labels);
	if (is_withdrawal) {
		html_raw(r, "<p><a class=\"button\" href=\"");
		html_attr(r, consent_url(r, id, c->id, "withdraw"));
		html_raw(r, "\">");
		html_text(r, R_(r, "Läs vad som händer om du återkallar"));
		html_raw(r, "</a></p>");
	}
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Välj det du vill ta bort. Det gäller direkt när du "
	                   "sparar. De som inte får uppgifterna längre kan inte "
	                   "se planen."));
	html_raw(r, "</p>");
	ui_form_begin(r, consent_url(r, id, c->id, "narrow"));
	ui_field_error(r, "change");
	struct ui_option *popts = arena_array(&r->arena, struct ui_option,
	                                      (size_t)c->nrecipients + 1);
	bool *pchecked = arena_array(&r->arena, bool, (size_t)c->nrecipients + 1);
	for (int i = 0; i < c->nrecipients; i++) {
		popts[i].value = arena_printf(&r->arena, "%lld",
		                              (long long)c->recipients[i].id);
		popts[i].label = c->recipients[i].name;
		pchecked[i] = id_in(f, "remove_principal_ids", c->recipients[i].id);
	}
	ui_checkbox_group(r, "remove_principal_ids",
	                  R_(r, "Vilka ska inte få uppgifterna längre?"), popts,
	                  c->nrecipients, pchecked,
	                  R_(r, "Du kan inte ta bort alla. Då återkallar du "
	                        "samtycket."));
	struct ui_option *sopts = arena_array(&r->arena, struct ui_option,
	                                      (size_t)c->nscopes + 1);
	bool *schecked = arena_array(&r->arena, bool, (size_t)c->nscopes + 1);
	for (int i = 0; i < c->nscopes; i++) {
		sopts[i].value = c->scopes[i];
		sopts[i].label = scope_text(r, c->scopes[i]);
		schecked[i] = text_in(f, "remove_categories", c->scopes[i]);
	}
	ui_checkbox_group(r, "remove_categories",
	                  R_(r, "Vilka slags uppgifter ska inte delas längre?"),
	                  sopts, c->nscopes, schecked, NULL);
	ui_input(r, "valid_until", R_(r, "Nytt slutdatum"),
	         f ? ui_typed(r, f, "valid_until") : NULL,
	         arena_printf(&r->arena,
	                      R_(r, "Samtycket gäller till %s. Du kan välja ett "
	                            "tidigare datum, men inte före i dag."),
	                      ui_ltr(r, c->valid_until)),
	         UI_DATE, "off");
	ui_submit(r, R_(r, "Spara ändringen"));
	ui_form_end(r);
	back_link(r, id);
	citizen_end(r);
}

static bool load_consent(struct request *r, int64_t id, int64_t cid,
                         struct citizen_consent *x)
{
	struct ctx ctx = page_ctx(r);
	struct citizen_access a;
	if (citizen_consent_get(&ctx, id, cid, true, &a, x))
		return true;
	citizen_problem(r, &r->problem);
	return false;
}

void page_citizen_consent_narrow_form(struct request *r)
{
	int64_t id, cid;
	struct citizen_consent x;
	if (!ids(r, &id, &cid) || !load_consent(r, id, cid, &x))
		return;
	narrow_page(r, id, &x, NULL, false);
}

/* Show a refused form again: its status, the consent as it is now. */
static int refused_status(struct request *r)
{
	return problem_http_status(r->problem.kind);
}

void page_citizen_consent_narrow(struct request *r)
{
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	struct form f;
	struct ctx ctx = page_ctx(r);
	bool is_withdrawal = false;
	bool ok = form_read(r, &r->problem, FIELDS(narrow_fields), &f);
	if (ok) {
		const struct form_value *p = form_value(&f, "remove_principal_ids");
		const struct form_value *c = form_value(&f, "remove_categories");
		struct consent_narrow_input in = {
			.remove_principal_ids = p->ids,
			.nremove_principals = p->nlist,
			.remove_categories = (const char *const *)c->list,
			.nremove_categories = c->nlist,
			.valid_until = form_text(&f, "valid_until"),
		};
		ok = citizen_consent_narrow(&ctx, id, cid, &in, &is_withdrawal);
	}
	if (ok) {
		resp_redirect(r, url(r, id, "/consents?done=narrowed"));
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND ||
	    r->problem.kind == PROBLEM_FORBIDDEN) {
		citizen_problem(r, &r->problem);
		return;
	}
	int status = refused_status(r);
	struct problem kept = r->problem;
	struct citizen_consent x;
	struct problem scratch = {0};
	struct ctx again = page_ctx(r);
	again.problem = &scratch;
	struct citizen_access a;
	if (!citizen_consent_get(&again, id, cid, true, &a, &x)) {
		citizen_problem(r, &kept);
		return;
	}
	r->problem = kept;
	narrow_page(r, id, &x, &f, is_withdrawal);
	r->status = status;
}

/* ---- withdraw ---- */

static void withdraw_page(struct request *r, int64_t id,
                          const struct consent *c,
                          const struct withdrawal_effect *e)
{
	citizen_begin(r, R_(r, "Återkalla samtycket"));
	ui_error_summary(r, &r->problem, NULL);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Om du återkallar samtycket får ingen dela dina "
	                   "uppgifter med stöd av det längre. Det gäller "
	                   "direkt."));
	html_raw(r, "</p><h2>");
	html_text(r, R_(r, "Det här händer"));
	html_raw(r, "</h2><div class=\"notice\"><p>");
	switch (e->outcome) {
	case WITHDRAWAL_CLOSES_LAST:
		html_text(r, R_(r, "Det här är det sista samtycket som gäller. "
		                   "Då avslutas din plan. De andra får inte dina "
		                   "uppgifter längre."));
		break;
	case WITHDRAWAL_CLOSES_GUARDIANS:
		html_text(r, R_(r, "Samtycket gavs av vårdnadshavarna. När en "
		                   "vårdnadshavare återkallar, slutar alla "
		                   "samtycken i planen att gälla. Då avslutas "
		                   "planen."));
		break;
	case WITHDRAWAL_CONTINUES:
		html_text(r, R_(r, "Det finns fler samtycken som gäller. Planen "
		                   "fortsätter med dem."));
		break;
	}
	html_raw(r, "</p>");
	if (e->nunits_leaving) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "De här kan inte se din plan längre:"));
		html_raw(r, "</p><ul>");
		for (int i = 0; i < e->nunits_leaving; i++) {
			html_raw(r, "<li>");
			html_textf(r, "%s (%s)", e->units_leaving[i].unit_name,
			           e->units_leaving[i].principal_name);
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	} else {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Ingen annan verksamhet slutar se planen. De "
		                   "har ett annat samtycke, eller leder planen."));
		html_raw(r, "</p>");
	}
	html_raw(r, "<p>");
	html_text(r, R_(r, "Den som leder planen sparar det som har gjorts. "
	                   "Så står det i lagen."));
	html_raw(r, "</p><p><strong>");
	html_text(r, R_(r, "Du kan inte ångra det. Vill du dela igen, behöver "
	                   "du ge ett nytt samtycke."));
	html_raw(r, "</strong></p></div>");
	ui_form_begin(r, consent_url(r, id, c->id, "withdraw"));
	ui_hidden(r, "confirm", "yes");
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button danger\">");
	html_text(r, e->closes_plan
	                     ? R_(r, "Ja, återkalla och avsluta planen")
	                     : R_(r, "Ja, återkalla samtycket"));
	html_raw(r, "</button></div>");
	ui_form_end(r);
	back_link(r, id);
	citizen_end(r);
}

void page_citizen_consent_withdraw_form(struct request *r)
{
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	struct ctx ctx = page_ctx(r);
	struct consent c;
	struct withdrawal_effect e;
	if (!consent_withdrawal_preview_by_citizen(&ctx, id, cid, &c, &e)) {
		citizen_problem(r, &r->problem);
		return;
	}
	withdraw_page(r, id, &c, &e);
}

void page_citizen_consent_withdraw(struct request *r)
{
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	struct ctx ctx = page_ctx(r);
	struct withdrawal_result out;
	struct form f;
	const char *confirm = NULL;
	if (form_read(r, &r->problem, FIELDS(withdraw_fields), &f))
		confirm = form_text(&f, "confirm");
	if (!confirm || strcmp(confirm, "yes") != 0) {
		/* Nothing happens without the confirmation page's button. */
		r->problem = (struct problem){0};
		problem_field(&r->problem, &r->arena, "confirm", "%s",
		              R_(r, "Tryck på knappen för att återkalla."));
		struct consent c;
		struct withdrawal_effect e;
		struct problem kept = r->problem, scratch = {0};
		struct ctx again = page_ctx(r);
		again.problem = &scratch;
		if (!consent_withdrawal_preview_by_citizen(&again, id, cid, &c, &e)) {
			citizen_problem(r, &scratch);
			return;
		}
		r->problem = kept;
		withdraw_page(r, id, &c, &e);
		r->status = 422;
		return;
	}
	if (!consent_withdraw_by_citizen(&ctx, id, cid, &out)) {
		citizen_problem(r, &r->problem);
		return;
	}
	resp_redirect(r, url(r, id, "/consents?done=withdrawn"));
}

/* ---- widen (a request) ---- */

static void widen_page(struct request *r, int64_t id,
                       const struct citizen_consent *x,
                       const struct principal *all, int nall,
                       const struct form *f)
{
	const struct consent *c = &x->consent;
	citizen_begin(r, R_(r, "Be om att lägga till något"));
	ui_error_summary(r, &r->problem, widen_labels);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Du kan inte själv lägga till något i samtycket. "
	                   "Alla som är med i planen måste veta om det. Skriv "
	                   "vad du vill, så får din samordnare frågan."));
	html_raw(r, "</p>");
	ui_form_begin(r, consent_url(r, id, c->id, "widen"));
	struct ui_option *popts = arena_array(&r->arena, struct ui_option,
	                                      (size_t)nall + 1);
	bool *pchecked = arena_array(&r->arena, bool, (size_t)nall + 1);
	int np = 0;
	for (int i = 0; i < nall; i++) {
		bool already = false;
		for (int j = 0; j < c->nrecipients && !already; j++)
			already = c->recipients[j].id == all[i].id;
		if (already || !all[i].active)
			continue;
		popts[np].value = arena_printf(&r->arena, "%lld",
		                               (long long)all[i].id);
		popts[np].label = all[i].name;
		pchecked[np] = id_in(f, "principal_ids", all[i].id);
		np++;
	}
	if (np)
		ui_checkbox_group(r, "principal_ids",
		                  R_(r, "Vilka fler ska få uppgifterna?"), popts, np,
		                  pchecked, NULL);
	struct ui_option sopts[8];
	bool schecked[8];
	int ns = 0;
	for (int i = 0; consent_scopes[i] && ns < 8; i++) {
		bool already = false;
		for (int j = 0; j < c->nscopes && !already; j++)
			already = strcmp(c->scopes[j], consent_scopes[i]) == 0;
		if (already)
			continue;
		sopts[ns].value = consent_scopes[i];
		sopts[ns].label = scope_text(r, consent_scopes[i]);
		schecked[ns] = text_in(f, "categories", consent_scopes[i]);
		ns++;
	}
	if (ns)
		ui_checkbox_group(r, "categories",
		                  R_(r, "Vilka fler slags uppgifter ska få delas?"),
		                  sopts, ns, schecked, NULL);
	ui_input(r, "valid_until", R_(r, "Längre tid"),
	         f ? ui_typed(r, f, "valid_until") : NULL,
	         arena_printf(&r->arena,
	                      R_(r, "Frivilligt. Samtycket gäller till %s. Skriv "
	                            "ett senare datum om du vill att det ska "
	                            "gälla längre."),
	                      ui_ltr(r, c->valid_until)),
	         UI_DATE, "off");
	ui_textarea(r, "text", R_(r, "Med dina egna ord"),
	            f ? ui_typed(r, f, "text") : NULL,
	            R_(r, "Skriv vad du vill och varför. Högst 2 000 tecken."),
	            UI_REQUIRED, 5);
	ui_submit(r, R_(r, "Skicka till samordnaren"));
	ui_form_end(r);
	back_link(r, id);
	citizen_end(r);
}

static bool widen_load(struct ctx *ctx, int64_t id,
                       int64_t cid, struct citizen_consent *x,
                       struct principal **all, int *nall)
{
	struct citizen_access a;
	return citizen_consent_get(ctx, id, cid, true, &a, x) &&
	       principal_list(ctx, all, nall);
}

void page_citizen_consent_widen_form(struct request *r)
{
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	struct ctx ctx = page_ctx(r);
	struct citizen_consent x;
	struct principal *all;
	int nall;
	if (!widen_load(&ctx, id, cid, &x, &all, &nall)) {
		citizen_problem(r, &r->problem);
		return;
	}
	widen_page(r, id, &x, all, nall, NULL);
}

void page_citizen_consent_widen(struct request *r)
{
	int64_t id, cid;
	if (!ids(r, &id, &cid))
		return;
	struct form f;
	struct ctx ctx = page_ctx(r);
	bool ok = form_read(r, &r->problem, FIELDS(widen_fields), &f);
	if (ok) {
		const struct form_value *p = form_value(&f, "principal_ids");
		const struct form_value *c = form_value(&f, "categories");
		struct consent_widen_input in = {
			.principal_ids = p->ids,
			.nprincipals = p->nlist,
			.categories = (const char *const *)c->list,
			.ncategories = c->nlist,
			.valid_until = form_text(&f, "valid_until"),
			.text = form_text(&f, "text"),
		};
		ok = citizen_consent_widen_request(&ctx, id, cid, &in, NULL);
	}
	if (ok) {
		resp_redirect(r, url(r, id, "/consents?done=widen_sent"));
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND ||
	    r->problem.kind == PROBLEM_FORBIDDEN) {
		citizen_problem(r, &r->problem);
		return;
	}
	int status = refused_status(r);
	struct problem kept = r->problem, scratch = {0};
	struct ctx again = page_ctx(r);
	again.problem = &scratch;
	struct citizen_consent x;
	struct principal *all;
	int nall;
	if (!widen_load(&again, id, cid, &x, &all, &nall)) {
		citizen_problem(r, &kept);
		return;
	}
	r->problem = kept;
	widen_page(r, id, &x, all, nall, &f);
	r->status = status;
}

/* ---- an earlier follow-up ---- */

static void follow_up_page(struct request *r, int64_t id, const struct form *f)
{
	citizen_begin(r, R_(r, "Be om att träffas tidigare"));
	own_flash(r);
	ui_error_summary(r, &r->problem, follow_up_labels);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Har något stort ändrats i ditt liv? Då kan ni "
	                   "träffas och följa upp planen tidigare. Skriv vad "
	                   "som har hänt. Din samordnare får frågan och hör av "
	                   "sig."));
	html_raw(r, "</p>");
	ui_form_begin(r, url(r, id, "/follow-up-request"));
	ui_textarea(r, "reason", R_(r, "Vad har hänt?"),
	            f ? ui_typed(r, f, "reason") : NULL,
	            R_(r, "Du måste skriva något. Högst 2 000 tecken."),
	            UI_REQUIRED, 6);
	ui_submit(r, R_(r, "Skicka till samordnaren"));
	ui_form_end(r);
	html_raw(r, "<p><a href=\"");
	html_attr(r, url(r, id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till din plan"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

void page_citizen_follow_up_request_form(struct request *r)
{
	int64_t id;
	if (!plan_id(r, &id))
		return;
	struct ctx ctx = page_ctx(r);
	struct citizen_access a;
	if (!citizen_consent_access(&ctx, id, true, &a)) {
		citizen_problem(r, &r->problem);
		return;
	}
	follow_up_page(r, id, NULL);
}

void page_citizen_follow_up_request(struct request *r)
{
	int64_t id;
	if (!plan_id(r, &id))
		return;
	struct form f;
	struct ctx ctx = page_ctx(r);
	bool ok = form_read(r, &r->problem, FIELDS(follow_up_fields), &f) &&
	          citizen_follow_up_request(&ctx, id, form_text(&f, "reason"),
	                                    NULL);
	if (ok) {
		resp_redirect(r, url(r, id, "/follow-up-request?done=follow_up_sent"));
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND ||
	    r->problem.kind == PROBLEM_FORBIDDEN ||
	    r->problem.kind == PROBLEM_CONFLICT) {
		citizen_problem(r, &r->problem);
		return;
	}
	int status = refused_status(r);
	follow_up_page(r, id, &f);
	r->status = status;
}
