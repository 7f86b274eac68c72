/*
 * page_plan_document.c — an established plan shown the way Ludvika's
 * documentation template lays it out (seed 000): Namn and Personnummer;
 * Syftet; Huvudansvarig för planen; Aktuell situation; how the person
 * would like it; needs; goals; then the table "Vad som ska göras och vem
 * som ansvarar för vad" — Mål, Insatser/aktiviteter, Ansvar, Tidsplan
 * start/sluttid, one row per intervention, word for word as written at
 * the meeting; actions by others; the crisis plan; contact persons;
 * participants; the date and place of the follow-up.
 *
 * The same rendering serves the current version on the plan page and
 * earlier versions on their own page (GET /plans/{id}/versions/{no}).
 */
#include <string.h>

#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/plan.h"

/* One box of the template: a heading and its text. */
static void box(struct request *r, const char *term, const char *text)
{
	html_raw(r, "<div class=\"box\"><dt>");
	html_text(r, term);
	html_raw(r, "</dt><dd class=\"text\">");
	html_text(r, text ? text : "–");
	html_raw(r, "</dd></div>");
}

static void name_box(struct request *r, const struct person *p)
{
	html_raw(r, "<div class=\"box\"><dt>");
	html_text(r, R_(r, "Namn"));
	html_raw(r, "</dt><dd>");
	html_text(r, sip_person_name(r, p));
	sip_protected_badge(r, p->protected_identity);
	html_raw(r, "</dd></div>");
}

static void goals_box(struct request *r, const struct plan_version *v,
                      const char *kind, const char *term)
{
	html_raw(r, "<div class=\"box\"><dt>");
	html_text(r, term);
	html_raw(r, "</dt><dd><ul class=\"goals\">");
	int n = 0;
	for (int i = 0; i < v->ngoals; i++) {
		if (strcmp(v->goals[i].kind, kind) != 0)
			continue;
		html_raw(r, "<li class=\"text\">");
		html_text(r, v->goals[i].text);
		html_raw(r, "</li>");
		n++;
	}
	if (!n)
		html_raw(r, "<li>–</li>");
	html_raw(r, "</ul></dd></div>");
}

static const char *coordinator(struct request *r, const struct plan_version *v)
{
	const char *who = arena_printf(&r->arena, "%s%s%s, %s",
	                               v->coordinator_name,
	                               v->coordinator_title ? ", " : "",
	                               v->coordinator_title ? v->coordinator_title
	                                                    : "",
	                               v->coordinator_unit_name);
	return v->coordinator_fast_care_contact
		? arena_printf(&r->arena, R_(r, "%s. Också fast vårdkontakt."), who)
		: who;
}

static const char *follow_up(struct request *r, const struct plan_version *v)
{
	return v->follow_up_place
		? arena_printf(&r->arena, "%s, %s", v->follow_up_date,
		               v->follow_up_place)
		: v->follow_up_date;
}

static void sheet(struct request *r, const struct plan *p,
                  const struct plan_version *v)
{
	html_raw(r, "<dl class=\"plan-sheet\">");
	name_box(r, &p->person);
	box(r, R_(r, "Personnummer"), sip_pnr(r, p->person.personnummer));
	box(r, R_(r, "Syftet"), v->purpose);
	box(r, R_(r, "Huvudansvarig för planen"), coordinator(r, v));
	const struct access_view *view = &v->view;
	box(r, R_(r, "Aktuell situation"),
	    sip_field(r, view, FIELD_VERSION_SITUATION, v->situation));
	box(r, R_(r, "Så vill jag ha det"), v->wishes);
	box(r, R_(r, "Behov"), sip_field(r, view, FIELD_VERSION_NEEDS, v->needs));
	box(r, R_(r, "Hur behoven kan förändras framöver"),
	    sip_field(r, view, FIELD_VERSION_FUTURE_NEEDS, v->future_needs));
	goals_box(r, v, "overall", R_(r, "Övergripande mål"));
	goals_box(r, v, "sub", R_(r, "Delmål"));
	html_raw(r, "</dl>");
}

/* The Tidsplan cell: the timing as written, then dates and frequency. */
static void timing_cell(struct request *r, const struct intervention *x)
{
	html_raw(r, "<td class=\"text\">");
	html_text(r, x->timing);
	if (x->start_date || x->end_date) {
		html_raw(r, "<br><span class=\"muted\">");
		html_textf(r, "%s – %s", x->start_date ? x->start_date : "",
		           x->end_date ? x->end_date : "");
		html_raw(r, "</span>");
	}
	if (x->frequency) {
		html_raw(r, "<br><span class=\"muted\">");
		html_text(r, x->frequency);
		html_raw(r, "</span>");
	}
	html_raw(r, "</td>");
}

/* The other responsible parties, after the responsibility as written:
 * "Även: Hemtjänsten Ludvika, den enskilde". */
static void also_responsible(struct request *r, const struct intervention *x)
{
	if (!x->nalso)
		return;
	const char *list = NULL;
	for (int k = 0; k < x->nalso; k++) {
		const struct intervention_party *a = &x->also[k];
		const char *who = a->unit_name ? a->unit_name
		                : strcmp(a->kind, "individual") == 0
		                        ? R_(r, "den enskilde")
		                : strcmp(a->kind, "relative") == 0 ? R_(r, "närstående")
		                                                   : R_(r, "annan aktör");
		list = list ? arena_printf(&r->arena, "%s, %s", list, who) : who;
	}
	html_raw(r, "<br><span class=\"hint\">");
	html_textf(r, R_(r, "Även: %s"), list);
	html_raw(r, "</span>");
}

static void intervention_row(struct request *r, const struct intervention *x)
{
	html_raw(r, "<tr><td class=\"text\">");
	html_text(r, x->goal_text ? x->goal_text : "–");
	html_raw(r, "</td><td class=\"text\">");
	html_text(r, x->withheld ? sip_withheld(r, x->category) : x->what);
	html_raw(r, "</td><td>");
	html_text(r, x->responsible_name ? x->responsible_name
	                                 : x->responsible_unit_name);
	also_responsible(r, x);
	html_raw(r, "</td>");
	if (x->withheld) {
		/* when, how often and whom to contact are withheld too */
		html_raw(r, "<td class=\"text\">");
		html_text(r, sip_withheld(r, x->category));
		html_raw(r, "</td><td>");
		html_text(r, sip_withheld(r, x->category));
		html_raw(r, "</td></tr>");
		return;
	}
	timing_cell(r, x);
	html_raw(r, "<td>");
	html_text(r, x->contact_name ? x->contact_name : "–");
	html_raw(r, "</td></tr>");
}

static void interventions(struct request *r, const struct plan_version *v,
                          int level)
{
	static const char *const cols[] = {
		N_("Mål"), N_("Insatser/aktiviteter"), N_("Ansvar"),
		N_("Tidsplan start/sluttid"), N_("Kontaktperson"),
	};
	const char *id = arena_printf(&r->arena, "what-who-%d", v->version_no);
	sip_heading(r, level, R_(r, "Vad som ska göras och vem som ansvarar för "
	                            "vad"), id);
	sip_table_begin(r, id, "what-who");
	html_raw(r, "<thead><tr>");
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		html_raw(r, "<th scope=\"col\">");
		html_text(r, R_(r, cols[i]));
		html_raw(r, "</th>");
	}
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < v->ninterventions; i++)
		intervention_row(r, &v->interventions[i]);
	html_raw(r, "</tbody></table></div>");
}

static const struct meeting *meeting_of(const struct plan *p, int64_t id)
{
	for (int i = 0; id && i < p->nmeetings; i++)
		if (p->meetings[i].id == id)
			return &p->meetings[i];
	return NULL;
}

static const char *participant_list(struct request *r, const struct meeting *m)
{
	const char *s = NULL;
	for (int i = 0; m && i < m->nparticipants; i++) {
		const struct meeting_participant *x = &m->participants[i];
		const char *one = x->role ? arena_printf(&r->arena, "%s (%s)",
		                                         x->name, x->role)
		                          : x->name;
		s = s ? arena_printf(&r->arena, "%s\n%s", s, one) : one;
	}
	return s;
}

static void after_table(struct request *r, const struct plan *p,
                        const struct plan_version *v)
{
	const struct meeting *m = meeting_of(p, v->meeting_id);
	html_raw(r, "<dl class=\"plan-sheet\">");
	box(r, R_(r, "Vad ska annan göra? (andra än kommun och region)"),
	    sip_field(r, &v->view, FIELD_VERSION_ACTIONS_BY_OTHERS,
	              v->actions_by_others));
	box(r, R_(r, "Handlingsplan vid kris"),
	    sip_field(r, &v->view, FIELD_VERSION_CRISIS_PLAN, v->crisis_plan));
	box(r, R_(r, "Kontaktpersoner för samordningen"), v->contact_persons);
	box(r, R_(r, "Medverkande"), participant_list(r, m));
	if (m) {
		box(r, R_(r, "Ordförande"), m->chair);
		box(r, R_(r, "Sekreterare"), m->secretary);
	}
	box(r, R_(r, "Datum för planerad uppföljning"), follow_up(r, v));
	if (v->change_reason)
		box(r, R_(r, "Vad som ändrades i den här versionen"),
		    v->change_reason);
	html_raw(r, "</dl>");
}

void plan_document(struct request *r, const struct plan *p,
                   const struct plan_version *v, int level)
{
	const char *id = arena_printf(&r->arena, "plan-v%d", v->version_no);
	html_raw(r, "<section class=\"plan-document\" aria-labelledby=\"");
	html_attr(r, id);
	html_raw(r, "\">");
	sip_heading(r, level, R_(r, "Samordnad individuell plan"), id);
	html_raw(r, "<p class=\"muted\">");
	html_textf(r, R_(r, "Version %d, upprättad %s av %s. %s"), v->version_no,
	           ui_date(r, v->established_at),
	           v->established_by_name ? v->established_by_name : "–",
	           v->approved
	                   ? R_(r, "Den enskilde har godkänt mål och insatser.")
	                   : R_(r, "Förslag – väntar på godkännande."));
	html_raw(r, "</p>");
	sheet(r, p, v);
	interventions(r, v, level + 1);
	after_table(r, p, v);
	html_raw(r, "</section>");
}

/* GET /plans/{id}/versions/{no}: an earlier (or the current) version. */
void page_plan_version(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct plan p;
	struct plan_version v;
	int64_t id, no;
	if (!req_path_id(r, "id", &id) || !req_path_id(r, "no", &no) ||
	    no > 1000000) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!plan_get(&ctx, id, &p) || !plan_version_get(&ctx, id, (int)no, &v)) {
		page_problem(r, &r->problem);
		return;
	}
	const char *name = sip_person_name(r, &p.person);
	const char *title = arena_printf(&r->arena, R_(r, "SIP för %s, version %d"),
	                                 name, v.version_no);
	layout_begin_bare(r, title, NAV_WORK);
	html_raw(r, "<h1>");
	html_text(r, title);
	html_raw(r, "</h1>");
	sip_person_line(r, &p.person);
	if (!p.current || p.current->id != v.id) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, R_(r, "Det här är en tidigare version. Den gäller inte "
		                   "längre."));
		html_raw(r, "</p>");
	}
	plan_document(r, &p, &v, 2);
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, p.id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}
