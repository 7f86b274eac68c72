/*
 * demo_plans.c — the demo's persons and plans, made step by step through
 * the same src/sip/ functions a user's clicks call, as the user who would
 * take each step. Idempotent: a person who already has a plan is left
 * alone.
 *
 * The reference plan is "Anna, 27" from seed 000 (Ludvika kommun): goals,
 * interventions, responsible parties and timing word for word. The others
 * show the process in earlier states: a child with two guardians being
 * prepared, a SIP declined with its reason, a discharge SIP waiting for
 * replies, a need just assessed at the individual's own request, and two
 * closed plans: one whose principals have all documented their closing,
 * one where the municipality still owes its note.
 * All personnummer are made up (they pass the Luhn check).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "cli/demo.h"
#include "sip/closing.h"
#include "sip/org.h"
#include "sip/person.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/user.h"
#include "store/db.h"

/* Act as a demo user from now on (the user lives in the arena). */
static bool act_as(struct ctx *ctx, const char *username)
{
	struct user *u = arena_new(ctx->arena, struct user);
	struct ctx_as was = ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
	if (!user_load_by_username(ctx, username, u, NULL)) {
		ctx_act_restore(ctx, was);
		return false;
	}
	ctx_act_as(ctx, ACTOR_STAFF, u);
	/* The unit the last user acted for is not this one's: the audit
	 * log (and its review) would name the wrong unit. */
	ctx->acting_unit = 0;
	return true;
}

static bool unit_id(struct ctx *ctx, const char *hsa_id, int64_t *id)
{
	struct unit u;
	if (!unit_find_by_hsa_id(ctx, hsa_id, &u))
		return false;
	*id = u.id;
	return true;
}

static bool principal_id(struct ctx *ctx, const char *name, int64_t *id)
{
	struct principal *all;
	int n;
	if (!principal_list(ctx, &all, &n))
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0) {
			*id = all[i].id;
			return true;
		}
	return problem_set(ctx->problem, ctx->arena, PROBLEM_NOT_FOUND,
	                   "demo: principal %s missing", name);
}

/* Register the person as `username`; false also when they already have
 * a plan (then *skip is set and nothing is wrong). */
static bool demo_person(struct ctx *ctx, const struct person_input *in,
                        int64_t *id, bool *skip)
{
	bool existed;
	*skip = false;
	if (!person_register(ctx, in, id, &existed))
		return false;
	if (!existed)
		return true;
	struct plan_summary *plans;
	int n;
	/* the console sees every plan */
	struct ctx_as was = ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
	bool ok = plan_list_for_person(ctx, *id, &plans, &n);
	ctx_act_restore(ctx, was);
	if (!ok)
		return false;
	*skip = n > 0;
	return true;
}

static const char *date_plus(struct ctx *ctx, int days)
{
	char *out = arena_alloc(ctx->arena, 11);
	date_format(date_from_days(date_to_days(date_of_time(ctx->now)) + days),
	            out);
	return out;
}

/* ---- Anna, 27: the reference plan of seed 000 ---- */

/* Days from the SIP meeting to the planned follow-up. */
enum { ANNA_FOLLOW_UP_DAYS = 91 };

/* The plan as established at the SIP meeting; *plan_id 0 when Anna
 * already has a plan (the demo is loaded twice). */
static bool demo_anna_plan(struct ctx *ctx, int64_t *plan_id)
{
	int64_t vpl, spb, sth, region, ludvika, hogskolan;
	*plan_id = 0;
	if (!unit_id(ctx, "SE2321000180-VPL1", &vpl) ||
	    !unit_id(ctx, "SE2120000837-SPB1", &spb) ||
	    !unit_id(ctx, "SE2021003144-STH1", &sth) ||
	    !principal_id(ctx, "Region Dalarna", &region) ||
	    !principal_id(ctx, "Ludvika kommun", &ludvika) ||
	    !principal_id(ctx, "Högskolan Dalarna", &hogskolan) ||
	    !act_as(ctx, "eva"))
		return false;

	struct person_input anna = {
		.personnummer = "19990315-2388",
		.given_name = "Anna",
		.family_name = "Andersson",
		.address = "Storgatan 12 B",
		.postal_code = "771 30",
		.city = "Ludvika",
		.phone = "070-123 45 67",
	};
	int64_t person, plan, consent, meeting, related;
	bool skip;
	if (!demo_person(ctx, &anna, &person, &skip))
		return false;
	if (skip)
		return true;
	struct related_input elena = {
		.role = "relative",
		.name = "Elena Andersson",
		.relation = "syster",
		.personnummer = "19970822-2386",
		.phone = "070-765 43 21",
		.may_read_plan = true,
	};
	if (!person_add_related(ctx, person, &elena, &related))
		return false;

	int64_t principals[] = {region, ludvika, hogskolan};
	struct plan_create_input need = {
		.person_id = person,
		.initiating_unit_id = vpl,
		.initiated_by = "professional",
		.need_individual = "Jag vill bli klar med min examen till våren och "
		                   "må bättre. Jag orkar inte hålla ihop alla "
		                   "kontakter själv.",
		.need_professional = "Anna behöver samordnade insatser från "
		                     "psykiatrisk öppenvård, socialpsykiatri och "
		                     "studenthälsan.",
		.principal_ids = principals,
		.nprincipals = 3,
	};
	if (!plan_create(ctx, &need, &plan))
		return false;

	const char *scopes[] = {"health", "social", "school"};
	struct consent_input yes = {
		.given_by = "individual",
		.form = "written",
		.valid_until = date_plus(ctx, 365),
		.scopes = scopes,
		.nscopes = 3,
		.recipient_ids = principals,
		.nrecipients = 3,
		.note = "Anna vill att hennes syster Elena får ta del av planen.",
	};
	if (!consent_record(ctx, plan, &yes, &consent))
		return false;

	struct preparation_input prep = {
		.purpose = "Anna behöver samordnade insatser från psykiatrisk "
		           "öppenvård, socialpsykiatri och studenthälsan.",
		.individual_goals = "Bli klar med examen till våren. Klara vardagen "
		                    "och kunna åka buss och handla själv.",
		.individual_questions = "Vem ska jag vända mig till när det blir "
		                        "för mycket?",
		.invite_wishes = "Boendestödet och studenthälsan. Anna vill att "
		                 "syster Elena är med.",
		.participation = "whole",
		.participation_note = "Anna vill ha en paus halvvägs.",
		.breaks_needed = true,
		.safe_place = "Mottagningens eget samtalsrum, som Anna känner.",
		.relatives_present = "Elena Andersson (syster)",
	};
	if (!preparation_save(ctx, plan, &prep))
		return false;

	struct meeting_input m = {
		.date = date_plus(ctx, 0),
		.start_time = "13:00",
		.duration_minutes = 90,
		.place = "Vuxenpsykiatrisk öppenvårdsmottagning, Ludvika",
		.purpose = "Anna behöver samordnade insatser från psykiatrisk "
		           "öppenvård, socialpsykiatri och studenthälsan.",
	};
	if (!meeting_create(ctx, plan, &m, &meeting))
		return false;
	struct invitation_input inv[] = {{.unit_id = spb}, {.unit_id = sth}};
	int64_t first;
	if (!invitations_send(ctx, plan, meeting, inv, 2, &first))
		return false;

	int64_t plan_again;
	struct reply_input bo_yes = {
		.reply = "attend",
		.ongoing_interventions = "Boendestöd i hemmet två gånger i veckan "
		                         "sedan våren.",
	};
	struct reply_input sara_yes = {
		.reply = "attend",
		.ongoing_interventions = "Stödsamtal hos kurator vid behov.",
	};
	if (!act_as(ctx, "bo") ||
	    !invitation_reply(ctx, first, &bo_yes, &plan_again) ||
	    !act_as(ctx, "sara") ||
	    !invitation_reply(ctx, first + 1, &sara_yes, &plan_again) ||
	    !act_as(ctx, "eva"))
		return false;

	struct participant_input who[] = {
		{.name = "Anna Andersson", .role = "Den enskilde"},
		{.name = "Elena Andersson", .role = "Syster"},
		{.name = "Eva Lind", .role = "Kurator, vuxenpsykiatrisk öppenvård",
		 .unit_id = vpl},
		{.name = "Bo Berg", .role = "Boendestödjare, socialpsykiatri",
		 .unit_id = spb, .invitation_id = first},
		{.name = "Sara Nilsson", .role = "Kurator, studenthälsan",
		 .unit_id = sth, .invitation_id = first + 1},
	};
	struct goal_input goals[] = {
		{"overall", "Anna vill bli klar med sin examen till våren."},
		{"sub", "Hantera sin ångest"},
		{"sub", "Hantera sin ångest (exponering)"},
		{"sub", "Fungerande vardagsrutiner. Matplanering och inköp"},
		{"sub", "Fungerande vardagsrutiner. Passa tider"},
	};
	struct intervention_input what[] = {
		{.goal = 2, .what = "KBT-behandling samtal X gånger/vecka",
		 .responsible_kind = "region_unit", .responsible_unit_id = vpl,
		 .responsible_name = "Kurator Vuxenpsykiatri",
		 .contact_name = "Eva Lind", .timing = "Påbörjas omgående"},
		{.goal = 3, .what = "Tränas att resa kollektivt och vistas i miljöer "
		                    "med många människor X gånger/vecka. Ett led i "
		                    "KBT-behandlingen",
		 .responsible_kind = "municipality_unit", .responsible_unit_id = spb,
		 .responsible_name = "Boendestöd", .contact_name = "Bo Berg",
		 .timing = "Påbörjas omgående"},
		{.goal = 2, .what = "Dokumentera i dagbok",
		 .responsible_kind = "individual", .responsible_name = "Anna",
		 .timing = "Påbörjas omgående. Varje dag"},
		{.goal = 4, .what = "Göra veckoschema, inköpslista, veckohandla "
		                    "g/vecka",
		 .responsible_kind = "municipality_unit", .responsible_unit_id = spb,
		 .responsible_name = "Boendestöd", .contact_name = "Bo Berg",
		 .timing = "Påbörjas omgående"},
		{.goal = 5, .what = "Använda påminnelsefunktioner i mobilen för att "
		                    "komma i tid.",
		 .responsible_kind = "individual", .responsible_name = "Anna",
		 .timing = "Påbörjas omgående. Varje dag"},
		{.goal = 2, .what = "Anna kan besöka ett \"tyst rum\" i deras "
		                    "lokaler om stressen blir för hög",
		 .responsible_kind = "other_actor", .responsible_unit_id = sth,
		 .responsible_name = "Studenthälsan", .contact_name = "Sara Nilsson",
		 .timing = "Påbörjas omgående"},
		{.goal = 2, .what = "1 gång/vecka ex gå på bio, äta tillsammans med "
		                    "syster",
		 .responsible_kind = "individual", .responsible_name = "Anna och Elena",
		 .timing = "Börja nästa vecka"},
	};
	struct establish_input plan_text = {
		.meeting_id = meeting,
		.participants = who,
		.nparticipants = 5,
		.chair = "Eva Lind",
		.secretary = "Bo Berg",
		.purpose = "Anna behöver samordnade insatser från psykiatrisk "
		           "öppenvård, socialpsykiatri och studenthälsan.",
		.situation = "Anna har kontakt med psykiatriska öppenvården. Anna "
		             "studerar och vill bli klar med sin examen till våren. "
		             "Hon behöver hjälp med att äta på regelbundna tider, "
		             "sköta om hemmet och sova tillräckligt. Anna behöver "
		             "tränas på att vistas i miljöer med flera människor, "
		             "exempelvis handla, åka buss och vara på universitetet.",
		.wishes = "Anna studerar och vill bli klar med sin examen till "
		          "våren.",
		.future_needs = "När ångesten minskar behöver Anna mindre stöd i "
		                "vardagen, men stödet i studierna behövs till "
		                "examen.",
		.needs = "Hjälp med att äta på regelbundna tider, sköta om hemmet "
		         "och sova tillräckligt. Träning i att vistas i miljöer med "
		         "flera människor, exempelvis handla, åka buss och vara på "
		         "universitetet.",
		.goals = goals,
		.ngoals = 5,
		.interventions = what,
		.ninterventions = 7,
		.actions_by_others = "Studenthälsan vid Högskolan Dalarna erbjuder "
		                     "ett tyst rum. Syster Elena följer med Anna en "
		                     "gång i veckan.",
		.crisis_plan = "Om ångesten blir för svår: ring Eva (fast "
		               "vårdkontakt) vardagar 8–16, annars 1177 eller "
		               "psykiatrisk akutmottagning. Om Anna inte öppnar vid "
		               "två bokade besök i rad kontaktar boendestödet Eva.",
		.coordinator_user_id = ctx_user_id(ctx), /* Eva */
		/* Seed 000: "Eva Lind, kurator och fast vårdkontakt". */
		.coordinator_fast_care_contact = true,
		.contact_persons = "Eva Lind, kurator på vuxenpsykiatriska "
		                   "öppenvårdsmottagningen samt fast vårdkontakt, "
		                   "0240-100 00. Bo Berg, boendestöd, 0240-860 00. "
		                   "Sara Nilsson, studenthälsan, 023-77 80 00.",
		.follow_up_date = date_plus(ctx, ANNA_FOLLOW_UP_DAYS),
		.follow_up_place = "Vuxenpsykiatrisk öppenvårdsmottagning, Ludvika",
		.individual_approved = true,
	};
	int64_t version;
	*plan_id = plan;
	return plan_establish(ctx, plan, &plan_text, &version);
}

/* The next version as the version in force reads, for a revision;
 * *rows gets its interventions, to change. */
static void revision_of(struct ctx *ctx, const struct plan_version *v,
                        struct establish_input *in,
                        struct intervention_input **rows)
{
	struct goal_input *g = arena_array(ctx->arena, struct goal_input,
	                                   (size_t)v->ngoals + 1);
	struct intervention_input *x = arena_array(
		ctx->arena, struct intervention_input, (size_t)v->ninterventions + 1);
	for (int i = 0; i < v->ngoals; i++)
		g[i] = (struct goal_input){v->goals[i].kind, v->goals[i].text};
	for (int i = 0; i < v->ninterventions; i++) {
		const struct intervention *t = &v->interventions[i];
		struct party_input *also = arena_array(
			ctx->arena, struct party_input, (size_t)t->nalso + 1);
		for (int k = 0; k < t->nalso; k++)
			also[k] = (struct party_input){t->also[k].kind,
			                               t->also[k].unit_id};
		int goal = 0;
		for (int k = 0; k < v->ngoals; k++)
			if (v->goals[k].id == t->goal_id)
				goal = k + 1;
		x[i] = (struct intervention_input){
			.goal = goal, .what = t->what,
			.responsible_kind = t->responsible_kind,
			.responsible_unit_id = t->responsible_unit_id,
			.responsible_name = t->responsible_name,
			.contact_name = t->contact_name, .frequency = t->frequency,
			.timing = t->timing, .start_date = t->start_date,
			.end_date = t->end_date, .also = also, .nalso = t->nalso};
	}
	*in = (struct establish_input){
		.purpose = v->purpose, .situation = v->situation,
		.wishes = v->wishes, .future_needs = v->future_needs,
		.needs = v->needs, .goals = g, .ngoals = v->ngoals,
		.interventions = x, .ninterventions = v->ninterventions,
		.actions_by_others = v->actions_by_others,
		.crisis_plan = v->crisis_plan,
		.coordinator_user_id = v->coordinator_user_id,
		.coordinator_fast_care_contact = v->coordinator_fast_care_contact,
		.contact_persons = v->contact_persons,
		.follow_up_place = v->follow_up_place,
	};
	*rows = x;
}

/* Anna's first follow-up, at the planned date (seed 000's questions):
 * most goals met or partly met, every principal's report, one
 * intervention changed — the weekly shopping with Boendestöd becomes
 * every other week — and version 2 approved by Anna at the meeting. */
static bool demo_anna_follow_up(struct ctx *ctx, int64_t plan)
{
	struct plan p;
	struct follow_up_start_input start = {"planned", "Uppföljning enligt "
	                                                 "planen."};
	int64_t region, ludvika, hogskolan;
	if (!act_as(ctx, "eva") || !follow_up_start(ctx, plan, &start, NULL) ||
	    !principal_id(ctx, "Region Dalarna", &region) ||
	    !principal_id(ctx, "Ludvika kommun", &ludvika) ||
	    !principal_id(ctx, "Högskolan Dalarna", &hogskolan) ||
	    !plan_get(ctx, plan, &p) || !p.current || p.current->ngoals < 5 ||
	    p.current->ninterventions < 7)
		return false;
	const struct plan_version *v = p.current;
	static const char *const goal_result[] = {"partly_met", "met", "partly_met",
	                                          "met", "met"};
	struct goal_result_input goals[5];
	for (int i = 0; i < 5; i++)
		goals[i] = (struct goal_result_input){v->goals[i].id, goal_result[i],
		                                      NULL};
	goals[0].comment = "Två tentor kvar till examen.";
	struct intervention_result_input done[7];
	for (int i = 0; i < 7; i++)
		done[i] = (struct intervention_result_input){
			v->interventions[i].id, "done", NULL, NULL};
	done[0].effect = "Ångesten har minskat; Anna sover bättre.";
	done[3] = (struct intervention_result_input){
		v->interventions[3].id, "partly",
		"Anna handlar själv varannan vecka och vill klara det på egen hand.",
		"Matplaneringen fungerar."};
	struct report_input reports[] = {
		{region, "KBT-behandlingen pågår enligt planen. Anna har varit på "
		         "alla samtal."},
		{ludvika, "Boendestödet har tränat bussresor och inköp med Anna. "
		          "Hon åker nu buss själv till högskolan."},
		{hogskolan, "Anna har använt det tysta rummet några gånger inför "
		            "tentor."},
	};
	struct follow_up_record_input rec = {
		.goals = goals, .ngoals = 5, .interventions = done,
		.ninterventions = 7, .reports = reports, .nreports = 3,
		.wellbeing = "Anna mår bättre och orkar mer i vardagen.",
		.new_information = "Anna har fått en praktikplats till hösten.",
		.coordination_needed = "yes",
	};
	struct follow_up_conclude_input outcome = {
		.outcome = "revise",
		.next_date = date_plus(ctx, ANNA_FOLLOW_UP_DAYS),
		.next_place = "Vuxenpsykiatrisk öppenvårdsmottagning, Ludvika",
	};
	if (!follow_up_record(ctx, plan, &rec) ||
	    !follow_up_conclude(ctx, plan, &outcome, NULL))
		return false;
	struct establish_input next;
	struct intervention_input *rows;
	revision_of(ctx, v, &next, &rows);
	rows[3].frequency = "Varannan vecka; Anna handlar själv veckan "
	                     "emellan";
	next.change_reason = "Anna klarar inköpen själv varannan vecka; "
	                     "boendestödet följer med varannan vecka.";
	next.follow_up_date = outcome.next_date;
	struct approval_input anna = {.given_by = "individual",
	                              .method = "in_person",
	                              .approved_on = date_plus(ctx, 0)};
	int64_t version;
	return plan_revise(ctx, plan, &next, &version) &&
	       plan_version_approve(ctx, plan, &anna);
}

static bool demo_anna(struct ctx *ctx)
{
	/* Established one follow-up period ago, followed up today. */
	int64_t now = ctx->now, plan;
	ctx->now = now - (int64_t)ANNA_FOLLOW_UP_DAYS * 86400;
	bool ok = demo_anna_plan(ctx, &plan);
	ctx->now = now;
	return ok && (!plan || demo_anna_follow_up(ctx, plan));
}

/* ---- Liam, 15: a child with two guardians, being prepared ---- */

static bool demo_liam(struct ctx *ctx)
{
	int64_t ludvika, region;
	if (!principal_id(ctx, "Ludvika kommun", &ludvika) ||
	    !principal_id(ctx, "Region Dalarna", &region) ||
	    !act_as(ctx, "karin"))
		return false;
	struct person_input liam = {
		.personnummer = "20110604-4520",
		.given_name = "Liam",
		.family_name = "Karlsson",
		.address = "Björkvägen 4",
		.postal_code = "771 41",
		.city = "Ludvika",
	};
	int64_t person, plan, mother, father, consent;
	bool skip;
	if (!demo_person(ctx, &liam, &person, &skip))
		return false;
	if (skip)
		return true;
	struct related_input m = {.role = "guardian", .name = "Maria Karlsson",
	                          .relation = "mamma",
	                          .personnummer = "19800101-2346",
	                          .phone = "070-111 22 33", .may_read_plan = true};
	struct related_input f = {.role = "guardian", .name = "Johan Karlsson",
	                          .relation = "pappa",
	                          .personnummer = "19790512-3381",
	                          .phone = "070-444 55 66", .may_read_plan = true};
	if (!person_add_related(ctx, person, &m, &mother) ||
	    !person_add_related(ctx, person, &f, &father))
		return false;
	int64_t principals[] = {ludvika, region};
	struct plan_create_input need = {
		.person_id = person,
		.initiated_by = "relative",
		.initiator_name = "Maria Karlsson (mamma)",
		.need_individual = "Liam: ”Jag vill gå till skolan utan att må "
		                   "dåligt.”",
		.need_professional = "Liam har hög frånvaro sedan höstterminens "
		                     "start. Skolan, BUP och socialtjänsten behöver "
		                     "samordna sitt stöd.",
		.principal_ids = principals,
		.nprincipals = 2,
	};
	if (!plan_create(ctx, &need, &plan))
		return false;
	const char *scopes[] = {"health", "school", "social"};
	int64_t guardians[] = {mother, father};
	struct consent_input yes = {
		.given_by = "guardians",
		.form = "written",
		.valid_until = date_plus(ctx, 180),
		.scopes = scopes,
		.nscopes = 3,
		.recipient_ids = principals,
		.nrecipients = 2,
		.giver_ids = guardians,
		.ngivers = 2,
		.child_informed = true,
		.child_view = "Liam vill ha hjälp men vill inte att klasskamraterna "
		              "ska få veta. Han vill vara med på en del av mötet.",
	};
	if (!consent_record(ctx, plan, &yes, &consent))
		return false;
	struct preparation_input prep = {
		.purpose = "Samordna stödet så att Liam kan komma tillbaka till "
		           "skolan.",
		.individual_goals = "Gå i skolan tre dagar i veckan före jul.",
		.invite_wishes = "BUP och socialtjänsten. Inte klassläraren.",
		.participation = "part",
		.participation_note = "Liam är med den första halvtimmen.",
		.breaks_needed = true,
		.relatives_present = "Båda föräldrarna",
		.child_voice = "Liam berättar själv i början av mötet; skolkuratorn "
		               "läser upp ett brev han skrivit om det han inte "
		               "orkar säga.",
	};
	return preparation_save(ctx, plan, &prep);
}

/* ---- Sven: a SIP declined, with the reason documented ---- */

static bool demo_sven(struct ctx *ctx)
{
	int64_t region, person, plan;
	bool skip;
	if (!principal_id(ctx, "Region Dalarna", &region) ||
	    !act_as(ctx, "lars"))
		return false;
	struct person_input sven = {
		.personnummer = "19520907-3187",
		.given_name = "Sven",
		.family_name = "Olsson",
		.city = "Ludvika",
	};
	if (!demo_person(ctx, &sven, &person, &skip))
		return false;
	if (skip)
		return true;
	struct plan_create_input need = {
		.person_id = person,
		.initiated_by = "individual",
		.initiator_name = "Sven Olsson",
		.need_individual = "Jag undrade om jag behöver en sådan plan.",
		.need_professional = "Sven har insatser enbart från vårdcentralen.",
		.principal_ids = &region,
		.nprincipals = 1,
	};
	return plan_create(ctx, &need, &plan) &&
	       plan_decline(ctx, plan, &(struct decline_input){
	           "one_principal",
	           "Sven har i dag insatser bara från regionen och inget "
	           "behov av samordning med kommunen. Han vill inte ha "
	           "fler kontakter nu. Han är informerad om att han kan "
	           "begära en SIP när som helst."});
}

/* ---- Gunnel, 85: a discharge SIP waiting for replies ---- */

static bool demo_gunnel(struct ctx *ctx)
{
	int64_t region, ludvika, hemtjanst, lasarett, person, plan, consent,
		meeting, first;
	bool skip;
	if (!principal_id(ctx, "Region Dalarna", &region) ||
	    !principal_id(ctx, "Ludvika kommun", &ludvika) ||
	    !unit_id(ctx, "SE2120000837-HTJ1", &hemtjanst) ||
	    !unit_id(ctx, "SE2321000180-LAS1", &lasarett) ||
	    !act_as(ctx, "lars"))
		return false;
	struct person_input gunnel = {
		.personnummer = "19411122-2842",
		.given_name = "Gunnel",
		.family_name = "Berg",
		.address = "Parkvägen 7",
		.postal_code = "771 33",
		.city = "Ludvika",
		.interpreter_language = NULL,
	};
	if (!demo_person(ctx, &gunnel, &person, &skip))
		return false;
	if (skip)
		return true;
	int64_t principals[] = {region, ludvika};
	struct plan_create_input need = {
		.person_id = person,
		.initiated_by = "professional",
		.need_individual = "Jag vill klara mig hemma igen.",
		.need_professional = "Gunnel skrivs ut efter en höftfraktur och "
		                     "behöver hemtjänst, rehabilitering och "
		                     "uppföljning från vårdcentralen.",
		.principal_ids = principals,
		.nprincipals = 2,
		.is_discharge = true,
		.hospital_episode = arena_printf(ctx->arena,
		                                 "Lasarettet Ludvika, medicinavdelning, "
		                                 "inskriven %s", date_plus(ctx, -7)),
	};
	const char *scopes[] = {"health", "social"};
	struct consent_input yes = {
		.given_by = "individual",
		.form = "oral",
		.valid_until = date_plus(ctx, 120),
		.scopes = scopes,
		.nscopes = 2,
		.recipient_ids = principals,
		.nrecipients = 2,
		.note = "Muntligt samtycke vid besök på avdelningen; dokumenterat "
		        "i journalen.",
	};
	struct preparation_input prep = {
		.purpose = "Planera stödet inför hemgång efter utskrivning.",
		.individual_goals = "Kunna bo kvar hemma.",
		.participation = "video",
		.participation_note = "Gunnel deltar från avdelningen med hjälp av "
		                      "personalen.",
		.aids = "Hörselslinga",
		.relatives_present = "Dottern, om hon hinner",
	};
	struct meeting_input m = {
		.date = date_plus(ctx, 3),
		.start_time = "10:00",
		.duration_minutes = 45,
		.video_link = "https://mote.example.se/sip-gb",
		.purpose = "SIP inför utskrivning från slutenvården.",
	};
	struct invitation_input inv[] = {
		{.unit_id = hemtjanst},
		{.unit_id = lasarett},
		{.external_name = "Karin Berg",
		 .external_organisation = "Anhörig (dotter)",
		 .external_contact = "070-999 88 77",
		 .channel = "phone"},
	};
	return plan_create(ctx, &need, &plan) &&
	       consent_record(ctx, plan, &yes, &consent) &&
	       preparation_save(ctx, plan, &prep) &&
	       meeting_create(ctx, plan, &m, &meeting) &&
	       invitations_send(ctx, plan, meeting, inv, 3, &first);
}

/* ---- Ahmed: a need just assessed, at his own request ---- */

static bool demo_ahmed(struct ctx *ctx)
{
	int64_t region, ludvika, fk, person, plan;
	bool skip;
	if (!principal_id(ctx, "Region Dalarna", &region) ||
	    !principal_id(ctx, "Ludvika kommun", &ludvika) ||
	    !principal_id(ctx, "Försäkringskassan", &fk) ||
	    !act_as(ctx, "bo"))
		return false;
	struct person_input ahmed = {
		.personnummer = "19880210-5737",
		.given_name = "Ahmed",
		.family_name = "Hassan",
		.city = "Ludvika",
		.interpreter_language = "arabiska",
	};
	if (!demo_person(ctx, &ahmed, &person, &skip))
		return false;
	if (skip)
		return true;
	int64_t principals[] = {ludvika, region, fk};
	struct plan_create_input need = {
		.person_id = person,
		.initiated_by = "individual",
		.initiator_name = "Ahmed Hassan",
		.need_individual = "Jag har många kontakter och vet inte vem som "
		                   "gör vad.",
		.need_professional = "Ahmed har boendestöd, kontakt med "
		                     "psykiatrin och ett ärende hos "
		                     "Försäkringskassan. Han upplever att han "
		                     "”bollas runt”.",
		.principal_ids = principals,
		.nprincipals = 3,
		.other_actors = "Arbetsförmedlingen",
	};
	return plan_create(ctx, &need, &plan);
}

/* ---- two closed plans: each principal documents its own closing ----
 *
 * Both close before a plan was established, with one unit of the region
 * and one of Ludvika kommun taking part. Tove moved away: eva's unit
 * (region) led it with karin's (school health) invited, and both have
 * written their principal's closing note. Erik wished to end the SIP:
 * bo's unit led it with lars's (primary care, region) invited; the
 * municipality has written its note, the region still owes it, so
 * lars's and bo's work lists ask for it. (Each invites a unit no other
 * demo plan invites: the demo sends one written invitation per unit.)
 */

struct demo_closing {
	struct person_input person;
	const char *need;
	const char *lead_user, *lead_principal;
	const char *invited_user, *invited_hsa, *invited_principal;
	const char *reason, *note, *participation;
	const char *lead_note;    /* the lead unit's principal's note */
	const char *invited_note; /* the invited unit's; NULL: still owed */
};

static bool demo_closed(struct ctx *ctx, const struct demo_closing *d)
{
	int64_t lead_pr, invited_pr, invited_unit, person, plan, consent, meeting,
		first, note, replied;
	bool skip;
	if (!principal_id(ctx, d->lead_principal, &lead_pr) ||
	    !principal_id(ctx, d->invited_principal, &invited_pr) ||
	    !unit_id(ctx, d->invited_hsa, &invited_unit) ||
	    !act_as(ctx, d->lead_user))
		return false;
	if (!demo_person(ctx, &d->person, &person, &skip))
		return false;
	if (skip)
		return true;
	int64_t principals[] = {lead_pr, invited_pr};
	struct plan_create_input need = {
		.person_id = person,
		.initiated_by = "professional",
		.need_professional = d->need,
		.principal_ids = principals,
		.nprincipals = 2,
	};
	const char *scopes[] = {"health", "social"};
	struct consent_input yes = {
		.given_by = "individual",
		.form = "written",
		.valid_until = date_plus(ctx, 300),
		.scopes = scopes,
		.nscopes = 2,
		.recipient_ids = principals,
		.nrecipients = 2,
	};
	struct preparation_input prep = {
		.purpose = "Samordna stödet från region och kommun.",
		.participation = "whole",
	};
	struct meeting_input m = {
		.date = date_plus(ctx, 10),
		.start_time = "09:00",
		.duration_minutes = 60,
		.place = "Ludvika",
		.purpose = "Första SIP-mötet.",
	};
	struct invitation_input inv = {.unit_id = invited_unit};
	struct reply_input attend = {
		.reply = "attend",
		.attendee_name = d->invited_user,
		.ongoing_interventions = "Inga utöver det som står i behovet.",
	};
	struct close_input close = {
		.reason = d->reason,
		.note = d->note,
		.participation = d->participation,
	};
	if (!plan_create(ctx, &need, &plan) ||
	    !consent_record(ctx, plan, &yes, &consent) ||
	    !preparation_save(ctx, plan, &prep) ||
	    !meeting_create(ctx, plan, &m, &meeting) ||
	    !invitations_send(ctx, plan, meeting, &inv, 1, &first) ||
	    !act_as(ctx, d->invited_user) ||
	    !invitation_reply(ctx, first, &attend, &replied) ||
	    !act_as(ctx, d->lead_user) || !plan_close_with(ctx, plan, &close) ||
	    !closing_note_record(ctx, plan, 0, d->lead_note, &note))
		return false;
	if (!d->invited_note)
		return true;
	return act_as(ctx, d->invited_user) &&
	       closing_note_record(ctx, plan, 0, d->invited_note, &note);
}

static bool demo_closings(struct ctx *ctx)
{
	static const struct demo_closing tove = {
		.person = {.personnummer = "19790314-4629", .given_name = "Tove",
		           .family_name = "Ekström", .city = "Ludvika"},
		.need = "Tove har kontakt med psykiatrin och elevhälsan på "
		        "vuxenutbildningen och behöver att insatserna samordnas.",
		.lead_user = "eva", .lead_principal = "Region Dalarna",
		.invited_user = "karin", .invited_hsa = "SE2120000837-ELH1",
		.invited_principal = "Ludvika kommun",
		.reason = "moved",
		.note = "Tove har flyttat till Falun och får stöd där.",
		.participation = "phone",
		.lead_note = "Remiss skickad till psykiatrin i Falun; vår kontakt "
		             "är avslutad.",
		.invited_note = "Elevhälsans stöd avslutat vid flytten; skolan i "
		                "Falun informerad med Toves samtycke.",
	};
	static const struct demo_closing erik = {
		.person = {.personnummer = "19661028-3159", .given_name = "Erik",
		           .family_name = "Sandberg", .city = "Ludvika"},
		.need = "Erik har boendestöd och kontakt med vårdcentralen.",
		.lead_user = "bo", .lead_principal = "Ludvika kommun",
		.invited_user = "lars", .invited_hsa = "SE2321000180-VCL1",
		.invited_principal = "Region Dalarna",
		.reason = "individual_wish",
		.note = "Erik vill själv hålla kontakten med var och en.",
		.participation = "present",
		.lead_note = "Boendestödet fortsätter som förut, utan SIP.",
		.invited_note = NULL,
	};
	return demo_closed(ctx, &tove) && demo_closed(ctx, &erik);
}

bool demo_load_plans(struct ctx *ctx)
{
	struct ctx_as was = {ctx->actor, ctx->user};
	bool ok = demo_anna(ctx) && demo_liam(ctx) && demo_sven(ctx) &&
	          demo_gunnel(ctx) && demo_ahmed(ctx) && demo_closings(ctx);
	ctx_act_restore(ctx, was);
	return ok;
}
