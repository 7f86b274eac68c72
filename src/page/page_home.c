/*
 * page_home.c — the start page after login.
 *
 * For those who work with plans (CAP_WORK) it is the work list "Mina
 * SIP:ar", the coordinator's day (sip/worklist.h): first a summary of
 * what needs doing with a link to each section, then the sections —
 * follow-ups due within 14 days and overdue ones, invitations nobody
 * has answered (with "Påminn"), plans waiting since the need was
 * assessed, interventions whose end date has passed, consents about to
 * expire, closings principals still owe, invitations waiting for the
 * caller's own reply — and last the plans they work with. System
 * administrators read no plans: they get their units and the
 * administration links.
 *
 * Every row names the person with name and personnummer (two people may
 * share a name) and flags a protected identity, as every list of plans
 * does. The sections are lists, not tables: each row wraps on a phone
 * screen. The two tables — invitations awaiting the caller's reply and
 * the plans — turn into stacked rows on narrow screens (web/style.css,
 * table.work-list with data-label), so nothing hides in a
 * sideways-scrolling box.
 *
 * Consent-scoped fields (src/sip/field.h): the rows hold only fields of
 * the category every participant may see, apart from ended
 * interventions, which the work list shows only to the lead unit and
 * the intervention's own unit (worklist.h).
 */
#include "http/html.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/capability.h"
#include "sip/plan.h"
#include "sip/user.h"
#include "sip/worklist.h"

static void admin_home(struct request *r)
{
	const struct user *u = r->user;
	layout_begin(r, R_(r, "Start"), NAV_NONE);
	page_flash(r);
	html_raw(r, "<p class=\"lead\">");
	html_textf(r, R_(r, "Välkommen, %s."), u->full_name);
	html_raw(r, "</p>");
	if (u->nunits) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Dina enheter"));
		html_raw(r, "</h2><ul>");
		for (int i = 0; i < u->nunits; i++) {
			html_raw(r, "<li>");
			html_text(r, u->units[i].name);
			html_raw(r, " <span class=\"muted\">(");
			html_text(r, u->units[i].principal_name);
			html_raw(r, ")</span></li>");
		}
		html_raw(r, "</ul>");
	}
	if (capability_granted(u, CAP_MANAGE_USERS)) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Administration"));
		html_raw(r, "</h2><ul class=\"link-list\">");
		html_raw(r, "<li><a href=\"/admin/users\">");
		html_text(r, R_(r, "Användare"));
		html_raw(r, "</a></li>");
		if (capability_granted(u, CAP_ADMIN)) {
			html_raw(r, "<li><a href=\"/admin/principals\">");
			html_text(r, R_(r, "Organisationer (huvudmän och andra aktörer)"));
			html_raw(r, "</a></li><li><a href=\"/admin/units\">");
			html_text(r, R_(r, "Enheter"));
			html_raw(r, "</a></li><li><a href=\"/admin/import\">");
			html_text(r, R_(r, "Importera organisationskatalog"));
			html_raw(r, "</a></li>");
		}
		html_raw(r, "</ul>");
	}
	if (capability_granted(u, CAP_AUDIT_REVIEW)) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Logggranskning"));
		html_raw(r, "</h2><ul class=\"link-list\"><li><a href=\"/audit\">");
		html_text(r, R_(r, "Granska loggen: sök på person, användare, "
		                   "enhet och period"));
		html_raw(r, "</a></li><li><a href=\"/audit/report\">");
		html_text(r, R_(r, "Rapport: åtkomst utanför deltagande enheter "
		                   "och skyddad identitet"));
		html_raw(r, "</a></li></ul>");
	}
	if (capability_granted(u, CAP_STATISTICS)) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Uppföljning av överenskommelsen"));
		html_raw(r, "</h2><ul class=\"link-list\"><li><a href=\"/statistics\">");
		html_text(r, R_(r, "Statistik för länet, en huvudman eller en "
		                   "enhet och en period"));
		html_raw(r, "</a></li></ul>");
	}
	layout_end(r);
}

/* ---- one row of a section ---- */

static void person_head(struct request *r, const struct worklist_item *x,
                        const char *anchor)
{
	html_raw(r, "<a href=\"");
	html_attr(r, sip_plan_url(r, x->plan_id, anchor));
	html_raw(r, "\">");
	html_text(r, x->person_name);
	html_raw(r, "</a> <span class=\"pnr\">");
	html_text(r, sip_pnr(r, x->personnummer));
	html_raw(r, "</span>");
	sip_protected_badge(r, x->protected_identity);
	html_raw(r, "<br>");
}

static void days_waited(struct request *r, int days)
{
	html_textf(r, trn(r->lang, "Väntat %d dag", "Väntat %d dagar", days), days);
}

/* "Påminn": helper M's route /invitations/{id}/remind and
 * invitation_remind send the reminder; the page only offers it. */
static void remind_form(struct request *r, const struct worklist_item *x)
{
	ui_form_begin(r, arena_printf(&r->arena, "/invitations/%lld/remind",
	                              (long long)x->ref_id));
	html_raw(r, "<button type=\"submit\" class=\"button secondary\">");
	html_text(r, R_(r, "Påminn"));
	html_raw(r, "<span class=\"visually-hidden\"> ");
	html_textf(r, R_(r, "%s om kallelsen för %s"), x->what ? x->what : "",
	           x->person_name);
	html_raw(r, "</span></button>");
	ui_form_end(r);
}

static void follow_up_item(struct request *r, const struct worklist_item *x)
{
	person_head(r, x, "");
	html_textf(r, R_(r, "Uppföljning %s"), x->date);
	html_raw(r, " ");
	if (x->days < 0)
		ui_badge(r, "missing",
		         arena_printf(&r->arena,
		                      trn(r->lang, "Försenad %d dag",
		                          "Försenad %d dagar", -x->days),
		                      -x->days));
	else if (x->days == 0)
		ui_badge(r, "state", R_(r, "I dag"));
	else
		html_textf(r, trn(r->lang, "(om %d dag)", "(om %d dagar)", x->days),
		           x->days);
}

static void unanswered_item(struct request *r, const struct worklist_item *x)
{
	person_head(r, x, "");
	html_textf(r, R_(r, "%s har inte svarat på kallelsen till mötet %s "
	                    "kl. %s."), x->what ? x->what : "", x->date,
	           x->start_time ? x->start_time : "");
	html_raw(r, " ");
	days_waited(r, x->days);
	html_raw(r, ".");
	if (x->unit_invited)
		remind_form(r, x);
}

static void waiting_item(struct request *r, const struct worklist_item *x)
{
	person_head(r, x, "");
	sip_state_badge(r, x->state);
	html_raw(r, " ");
	days_waited(r, x->days);
	html_raw(r, " ");
	html_text(r, R_(r, "sedan behovet bedömdes."));
	html_raw(r, " ");
	html_text(r, plan_state_next_step(x->state, r->lang));
}

static void ended_item(struct request *r, const struct worklist_item *x)
{
	person_head(r, x, "");
	html_textf(r, R_(r, "Insatsen ”%s” skulle avslutas %s."),
	           x->what ? x->what : "", x->date);
}

static void consent_item(struct request *r, const struct worklist_item *x)
{
	person_head(r, x, "");
	html_textf(r, R_(r, "Samtycket gäller till och med %s"), x->date);
	html_raw(r, " ");
	html_textf(r, trn(r->lang, "(%d dag kvar).", "(%d dagar kvar).", x->days),
	           x->days);
}

static void closing_item(struct request *r, const struct worklist_item *x)
{
	person_head(r, x, "#closing-h");
	if (x->mine) {
		ui_badge(r, "missing", R_(r, "Din huvudman"));
		html_raw(r, " ");
		html_textf(r, R_(r, "%s har inte dokumenterat sitt avslut av "
		                    "planen."), x->what);
		html_raw(r, " <a href=\"");
		html_attr(r, sip_plan_url(r, x->plan_id, "#closing-h"));
		html_raw(r, "\">");
		html_text(r, R_(r, "Dokumentera avslutet"));
		html_raw(r, "<span class=\"visually-hidden\"> ");
		html_textf(r, R_(r, "för %s"), x->person_name);
		html_raw(r, "</span></a>");
	} else {
		html_textf(r, R_(r, "%s har inte dokumenterat sitt avslut av "
		                    "planen."), x->what);
	}
}

/* ---- the sections ---- */

typedef void item_fn(struct request *r, const struct worklist_item *x);

struct section_def {
	const char *id;      /* the heading's id, for the summary's links */
	const char *title;   /* N_ */
	const char *empty;   /* N_: said when the section has no rows */
	item_fn *item;
};

static const struct section_def sections[WORKLIST_NSECTIONS] = {
	[WORKLIST_FOLLOW_UPS] = {"follow-ups", N_("Uppföljningar inom 14 dagar "
	                                          "och försenade"),
	                         N_("Inga uppföljningar de närmaste 14 dagarna."),
	                         follow_up_item},
	[WORKLIST_UNANSWERED] = {"unanswered", N_("Kallelser som inte har "
	                                          "besvarats"),
	                         N_("Alla kallade har svarat."), unanswered_item},
	[WORKLIST_WAITING] = {"waiting", N_("Väntar sedan behovet bedömdes"),
	                      N_("Ingen väntar på att planen ska upprättas."),
	                      waiting_item},
	[WORKLIST_ENDED] = {"ended", N_("Insatser vars slutdatum har passerat"),
	                    N_("Inga insatser har passerat sitt slutdatum."),
	                    ended_item},
	[WORKLIST_CONSENTS] = {"consents", N_("Samtycken som går ut inom 30 "
	                                      "dagar"),
	                       N_("Inga samtycken går ut de närmaste 30 dagarna."),
	                       consent_item},
	[WORKLIST_CLOSINGS] = {"closings", N_("Avslut som huvudmän inte har "
	                                      "dokumenterat"),
	                       N_("Alla huvudmän har dokumenterat sina avslut."),
	                       closing_item},
	/* A table (awaiting_table): one column per fact of the meeting. */
	[WORKLIST_AWAITING_REPLY] = {"pending", N_("Kallelser som väntar på ert "
	                                           "svar"),
	                             N_("Inga kallelser väntar på svar från dina "
	                                "enheter."),
	                             NULL},
};

/* The order on the page: what is late or due first. */
static const enum worklist_section page_order[WORKLIST_NSECTIONS] = {
	WORKLIST_FOLLOW_UPS, WORKLIST_AWAITING_REPLY, WORKLIST_UNANSWERED,
	WORKLIST_WAITING, WORKLIST_ENDED, WORKLIST_CONSENTS, WORKLIST_CLOSINGS,
};

static int deviation_count(const struct worklist *w, bool against);

static void summary(struct request *r, const struct worklist *w)
{
	html_raw(r, "<nav aria-labelledby=\"today-h\" class=\"worklist-summary\">"
	            "<h2 id=\"today-h\">");
	html_text(r, R_(r, "Att göra"));
	html_raw(r, "</h2><ul class=\"link-list\">");
	for (int k = 0; k < WORKLIST_NSECTIONS; k++) {
		enum worklist_section s = page_order[k];
		html_raw(r, "<li><a href=\"#");
		html_attr(r, sections[s].id);
		html_raw(r, "\">");
		html_text(r, R_(r, sections[s].title));
		html_raw(r, "</a>: ");
		html_int(r, w->n[s]);
		html_raw(r, "</li>");
	}
	html_raw(r, "<li><a href=\"#deviations-against\">");
	html_text(r, R_(r, "Avvikelser mot dina enheter"));
	html_raw(r, "</a>: ");
	html_int(r, deviation_count(w, true));
	html_raw(r, "</li></ul></nav>");
}

static void td_open(struct request *r, const char *label, const char *cls);

/* The invitations that wait for the caller's own reply, as a table
 * (stacked on narrow screens): person, meeting, invited unit, reply. */
static void awaiting_table(struct request *r, const struct worklist_item *x,
                           int n)
{
	sip_table_begin(r, "pending", "work-list");
	html_raw(r, "<thead><tr>");
	ui_th(r, R_(r, "Person"));
	ui_th(r, R_(r, "Möte"));
	ui_th(r, R_(r, "Kallad enhet"));
	ui_th(r, R_(r, "Svar"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++, x++) {
		html_raw(r, "<tr><th scope=\"row\">");
		html_text(r, x->person_name);
		html_raw(r, "<br><span class=\"pnr\">");
		html_text(r, sip_pnr(r, x->personnummer));
		html_raw(r, "</span>");
		sip_protected_badge(r, x->protected_identity);
		html_raw(r, "</th>");
		td_open(r, R_(r, "Möte"), NULL);
		html_text(r, x->date);
		html_raw(r, " ");
		html_textf(r, R_(r, "kl. %s"), x->start_time ? x->start_time : "");
		html_raw(r, "</td>");
		td_open(r, R_(r, "Kallad enhet"), NULL);
		html_text(r, x->what);
		html_raw(r, "</td>");
		td_open(r, R_(r, "Svar"), NULL);
		html_raw(r, "<a href=\"/invitations/");
		html_int(r, x->ref_id);
		html_raw(r, "\">");
		html_text(r, R_(r, "Svara på kallelsen"));
		html_raw(r, "<span class=\"visually-hidden\"> ");
		html_textf(r, R_(r, "om %s"), x->person_name);
		html_raw(r, "</span></a></td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void section(struct request *r, const struct worklist *w,
                    enum worklist_section s)
{
	const struct section_def *d = &sections[s];
	html_raw(r, "<section aria-labelledby=\"");
	html_attr(r, d->id);
	html_raw(r, "\"><h2 id=\"");
	html_attr(r, d->id);
	html_raw(r, "\">");
	html_text(r, R_(r, d->title));
	html_raw(r, "</h2>");
	if (w->n[s] == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, d->empty));
		html_raw(r, "</p></section>");
		return;
	}
	if (!d->item) {
		awaiting_table(r, w->items[s], w->n[s]);
		html_raw(r, "</section>");
		return;
	}
	html_raw(r, "<ul class=\"work-items\">");
	for (int i = 0; i < w->n[s]; i++) {
		html_raw(r, "<li>");
		d->item(r, &w->items[s][i]);
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul></section>");
}

/* ---- the plans ---- */

/* A cell with the column's name for the stacked layout of narrow
 * screens (web/style.css). */
static void td_open(struct request *r, const char *label, const char *cls)
{
	html_raw(r, "<td data-label=\"");
	html_attr(r, label);
	html_raw(r, "\"");
	if (cls) {
		html_raw(r, " class=\"");
		html_attr(r, cls);
		html_raw(r, "\"");
	}
	html_raw(r, ">");
}

static void plan_row(struct request *r, const struct plan_summary *s)
{
	html_raw(r, "<tr><th scope=\"row\"><a href=\"");
	html_attr(r, sip_plan_url(r, s->id, ""));
	html_raw(r, "\">");
	html_text(r, s->person_name);
	html_raw(r, "</a><br><span class=\"pnr\">");
	html_text(r, sip_pnr(r, s->personnummer));
	html_raw(r, "</span>");
	sip_protected_badge(r, s->protected_identity);
	html_raw(r, "</th>");
	td_open(r, R_(r, "Läge och nästa steg"), NULL);
	sip_state_badge(r, s->state);
	html_raw(r, "<br>");
	html_text(r, plan_state_next_step(s->state, r->lang));
	html_raw(r, "</td>");
	td_open(r, R_(r, "Väntat"), "num");
	if (plan_state_open(s->state) && s->state != PLAN_ACTIVE &&
	    s->state != PLAN_FOLLOW_UP)
		html_textf(r, trn(r->lang, "%d dag", "%d dagar", s->days_waiting),
		           s->days_waiting);
	else
		html_text(r, "–");
	html_raw(r, "</td>");
	td_open(r, R_(r, "Leds av"), NULL);
	html_text(r, s->lead_unit_name);
	html_raw(r, "</td>");
	td_open(r, R_(r, "Uppföljning"), NULL);
	html_text(r, s->next_follow_up_date && plan_state_open(s->state)
	                     ? s->next_follow_up_date : "–");
	html_raw(r, "</td>");
	td_open(r, R_(r, "Kallelser"), NULL);
	if (s->unanswered > 0 && plan_state_open(s->state))
		ui_badge(r, "missing",
		         arena_printf(&r->arena,
		                      trn(r->lang, "%d svar saknas",
		                          "%d svar saknas", s->unanswered),
		                      s->unanswered));
	else
		html_text(r, "–");
	html_raw(r, "</td></tr>");
}

static void plans_table(struct request *r, const struct plan_summary *plans,
                        int n)
{
	html_raw(r, "<h2 id=\"mine\">");
	html_text(r, R_(r, "Planer du arbetar med"));
	html_raw(r, "</h2>");
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Du har inga SIP:ar ännu. Sök fram personen "
		                   "och starta en SIP när du ser ett behov av "
		                   "samordning."));
		html_raw(r, "</p>");
		return;
	}
	sip_table_begin(r, "mine", "work-list");
	html_raw(r, "<thead><tr>");
	ui_th(r, R_(r, "Person"));
	ui_th(r, R_(r, "Läge och nästa steg"));
	html_raw(r, "<th scope=\"col\">");
	html_text(r, R_(r, "Väntat"));
	html_raw(r, "<span class=\"visually-hidden\"> ");
	html_text(r, R_(r, "sedan behovet bedömdes"));
	html_raw(r, "</span></th>");
	ui_th(r, R_(r, "Leds av"));
	ui_th(r, R_(r, "Uppföljning"));
	ui_th(r, R_(r, "Kallelser"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++)
		plan_row(r, &plans[i]);
	html_raw(r, "</tbody></table></div>");
}

/* ---- notices from the individual (h/cconsent, sip/notice.h) ---- */

static void notices_section(struct request *r, const struct worklist *w)
{
	if (!w->nnotices)
		return;
	html_raw(r, "<section aria-labelledby=\"notices\"><h2 id=\"notices\">");
	html_text(r, R_(r, "Meddelanden från den enskilde"));
	html_raw(r, "</h2><ul class=\"work-items\">");
	for (int i = 0; i < w->nnotices; i++) {
		const struct plan_notice *n = &w->notices[i];
		html_raw(r, "<li><a href=\"");
		html_attr(r, sip_plan_url(r, n->plan_id, ""));
		html_raw(r, "\">");
		html_text(r, n->person_name);
		html_raw(r, "</a> <span class=\"pnr\">");
		html_text(r, sip_pnr(r, n->personnummer));
		html_raw(r, "</span>");
		sip_protected_badge(r, n->protected_identity);
		html_raw(r, "<br><strong>");
		html_text(r, plan_notice_kind_label(n->kind, r->lang));
		html_raw(r, "</strong> ");
		html_text(r, ui_datetime(r, n->created_at));
		if (n->detail) {
			html_raw(r, "<br>");
			html_text(r, n->detail);
		}
		if (n->request_text) {
			html_raw(r, "<blockquote>");
			html_text(r, n->request_text);
			html_raw(r, "</blockquote>");
		}
		html_raw(r, "<br>");
		ui_form_begin(r, arena_printf(&r->arena, "/notices/%lld/seen",
		                              (long long)n->id));
		ui_hidden(r, "unit_id", arena_printf(&r->arena, "%lld",
		                                     (long long)n->unit_id));
		html_raw(r, "<button type=\"submit\" class=\"button secondary\">");
		html_text(r, R_(r, "Markera som sett"));
		html_raw(r, "<span class=\"visually-hidden\"> ");
		html_textf(r, R_(r, "för %s: %s"), n->unit_name, n->person_name);
		html_raw(r, "</span></button>");
		ui_form_end(r);
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul></section>");
}

/* ---- deviations (issue 12, sip/deviation.h) ---- */

/* The open deviations against the caller's units (the overdue marked by
 * sip_deviation_item) and the progress of those their units reported. */
static bool deviation_shown(const struct deviation *x, bool against)
{
	return against ? x->party_mine : x->reporter_mine;
}

static int deviation_count(const struct worklist *w, bool against)
{
	int n = 0;
	for (int i = 0; i < w->ndeviations; i++)
		n += deviation_shown(&w->deviations[i], against);
	return n;
}

static void deviation_list(struct request *r, const struct worklist *w,
                           bool against, const char *id, const char *title,
                           const char *empty)
{
	html_raw(r, "<section aria-labelledby=\"");
	html_attr(r, id);
	html_raw(r, "\"><h2 id=\"");
	html_attr(r, id);
	html_raw(r, "\">");
	html_text(r, title);
	html_raw(r, "</h2>");
	if (!deviation_count(w, against)) {
		html_raw(r, "<p>");
		html_text(r, empty);
		html_raw(r, "</p></section>");
		return;
	}
	html_raw(r, "<ul class=\"work-items\">");
	for (int i = 0; i < w->ndeviations; i++) {
		if (!deviation_shown(&w->deviations[i], against))
			continue;
		html_raw(r, "<li>");
		sip_deviation_item(r, &w->deviations[i]);
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul></section>");
}

static void deviations_sections(struct request *r, const struct worklist *w)
{
	deviation_list(r, w, true, "deviations-against",
	               R_(r, "Avvikelser mot dina enheter"),
	               R_(r, "Inga öppna avvikelser mot dina enheter."));
	deviation_list(r, w, false, "deviations-reported",
	               R_(r, "Avvikelser som dina enheter har rapporterat"),
	               R_(r, "Inga öppna avvikelser som dina enheter har "
	                     "rapporterat."));
	html_raw(r, "<p><a href=\"/deviations\">");
	html_text(r, R_(r, "Alla avvikelser"));
	html_raw(r, "</a></p>");
}

static const struct field notice_seen_fields[] = {
	{"unit_id", FIELD_ID, 0},
};

void page_notice_seen(struct request *r)
{
	int64_t nid;
	struct form f;
	struct ctx ctx = page_ctx(r);
	if (!req_path_id(r, "nid", &nid)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!form_read(r, &r->problem, FIELDS(notice_seen_fields), &f) ||
	    !form_num(&f, "unit_id")) {
		if (!problem_any(&r->problem))
			problem_field(&r->problem, &r->arena, "unit_id", "%s",
			              R_(r, "Ange vilken enhet som har sett "
			                    "meddelandet."));
		page_problem(r, &r->problem);
		return;
	}
	if (!plan_notice_mark_seen(&ctx, nid, form_num(&f, "unit_id"))) {
		page_problem(r, &r->problem);
		return;
	}
	resp_redirect(r, "/#notices");
}

static void work_home(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct worklist w;
	if (!worklist_get(&ctx, &w)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, R_(r, "Mina SIP:ar"), NAV_WORK);
	page_flash(r);
	html_raw(r, "<div class=\"actions\">");
	ui_link_button(r, "/persons", R_(r, "Starta en ny SIP"));
	html_raw(r, "</div>");
	summary(r, &w);
	notices_section(r, &w);
	for (int k = 0; k < WORKLIST_NSECTIONS; k++)
		section(r, &w, page_order[k]);
	deviations_sections(r, &w);
	plans_table(r, w.plans, w.nplans);
	layout_end(r);
}

void page_home(struct request *r)
{
	if (capability_granted(r->user, CAP_WORK))
		work_home(r);
	else
		admin_home(r);
}
