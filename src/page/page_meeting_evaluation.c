/*
 * page_meeting_evaluation.c — after a held meeting (issue 12):
 *   GET  /plans/{id}/meetings/{mid}/evaluation      a participant's form
 *   POST /plans/{id}/meetings/{mid}/evaluation      give or change it
 *   GET  /plans/{id}/meetings/{mid}/evaluations     all of them, summed
 *   GET  /plans/{id}/meetings/{mid}/feedback/paper  type in SIP-kollen
 *   POST /plans/{id}/meetings/{mid}/feedback/paper  from the paper form
 * The rules are in sip/evaluation.c and sip/feedback.c. A paper answer
 * is stored apart from the plan: after saving, the form comes back
 * empty with a plain "saved" — no id, no count, nothing of the answer.
 */
#include "page/page_meeting_evaluation.h"

#include <string.h>

#include "form/forms.h"
#include "http/html.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/evaluation.h"
#include "sip/feedback.h"

static const struct ui_option evaluation_labels[] = {
	{"unit_id", N_("För vilken enhet utvärderar du?")},
	{"individual_in_focus", N_("Var den enskilde i fokus under mötet?")},
	{"everyone_heard", N_("Kom alla till tals?")},
	{"worked_well", N_("Vad fungerade bra?")},
	{"do_differently", N_("Vad kan göras annorlunda?")},
	{NULL, NULL},
};

static const struct ui_option paper_labels[] = {
	{"listened", N_("Kände du att de lyssnade på dig?")},
	{"understood", N_("Förstod du vad ni bestämde?")},
	{"said_what_mattered", N_("Fick du säga det som var viktigt för dig?")},
	{"prepared", N_("Var mötet väl förberett?")},
	{"free_text", N_("Fritext från blanketten")},
	{NULL, NULL},
};

static const struct ui_option flashes[] = {
	{"evaluation_given", N_("Din utvärdering av mötet är sparad.")},
	{"evaluation_changed", N_("Din utvärdering av mötet är ändrad.")},
	{"paper_entered", N_("Svaren från blanketten är sparade. Du kan skriva "
	                     "in nästa blankett.")},
};

static const char *meeting_url(struct request *r, int64_t id, int64_t mid,
                               const char *rest)
{
	return arena_printf(&r->arena, "/plans/%lld/meetings/%lld%s",
	                    (long long)id, (long long)mid, rest);
}

static bool path_ids(struct request *r, struct ctx *ctx, int64_t *id,
                     int64_t *mid)
{
	if (req_path_id(r, "id", id) && req_path_id(r, "mid", mid))
		return true;
	return ctx_not_found(ctx);
}

static void link_para(struct request *r, const char *href, const char *text)
{
	html_raw(r, "<p><a href=\"");
	html_attr(r, href);
	html_raw(r, "\">");
	html_text(r, text);
	html_raw(r, "</a></p>");
}

static void meeting_lead(struct request *r, const char *date,
                         const char *start_time)
{
	html_raw(r, "<p class=\"lead\">");
	html_textf(r, R_(r, "Mötet den %s klockan %s."), date, start_time);
	html_raw(r, "</p>");
}

/* A scale question as a fieldset of radio buttons, 4 first. */
static void scale_group(struct request *r, const char *key, const char *legend,
                        const char *(*text)(int v, const char *lang),
                        const char *selected)
{
	struct ui_option options[FEEDBACK_NVALUES];
	for (int v = FEEDBACK_NVALUES - 1, k = 0; v >= 0; v--, k++)
		options[k] = (struct ui_option){arena_printf(&r->arena, "%d", v),
		                                text(v, r->lang)};
	ui_radio_group(r, key, legend, options, FEEDBACK_NVALUES, selected, NULL);
}

void page_feedback_questions(struct request *r, const struct form *typed,
                             const char *text_label, const char *text_hint)
{
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++) {
		const char *key = feedback_questions[q].key;
		scale_group(r, key, tr(r->lang, feedback_questions[q].text),
		            feedback_value_text,
		            typed ? ui_typed(r, typed, key) : NULL);
	}
	ui_textarea(r, "free_text", text_label,
	            typed ? ui_typed(r, typed, "free_text") : NULL, text_hint, 0, 5);
}

void plan_meeting_evaluation_links(struct request *r, const struct plan_view *v,
                                   const struct meeting *m)
{
	if (!m->held || m->cancelled_at)
		return;
	html_raw(r, "<ul class=\"meeting-after\"><li><a href=\"");
	html_attr(r, meeting_url(r, v->p->id, m->id, "/evaluation"));
	html_raw(r, "\">");
	html_text(r, R_(r, "Utvärdera mötet"));
	html_raw(r, "</a></li><li><a href=\"");
	html_attr(r, meeting_url(r, v->p->id, m->id, "/evaluations"));
	html_raw(r, "\">");
	html_text(r, R_(r, "Mötets utvärderingar"));
	html_raw(r, "</a></li>");
	if (v->p->may_lead) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, meeting_url(r, v->p->id, m->id, "/feedback/paper"));
		html_raw(r, "\">");
		html_text(r, R_(r, "Skriv in SIP-kollen från papper"));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul>");
}

/* ---- a participant's evaluation ---- */

static const char *own_value(struct request *r, const struct evaluation_meeting *m,
                             const struct form *typed, const char *key)
{
	if (typed)
		return ui_typed(r, typed, key);
	if (!m->have_own)
		return NULL;
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++)
		if (strcmp(key, evaluation_questions[q].key) == 0)
			return arena_printf(&r->arena, "%d", m->own.answers[q]);
	if (strcmp(key, "worked_well") == 0)
		return m->own.worked_well;
	if (strcmp(key, "do_differently") == 0)
		return m->own.do_differently;
	if (strcmp(key, "unit_id") == 0)
		return arena_printf(&r->arena, "%lld", (long long)m->own.unit_id);
	return NULL;
}

static void unit_choice(struct request *r, const struct evaluation_meeting *m,
                        const struct form *typed)
{
	const char *chosen = own_value(r, m, typed, "unit_id");
	if (m->nunits == 1) {
		ui_hidden(r, "unit_id",
		          arena_printf(&r->arena, "%lld",
		                       (long long)m->units[0].unit_id));
		return;
	}
	struct ui_option *options =
		arena_alloc(&r->arena, sizeof *options * (size_t)m->nunits);
	for (int i = 0; i < m->nunits; i++)
		options[i] = (struct ui_option){
			arena_printf(&r->arena, "%lld", (long long)m->units[i].unit_id),
			m->units[i].name};
	ui_radio_group(r, "unit_id", R_(r, "För vilken enhet utvärderar du?"),
	               options, m->nunits, chosen,
	               R_(r, "Du är med i planen genom flera enheter."));
}

static void evaluation_form(struct request *r, const struct evaluation_meeting *m,
                            const struct form *typed)
{
	layout_begin(r, R_(r, "Utvärdera mötet"), NAV_WORK);
	meeting_lead(r, m->date, m->start_time);
	html_raw(r, "<p>");
	html_text(r, m->have_own
	             ? R_(r, "Du har utvärderat mötet. Här kan du ändra din "
	                     "utvärdering.")
	             : R_(r, "Alla som deltog i mötet utvärderar det, var för "
	                     "sig. Utvärderingen kan läsas av alla som är med "
	                     "i planen. Skriv inga nya uppgifter om den "
	                     "enskilde här."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, evaluation_labels);
	ui_form_begin(r, meeting_url(r, m->plan_id, m->meeting_id, "/evaluation"));
	unit_choice(r, m, typed);
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++) {
		const char *key = evaluation_questions[q].key;
		scale_group(r, key, tr(r->lang, evaluation_questions[q].text),
		            evaluation_value_text, own_value(r, m, typed, key));
	}
	ui_textarea(r, "worked_well", R_(r, "Vad fungerade bra?"),
	            own_value(r, m, typed, "worked_well"),
	            R_(r, "Till exempel förberedelserna, samtalet, "
	                  "överenskommelserna."), 0, 4);
	ui_textarea(r, "do_differently", R_(r, "Vad kan göras annorlunda?"),
	            own_value(r, m, typed, "do_differently"),
	            R_(r, "Vad skulle göra nästa möte bättre?"), 0, 4);
	ui_submit(r, m->have_own ? R_(r, "Spara ändringen")
	                         : R_(r, "Spara utvärderingen"));
	ui_form_end(r);
	link_para(r, meeting_url(r, m->plan_id, m->meeting_id, "/evaluations"),
	          R_(r, "Mötets utvärderingar"));
	link_para(r, sip_plan_url(r, m->plan_id, "#meetings"),
	          R_(r, "Tillbaka till planen"));
	layout_end(r);
}

/* The meeting, and that the caller may evaluate it; false with the
 * problem (an error page) otherwise. */
static bool evaluation_load(struct request *r, struct ctx *ctx, int64_t *id,
                            int64_t *mid, struct evaluation_meeting *m)
{
	return path_ids(r, ctx, id, mid) &&
	       evaluation_meeting_get(ctx, *id, *mid, m) &&
	       evaluation_require_evaluator(ctx, m);
}

void page_meeting_evaluation(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct evaluation_meeting m;
	if (!evaluation_load(r, &ctx, &id, &mid, &m)) {
		page_problem(r, &r->problem);
		return;
	}
	evaluation_form(r, &m, NULL);
}

void page_meeting_evaluation_post(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid, eid;
	struct evaluation_meeting m;
	if (!evaluation_load(r, &ctx, &id, &mid, &m)) {
		page_problem(r, &r->problem);
		return;
	}
	struct form f;
	bool read = form_read(r, &r->problem, evaluation_fields,
	                      evaluation_nfields, &f);
	struct evaluation_input in;
	evaluation_input_from(&f, &in);
	bool changed;
	if (read && evaluation_give(&ctx, id, mid, &in, &eid, &changed)) {
		resp_redirect(r, meeting_url(r, id, mid,
		                             changed ? "/evaluations?done="
		                                       "evaluation_changed"
		                                     : "/evaluations?done="
		                                       "evaluation_given"));
		return;
	}
	if (r->problem.kind != PROBLEM_INVALID) {
		page_problem(r, &r->problem);
		return;
	}
	r->status = problem_http_status(r->problem.kind);
	evaluation_form(r, &m, &f);
}

/* ---- the meeting's evaluations ---- */

/* "2,5" in Swedish, "2.5" in English. */
static const char *average_text(struct request *r, int sum, int n)
{
	char *s = arena_printf(&r->arena, "%.1f", (double)sum / n);
	char *dot = strchr(s, '.');
	if (dot && strcmp(r->lang, "en") != 0)
		*dot = ',';
	return s;
}

static void summary_table(struct request *r, const struct evaluation_list *l)
{
	ui_table_region(r, "answers-caption");
	html_raw(r, "<table class=\"feedback\"><caption id=\"answers-caption\">");
	html_text(r, R_(r, "Svar per fråga"));
	html_raw(r, "</caption><thead><tr>");
	ui_th(r, R_(r, "Fråga"));
	for (int v = EVALUATION_NVALUES - 1; v >= 0; v--)
		ui_th(r, evaluation_value_text(v, r->lang));
	ui_th(r, R_(r, "Medel (1–4)"));
	html_raw(r, "</tr></thead><tbody>");
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++) {
		html_raw(r, "<tr><th scope=\"row\">");
		html_text(r, tr(r->lang, evaluation_questions[q].text));
		html_raw(r, "</th>");
		for (int v = EVALUATION_NVALUES - 1; v >= 0; v--) {
			html_raw(r, "<td class=\"num\">");
			html_int(r, l->counts[q][v]);
			html_raw(r, "</td>");
		}
		html_raw(r, "<td class=\"num\">");
		html_text(r, l->rated[q] ? average_text(r, l->sum[q], l->rated[q]) : "–");
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void evaluation_item(struct request *r, const struct evaluation *e)
{
	html_raw(r, "<li><h3>");
	html_textf(r, R_(r, "%s, %s"), e->user_name ? e->user_name : "",
	           e->unit_name ? e->unit_name : "");
	html_raw(r, "</h3><p class=\"muted\">");
	html_text(r, ui_date(r, e->created_at));
	html_raw(r, "</p><dl class=\"facts\">");
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++) {
		html_raw(r, "<dt>");
		html_text(r, tr(r->lang, evaluation_questions[q].text));
		html_raw(r, "</dt><dd>");
		html_text(r, evaluation_value_text(e->answers[q], r->lang));
		html_raw(r, "</dd>");
	}
	html_raw(r, "<dt>");
	html_text(r, R_(r, "Vad fungerade bra?"));
	html_raw(r, "</dt><dd class=\"text\">");
	html_text(r, e->worked_well ? e->worked_well : "–");
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Vad kan göras annorlunda?"));
	html_raw(r, "</dt><dd class=\"text\">");
	html_text(r, e->do_differently ? e->do_differently : "–");
	html_raw(r, "</dd></dl></li>");
}

void page_meeting_evaluations(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct evaluation_list l;
	if (!path_ids(r, &ctx, &id, &mid) ||
	    !evaluation_list_get(&ctx, id, mid, &l)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, R_(r, "Mötets utvärderingar"), NAV_WORK);
	page_flash_from(r, flashes, sizeof flashes / sizeof *flashes);
	meeting_lead(r, l.date, l.start_time);
	if (!l.held) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Mötet har inte hållits. Det utvärderas när "
		                   "det har hållits."));
		html_raw(r, "</p>");
	}
	html_raw(r, "<p role=\"status\">");
	html_textf(r, R_(r, "Antal utvärderingar: %d"), l.n);
	html_raw(r, "</p>");
	if (l.n > 0) {
		summary_table(r, &l);
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Var och ens utvärdering"));
		html_raw(r, "</h2><ul class=\"evaluation-list\">");
		for (int i = 0; i < l.n; i++)
			evaluation_item(r, &l.items[i]);
		html_raw(r, "</ul>");
	}
	if (l.held)
		link_para(r, meeting_url(r, id, mid, "/evaluation"),
		          R_(r, "Utvärdera mötet"));
	link_para(r, sip_plan_url(r, id, "#meetings"),
	          R_(r, "Tillbaka till planen"));
	layout_end(r);
}

/* ---- SIP-kollen from paper ---- */

static void paper_form(struct request *r, const struct feedback_paper_meeting *m,
                       const struct form *typed)
{
	layout_begin(r, R_(r, "Skriv in SIP-kollen från papper"), NAV_WORK);
	page_flash_from(r, flashes, sizeof flashes / sizeof *flashes);
	meeting_lead(r, m->date, m->start_time);
	html_raw(r, "<p>");
	html_text(r, R_(r, "Skriv in en ifylld blankett i taget, som den är "
	                   "ifylld. Svaren sparas utan namn och kan inte "
	                   "kopplas till planen, mötet eller den som svarade. "
	                   "Har en fråga inget svar på blanketten, välj ”Vill "
	                   "inte svara”."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, paper_labels);
	ui_form_begin(r, meeting_url(r, m->plan_id, m->meeting_id,
	                             "/feedback/paper"));
	page_feedback_questions(r, typed, R_(r, "Fritext från blanketten"),
	                        R_(r, "Skriv av det som står på blanketten. "
	                              "Skriv inte av namn eller annat som "
	                              "pekar ut någon."));
	ui_submit(r, R_(r, "Spara svaren"));
	ui_form_end(r);
	link_para(r, sip_plan_url(r, m->plan_id, "#meetings"),
	          R_(r, "Tillbaka till planen"));
	layout_end(r);
}

void page_meeting_paper_feedback(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct feedback_paper_meeting m;
	if (!path_ids(r, &ctx, &id, &mid) ||
	    !feedback_paper_meeting_get(&ctx, id, mid, &m)) {
		page_problem(r, &r->problem);
		return;
	}
	paper_form(r, &m, NULL);
}

void page_meeting_paper_feedback_post(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct feedback_paper_meeting m;
	if (!path_ids(r, &ctx, &id, &mid) ||
	    !feedback_paper_meeting_get(&ctx, id, mid, &m)) {
		page_problem(r, &r->problem);
		return;
	}
	struct form f;
	bool read = form_read(r, &r->problem, feedback_fields, feedback_nfields,
	                      &f);
	struct feedback_input in;
	feedback_input_from(&f, &in);
	if (read && feedback_enter_paper(&ctx, id, mid, &in)) {
		resp_redirect(r, meeting_url(r, id, mid,
		                             "/feedback/paper?done=paper_entered"));
		return;
	}
	if (r->problem.kind != PROBLEM_INVALID) {
		page_problem(r, &r->problem);
		return;
	}
	r->status = problem_http_status(r->problem.kind);
	paper_form(r, &m, &f);
}
