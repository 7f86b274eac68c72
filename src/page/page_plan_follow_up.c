/*
 * page_plan_follow_up.c — the follow-up meeting's page (GET
 * /plans/{id}/follow-up): the seed 000 questions as one form, a result
 * for each goal and each intervention of the version followed up, each
 * principal's report of its own part, how the individual is and whether
 * coordination is still needed (POST .../follow-up/results); and, for
 * the lead unit, how the plan goes on (POST .../follow-up/conclude).
 *
 * A unit that is not the lead sees only the rows that are its own
 * principal's to report (follow_up_record enforces it; the page only
 * leaves out what would be refused). Rows are named by their position in
 * the version ("goal_results[2].result"), the domain's errors are moved
 * to those names, and a refusal shows this page again with what was
 * typed.
 */
#include <string.h>

#include "base/limits.h"
#include "form/follow_up_forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_refill.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/user.h"

static const struct ui_option labels[] = {
	{"wellbeing", N_("Hur mår den enskilde?")},
	{"new_information", N_("Ny information eller ändrade omständigheter")},
	{"coordination_needed", N_("Behövs fortsatt samordning med hjälp av SIP?")},
	{"outcome", N_("Hur planen går vidare")},
	{"next_date", N_("Datum för nästa uppföljning")},
	{"next_place", N_("Plats för nästa uppföljning")},
	{"new_plan_need", N_("Behovet som den nya planen ska möta")},
	{"reason", N_("Skäl till avslut")},
	{"note", N_("Om avslutet")},
	{NULL, NULL},
};

/* The open follow-up of a plan in follow_up, or NULL. */
static const struct follow_up *open_follow_up(const struct plan *p)
{
	if (p->state != PLAN_FOLLOW_UP || !p->nfollow_ups)
		return NULL;
	const struct follow_up *f = &p->follow_ups[p->nfollow_ups - 1];
	return f->outcome ? NULL : f;
}

/* ---- whose part is a row (the page's view of follow_up.c's rule) ---- */

static bool my_principal_id(const struct ctx *ctx, int64_t principal_id)
{
	const struct user *me = ctx_staff(ctx);
	for (int i = 0; me && i < me->nunits; i++)
		if (me->units[i].principal_id == principal_id)
			return true;
	return false;
}

static bool my_unit_principal(const struct ctx *ctx, const struct plan *p,
                              int64_t unit_id)
{
	const struct user *me = ctx_staff(ctx);
	for (int u = 0; unit_id && u < p->nunits; u++) {
		if (p->units[u].unit_id != unit_id)
			continue;
		for (int i = 0; me && i < me->nunits; i++)
			if (strcmp(me->units[i].principal_name,
			           p->units[u].principal_name) == 0)
				return true;
	}
	return false;
}

static bool writes_intervention(const struct ctx *ctx, const struct plan *p,
                                const struct intervention *x)
{
	return p->may_lead || my_unit_principal(ctx, p, x->responsible_unit_id);
}

/* ---- the posted rows ---- */

struct rows {
	struct form f;
	int ng, ni, np; /* rows of goals, interventions, principals */
	size_t shared;  /* where the rows begin in f */
};

static void add(struct request *r, struct field *out, size_t *k,
                const char *list, int i, const char *name,
                enum field_type type, size_t max)
{
	out[(*k)++] = (struct field){
		arena_printf(&r->arena, "%s[%d].%s", list, i, name), type, max};
}

/* The posted rows; their errors go to *problem (r->problem, or a
 * scratch one when the rows are read again for a refill). */
static bool read_rows(struct request *r, struct problem *problem,
                      const struct plan *p, struct rows *x)
{
	const struct plan_version *v = p->current;
	x->ng = v ? v->ngoals : 0;
	x->ni = v ? v->ninterventions : 0;
	x->np = p->nprincipals;
	x->shared = follow_up_shared_nfields;
	size_t n = x->shared + (size_t)x->ng * 2 + (size_t)x->ni * 3 +
	           (size_t)x->np;
	struct field *fields = arena_array(&r->arena, struct field, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < follow_up_shared_nfields; i++)
		fields[k++] = follow_up_shared_fields[i];
	for (int i = 0; i < x->ng; i++) {
		add(r, fields, &k, "goal_results", i, "result", FIELD_TEXT, 40);
		add(r, fields, &k, "goal_results", i, "comment", FIELD_MULTILINE,
		    LIMIT_TEXT);
	}
	for (int i = 0; i < x->ni; i++) {
		add(r, fields, &k, "intervention_results", i, "result", FIELD_TEXT,
		    40);
		add(r, fields, &k, "intervention_results", i, "why",
		    FIELD_MULTILINE, LIMIT_TEXT);
		add(r, fields, &k, "intervention_results", i, "effect",
		    FIELD_MULTILINE, LIMIT_TEXT);
	}
	for (int i = 0; i < x->np; i++)
		add(r, fields, &k, "reports", i, "text", FIELD_MULTILINE, LIMIT_TEXT);
	return form_read(r, problem, fields, k, &x->f);
}

static const char *cell(const struct rows *x, size_t i)
{
	return x->f.values[i].text;
}

/* The domain's input from the rows that were filled in; map[k] is the
 * page's row of the domain's k-th entry of each list. */
struct maps {
	int *goal, *intervention, *report;
};

static void build(struct request *r, const struct plan *p,
                  const struct rows *x, struct follow_up_record_input *in,
                  struct maps *m)
{
	const struct plan_version *v = p->current;
	follow_up_shared_input_from(&x->f, in);
	struct goal_result_input *g = arena_array(&r->arena,
	                                          struct goal_result_input,
	                                          (size_t)x->ng + 1);
	m->goal = arena_array(&r->arena, int, (size_t)x->ng + 1);
	size_t base = x->shared;
	for (int i = 0; i < x->ng; i++) {
		const char *result = cell(x, base + (size_t)i * 2);
		const char *comment = cell(x, base + (size_t)i * 2 + 1);
		if (!result && !comment)
			continue;
		m->goal[in->ngoals] = i;
		g[in->ngoals++] = (struct goal_result_input){v->goals[i].id, result,
		                                             comment};
	}
	in->goals = g;
	base += (size_t)x->ng * 2;
	struct intervention_result_input *o = arena_array(
		&r->arena, struct intervention_result_input, (size_t)x->ni + 1);
	m->intervention = arena_array(&r->arena, int, (size_t)x->ni + 1);
	for (int i = 0; i < x->ni; i++) {
		size_t c = base + (size_t)i * 3;
		if (!cell(x, c) && !cell(x, c + 1) && !cell(x, c + 2))
			continue;
		m->intervention[in->ninterventions] = i;
		o[in->ninterventions++] = (struct intervention_result_input){
			v->interventions[i].id, cell(x, c), cell(x, c + 1),
			cell(x, c + 2)};
	}
	in->interventions = o;
	base += (size_t)x->ni * 3;
	struct report_input *rep = arena_array(&r->arena, struct report_input,
	                                       (size_t)x->np + 1);
	m->report = arena_array(&r->arena, int, (size_t)x->np + 1);
	for (int i = 0; i < x->np; i++) {
		if (!cell(x, base + (size_t)i))
			continue;
		m->report[in->nreports] = i;
		rep[in->nreports++] = (struct report_input){p->principals[i].id,
		                                            cell(x, base + (size_t)i)};
	}
	in->reports = rep;
}

/* The domain's "goal_results[1].result" is the page's row of that goal. */
static void remap(struct request *r, const char *list, const int *row, int n)
{
	struct problem *p = &r->problem;
	for (int i = 0; i < p->nfields; i++) {
		int k;
		const char *rest;
		if (sip_row_field(p->fields[i].field, list, &k, &rest) && k < n)
			p->fields[i].field = arena_printf(&r->arena, "%s[%d]%s", list,
			                                  row[k], rest);
	}
}

/* ---- the page ---- */

static const char *row_name(struct request *r, const char *list, int i,
                            const char *name)
{
	return arena_printf(&r->arena, "%s[%d].%s", list, i, name);
}

/* The result already recorded for a goal, an intervention, a report. */
static const struct goal_result *goal_done(const struct follow_up *f,
                                           int64_t id)
{
	for (int i = 0; i < f->ngoal_results; i++)
		if (f->goal_results[i].goal_id == id)
			return &f->goal_results[i];
	return NULL;
}

static const struct intervention_result *
intervention_done(const struct follow_up *f, int64_t id)
{
	for (int i = 0; i < f->nintervention_results; i++)
		if (f->intervention_results[i].intervention_id == id)
			return &f->intervention_results[i];
	return NULL;
}

static const struct principal_report *report_done(const struct follow_up *f,
                                                  int64_t id)
{
	for (int i = 0; i < f->nreports; i++)
		if (f->reports[i].principal_id == id)
			return &f->reports[i];
	return NULL;
}

static void goal_rows(struct request *r, const struct plan *p,
                      const struct follow_up *f, const struct form *posted)
{
	const struct plan_version *v = p->current;
	const struct ui_option results[] = {
		{"met", follow_up_label("met", r->lang)},
		{"partly_met", follow_up_label("partly_met", r->lang)},
		{"not_met", follow_up_label("not_met", r->lang)},
		{"no_longer_relevant", follow_up_label("no_longer_relevant", r->lang)},
	};
	sip_heading(r, 2, R_(r, "Hur går det jämfört med målen?"), "goals");
	for (int i = 0; i < v->ngoals; i++) {
		const struct goal_result *done = goal_done(f, v->goals[i].id);
		html_raw(r, "<fieldset class=\"row\"><legend>");
		html_textf(r, "%s: %s",
		           strcmp(v->goals[i].kind, "overall") == 0
		                   ? R_(r, "Övergripande mål")
		                   : R_(r, "Delmål"),
		           v->goals[i].text);
		html_raw(r, "</legend>");
		ui_radio_group(r, row_name(r, "goal_results", i, "result"),
		               R_(r, "Resultat"), results, 4,
		               sip_value(r, posted,
		                         row_name(r, "goal_results", i, "result"),
		                         done ? done->result : NULL), NULL);
		ui_textarea(r, row_name(r, "goal_results", i, "comment"),
		            R_(r, "Kommentar"),
		            sip_value(r, posted,
		                      row_name(r, "goal_results", i, "comment"),
		                      done ? done->comment : NULL), NULL, 0, 2);
		html_raw(r, "</fieldset>");
	}
}

static void intervention_rows(struct request *r, const struct ctx *ctx,
                              const struct plan *p, const struct follow_up *f,
                              const struct form *posted)
{
	const struct plan_version *v = p->current;
	const struct ui_option results[] = {
		{"done", follow_up_label("done", r->lang)},
		{"partly", follow_up_label("partly", r->lang)},
		{"not_done", follow_up_label("not_done", r->lang)},
	};
	sip_heading(r, 2, R_(r, "Har insatserna genomförts och gett effekt?"),
	            "interventions");
	int shown = 0;
	for (int i = 0; i < v->ninterventions; i++) {
		const struct intervention *x = &v->interventions[i];
		if (!writes_intervention(ctx, p, x))
			continue;
		shown++;
		const struct intervention_result *done =
			intervention_done(f, x->id);
		html_raw(r, "<fieldset class=\"row\"><legend>");
		html_textf(r, "%s – %s",
		           x->withheld ? sip_withheld(r, x->category) : x->what,
		           x->responsible_name ? x->responsible_name : "");
		html_raw(r, "</legend>");
		ui_radio_group(r, row_name(r, "intervention_results", i, "result"),
		               R_(r, "Genomförd?"), results, 3,
		               sip_value(r, posted,
		                         row_name(r, "intervention_results", i,
		                                  "result"),
		                         done ? done->result : NULL), NULL);
		ui_textarea(r, row_name(r, "intervention_results", i, "why"),
		            R_(r, "Varför inte, eller bara delvis?"),
		            sip_value(r, posted,
		                      row_name(r, "intervention_results", i, "why"),
		                      done ? done->why : NULL),
		            R_(r, "Obligatoriskt när insatsen inte genomfördes."), 0,
		            2);
		ui_textarea(r, row_name(r, "intervention_results", i, "effect"),
		            R_(r, "Effekt på kort och lång sikt"),
		            sip_value(r, posted,
		                      row_name(r, "intervention_results", i,
		                               "effect"),
		                      done ? done->effect : NULL), NULL, 0, 2);
		html_raw(r, "</fieldset>");
	}
	if (!shown) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Din huvudman ansvarar inte för någon av "
		                   "insatserna."));
		html_raw(r, "</p>");
	}
}

static void report_rows(struct request *r, const struct ctx *ctx,
                        const struct plan *p, const struct follow_up *f,
                        const struct form *posted)
{
	sip_heading(r, 2, R_(r, "Varje huvudman redogör för sitt ansvarsområde"),
	            "reports");
	for (int i = 0; i < p->nprincipals; i++) {
		const struct plan_principal_ref *pr = &p->principals[i];
		if (!p->may_lead && !my_principal_id(ctx, pr->id))
			continue;
		const struct principal_report *done = report_done(f, pr->id);
		ui_textarea(r, row_name(r, "reports", i, "text"),
		            arena_printf(&r->arena, R_(r, "%s redovisar sin del"),
		                         pr->name),
		            sip_value(r, posted, row_name(r, "reports", i, "text"),
		                      done && !done->withheld ? done->text : NULL),
		            NULL, 0, 3);
	}
}

static void shared_rows(struct request *r, const struct plan *p,
                        const struct follow_up *f, const struct form *posted)
{
	const struct ui_option yes_no[] = {
		{"yes", follow_up_label("yes", r->lang)},
		{"no", follow_up_label("no", r->lang)},
	};
	sip_heading(r, 2, R_(r, "Den enskildes situation"), "situation");
	ui_textarea(r, "wellbeing",
	            arena_printf(&r->arena, R_(r, "Hur mår %s?"),
	                         p->person.given_name),
	            sip_value(r, posted, "wellbeing", f->wellbeing), NULL, 0, 3);
	ui_textarea(r, "new_information",
	            R_(r, "Ny information eller ändrade omständigheter"),
	            sip_value(r, posted, "new_information", f->new_information),
	            R_(r, "Behövs någon annan insats?"), 0, 3);
	ui_radio_group(r, "coordination_needed",
	               R_(r, "Behövs fortsatt samordning med hjälp av SIP?"),
	               yes_no, 2,
	               sip_value(r, posted, "coordination_needed",
	                         f->coordination_needed), NULL);
}

static void results_form(struct request *r, const struct ctx *ctx,
                         const struct plan *p, const struct follow_up *f,
                         const struct form *posted)
{
	ui_form_begin(r, sip_plan_url(r, p->id, "/follow-up/results"));
	if (p->may_lead) {
		shared_rows(r, p, f, posted);
		goal_rows(r, p, f, posted);
	}
	intervention_rows(r, ctx, p, f, posted);
	report_rows(r, ctx, p, f, posted);
	ui_submit(r, R_(r, "Spara uppföljningen"));
	ui_form_end(r);
}

static void conclude_form(struct request *r, const struct plan *p,
                          const struct form *posted)
{
	const struct ui_option outcomes[] = {
		{"revise", follow_up_label("revise", r->lang)},
		{"new_plan", follow_up_label("new_plan", r->lang)},
		{"close", follow_up_label("close", r->lang)},
	};
	struct ui_option reasons[16];
	int nreasons = 0;
	for (int i = 0; closed_reasons[i] && nreasons < 16; i++)
		if (strcmp(closed_reasons[i], "new_plan") != 0)
			reasons[nreasons++] = (struct ui_option){
				closed_reasons[i],
				closed_reason_label(closed_reasons[i], r->lang)};
	sip_heading(r, 2, R_(r, "Hur går planen vidare?"), "conclude");
	ui_form_begin(r, sip_plan_url(r, p->id, "/follow-up/conclude"));
	ui_radio_group(r, "outcome", R_(r, "Hur planen går vidare"), outcomes, 3,
	               sip_value(r, posted, "outcome", NULL), NULL);
	ui_input(r, "next_date", R_(r, "Datum för nästa uppföljning"),
	         sip_value(r, posted, "next_date", NULL),
	         R_(r, "ÅÅÅÅ-MM-DD. Behövs om planen inte avslutas."), UI_DATE,
	         "off");
	ui_input(r, "next_place", R_(r, "Plats för nästa uppföljning"),
	         sip_value(r, posted, "next_place", NULL),
	         R_(r, "Behövs om planen inte avslutas."), 0, "off");
	ui_textarea(r, "new_plan_need",
	            R_(r, "Behovet som den nya planen ska möta"),
	            sip_value(r, posted, "new_plan_need", NULL),
	            R_(r, "Bara för en ny plan."), 0, 3);
	ui_select(r, "reason", R_(r, "Skäl till avslut"), reasons, nreasons,
	          sip_value(r, posted, "reason", NULL), R_(r, "Välj …"), 0);
	ui_textarea(r, "note", R_(r, "Om avslutet"),
	            sip_value(r, posted, "note", NULL),
	            R_(r, "Bara när planen avslutas."), 0, 2);
	ui_submit(r, R_(r, "Avsluta uppföljningen"));
	ui_form_end(r);
}

static void follow_up_page(struct request *r, const struct ctx *ctx,
                           const struct plan *p, const struct follow_up *f,
                           const struct form *posted, const char *scope)
{
	layout_begin_bare(r, R_(r, "Uppföljning"), NAV_WORK);
	html_raw(r, "<h1>");
	html_textf(r, R_(r, "Uppföljning – %s"), sip_person_name(r, &p->person));
	html_raw(r, "</h1>");
	sip_person_line(r, &p->person);
	page_flash(r);
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Varför nu"), follow_up_label(f->reason, r->lang));
	sip_fact(r, R_(r, "Startad"),
	         arena_printf(&r->arena, "%s, %s", ui_date(r, f->started_at),
	                      f->started_by_name ? f->started_by_name : "–"));
	sip_fact(r, R_(r, "Version som följs upp"),
	         arena_printf(&r->arena, "%d", f->version_no));
	html_raw(r, "</dl>");
	results_form(r, ctx, p, f, scope && strcmp(scope, "results") == 0
	                                   ? posted : NULL);
	if (p->may_lead)
		conclude_form(r, p, scope && strcmp(scope, "conclude") == 0
		                        ? posted : NULL);
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, p->id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

static bool load(struct request *r, struct ctx *ctx, int64_t id, struct plan *p,
                 const struct follow_up **f)
{
	if (!plan_get_recent(ctx, id, 1, p))
		return false;
	*f = open_follow_up(p);
	if (*f && p->current)
		return true;
	return problem_set(&r->problem, &r->arena, PROBLEM_CONFLICT, "%s",
	                   R_(r, "Planen har ingen pågående uppföljning."));
}

static bool plan_id(struct request *r, int64_t *id)
{
	if (req_path_id(r, "id", id))
		return true;
	struct ctx ctx = page_ctx(r);
	ctx_not_found(&ctx);
	page_problem(r, &r->problem);
	return false;
}

void page_plan_follow_up_form(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct plan p;
	const struct follow_up *f;
	int64_t id;
	if (!plan_id(r, &id))
		return;
	if (!load(r, &ctx, id, &p, &f)) {
		page_problem(r, &r->problem);
		return;
	}
	/* After a refused form (Post/Redirect/Get): the form that was posted,
	 * with what was typed and its errors, once. */
	struct rows x;
	struct form conclude;
	const struct form *posted = NULL;
	const char *scope = NULL;
	if (page_refill_restore(r)) {
		struct problem again = {0};
		scope = page_refill_scope(r);
		if (scope && strcmp(scope, "results") == 0) {
			read_rows(r, &again, &p, &x);
			posted = &x.f;
		} else if (scope && strcmp(scope, "conclude") == 0) {
			form_read(r, &again, follow_up_conclude_fields,
			          follow_up_conclude_nfields, &conclude);
			posted = &conclude;
		}
	}
	follow_up_page(r, &ctx, &p, f, posted, scope);
}

/* A refusal: the page again with what was posted, and its status. */
static void refail(struct request *r, int64_t id, const struct form *posted,
                   const char *scope)
{
	if (sip_refused(r))
		return;
	if (page_refill_redirect_scoped(r, sip_plan_url(r, id, "/follow-up"),
	                                scope))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	r->problem = (struct problem){0};
	struct ctx ctx = page_ctx(r);
	struct plan p;
	const struct follow_up *f;
	if (!load(r, &ctx, id, &p, &f)) {
		page_problem(r, &r->problem);
		return;
	}
	r->problem = kept;
	follow_up_page(r, &ctx, &p, f, posted, scope);
	r->status = status;
}

void page_plan_follow_up_results(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct plan p;
	const struct follow_up *f;
	struct rows x;
	struct maps m;
	struct follow_up_record_input in = {0};
	int64_t id;
	if (!plan_id(r, &id))
		return;
	if (!load(r, &ctx, id, &p, &f)) {
		page_problem(r, &r->problem);
		return;
	}
	bool ok = read_rows(r, &r->problem, &p, &x);
	build(r, &p, &x, &in, &m);
	ctx = page_ctx(r);
	if (ok && follow_up_record(&ctx, id, &in)) {
		resp_redirect(r, sip_plan_url(r, id, "/follow-up?done=follow_up_saved"));
		return;
	}
	remap(r, "goal_results", m.goal, in.ngoals);
	remap(r, "intervention_results", m.intervention, in.ninterventions);
	remap(r, "reports", m.report, in.nreports);
	refail(r, id, &x.f, "results");
}

void page_plan_follow_up_conclude(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct follow_up_conclude_input in;
	int64_t id, new_plan = 0;
	if (!plan_id(r, &id))
		return;
	bool ok = form_read(r, &r->problem, follow_up_conclude_fields,
	                    follow_up_conclude_nfields, &f);
	follow_up_conclude_input_from(&f, &in);
	if (ok && follow_up_conclude(&ctx, id, &in, &new_plan)) {
		/* Revise: on to the revise form; a new plan: to it. */
		resp_redirect(r, strcmp(in.outcome, "revise") == 0
		                 ? sip_plan_url(r, id, "/revise")
		                 : new_plan
		                 ? sip_plan_url(r, new_plan, "?done=plan_created")
		                 : sip_plan_url(r, id, "?done=closed"));
		return;
	}
	refail(r, id, &f, "conclude");
}
