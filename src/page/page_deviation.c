/*
 * page_deviation.c — deviations in the collaboration (sip/deviation.h):
 *
 *   GET  /plans/{id}/deviations/new   the report form (prefilled from a
 *                                     suggestion: ?kind=&unit_id=&
 *                                     suggestion=&invitation_id=)
 *   POST /plans/{id}/deviations/new   report it
 *   GET  /deviations                  against my units, reported by them
 *   GET  /deviations/{id}             facts, progress, the next step's form
 *   POST /deviations/{id}/{step}      receive, investigate, answer, close
 *
 * and the plan page's section: the plan's deviations the caller sees,
 * "Rapportera avvikelse", and samplan's suggestions ("Föreslagen
 * avvikelse"), each a link that opens the form prefilled — a person
 * decides to report.
 *
 * A refused form is shown again at once with what was typed, the errors
 * next to the fields and summarised at the top (422, or 409 for a step
 * the state does not allow); not-found and forbidden are error pages.
 */
#include <string.h>

#include "form/forms.h"
#include "http/html.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/deviation.h"

static const struct ui_option field_labels[] = {
	{"kind", N_("Sort av avvikelse")},
	{"unit_id", N_("Part")},
	{"description", N_("Beskrivning")},
	{"suggestion", N_("Förslag")},
	{"invitation_id", N_("Kallelse")},
	{"handler_user_id", N_("Handläggare")},
	{"text", N_("Text")},
	{NULL, NULL},
};

static const struct ui_option flashes[] = {
	{"reported", N_("Avvikelsen är rapporterad. Enheten den gäller ser den "
	                "i sin arbetslista.")},
	{"receive", N_("Avvikelsen är mottagen och har en handläggare.")},
	{"investigate", N_("Avvikelsen utreds.")},
	{"answer", N_("Svaret är registrerat.")},
	{"close", N_("Avvikelsen är avslutad med åtgärder.")},
};

static const char *deviation_url(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/deviations/%lld", (long long)id);
}

static void state_badge(struct request *r, const struct deviation *x)
{
	ui_badge(r, x->state == DEVIATION_CLOSED ? "state done" : "state",
	         deviation_state_label(x->state, r->lang));
	if (x->overdue) {
		html_raw(r, " ");
		ui_badge(r, "missing", R_(r, "Svaret är försenat"));
	}
}

static void person_of(struct request *r, const struct deviation *x)
{
	if (!x->person_shown) {
		html_text(r, R_(r, "Personuppgifterna visas bara för den som ser "
		                   "planen."));
		return;
	}
	html_text(r, x->person_name);
	html_raw(r, " <span class=\"pnr\">");
	html_text(r, sip_pnr(r, x->personnummer));
	html_raw(r, "</span>");
	sip_protected_badge(r, x->protected_identity);
}

void sip_deviation_item(struct request *r, const struct deviation *x)
{
	html_raw(r, "<a href=\"");
	html_attr(r, deviation_url(r, x->id));
	html_raw(r, "\">");
	html_text(r, deviation_kind_label(x->kind, r->lang));
	html_raw(r, "</a><br>");
	html_textf(r, R_(r, "Mot %s, rapporterad %s av %s."), x->unit_name,
	           ui_date(r, x->reported_at), x->reporter_unit_name);
	html_raw(r, " ");
	state_badge(r, x);
	html_raw(r, " ");
	html_textf(r, R_(r, "Svar senast %s."), x->answer_due);
	html_raw(r, "<br><span class=\"muted\">");
	person_of(r, x);
	html_raw(r, "</span>");
}

static void item_list(struct request *r, const struct deviation *rows, int n,
                      const char *empty)
{
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, empty);
		html_raw(r, "</p>");
		return;
	}
	html_raw(r, "<ul class=\"work-items\">");
	for (int i = 0; i < n; i++) {
		html_raw(r, "<li>");
		sip_deviation_item(r, &rows[i]);
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul>");
}

/* ---- the plan page's section ---- */

static const char *new_url(struct request *r, int64_t plan_id,
                           const struct deviation_suggestion *s)
{
	if (!s)
		return sip_plan_url(r, plan_id, "/deviations/new");
	return arena_printf(&r->arena,
	                    "/plans/%lld/deviations/new?kind=%s&unit_id=%lld"
	                    "&suggestion=%s&invitation_id=%lld",
	                    (long long)plan_id, s->kind, (long long)s->unit_id,
	                    s->suggestion, (long long)s->invitation_id);
}

static void suggestion_item(struct request *r, int64_t plan_id,
                            const struct deviation_suggestion *s)
{
	html_raw(r, "<li><strong>");
	html_text(r, R_(r, "Föreslagen avvikelse"));
	html_raw(r, "</strong><br>");
	if (s->invitation_id)
		html_textf(r, R_(r, "%s har inte svarat på kallelsen till mötet %s, "
		                    "som har hållits."), s->unit_name, s->date);
	else
		html_textf(r, R_(r, "Uppföljningen %s är mer än 30 dagar försenad "
		                    "(%s leder planen)."), s->date, s->unit_name);
	html_raw(r, " ");
	html_text(r, R_(r, "samplan rapporterar ingenting själv: du bestämmer."));
	html_raw(r, "<div class=\"actions\"><a class=\"button secondary\" href=\"");
	html_attr(r, new_url(r, plan_id, s));
	html_raw(r, "\">");
	html_text(r, R_(r, "Rapportera den här avvikelsen"));
	html_raw(r, "<span class=\"visually-hidden\"> ");
	html_textf(r, R_(r, "mot %s"), s->unit_name);
	html_raw(r, "</span></a></div></li>");
}

void plan_deviation_section(struct request *r, const struct plan_view *v)
{
	struct ctx ctx = page_ctx(r);
	struct deviation *rows;
	struct deviation_suggestion *sug;
	int n = 0, nsug = 0;
	struct problem saved = r->problem;
	r->problem = (struct problem){0};
	bool ok = deviation_list_plan(&ctx, v->p->id, &rows, &n);
	r->problem = saved;
	if (ok)
		deviation_suggestions(&ctx, v->p, rows, n, &sug, &nsug);
	html_raw(r, "<section aria-labelledby=\"deviations-h\">"
	            "<h2 id=\"deviations-h\">");
	html_text(r, R_(r, "Avvikelser i samverkan"));
	html_raw(r, "</h2>");
	if (!ok) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Avvikelserna kunde inte läsas just nu."));
		html_raw(r, "</p></section>");
		return;
	}
	if (nsug) {
		html_raw(r, "<ul class=\"work-items\">");
		for (int i = 0; i < nsug; i++)
			suggestion_item(r, v->p->id, &sug[i]);
		html_raw(r, "</ul>");
	}
	item_list(r, rows, n, R_(r, "Inga avvikelser som din enhet ser."));
	html_raw(r, "<p><a href=\"");
	html_attr(r, new_url(r, v->p->id, NULL));
	html_raw(r, "\">");
	html_text(r, R_(r, "Rapportera avvikelse"));
	html_raw(r, "</a></p></section>");
}

/* ---- the report form ---- */

static void report_form(struct request *r, const struct deviation_form *df,
                        const struct form *f)
{
	/* Nothing posted: the suggestion's values from the query. */
	const char *kind = f ? ui_typed(r, f, "kind") : req_query(r, "kind");
	const char *unit = f ? ui_typed(r, f, "unit_id") : req_query(r, "unit_id");
	const char *sug = f ? ui_typed(r, f, "suggestion")
	                    : req_query(r, "suggestion");
	const char *inv = f ? ui_typed(r, f, "invitation_id")
	                    : req_query(r, "invitation_id");
	const char *name = df->person_name ? df->person_name : "";
	layout_begin(r, arena_printf(&r->arena, R_(r, "Rapportera avvikelse för "
	                                              "SIP för %s"), name),
	             NAV_WORK);
	html_raw(r, "<p>");
	html_text(r, sip_pnr(r, df->personnummer));
	sip_protected_badge(r, df->protected_identity);
	html_raw(r, " <a href=\"");
	html_attr(r, sip_plan_url(r, df->plan_id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></p>");
	ui_error_summary(r, &r->problem, field_labels);
	if (sug && *sug) {
		html_raw(r, "<p class=\"lead\">");
		html_text(r, R_(r, "samplan föreslog den här avvikelsen utifrån "
		                   "planens uppgifter. Den rapporteras bara om du "
		                   "skickar formuläret."));
		html_raw(r, "</p>");
	}
	if (df->nparties == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Planen har ingen annan part än din enhet att "
		                   "rapportera en avvikelse mot."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	ui_form_begin(r, sip_plan_url(r, df->plan_id, "/deviations/new"));
	struct ui_option kinds[8];
	int nk = 0;
	for (; nk < 8 && deviation_kinds[nk]; nk++)
		kinds[nk] = (struct ui_option){deviation_kinds[nk],
		                               deviation_kind_label(deviation_kinds[nk],
		                                                    r->lang)};
	ui_radio_group(r, "kind", R_(r, "Vilken sorts avvikelse?"), kinds, nk, kind,
	               NULL);
	struct ui_option *parties = arena_array(&r->arena, struct ui_option,
	                                        (size_t)df->nparties);
	for (int i = 0; i < df->nparties; i++)
		parties[i] = (struct ui_option){
			sip_id(r, df->parties[i].unit_id),
			arena_printf(&r->arena, "%s (%s)", df->parties[i].name,
			             df->parties[i].principal_name
			                     ? df->parties[i].principal_name : ""),
		};
	ui_select(r, "unit_id", R_(r, "Vilken part gäller avvikelsen?"), parties,
	          df->nparties, unit, R_(r, "Välj part"), UI_REQUIRED);
	ui_textarea(r, "description", R_(r, "Beskriv avvikelsen"),
	            f ? ui_typed(r, f, "description") : NULL,
	            R_(r, "Vad hände, och när? Skriv inte den enskildes namn eller "
	                  "personnummer – planen anger redan vem det gäller – och "
	                  "inga fler personuppgifter än som behövs: både din och "
	                  "den andra partens enhet läser avvikelsen."),
	            UI_REQUIRED, 6);
	if (sug && *sug)
		ui_hidden(r, "suggestion", sug);
	if (inv && *inv && strcmp(inv, "0") != 0)
		ui_hidden(r, "invitation_id", inv);
	ui_submit(r, R_(r, "Rapportera avvikelsen"));
	ui_form_end(r);
	layout_end(r);
}

static bool path_id(struct request *r, struct ctx *ctx, int64_t *id)
{
	if (req_path_id(r, "id", id))
		return true;
	ctx_not_found(ctx);
	page_problem(r, &r->problem);
	return false;
}

/* The form again after a refusal, keeping r's problem. */
static void report_refail(struct request *r, int64_t plan_id,
                          const struct form *f)
{
	if (sip_refused(r))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem, scratch = {0};
	struct ctx ctx = page_ctx(r);
	struct deviation_form df;
	ctx.problem = &scratch;
	if (!deviation_form_get(&ctx, plan_id, &df)) {
		page_problem(r, &scratch);
		return;
	}
	r->problem = kept;
	report_form(r, &df, f);
	r->status = status;
}

void page_deviation_new(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct deviation_form df;
	int64_t id;
	if (!path_id(r, &ctx, &id))
		return;
	if (!deviation_form_get(&ctx, id, &df)) {
		page_problem(r, &r->problem);
		return;
	}
	report_form(r, &df, NULL);
}

void page_deviation_create(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct deviation_input in;
	int64_t id, dev;
	if (!path_id(r, &ctx, &id))
		return;
	bool read = form_read(r, &r->problem, deviation_fields, deviation_nfields,
	                      &f);
	deviation_input_from(&f, &in);
	if (read && deviation_report(&ctx, id, &in, &dev)) {
		resp_redirect(r, arena_printf(&r->arena, "%s?done=reported",
		                              deviation_url(r, dev)));
		return;
	}
	report_refail(r, id, &f);
}

/* ---- one deviation ---- */

static void facts(struct request *r, const struct deviation *x)
{
	html_raw(r, "<dl class=\"facts\"><dt>");
	html_text(r, R_(r, "Plan"));
	html_raw(r, "</dt><dd>");
	if (x->person_shown) {
		html_raw(r, "<a href=\"");
		html_attr(r, sip_plan_url(r, x->plan_id, "#deviations-h"));
		html_raw(r, "\">");
		html_textf(r, R_(r, "SIP för %s"), x->person_name);
		html_raw(r, "</a> <span class=\"pnr\">");
		html_text(r, sip_pnr(r, x->personnummer));
		html_raw(r, "</span>");
		sip_protected_badge(r, x->protected_identity);
	} else {
		person_of(r, x);
	}
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Läge"));
	html_raw(r, "</dt><dd>");
	state_badge(r, x);
	html_raw(r, "</dd>");
	sip_fact(r, R_(r, "Sort"), deviation_kind_label(x->kind, r->lang));
	sip_fact(r, R_(r, "Gäller"), arena_printf(&r->arena, "%s (%s)", x->unit_name,
	                                      x->principal_name));
	sip_fact(r, R_(r, "Rapporterad"),
	     arena_printf(&r->arena, R_(r, "%s av %s, %s"),
	                  ui_date(r, x->reported_at), x->reported_by_name,
	                  x->reporter_unit_name));
	sip_fact(r, R_(r, "Svar senast"), x->answer_due);
	sip_fact(r, R_(r, "Handläggare"), x->handler_name);
	sip_fact(r, R_(r, "Beskrivning"), x->description);
	sip_fact(r, R_(r, "Svar"), x->answer);
	sip_fact(r, R_(r, "Åtgärder"), x->measures);
	html_raw(r, "</dl>");
}

static void timeline(struct request *r, const struct deviation *x)
{
	html_raw(r, "<h2 id=\"progress-h\">");
	html_text(r, R_(r, "Så har avvikelsen gått vidare"));
	html_raw(r, "</h2><ol class=\"timeline\">");
	for (int i = 0; i < x->nevents; i++) {
		const struct deviation_event *e = &x->events[i];
		html_raw(r, "<li><strong>");
		html_text(r, deviation_state_label(e->state, r->lang));
		html_raw(r, "</strong> ");
		html_textf(r, R_(r, "%s, %s"), ui_datetime(r, e->at),
		           e->by_name ? e->by_name : "");
		if (e->note) {
			html_raw(r, "<br>");
			sip_text(r, e->note);
		}
		html_raw(r, "</li>");
	}
	html_raw(r, "</ol>");
}

static void step_form(struct request *r, const struct deviation *x,
                      const struct form *f)
{
	enum deviation_step step = DEVIATION_NSTEPS;
	for (int s = 0; s < DEVIATION_NSTEPS; s++)
		if (x->may & (1u << s))
			step = (enum deviation_step)s;
	html_raw(r, "<h2 id=\"next-h\">");
	html_text(r, R_(r, "Nästa steg"));
	html_raw(r, "</h2>");
	if (step == DEVIATION_NSTEPS) {
		html_raw(r, "<p>");
		if (x->state == DEVIATION_CLOSED)
			html_text(r, R_(r, "Avvikelsen är avslutad med åtgärder."));
		else if (!x->party_mine)
			html_textf(r, R_(r, "%s hanterar avvikelsen. Här ser du hur "
			                    "den går vidare."), x->unit_name);
		else
			html_textf(r, R_(r, "Handläggaren (%s) eller en "
			                    "enhetsadministratör tar avvikelsen "
			                    "vidare."),
			           x->handler_name ? x->handler_name : "");
		html_raw(r, "</p>");
		return;
	}
	ui_form_begin(r, arena_printf(&r->arena, "%s/%s", deviation_url(r, x->id),
	                              deviation_step_name(step)));
	const char *text = f ? ui_typed(r, f, "text") : NULL;
	switch (step) {
	case DEVIATION_RECEIVE: {
		struct ui_option *opts = arena_array(&r->arena, struct ui_option,
		                                     (size_t)x->nhandlers + 1);
		for (int i = 0; i < x->nhandlers; i++)
			opts[i] = (struct ui_option){sip_id(r, x->handlers[i].id),
			                             x->handlers[i].full_name};
		ui_select(r, "handler_user_id", R_(r, "Handläggare"), opts,
		          x->nhandlers, f ? ui_typed(r, f, "handler_user_id")
		                          : sip_id(r, r->user->id),
		          R_(r, "Välj handläggare"), UI_REQUIRED);
		ui_textarea(r, "text", R_(r, "Anteckning (frivillig)"), text, NULL,
		            0, 3);
		ui_submit(r, R_(r, "Ta emot avvikelsen"));
		break;
	}
	case DEVIATION_INVESTIGATE:
		ui_textarea(r, "text", R_(r, "Anteckning (frivillig)"), text,
		            R_(r, "Till exempel vem som utreder och hur."), 0, 3);
		ui_submit(r, R_(r, "Börja utreda"));
		break;
	case DEVIATION_ANSWER:
		ui_textarea(r, "text", R_(r, "Enhetens svar"), text,
		            R_(r, "Vad utredningen visade. Svaret läses av den "
		                  "enhet som rapporterade."), UI_REQUIRED, 5);
		ui_submit(r, R_(r, "Skicka svaret"));
		break;
	case DEVIATION_CLOSE:
		ui_textarea(r, "text", R_(r, "Åtgärder"), text,
		            R_(r, "Vad enheten har gjort eller ändrat så att det inte "
		                  "händer igen."), UI_REQUIRED, 5);
		ui_submit(r, R_(r, "Avsluta med åtgärder"));
		break;
	case DEVIATION_NSTEPS:
		break;
	}
	ui_form_end(r);
}

static void detail_page(struct request *r, const struct deviation *x,
                        const struct form *f)
{
	layout_begin(r, arena_printf(&r->arena, R_(r, "Avvikelse: %s"),
	                             deviation_kind_label(x->kind, r->lang)),
	             NAV_WORK);
	page_flash_from(r, flashes, sizeof flashes / sizeof *flashes);
	ui_error_summary(r, &r->problem, field_labels);
	facts(r, x);
	step_form(r, x, f);
	timeline(r, x);
	html_raw(r, "<p><a href=\"/deviations\">");
	html_text(r, R_(r, "Alla avvikelser"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_deviation(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct deviation x;
	int64_t id;
	if (!path_id(r, &ctx, &id))
		return;
	if (!deviation_get(&ctx, id, &x)) {
		page_problem(r, &r->problem);
		return;
	}
	detail_page(r, &x, NULL);
}

void page_deviation_step(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct deviation_step_input in;
	enum deviation_step step;
	int64_t id;
	if (!path_id(r, &ctx, &id))
		return;
	if (!deviation_step_parse(req_path_arg(r, "step"), &step)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool read = form_read(r, &r->problem, deviation_step_fields,
	                      deviation_step_nfields, &f);
	deviation_step_input_from(&f, &in);
	if (read && deviation_advance(&ctx, id, step, &in)) {
		resp_redirect(r, arena_printf(&r->arena, "%s?done=%s",
		                              deviation_url(r, id),
		                              deviation_step_name(step)));
		return;
	}
	if (sip_refused(r)) /* a CONFLICT is shown on the page, with the form */
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem, scratch = {0};
	struct deviation x;
	ctx.problem = &scratch;
	if (!deviation_get(&ctx, id, &x)) {
		page_problem(r, &scratch);
		return;
	}
	r->problem = kept;
	detail_page(r, &x, &f);
	r->status = status;
}

/* ---- the list ---- */

void page_deviations(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct deviation *rows;
	int n;
	if (!deviation_list_mine(&ctx, &rows, &n)) {
		page_problem(r, &r->problem);
		return;
	}
	struct deviation *against = arena_array(&r->arena, struct deviation,
	                                        (size_t)n + 1);
	struct deviation *reported = arena_array(&r->arena, struct deviation,
	                                         (size_t)n + 1);
	int na = 0, nr = 0;
	for (int i = 0; i < n; i++) {
		if (rows[i].party_mine)
			against[na++] = rows[i];
		if (rows[i].reporter_mine)
			reported[nr++] = rows[i];
	}
	layout_begin(r, R_(r, "Avvikelser i samverkan"), NAV_WORK);
	html_raw(r, "<section aria-labelledby=\"against-h\"><h2 id=\"against-h\">");
	html_text(r, R_(r, "Avvikelser mot dina enheter"));
	html_raw(r, "</h2>");
	item_list(r, against, na, R_(r, "Inga avvikelser har rapporterats mot "
	                                "dina enheter."));
	html_raw(r, "</section><section aria-labelledby=\"reported-h\">"
	            "<h2 id=\"reported-h\">");
	html_text(r, R_(r, "Avvikelser som dina enheter har rapporterat"));
	html_raw(r, "</h2>");
	item_list(r, reported, nr, R_(r, "Dina enheter har inte rapporterat "
	                                 "några avvikelser."));
	html_raw(r, "</section>");
	layout_end(r);
}
