/*
 * page_plan_forms.c — what the lead unit can do next on the plan page,
 * as the domain's plan_actions() answers it, and the small forms of the plan page: decline, close,
 * follow-up, withdrawing a consent, cancelling a meeting, registering an
 * outside party's reply, and the preparation. (The consent form is in
 * page_plan_consent_form.c, the meeting and invitation forms in
 * page_plan_meeting_form.c, establishing in page_plan_establish*.c.)
 *
 * Several of these forms share field names ("note", "reason", "purpose"),
 * so each renders in its own id scope (ui_id_scope) and shows errors
 * only when it was the form posted. Secondary forms sit in <details>,
 * opened when they come back with errors.
 */
#include <stddef.h>
#include <string.h>

#include "form/forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/ui.h"
#include "sip/closing.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/plan_actions.h"
#include "sip/user.h"

const struct ui_option plan_field_labels[] = {
	{"reason", N_("Skäl")},
	{"cause", N_("Varför SIP inte erbjuds")},
	{"note", N_("Anteckning")},
	{"given_by", N_("Vem lämnade samtycket")},
	{"giver_ids", N_("Vårdnadshavare eller företrädare")},
	{"form", N_("Form")},
	{"scopes", N_("Uppgifter som får delas")},
	{"recipient_ids", N_("Mottagare")},
	{"valid_until", N_("Gäller till och med")},
	{"child_informed", N_("Barnet tillfrågat och informerat")},
	{"child_view", N_("Barnets egen inställning")},
	{"attitude_ascertained", N_("Hur inställningen togs reda på")},
	{"purpose", N_("Syfte")},
	{"participation", N_("Så vill den enskilde delta")},
	{"participation_note", N_("Mer om deltagandet")},
	{"closed_participation", N_("Hur den enskilde deltog i avslutet")},
	{"child_voice", N_("Så kommer barnets röst fram")},
	{"date", N_("Datum")},
	{"start_time", N_("Starttid")},
	{"duration_minutes", N_("Längd")},
	{"place", N_("Plats")},
	{"video_link", N_("Länk till digitalt möte")},
	{"meeting_id", N_("Möte")},
	{"unit_ids", N_("Enheter att kalla")},
	{"invitations", N_("Kallelser")},
	{"invitations[0].external_name", N_("Part utanför samplan 1, namn")},
	{"invitations[0].external_organisation",
	 N_("Part utanför samplan 1, organisation")},
	{"invitations[0].external_contact", N_("Part utanför samplan 1, kontakt")},
	{"invitations[0].channel", N_("Part utanför samplan 1, kallas med")},
	{"invitations[1].external_name", N_("Part utanför samplan 2, namn")},
	{"invitations[1].external_organisation",
	 N_("Part utanför samplan 2, organisation")},
	{"invitations[1].external_contact", N_("Part utanför samplan 2, kontakt")},
	{"invitations[1].channel", N_("Part utanför samplan 2, kallas med")},
	{"invitations[2].external_name", N_("Part utanför samplan 3, namn")},
	{"invitations[2].external_organisation",
	 N_("Part utanför samplan 3, organisation")},
	{"invitations[2].external_contact", N_("Part utanför samplan 3, kontakt")},
	{"invitations[2].channel", N_("Part utanför samplan 3, kallas med")},
	{"reply", N_("Svar")},
	{"attendee_name", N_("Vem kommer")},
	{"substitute_name", N_("Ersättare")},
	{"decline_reason", N_("Varför ni inte kan delta")},
	{"ongoing_interventions", N_("Pågående insatser")},
	{NULL, NULL},
};

/* ---- scopes and details ---- */

const struct form *plan_posted(const struct plan_view *v, const char *scope)
{
	return v->scope && strcmp(v->scope, scope) == 0 ? v->form : NULL;
}

void plan_scope_begin(struct request *r, const struct plan_view *v,
                      const char *scope, struct plan_scope *s)
{
	s->was = ui_id_scope(scope);
	s->hidden = !v->scope || strcmp(v->scope, scope) != 0;
	if (s->hidden) {
		s->saved = r->problem;
		r->problem = (struct problem){0};
	}
}

void plan_scope_end(struct request *r, struct plan_scope *s)
{
	if (s->hidden)
		r->problem = s->saved;
	ui_id_scope(s->was);
}

void plan_details_begin(struct request *r, const struct plan_view *v,
                        const char *scope, const char *summary)
{
	/* id="details-SCOPE": other parts of the page link to the form
	 * ("Dokumentera ett samtycke ..." next to the invitations). */
	html_raw(r, "<details class=\"form-details\" id=\"details-");
	html_attr(r, scope);
	html_raw(r, plan_posted(v, scope) ? "\" open><summary>" : "\"><summary>");
	html_text(r, summary);
	html_raw(r, "</summary>");
}

void plan_details_end(struct request *r) { html_raw(r, "</details>"); }

const struct meeting *plan_open_meeting(const struct plan *p)
{
	for (int i = p->nmeetings - 1; i >= 0; i--)
		if (meeting_upcoming(&p->meetings[i]))
			return &p->meetings[i];
	return NULL;
}

static void danger_submit(struct request *r, const char *label)
{
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button danger\">");
	html_text(r, label);
	html_raw(r, "</button></div>");
}

/* The options of a radio group over a NULL-terminated list of names,
 * each with its words from label in the caller's language; at most cap. */
static int options_of(struct request *r, const char *const *names,
                      const char *(*label)(const char *, const char *),
                      struct ui_option *o, int cap)
{
	int n = 0;
	for (; n < cap && names[n]; n++)
		o[n] = (struct ui_option){names[n], label(names[n], r->lang)};
	return n;
}

/* ---- decline, close, follow-up ---- */

static void form_decline(struct request *r, const struct plan_view *v)
{
	const struct form *f = plan_posted(v, "decline");
	struct ui_option o[8];
	int n = options_of(r, declined_causes, declined_cause_label, o, 8);
	struct plan_scope s;
	plan_scope_begin(r, v, "decline", &s);
	ui_form_begin(r, sip_plan_url(r, v->p->id, "/decline"));
	ui_radio_group(r, "cause", R_(r, "Varför erbjuds inte SIP?"), o, n,
	               sip_value(r, f, "cause", NULL), NULL);
	ui_textarea(r, "reason", R_(r, "Skäl till att SIP inte erbjuds"),
	            sip_value(r, f, "reason", NULL),
	            R_(r, "Att neka någon en SIP är ett undantag. Skälet "
	                  "dokumenteras och planen avslutas."),
	            UI_REQUIRED, 4);
	danger_submit(r, R_(r, "Dokumentera att SIP inte erbjuds"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}

/* "Consent withdrawn" is no reason to pick here: a withdrawal also ends
 * the sharing and is recorded with how and when it was stated, on its
 * own page — so the close form points there instead. */
static void close_withdrawal_hint(struct request *r, const struct plan_view *v)
{
	const struct consent *in_force = NULL;
	for (int i = 0; !in_force && i < v->p->nconsents; i++)
		if (v->p->consents[i].in_force)
			in_force = &v->p->consents[i];
	html_raw(r, "<p class=\"hint\">");
	html_text(r, R_(r, "Har den enskilde återkallat sitt samtycke? Då "
	                   "avslutas planen genom att återkallelsen "
	                   "dokumenteras, så att delningen upphör."));
	if (in_force) {
		html_raw(r, " <a href=\"");
		html_attr(r, sip_plan_url(r, v->p->id,
		                          arena_printf(&r->arena,
		                                       "/consents/%lld/withdraw",
		                                       (long long)in_force->id)));
		html_raw(r, "\">");
		html_text(r, R_(r, "Dokumentera återkallelsen"));
		html_raw(r, "</a>");
	}
	html_raw(r, "</p>");
}

static void form_close(struct request *r, const struct plan_view *v)
{
	const struct form *f = plan_posted(v, "close");
	struct ui_option o[10], how[4];
	int n = options_of(r, closed_reasons, closed_reason_label, o, 10);
	int nhow = options_of(r, closing_participations,
	                      closing_participation_label, how, 4);
	struct plan_scope s;
	plan_scope_begin(r, v, "close", &s);
	html_raw(r, "<p>");
	html_text(r, R_(r, "Den som har samordningsansvaret avslutar planen i "
	                   "samråd med den enskilde. Varje huvudman dokumenterar "
	                   "sitt eget avslut."));
	html_raw(r, "</p>");
	close_withdrawal_hint(r, v);
	ui_form_begin(r, sip_plan_url(r, v->p->id, "/close"));
	ui_radio_group(r, "reason", R_(r, "Varför avslutas planen?"), o, n,
	               sip_value(r, f, "reason", NULL), NULL);
	ui_textarea(r, "note", R_(r, "Anteckning"), sip_value(r, f, "note", NULL),
	            R_(r, "Obligatorisk när skälet är ”Annat skäl”."), 0, 3);
	ui_radio_group(r, "closed_participation",
	               R_(r, "Hur deltog den enskilde i avslutet?"), how, nhow,
	               sip_value(r, f, "closed_participation", NULL), NULL);
	danger_submit(r, R_(r, "Avsluta planen"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}

static void form_follow_up(struct request *r, const struct plan_view *v)
{
	const struct form *f = plan_posted(v, "follow_up");
	struct plan_scope s;
	plan_scope_begin(r, v, "follow_up", &s);
	ui_form_begin(r, sip_plan_url(r, v->p->id, "/follow-up"));
	const struct ui_option reasons[] = {
		{"planned", follow_up_label("planned", r->lang)},
		{"changed_situation", follow_up_label("changed_situation", r->lang)},
	};
	ui_radio_group(r, "reason", R_(r, "Varför följs planen upp nu?"), reasons,
	               2, sip_value(r, f, "reason", NULL), NULL);
	ui_textarea(r, "note", R_(r, "Anteckning"), sip_value(r, f, "note", NULL),
	            R_(r, "T.ex. att uppföljningsmötet hålls, eller att "
	                  "situationen har förändrats och parterna behöver "
	                  "träffas tidigare."), 0, 3);
	ui_submit(r, R_(r, "Starta uppföljning"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}

/* ---- withdrawing a consent; an outside party's reply ---- */

/* The withdrawal has its own page, which says what will happen and
 * asks for confirmation (page_plan_withdraw.c). */
void plan_form_withdraw(struct request *r, const struct plan_view *v,
                        const struct consent *c)
{
	html_raw(r, "<p>");
	ui_link_button(r, sip_plan_url(r, v->p->id,
	                               arena_printf(&r->arena,
	                                            "/consents/%lld/withdraw",
	                                            (long long)c->id)),
	               R_(r, "Den enskilde återkallar samtycket …"));
	html_raw(r, "</p>");
}

/* Cancelling a meeting; the invited units are mailed it (a meeting is
 * moved with its own form, plan_form_meeting_reschedule). */
void plan_form_meeting_cancel(struct request *r, const struct plan_view *v,
                              const struct meeting *m)
{
	const char *scope = arena_printf(&r->arena, "cancel-%lld",
	                                 (long long)m->id);
	const struct form *f = plan_posted(v, scope);
	plan_details_begin(r, v, scope,
	                   arena_printf(&r->arena,
	                                R_(r, "Ställ in mötet %s kl. %s"),
	                                m->date, m->start_time));
	struct plan_scope s;
	plan_scope_begin(r, v, scope, &s);
	html_raw(r, "<p>");
	html_text(r, R_(r, "De kallade ser att mötet är inställt och varför, "
	                   "och kallelserna behöver inte längre besvaras. "
	                   "Ska mötet bara flyttas: ändra tid eller plats "
	                   "i stället."));
	html_raw(r, "</p>");
	ui_form_begin(r, sip_plan_url(r, v->p->id,
	                              arena_printf(&r->arena, "/meetings/%lld/cancel",
	                                           (long long)m->id)));
	ui_textarea(r, "reason", R_(r, "Skäl (obligatoriskt)"),
	            sip_value(r, f, "reason", NULL), NULL, 0, 2);
	danger_submit(r, R_(r, "Ställ in mötet"));
	ui_form_end(r);
	plan_scope_end(r, &s);
	plan_details_end(r);
}

void plan_form_reply_by_hand(struct request *r, const struct plan_view *v,
                             const struct invitation *inv)
{
	const char *scope = arena_printf(&r->arena, "reply-%lld",
	                                 (long long)inv->id);
	const struct form *f = plan_posted(v, scope);
	struct ui_option o[] = {
		{"attend", R_(r, "Kommer")},
		{"substitute", R_(r, "Kommer inte, men skickar en ersättare")},
		{"decline", R_(r, "Kommer inte")},
	};
	plan_details_begin(r, v, scope,
	                   arena_printf(&r->arena, R_(r, "Registrera svar från %s"),
	                                inv->external_name));
	struct plan_scope s;
	plan_scope_begin(r, v, scope, &s);
	ui_form_begin(r, arena_printf(&r->arena, "/invitations/%lld/reply",
	                              (long long)inv->id));
	ui_radio_group(r, "reply", R_(r, "Svar (obligatoriskt)"), o, 3,
	               sip_value(r, f, "reply", NULL), NULL);
	ui_input(r, "attendee_name", R_(r, "Vem kommer"),
	         sip_value(r, f, "attendee_name", inv->external_name), NULL, 0,
	         "off");
	ui_input(r, "substitute_name", R_(r, "Ersättare"),
	         sip_value(r, f, "substitute_name", NULL), NULL, 0, "off");
	ui_textarea(r, "decline_reason", R_(r, "Varför de inte kan delta"),
	            sip_value(r, f, "decline_reason", NULL), NULL, 0, 2);
	ui_textarea(r, "ongoing_interventions", R_(r, "Pågående insatser"),
	            sip_value(r, f, "ongoing_interventions", NULL), NULL, 0, 2);
	ui_submit(r, R_(r, "Registrera svaret"));
	ui_form_end(r);
	plan_scope_end(r, &s);
	plan_details_end(r);
}

/* ---- the preparation ---- */

/* The text fields of the preparation, for prefilling the form. */
static const struct {
	const char *name;
	size_t offset;
} prep_texts[] = {
	{"purpose", offsetof(struct preparation, purpose)},
	{"individual_goals", offsetof(struct preparation, individual_goals)},
	{"individual_questions",
	 offsetof(struct preparation, individual_questions)},
	{"invite_wishes", offsetof(struct preparation, invite_wishes)},
	{"participation", offsetof(struct preparation, participation)},
	{"participation_note", offsetof(struct preparation, participation_note)},
	{"interpreter_language",
	 offsetof(struct preparation, interpreter_language)},
	{"aids", offsetof(struct preparation, aids)},
	{"safe_place", offsetof(struct preparation, safe_place)},
	{"relatives_present", offsetof(struct preparation, relatives_present)},
	{"child_voice", offsetof(struct preparation, child_voice)},
};

/* Posted, else saved, else (the interpreter) the person's. */
static const char *prep_value(struct request *r, const struct form *f,
                              const struct plan *p, const char *name)
{
	const struct preparation *x = p->preparation;
	const char *def = NULL;
	for (size_t i = 0; x && i < sizeof prep_texts / sizeof *prep_texts; i++)
		if (strcmp(name, prep_texts[i].name) == 0)
			def = *(const char *const *)((const char *)x +
			                             prep_texts[i].offset);
	if (!x && strcmp(name, "interpreter_language") == 0)
		def = p->person.interpreter_language;
	return sip_value(r, f, name, def);
}

static void participation_field(struct request *r, const struct form *f,
                                 const struct plan *p)
{
	struct ui_option o[10];
	int n = options_of(r, participation_kinds, participation_label, o, 10);
	ui_radio_group(r, "participation", R_(r, "Hur vill den enskilde delta i "
	                                        "mötet? (obligatoriskt)"),
	               o, n, prep_value(r, f, p, "participation"),
	               R_(r, "Deltar den enskilde inte måste delaktigheten "
	                     "säkras på annat sätt."));
	ui_textarea(r, "participation_note", R_(r, "Mer om deltagandet"),
	            prep_value(r, f, p, "participation_note"),
	            R_(r, "T.ex. vilken del av mötet, vem som för hens talan, "
	                  "eller hur hen får veta vad som bestämdes."), 0, 2);
}

void plan_form_preparation(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	const struct form *f = plan_posted(v, "preparation");
	struct plan_scope s;
	plan_scope_begin(r, v, "preparation", &s);
	ui_form_begin(r, sip_plan_url(r, p->id, "/preparation"));
	ui_textarea(r, "purpose", R_(r, "Syfte med mötet – varför träffas vi?"),
	            prep_value(r, f, p, "purpose"), NULL, UI_REQUIRED, 3);
	ui_textarea(r, "individual_goals", R_(r, "Den enskildes mål"),
	            prep_value(r, f, p, "individual_goals"), NULL, 0, 3);
	plan_own_part_brief(r, p);
	ui_textarea(r, "individual_questions", R_(r, "Den enskildes frågor"),
	            prep_value(r, f, p, "individual_questions"), NULL, 0, 2);
	ui_textarea(r, "invite_wishes", R_(r, "Vilka vill den enskilde ska "
	                                      "kallas – och inte kallas?"),
	            prep_value(r, f, p, "invite_wishes"),
	            R_(r, "Den enskilde har rätt att påverka vilka som är med."),
	            0, 2);
	participation_field(r, f, p);
	ui_input(r, "interpreter_language", R_(r, "Tolk, språk"),
	         prep_value(r, f, p, "interpreter_language"),
	         R_(r, "Lämna tomt om tolk inte behövs."), 0, "off");
	ui_textarea(r, "aids", R_(r, "Hjälpmedel eller anpassad information"),
	            prep_value(r, f, p, "aids"), NULL, 0, 2);
	ui_checkbox(r, "breaks_needed", R_(r, "Den enskilde behöver pauser"),
	            f ? form_bool(f, "breaks_needed")
	              : p->preparation && p->preparation->breaks_needed,
	            NULL);
	ui_textarea(r, "safe_place", R_(r, "En trygg plats för mötet"),
	            prep_value(r, f, p, "safe_place"), NULL, 0, 2);
	ui_textarea(r, "relatives_present", R_(r, "Närstående som är med"),
	            prep_value(r, f, p, "relatives_present"), NULL, 0, 2);
	if (p->person.is_child)
		ui_textarea(r, "child_voice", R_(r, "Så kommer barnets röst fram "
		                                    "på mötet"),
		            prep_value(r, f, p, "child_voice"),
		            R_(r, "Obligatoriskt för barn, även när barnet inte "
		                  "deltar: t.ex. ett brev, en teckning, någon som "
		                  "förmedlar barnets tankar, eller del av mötet."),
		            UI_REQUIRED, 3);
	ui_submit(r, R_(r, "Spara förberedelsen"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}

/* ---- what comes next ---- */

static void not_lead(struct request *r, const struct plan *p)
{
	html_raw(r, "<p>");
	html_textf(r, R_(r, "Planen leds av %s. Det är den enheten som tar "
	                   "nästa steg; din enhet deltar."),
	           p->lead_unit_name);
	html_raw(r, "</p>");
	for (int m = 0; m < p->nmeetings; m++) {
		const struct meeting *x = &p->meetings[m];
		for (int i = 0; i < x->ninvitations && meeting_upcoming(x); i++) {
			const struct invitation *inv = &x->invitations[i];
			if (inv->reply || !inv->unit_id ||
			    !user_in_unit(r->user, inv->unit_id))
				continue;
			html_raw(r, "<div class=\"actions\">");
			ui_link_button(r, arena_printf(&r->arena, "/invitations/%lld",
			                               (long long)inv->id),
			               R_(r, "Svara på kallelsen"));
			html_raw(r, "</div>");
		}
	}
}

static void more_consent(struct request *r, const struct plan_view *v)
{
	plan_details_begin(r, v, "consent", R_(r, "Dokumentera ett nytt eller "
	                                          "utvidgat samtycke"));
	plan_form_consent(r, v);
	plan_details_end(r);
}

static void more_close(struct request *r, const struct plan_view *v)
{
	plan_details_begin(r, v, "close", R_(r, "Avsluta planen"));
	form_close(r, v);
	plan_details_end(r);
}

static void more_preparation(struct request *r, const struct plan_view *v)
{
	plan_details_begin(r, v, "preparation", R_(r, "Ändra förberedelsen"));
	plan_form_preparation(r, v);
	plan_details_end(r);
}

/* The meeting and its invitations: book one, or invite to the one
 * booked (and book another in its place). */
static void meeting_and_invitations(struct request *r,
                                    const struct plan_view *v, bool main)
{
	const struct meeting *m = plan_open_meeting(v->p);
	if (!m) {
		if (main) {
			plan_form_meeting(r, v);
			return;
		}
		bool follow_up = v->p->state == PLAN_ACTIVE ||
		                 v->p->state == PLAN_FOLLOW_UP;
		plan_details_begin(r, v, "meeting",
		                   follow_up ? R_(r, "Boka ett uppföljningsmöte")
		                             : R_(r, "Boka ett möte"));
		plan_form_meeting(r, v);
		plan_details_end(r);
		return;
	}
	if (main) {
		plan_form_invitations(r, v, m);
	} else {
		plan_details_begin(r, v, "invitations",
		                   m->ninvitations ? R_(r, "Kalla fler till mötet")
		                                   : R_(r, "Kalla till mötet"));
		plan_form_invitations(r, v, m);
		plan_details_end(r);
	}
	plan_form_meeting_reschedule(r, v, m);
	plan_form_meeting_cancel(r, v, m);
}

static void link_action(struct request *r, const struct plan *p,
                        const char *rest, const char *label)
{
	html_raw(r, "<div class=\"actions\">");
	ui_link_button(r, sip_plan_url(r, p->id, rest), label);
	html_raw(r, "</div>");
}

/* ---- what the lead unit is offered: by the domain's plan_actions ---- */

static void main_meeting(struct request *r, const struct plan_view *v)
{
	meeting_and_invitations(r, v, true);
}

static void main_establish(struct request *r, const struct plan_view *v)
{
	link_action(r, v->p, "/establish", R_(r, "Upprätta planen"));
	meeting_and_invitations(r, v, false);
}

static void main_follow_up(struct request *r, const struct plan_view *v)
{
	form_follow_up(r, v);
	meeting_and_invitations(r, v, false);
}

static void main_revise(struct request *r, const struct plan_view *v)
{
	link_action(r, v->p, "/revise", R_(r, "Revidera planen"));
	meeting_and_invitations(r, v, false);
}

static void more_decline(struct request *r, const struct plan_view *v)
{
	plan_details_begin(r, v, "decline", R_(r, "SIP erbjuds inte"));
	form_decline(r, v);
	plan_details_end(r);
}

/* Each action the plan page offers: its form when it is the step the
 * process waits for (`main`), and its form tucked in a <details> when it
 * is permitted besides (`more`; shown in this table's order). An action
 * added to plan_actions.c gets its buttons with one row here. */
static const struct offer {
	const char *action;
	void (*main)(struct request *r, const struct plan_view *v);
	void (*more)(struct request *r, const struct plan_view *v);
} offers[] = {
	{"decline", NULL, more_decline},
	{"prepare", plan_form_preparation, more_preparation},
	{"record_consent", plan_form_consent, more_consent},
	{"close", NULL, more_close},
	{"book_meeting", main_meeting, NULL},
	{"send_invitations", main_meeting, NULL},
	{"establish", main_establish, NULL},
	{"start_follow_up", main_follow_up, NULL},
	{"revise", main_revise, NULL},
};

static const struct offer *offer_of(const char *action)
{
	for (size_t i = 0; action && i < sizeof offers / sizeof *offers; i++)
		if (strcmp(offers[i].action, action) == 0)
			return &offers[i];
	return NULL;
}

/* The step the process waits for, then the rest the caller may do. */
static void next_for_lead(struct request *r, const struct plan_view *v)
{
	struct ctx ctx = page_ctx(r);
	struct plan_action a[PLAN_ACTIONS_MAX];
	int n = plan_actions(&ctx, v->p, a);
	const struct plan_action *next = plan_action_next(a, n);
	const struct offer *main = next && next->permitted ? offer_of(next->name)
	                                                   : NULL;
	if (main && main->main)
		main->main(r, v);
	for (size_t i = 0; i < sizeof offers / sizeof *offers; i++) {
		const struct offer *o = &offers[i];
		const struct plan_action *x = plan_action_find(a, n, o->action);
		if (o != main && o->more && x && x->permitted)
			o->more(r, v);
	}
}

void plan_next_step(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	if (!plan_state_open(p->state))
		return;
	html_raw(r, "<section class=\"next-step\" aria-labelledby=\"next\">");
	sip_heading(r, 2, arena_printf(&r->arena, R_(r, "Nästa steg: %s"),
	                               plan_state_next_step(p->state, r->lang)),
	            "next");
	if (p->may_lead)
		next_for_lead(r, v);
	else
		not_lead(r, p);
	html_raw(r, "</section>");
}
