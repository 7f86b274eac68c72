/*
 * page_plan_meeting_form.c — booking the meeting and inviting to it
 * (step 4), on the plan page.
 *
 * Invitations go to units in samplan (they answer in samplan) and to
 * parties outside it, who get a letter or a phone call and whose reply
 * the lead unit registers by hand. The form has a fixed number of rows
 * for outside parties; a row counts when any of it is filled in.
 */
#include <string.h>

#include "base/limits.h"
#include "form/forms.h"
#include "form/rows.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/ui.h"
#include "sip/org.h"
#include "sip/plan.h"
#include "sip/user.h"

/* More active units than this: only those of the plan's principals. */
enum { UNIT_CHOICES_MAX = 200 };

/* The invitation form's own fields; its rows for parties outside
 * samplan are form/rows.h's invitations[i] (external_name,
 * external_organisation, external_contact, channel). */
const struct field plan_invitation_fields[] = {
	{"meeting_id", FIELD_ID, 0},
	{"unit_ids", FIELD_ID_LIST, 200},
	/* "UNIT:USER": a professional named in the invitation to UNIT */
	{"professionals", FIELD_TEXT_LIST, 200},
};
const size_t plan_invitation_nfields =
	sizeof plan_invitation_fields / sizeof *plan_invitation_fields;

/* ---- the meeting ---- */

void plan_form_meeting(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	const struct form *f = plan_posted(v, "meeting");
	const char *purpose = p->preparation ? p->preparation->purpose : NULL;
	struct plan_scope s;
	plan_scope_begin(r, v, "meeting", &s);
	ui_form_begin(r, sip_plan_url(r, p->id, "/meetings"));
	ui_input(r, "date", R_(r, "Datum"), sip_value(r, f, "date", NULL),
	         R_(r, "ÅÅÅÅ-MM-DD. Kalla i god tid, så att alla kan komma."),
	         UI_REQUIRED | UI_DATE, "off");
	ui_input(r, "start_time", R_(r, "Starttid"),
	         sip_value(r, f, "start_time", NULL), R_(r, "TT:MM"),
	         UI_REQUIRED | UI_TIME, "off");
	ui_input(r, "duration_minutes", R_(r, "Längd i minuter"),
	         sip_value(r, f, "duration_minutes", "60"), NULL,
	         UI_REQUIRED | UI_NUMBER, "off");
	ui_input(r, "place", R_(r, "Plats"), sip_value(r, f, "place", NULL),
	         R_(r, "Plats eller länk behövs, eller båda."), 0, "off");
	ui_input(r, "video_link", R_(r, "Länk till digitalt möte"),
	         sip_value(r, f, "video_link", NULL),
	         R_(r, "En fullständig https-adress. Vid digitala möten "
	               "kontrolleras deltagarnas identitet."), 0, "off");
	ui_textarea(r, "purpose", R_(r, "Syfte med mötet"),
	            sip_value(r, f, "purpose", purpose),
	            R_(r, "Står i kallelsen."), UI_REQUIRED, 3);
	ui_submit(r, R_(r, "Boka mötet"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}

/* ---- moving a booked meeting ---- */

/* The meeting's time and place, filled in as they are, to change: the
 * domain raises the meeting's SEQUENCE and mails the invited units
 * (meeting_reschedule). */
void plan_form_meeting_reschedule(struct request *r, const struct plan_view *v,
                                  const struct meeting *m)
{
	const char *scope = arena_printf(&r->arena, "move-%lld",
	                                 (long long)m->id);
	const struct form *f = plan_posted(v, scope);
	plan_details_begin(r, v, scope,
	                   arena_printf(&r->arena,
	                                R_(r, "Ändra tid eller plats för mötet "
	                                      "%s kl. %s"),
	                                m->date, m->start_time));
	struct plan_scope s;
	plan_scope_begin(r, v, scope, &s);
	html_raw(r, "<p>");
	html_text(r, R_(r, "De kallade enheterna får ändringen med e-post och "
	                   "en ny kalenderfil. Svar som redan har getts står "
	                   "kvar. Parter utanför samplan behöver ett nytt brev "
	                   "eller samtal."));
	html_raw(r, "</p>");
	ui_form_begin(r, sip_plan_url(r, v->p->id,
	                              arena_printf(&r->arena,
	                                           "/meetings/%lld/reschedule",
	                                           (long long)m->id)));
	ui_input(r, "date", R_(r, "Datum"), sip_value(r, f, "date", m->date),
	         R_(r, "ÅÅÅÅ-MM-DD"), UI_REQUIRED | UI_DATE, "off");
	ui_input(r, "start_time", R_(r, "Starttid"),
	         sip_value(r, f, "start_time", m->start_time), R_(r, "TT:MM"),
	         UI_REQUIRED | UI_TIME, "off");
	ui_input(r, "duration_minutes", R_(r, "Längd i minuter"),
	         sip_value(r, f, "duration_minutes",
	                   sip_id(r, m->duration_minutes)),
	         NULL, UI_REQUIRED | UI_NUMBER, "off");
	ui_input(r, "place", R_(r, "Plats"), sip_value(r, f, "place", m->place),
	         R_(r, "Plats eller länk behövs, eller båda."), 0, "off");
	ui_input(r, "video_link", R_(r, "Länk till digitalt möte"),
	         sip_value(r, f, "video_link", m->video_link),
	         R_(r, "En fullständig https-adress."), 0, "off");
	ui_submit(r, R_(r, "Spara den nya tiden"));
	ui_form_end(r);
	plan_scope_end(r, &s);
	plan_details_end(r);
}

/* ---- the invitations ---- */

static bool invited(const struct meeting *m, int64_t unit_id)
{
	for (int i = 0; i < m->ninvitations; i++)
		if (m->invitations[i].unit_id == unit_id)
			return true;
	return false;
}

static bool plan_principal(const struct plan *p, int64_t principal_id)
{
	for (int i = 0; i < p->nprincipals; i++)
		if (p->principals[i].id == principal_id)
			return true;
	return false;
}

/* A consent in force names the principal among its recipients: its
 * units may be invited (the domain refuses the others). */
static bool consent_covers(const struct plan *p, int64_t principal_id)
{
	for (int i = 0; i < p->nconsents; i++) {
		const struct consent *c = &p->consents[i];
		for (int k = 0; c->in_force && k < c->nrecipients; k++)
			if (c->recipients[k].id == principal_id)
				return true;
	}
	return false;
}

/* One sentence naming the plan's principals no consent covers, and
 * where to record one: why their units are not in the list. */
static void uncovered_note(struct request *r, const struct plan *p)
{
	const char *names = NULL;
	for (int i = 0; i < p->nprincipals; i++) {
		if (consent_covers(p, p->principals[i].id))
			continue;
		names = names ? arena_printf(&r->arena, "%s, %s", names,
		                             p->principals[i].name)
		              : p->principals[i].name;
	}
	if (!names)
		return;
	html_raw(r, "<p class=\"hint\">");
	html_textf(r, R_(r, "Samtycket omfattar inte %s, så deras enheter kan "
	                   "inte kallas. "), names);
	html_raw(r, "<a href=\"#details-consent\">");
	html_text(r, R_(r, "Dokumentera ett samtycke som omfattar dem"));
	html_raw(r, "</a>.</p>");
}

/* Active units of the principals a consent in force covers, other than
 * the lead unit and those already invited. */
static void unit_choices(struct request *r, const struct plan_view *v,
                         const struct meeting *m, const struct form *f)
{
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	struct unit *all = NULL;
	int nall = 0;
	ctx.problem = &scratch;
	unit_list(&ctx, 0, true, &all, &nall);
	const struct form_value *chosen = f ? form_value(f, "unit_ids") : NULL;
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)nall + 1);
	bool *on = arena_array(&r->arena, bool, (size_t)nall + 1);
	int n = 0;
	for (int i = 0; i < nall; i++) {
		const struct unit *u = &all[i];
		if (u->id == v->p->lead_unit_id || invited(m, u->id) ||
		    !consent_covers(v->p, u->principal_id))
			continue;
		if (nall > UNIT_CHOICES_MAX && !plan_principal(v->p, u->principal_id))
			continue;
		o[n] = (struct ui_option){
			sip_id(r, u->id),
			arena_printf(&r->arena, "%s (%s)", u->name, u->principal_name)};
		on[n++] = chosen && sip_has_id(chosen->ids, chosen->nlist, u->id);
	}
	ui_checkbox_group(r, "unit_ids", R_(r, "Enheter i samplan"), o, n, on,
	                  R_(r, "De svarar i samplan och ser planen så länge "
	                        "de deltar. Listan visar enheterna hos de "
	                        "huvudmän som samtycket omfattar."));
	uncovered_note(r, v->p);
}

/* Professionals of the units offered, to name in the invitation (they
 * get it at their own address too): the units of the plan's
 * principals, at most PROFESSIONAL_UNITS_MAX of them, in one
 * checkbox group whose values say unit and user. */
enum { PROFESSIONAL_UNITS_MAX = 50 };

static void professional_choices(struct request *r, const struct plan_view *v,
                                 const struct meeting *m, const struct form *f)
{
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	struct unit *all = NULL;
	int nall = 0;
	ctx.problem = &scratch;
	unit_list(&ctx, 0, true, &all, &nall);
	int64_t *ids = arena_array(&r->arena, int64_t, PROFESSIONAL_UNITS_MAX);
	const char **names = arena_array(&r->arena, const char *,
	                                 PROFESSIONAL_UNITS_MAX);
	int nunits = 0;
	for (int i = 0; i < nall && nunits < PROFESSIONAL_UNITS_MAX; i++) {
		const struct unit *u = &all[i];
		if (u->id == v->p->lead_unit_id || invited(m, u->id) ||
		    !plan_principal(v->p, u->principal_id))
			continue;
		ids[nunits] = u->id;
		names[nunits++] = u->name;
	}
	struct user *users = NULL;
	int nusers = 0;
	if (!nunits || !user_list_in_units(&ctx, ids, nunits, &users, &nusers) ||
	    !nusers)
		return;
	const struct form_value *chosen = f ? form_value(f, "professionals") : NULL;
	size_t cap = (size_t)nusers * (size_t)nunits;
	struct ui_option *o = arena_array(&r->arena, struct ui_option, cap);
	bool *on = arena_array(&r->arena, bool, cap);
	int n = 0;
	for (int k = 0; k < nunits; k++)
		for (int i = 0; i < nusers; i++) {
			const struct user *u = &users[i];
			if (!user_in_unit(u, ids[k]))
				continue;
			const char *value = arena_printf(&r->arena, "%lld:%lld",
			                                 (long long)ids[k],
			                                 (long long)u->id);
			o[n] = (struct ui_option){value,
				u->title ? arena_printf(&r->arena, "%s, %s – %s",
				                        u->full_name, u->title, names[k])
				         : arena_printf(&r->arena, "%s – %s",
				                        u->full_name, names[k])};
			on[n] = false;
			for (int c = 0; chosen && c < chosen->nlist; c++)
				on[n] |= !strcmp(chosen->list[c], value);
			n++;
		}
	ui_checkbox_group(r, "professionals",
	                  R_(r, "Namngivna yrkespersoner (frivilligt)"), o, n, on,
	                  R_(r, "Den du väljer får kallelsen också till sin egen "
	                        "e-post. Välj även personens enhet ovan."));
}

/* Row i for a party outside samplan: blank, or as posted (rows). */
static void external_row(struct request *r, const struct form_rows *rows,
                         int i)
{
	struct ui_option channels[] = {
		{"letter", R_(r, "Brev")},
		{"phone", R_(r, "Telefon")},
	};
	const char *col[] = {"external_name", "external_organisation",
	                     "external_contact", "channel"};
	const char *name[4], *value[4];
	for (int c = 0; c < 4; c++) {
		name[c] = arena_printf(&r->arena, "%s[%d].%s",
		                       invitation_shape.list, i, col[c]);
		value[c] = rows && i < rows->n
		           ? form_rows_value(rows, i, col[c])->text : NULL;
	}
	html_raw(r, "<fieldset class=\"row\"><legend>");
	html_textf(r, R_(r, "Part utanför samplan %d"), i + 1);
	html_raw(r, "</legend><div class=\"row-fields\">");
	ui_input(r, name[0], R_(r, "Namn"), value[0], NULL, 0, "off");
	ui_input(r, name[1], R_(r, "Organisation"), value[1], NULL, 0, "off");
	ui_input(r, name[2], R_(r, "Adress eller telefon"), value[2], NULL, 0,
	         "off");
	ui_select(r, name[3], R_(r, "Kallas med"), channels, 2,
	          value[3] ? value[3] : "letter", NULL, 0);
	html_raw(r, "</div></fieldset>");
}

static void meeting_line(struct request *r, const struct meeting *m)
{
	html_raw(r, "<p>");
	html_textf(r, R_(r, "Kallelse till mötet %s kl. %s, %s."), m->date,
	           m->start_time,
	           m->place ? m->place : R_(r, "digitalt"));
	html_raw(r, "</p>");
}

void plan_form_invitations(struct request *r, const struct plan_view *v,
                           const struct meeting *m)
{
	const struct plan *p = v->p;
	const struct form *f = plan_posted(v, "invitations");
	struct plan_scope s;
	plan_scope_begin(r, v, "invitations", &s);
	meeting_line(r, m);
	if (p->person.protected_identity) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, R_(r, "Personen har skyddade personuppgifter. "
		                   "Kallelser till parter utanför samplan hanteras "
		                   "manuellt: skicka inga uppgifter om personen med "
		                   "vanlig post eller e-post utan att följa rutinen."));
		html_raw(r, "</p>");
	}
	ui_form_begin(r, sip_plan_url(r, p->id, "/invitations"));
	ui_hidden(r, "meeting_id", sip_id(r, m->id));
	ui_field_error(r, "meeting_id");
	ui_field_error(r, "invitations");
	unit_choices(r, v, m, f);
	professional_choices(r, v, m, f);
	html_raw(r, "<p class=\"hint\">");
	html_text(r, R_(r, "Parter utanför samplan får kallelsen med brev "
	                   "eller per telefon. Registrera deras svar här när det "
	                   "kommer. Lämna raderna tomma om ingen sådan part ska "
	                   "kallas."));
	html_raw(r, "</p>");
	/* As posted when this form comes back refused (the request's input
	 * is then what was posted, also after Post/Redirect/Get). */
	struct form_rows posted;
	struct problem scratch = {0};
	bool again = f && form_rows_read(r, &scratch, &invitation_shape, &posted);
	for (int i = 0; i < PLAN_EXTERNAL_ROWS; i++)
		external_row(r, again ? &posted : NULL, i);
	ui_submit(r, R_(r, "Skicka kallelserna"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}
