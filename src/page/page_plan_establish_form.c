/*
 * page_plan_establish_form.c — the form of step 5 (and of a revision),
 * in the order of the SIP meeting (Uppsala guideline, bilaga 3): who
 * took part and who chaired; the individual's own description of the
 * situation and how they would like it; needs; goals; interventions and
 * who is responsible for each; actions by others; the crisis plan; the
 * coordinator, contact persons and the follow-up; the individual's
 * acceptance. Rows are fieldsets with a legend ("Mål 2"), so every field
 * has a visible label and its error next to it. No JavaScript: "Lägg
 * till ett mål" and the like are submit buttons that come back with one
 * more row, focused; a hidden copy of the save button comes first in the
 * form, so Enter in a text field saves instead of adding rows. An
 * intervention's less used fields (contact, frequency, dates) sit in a
 * <details>, open when one of them is filled in or wrong: a keyboard
 * user passes them with one Tab.
 */
#include <stddef.h>
#include <string.h>

#include "http/html.h"
#include "page/layout.h"
#include "page/page_plan_establish.h"
#include "page/page_sip.h"
#include "page/ui.h"
#include "sip/follow_up.h"

/* ---- labels, for the error summary ---- */

static const struct ui_option flat_labels[] = {
	{"meeting_id", N_("Mötet")},
	{"participants", N_("Deltagare")},
	{"chair", N_("Ordförande")},
	{"secretary", N_("Sekreterare")},
	{"identity_checked", N_("Deltagarnas identitet")},
	{"purpose", N_("Syftet")},
	{"situation", N_("Aktuell situation")},
	{"wishes", N_("Så vill jag ha det")},
	{"future_needs", N_("Hur behoven kan förändras")},
	{"needs", N_("Behov")},
	{"goals", N_("Mål")},
	{"interventions", N_("Insatser")},
	{"actions_by_others", N_("Vad ska annan göra")},
	{"crisis_plan", N_("Handlingsplan vid kris")},
	{"coordinator_user_id", N_("Huvudansvarig för planen")},
	{"coordinator_fast_care_contact", N_("Fast vårdkontakt")},
	{"contact_persons", N_("Kontaktpersoner")},
	{"follow_up_date", N_("Datum för uppföljning")},
	{"follow_up_place", N_("Plats för uppföljning")},
	{"individual_approved", N_("Den enskildes godkännande")},
	{"change_reason", N_("Vad som ändras och varför")},
	{NULL, NULL},
};

static const struct ui_option col_labels[] = {
	{".kind", N_("typ av mål")},
	{".text", N_("målet")},
	{".goal", N_("hör till mål")},
	{".what", N_("insats/aktivitet")},
	{".who", N_("vem som ansvarar")},
	{".also_responsible", N_("fler som ansvarar")},
	{".responsible_name", N_("ansvar")},
	{".contact_name", N_("kontaktperson")},
	{".frequency", N_("frekvens")},
	{".timing", N_("tidsplan")},
	{".start_date", N_("startdatum")},
	{".end_date", N_("slutdatum")},
	{".name", N_("namn")},
	{".role", N_("roll")},
	{NULL, NULL},
};

static const char *lookup(const struct ui_option *t, const char *key)
{
	for (; t->value; t++)
		if (strcmp(t->value, key) == 0)
			return t->label;
	return NULL;
}

/* "Mål 2" for row 1 of goals; NULL for another field. */
static const char *row_title(struct request *r, const char *list, int k)
{
	if (strcmp(list, "goals") == 0)
		return arena_printf(&r->arena, R_(r, "Mål %d"), k + 1);
	if (strcmp(list, "interventions") == 0)
		return arena_printf(&r->arena, R_(r, "Insats %d"), k + 1);
	return arena_printf(&r->arena, R_(r, "Deltagare %d"), k + 1);
}

static const char *field_label(struct request *r, const char *field)
{
	static const char *const lists[] = {"goals", "interventions",
	                                    "participants"};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		int k;
		const char *rest;
		if (!sip_row_field(field, lists[i], &k, &rest))
			continue;
		const char *col = lookup(col_labels, rest);
		return arena_printf(&r->arena, "%s, %s", row_title(r, lists[i], k),
		                    col ? R_(r, col) : rest);
	}
	const char *l = lookup(flat_labels, field);
	return l ? R_(r, l) : NULL;
}

static const struct ui_option *summary_labels(struct request *r)
{
	const struct problem *p = &r->problem;
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)p->nfields + 1);
	int n = 0;
	for (int i = 0; i < p->nfields; i++) {
		const char *l = field_label(r, p->fields[i].field);
		if (l)
			o[n++] = (struct ui_option){p->fields[i].field, l};
	}
	o[n] = (struct ui_option){NULL, NULL};
	return o;
}

/* ---- values ---- */

static const struct {
	const char *name;
	size_t offset;
} version_texts[] = {
	{"purpose", offsetof(struct plan_version, purpose)},
	{"situation", offsetof(struct plan_version, situation)},
	{"wishes", offsetof(struct plan_version, wishes)},
	{"future_needs", offsetof(struct plan_version, future_needs)},
	{"needs", offsetof(struct plan_version, needs)},
	{"actions_by_others", offsetof(struct plan_version, actions_by_others)},
	{"crisis_plan", offsetof(struct plan_version, crisis_plan)},
	{"contact_persons", offsetof(struct plan_version, contact_persons)},
	{"follow_up_place", offsetof(struct plan_version, follow_up_place)},
};

/* What a fresh form shows: a revision the current version; a new plan
 * the purpose agreed in the preparation. */
static const char *fresh(struct request *r, const struct establish_form *e,
                         const char *name)
{
	const struct plan_version *v = e->from;
	/* A revision decided at a follow-up: the next follow-up's date and
	 * place were agreed there. */
	const struct follow_up *f = v && e->p->nfollow_ups
	                          ? &e->p->follow_ups[e->p->nfollow_ups - 1]
	                          : NULL;
	if (f && f->outcome && strcmp(f->outcome, "revise") == 0) {
		if (strcmp(name, "follow_up_date") == 0 && f->next_date)
			return f->next_date;
		if (strcmp(name, "follow_up_place") == 0 && f->next_place)
			return f->next_place;
	}
	for (size_t i = 0; v && i < sizeof version_texts / sizeof *version_texts;
	     i++)
		if (strcmp(name, version_texts[i].name) == 0)
			return *(const char *const *)((const char *)v +
			                              version_texts[i].offset);
	if (v && strcmp(name, "coordinator_user_id") == 0)
		return sip_id(r, v->coordinator_user_id);
	if (!v && strcmp(name, "purpose") == 0)
		return e->p->preparation ? e->p->preparation->purpose
		     : e->meeting        ? e->meeting->purpose
		                         : NULL;
	return NULL;
}

static const char *val(struct request *r, const struct establish_form *e,
                       const char *name)
{
	return sip_value(r, e->flat, name, fresh(r, e, name));
}

static bool flag(const struct establish_form *e, const char *name)
{
	return e->flat && form_bool(e->flat, name);
}

static const char *row_name(struct request *r, const char *list, int i,
                            const char *key)
{
	return arena_printf(&r->arena, "%s[%d].%s", list, i, key);
}

/* A row: a fieldset with its fields in a grid of three columns. */
static void row_begin(struct request *r, const char *legend)
{
	html_raw(r, "<fieldset class=\"row\"><legend>");
	html_text(r, legend);
	html_raw(r, "</legend><div class=\"row-fields three\">");
}

static void row_end(struct request *r) { html_raw(r, "</div></fieldset>"); }

/* A button that comes back with one more row of `list` ("goal" ...). */
static void add_button(struct request *r, const char *list, const char *label)
{
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" name=\"add\" "
	            "value=\"");
	html_attr(r, list);
	html_raw(r, "\" class=\"button secondary\">");
	html_text(r, label);
	html_raw(r, "</button></div>");
}

/* UI_AUTOFOCUS for the row just added (the last one of its list). */
static unsigned focus_if_added(const struct establish_form *e,
                               const char *list, int i, int n)
{
	return e->added && strcmp(e->added, list) == 0 && i == n - 1
		? UI_AUTOFOCUS : 0;
}

/* ---- the meeting ---- */

static void participant_row(struct request *r, const struct establish_form *e,
                            int i)
{
	const struct participant_row *x = &e->participants[i];
	const char *legend = x->invitation_id && x->label
		? arena_printf(&r->arena, R_(r, "Deltagare %d: %s"), i + 1, x->label)
		: arena_printf(&r->arena, R_(r, "Deltagare %d"), i + 1);
	row_begin(r, legend);
	if (x->invitation_id) {
		ui_hidden(r, row_name(r, "participants", i, "invitation_id"),
		          x->invitation_id);
		if (x->unit_id)
			ui_hidden(r, row_name(r, "participants", i, "unit_id"),
			          x->unit_id);
		ui_checkbox(r, row_name(r, "participants", i, "present"),
		            R_(r, "Deltog"), x->present, NULL);
	}
	ui_input(r, row_name(r, "participants", i, "name"), R_(r, "Namn"),
	         x->name, NULL,
	         focus_if_added(e, "participants", i, e->nparticipants), "off");
	ui_input(r, row_name(r, "participants", i, "role"),
	         R_(r, "Roll eller verksamhet"), x->role, NULL, 0, "off");
	row_end(r);
}

static void meeting_section(struct request *r, const struct establish_form *e)
{
	const struct meeting *m = e->meeting;
	sip_heading(r, 2, R_(r, "Mötet"), NULL);
	ui_field_error(r, "meeting_id");
	if (!m) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, e->revise
		                     ? R_(r, "Inget uppföljningsmöte är bokat. Planen "
		                             "kan revideras ändå; deltagarna "
		                             "dokumenteras då inte.")
		                     : R_(r, "Inget SIP-möte är bokat. Boka mötet och "
		                             "skicka kallelserna från planens sida "
		                             "först."));
		html_raw(r, "</p>");
		return;
	}
	html_raw(r, "<p>");
	html_textf(r, R_(r, "Mötet %s kl. %s, %s."), m->date, m->start_time,
	           m->place ? m->place : R_(r, "digitalt"));
	html_raw(r, "</p>");
	ui_hidden(r, "meeting_id", sip_id(r, m->id));
	html_raw(r, "<fieldset class=\"rows\"><legend>");
	html_text(r, R_(r, "Deltagare vid mötet"));
	html_raw(r, "</legend><p class=\"hint\">");
	html_text(r, R_(r, "De kallade enheter som svarat att de kommer är "
	                   "förvalda. Skriv in den enskilde, närstående och andra "
	                   "som var med; tomma rader räknas inte."));
	html_raw(r, "</p>");
	ui_field_error(r, "participants");
	for (int i = 0; i < e->nparticipants; i++)
		participant_row(r, e, i);
	if (e->nparticipants < ESTABLISH_MAX_PARTICIPANTS)
		add_button(r, "participant", R_(r, "Lägg till en deltagare"));
	html_raw(r, "</fieldset>");
	ui_input(r, "chair", R_(r, "Ordförande"), val(r, e, "chair"),
	         R_(r, "Den enskilde kan själv leda mötet."), UI_REQUIRED, "off");
	ui_input(r, "secretary", R_(r, "Sekreterare"), val(r, e, "secretary"),
	         NULL, UI_REQUIRED, "off");
	if (m->video_link)
		ui_checkbox(r, "identity_checked",
		            R_(r, "Deltagarnas identitet är kontrollerad och inga "
		                  "obehöriga lyssnar"),
		            flag(e, "identity_checked"),
		            R_(r, "Krävs vid digitala möten."));
}

/* ---- the individual's own words ---- */

static void description_section(struct request *r,
                                 const struct establish_form *e)
{
	sip_heading(r, 2, R_(r, "Den enskildes beskrivning"), NULL);
	ui_textarea(r, "purpose", R_(r, "Syftet – varför träffas vi?"),
	            val(r, e, "purpose"), NULL, 0, 2);
	ui_textarea(r, "situation", R_(r, "Aktuell situation – min nuvarande "
	                                  "situation är så här"),
	            val(r, e, "situation"),
	            R_(r, "Med den enskildes egna ord: vad fungerar bra och vad "
	                  "fungerar sämre?"),
	            UI_REQUIRED, 4);
	ui_textarea(r, "wishes", R_(r, "Så vill jag ha det"), val(r, e, "wishes"),
	            NULL, UI_REQUIRED, 3);
	ui_textarea(r, "future_needs", R_(r, "Hur tror jag att mina behov kan "
	                                     "förändras framöver?"),
	            val(r, e, "future_needs"), NULL, 0, 2);
	ui_textarea(r, "needs", R_(r, "Behov som har identifierats"),
	            val(r, e, "needs"), NULL, UI_REQUIRED, 3);
}

/* ---- goals ---- */

static void goal_row(struct request *r, const struct establish_form *e, int i)
{
	struct ui_option kinds[] = {
		{"overall", R_(r, "Övergripande mål")},
		{"sub", R_(r, "Delmål")},
	};
	const struct goal_row *g = &e->goals[i];
	row_begin(r, arena_printf(&r->arena, R_(r, "Mål %d"), i + 1));
	ui_select(r, row_name(r, "goals", i, "kind"), R_(r, "Typ av mål"), kinds,
	          2, g->kind ? g->kind : i == 0 ? "overall" : "sub", NULL, 0);
	html_raw(r, "<div class=\"span2\">");
	ui_textarea(r, row_name(r, "goals", i, "text"), R_(r, "Målet"), g->text,
	            NULL, focus_if_added(e, "goals", i, e->ngoals), 2);
	html_raw(r, "</div>");
	row_end(r);
}

static void goals_section(struct request *r, const struct establish_form *e)
{
	sip_heading(r, 2, R_(r, "Mål"), NULL);
	html_raw(r, "<p class=\"hint\">");
	html_text(r, R_(r, "Konkreta mål som den enskilde har accepterat: "
	                   "övergripande (långsiktiga) mål och delmål. Varje "
	                   "insats nedan knyts till ett av målen."));
	html_raw(r, "</p>");
	ui_field_error(r, "goals");
	for (int i = 0; i < e->ngoals; i++)
		goal_row(r, e, i);
	if (e->ngoals < ESTABLISH_MAX_GOALS)
		add_button(r, "goal", R_(r, "Lägg till ett mål"));
}

/* ---- interventions ---- */

/* A goal's text cut for a menu, at a character boundary. */
static const char *short_text(struct request *r, const char *s)
{
	enum { MAX = 60 };
	size_t n = strlen(s);
	if (n <= MAX)
		return s;
	n = MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return arena_printf(&r->arena, "%.*s…", (int)n, s);
}

/* The goals by their text, as the individual knows them; a goal not yet
 * written (its text comes with the next round trip) by its number. */
static struct ui_option *goal_options(struct request *r,
                                      const struct establish_form *e)
{
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)e->ngoals + 1);
	for (int i = 0; i < e->ngoals; i++) {
		const char *text = e->goals[i].text;
		o[i] = (struct ui_option){
			arena_printf(&r->arena, "%d", i + 1),
			text ? short_text(r, text)
			     : arena_printf(&r->arena, R_(r, "Mål %d (ännu utan text)"),
			                    i + 1)};
	}
	return o;
}

static const char *kind_of_unit(const struct unit *u)
{
	switch (u->principal_kind) {
	case PRINCIPAL_MUNICIPALITY:
		return "municipality_unit";
	case PRINCIPAL_REGION:
		return "region_unit";
	case PRINCIPAL_OTHER_ACTOR:
		break;
	}
	return "other_actor";
}

/* One menu for who is responsible: the units, then the individual, a
 * relative and another actor (page_plan_establish.h, "who"). */
static struct ui_option *who_options(struct request *r,
                                     const struct establish_form *e, int *n)
{
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)e->nunits + 4);
	int k = 0;
	for (int i = 0; i < e->nunits; i++)
		o[k++] = (struct ui_option){
			arena_printf(&r->arena, "%s:%lld", kind_of_unit(&e->units[i]),
			             (long long)e->units[i].id),
			arena_printf(&r->arena, "%s (%s)", e->units[i].name,
			             e->units[i].principal_name)};
	o[k++] = (struct ui_option){
		"individual",
		arena_printf(&r->arena, R_(r, "Den enskilde (%s)"),
		             sip_person_name(r, &e->p->person))};
	o[k++] = (struct ui_option){"relative", R_(r, "Närstående")};
	o[k++] = (struct ui_option){"other_actor",
	                            R_(r, "Annan aktör utan enhet här")};
	*n = k;
	return o;
}

struct choices {
	struct ui_option *goals, *who;
	int nwho;
};

/* The row's less used fields are shown when one of them has a value or
 * an error. */
static bool more_open(struct request *r, const struct intervention_row *x,
                      int i)
{
	static const char *const keys[] = {"also_responsible", "contact_name",
	                                   "frequency", "start_date",
	                                   "end_date"};
	if (x->nalso || x->contact_name || x->frequency || x->start_date ||
	    x->end_date)
		return true;
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (problem_field_message(&r->problem,
		                          row_name(r, "interventions", i, keys[k])))
			return true;
	return false;
}

/* Who else is responsible, besides "Vem ansvarar": the same choices,
 * several at once (seed 000: "Anna och Elena"). */
static void also_field(struct request *r, const struct choices *c,
                       const struct intervention_row *x, int i)
{
	bool *on = arena_array(&r->arena, bool, (size_t)c->nwho + 1);
	for (int k = 0; k < c->nwho; k++)
		for (int j = 0; j < x->nalso && !on[k]; j++)
			on[k] = x->also[j] && strcmp(x->also[j], c->who[k].value) == 0;
	ui_checkbox_group(r, row_name(r, "interventions", i, "also_responsible"),
	                  R_(r, "Fler som ansvarar"), c->who, c->nwho, on,
	                  R_(r, "T.ex. både den enskilde och en närstående, "
	                        "eller en enhet tillsammans med den enskilde. "
	                        "Skriv allas namn i ”Ansvar”."));
}

static void intervention_row(struct request *r, const struct establish_form *e,
                             const struct choices *c, int i)
{
	const struct intervention_row *x = &e->interventions[i];
	const char *L = "interventions";
	row_begin(r, arena_printf(&r->arena, R_(r, "Insats %d"), i + 1));
	ui_select(r, row_name(r, L, i, "goal"), R_(r, "Hör till mål"), c->goals,
	          e->ngoals, x->goal, R_(r, "Välj mål"),
	          focus_if_added(e, L, i, e->ninterventions));
	ui_select(r, row_name(r, L, i, "who"), R_(r, "Vem ansvarar"), c->who,
	          c->nwho, x->who, R_(r, "Välj"), 0);
	html_raw(r, "<div class=\"wide\">");
	ui_textarea(r, row_name(r, L, i, "what"), R_(r, "Insats/aktivitet"),
	            x->what, NULL, 0, 2);
	html_raw(r, "</div>");
	ui_input(r, row_name(r, L, i, "responsible_name"),
	         R_(r, "Ansvar, som det ska stå i planen"), x->responsible_name,
	         R_(r, "T.ex. ”Anna och Elena”. Tomt: enhetens namn."), 0, "off");
	ui_input(r, row_name(r, L, i, "timing"), R_(r, "Tidsplan start/sluttid"),
	         x->timing, NULL, 0, "off");
	html_raw(r, more_open(r, x, i) ? "<details class=\"form-details wide\" open>"
	                               : "<details class=\"form-details wide\">");
	html_raw(r, "<summary>");
	html_text(r, R_(r, "Fler som ansvarar, kontaktperson, frekvens och "
	                   "datum"));
	html_raw(r, "</summary>");
	also_field(r, c, x, i);
	html_raw(r, "<div class=\"row-fields three\">");
	ui_input(r, row_name(r, L, i, "contact_name"), R_(r, "Kontaktperson"),
	         x->contact_name, NULL, 0, "off");
	ui_input(r, row_name(r, L, i, "frequency"), R_(r, "Frekvens"),
	         x->frequency, NULL, 0, "off");
	ui_input(r, row_name(r, L, i, "start_date"), R_(r, "Startdatum"),
	         x->start_date, NULL, UI_DATE, "off");
	ui_input(r, row_name(r, L, i, "end_date"), R_(r, "Slutdatum"),
	         x->end_date, NULL, UI_DATE, "off");
	html_raw(r, "</div></details>");
	row_end(r);
}

static void interventions_section(struct request *r,
                                  const struct establish_form *e)
{
	struct choices c = {.goals = goal_options(r, e)};
	c.who = who_options(r, e, &c.nwho);
	sip_heading(r, 2, R_(r, "Vad som ska göras och vem som ansvarar för vad"),
	            NULL);
	html_raw(r, "<p class=\"hint\">");
	html_text(r, R_(r, "En rad per insats, med ord som den enskilde "
	                   "förstår. ”Ansvar” står i planen som det skrivs, t.ex. "
	                   "”Kurator Vuxenpsykiatri” eller ”Anna och Elena”. "
	                   "Kommunens och regionens insatser knyts till sin "
	                   "enhet."));
	html_raw(r, "</p>");
	ui_field_error(r, "interventions");
	for (int i = 0; i < e->ninterventions; i++)
		intervention_row(r, e, &c, i);
	if (e->ninterventions < ESTABLISH_MAX_INTERVENTIONS)
		add_button(r, "intervention", R_(r, "Lägg till en insats"));
}

/* ---- the rest ---- */

static void coordinator_field(struct request *r, const struct establish_form *e)
{
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)e->ncoordinators + 1);
	for (int i = 0; i < e->ncoordinators; i++) {
		const struct user *u = &e->coordinators[i];
		o[i] = (struct ui_option){
			sip_id(r, u->id),
			arena_printf(&r->arena, "%s%s%s – %s", u->full_name,
			             u->title ? ", " : "", u->title ? u->title : "",
			             u->nunits ? u->units[0].name : "")};
	}
	ui_select(r, "coordinator_user_id", R_(r, "Huvudansvarig för planen "
	                                         "(samordningsansvarig)"),
	          o, e->ncoordinators, val(r, e, "coordinator_user_id"),
	          R_(r, "Välj person"), UI_REQUIRED);
	bool fast = e->flat ? form_bool(e->flat, "coordinator_fast_care_contact")
	          : e->from && e->from->coordinator_fast_care_contact;
	ui_checkbox(r, "coordinator_fast_care_contact",
	            R_(r, "Den huvudansvarige är också den enskildes fasta "
	                  "vårdkontakt"),
	            fast, NULL);
}

static void responsibility_section(struct request *r,
                                   const struct establish_form *e)
{
	sip_heading(r, 2, R_(r, "Övrigt, ansvar och uppföljning"), NULL);
	ui_textarea(r, "actions_by_others", R_(r, "Vad ska annan göra? Åtgärder "
	                                          "av andra än kommun och "
	                                          "region"),
	            val(r, e, "actions_by_others"),
	            R_(r, "T.ex. Försäkringskassan, Arbetsförmedlingen, skolan, "
	                  "hyresvärden."), 0, 3);
	ui_textarea(r, "crisis_plan", R_(r, "Handlingsplan vid kris – möjliga och "
	                                    "förväntade situationer"),
	            val(r, e, "crisis_plan"),
	            R_(r, "Vad gör den enskilde och de andra om det blir svårt, "
	                  "och vem kontaktas?"), UI_REQUIRED, 3);
	html_raw(r, "<p class=\"hint\">");
	html_text(r, R_(r, "Huvudansvarig blir den från kommun eller region som "
	                   "den enskilde har mest kontakt med. Listan visar "
	                   "personalen på de enheter i kommun och region som "
	                   "deltar i planen."));
	html_raw(r, "</p>");
	coordinator_field(r, e);
	ui_textarea(r, "contact_persons", R_(r, "Kontaktpersoner för "
	                                        "samordningen"),
	            val(r, e, "contact_persons"), NULL, 0, 2);
	ui_input(r, "follow_up_date", R_(r, "Datum för planerad uppföljning"),
	         val(r, e, "follow_up_date"), R_(r, "ÅÅÅÅ-MM-DD"),
	         UI_REQUIRED | UI_DATE, "off");
	ui_input(r, "follow_up_place", R_(r, "Plats för uppföljningen"),
	         val(r, e, "follow_up_place"), NULL, UI_REQUIRED, "off");
}

static void approval(struct request *r, const struct establish_form *e)
{
	if (e->revise)
		ui_textarea(r, "change_reason", R_(r, "Vad ändras och varför?"),
		            val(r, e, "change_reason"),
		            R_(r, "En upprättad plan ändras inte; den reviderade "
		                  "planen blir en ny version."), UI_REQUIRED, 3);
	/* A revision is a proposal; the individual's approval is recorded
	 * after it, with who, how and when (page_plan_approval.c). */
	if (e->revise) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Den reviderade planen sparas som ett förslag. "
		                   "Den gäller när den enskildes godkännande är "
		                   "registrerat."));
		html_raw(r, "</p>");
		return;
	}
	ui_checkbox(r, "individual_approved",
	            R_(r, "Den enskilde har accepterat målen, insatserna och "
	                  "planen"),
	            flag(e, "individual_approved"),
	            R_(r, "Planen är den enskildes: den upprättas bara med hens "
	                  "godkännande."));
}

void establish_page(struct request *r, const struct establish_form *e)
{
	const char *name = sip_person_name(r, &e->p->person);
	const char *title = e->revise ? R_(r, "Revidera planen")
	                              : R_(r, "Upprätta planen");
	const char *save_label = e->revise ? R_(r, "Spara den reviderade planen")
	                                   : R_(r, "Upprätta planen");
	layout_begin_bare(r, title, NAV_WORK);
	html_raw(r, "<h1>");
	html_textf(r, "%s – %s", title, name);
	html_raw(r, "</h1>");
	sip_person_line(r, &e->p->person);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Skriv planen under mötet tillsammans med den "
	                   "enskilde. Inget sparas förrän du väljer knappen "
	                   "längst ned."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, summary_labels(r));
	ui_form_begin(r, sip_plan_url(r, e->p->id,
	                              e->revise ? "/revise" : "/establish"));
	/* Implicit submission (Enter in a text field) presses the form's
	 * first submit button: this one saves, and is neither shown nor in
	 * the Tab order. */
	html_raw(r, "<button type=\"submit\" hidden>");
	html_text(r, save_label);
	html_raw(r, "</button>");
	meeting_section(r, e);
	description_section(r, e);
	goals_section(r, e);
	interventions_section(r, e);
	responsibility_section(r, e);
	approval(r, e);
	ui_submit(r, save_label);
	ui_form_end(r);
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, e->p->id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen utan att spara"));
	html_raw(r, "</a></p>");
	layout_end(r);
}
