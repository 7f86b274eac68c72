/*
 * page_plan_compare.c — two established versions of a plan side by side
 * (GET /plans/{id}/versions/compare?from=1&to=2): which goals and
 * interventions are new, changed or ended, in plain Swedish, so the
 * individual can read it with the plan in hand. The comparison itself
 * is plan_version_compare (src/sip/plan_compare.c): the same access
 * check and field filtering as a plan read, so what the caller may not
 * see is not shown here either. The form to choose two versions is
 * plan_compare_form, also shown on the plan page.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/plan.h"

static const struct ui_option compare_labels[] = {
	{"from", N_("Från version")},
	{"to", N_("Till version")},
	{NULL, NULL},
};

void plan_compare_form(struct request *r, const struct plan *p, int from,
                       int to)
{
	if (p->nversions < 2)
		return;
	struct ui_option *opts = arena_array(&r->arena, struct ui_option,
	                                     (size_t)p->nversions);
	for (int i = 0; i < p->nversions; i++) {
		opts[i].value = arena_printf(&r->arena, "%d",
		                             p->versions[i].version_no);
		opts[i].label = arena_printf(&r->arena, R_(r, "Version %d, %s"),
		                             p->versions[i].version_no,
		                             ui_date(r, p->versions[i].established_at));
		if (!p->versions[i].approved)
			opts[i].label = arena_printf(&r->arena, "%s (%s)", opts[i].label,
			                             R_(r, "förslag"));
	}
	if (from < 1)
		from = p->versions[p->nversions - 2].version_no;
	if (to < 1)
		to = p->versions[p->nversions - 1].version_no;
	html_raw(r, "<form method=\"get\" action=\"");
	html_attr(r, sip_plan_url(r, p->id, "/versions/compare"));
	html_raw(r, "\" class=\"compare\" novalidate>");
	ui_select(r, "from", R_(r, "Från version"), opts, p->nversions,
	          arena_printf(&r->arena, "%d", from), NULL, 0);
	ui_select(r, "to", R_(r, "Till version"), opts, p->nversions,
	          arena_printf(&r->arena, "%d", to), NULL, 0);
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button secondary\">");
	html_text(r, R_(r, "Jämför versionerna"));
	html_raw(r, "</button></div></form>");
}

/* A version number from the query: 0 when absent, -1 when not a number
 * (plan_version_compare says what to fix). */
static int version_arg(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (!v || !*v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > 1000000 ? -1 : (int)n;
}

static const char *change_label(struct request *r, enum version_change c)
{
	switch (c) {
	case VERSION_ADDED:
		return R_(r, "Nytt");
	case VERSION_CHANGED:
		return R_(r, "Ändrat");
	case VERSION_REMOVED:
		return R_(r, "Avslutat");
	case VERSION_SAME:
		break;
	}
	return R_(r, "Som förut");
}

static void change_cell(struct request *r, enum version_change c)
{
	html_raw(r, "<td><span class=\"change change-");
	html_attr(r, version_change_name(c));
	html_raw(r, "\">");
	html_text(r, change_label(r, c));
	html_raw(r, "</span></td>");
}

static const char *goal_kind_label(struct request *r, const char *kind)
{
	return kind && strcmp(kind, "overall") == 0 ? R_(r, "Övergripande mål")
	                                            : R_(r, "Delmål");
}

static void goal_cell(struct request *r, const struct goal *g)
{
	html_raw(r, "<td class=\"text\">");
	if (!g) {
		html_text(r, "–");
	} else {
		html_text(r, g->text);
		html_raw(r, "<br><span class=\"muted\">");
		html_text(r, goal_kind_label(r, g->kind));
		html_raw(r, "</span>");
	}
	html_raw(r, "</td>");
}

/* One line "Label: value" in an intervention's cell. */
static void line(struct request *r, const char *label, const char *value)
{
	if (!value)
		return;
	html_raw(r, "<br><span class=\"muted\">");
	html_text(r, label);
	html_raw(r, ":</span> ");
	html_text(r, value);
}

static void intervention_cell(struct request *r, const struct intervention *x)
{
	html_raw(r, "<td class=\"text\">");
	if (!x) {
		html_text(r, "–");
		html_raw(r, "</td>");
		return;
	}
	html_raw(r, "<strong>");
	html_text(r, x->withheld ? sip_withheld(r, x->category) : x->what);
	html_raw(r, "</strong>");
	line(r, R_(r, "Ansvarar"), x->responsible_name ? x->responsible_name
	                                               : x->responsible_unit_name);
	line(r, R_(r, "Mål"), x->goal_text);
	if (!x->withheld) {
		line(r, R_(r, "När"), x->timing);
		line(r, R_(r, "Hur ofta"), x->frequency);
		line(r, R_(r, "Startdatum"), x->start_date);
		line(r, R_(r, "Slutdatum"), x->end_date);
		line(r, R_(r, "Kontaktperson"), x->contact_name);
	}
	html_raw(r, "</td>");
}

static const char *field_label(struct request *r, const char *f)
{
	static const struct ui_option labels[] = {
		{"responsible", N_("vem som ansvarar")},
		{"goal", N_("målet")},
		{"contact_name", N_("kontaktperson")},
		{"frequency", N_("hur ofta")},
		{"timing", N_("när")},
		{"start_date", N_("startdatum")},
		{"end_date", N_("slutdatum")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].value, f) == 0)
			return R_(r, labels[i].label);
	return f;
}

/* "Version 2", and for a revision not yet approved that it is only a
 * proposal (follow_up.h). */
static void version_heading(struct request *r, const struct plan_version *v)
{
	html_textf(r, R_(r, "Version %d"), v->version_no);
	if (!v->approved)
		html_textf(r, " (%s)", R_(r, "Förslag – väntar på godkännande"));
}

static void table_head(struct request *r, const char *id,
                       const struct version_diff *d)
{
	sip_table_begin(r, id, "compare");
	html_raw(r, "<thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Förändring"));
	html_raw(r, "</th><th scope=\"col\">");
	version_heading(r, &d->from);
	html_raw(r, "</th><th scope=\"col\">");
	version_heading(r, &d->to);
	html_raw(r, "</th></tr></thead><tbody>");
}

static void goals_table(struct request *r, const struct version_diff *d)
{
	sip_heading(r, 2, R_(r, "Mål"), "compare-goals");
	table_head(r, "compare-goals", d);
	for (int i = 0; i < d->ngoals; i++) {
		const struct goal_diff *g = &d->goals[i];
		html_raw(r, "<tr>");
		change_cell(r, g->change);
		goal_cell(r, g->from);
		goal_cell(r, g->to);
		html_raw(r, "</tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void interventions_table(struct request *r, const struct version_diff *d)
{
	sip_heading(r, 2, R_(r, "Insatser: vad som görs och vem som ansvarar"),
	            "compare-interventions");
	table_head(r, "compare-interventions", d);
	for (int i = 0; i < d->ninterventions; i++) {
		const struct intervention_diff *x = &d->interventions[i];
		html_raw(r, "<tr>");
		html_raw(r, "<td><span class=\"change change-");
		html_attr(r, version_change_name(x->change));
		html_raw(r, "\">");
		html_text(r, change_label(r, x->change));
		html_raw(r, "</span>");
		if (x->nfields) {
			struct buf what;
			buf_init(&what, 1024);
			for (int k = 0; k < x->nfields; k++)
				buf_printf(&what, "%s%s", k ? ", " : "",
				           field_label(r, x->fields[k]));
			html_raw(r, "<br><span class=\"muted\">");
			html_text(r, what.data);
			html_raw(r, "</span>");
			buf_free(&what);
		}
		html_raw(r, "</td>");
		intervention_cell(r, x->from);
		intervention_cell(r, x->to);
		html_raw(r, "</tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void summary(struct request *r, const struct version_diff *d)
{
	html_raw(r, "<p class=\"summary\">");
	if (!d->added && !d->changed && !d->removed)
		html_text(r, R_(r, "Målen och insatserna är desamma i båda "
		                   "versionerna."));
	else
		html_textf(r, R_(r, "Nya: %d. Ändrade: %d. Avslutade: %d."),
		           d->added, d->changed, d->removed);
	html_raw(r, "</p>");
	if (d->to.change_reason) {
		html_raw(r, "<dl class=\"facts\">");
		sip_fact(r, arena_printf(&r->arena,
		                         R_(r, "Varför planen ändrades i version %d"),
		                         d->to.version_no),
		         d->to.change_reason);
		html_raw(r, "</dl>");
	}
	if ((d->from.withheld | d->to.withheld) != 0) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, R_(r, "En del av innehållet visas inte, eftersom "
		                   "samtycket inte omfattar det. Det räknas inte "
		                   "som en ändring här."));
		html_raw(r, "</p>");
	}
}

void page_plan_versions_compare(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct plan p;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!plan_get(&ctx, id, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	int from = version_arg(r, "from"), to = version_arg(r, "to");
	struct version_diff d;
	bool ok = plan_version_compare(&ctx, id, from, to, &d);
	if (!ok && r->problem.kind != PROBLEM_INVALID) {
		page_problem(r, &r->problem);
		return;
	}
	const char *name = sip_person_name(r, &p.person);
	const char *title =
		ok ? arena_printf(&r->arena,
		                  R_(r, "SIP för %s: version %d jämförd med version %d"),
		                  name, d.from.version_no, d.to.version_no)
		   : arena_printf(&r->arena, R_(r, "SIP för %s: jämför versioner"),
		                  name);
	if (!ok)
		r->status = problem_http_status(r->problem.kind);
	layout_begin(r, title, NAV_WORK); /* its h1 is the title */
	sip_person_line(r, &p.person);
	ui_error_summary(r, &r->problem, compare_labels);
	plan_compare_form(r, &p, from, to);
	if (ok) {
		summary(r, &d);
		goals_table(r, &d);
		interventions_table(r, &d);
	}
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, p.id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}
