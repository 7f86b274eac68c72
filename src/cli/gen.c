/*
 * gen.c — the data generator behind `samplan gen` (see cli_gen.c and
 * gen.h for the why; docs/performance.md for the timings).
 *
 * Determinism: one splitmix64 stream seeded by --seed drives every
 * choice, and every time is derived from a fixed epoch (GEN_EPOCH), not
 * the clock, so the same seed on the same database kind gives the same
 * rows.
 */
#include "cli/gen.h"
#include "cli/gen_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "base/embed.h"
#include "base/limits.h"
#include "base/log.h"
#include "sip/org.h"
#include "sip/person.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/secret.h"
#include "sip/user.h"
#include "store/db.h"
#include "store/db_copy.h"
#include "store/migrate.h"

#define DAY GEN_DAY
#define GEN_PASSWORD "samplan-gen-2026"
/* Plans per transaction: a commit writes every page the batch touched,
 * and the hot ones (the audit chain's head, the indexes' ends) are the
 * same pages again and again. */
#define BATCH 2000
#define USERS_PER_UNIT 4

/* ---- randomness ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static long pick(long n) { return n > 0 ? (long)(rnd() % (uint64_t)n) : 0; }
static bool chance(int percent) { return pick(100) < percent; }
#define ONE_OF(array) (array)[pick(sizeof(array) / sizeof((array)[0]))]

uint64_t gen_random(void) { return rnd(); }
long gen_pick(long n) { return pick(n); }
bool gen_chance(int percent) { return chance(percent); }

static const char *const given[] = {
	"Anna", "Maria", "Eva", "Karin", "Sara", "Lena", "Emma", "Kerstin",
	"Ingrid", "Elin", "Hanna", "Ida", "Linnea", "Maja", "Alice", "Astrid",
	"Fatima", "Amina", "Leila", "Aisha", "Johan", "Erik", "Lars", "Anders",
	"Karl", "Per", "Mikael", "Nils", "Oskar", "Lucas", "William", "Hugo",
	"Elias", "Noah", "Ali", "Mohammed", "Ahmed", "Omar", "Juha", "Matti",
};
static const char *const family[] = {
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
	"Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
	"Jansson", "Hansson", "Bengtsson", "Lindberg", "Lindqvist", "Berg",
	"Holm", "Ek", "Hassan", "Ali", "Mohamed", "Yusuf", "Korhonen", "Virtanen",
	"Nieminen", "Öberg", "Åström", "Sjöberg",
};
static const char *const towns[] = {
	"Ludvika", "Borlänge", "Falun", "Mora", "Avesta", "Hedemora", "Leksand",
	"Rättvik", "Säter", "Smedjebacken", "Gagnef", "Orsa", "Malung", "Vansbro",
	"Älvdalen", "Uppsala", "Enköping", "Tierp", "Östhammar", "Knivsta",
	"Jönköping", "Värnamo", "Nässjö", "Vetlanda", "Eksjö", "Gislaved",
};
static const char *const languages[] = {"arabiska", "somaliska", "farsi",
                                        "finska", "tigrinja", "dari"};
static const char *const needs[] = {
	"Behöver samordnat stöd från psykiatrin och socialtjänsten.",
	"Skrivs ut från slutenvården och behöver hemtjänst och rehabilitering.",
	"Hög skolfrånvaro; skolan, BUP och socialtjänsten behöver samordna sig.",
	"Missbruk och psykisk ohälsa; flera kontakter som inte vet om varandra.",
	"Behöver stöd i boendet och kontakt med Försäkringskassan.",
	"Demenssjukdom; anhöriga orkar inte samordna själva.",
};
static const char *const goal_texts[] = {
	"Hantera sin ångest", "Fungerande vardagsrutiner",
	"Komma tillbaka till skolan", "Bo kvar hemma", "Sova bättre",
	"Klara sin ekonomi", "Minska sitt drickande", "Ha en meningsfull dag",
	"Få arbete eller praktik", "Må bättre och orka mer",
};
static const char *const activities[] = {
	"Samtal med kurator varannan vecka", "Boendestöd två gånger i veckan",
	"Hemtjänst morgon och kväll", "Läkemedelsgenomgång",
	"Anpassad studiegång", "Kontakt med budget- och skuldrådgivning",
	"Daglig verksamhet tre dagar i veckan", "Återbesök hos läkare",
	"Föra dagbok", "Promenad varje dag", "Stödsamtal på BUP",
	"Praktik via Arbetsförmedlingen", "Ansökan om sjukersättning",
};
static const struct decline_input declines[] = {
	{"one_principal",
	 "Behovet kan tillgodoses av en huvudman; den enskilde är informerad."},
	{"coordinated_otherwise", "Samordningen sker redan inom en annan plan."},
	{"no_coordination_need",
	 "Behovet av samordning bedöms inte finnas just nu."},
	{"existing_plan", "Det finns redan en SIP med samma parter."},
	{"other", "Den enskilde har flyttat till en annan region före mötet."},
};
static const char *const timings[] = {"Påbörjas omgående",
                                      "Påbörjas inom två veckor",
                                      "Varje vecka till uppföljningen",
                                      "Löpande", "Börja nästa vecka"};

/* ---- the organisation ---- */

enum unit_type {
	U_IFO, U_PSYKIATRI_KOMMUN, U_HEMTJANST, U_ELEVHALSA, U_LSS, /* municipality */
	U_VARDCENTRAL, U_VUXENPSYKIATRI,                            /* region */
	U_COUNT_PER_MUNICIPALITY,
};

struct gen_org {
	int nregions, nmunicipalities;
	int64_t *region_ids, *municipality_ids;
	int64_t fk_id, af_id;
	/* unit ids: municipality k, type t → units[k * U_COUNT + t] */
	int64_t *units;
	int64_t *region_bup, *region_ward, *region_fk, *region_af;
	struct user *users; /* USERS_PER_UNIT per unit, by unit index */
	int64_t *unit_index_ids; /* unit id for a user slot's unit */
	int nunits;
	struct user bench;
};

static int64_t add_principal(struct ctx *ctx, const char *name,
                             const char *kind)
{
	struct principal_input in = {name, kind, true};
	int64_t id = 0;
	if (!principal_create(ctx, &in, &id))
		return 0;
	return id;
}

static int64_t add_unit(struct ctx *ctx, struct gen_org *g, int64_t principal,
                        const char *name)
{
	char hsa[32];
	snprintf(hsa, sizeof hsa, "SE2321000999-G%05d", g->nunits + 1);
	struct unit_input in = {.hsa_id = hsa, .name = name,
	                        .principal_id = principal, .active = true};
	int64_t id = 0;
	if (!unit_create(ctx, &in, &id))
		return 0;
	g->unit_index_ids[g->nunits++] = id;
	return id;
}

static bool add_users(struct ctx *ctx, struct gen_org *g, const char *hash)
{
	static const char *const titles[] = {"Socialsekreterare", "Kurator",
	                                     "Sjuksköterska", "Handläggare"};
	g->users = calloc((size_t)g->nunits * USERS_PER_UNIT, sizeof *g->users);
	if (!g->users)
		return false;
	for (int u = 0; u < g->nunits; u++)
		for (int k = 0; k < USERS_PER_UNIT; k++) {
			char username[32], name[128];
			snprintf(username, sizeof username, "g%d_%d", u + 1, k + 1);
			snprintf(name, sizeof name, "%s %s", ONE_OF(given),
			         ONE_OF(family));
			int64_t unit = g->unit_index_ids[u];
			struct user_input in = {
				.username = username, .full_name = name,
				.title = titles[k], .role = "professional",
				.password = GEN_PASSWORD, .unit_ids = &unit,
				.nunits = 1,
			};
			int64_t id;
			if (!user_create_hashed(ctx, &in, hash, &id))
				return false;
			struct user *slot = &g->users[u * USERS_PER_UNIT + k];
			/* Keep the user for acting as them; the arena is reset
			 * per batch, so copy what acting needs. */
			slot->id = id;
			slot->active = true;
			slot->role = ROLE_PROFESSIONAL;
			slot->full_name = strdup(name);
			slot->username = strdup(username);
			slot->units = calloc(1, sizeof *slot->units);
			if (!slot->full_name || !slot->username || !slot->units)
				return false;
			slot->units[0].id = unit;
			slot->nunits = 1;
		}
	return true;
}

static int unit_slot(const struct gen_org *g, int64_t unit_id)
{
	/* The units were made one after another, so their ids usually run
	 * on from the first: a look-up per step of every plan. */
	int64_t guess = unit_id - g->unit_index_ids[0];
	if (guess >= 0 && guess < g->nunits &&
	    g->unit_index_ids[guess] == unit_id)
		return (int)guess;
	for (int u = 0; u < g->nunits; u++)
		if (g->unit_index_ids[u] == unit_id)
			return u;
	return 0;
}

/* A user of a unit (for acting as them). */
struct user *gen_user_of(struct gen_org *g, int64_t unit_id)
{
	return &g->users[unit_slot(g, unit_id) * USERS_PER_UNIT +
	                 pick(USERS_PER_UNIT)];
}

static bool build_org(struct ctx *ctx, struct gen_org *g, long plans)
{
	g->nregions = (int)(plans / 25000 + 1);
	if (g->nregions > 21)
		g->nregions = 21;
	g->nmunicipalities = (int)(plans / 2500 + 2);
	if (g->nmunicipalities > 290)
		g->nmunicipalities = 290;
	int max_units = g->nmunicipalities * U_COUNT_PER_MUNICIPALITY +
	                g->nregions * 4 + 8;
	g->region_ids = calloc((size_t)g->nregions, sizeof(int64_t));
	g->municipality_ids = calloc((size_t)g->nmunicipalities, sizeof(int64_t));
	g->units = calloc((size_t)g->nmunicipalities * U_COUNT_PER_MUNICIPALITY,
	                  sizeof(int64_t));
	g->region_bup = calloc((size_t)g->nregions, sizeof(int64_t));
	g->region_ward = calloc((size_t)g->nregions, sizeof(int64_t));
	g->region_fk = calloc((size_t)g->nregions, sizeof(int64_t));
	g->region_af = calloc((size_t)g->nregions, sizeof(int64_t));
	g->unit_index_ids = calloc((size_t)max_units, sizeof(int64_t));
	if (!g->region_ids || !g->municipality_ids || !g->units ||
	    !g->region_bup || !g->region_ward || !g->region_fk ||
	    !g->region_af || !g->unit_index_ids)
		return false;
	char name[160];
	g->fk_id = add_principal(ctx, "Försäkringskassan", "other_actor");
	g->af_id = add_principal(ctx, "Arbetsförmedlingen", "other_actor");
	if (!g->fk_id || !g->af_id)
		return false;
	for (int r = 0; r < g->nregions; r++) {
		snprintf(name, sizeof name, "Region %d", r + 1);
		if (!(g->region_ids[r] = add_principal(ctx, name, "region")))
			return false;
		snprintf(name, sizeof name, "BUP region %d", r + 1);
		g->region_bup[r] = add_unit(ctx, g, g->region_ids[r], name);
		snprintf(name, sizeof name, "Lasarettet region %d, medicinavdelning",
		         r + 1);
		g->region_ward[r] = add_unit(ctx, g, g->region_ids[r], name);
		snprintf(name, sizeof name, "Försäkringskassan, region %d", r + 1);
		g->region_fk[r] = add_unit(ctx, g, g->fk_id, name);
		snprintf(name, sizeof name, "Arbetsförmedlingen, region %d", r + 1);
		g->region_af[r] = add_unit(ctx, g, g->af_id, name);
		if (!g->region_bup[r] || !g->region_ward[r] || !g->region_fk[r] ||
		    !g->region_af[r])
			return false;
	}
	static const char *const unit_names[] = {
		[U_IFO] = "Individ- och familjeomsorgen",
		[U_PSYKIATRI_KOMMUN] = "Socialpsykiatri, boendestöd",
		[U_HEMTJANST] = "Hemtjänsten",
		[U_ELEVHALSA] = "Elevhälsan",
		[U_LSS] = "LSS-handläggning",
		[U_VARDCENTRAL] = "Vårdcentralen",
		[U_VUXENPSYKIATRI] = "Vuxenpsykiatrisk öppenvård",
	};
	for (int k = 0; k < g->nmunicipalities; k++) {
		const char *town = towns[k % (sizeof towns / sizeof *towns)];
		snprintf(name, sizeof name, "%s kommun %d", town, k + 1);
		if (!(g->municipality_ids[k] = add_principal(ctx, name,
		                                             "municipality")))
			return false;
		int64_t region = g->region_ids[k % g->nregions];
		for (int t = 0; t < U_COUNT_PER_MUNICIPALITY; t++) {
			snprintf(name, sizeof name, "%s %s %d", unit_names[t], town,
			         k + 1);
			int64_t owner = t >= U_VARDCENTRAL ? region
			                                   : g->municipality_ids[k];
			int64_t id = add_unit(ctx, g, owner, name);
			if (!id)
				return false;
			g->units[k * U_COUNT_PER_MUNICIPALITY + t] = id;
		}
	}
	return true;
}

/* ---- one plan ---- */

const char *gen_day_of(struct ctx *ctx, int64_t t)
{
	char *d = arena_alloc(ctx->arena, 11);
	date_format(date_of_time(t), d);
	return d;
}

/* The person of `index` (the same index, the same person: several plans
 * share some when there are fewer persons than plans); *pnr_out gets
 * their personnummer, which a unit that may not read their record needs
 * to start a plan for them. */
static bool gen_person(struct ctx *ctx, long index, int64_t *id,
                       const char **pnr_out)
{
	/* Birth dates: a tenth children, a fifth 65 or older. Drawn from
	 * the index alone, so the same index is the same person in every
	 * plan that shares them; the rest of the stream is left as it was. */
	uint64_t saved = rng_state;
	rng_state = (uint64_t)index * 0x2545f4914f6cdd1dULL + 1;
	int age = chance(10) ? 4 + (int)pick(14)
	        : chance(25) ? 65 + (int)pick(30) : 18 + (int)pick(47);
	struct date today = date_of_time(GEN_EPOCH);
	struct date birth = date_from_days(date_to_days(today) -
	                                   (int64_t)age * 365 - pick(365));
	rng_state = saved;
	char ten[64], pnr[64];
	/* The serial follows the index so numbers are unique per day; it
	 * runs 001-999, as Skatteverket's birth numbers do (000 is never
	 * issued, and personnummer_parse refuses it). */
	long serial = 1 + index % 999;
	snprintf(ten, sizeof ten, "%02d%02d%02d%03ld", birth.year % 100,
	         birth.month, birth.day, serial);
	int sum = 0;
	for (int i = 0; i < 9; i++) {
		int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += d > 9 ? d - 9 : d;
	}
	snprintf(pnr, sizeof pnr, "%04d%02d%02d-%03ld%d", birth.year, birth.month,
	         birth.day, serial, (10 - sum % 10) % 10);
	struct person_input in = {
		.personnummer = pnr,
		.given_name = ONE_OF(given),
		.family_name = ONE_OF(family),
		.city = ONE_OF(towns),
		.interpreter_language = chance(8) ? ONE_OF(languages) : NULL,
		.protected_identity = chance(1),
	};
	bool existed;
	if (!person_register(ctx, &in, id, &existed))
		return false;
	*pnr_out = arena_strdup(ctx->arena, pnr);
	/* A child as of the plan's time has guardians (one or two). */
	struct person p;
	struct ctx_as was = ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
	bool ok = person_load(ctx, *id, &p);
	ctx_act_restore(ctx, was);
	if (!ok)
		return false;
	bool has_guardian = false;
	for (int i = 0; i < p.nrelated; i++)
		has_guardian |= p.related[i].role == RELATED_GUARDIAN;
	if (p.is_child && !has_guardian) {
		struct related_input m = {.role = "guardian", .name = "Vårdnadshavare 1",
		                          .relation = "förälder", .may_read_plan = true};
		struct related_input f = {.role = "guardian", .name = "Vårdnadshavare 2",
		                          .relation = "förälder", .may_read_plan = true};
		/* As the console: a person registered by another unit, as an
		 * adult at a later plan's time, is a child at this earlier
		 * one, and this unit may not yet read their record. */
		int64_t rid;
		was = ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
		ok = person_add_related(ctx, *id, &m, &rid) &&
		     (!chance(70) || person_add_related(ctx, *id, &f, &rid));
		ctx_act_restore(ctx, was);
	}
	return ok;
}

struct plan_shape {
	enum plan_state target;
	int64_t lead_unit, region, municipality;
	int64_t invited[6];
	int ninvited;
	int64_t start; /* need assessed */
	/* A discharge from in-patient care: the invitations go out within
	 * three days of the notice, or (late) some days after. */
	bool discharge, discharge_late;
	/* Days the follow-up after the meeting, and the one after a
	 * revision, came after their planned dates (0: on time). */
	int late, late_again;
	/* Revised at the follow-up (an active plan with history, or half of
	 * the closed ones before their last follow-up). */
	bool revised;
};

static enum plan_state pick_state(void)
{
	long x = pick(100);
	return x < 5 ? PLAN_NEED_ASSESSED : x < 8 ? PLAN_DECLINED
	     : x < 12 ? PLAN_CONSENT : x < 17 ? PLAN_PREPARING
	     : x < 23 ? PLAN_INVITED : x < 68 ? PLAN_ACTIVE
	     : x < 78 ? PLAN_FOLLOW_UP : PLAN_CLOSED;
}

/* Days each plan's life takes to reach its state; the start is placed so
 * the last step falls before GEN_EPOCH. */
static int days_needed(enum plan_state s)
{
	switch (s) {
	case PLAN_NEED_ASSESSED: return 1;
	case PLAN_DECLINED: return 3;
	case PLAN_CONSENT: return 4;
	case PLAN_PREPARING: return 9;
	case PLAN_INVITED: return 12;
	case PLAN_ACTIVE: return 30;
	case PLAN_FOLLOW_UP: return 130;
	case PLAN_CLOSED: return 250;
	}
	return 1;
}

static bool consent_for(struct ctx *ctx, int64_t plan, int64_t person_id,
                        const struct plan_shape *sh, const int64_t *principals,
                        int np)
{
	struct person p;
	struct ctx_as was = ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
	bool ok = person_load(ctx, person_id, &p);
	ctx_act_restore(ctx, was);
	if (!ok)
		return false;
	static const char *const scopes[] = {"health", "social", "school",
	                                     "financial"};
	int64_t guardians[2];
	int ng = 0;
	for (int i = 0; i < p.nrelated && ng < 2; i++)
		if (p.related[i].role == RELATED_GUARDIAN)
			guardians[ng++] = p.related[i].id;
	struct consent_input in = {
		.given_by = p.is_child ? "guardians" : "individual",
		.form = chance(60) ? "written" : "oral",
		/* Open plans keep a consent in force past the data set's
		 * "today"; closed ones had theirs for a year or two. */
		.valid_until = gen_day_of(ctx, (ctx->now > GEN_EPOCH - 400 * DAY
		                            ? ctx->now : GEN_EPOCH)
		                           + (400 + pick(400)) * DAY),
		.scopes = (const char *const *)scopes,
		.nscopes = 2 + (int)pick(3),
		.recipient_ids = principals,
		.nrecipients = np,
		.giver_ids = p.is_child ? guardians : NULL,
		.ngivers = p.is_child ? ng : 0,
		.child_informed = p.is_child,
		.child_view = p.child_view_required ? "Vill ha stöd men bestämma själv "
		                                      "vilka som är med." : NULL,
	};
	(void)sh;
	int64_t id;
	return consent_record(ctx, plan, &in, &id);
}

static bool gen_plan(struct ctx *ctx, struct gen_org *g, long i,
                     long person_index, bool busy)
{
	struct plan_shape sh = {.target = pick_state()};
	/* The busy coordinator works in the first municipality's region. */
	int k = busy ? 0 : (int)pick(g->nmunicipalities);
	int r = k % g->nregions;
	sh.municipality = g->municipality_ids[k];
	sh.region = g->region_ids[r];
	int64_t *mine = &g->units[k * U_COUNT_PER_MUNICIPALITY];
	if (busy && sh.target < PLAN_ACTIVE)
		sh.target = PLAN_ACTIVE;
	sh.lead_unit = busy ? g->bench.units[0].id
	                    : mine[pick(U_COUNT_PER_MUNICIPALITY)];
	/* 1–5 other units of the same municipality and region. */
	int want = 1 + (int)pick(5);
	for (int t = 0; t < U_COUNT_PER_MUNICIPALITY && sh.ninvited < want; t++) {
		int64_t u = mine[(t + i) % U_COUNT_PER_MUNICIPALITY];
		if (u != sh.lead_unit && chance(60))
			sh.invited[sh.ninvited++] = u;
	}
	if (sh.ninvited < want && chance(30))
		sh.invited[sh.ninvited++] = g->region_fk[r];
	if (!sh.ninvited)
		sh.invited[sh.ninvited++] = mine[U_VARDCENTRAL] == sh.lead_unit
		                            ? mine[U_IFO] : mine[U_VARDCENTRAL];
	/* The principals involved — and so the consent's recipients — are
	 * those of the units taking part (nothing is shared without it). */
	int64_t principals[4] = {sh.municipality, sh.region};
	int np = 2;
	bool fk = false;
	for (int x = 0; x < sh.ninvited; x++)
		fk |= sh.invited[x] == g->region_fk[r];
	if (fk)
		principals[np++] = g->fk_id;
	if (chance(20))
		principals[np++] = g->af_id;

	sh.discharge = chance(10);
	sh.discharge_late = sh.discharge && chance(25);
	sh.late = chance(65) ? 0 : 7 + (int)pick(60);
	sh.late_again = chance(65) ? 0 : 7 + (int)pick(60);
	sh.revised = sh.target == PLAN_ACTIVE ? chance(20)
	           : sh.target == PLAN_CLOSED && chance(50);
	int span = days_needed(sh.target);
	if (sh.revised || sh.target == PLAN_FOLLOW_UP || sh.target == PLAN_CLOSED)
		span += 90 + sh.late;
	if (sh.revised)
		span += sh.target == PLAN_CLOSED ? 60 + sh.late_again : 0;
	/* Plans start over the last two years or so (and the longest lives
	 * before them), so "this year" of the statistics has every step. */
	ctx->now = GEN_EPOCH - (int64_t)(span + pick(640)) * DAY - pick(DAY / 2);
	struct user *lead = busy ? &g->bench : gen_user_of(g, sh.lead_unit);
	ctx_act_as(ctx, ACTOR_STAFF, lead);
	int64_t person_id;
	const char *pnr;
	if (!gen_person(ctx, person_index, &person_id, &pnr))
		return false;
	struct plan_create_input need = {
		.person_id = person_id,
		.personnummer = pnr,
		.initiating_unit_id = sh.lead_unit,
		.initiated_by = chance(80) ? "professional" : "individual",
		.initiator_name = "Den enskilde",
		.need_individual = "Jag vill att mina kontakter pratar med varandra.",
		.need_professional = ONE_OF(needs),
		.principal_ids = principals,
		.nprincipals = np,
		.is_discharge = sh.discharge,
		.hospital_episode = "Lasarettet, medicinavdelning",
	};
	int64_t plan;
	if (!plan_create(ctx, &need, &plan))
		return false;
	if (sh.target == PLAN_NEED_ASSESSED)
		return true;
	/* A discharge moves in hours, the rest in days. */
	ctx->now += sh.discharge ? 2 * 60 * 60 : 2 * DAY;
	if (sh.target == PLAN_DECLINED)
		return plan_decline(ctx, plan, &ONE_OF(declines));
	if (!consent_for(ctx, plan, person_id, &sh, principals, np))
		return false;
	if (sh.target == PLAN_CONSENT)
		return true;
	bool closes_early = sh.target == PLAN_CLOSED && chance(15);
	if (closes_early)
		return gen_plan_closed(ctx, g, plan, false);
	ctx->now += sh.discharge ? 4 * 60 * 60 : 3 * DAY;
	struct person p;
	struct ctx_as was = ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
	if (!person_load(ctx, person_id, &p))
		return false;
	ctx_act_restore(ctx, was);
	struct preparation_input prep = {
		.purpose = "Samordna insatserna kring den enskilde.",
		.individual_goals = ONE_OF(goal_texts),
		.participation = chance(70) ? "whole" : "video",
		.breaks_needed = chance(30),
		.child_voice = p.is_child ? "Barnet berättar själv en stund." : NULL,
	};
	if (!preparation_save(ctx, plan, &prep))
		return false;
	if (sh.target == PLAN_PREPARING)
		return true;
	ctx->now += !sh.discharge ? 2 * DAY
	          : sh.discharge_late ? (4 + pick(4)) * DAY : 12 * 60 * 60;
	bool video = chance(25);
	struct meeting_input m = {
		.date = gen_day_of(ctx, ctx->now + 7 * DAY),
		.start_time = chance(50) ? "09:00" : "13:30",
		.duration_minutes = 60 + 30 * (int)pick(3),
		.place = video ? NULL : "Enhetens mötesrum",
		.video_link = video ? "https://mote.example.se/sip" : NULL,
		.purpose = "Upprätta en samordnad individuell plan.",
	};
	int64_t meeting, first;
	if (!meeting_create(ctx, plan, &m, &meeting))
		return false;
	struct invitation_input inv[6];
	for (int x = 0; x < sh.ninvited; x++)
		inv[x] = (struct invitation_input){.unit_id = sh.invited[x]};
	if (!invitations_send(ctx, plan, meeting, inv, sh.ninvited, &first))
		return false;
	/* Replies: all but some of the plans still waiting, and now and
	 * then a party that never answers. */
	ctx->now += 2 * DAY;
	struct gen_party parties[6];
	for (int x = 0; x < sh.ninvited; x++) {
		parties[x] = (struct gen_party){.unit_id = sh.invited[x],
		                                .invitation_id = first + x};
		if (sh.target == PLAN_INVITED ? chance(50) : chance(6))
			continue;
		const struct user *replier = gen_user_of(g, sh.invited[x]);
		ctx_act_as(ctx, ACTOR_STAFF, replier);
		/* The generated units have one user each: the substitute is
		 * that user of the unit (the domain asks for one of its own). */
		struct reply_input rep = {
			.reply = chance(85) ? "attend" : chance(50) ? "substitute"
			                                            : "decline",
			.substitute_user_id = replier->id,
			.decline_reason = "Ingen aktuell insats.",
			.ongoing_interventions = ONE_OF(activities),
		};
		int64_t pid;
		if (!invitation_reply(ctx, first + x, &rep, &pid))
			return false;
		parties[x].answered = true;
		parties[x].attended = strcmp(rep.reply, "decline") != 0;
	}
	ctx_act_as(ctx, ACTOR_STAFF, lead);
	struct gen_meeting held = {
		.plan_id = plan, .meeting_id = meeting, .held_at = ctx->now + 5 * DAY,
		.lead_unit_id = sh.lead_unit, .lead = lead,
		.parties = parties, .nparties = sh.ninvited,
	};
	if (sh.target == PLAN_INVITED)
		return gen_deviation_maybe(ctx, g, &held, held.held_at, false);

	/* The meeting: the plan is written. */
	ctx->now += 5 * DAY;
	int ngoals = 1 + (int)pick(4), nint = 3 + (int)pick(10);
	struct goal_input goals[4];
	for (int x = 0; x < ngoals; x++)
		goals[x] = (struct goal_input){x ? "sub" : "overall",
		                               ONE_OF(goal_texts)};
	struct intervention_input ints[12];
	for (int x = 0; x < nint; x++) {
		bool own = x % 3 == 2;
		int64_t unit = x % 2 ? sh.lead_unit : sh.invited[x % sh.ninvited];
		struct unit u;
		if (!own && !unit_get(ctx, unit, &u))
			return false;
		const char *kind = own ? "individual"
		                 : u.principal_kind == PRINCIPAL_MUNICIPALITY ? "municipality_unit"
		                 : u.principal_kind == PRINCIPAL_REGION ? "region_unit"
		                                                        : "other_actor";
		ints[x] = (struct intervention_input){
			.goal = 1 + (int)pick(ngoals),
			.what = ONE_OF(activities),
			.responsible_kind = kind,
			.responsible_unit_id = own ? 0 : unit,
			.responsible_name = own ? p.given_name : NULL,
			.timing = ONE_OF(timings),
		};
	}
	struct participant_input who[] = {
		{.name = person_full_name(ctx, &p), .role = "Den enskilde"},
		{.name = lead->full_name, .role = "Samordningsansvarig"},
	};
	int64_t coordinator_unit = sh.lead_unit;
	struct user *coordinator = lead;
	{
		struct unit lu;
		if (!unit_get(ctx, sh.lead_unit, &lu))
			return false;
		if (!principal_kind_is_principal(lu.principal_kind)) {
			coordinator_unit = sh.invited[0];
			coordinator = gen_user_of(g, coordinator_unit);
		}
	}
	(void)coordinator_unit;
	struct establish_input est = {
		.participants = who, .nparticipants = 2,
		.chair = lead->full_name, .secretary = "Sekreterare",
		.identity_checked = true,
		.situation = "Den enskilde beskriver sin situation.",
		.wishes = ONE_OF(goal_texts),
		.needs = ONE_OF(needs),
		.goals = goals, .ngoals = ngoals,
		.interventions = ints, .ninterventions = nint,
		.crisis_plan = "Kontakta samordningsansvarig; vid akut läge 112.",
		.coordinator_user_id = coordinator->id,
		.follow_up_date = gen_day_of(ctx, ctx->now + 90 * DAY),
		.follow_up_place = "Enhetens mötesrum",
		.individual_approved = true,
	};
	int64_t version;
	if (!plan_establish(ctx, plan, &est, &version) ||
	    !gen_meeting_evaluated(ctx, g, &held) ||
	    !gen_deviation_maybe(ctx, g, &held, ctx->now, sh.late > 0))
		return false;
	ctx_act_as(ctx, ACTOR_STAFF, coordinator);
	if (sh.target == PLAN_ACTIVE && !sh.revised)
		return true;
	ctx->now += (int64_t)(90 + sh.late) * DAY;
	struct follow_up_start_input planned = {"planned",
	                                        "Uppföljning enligt planen"};
	if (!follow_up_start(ctx, plan, &planned, NULL))
		return false;
	if (sh.target == PLAN_FOLLOW_UP)
		return chance(40) || gen_follow_up_results(ctx, plan);
	if (!gen_follow_up_results(ctx, plan))
		return false;
	if (sh.revised) {
		struct follow_up_conclude_input revise = {
			.outcome = "revise",
			.next_date = gen_day_of(ctx, ctx->now + 60 * DAY),
			.next_place = "Enhetens mötesrum"};
		est.change_reason = "Reviderad vid uppföljningen.";
		est.meeting_id = 0;
		est.follow_up_date = revise.next_date;
		/* The revision is a proposal until the individual approves it
		 * (follow_up.h), here at the same meeting. */
		struct approval_input approval = {
			.given_by = "individual", .method = "in_person",
			.approved_on = gen_day_of(ctx, ctx->now)};
		if (!follow_up_conclude(ctx, plan, &revise, NULL) ||
		    !plan_revise(ctx, plan, &est, &version) ||
		    !plan_version_approve(ctx, plan, &approval))
			return false;
		if (sh.target == PLAN_ACTIVE)
			return true;
		ctx->now += (int64_t)(60 + sh.late_again) * DAY;
		struct follow_up_start_input again = {"planned", NULL};
		if (!follow_up_start(ctx, plan, &again, NULL) ||
		    !gen_follow_up_results(ctx, plan))
			return false;
	}
	return gen_plan_closed(ctx, g, plan, true);
}

/* ---- the run ---- */

static void free_org(struct gen_org *g)
{
	for (int i = 0; g->users && i < g->nunits * USERS_PER_UNIT; i++) {
		free((char *)g->users[i].full_name);
		free((char *)g->users[i].username);
		free(g->users[i].units);
	}
	free(g->users);
	free(g->bench.units);
	free(g->region_ids);
	free(g->municipality_ids);
	free(g->units);
	free(g->region_bup);
	free(g->region_ward);
	free(g->region_fk);
	free(g->region_af);
	free(g->unit_index_ids);
}

static void report_problem(const struct problem *p, const char *what)
{
	fprintf(stderr, "samplan gen: %s failed: %s\n", what,
	        p->detail ? p->detail : "");
	for (int i = 0; i < p->nfields; i++)
		fprintf(stderr, "  %s: %s\n", p->fields[i].field, p->fields[i].message);
}

/* The connection's settings for generating, and back. A generated
 * SQLite database can always be generated again, so it goes without
 * what protects real data: no fsync, the rollback journal in memory
 * instead of the WAL (pages are written once, at commit), the file
 * locked for the run, a cache big enough for the hot pages of 10^6
 * plans — and no foreign-key look-ups on every insert (the domain steps
 * that write the rows are tested with them on; test_query_plans checks
 * a generated database with PRAGMA foreign_key_check). */
static bool fast_writes(struct db *db, int64_t *cache_size)
{
	if (db_kind(db) != DB_SQLITE)
		return db_exec(db, "SET synchronous_commit = off") == DB_OK;
	return db_query_int64(db, "PRAGMA cache_size", cache_size) == DB_OK &&
	       db_exec(db, "PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;"
	                   " PRAGMA journal_mode=MEMORY;"
	                   " PRAGMA locking_mode=EXCLUSIVE;"
	                   " PRAGMA cache_size=-1000000") == DB_OK;
}

static bool fast_writes_end(struct db *db, int64_t cache_size)
{
	if (db_kind(db) != DB_SQLITE)
		return true;
	char sql[200];
	snprintf(sql, sizeof sql, "PRAGMA foreign_keys=ON;"
	                          " PRAGMA journal_mode=WAL;"
	                          " PRAGMA locking_mode=NORMAL;"
	                          " PRAGMA cache_size=%lld", (long long)cache_size);
	return db_exec(db, sql) == DB_OK;
}

static bool empty_database(struct db *db)
{
	int64_t n = 0;
	return db_query_int64(db, "SELECT COUNT(*) FROM principal", &n) == DB_OK &&
	       n == 0;
}

static bool gen_into(struct db *db, const struct gen_options *o, FILE *out)
{
	if (!empty_database(db)) {
		fprintf(stderr, "samplan gen: the database is not empty; generate "
		                "into a new one\n");
		return false;
	}
	int64_t cache_size = 0;
	if (!fast_writes(db, &cache_size))
		return false;
	rng_state = o->seed;
	struct arena arena;
	arena_init(&arena, LIMIT_REQUEST_ARENA);
	struct problem problem = {0};
	struct ctx ctx = {.actor = ACTOR_CONSOLE, .db = db, .arena = &arena,
	                  .problem = &problem, .client_addr = "gen", .lang = "sv",
	                  .now = GEN_EPOCH - 1000 * DAY};
	struct gen_org g = {0};
	time_t t0 = time(NULL);
	char *hash = secret_password_hash(&arena, GEN_PASSWORD);
	bool ok = hash && db_begin(db) == DB_OK && build_org(&ctx, &g, o->plans) &&
	          add_users(&ctx, &g, hash);
	/* The busy coordinator of the benchmark: a user of the first
	 * municipality's adult psychiatry unit. */
	if (ok) {
		int64_t unit = g.units[U_VUXENPSYKIATRI];
		struct user_input in = {.username = "bench", .full_name = "Bengt Bench",
		                        .title = "Kurator", .role = "professional",
		                        .password = GEN_PASSWORD, .unit_ids = &unit,
		                        .nunits = 1};
		int64_t id;
		ok = user_create_hashed(&ctx, &in, hash, &id);
		g.bench = (struct user){.id = id, .active = true,
		                        .role = ROLE_PROFESSIONAL,
		                        .full_name = "Bengt Bench",
		                        .username = "bench"};
		g.bench.units = calloc(1, sizeof *g.bench.units);
		ok = ok && g.bench.units;
		if (ok) {
			g.bench.units[0].id = unit;
			g.bench.nunits = 1;
		}
	}
	/* The follow-up group's user, for the statistics case of make bench
	 * (sql/0026_agreement_follow_up.sql). */
	if (ok) {
		struct user_input in = {.username = "stats",
		                        .full_name = "Stina Statistik",
		                        .title = "Uppföljningsgruppen för SIP",
		                        .role = "agreement_follow_up",
		                        .password = GEN_PASSWORD};
		int64_t id;
		ok = user_create_hashed(&ctx, &in, hash, &id);
	}
	ok = ok && db_commit(db) == DB_OK;
	if (!ok) {
		report_problem(&problem, "organisation");
		free_org(&g);
		arena_free(&arena);
		fast_writes_end(db, cache_size);
		return false;
	}
	fprintf(out, "organisation: %d regions, %d municipalities, %d units, "
	             "%d users (%lds)\n",
	        g.nregions, g.nmunicipalities, g.nunits,
	        g.nunits * USERS_PER_UNIT + 1, (long)(time(NULL) - t0));

	/* About 60 plans for the busy coordinator, spread over the run. */
	long busy_every = o->plans > 60 ? o->plans / 60 : 1;
	long done = 0;
	while (ok && done < o->plans) {
		ok = db_begin(db) == DB_OK;
		for (long i = done; ok && i < o->plans && i < done + BATCH; i++) {
			arena_free(&arena);
			memset(&problem, 0, sizeof problem);
			long person_index = o->persons >= o->plans
			                    ? i : pick(o->persons);
			ok = gen_plan(&ctx, &g, i, person_index,
			              i % busy_every == 0);
			if (!ok)
				report_problem(&problem, "plan");
		}
		ok = ok && db_commit(db) == DB_OK;
		if (!ok && db_in_transaction(db))
			db_rollback(db);
		done += BATCH;
		if (ok && (done % 10000 == 0 || done >= o->plans))
			fprintf(out, "plans: %ld (%lds)\n",
			        done < o->plans ? done : o->plans,
			        (long)(time(NULL) - t0));
	}
	free_org(&g);
	arena_free(&arena);
	ok = fast_writes_end(db, cache_size) && ok;
	long seconds = (long)(time(NULL) - t0);
	if (ok)
		fprintf(out, "done in %lds (%ld plans/s). Users g<unit>_<1-%d> "
		             "and bench (the busy coordinator), password: %s\n",
		        seconds, o->plans / (seconds > 0 ? seconds : 1),
		        USERS_PER_UNIT, GEN_PASSWORD);
	return ok;
}

/* PostgreSQL: generate into a temporary SQLite file with the same
 * functions, then copy the rows over (store/db_copy.c) — the steps'
 * thousands of statements per plan would otherwise each be a round trip
 * to the server. */
static bool gen_via_sqlite(struct db *db, const struct gen_options *o,
                           FILE *out)
{
	if (!empty_database(db)) {
		fprintf(stderr, "samplan gen: the database is not empty; generate "
		                "into a new one\n");
		return false;
	}
	const char *tmp = getenv("TMPDIR");
	char path[512], url[600], err[512];
	snprintf(path, sizeof path, "%s/samplan-gen-%d.db",
	         tmp && *tmp ? tmp : "/tmp", (int)getpid());
	snprintf(url, sizeof url, "sqlite:%s", path);
	unlink(path);
	struct db *local = db_open(url, err, sizeof err);
	int applied;
	bool ok = local && migrate_apply(local, embedded_sql, &applied, err,
	                                 sizeof err) == DB_OK;
	if (!ok)
		fprintf(stderr, "samplan gen: %s\n", err);
	ok = ok && gen_into(local, o, out);
	time_t t0 = time(NULL);
	if (ok && (db_copy_all(local, db, out, err, sizeof err) != DB_OK)) {
		fprintf(stderr, "samplan gen: copying to PostgreSQL: %s\n", err);
		ok = false;
	}
	/* Statistics now, not when autovacuum gets to it: until then the
	 * planner guesses, and a server started right after `gen` (as
	 * `make bench` does) saw second-long plans and timeouts. */
	if (ok && db_exec(db, "ANALYZE") != DB_OK) {
		fprintf(stderr, "samplan gen: ANALYZE: %s\n", db_errmsg(db));
		ok = false;
	}
	if (ok)
		fprintf(out, "copied to %s and analysed in %lds\n",
		        db_kind_name(db), (long)(time(NULL) - t0));
	db_close(local);
	unlink(path);
	char side[600];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return ok;
}

bool gen_run(struct db *db, const struct gen_options *o, FILE *out)
{
	return db_kind(db) == DB_SQLITE ? gen_into(db, o, out)
	                                : gen_via_sqlite(db, o, out);
}
