/*
 * plan_layout.c — a plan version, its plain-language summary, the
 * invitation letter and the planning document as document trees
 * (plan_layout.h). The order of the plan follows Ludvika's template
 * (seed 000); the labels are the template's.
 */
#include "doc/plan_layout.h"

#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "sip/access.h"
#include "sip/field.h"
#include "sip/own_part.h"
#include "sip/personnummer.h"

const char *plan_layout_running(struct arena *a, const char *lang,
                                int64_t plan_id, int version_no)
{
	return version_no ? arena_printf(a, tr(lang, "SIP %lld, version %d"),
	                                 (long long)plan_id, version_no)
	                  : arena_printf(a, tr(lang, "SIP %lld"),
	                                 (long long)plan_id);
}

static const char *pnr(struct arena *a, const char *canonical)
{
	if (!canonical)
		return "–";
	char out[14];
	personnummer_display(canonical, out);
	return arena_strdup(a, out);
}

/* Who carries the data flag on every page of a protected person's
 * documents; the words of the plan page's badge. */
static void protect(struct doc *doc, const char *lang, bool protected_identity)
{
	doc->protected_identity = protected_identity;
	doc->protected_text = tr(lang, "Skyddade personuppgifter");
}

static void running(struct arena *a, struct doc *doc, const char *lang,
                    const char *name, const char *personnummer, int64_t plan_id,
                    int version_no)
{
	doc->running_person = arena_printf(a, "%s, %s", name ? name : "–",
	                                   pnr(a, personnummer));
	doc->running_plan = plan_layout_running(a, lang, plan_id, version_no);
}

static const char *date_of(struct arena *a, int64_t t)
{
	if (!t)
		return "–";
	char out[11];
	date_format(date_of_time(t), out);
	return arena_strdup(a, out);
}

/* value, or the words for withheld when the view does not cover field f;
 * tags the node with the field's category either way. */
static struct doc_node *field_of(struct arena *a, struct doc *doc,
                                 struct doc_node *parent,
                                 const struct plan_version *v,
                                 const char *label, enum field_id f,
                                 const char *value)
{
	enum field_category c = field_category(f);
	bool seen = access_sees(&v->view, f);
	struct doc_node *n =
	        doc_field(a, doc, parent, label,
	                  seen ? value : doc_withheld_text(a, doc->lang, c));
	doc_category(n, c, !seen);
	return n;
}

static const char *coordinator_text(struct arena *a, const char *lang,
                                    const struct plan_version *v)
{
	if (!v->coordinator_name)
		return NULL;
	const char *who = arena_printf(
	        a, "%s%s%s, %s", v->coordinator_name,
	        v->coordinator_title ? ", " : "",
	        v->coordinator_title ? v->coordinator_title : "",
	        v->coordinator_unit_name ? v->coordinator_unit_name : "–");
	return v->coordinator_fast_care_contact
	               ? arena_printf(a,
	                              tr(lang, "%s. Också fast vårdkontakt."),
	                              who)
	               : who;
}

static const char *follow_up_text(struct arena *a, const struct plan_version *v)
{
	if (!v->follow_up_date)
		return NULL;
	return v->follow_up_place ? arena_printf(a, "%s, %s", v->follow_up_date,
	                                         v->follow_up_place)
	                          : v->follow_up_date;
}

static void goals_list(struct arena *a, struct doc *doc,
                       struct doc_node *parent, const struct plan_version *v,
                       const char *kind, const char *label)
{
	struct doc_node *list = doc_add(a, doc, parent, DOC_LIST, label, NULL);
	list->cls = "goals";
	for (int i = 0; i < v->ngoals; i++)
		if (strcmp(v->goals[i].kind, kind) == 0)
			doc_add(a, doc, list, DOC_PARAGRAPH, NULL,
			        v->goals[i].text);
}

static const char *party_word(const char *lang,
                              const struct intervention_party *p)
{
	if (p->unit_name)
		return p->unit_name;
	if (strcmp(p->kind, "individual") == 0)
		return tr(lang, "den enskilde");
	if (strcmp(p->kind, "relative") == 0)
		return tr(lang, "närstående");
	return tr(lang, "annan aktör");
}

/* "Även: Hemtjänsten Ludvika, den enskilde", or NULL. */
static const char *also_text(struct arena *a, const char *lang,
                             const struct intervention *x)
{
	const char *list = NULL;
	for (int k = 0; k < x->nalso; k++) {
		const char *who = party_word(lang, &x->also[k]);
		list = list ? arena_printf(a, "%s, %s", list, who) : who;
	}
	return list ? arena_printf(a, tr(lang, "Även: %s"), list) : NULL;
}

static const char *responsible_text(const struct intervention *x)
{
	return x->responsible_name        ? x->responsible_name
	       : x->responsible_unit_name ? x->responsible_unit_name
	                                  : "–";
}

static void interventions_table(struct arena *a, struct doc *doc,
                                const char *lang, const struct plan_version *v)
{
	const char *cols[] = {
	        tr(lang, "Mål"),           tr(lang, "Insatser/aktiviteter"),
	        tr(lang, "Ansvar"),        tr(lang, "Tidsplan start/sluttid"),
	        tr(lang, "Kontaktperson"),
	};
	static const int widths[] = {18, 29, 17, 19, 17};
	struct doc_node *t = doc_table(
	        a, doc, NULL,
	        tr(lang, "Vad som ska göras och vem som ansvarar för vad"),
	        arena_printf(a, "what-who-%d", v->version_no), 5, cols, widths);
	t->cls = "what-who";
	t->name_columns = 1u << 2 | 1u << 4; /* Ansvar, Kontaktperson */
	for (int i = 0; i < v->ninterventions; i++) {
		const struct intervention *x = &v->interventions[i];
		struct doc_row *row = doc_row(a, t);
		row->cells[0].text = x->goal_text ? x->goal_text : "–";
		row->cells[2].text = responsible_text(x);
		row->cells[2].notes[0] = also_text(a, lang, x);
		if (x->withheld) {
			/* what, when, how often and whom to contact */
			const char *w = doc_withheld_text(a, lang, x->category);
			row->cells[1].text = w;
			row->cells[3].text = w;
			row->cells[4].text = w;
			continue;
		}
		row->cells[1].text = x->what ? x->what : "–";
		row->cells[3].text = x->timing ? x->timing : "";
		if (x->start_date || x->end_date)
			row->cells[3].notes[0] =
			        arena_printf(a, "%s – %s",
			                     x->start_date ? x->start_date : "",
			                     x->end_date ? x->end_date : "");
		row->cells[3].notes[x->start_date || x->end_date ? 1 : 0] =
		        x->frequency;
		row->cells[4].text = x->contact_name ? x->contact_name : "–";
	}
}

static const char *participants_text(struct arena *a, const struct plan_doc *d)
{
	const char *s = NULL;
	for (int i = 0; i < d->nparticipants; i++) {
		const struct meeting_participant *x = &d->participants[i];
		const char *one =
		        x->role ? arena_printf(a, "%s (%s)", x->name, x->role)
		                : x->name;
		s = s ? arena_printf(a, "%s\n%s", s, one) : one;
	}
	return s;
}

static const char *approval_text(struct arena *a, const char *lang,
                                 const struct plan_version *v)
{
	if (!v->approved)
		return tr(lang, "Förslag – väntar på godkännande.");
	if (v->approved_on && v->approval_names)
		return arena_printf(a, tr(lang, "Godkänd %s av %s."),
		                    v->approved_on, v->approval_names);
	return tr(lang, "Den enskilde har godkänt mål och insatser.");
}

static void signatures(struct arena *a, struct doc *doc, const char *lang)
{
	struct doc_node *s = doc_add(a, doc, NULL, DOC_SIGNATURES,
	                             tr(lang, "Underskrifter"), NULL);
	s->lines = 2;
	s->captions[0] = tr(lang, "Den enskilde (eller företrädare), datum");
	s->captions[1] = tr(lang, "Samordningsansvarig, datum");
}

static void plain_section(struct arena *a, struct doc *doc, const char *lang,
                          const struct plan_doc *d,
                          const struct plan_layout_opts *o, bool heading);

struct doc *plan_layout(struct arena *a, const char *lang,
                        const struct plan_doc *d,
                        const struct plan_layout_opts *o)
{
	const struct plan_version *v = &d->version;
	struct doc *doc =
	        doc_new(a, lang, tr(lang, "Samordnad individuell plan"));
	doc->subtitle = arena_printf(
	        a, tr(lang, "Version %d, upprättad %s av %s. %s"),
	        v->version_no, date_of(a, v->established_at),
	        v->established_by_name ? v->established_by_name : "–",
	        v->approved
	                ? tr(lang, "Den enskilde har godkänt mål och insatser.")
	                : tr(lang, "Förslag – väntar på godkännande."));
	doc->pdf_title =
	        plan_layout_running(a, lang, d->plan_id, v->version_no);
	running(a, doc, lang, d->person_name, d->personnummer, d->plan_id,
	        v->version_no);
	protect(doc, lang, d->protected_identity);
	if (o->former)
		doc_add(a, doc, NULL, DOC_NOTICE, NULL,
		        tr(lang,
		           "Det här är en tidigare version. Den gäller inte "
		           "längre."));
	if (v->withheld)
		doc_add(a, doc, NULL, DOC_NOTICE, NULL,
		        tr(lang, "Delar av planen visas inte: samtycket "
		                 "omfattar inte dem."));

	struct doc_node *n =
	        doc_field(a, doc, NULL, tr(lang, "Namn"), d->person_name);
	n->protected_mark = d->protected_identity;
	doc_field(a, doc, NULL, tr(lang, "Personnummer"),
	          pnr(a, d->personnummer));
	doc_field(a, doc, NULL, tr(lang, "Syftet"), v->purpose);
	doc_field(a, doc, NULL, tr(lang, "Huvudansvarig för planen"),
	          coordinator_text(a, lang, v));
	field_of(a, doc, NULL, v, tr(lang, "Min nuvarande situation är så här"),
	         FIELD_VERSION_SITUATION, v->situation);
	doc_field(a, doc, NULL, tr(lang, "Jag skulle vilja ha det så här"),
	          v->wishes);
	field_of(a, doc, NULL, v, tr(lang, "Behov"), FIELD_VERSION_NEEDS,
	         v->needs);
	field_of(a, doc, NULL, v,
	         tr(lang, "Hur behoven kan förändras framöver"),
	         FIELD_VERSION_FUTURE_NEEDS, v->future_needs);
	goals_list(a, doc, NULL, v, "overall", tr(lang, "Övergripande mål"));
	goals_list(a, doc, NULL, v, "sub", tr(lang, "Delmål"));

	interventions_table(a, doc, lang, v);

	field_of(a, doc, NULL, v,
	         tr(lang, "Vad ska annan göra? (andra än kommun och region)"),
	         FIELD_VERSION_ACTIONS_BY_OTHERS, v->actions_by_others);
	field_of(a, doc, NULL, v, tr(lang, "Handlingsplan vid kris"),
	         FIELD_VERSION_CRISIS_PLAN, v->crisis_plan);
	doc_field(a, doc, NULL, tr(lang, "Kontaktpersoner för samordningen"),
	          v->contact_persons);
	doc_field(a, doc, NULL, tr(lang, "Medverkande"),
	          participants_text(a, d));
	if (d->meeting_date || d->chair || d->secretary) {
		doc_field(a, doc, NULL, tr(lang, "Ordförande"), d->chair);
		doc_field(a, doc, NULL, tr(lang, "Sekreterare"), d->secretary);
	}
	if (d->interpreter_language)
		doc_field(a, doc, NULL, tr(lang, "Tolk"),
		          d->interpreter_language);
	doc_field(a, doc, NULL, tr(lang, "Datum för planerad uppföljning"),
	          follow_up_text(a, v));
	if (v->change_reason)
		doc_field(a, doc, NULL,
		          tr(lang, "Vad som ändrades i den här versionen"),
		          v->change_reason);
	doc_field(a, doc, NULL, tr(lang, "Godkännande"),
	          approval_text(a, lang, v));
	signatures(a, doc, lang);

	if (o->with_plain) {
		doc_add(a, doc, NULL, DOC_PAGE_BREAK, NULL, NULL);
		plain_section(a, doc, lang, d, o, true);
	}
	return doc;
}

/* ---- the plain-language summary (lättläst) ---- */

static bool is_kind(const char *kind, const char *want)
{
	return kind && strcmp(kind, want) == 0;
}

/* s without its closing full stop: the sentences add their own. */
static const char *unstop(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	return arena_strndup(a, s, n);
}

/* Is the responsible party the individual alone ("Anna", not "Anna och
 * Elena")? Then the summary says "du". */
static bool is_you(const struct plan_doc *d, const struct intervention *x)
{
	if (!is_kind(x->responsible_kind, "individual"))
		return false;
	const char *who = x->responsible_name;
	if (!who || !d->person_name)
		return true;
	size_t first = strcspn(d->person_name, " ");
	return strcmp(who, d->person_name) == 0 ||
	       (strlen(who) == first &&
	        strncmp(who, d->person_name, first) == 0);
}

/* One short sentence per intervention: who does what, and when. */
static const char *who_does(struct arena *a, const char *lang,
                            const struct plan_doc *d,
                            const struct intervention *x)
{
	if (x->withheld)
		return doc_withheld_text(a, lang, x->category);
	const char *what = unstop(a, x->what ? x->what : "–");
	const char *s =
	        is_you(d, x)
	                ? arena_printf(a, tr(lang, "Du gör det här: %s."), what)
	                : arena_printf(a, tr(lang, "%s gör det här: %s."),
	                               responsible_text(x), what);
	if (x->timing)
		s = arena_printf(a, tr(lang, "%s När: %s."), s,
		                 unstop(a, x->timing));
	if (x->frequency)
		s = arena_printf(a, tr(lang, "%s Hur ofta: %s."), s,
		                 unstop(a, x->frequency));
	return s;
}

/* A sentence of the summary. */
static void say(struct arena *a, struct doc *doc, struct doc_node *s,
                const char *text)
{
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL, text);
}

static const char *next_meeting(struct arena *a, const char *lang,
                                const struct plan_version *v)
{
	if (!v->follow_up_date)
		return tr(lang, "Datum för nästa möte är inte bestämt än.");
	if (!v->follow_up_place)
		return arena_printf(a, tr(lang, "Ni träffas igen %s."),
		                    v->follow_up_date);
	return arena_printf(a, tr(lang, "Ni träffas igen %s. Platsen är: %s."),
	                    v->follow_up_date, v->follow_up_place);
}

static void plain_coordinator(struct arena *a, struct doc *doc,
                              const char *lang, struct doc_node *s,
                              const struct plan_version *v,
                              const struct doc_contact *c)
{
	const char *who = v->coordinator_name;
	if (who) {
		say(a, doc, s,
		    arena_printf(a, tr(lang, "%s är din samordnare. Det betyder "
		                             "att %s har ansvar för att planen "
		                             "följs."),
		                 who, who));
		if (v->coordinator_unit_name)
			say(a, doc, s,
			    arena_printf(a, tr(lang, "%s arbetar på %s."), who,
			                 v->coordinator_unit_name));
		if (c->phone)
			say(a, doc, s,
			    arena_printf(a, tr(lang, "Du kan ringa: %s."),
			                 c->phone));
		if (c->email)
			say(a, doc, s,
			    arena_printf(a, tr(lang, "Du kan skicka e-post: %s."),
			                 c->email));
	}
	if (v->contact_persons)
		say(a, doc, s,
		    arena_printf(a, tr(lang, "Fler som du kan kontakta: %s"),
		                 v->contact_persons));
}

/* heading: under a heading of its own (after the plan in plan.pdf);
 * without, its parts are the document's own sections (the /plain page). */
static void plain_section(struct arena *a, struct doc *doc, const char *lang,
                          const struct plan_doc *d,
                          const struct plan_layout_opts *o, bool heading)
{
	const struct plan_version *v = &d->version;
	struct doc_node *top = NULL;
	if (heading)
		top = doc_section(a, doc, NULL,
		                  tr(lang, "Din plan i korthet (lättläst)"),
		                  "plain");

	struct doc_node *s =
		doc_section(a, doc, top, tr(lang, "Det här är din plan"), NULL);
	say(a, doc, s, arena_printf(a, tr(lang, "Planen gäller dig, %s."),
	                            d->person_name ? d->person_name : "–"));
	say(a, doc, s, tr(lang, "I planen står det vad du vill och vem som "
	                        "hjälper dig."));
	if (v->purpose)
		say(a, doc, s,
		    arena_printf(a, tr(lang, "Varför ni gör en plan: %s"),
		                 v->purpose));
	if (v->withheld)
		doc_add(a, doc, s, DOC_NOTICE, NULL,
		        tr(lang, "Delar av planen visas inte: samtycket omfattar "
		                 "inte dem."));

	s = doc_section(a, doc, top, tr(lang, "Dina mål"), NULL);
	struct doc_node *list = doc_add(a, doc, s, DOC_LIST, NULL, NULL);
	for (int i = 0; i < v->ngoals; i++)
		say(a, doc, list, v->goals[i].text);
	if (!v->ngoals)
		say(a, doc, list, tr(lang, "Planen har inga mål ännu."));

	s = doc_section(a, doc, top, tr(lang, "Vem gör vad"), NULL);
	list = doc_add(a, doc, s, DOC_LIST, NULL, NULL);
	for (int i = 0; i < v->ninterventions; i++)
		say(a, doc, list, who_does(a, lang, d, &v->interventions[i]));

	s = doc_section(a, doc, top, tr(lang, "Din samordnare"), NULL);
	plain_coordinator(a, doc, lang, s, v, &o->coordinator);

	s = doc_section(a, doc, top, tr(lang, "Nästa uppföljning"), NULL);
	say(a, doc, s, next_meeting(a, lang, v));
	say(a, doc, s, tr(lang, "Då pratar ni om hur det har gått. Ni kan "
	                        "ändra planen om du vill."));
	if (v->crisis_plan &&
	    access_sees(&v->view, FIELD_VERSION_CRISIS_PLAN)) {
		s = doc_section(a, doc, top, tr(lang, "Om det blir svårt"),
		                NULL);
		say(a, doc, s, v->crisis_plan);
	}
}

struct doc *plain_layout(struct arena *a, const char *lang,
                         const struct plan_doc *d,
                         const struct plan_layout_opts *o)
{
	const struct plan_version *v = &d->version;
	struct doc *doc = doc_new(a, lang, tr(lang, "Din plan i korthet"));
	doc->subtitle =
	        arena_printf(a,
	                     tr(lang, "Lättläst sammanfattning av version "
	                              "%d av din samordnade individuella "
	                              "plan (SIP)."),
	                     v->version_no);
	doc->pdf_title =
	        plan_layout_running(a, lang, d->plan_id, v->version_no);
	running(a, doc, lang, d->person_name, d->personnummer, d->plan_id,
	        v->version_no);
	protect(doc, lang, d->protected_identity);
	if (o->former)
		doc_add(a, doc, NULL, DOC_NOTICE, NULL,
		        tr(lang,
		           "Det här är en tidigare version. Den gäller inte "
		           "längre."));
	plain_section(a, doc, lang, d, o, false);
	return doc;
}

/* ---- manual handling: the invitation letter ---- */

static const char *meeting_when(struct arena *a, const char *lang,
                                const struct meeting *m)
{
	const char *s = m->date ? m->date : "–";
	if (m->start_time)
		s = arena_printf(a, tr(lang, "%s klockan %s"), s,
		                 m->start_time);
	if (m->duration_minutes > 0)
		s = arena_printf(a, tr(lang, "%s (cirka %d minuter)"), s,
		                 m->duration_minutes);
	return s;
}

const char *plan_layout_contact(struct arena *a, const char *lang,
                                const struct doc_contact *c)
{
	const char *s = c->unit_name ? c->unit_name : "–";
	if (c->postal_address)
		s = arena_printf(a, "%s\n%s", s, c->postal_address);
	if (c->phone)
		s = arena_printf(a, tr(lang, "%s\nTelefon: %s"), s, c->phone);
	if (c->email)
		s = arena_printf(a, tr(lang, "%s\nE-post: %s"), s, c->email);
	return s;
}

static const char *person_name_of(struct arena *a, const struct plan *p)
{
	return arena_printf(a, "%s %s",
	                    p->person.given_name ? p->person.given_name : "",
	                    p->person.family_name ? p->person.family_name : "");
}

struct doc *letter_layout(struct arena *a, const char *lang,
                          const struct plan *p, const struct meeting *m,
                          const struct invitation *inv,
                          const struct doc_contact *from, const char *today)
{
	struct doc *doc = doc_new(a, lang, tr(lang, "Kallelse till SIP-möte"));
	const char *name = person_name_of(a, p);
	doc->subtitle =
	        arena_printf(a,
	                     tr(lang, "Samordnad individuell plan (SIP) för "
	                              "%s. Datum: %s."),
	                     name, today);
	doc->pdf_title = arena_printf(a, tr(lang, "Kallelse, SIP %lld"),
	                              (long long)p->id);
	/* A letter leaves the parties: the name is enough to know the
	 * case; the personnummer stays off the envelope's contents. */
	doc->running_person = name;
	doc->running_plan = plan_layout_running(a, lang, p->id, 0);
	protect(doc, lang, p->person.protected_identity);

	const char *to = inv->external_name ? inv->external_name : "–";
	if (inv->external_organisation)
		to = arena_printf(a, "%s\n%s", to, inv->external_organisation);
	if (inv->external_contact)
		to = arena_printf(a, "%s\n%s", to, inv->external_contact);
	doc_field(a, doc, NULL, tr(lang, "Till"), to);
	doc_field(a, doc, NULL, tr(lang, "Från"), plan_layout_contact(a, lang, from));

	struct doc_node *s = doc_section(a, doc, NULL,
	                                 tr(lang, "Du är kallad till ett "
	                                          "SIP-möte"),
	                                 NULL);
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        arena_printf(a,
	                     tr(lang,
	                        "Du är kallad till ett möte om en samordnad "
	                        "individuell plan (SIP) för %s. I en SIP "
	                        "kommer kommunen, regionen och andra aktörer "
	                        "överens med %s om vem som gör vad."),
	                     name, name));
	doc_field(a, doc, s, tr(lang, "När"), meeting_when(a, lang, m));
	if (m->place)
		doc_field(a, doc, s, tr(lang, "Var"), m->place);
	if (m->video_link)
		doc_field(a, doc, s, tr(lang, "Videomöte"),
		          arena_printf(a, tr(lang, "Anslut via länken: %s"),
		                       m->video_link));
	doc_field(a, doc, s, tr(lang, "Syftet med mötet"), m->purpose);

	s = doc_section(a, doc, NULL, tr(lang, "Så svarar du"), NULL);
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        arena_printf(a,
	                     tr(lang,
	                        "Svara så snart du kan till %s, med brev, per "
	                        "telefon eller e-post (uppgifterna står "
	                        "ovan). Säg om du kommer, om någon annan "
	                        "kommer i ditt ställe, eller om du inte kan "
	                        "komma och varför."),
	                     from->unit_name ? from->unit_name : "–"));
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        tr(lang,
	           "Berätta gärna vilka insatser du eller din verksamhet ger "
	           "i dag, så att alla kan förbereda sig inför mötet."));
	s = doc_section(a, doc, NULL, tr(lang, "Frågor"), NULL);
	doc_add(a, doc, s, DOC_PARAGRAPH, NULL,
	        arena_printf(a,
	                     tr(lang, "Har du frågor om mötet, kontakta %s."),
	                     from->unit_name ? from->unit_name : "–"));
	if (p->person.protected_identity)
		doc_add(a, doc, NULL, DOC_NOTICE, NULL,
		        tr(lang,
		           "Personen har skyddade personuppgifter. Lämna inte "
		           "ut "
		           "uppgifter om personen och skicka aldrig något till "
		           "personen själv – svara bara till avsändaren."));
	return doc;
}

/* Ruled space to write by hand: a label and so many lines. */
struct ruled {
	const char *label; /* N_() */
	int lines;
};

static void add_ruled(struct arena *a, struct doc *doc, const char *lang,
                      const struct ruled *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct doc_node *x = doc_add(a, doc, NULL, DOC_RULED,
		                             tr(lang, list[i].label), NULL);
		x->lines = list[i].lines;
	}
}

/* ---- manual handling: the planning document ---- */

/* The individual's own part, as theirs: the date and who wrote it. */
static void add_own_part(struct arena *a, struct doc *doc, const char *lang,
                         const struct own_part *own)
{
	if (!own || own_part_empty(own))
		return;
	struct doc_node *sec = doc_section(
	        a, doc, NULL,
	        tr(lang, "Den enskildes egen del – skriven av den enskilde"),
	        "own-part");
	if (own->situation)
		doc_field(a, doc, sec,
		          arena_printf(a, "%s (%s, %s)",
		                       tr(lang, "Så har jag det nu"),
		                       own_part_written_as_label(own->situation_as,
		                                                 lang),
		                       date_of(a, own->situation_at)),
		          own->situation);
	if (own->matters)
		doc_field(a, doc, sec,
		          arena_printf(a, "%s (%s, %s)",
		                       tr(lang, "Det här är viktigt för mig"),
		                       own_part_written_as_label(own->matters_as,
		                                                 lang),
		                       date_of(a, own->matters_at)),
		          own->matters);
	const char *goals = NULL;
	for (int i = 0; i < own->ngoals; i++)
		goals = goals ? arena_printf(a, "%s\n%s", goals,
		                             own->goals[i].text)
		              : own->goals[i].text;
	if (goals)
		doc_field(a, doc, sec, tr(lang, "Mina egna mål"), goals);
}

struct doc *planning_layout(struct arena *a, const char *lang,
                            const struct plan *p, const struct meeting *m)
{
	struct doc *doc = doc_new(a, lang,
	                          tr(lang, "Samordnad individuell plan – "
	                                   "planeringsunderlag"));
	const char *name = person_name_of(a, p);
	doc->subtitle =
	        tr(lang, "För ett SIP-möte som hålls utan samplan: fyll i för "
	                 "hand och för sedan in planen i samplan.");
	doc->pdf_title = arena_printf(
	        a, tr(lang, "Planeringsunderlag, SIP %lld"), (long long)p->id);
	running(a, doc, lang, name, p->person.personnummer, p->id, 0);
	protect(doc, lang, p->person.protected_identity);

	struct doc_node *n = doc_field(a, doc, NULL, tr(lang, "Namn"), name);
	n->protected_mark = p->person.protected_identity;
	doc_field(a, doc, NULL, tr(lang, "Personnummer"),
	          pnr(a, p->person.personnummer));
	doc_field(a, doc, NULL, tr(lang, "Mötet"), meeting_when(a, lang, m));
	if (m->place)
		doc_field(a, doc, NULL, tr(lang, "Plats"), m->place);
	const char *invited = NULL;
	for (int i = 0; i < m->ninvitations; i++) {
		const struct invitation *x = &m->invitations[i];
		const char *one = x->unit_id ? x->unit_name : x->external_name;
		if (!x->unit_id && x->external_organisation)
			one = arena_printf(a, "%s, %s", one ? one : "–",
			                   x->external_organisation);
		invited = invited ? arena_printf(a, "%s\n%s", invited,
		                                 one ? one : "–")
		                  : one;
	}
	doc_field(a, doc, NULL, tr(lang, "Kallade"), invited);
	const struct preparation *prep = p->preparation;
	doc_field(a, doc, NULL,
	          tr(lang, "Syftet med mötet, varför träffas vi idag?"),
	          m->purpose ? m->purpose
	          : prep     ? prep->purpose
	                     : NULL);
	if (prep && prep->individual_goals)
		doc_field(a, doc, NULL,
		          tr(lang, "Den enskildes mål inför mötet"),
		          prep->individual_goals);
	if (prep && prep->individual_questions)
		doc_field(a, doc, NULL, tr(lang, "Den enskildes frågor"),
		          prep->individual_questions);
	add_own_part(a, doc, lang, p->own);

	static const struct ruled ruled[] = {
	        {N_("Medverkande"), 4},
	        {N_("Min nuvarande situation är så här"), 5},
	        {N_("Jag skulle vilja ha det så här – övergripande mål"), 4},
	        {N_("Hur tror jag mina behov kan förändras framöver"), 3},
	        {N_("Mer detaljerat innebär det – delmål"), 4},
	};
	add_ruled(a, doc, lang, ruled, sizeof ruled / sizeof *ruled);
	const char *cols[] = {
	        tr(lang, "Mål"),           tr(lang, "Insatser/aktiviteter"),
	        tr(lang, "Ansvar"),        tr(lang, "Tidsplan start/sluttid"),
	        tr(lang, "Kontaktperson"),
	};
	static const int widths[] = {18, 29, 17, 19, 17};
	n = doc_table(
	        a, doc, NULL,
	        tr(lang, "Vad som ska göras och vem som ansvarar för vad"),
	        NULL, 5, cols, widths);
	n->lines = 8; /* blank rows */
	n->cls = "what-who";
	static const struct ruled after[] = {
	        {N_("Vad ska annan göra? (andra än kommun och region)"), 3},
	        {N_("Handlingsplan vid kris"), 3},
	        {N_("Övergripande ansvar för samordning av planen"), 2},
	        {N_("Kontaktpersoner för samordningen"), 2},
	        {N_("Datum och plats för planerad uppföljning"), 1},
	};
	add_ruled(a, doc, lang, after, sizeof after / sizeof *after);
	n = doc_add(a, doc, NULL, DOC_SIGNATURES, tr(lang, "Underskrifter"),
	            NULL);
	n->lines = 2;
	n->captions[0] = tr(lang, "Den enskilde (eller företrädare), datum");
	n->captions[1] = tr(lang, "Samordningsansvarig, datum");
	return doc;
}
