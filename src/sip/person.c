/*
 * person.c — persons and related persons (see person.h).
 */
#include "sip/person.h"

#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/text.h"
#include "sip/access.h"
#include "audit/audit.h"
#include "sip/personnummer.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

static const char *const role_names[] = {
	[RELATED_GUARDIAN] = "guardian",
	[RELATED_RELATIVE] = "relative",
	[RELATED_REPRESENTATIVE] = "representative",
};

const char *related_role_name(enum related_role r) { return role_names[r]; }

bool related_role_parse(const char *s, enum related_role *out)
{
	for (int i = 0; i <= RELATED_REPRESENTATIVE; i++)
		if (s && strcmp(s, role_names[i]) == 0) {
			*out = (enum related_role)i;
			return true;
		}
	return false;
}

const char *related_role_label(enum related_role r, const char *lang)
{
	switch (r) {
	case RELATED_GUARDIAN: return tr(lang, "Vårdnadshavare");
	case RELATED_RELATIVE: return tr(lang, "Närstående");
	case RELATED_REPRESENTATIVE: return tr(lang, "Företrädare");
	}
	return "";
}

void person_compute_age(struct person *p, struct date today)
{
	p->age = date_age(p->birth, today);
	p->is_child = p->age < AGE_ADULT;
	p->child_view_required = p->is_child && p->age >= AGE_CHILD_VIEW;
}

const char *person_full_name(struct ctx *ctx, const struct person *p)
{
	return arena_printf(ctx->arena, "%s %s", p->given_name, p->family_name);
}

static char *col(struct ctx *ctx, struct stmt *s, int i)
{
	return arena_strdup(ctx->arena, db_column_text(s, i));
}

#define PERSON_SELECT                                                      \
	"p.id, p.personnummer, p.is_coordination_number, p.birth_date,"    \
	" p.given_name, p.family_name, p.address, p.postal_code, p.city,"  \
	" p.phone, p.email, p.interpreter_language, p.protected_identity," \
	" p.created_at, p.own_reading_refused"
#define PERSON_COLUMNS PERSON_SELECT " FROM person p"

static void person_row(struct ctx *ctx, struct stmt *s, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_column_int64(s, 0);
	p->personnummer = col(ctx, s, 1);
	p->coordination_number = db_column_int64(s, 2) != 0;
	date_parse(db_column_text(s, 3), &p->birth);
	p->given_name = col(ctx, s, 4);
	p->family_name = col(ctx, s, 5);
	p->address = col(ctx, s, 6);
	p->postal_code = col(ctx, s, 7);
	p->city = col(ctx, s, 8);
	p->phone = col(ctx, s, 9);
	p->email = col(ctx, s, 10);
	p->interpreter_language = col(ctx, s, 11);
	p->protected_identity = db_column_int64(s, 12) != 0;
	p->created_at = db_column_int64(s, 13);
	p->own_reading_refused = db_column_is_null(s, 14) ? NULL : col(ctx, s, 14);
	person_compute_age(p, date_of_time(ctx->now));
}

/* The people around the person, in column RELATED_COLUMN of a person's
 * row (db_rows_open). */
#define RELATED_ROWS                                                       \
	DB_ROWS("rp.id, rp.role, rp.name, rp.relation, rp.personnummer,"   \
	        " rp.phone, rp.email, rp.address, rp.may_read_plan",       \
	        "FROM related_person rp WHERE rp.person_id = p.id"          \
	        " ORDER BY rp.role, rp.id")
enum { RELATED_COLUMN = 15 };

static bool read_related(struct ctx *ctx, struct stmt *row, struct person *p)
{
	struct stmt s;
	db_rows_open(&s, row, RELATED_COLUMN);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->related, n, cap);
		struct related_person *r = &p->related[n++];
		r->id = db_column_int64(&s, 0);
		related_role_parse(db_column_text(&s, 1), &r->role);
		r->name = col(ctx, &s, 2);
		r->relation = col(ctx, &s, 3);
		r->personnummer = col(ctx, &s, 4);
		r->phone = col(ctx, &s, 5);
		r->email = col(ctx, &s, 6);
		r->address = col(ctx, &s, 7);
		r->may_read_plan = db_column_int64(&s, 8) != 0;
	}
	db_finalize(&s);
	p->nrelated = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "related persons");
	return true;
}

/* Protected identity (skyddade personuppgifter): where the person lives
 * and how to reach them is not given out by samplan; every screen shows
 * the flag instead. Relatives' addresses go too — a guardian's address
 * is usually the child's. */
static void mask_protected(struct person *p)
{
	if (!p->protected_identity)
		return;
	p->contact_hidden = true;
	p->address = p->postal_code = p->city = p->phone = p->email = NULL;
	for (int i = 0; i < p->nrelated; i++)
		p->related[i].address = NULL;
}

/* The person's row and related persons in one query; with `ground`,
 * also the unit through which the caller may read the record
 * (ACCESS_PERSON_GROUND_COLUMN) into *ground. */
static bool person_query(struct ctx *ctx, int64_t id, int64_t *ground,
                         struct person *out)
{
	struct stmt s;
	if (ground) {
		db_prepare(ctx->db, &s, "SELECT " PERSON_SELECT ", " RELATED_ROWS
		           ", " ACCESS_PERSON_GROUND_COLUMN
		           " FROM person p WHERE p.id = ?");
		db_bind_int64(&s, 1, ctx_user_id(ctx));
		db_bind_int64(&s, 2, ctx_user_id(ctx));
		db_bind_text(&s, 3, access_today(ctx));
		db_bind_int64(&s, 4, id);
	} else {
		db_prepare(ctx->db, &s, "SELECT " PERSON_SELECT ", " RELATED_ROWS
		           " FROM person p WHERE p.id = ?");
		db_bind_int64(&s, 1, id);
	}
	int rc = db_step(&s);
	bool ok = true;
	if (rc == DB_ROW) {
		person_row(ctx, &s, out);
		ok = read_related(ctx, &s, out);
		if (ground)
			*ground = db_column_int64(&s, RELATED_COLUMN + 1);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "person");
	return ok;
}

static bool person_load_raw(struct ctx *ctx, int64_t id, struct person *out)
{
	return person_query(ctx, id, NULL, out);
}

bool person_load(struct ctx *ctx, int64_t id, struct person *out)
{
	if (!person_load_raw(ctx, id, out))
		return false;
	mask_protected(out);
	return true;
}

bool person_visible(struct ctx *ctx, int64_t id)
{
	struct problem saved = *ctx->problem;
	int64_t unit = ctx->acting_unit;
	bool ok = access_person(ctx, id);
	*ctx->problem = saved;
	ctx->acting_unit = unit;
	return ok;
}

/* What the lead unit of a plan sees of a person whose record it may not
 * read: who the plan is about, and of the people around them only who
 * may give the consent (guardians and representatives, by name and
 * role: the lead unit records who consented) — no relatives, no contact
 * details, no personnummer. */
static void keep_identity(struct person *p)
{
	p->address = p->postal_code = p->city = p->phone = p->email = NULL;
	p->interpreter_language = NULL;
	p->own_reading_refused = NULL;
	p->contact_hidden = true;
	p->record_hidden = true;
	int n = 0;
	for (int i = 0; i < p->nrelated; i++) {
		struct related_person x = p->related[i];
		if (x.role == RELATED_RELATIVE)
			continue;
		x.personnummer = x.phone = x.email = x.address = NULL;
		p->related[n++] = x;
	}
	p->nrelated = n;
}

bool person_load_for_plan(struct ctx *ctx, int64_t id, struct person *out)
{
	/* Not person_visible: reading one's own plan is no attempt to open
	 * the record, and must not be audited as a refused one. */
	int64_t ground = 0;
	if (!person_query(ctx, id, &ground, out))
		return false;
	mask_protected(out);
	if (!access_person_shown_through(ctx, ground))
		keep_identity(out);
	return true;
}

bool person_get_identity(struct ctx *ctx, int64_t id, struct person *out)
{
	if (!access_person(ctx, id) || !person_load(ctx, id, out))
		return false;
	keep_identity(out);
	out->nrelated = 0;
	return audit_read(ctx, "person.read_identity", id, 0);
}

/* The flag, and nothing else, until a reason is given. */
static bool reason_required(struct ctx *ctx, int64_t id, struct person *out)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	out->protected_identity = true;
	out->contact_hidden = true;
	out->record_hidden = true;
	out->reason_required = true;
	problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	            T(ctx, "Personen har skyddade personuppgifter. Ange varför "
	                   "du öppnar uppgifterna."));
	return problem_field(ctx->problem, ctx->arena, "reason", "%s",
	                     T(ctx, "Skriv skälet, t.ex. \"Förberedelse av "
	                            "SIP-möte\"."));
}

static bool audit_protected_read(struct ctx *ctx, int64_t id,
                                 const char *reason)
{
	if (!ctx_begin(ctx))
		return false;
	if (!audit_write(ctx, "person.read.protected", id, 0, reason))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool person_get(struct ctx *ctx, int64_t id, const char *reason,
                struct person *out)
{
	if (!access_person(ctx, id) || !person_load(ctx, id, out))
		return false;
	if (!out->protected_identity || ctx_is_console(ctx))
		return audit_read(ctx, "person.read", id, 0);
	/* Nothing of the record leaves without a usable reason. */
	if (reason)
		reason = text_clean(ctx->arena, reason);
	if (!reason || !*reason ||
	    !check_optional(ctx, "reason", reason, LIMIT_SHORT))
		return reason_required(ctx, id, out);
	return audit_protected_read(ctx, id, reason);
}

/* ---- validation ---- */

static bool check_person(struct ctx *ctx, const struct person_input *in,
                         struct personnummer *pnr, bool check_pnr)
{
	bool ok = true;
	if (check_pnr) {
		enum pnr_error e = personnummer_parse(in->personnummer,
		                                      date_of_time(ctx->now), pnr);
		if (e != PNR_OK)
			ok = problem_field(ctx->problem, ctx->arena, "personnummer",
			                   "%s", personnummer_error_message(e, ctx->lang));
	}
	ok &= check_required(ctx, "given_name", in->given_name, LIMIT_NAME);
	ok &= check_required(ctx, "family_name", in->family_name, LIMIT_NAME);
	ok &= check_optional(ctx, "address", in->address, LIMIT_SHORT);
	ok &= check_optional(ctx, "city", in->city, LIMIT_NAME);
	ok &= check_phone(ctx, "phone", in->phone);
	ok &= check_email(ctx, "email", in->email);
	ok &= check_optional(ctx, "interpreter_language", in->interpreter_language,
	                     100);
	if (in->postal_code) {
		size_t digits = 0;
		bool good = true;
		for (const char *c = in->postal_code; *c; c++) {
			if (*c >= '0' && *c <= '9')
				digits++;
			else if (*c != ' ')
				good = false;
		}
		if (!good || digits != 5)
			ok = problem_field(ctx->problem, ctx->arena, "postal_code",
			                   "%s", T(ctx, "Ange postnumret med fem "
			                                "siffror, t.ex. 771 30."));
	}
	return ok;
}

static bool link_units(struct ctx *ctx, int64_t person_id)
{
	const struct user *me = ctx_staff(ctx);
	if (!me)
		return true; /* the console registers without linking a unit */
	for (int i = 0; i < me->nunits; i++) {
		struct stmt s;
		db_prepare(ctx->db, &s,
			"INSERT INTO person_unit (person_id, unit_id, since,"
			" registered) VALUES (?, ?, ?, 1)"
			" ON CONFLICT (person_id, unit_id)"
			" DO UPDATE SET registered = 1, ended_at = NULL");
		db_bind_int64(&s, 1, person_id);
		db_bind_int64(&s, 2, me->units[i].id);
		db_bind_int64(&s, 3, ctx->now);
		int rc = db_step(&s);
		db_finalize(&s);
		if (rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "person unit");
	}
	return true;
}

bool person_register(struct ctx *ctx, const struct person_input *in,
                     int64_t *id, bool *existed)
{
	*existed = false;
	if (!access_may_work(ctx))
		return false;
	if (ctx_staff(ctx) && ctx_staff(ctx)->nunits == 0)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
		                   T(ctx, "Du behöver höra till en enhet för att "
		                          "registrera personer."));
	struct personnummer pnr;
	if (!check_person(ctx, in, &pnr, true))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "person register");
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT id FROM person WHERE personnummer = ?");
	db_bind_text(&s, 1, pnr.canonical);
	rc = db_step(&s);
	bool found = rc == DB_ROW;
	if (found)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (found) {
		/* Nothing changes and no unit is linked: the caller learns
		 * that the personnummer is known, nothing stored (the domain
		 * answers only the id), and may start a need assessment. */
		*existed = true;
	} else if (rc == DB_DONE) {
		char birth[11];
		date_format(pnr.birth, birth);
		char *full = arena_printf(ctx->arena, "%s %s", in->given_name,
		                          in->family_name);
		db_prepare(ctx->db, &s,
			"INSERT INTO person (personnummer, is_coordination_number,"
			" birth_date, given_name, family_name, name_search, address,"
			" postal_code, city, phone, email, interpreter_language,"
			" protected_identity, created_at, created_by, updated_at)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			" RETURNING id");
		db_bind_text(&s, 1, pnr.canonical);
		db_bind_bool(&s, 2, pnr.coordination);
		db_bind_text(&s, 3, birth);
		db_bind_text(&s, 4, in->given_name);
		db_bind_text(&s, 5, in->family_name);
		db_bind_text(&s, 6, text_fold(ctx->arena, full));
		db_bind_text(&s, 7, in->address);
		db_bind_text(&s, 8, in->postal_code);
		db_bind_text(&s, 9, in->city);
		db_bind_text(&s, 10, in->phone);
		db_bind_text(&s, 11, in->email);
		db_bind_text(&s, 12, in->interpreter_language);
		db_bind_bool(&s, 13, in->protected_identity);
		db_bind_int64(&s, 14, ctx->now);
		db_bind_id(&s, 15, ctx_user_id(ctx));
		db_bind_int64(&s, 16, ctx->now);
		rc = db_step(&s);
		if (rc == DB_ROW)
			*id = db_column_int64(&s, 0);
		db_finalize(&s);
	}
	if (rc != DB_ROW) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "person register");
	}
	if ((!found && !link_units(ctx, *id)) ||
	    !audit_write(ctx, found ? "person.register_existing"
	                            : "person.create", *id, 0, NULL)) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "person register");
	return true;
}

bool person_set_own_reading(struct ctx *ctx, int64_t id, bool refuse,
                            const char *reason)
{
	if (!access_person(ctx, id))
		return false;
	struct person p;
	if (!person_load_raw(ctx, id, &p))
		return false;
	if (!p.child_view_required)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Bara för barn som är 15, 16 eller 17 år: "
		                          "vuxna läser alltid sin egen plan, och "
		                          "yngre barns planer läser "
		                          "vårdnadshavarna."));
	if (!refuse)
		reason = NULL;
	else if (!check_required(ctx, "own_reading_refused", reason, LIMIT_SHORT))
		return false;
	if (!ctx_begin(ctx))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE person SET own_reading_refused = ?, updated_at = ?"
		" WHERE id = ?");
	db_bind_text(&s, 1, reason);
	db_bind_int64(&s, 2, ctx->now);
	db_bind_int64(&s, 3, id);
	if (!ctx_run(ctx, &s, NULL) ||
	    !audit_write(ctx, "person.own_reading", id, 0,
	                 reason ? "refused" : "allowed"))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool person_update(struct ctx *ctx, int64_t id, const struct person_input *given)
{
	if (!access_person(ctx, id))
		return false;
	struct personnummer unused;
	struct person stored;
	struct person_input keep = *given;
	const struct person_input *in = &keep;
	if (!person_load_raw(ctx, id, &stored))
		return false;
	if (stored.protected_identity) {
		if (!keep.address)
			keep.address = stored.address;
		if (!keep.postal_code)
			keep.postal_code = stored.postal_code;
		if (!keep.city)
			keep.city = stored.city;
		if (!keep.phone)
			keep.phone = stored.phone;
		if (!keep.email)
			keep.email = stored.email;
	}
	if (!check_person(ctx, in, &unused, false))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "person update");
	char *full = arena_printf(ctx->arena, "%s %s", in->given_name,
	                          in->family_name);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE person SET given_name = ?, family_name = ?, name_search = ?,"
		" address = ?, postal_code = ?, city = ?, phone = ?, email = ?,"
		" interpreter_language = ?, protected_identity = ?, updated_at = ?"
		" WHERE id = ?");
	db_bind_text(&s, 1, in->given_name);
	db_bind_text(&s, 2, in->family_name);
	db_bind_text(&s, 3, text_fold(ctx->arena, full));
	db_bind_text(&s, 4, in->address);
	db_bind_text(&s, 5, in->postal_code);
	db_bind_text(&s, 6, in->city);
	db_bind_text(&s, 7, in->phone);
	db_bind_text(&s, 8, in->email);
	db_bind_text(&s, 9, in->interpreter_language);
	db_bind_bool(&s, 10, in->protected_identity);
	db_bind_int64(&s, 11, ctx->now);
	db_bind_int64(&s, 12, id);
	rc = db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "person update");
	}
	if (!audit_write(ctx, "person.update", id, 0, NULL)) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "person update");
	return true;
}

bool person_find(struct ctx *ctx, const char *personnummer,
                 const char *reason, struct person *out)
{
	if (!access_may_work(ctx))
		return false;
	struct personnummer pnr;
	enum pnr_error e = personnummer_parse(personnummer,
	                                      date_of_time(ctx->now), &pnr);
	if (e != PNR_OK)
		return problem_field(ctx->problem, ctx->arena, "personnummer", "%s",
		                     personnummer_error_message(e, ctx->lang));
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT id FROM person WHERE personnummer = ?");
	db_bind_text(&s, 1, pnr.canonical);
	int rc = db_step(&s);
	int64_t id = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "person find");
	return person_get(ctx, id, reason, out);
}

bool person_search(struct ctx *ctx, const char *query, int limit,
                   struct person **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!access_may_work(ctx))
		return false;
	if (!ctx_is_console(ctx) && !ctx_staff(ctx))
		return ctx_not_found(ctx);
	if (!query || text_chars(query) < 2)
		return problem_field(ctx->problem, ctx->arena, "q", "%s",
		                     T(ctx, "Skriv minst två tecken av namnet."));
	/* Escape LIKE's wildcards in what the user typed. */
	struct buf pattern;
	buf_init(&pattern, 1024);
	buf_putc(&pattern, '%');
	for (const char *c = text_fold(ctx->arena, query); *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			buf_putc(&pattern, '\\');
		buf_putc(&pattern, *c);
	}
	buf_putc(&pattern, '%');
	struct stmt s;
	if (!ctx_is_console(ctx)) {
		/* From the caller's units to their persons: the search reads
		 * the persons the caller may see, not every person. */
		db_prepare_replan(ctx->db, &s,
			"SELECT " PERSON_COLUMNS " WHERE p.id IN (SELECT pn_.person_id"
			" FROM " ACCESS_PERSON_UNITS_SQL ")"
			" AND p.name_search LIKE ? ESCAPE '\\'"
			" ORDER BY p.family_name, p.given_name, p.id LIMIT ?");
		db_bind_int64(&s, 1, ctx_user_id(ctx));
		db_bind_int64(&s, 2, ctx_user_id(ctx));
		db_bind_text(&s, 3, access_today(ctx));
		db_bind_text(&s, 4, pattern.data);
		db_bind_int64(&s, 5, limit);
	} else {
		db_prepare(ctx->db, &s,
			"SELECT " PERSON_COLUMNS " WHERE p.name_search LIKE ? ESCAPE '\\'"
			" ORDER BY p.family_name, p.given_name, p.id LIMIT ?");
		db_bind_text(&s, 1, pattern.data);
		db_bind_int64(&s, 2, limit);
	}
	buf_free(&pattern);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *out, count, cap);
		person_row(ctx, &s, &(*out)[count]);
		mask_protected(&(*out)[count++]);
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "person search");
	*n = (int)count;
	int64_t *ids = arena_array(ctx->arena, int64_t, count + 1);
	for (size_t i = 0; i < count; i++)
		ids[i] = (*out)[i].id;
	return audit_read_many(ctx, "person.search", ids, NULL, (int)count);
}

/* ---- related persons ---- */

static bool check_related(struct ctx *ctx, const struct related_input *in)
{
	bool ok = true;
	enum related_role role;
	if (!related_role_parse(in->role, &role))
		ok = problem_field(ctx->problem, ctx->arena, "role", "%s",
		                   T(ctx, "Välj vårdnadshavare, närstående eller "
		                          "företrädare."));
	ok &= check_required(ctx, "name", in->name, LIMIT_NAME);
	ok &= check_optional(ctx, "relation", in->relation, LIMIT_SHORT);
	ok &= check_phone(ctx, "phone", in->phone);
	ok &= check_email(ctx, "email", in->email);
	ok &= check_optional(ctx, "address", in->address, LIMIT_SHORT);
	if (in->personnummer) {
		struct personnummer pnr;
		enum pnr_error e = personnummer_parse(in->personnummer,
		                                      date_of_time(ctx->now), &pnr);
		if (e != PNR_OK)
			ok = problem_field(ctx->problem, ctx->arena, "personnummer",
			                   "%s", personnummer_error_message(e, ctx->lang));
	}
	return ok;
}

static const char *canonical_or_null(struct ctx *ctx, const char *pnr_text)
{
	struct personnummer pnr;
	if (!pnr_text ||
	    personnummer_parse(pnr_text, date_of_time(ctx->now), &pnr) != PNR_OK)
		return NULL;
	return arena_strdup(ctx->arena, pnr.canonical);
}

bool person_add_related(struct ctx *ctx, int64_t person_id,
                        const struct related_input *in, int64_t *id)
{
	if (!access_person(ctx, person_id) || !check_related(ctx, in))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "related add");
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO related_person (person_id, role, name, relation,"
		" personnummer, phone, email, address, may_read_plan, created_at,"
		" created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, person_id);
	db_bind_text(&s, 2, in->role);
	db_bind_text(&s, 3, in->name);
	db_bind_text(&s, 4, in->relation);
	db_bind_text(&s, 5, canonical_or_null(ctx, in->personnummer));
	db_bind_text(&s, 6, in->phone);
	db_bind_text(&s, 7, in->email);
	db_bind_text(&s, 8, in->address);
	db_bind_bool(&s, 9, in->may_read_plan);
	db_bind_int64(&s, 10, ctx->now);
	db_bind_id(&s, 11, ctx_user_id(ctx));
	rc = db_step(&s);
	if (rc == DB_ROW)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "related add");
	}
	if (!audit_write(ctx, "person.related_add", person_id, 0,
	                 arena_printf(ctx->arena, "related %lld", (long long)*id))) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "related add");
	return true;
}

bool person_update_related(struct ctx *ctx, int64_t person_id,
                           int64_t related_id, const struct related_input *in)
{
	if (!access_person(ctx, person_id) || !check_related(ctx, in))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "related update");
	/* The address of a protected person's relative is never shown, so
	 * the form comes back without it: empty keeps the stored one. */
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE related_person SET role = ?, name = ?, relation = ?,"
		" personnummer = ?, phone = ?, email = ?,"
		" address = COALESCE(?, CASE WHEN (SELECT protected_identity"
		"  FROM person WHERE id = related_person.person_id) = 1"
		"  THEN address END),"
		" may_read_plan = ? WHERE id = ? AND person_id = ?");
	db_bind_text(&s, 1, in->role);
	db_bind_text(&s, 2, in->name);
	db_bind_text(&s, 3, in->relation);
	db_bind_text(&s, 4, canonical_or_null(ctx, in->personnummer));
	db_bind_text(&s, 5, in->phone);
	db_bind_text(&s, 6, in->email);
	db_bind_text(&s, 7, in->address);
	db_bind_bool(&s, 8, in->may_read_plan);
	db_bind_int64(&s, 9, related_id);
	db_bind_int64(&s, 10, person_id);
	rc = db_step(&s);
	int64_t changed = rc == DB_DONE ? db_changes(&s) : 0;
	db_finalize(&s);
	if (rc != DB_DONE) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "related update");
	}
	if (!changed) {
		db_rollback(ctx->db);
		return ctx_not_found(ctx);
	}
	if (!audit_write(ctx, "person.related_update", person_id, 0,
	                 arena_printf(ctx->arena, "related %lld",
	                              (long long)related_id))) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "related update");
	return true;
}
