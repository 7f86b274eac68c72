/*
 * page_home.c — the start page after login.
 *
 * For those who work with plans (CAP_WORK) it is the work list "Mina
 * SIP:ar": first the invitations that wait for their unit's reply, then
 * the plans they work with personally — open plans first, the longest
 * waiting first (plan_list_mine) — with what comes next, how long the
 * individual has waited since the need was assessed (work must begin
 * "without delay") and how many invited parties have not answered.
 * System administrators read no plans: they get their units and the
 * administration links.
 *
 * Consent-scoped fields (src/sip/field.h): a row of the work list holds
 * only fields of the category every participant may see (the "summary."
 * entries of the field table, checked by tests/unit/test_field.c), so it
 * shows nothing a consent must cover; anything more goes through
 * access_plan_view like the plan page.
 */
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/capability.h"
#include "sip/plan.h"
#include "sip/user.h"

enum { WORK_LIST_LIMIT = 300 };

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
	layout_end(r);
}

static void pending_table(struct request *r,
                          const struct pending_invitation *list, int n)
{
	html_raw(r, "<h2 id=\"pending\">");
	html_text(r, R_(r, "Kallelser som väntar på ert svar"));
	html_raw(r, "</h2>");
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Inga kallelser väntar på svar från dina "
		                   "enheter."));
		html_raw(r, "</p>");
		return;
	}
	sip_table_begin(r, "pending", NULL);
	html_raw(r, "<thead><tr>");
	ui_th(r, R_(r, "Person"));
	ui_th(r, R_(r, "Möte"));
	ui_th(r, R_(r, "Kallad enhet"));
	ui_th(r, R_(r, "Svar"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct pending_invitation *x = &list[i];
		html_raw(r, "<tr><th scope=\"row\">");
		html_text(r, x->person_name);
		sip_protected_badge(r, x->protected_identity);
		html_raw(r, "</th><td>");
		html_text(r, x->meeting_date);
		html_raw(r, " ");
		html_textf(r, R_(r, "kl. %s"), x->start_time ? x->start_time : "");
		html_raw(r, "</td><td>");
		html_text(r, x->unit_name);
		html_raw(r, "</td><td><a href=\"/invitations/");
		html_int(r, x->invitation_id);
		html_raw(r, "\">");
		html_text(r, R_(r, "Svara på kallelsen"));
		html_raw(r, "<span class=\"visually-hidden\"> ");
		html_textf(r, R_(r, "om %s"), x->person_name);
		html_raw(r, "</span></a></td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
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
	html_raw(r, "</th><td>");
	sip_state_badge(r, s->state);
	html_raw(r, "<br>");
	html_text(r, plan_state_next_step(s->state, r->lang));
	html_raw(r, "</td><td class=\"num\">");
	if (plan_state_open(s->state) && s->state != PLAN_ACTIVE &&
	    s->state != PLAN_FOLLOW_UP)
		html_textf(r, trn(r->lang, "%d dag", "%d dagar", s->days_waiting),
		           s->days_waiting);
	else
		html_text(r, "–");
	html_raw(r, "</td><td>");
	html_text(r, s->lead_unit_name);
	html_raw(r, "</td><td>");
	html_text(r, s->next_follow_up_date && plan_state_open(s->state)
	                     ? s->next_follow_up_date : "–");
	html_raw(r, "</td><td>");
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

static void work_home(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct pending_invitation *pending;
	struct plan_summary *plans;
	int npending, nplans;
	if (!invitations_awaiting_me(&ctx, &pending, &npending) ||
	    !plan_list_mine(&ctx, WORK_LIST_LIMIT, &plans, &nplans)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, R_(r, "Mina SIP:ar"), NAV_WORK);
	page_flash(r);
	html_raw(r, "<div class=\"actions\">");
	ui_link_button(r, "/persons", R_(r, "Starta en ny SIP"));
	html_raw(r, "</div>");
	pending_table(r, pending, npending);
	plans_table(r, plans, nplans);
	layout_end(r);
}

void page_home(struct request *r)
{
	if (capability_granted(r->user, CAP_WORK))
		work_home(r);
	else
		admin_home(r);
}
