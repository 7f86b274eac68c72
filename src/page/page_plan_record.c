/*
 * page_plan_record.c — the part of the plan page that records what has
 * been done: the need (step 1), the units taking part, every consent
 * with its scope, recipients, givers and validity (step 2), the
 * preparation with the individual (step 3), and the meetings with each
 * invitation and its reply (step 4) — an invitation nobody has answered
 * stands out as "Inget svar", so the coordinator sees whom to chase.
 */
#include <string.h>

#include "http/html.h"
#include "page/layout.h"
#include "page/page_meeting_evaluation.h"
#include "page/page_sip.h"
#include "page/ui.h"
#include "sip/plan.h"
#include "sip/user.h"

/* ---- step 1: the need ---- */

static const char *initiative(struct request *r, const struct plan *p)
{
	const char *by = p->initiated_by ? p->initiated_by : "";
	const char *who = strcmp(by, "individual") == 0
		? R_(r, "Den enskilde bad om en SIP")
		: strcmp(by, "relative") == 0
		? R_(r, "En närstående bad om en SIP")
		: R_(r, "Personal såg behovet");
	return p->initiator_name
		? arena_printf(&r->arena, "%s (%s)", who, p->initiator_name)
		: who;
}

static const char *principal_names(struct request *r, const struct plan *p)
{
	const char *s = NULL;
	for (int i = 0; i < p->nprincipals; i++)
		s = s ? arena_printf(&r->arena, "%s\n%s", s, p->principals[i].name)
		      : p->principals[i].name;
	return s;
}

static void need(struct request *r, const struct plan *p)
{
	sip_heading(r, 2, R_(r, "Behov av samordning"), "need");
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Initiativ"), initiative(r, p));
	sip_fact(r, R_(r, "Startad"),
	         arena_printf(&r->arena, "%s, %s, %s", ui_date(r, p->created_at),
	                      p->created_by_name ? p->created_by_name : "–",
	                      p->initiating_unit_name));
	const char *hidden = p->need_withheld ? sip_withheld(r, p->need_category)
	                                      : NULL;
	sip_fact(r, R_(r, "Behovet med den enskildes egna ord"),
	         hidden ? hidden : p->need_individual);
	sip_fact(r, R_(r, "Yrkesverksammas bedömning"),
	         hidden ? hidden : p->need_professional);
	sip_fact(r, R_(r, "Berörda huvudmän och aktörer"), principal_names(r, p));
	sip_fact(r, R_(r, "Andra aktörer"), p->other_actors);
	if (!access_sees(&p->view, FIELD_NEED_HOSPITAL_EPISODE))
		sip_fact(r, R_(r, "Vårdtillfälle (SIP vid utskrivning)"),
		         sip_withheld(r, field_category(FIELD_NEED_HOSPITAL_EPISODE)));
	else if (p->is_discharge)
		sip_fact(r, R_(r, "Vårdtillfälle (SIP vid utskrivning)"),
		         p->hospital_episode);
	html_raw(r, "</dl>");
}

static const char *via_label(struct request *r, const char *via)
{
	if (!via)
		return "–";
	if (strcmp(via, "initiating") == 0)
		return R_(r, "Startade planen");
	if (strcmp(via, "invited") == 0)
		return R_(r, "Kallad");
	if (strcmp(via, "responsible") == 0)
		return R_(r, "Ansvarar för en insats");
	if (strcmp(via, "coordinator") == 0)
		return R_(r, "Samordningsansvarig enhet");
	return via;
}

/* One row per unit, with every way it takes part. */
static void party_row(struct request *r, const struct plan *p, int first)
{
	const struct plan_unit_ref *u = &p->units[first];
	const char *roles = NULL;
	int64_t since = u->joined_at, left = 0;
	bool still = false;
	for (int i = first; i < p->nunits; i++) {
		const struct plan_unit_ref *x = &p->units[i];
		if (x->unit_id != u->unit_id)
			continue;
		const char *via = via_label(r, x->via);
		roles = roles ? arena_printf(&r->arena, "%s, %s", roles, via) : via;
		since = x->joined_at < since ? x->joined_at : since;
		still |= !x->left_at;
		left = x->left_at > left ? x->left_at : left;
	}
	html_raw(r, "<tr><th scope=\"row\">");
	html_text(r, u->unit_name);
	html_raw(r, "</th><td>");
	html_text(r, u->principal_name);
	html_raw(r, "</td><td>");
	html_text(r, roles);
	html_raw(r, "</td><td class=\"num\">");
	html_text(r, ui_date(r, since));
	if (!still) {
		html_raw(r, " – ");
		html_textf(r, R_(r, "lämnade %s"), ui_date(r, left));
	}
	html_raw(r, "</td></tr>");
}

static bool seen_before(const struct plan *p, int i)
{
	for (int k = 0; k < i; k++)
		if (p->units[k].unit_id == p->units[i].unit_id)
			return true;
	return false;
}

static void parties(struct request *r, const struct plan *p)
{
	static const char *const cols[] = {
		N_("Enhet"), N_("Huvudman eller aktör"), N_("Roll i planen"),
		N_("Sedan"),
	};
	sip_heading(r, 2, R_(r, "Enheter som deltar"), "units");
	sip_table_begin(r, "units", NULL);
	html_raw(r, "<thead><tr>");
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		html_raw(r, "<th scope=\"col\">");
		html_text(r, R_(r, cols[i]));
		html_raw(r, "</th>");
	}
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < p->nunits; i++)
		if (!seen_before(p, i))
			party_row(r, p, i);
	html_raw(r, "</tbody></table></div>");
}

/* ---- step 2: consents ---- */

static const char *given_by_label(struct request *r, const char *g)
{
	if (!g)
		return "–";
	if (strcmp(g, "individual") == 0)
		return R_(r, "Den enskilde");
	if (strcmp(g, "guardians") == 0)
		return R_(r, "Vårdnadshavare");
	if (strcmp(g, "representative") == 0)
		return R_(r, "Företrädare");
	if (strcmp(g, "cannot_consent") == 0)
		return R_(r, "Den enskilde kan inte samtycka; inställningen har "
		             "tagits reda på");
	return g;
}

static const char *joined(struct request *r, const char *const *list, int n,
                          const char *(*label)(const char *, const char *))
{
	const char *s = NULL;
	for (int i = 0; i < n; i++) {
		const char *x = label ? label(list[i], r->lang) : list[i];
		s = s ? arena_printf(&r->arena, "%s, %s", s, x) : x;
	}
	return s;
}

static const char *recipients(struct request *r, const struct consent *c)
{
	const char *s = NULL;
	for (int i = 0; i < c->nrecipients; i++)
		s = s ? arena_printf(&r->arena, "%s, %s", s, c->recipients[i].name)
		      : c->recipients[i].name;
	return s;
}

static void consent_status(struct request *r, const struct consent *c)
{
	html_raw(r, "<dt>");
	html_text(r, R_(r, "Status"));
	html_raw(r, "</dt><dd>");
	if (c->withdrawn_at) {
		ui_badge(r, "withdrawn", R_(r, "Återkallat"));
		html_raw(r, " ");
		html_textf(r, R_(r, "%s av %s"), ui_date(r, c->withdrawn_at),
		           c->withdrawn_by_name ? c->withdrawn_by_name : "–");
		if (c->withdrawal_method) {
			html_raw(r, "<br>");
			html_textf(r, R_(r, "%s, %s. Mottaget av %s."),
			           withdrawal_method_label(c->withdrawal_method,
			                                   r->lang),
			           ui_datetime(r, c->withdrawal_stated_at),
			           c->withdrawal_received_by
			           ? c->withdrawal_received_by : "–");
		}
		if (c->withdrawal_note) {
			html_raw(r, "<br><span class=\"text\">");
			html_text(r, c->withdrawal_note);
			html_raw(r, "</span>");
		}
	} else if (c->in_force) {
		ui_badge(r, "in-force", R_(r, "Gäller"));
	} else {
		ui_badge(r, "withdrawn", R_(r, "Har gått ut"));
	}
	html_raw(r, "</dd>");
}

static void consent_block(struct request *r, const struct plan_view *v,
                          const struct consent *c, bool child)
{
	const char *title = arena_printf(&r->arena, R_(r, "Samtycke %s"),
	                                 ui_date(r, c->recorded_at));
	sip_heading(r, 3, title, NULL);
	html_raw(r, "<dl class=\"facts\">");
	consent_status(r, c);
	const char *givers = joined(r, c->givers, c->ngivers, NULL);
	sip_fact(r, R_(r, "Lämnat av"),
	         givers ? arena_printf(&r->arena, "%s: %s",
	                               given_by_label(r, c->given_by), givers)
	                : given_by_label(r, c->given_by));
	sip_fact(r, R_(r, "Form"),
	         c->form && strcmp(c->form, "written") == 0 ? R_(r, "Skriftligt")
	                                                    : R_(r, "Muntligt"));
	sip_fact(r, R_(r, "Uppgifter som får delas"),
	         joined(r, c->scopes, c->nscopes, consent_scope_label));
	sip_fact(r, R_(r, "Får lämnas till"), recipients(r, c));
	sip_fact(r, R_(r, "Gäller till och med"), c->valid_until);
	if (child || c->child_informed)
		sip_fact(r, R_(r, "Barnet tillfrågat och informerat"),
		         c->child_informed ? R_(r, "Ja") : R_(r, "Nej"));
	if (c->child_view)
		sip_fact(r, R_(r, "Barnets egen inställning"), c->child_view);
	if (!access_sees(&v->p->view, FIELD_CONSENT_ATTITUDE))
		sip_fact(r, R_(r, "Hur inställningen togs reda på"),
		         sip_withheld(r, field_category(FIELD_CONSENT_ATTITUDE)));
	else if (c->attitude_ascertained)
		sip_fact(r, R_(r, "Hur inställningen togs reda på"),
		         c->attitude_ascertained);
	if (c->note)
		sip_fact(r, R_(r, "Anteckning"), c->note);
	sip_fact(r, R_(r, "Dokumenterat av"), c->recorded_by_name);
	html_raw(r, "</dl>");
	if (c->in_force && plan_state_open(v->p->state))
		plan_form_withdraw(r, v, c);
}

static void consents(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	sip_heading(r, 2, R_(r, "Samtycke"), "consents");
	if (p->nconsents == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Inget samtycke är dokumenterat. Inget får delas "
		                   "och inget möte hållas förrän det finns."));
		html_raw(r, "</p>");
		return;
	}
	for (int i = 0; i < p->nconsents; i++)
		consent_block(r, v, &p->consents[i], p->person.is_child);
}

/* ---- step 3: preparation ---- */

static void preparation(struct request *r, const struct plan *p)
{
	const struct preparation *x = p->preparation;
	if (!x)
		return;
	sip_heading(r, 2, R_(r, "Förberedelse med den enskilde"), "preparation");
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Syfte med mötet"), x->purpose);
	sip_fact(r, R_(r, "Den enskildes mål"), x->individual_goals);
	sip_fact(r, R_(r, "Den enskildes frågor"), x->individual_questions);
	sip_fact(r, R_(r, "Vilka den enskilde vill ska kallas"), x->invite_wishes);
	sip_fact(r, R_(r, "Så vill den enskilde delta"),
	         participation_label(x->participation, r->lang));
	if (x->participation_note)
		sip_fact(r, R_(r, "Mer om deltagandet"), x->participation_note);
	sip_fact(r, R_(r, "Tolk"), x->interpreter_language
	                                   ? x->interpreter_language
	                                   : R_(r, "Behövs inte"));
	sip_fact(r, R_(r, "Hjälpmedel"),
	         sip_field(r, &p->view, FIELD_PREP_AIDS, x->aids));
	sip_fact(r, R_(r, "Pauser"), x->breaks_needed ? R_(r, "Behövs")
	                                              : R_(r, "Behövs inte"));
	sip_fact(r, R_(r, "Trygg plats"), x->safe_place);
	sip_fact(r, R_(r, "Närstående som är med"), x->relatives_present);
	if (x->child_voice || p->person.is_child)
		sip_fact(r, R_(r, "Så kommer barnets röst fram"), x->child_voice);
	sip_fact(r, R_(r, "Senast ändrad"),
	         arena_printf(&r->arena, "%s, %s", ui_date(r, x->updated_at),
	                      x->updated_by_name ? x->updated_by_name : "–"));
	html_raw(r, "</dl>");
}

/* ---- step 4: meetings, invitations and replies ---- */

const char *plan_reply_label(struct request *r, const char *reply)
{
	if (!reply)
		return R_(r, "Inget svar");
	if (strcmp(reply, "attend") == 0)
		return R_(r, "Kommer");
	if (strcmp(reply, "substitute") == 0)
		return R_(r, "Skickar ersättare");
	if (strcmp(reply, "decline") == 0)
		return R_(r, "Kommer inte");
	return reply;
}

static const char *channel_label(struct request *r, const char *channel)
{
	if (channel && strcmp(channel, "letter") == 0)
		return R_(r, "Brev");
	if (channel && strcmp(channel, "phone") == 0)
		return R_(r, "Telefon");
	return R_(r, "I samplan");
}

static const char *party_name(struct request *r, const struct invitation *i)
{
	if (i->unit_id)
		return i->unit_name;
	return i->external_organisation
		? arena_printf(&r->arena, "%s, %s", i->external_name,
		               i->external_organisation)
		: i->external_name;
}

static void reply_cell(struct request *r, const struct invitation *i,
                       const struct meeting *m)
{
	if (!i->reply && m->cancelled_at) {
		html_text(r, R_(r, "Behövs inte, mötet är inställt"));
		return;
	}
	ui_badge(r, i->reply ? (strcmp(i->reply, "decline") == 0 ? "declined"
	                                                         : "answered")
	                     : "missing",
	         plan_reply_label(r, i->reply));
	const char *who = i->substitute_name ? i->substitute_name
	                                     : i->attendee_name;
	if (who) {
		html_raw(r, "<br>");
		html_text(r, who);
	}
	if (i->decline_reason) {
		html_raw(r, "<br><span class=\"text\">");
		html_text(r, i->decline_reason);
		html_raw(r, "</span>");
	}
}

/* The professionals named in an invitation to a unit, who got it at
 * their own address too. */
static void named_professionals(struct request *r, const struct invitation *i)
{
	if (!i->nprofessionals)
		return;
	const char *names = NULL;
	for (int k = 0; k < i->nprofessionals; k++) {
		const struct invitation_professional *x = &i->professionals[k];
		const char *one = x->title ? arena_printf(&r->arena, "%s (%s)",
		                                          x->name, x->title)
		                           : x->name;
		names = names ? arena_printf(&r->arena, "%s, %s", names, one) : one;
	}
	html_raw(r, "<br><span class=\"muted\">");
	html_textf(r, R_(r, "Namngivna: %s"), names);
	html_raw(r, "</span>");
}

/* The lead unit's "Påminn": a reminder by mail to the invited unit
 * (reminder.h), back to this plan. */
static void remind_form(struct request *r, const struct invitation *i)
{
	html_raw(r, "<form method=\"post\" action=\"/invitations/");
	html_int(r, i->id);
	html_raw(r, "/remind\" novalidate>");
	ui_csrf(r);
	ui_hidden(r, "back", "plan");
	html_raw(r, "<button type=\"submit\" class=\"button secondary\">");
	html_text(r, R_(r, "Påminn"));
	html_raw(r, "<span class=\"visually-hidden\"> ");
	html_text(r, i->unit_name);
	html_raw(r, "</span></button></form>");
}

static void invitation_row(struct request *r, int64_t plan_id,
                           const struct meeting *m,
                           const struct invitation *i, bool open,
                           bool may_remind)
{
	html_raw(r, "<tr><th scope=\"row\">");
	html_text(r, party_name(r, i));
	if (!i->unit_id && i->external_contact) {
		html_raw(r, "<br><span class=\"muted\">");
		html_text(r, i->external_contact);
		html_raw(r, "</span>");
	}
	named_professionals(r, i);
	if (!i->unit_id) { /* a party outside samplan gets a letter */
		html_raw(r, "<br><a href=\"");
		html_attr(r, sip_plan_url(r, plan_id,
		                          arena_printf(&r->arena,
		                                       "/invitations/%lld/letter.pdf",
		                                       (long long)i->id)));
		html_raw(r, "\">");
		html_text(r, R_(r, "Kallelsebrev (PDF)"));
		html_raw(r, "</a>");
	}
	html_raw(r, "</th><td class=\"num\">");
	html_text(r, channel_label(r, i->channel));
	html_raw(r, "</td><td>");
	reply_cell(r, i, m);
	if (open && !i->reply && i->unit_id && user_in_unit(r->user, i->unit_id)) {
		html_raw(r, "<br><a href=\"/invitations/");
		html_int(r, i->id);
		html_raw(r, "\">");
		html_text(r, R_(r, "Svara på kallelsen"));
		html_raw(r, "</a>");
	}
	if (open && may_remind && !i->reply && i->unit_id)
		remind_form(r, i);
	html_raw(r, "</td><td class=\"text\">");
	html_text(r, i->ongoing_withheld ? sip_withheld(r, i->ongoing_category)
	             : i->ongoing_interventions ? i->ongoing_interventions : "–");
	html_raw(r, "</td><td>");
	if (i->replied_at) {
		html_text(r, ui_date(r, i->replied_at));
		html_raw(r, "<br>");
		html_text(r, i->replied_by_name);
		if (i->by_hand) {
			html_raw(r, " ");
			html_text(r, R_(r, "(registrerat för hand)"));
		}
	} else {
		html_text(r, "–");
	}
	html_raw(r, "</td></tr>");
}

static void missing_line(struct request *r, const struct meeting *m)
{
	int missing = 0;
	const char *names = NULL;
	for (int i = 0; i < m->ninvitations; i++) {
		if (m->invitations[i].reply)
			continue;
		missing++;
		const char *x = party_name(r, &m->invitations[i]);
		names = names ? arena_printf(&r->arena, "%s, %s", names, x) : x;
	}
	if (!missing)
		return;
	html_raw(r, "<p class=\"notice\"><strong>");
	html_textf(r, trn(r->lang, "%d av %d har inte svarat:",
	                  "%d av %d har inte svarat:", missing),
	           missing, m->ninvitations);
	html_raw(r, "</strong> ");
	html_text(r, names);
	html_raw(r, "</p>");
}

static void invitations_table(struct request *r, const struct plan_view *v,
                              const struct meeting *m)
{
	static const char *const cols[] = {
		N_("Part"), N_("Kanal"), N_("Svar"), N_("Pågående insatser"),
		N_("Besvarad"),
	};
	if (m->ninvitations == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Ingen är kallad till mötet ännu."));
		html_raw(r, "</p>");
		return;
	}
	if (meeting_upcoming(m))
		missing_line(r, m);
	const char *id = arena_printf(&r->arena, "invitations-%lld",
	                              (long long)m->id);
	sip_table_begin(r, id, "invitations");
	html_raw(r, "<caption id=\"");
	html_attr(r, id);
	html_raw(r, "\">");
	html_text(r, R_(r, "Kallelser och svar"));
	html_raw(r, "</caption><thead><tr>");
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		html_raw(r, "<th scope=\"col\">");
		html_text(r, R_(r, cols[i]));
		html_raw(r, "</th>");
	}
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < m->ninvitations; i++)
		invitation_row(r, v->p->id, m, &m->invitations[i],
		               meeting_upcoming(m) && plan_state_open(v->p->state),
		               v->p->may_lead);
	html_raw(r, "</tbody></table></div>");
	if (!meeting_upcoming(m) || !v->p->may_lead ||
	    !plan_state_open(v->p->state))
		return;
	for (int i = 0; i < m->ninvitations; i++)
		if (!m->invitations[i].unit_id && !m->invitations[i].reply)
			plan_form_reply_by_hand(r, v, &m->invitations[i]);
}

static void participants(struct request *r, const struct meeting *m)
{
	if (!m->held || m->nparticipants == 0)
		return;
	html_raw(r, "<p><strong>");
	html_text(r, R_(r, "Deltog:"));
	html_raw(r, "</strong></p><ul>");
	for (int i = 0; i < m->nparticipants; i++) {
		html_raw(r, "<li>");
		html_text(r, m->participants[i].name);
		if (m->participants[i].role) {
			html_raw(r, " – ");
			html_text(r, m->participants[i].role);
		}
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul>");
}

static void meeting_facts(struct request *r, const struct meeting *m)
{
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Plats"), m->place);
	if (m->video_link) {
		html_raw(r, "<dt>");
		html_text(r, R_(r, "Digitalt möte"));
		html_raw(r, "</dt><dd><a href=\"");
		html_attr(r, m->video_link);
		html_raw(r, "\">");
		html_text(r, m->video_link);
		html_raw(r, "</a></dd>");
	}
	sip_fact(r, R_(r, "Längd"),
	         arena_printf(&r->arena, R_(r, "%d minuter"), m->duration_minutes));
	sip_fact(r, R_(r, "Syfte"), m->purpose);
	if (m->cancelled_at) {
		sip_fact(r, R_(r, "Inställt"),
		         arena_printf(&r->arena, R_(r, "%s av %s"),
		                      ui_date(r, m->cancelled_at),
		                      m->cancelled_by_name ? m->cancelled_by_name
		                                           : "–"));
		sip_fact(r, R_(r, "Skäl"), m->cancel_reason);
	}
	if (m->held) {
		sip_fact(r, R_(r, "Ordförande"), m->chair);
		sip_fact(r, R_(r, "Sekreterare"), m->secretary);
		if (m->video_link)
			sip_fact(r, R_(r, "Deltagarnas identitet kontrollerad"),
			         m->identity_checked ? R_(r, "Ja") : R_(r, "Nej"));
	}
	html_raw(r, "</dl>");
}

static void meeting_block(struct request *r, const struct plan_view *v,
                          const struct meeting *m)
{
	const char *kind = m->kind && strcmp(m->kind, "follow_up") == 0
		? R_(r, "Uppföljningsmöte") : R_(r, "SIP-möte");
	html_raw(r, "<h3>");
	html_textf(r, R_(r, "%s %s kl. %s"), kind, m->date, m->start_time);
	html_raw(r, " ");
	ui_badge(r, m->held ? "state done" : m->cancelled_at ? "withdrawn" : "state",
	         m->held           ? R_(r, "Hållet")
	         : m->cancelled_at ? R_(r, "Inställt")
	                           : R_(r, "Planerat"));
	html_raw(r, "</h3>");
	meeting_facts(r, m);
	/* The .ics: to import, or (cancelled) to take out of a calendar. */
	if (!m->held) {
		html_raw(r, "<p><a href=\"");
		html_attr(r, sip_plan_url(r, v->p->id,
		                          arena_printf(&r->arena,
		                                       "/meetings/%lld/meeting.ics",
		                                       (long long)m->id)));
		html_raw(r, "\" download>");
		html_text(r, m->cancelled_at ? R_(r, "Ta bort ur kalendern (.ics)")
		                             : R_(r, "Lägg till i kalendern (.ics)"));
		html_raw(r, "</a></p>");
	}
	if (!m->cancelled_at) {
		/* for a meeting held without samplan (page_plan_print.c) */
		html_raw(r, "<p class=\"doc-link\"><a href=\"");
		html_attr(r, sip_plan_url(r, v->p->id,
		                          arena_printf(&r->arena,
		                                       "/meetings/%lld/planning.pdf",
		                                       (long long)m->id)));
		html_raw(r, "\">");
		html_text(r, R_(r, "Planeringsunderlag på papper (PDF)"));
		html_raw(r, "</a></p>");
	}
	invitations_table(r, v, m);
	participants(r, m);
	plan_meeting_evaluation_links(r, v, m);
	/* The meeting the next step is about has its forms there. */
	if (meeting_upcoming(m) && v->p->may_lead &&
	    plan_state_open(v->p->state) && m != plan_open_meeting(v->p)) {
		plan_form_meeting_reschedule(r, v, m);
		plan_form_meeting_cancel(r, v, m);
	}
}

static void meetings(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	if (p->nmeetings == 0)
		return;
	sip_heading(r, 2, R_(r, "Möten och kallelser"), "meetings");
	for (int i = p->nmeetings - 1; i >= 0; i--)
		meeting_block(r, v, &p->meetings[i]);
}

void plan_record(struct request *r, const struct plan_view *v)
{
	need(r, v->p);
	parties(r, v->p);
	consents(r, v);
	preparation(r, v->p);
	meetings(r, v);
}
