/*
 * citizen.c — sign-in codes, citizen sessions and the citizen's access
 * answer (see citizen.h). Every rule about what a citizen may reach is
 * in this file: citizen_decide says it for one person and one signed-in
 * personnummer, and both the start page's list and the check of one
 * plan go through it.
 */
#include "sip/citizen.h"

#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/log.h"
#include "sip/auth.h"
#include "sip/personnummer.h"
#include "sip/secret.h"
#include "store/db.h"

/* No I, O, 0 or 1: a code read aloud over the phone or typed from paper
 * has nothing to mix up. 32 symbols, 5 bits each: 60 bits per code. */
static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *v = db_column_text(s, i);
	return v ? arena_strdup(ctx->arena, v) : NULL;
}

/* ---- the rule ---- */

/* What the signed-in personnummer may do with the plans of one person:
 * the person's age today, whether the personnummer is theirs, a
 * professional's reason that a child may not read their own plans, and
 * the related_person row of the personnummer (role NULL: none). */
struct citizen_facts {
	bool is_self;
	int age;
	bool own_reading_refused;
	const char *role; /* related_person.role */
	bool may_read_plan;
	bool has_version_in_force;
};

static enum citizen_relation citizen_decide(const struct citizen_facts *f)
{
	if (f->is_self) {
		if (f->age >= 18)
			return CITIZEN_SELF;
		if (f->age >= 15 && !f->own_reading_refused)
			return CITIZEN_CHILD;
		return CITIZEN_NONE;
	}
	if (!f->role)
		return CITIZEN_NONE;
	if (strcmp(f->role, "guardian") == 0)
		return f->age < 18 ? CITIZEN_GUARDIAN : CITIZEN_NONE;
	/* A relative or representative reads only what the individual chose
	 * to share: the plan in force. */
	if (!f->may_read_plan || !f->has_version_in_force)
		return CITIZEN_NONE;
	return strcmp(f->role, "representative") == 0 ? CITIZEN_REPRESENTATIVE
	                                              : CITIZEN_RELATIVE;
}

/* The relation ranks: one personnummer can match a person through more
 * than one related_person row (say, as a relative and as a guardian);
 * the strongest wins. */
static int relation_rank(enum citizen_relation r)
{
	switch (r) {
	case CITIZEN_SELF: return 5;
	case CITIZEN_CHILD: return 4;
	case CITIZEN_GUARDIAN: return 3;
	case CITIZEN_REPRESENTATIVE: return 2;
	case CITIZEN_RELATIVE: return 1;
	case CITIZEN_NONE: break;
	}
	return 0;
}

static void fill_access(struct citizen_access *a, enum citizen_relation rel)
{
	a->granted = rel != CITIZEN_NONE;
	a->relation = rel;
	a->may_act = rel == CITIZEN_SELF || rel == CITIZEN_GUARDIAN;
	a->may_write_own = a->may_act || rel == CITIZEN_CHILD;
	a->in_force_only = rel == CITIZEN_RELATIVE ||
	                   rel == CITIZEN_REPRESENTATIVE;
}

/* The columns every access query reads, over plan p, person pe and the
 * LEFT JOINed related_person rp of the signed-in personnummer. */
#define CITIZEN_FACT_COLUMNS                                               \
	"p.id, p.person_id, pe.personnummer, pe.birth_date,"                \
	" pe.own_reading_refused, pe.given_name, pe.family_name, rp.id,"    \
	" rp.role, rp.may_read_plan, p.current_version_id"
enum { FACT_NCOLS = 11 };

static enum citizen_relation facts_of_row(struct ctx *ctx, struct stmt *s,
                                          int c0, struct citizen_access *a)
{
	const char *pnr = db_column_text(s, c0 + 2);
	struct date birth = {0};
	const char *bd = db_column_text(s, c0 + 3);
	if (bd)
		date_parse(bd, &birth);
	struct citizen_facts f = {
		.is_self = pnr && strcmp(pnr, ctx->citizen->personnummer) == 0,
		.age = date_age(birth, date_of_time(ctx->now)),
		.own_reading_refused = !db_column_is_null(s, c0 + 4),
		.role = db_column_text(s, c0 + 8),
		.may_read_plan = db_column_int64(s, c0 + 9) != 0,
		.has_version_in_force = db_column_int64(s, c0 + 10) != 0,
	};
	enum citizen_relation rel = citizen_decide(&f);
	a->plan_id = db_column_int64(s, c0);
	a->person_id = db_column_int64(s, c0 + 1);
	a->related_person_id = f.is_self ? 0 : db_column_int64(s, c0 + 7);
	a->person_name = arena_printf(ctx->arena, "%s %s",
	                              db_column_text(s, c0 + 5),
	                              db_column_text(s, c0 + 6));
	return rel;
}

static bool refuse(struct ctx *ctx, int64_t plan_id)
{
	if (ctx->actor == ACTOR_CITIZEN &&
	    !audit_attempt(ctx, "citizen.plan.read.refused", 0, plan_id))
		return false;
	return ctx_not_found(ctx);
}

bool citizen_access_plan(struct ctx *ctx, int64_t plan_id,
                         struct citizen_access *out)
{
	*out = (struct citizen_access){0};
	if (ctx->actor != ACTOR_CITIZEN || !ctx->citizen)
		return ctx_not_found(ctx);
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT " CITIZEN_FACT_COLUMNS " FROM plan p"
		" JOIN person pe ON pe.id = p.person_id"
		" LEFT JOIN related_person rp ON rp.person_id = pe.id"
		" AND rp.personnummer = ? WHERE p.id = ?");
	db_bind_text(&s, 1, ctx->citizen->personnummer);
	db_bind_int64(&s, 2, plan_id);
	struct citizen_access best = {0};
	while ((rc = db_step(&s)) == DB_ROW) {
		struct citizen_access a = {0};
		enum citizen_relation rel = facts_of_row(ctx, &s, 0, &a);
		if (relation_rank(rel) > relation_rank(best.relation)) {
			best = a;
			fill_access(&best, rel);
		}
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen access");
	if (!best.granted)
		return refuse(ctx, plan_id);
	*out = best;
	return true;
}

bool citizen_access_plan_act(struct ctx *ctx, int64_t plan_id,
                             struct citizen_access *out)
{
	if (!citizen_access_plan(ctx, plan_id, out))
		return false;
	if (out->may_act)
		return true;
	const char *why =
		out->relation == CITIZEN_CHILD
			? T(ctx, "Dina vårdnadshavare bestämmer om planen tills "
			         "du fyller 18 år. Du kan läsa planen och skriva "
			         "din egen del.")
			: T(ctx, "Du kan läsa planen, men du kan inte ändra något "
			         "i den. Det kan bara den som planen handlar om.");
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	                   why);
}

bool citizen_plans(struct ctx *ctx, struct citizen_plan **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (ctx->actor != ACTOR_CITIZEN || !ctx->citizen)
		return ctx_not_found(ctx);
	/* The person's own plans and those of every person the
	 * personnummer is related to; citizen_decide then keeps those it
	 * may see. */
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT " CITIZEN_FACT_COLUMNS ", p.state,"
		" (SELECT v.version_no FROM plan_version v"
		"  WHERE v.id = p.current_version_id),"
		" (SELECT COUNT(*) FROM plan_version v WHERE v.plan_id = p.id"
		"  AND v.id > COALESCE(p.current_version_id, 0)),"
		" p.next_follow_up_date, p.need_assessed_at, p.closed_at"
		" FROM plan p JOIN person pe ON pe.id = p.person_id"
		" LEFT JOIN related_person rp ON rp.person_id = pe.id"
		" AND rp.personnummer = ?"
		" WHERE pe.personnummer = ? OR pe.id IN (SELECT person_id FROM"
		" related_person WHERE personnummer = ?)"
		" ORDER BY p.need_assessed_at DESC, p.id DESC");
	const char *pnr = ctx->citizen->personnummer;
	db_bind_text(&s, 1, pnr);
	db_bind_text(&s, 2, pnr);
	db_bind_text(&s, 3, pnr);
	int cap = 8;
	struct citizen_plan *list = arena_array(ctx->arena, struct citizen_plan,
	                                        (size_t)cap);
	int count = 0;
	while ((rc = db_step(&s)) == DB_ROW) {
		struct citizen_access a = {0};
		enum citizen_relation rel = facts_of_row(ctx, &s, 0, &a);
		if (rel == CITIZEN_NONE)
			continue;
		fill_access(&a, rel);
		/* Rows of one plan come together (one per related_person
		 * row): keep the strongest. */
		if (count > 0 && list[count - 1].access.plan_id == a.plan_id) {
			if (relation_rank(rel) >
			    relation_rank(list[count - 1].access.relation))
				list[count - 1].access = a;
			continue;
		}
		if (count == cap) {
			struct citizen_plan *bigger = arena_array(
				ctx->arena, struct citizen_plan, (size_t)cap * 2);
			memcpy(bigger, list, sizeof *list * (size_t)count);
			list = bigger;
			cap *= 2;
		}
		struct citizen_plan *cp = &list[count++];
		*cp = (struct citizen_plan){
			.access = a,
			.state = col(ctx, &s, FACT_NCOLS),
			.current_version_id = db_column_int64(&s, 10),
			.current_version_no = (int)db_column_int64(&s, FACT_NCOLS + 1),
			.proposal_waiting = db_column_int64(&s, FACT_NCOLS + 2) > 0,
			.next_follow_up_date = col(ctx, &s, FACT_NCOLS + 3),
			.need_assessed_at = db_column_int64(&s, FACT_NCOLS + 4),
			.closed_at = db_column_int64(&s, FACT_NCOLS + 5),
		};
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen plans");
	if (count > 0) {
		int64_t *persons = arena_array(ctx->arena, int64_t, (size_t)count);
		int64_t *plans = arena_array(ctx->arena, int64_t, (size_t)count);
		for (int i = 0; i < count; i++) {
			persons[i] = list[i].access.person_id;
			plans[i] = list[i].access.plan_id;
		}
		if (!audit_read_many(ctx, "citizen.plans.list", persons, plans,
		                     count))
			return false;
	}
	*out = list;
	*n = count;
	return true;
}

bool citizen_own_person(struct ctx *ctx, int64_t *person_id)
{
	*person_id = 0;
	if (ctx->actor != ACTOR_CITIZEN || !ctx->citizen)
		return ctx_not_found(ctx);
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT id FROM person WHERE personnummer = ?");
	db_bind_text(&s, 1, ctx->citizen->personnummer);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*person_id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen person");
	return true;
}

const char *citizen_relation_label(enum citizen_relation r, const char *lang)
{
	switch (r) {
	case CITIZEN_SELF:
	case CITIZEN_CHILD: return tr(lang, "Din plan");
	case CITIZEN_GUARDIAN: return tr(lang, "Du är vårdnadshavare");
	case CITIZEN_RELATIVE: return tr(lang, "Delad med dig som närstående");
	case CITIZEN_REPRESENTATIVE:
		return tr(lang, "Delad med dig som företrädare");
	case CITIZEN_NONE: break;
	}
	return "";
}

const char *citizen_state_text(const char *state, const char *lang)
{
	static const struct { const char *state, *text; } texts[] = {
		{"need_assessed", N_("Någon har sett att du behöver en SIP. "
		                     "Nästa steg är att du säger ja eller nej "
		                     "till att de som ska hjälpa dig får dela "
		                     "uppgifter.")},
		{"declined", N_("Det blev ingen SIP. Skälet står i planen.")},
		{"consent", N_("Du har sagt ja till att dela uppgifter. Nu "
		               "förbereder ni mötet.")},
		{"preparing", N_("Mötet förbereds tillsammans med dig.")},
		{"invited", N_("Mötet är bokat och alla är kallade.")},
		{"active", N_("Planen gäller.")},
		{"follow_up", N_("Planen följs upp. Den gäller tills en ny "
		                 "version är klar.")},
		{"closed", N_("Planen är avslutad.")},
	};
	for (size_t i = 0; state && i < sizeof texts / sizeof *texts; i++)
		if (strcmp(texts[i].state, state) == 0)
			return tr(lang, texts[i].text);
	return "";
}

/* ---- sign-in codes ---- */

/* The code as stored: upper case, without the spaces and dashes it is
 * shown with; NULL when it cannot be a code (wrong length or a symbol
 * outside the alphabet). */
static char *code_normalise(struct arena *a, const char *in)
{
	if (!in || strlen(in) > 64)
		return NULL;
	char *out = arena_alloc(a, CITIZEN_CODE_CHARS + 1);
	int n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '\t')
			continue;
		char c = (char)toupper((unsigned char)*p);
		if (!strchr(code_alphabet, c) || c == '\0' ||
		    n == CITIZEN_CODE_CHARS)
			return NULL;
		out[n++] = c;
	}
	if (n != CITIZEN_CODE_CHARS)
		return NULL;
	out[n] = '\0';
	return out;
}

static char *code_hash(struct arena *a, const char *normalised)
{
	return secret_token_hash(a, arena_printf(a, "citizen-code:%s",
	                                         normalised));
}

/* The person whose plans a staff user may hand a code for: the
 * personnummer is the person's own or that of someone related to them,
 * and the user works in a lead unit of one of the person's plans. The
 * console may for anyone samplan knows. *person_id gets the person when
 * the personnummer is their own (0 for a related person). */
static bool code_allowed(struct ctx *ctx, const char *canonical,
                         int64_t *person_id)
{
	*person_id = 0;
	const struct user *u = ctx_staff(ctx);
	if (!ctx_is_console(ctx) && !u)
		return ctx_not_found(ctx);
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT (SELECT id FROM person WHERE personnummer = ?),"
		" (SELECT COUNT(*) FROM person pe WHERE pe.personnummer = ?"
		"  OR pe.id IN (SELECT person_id FROM related_person"
		"  WHERE personnummer = ?)),"
		" (SELECT COUNT(*) FROM plan p JOIN person pe ON pe.id = p.person_id"
		"  JOIN user_unit uu ON uu.unit_id = p.lead_unit_id"
		"  AND uu.user_id = ? WHERE pe.personnummer = ?"
		"  OR pe.id IN (SELECT person_id FROM related_person"
		"  WHERE personnummer = ?))");
	db_bind_text(&s, 1, canonical);
	db_bind_text(&s, 2, canonical);
	db_bind_text(&s, 3, canonical);
	db_bind_int64(&s, 4, u ? u->id : 0);
	db_bind_text(&s, 5, canonical);
	db_bind_text(&s, 6, canonical);
	rc = rc ? rc : db_step(&s);
	int64_t known = 0, lead = 0;
	if (rc == DB_ROW) {
		*person_id = db_column_int64(&s, 0);
		known = db_column_int64(&s, 1);
		lead = db_column_int64(&s, 2);
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "citizen code");
	if (u && lead == 0)
		return ctx_not_found(ctx);
	if (known == 0)
		return problem_field(ctx->problem, ctx->arena, "personnummer",
		                     "%s",
		                     T(ctx, "Ingen person och ingen närstående "
		                            "med det personnumret finns i "
		                            "samplan."));
	return true;
}

bool citizen_code_create(struct ctx *ctx, const char *personnummer,
                         char **code, int64_t *expires_at)
{
	*code = NULL;
	struct personnummer pnr;
	enum pnr_error e = personnummer_parse(personnummer,
	                                      date_of_time(ctx->now), &pnr);
	if (e != PNR_OK)
		return problem_field(ctx->problem, ctx->arena, "personnummer",
		                     "%s", personnummer_error_message(e, ctx->lang));
	int64_t person_id;
	if (!code_allowed(ctx, pnr.canonical, &person_id))
		return false;
	char plain[CITIZEN_CODE_CHARS + 1];
	for (int i = 0; i < CITIZEN_CODE_CHARS; i++)
		plain[i] = code_alphabet[randombytes_uniform(
			(uint32_t)(sizeof code_alphabet - 1))];
	plain[CITIZEN_CODE_CHARS] = '\0';
	*expires_at = ctx->now + CITIZEN_CODE_VALID_S;
	if (!ctx_begin(ctx))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO citizen_code (code_hash, personnummer, created_at,"
		" created_by, expires_at) VALUES (?, ?, ?, ?, ?)");
	db_bind_text(&s, 1, code_hash(ctx->arena, plain));
	db_bind_text(&s, 2, pnr.canonical);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_id(&s, 4, ctx_user_id(ctx));
	db_bind_int64(&s, 5, *expires_at);
	if (!ctx_run(ctx, &s, NULL) ||
	    !audit_write(ctx, "citizen.code_create", person_id, 0, NULL))
		return ctx_abort(ctx);
	if (!ctx_commit(ctx))
		return false;
	/* Shown in groups of four, as on the letter. */
	*code = arena_printf(ctx->arena, "%.4s-%.4s-%.4s", plain, plain + 4,
	                     plain + 8);
	return true;
}

/* ---- sessions ---- */

static bool session_insert(struct ctx *ctx, const char *canonical,
                           const char *how, char **token,
                           struct citizen *out)
{
	*token = secret_token(ctx->arena, "");
	char *csrf = secret_token(ctx->arena, "");
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO citizen_session (token_hash, personnummer, how,"
		" csrf_token, created_at, last_seen_at, client_addr)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_text(&s, 1, secret_token_hash(ctx->arena, *token));
	db_bind_text(&s, 2, canonical);
	db_bind_text(&s, 3, how);
	db_bind_text(&s, 4, csrf);
	db_bind_int64(&s, 5, ctx->now);
	db_bind_int64(&s, 6, ctx->now);
	db_bind_text(&s, 7, ctx->client_addr);
	int64_t id;
	if (!ctx_insert(ctx, &s, &id))
		return false;
	*out = (struct citizen){
		.session_id = id,
		.personnummer = arena_strdup(ctx->arena, canonical),
		.csrf_token = csrf,
		.how = how,
	};
	/* The login's record is the citizen's own. */
	enum actor_kind was_actor = ctx->actor;
	const struct citizen *was_citizen = ctx->citizen;
	int64_t was_session = ctx->citizen_session_id;
	ctx->actor = ACTOR_CITIZEN;
	ctx->citizen = out;
	ctx->citizen_session_id = id;
	int64_t person_id = 0;
	bool ok = citizen_own_person(ctx, &person_id) &&
	          audit_write(ctx, "citizen.login", person_id, 0, how);
	ctx->actor = was_actor;
	ctx->citizen = was_citizen;
	ctx->citizen_session_id = was_session;
	return ok;
}

static bool code_refused(struct ctx *ctx)
{
	return problem_field(ctx->problem, ctx->arena, "code", "%s",
	                     T(ctx, "Koden fungerar inte. Den kan vara fel "
	                            "skriven, redan använd eller för gammal. "
	                            "Be den som gav dig koden om en ny."));
}

static bool code_throttled(struct ctx *ctx, int64_t wait)
{
	ctx->problem->retry_after_s = (int)wait;
	int minutes = (int)((wait + 59) / 60);
	return problem_set(ctx->problem, ctx->arena, PROBLEM_THROTTLED,
	                   T(ctx, "Du har skrivit fel kod för många gånger. "
	                          "Vänta %d minuter och försök igen."),
	                   minutes);
}

bool citizen_sign_in_code(struct ctx *ctx, const char *code, char **token,
                          struct citizen *out)
{
	*token = NULL;
	int64_t wait;
	if (!auth_throttle_wait(ctx, CITIZEN_CODE_ACCOUNT, &wait))
		return false;
	if (wait > 0) {
		log_warn("citizen code refused from %s: throttled for %lld s",
		         ctx->client_addr ? ctx->client_addr : "-",
		         (long long)wait);
		return code_throttled(ctx, wait);
	}
	char *normal = code_normalise(ctx->arena, code);
	char *canonical = NULL;
	if (normal) {
		if (!ctx_begin(ctx))
			return false;
		/* Spent in the same statement that finds it: two requests
		 * with one code cannot both sign in. */
		struct stmt s;
		int rc = db_prepare(ctx->db, &s,
			"UPDATE citizen_code SET used_at = ? WHERE code_hash = ?"
			" AND used_at IS NULL AND expires_at > ?"
			" RETURNING personnummer");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_text(&s, 2, code_hash(ctx->arena, normal));
		db_bind_int64(&s, 3, ctx->now);
		rc = rc ? rc : db_step(&s);
		if (rc == DB_ROW)
			canonical = col(ctx, &s, 0);
		db_finalize(&s);
		if (rc != DB_ROW && rc != DB_DONE) {
			ctx_db_failed(ctx, rc, "citizen code");
			return ctx_abort(ctx);
		}
		if (canonical) {
			if (!session_insert(ctx, canonical, "code", token, out))
				return ctx_abort(ctx);
			return ctx_commit(ctx);
		}
		ctx_abort(ctx);
	}
	if (!auth_throttle_fail(ctx, CITIZEN_CODE_ACCOUNT))
		return false;
	return code_refused(ctx);
}

bool citizen_sign_in_proxy(struct ctx *ctx, const char *personnummer,
                           char **token, struct citizen *out)
{
	struct personnummer pnr;
	if (personnummer_parse(personnummer, date_of_time(ctx->now), &pnr) !=
	    PNR_OK)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN,
		                   "%s",
		                   T(ctx, "Inloggningstjänsten skickade inget "
		                          "giltigt personnummer."));
	if (!ctx_begin(ctx))
		return false;
	if (!session_insert(ctx, pnr.canonical, "proxy", token, out))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool citizen_session(struct ctx *ctx, const char *token, struct citizen *out)
{
	if (!token || strlen(token) > 128)
		return false;
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT id, personnummer, csrf_token, how, created_at,"
		" last_seen_at FROM citizen_session WHERE token_hash = ?"
		" AND ended_at IS NULL");
	db_bind_text(&s, 1, secret_token_hash(ctx->arena, token));
	rc = rc ? rc : db_step(&s);
	int64_t created = 0, seen = 0;
	if (rc == DB_ROW) {
		*out = (struct citizen){
			.session_id = db_column_int64(&s, 0),
			.personnummer = col(ctx, &s, 1),
			.csrf_token = col(ctx, &s, 2),
			.how = col(ctx, &s, 3),
		};
		created = db_column_int64(&s, 4);
		seen = db_column_int64(&s, 5);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return false;
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "citizen session");
	if (ctx->now - seen > CITIZEN_SESSION_IDLE_S ||
	    ctx->now - created > CITIZEN_SESSION_ABSOLUTE_S)
		return false;
	if (ctx->now - seen >= SESSION_TOUCH_S) {
		rc = db_prepare(ctx->db, &s,
			"UPDATE citizen_session SET last_seen_at = ? WHERE id = ?");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_int64(&s, 2, out->session_id);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
		if (rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "citizen session");
	}
	return true;
}

bool citizen_sign_out(struct ctx *ctx, const char *token)
{
	if (!token || strlen(token) > 128)
		return true;
	if (!ctx_begin(ctx))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE citizen_session SET ended_at = ? WHERE token_hash = ?"
		" AND ended_at IS NULL");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_text(&s, 2, secret_token_hash(ctx->arena, token));
	int64_t changed = 0;
	if (!ctx_run(ctx, &s, &changed))
		return ctx_abort(ctx);
	if (changed && ctx->actor == ACTOR_CITIZEN &&
	    !audit_write(ctx, "citizen.logout", 0, 0, NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- h/cextract: whose extract the citizen may read ---- */

bool citizen_extract_persons(struct ctx *ctx, struct citizen_person **out,
                             int *n)
{
	*out = NULL;
	*n = 0;
	if (ctx->actor != ACTOR_CITIZEN || !ctx->citizen)
		return ctx_not_found(ctx);
	/* The fact columns of CITIZEN_FACT_COLUMNS for a person instead of
	 * a plan: no plan (0) and no version in force (0), so citizen_decide
	 * gives a relative or representative nothing, as the rule says of
	 * everything but the shared plan. */
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT 0, pe.id, pe.personnummer, pe.birth_date,"
		" pe.own_reading_refused, pe.given_name, pe.family_name, rp.id,"
		" rp.role, rp.may_read_plan, 0"
		" FROM person pe LEFT JOIN related_person rp"
		" ON rp.person_id = pe.id AND rp.personnummer = ?"
		" WHERE pe.personnummer = ? OR pe.id IN (SELECT person_id FROM"
		" related_person WHERE personnummer = ?)"
		" ORDER BY CASE WHEN pe.personnummer = ? THEN 0 ELSE 1 END,"
		" pe.family_name, pe.given_name, pe.id");
	const char *pnr = ctx->citizen->personnummer;
	for (int i = 1; i <= 4; i++)
		db_bind_text(&s, i, pnr);
	size_t cap = 0;
	struct citizen_person *list = NULL;
	int count = 0;
	while ((rc = db_step(&s)) == DB_ROW) {
		struct citizen_access a = {0};
		enum citizen_relation rel = facts_of_row(ctx, &s, 0, &a);
		if (rel != CITIZEN_SELF && rel != CITIZEN_CHILD &&
		    rel != CITIZEN_GUARDIAN)
			continue;
		/* One row per related_person row of a person: keep the
		 * strongest. */
		if (count > 0 && list[count - 1].person_id == a.person_id) {
			if (relation_rank(rel) > relation_rank(list[count - 1].relation))
				list[count - 1].relation = rel;
			continue;
		}
		list = arena_grow(ctx->arena, list, (size_t)count, &cap,
		                  sizeof *list);
		list[count++] = (struct citizen_person){
			.person_id = a.person_id,
			.relation = rel,
			.name = a.person_name,
			.personnummer = col(ctx, &s, 2),
		};
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen extract persons");
	*out = list;
	*n = count;
	return true;
}
