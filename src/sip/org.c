/*
 * org.c — principals and units (see org.h).
 */
#include "sip/org.h"

#include <string.h>

#include "base/limits.h"
#include "sip/access.h"
#include "audit/audit.h"
#include "sip/validate.h"
#include "store/db.h"

static const char *const kind_names[] = {
	[PRINCIPAL_MUNICIPALITY] = "municipality",
	[PRINCIPAL_REGION] = "region",
	[PRINCIPAL_OTHER_ACTOR] = "other_actor",
};

const char *principal_kind_name(enum principal_kind k) { return kind_names[k]; }

bool principal_kind_parse(const char *s, enum principal_kind *out)
{
	for (int i = 0; i <= PRINCIPAL_OTHER_ACTOR; i++)
		if (s && strcmp(s, kind_names[i]) == 0) {
			*out = (enum principal_kind)i;
			return true;
		}
	return false;
}

const char *principal_kind_label(enum principal_kind k, const char *lang)
{
	switch (k) {
	case PRINCIPAL_MUNICIPALITY: return tr(lang, "Kommun");
	case PRINCIPAL_REGION: return tr(lang, "Region");
	case PRINCIPAL_OTHER_ACTOR: return tr(lang, "Annan aktör");
	}
	return "";
}

static char *col_text(struct ctx *ctx, struct stmt *s, int i)
{
	return arena_strdup(ctx->arena, db_column_text(s, i));
}

/* ---- principals ---- */

static bool principal_check(struct ctx *ctx, const struct principal_input *in,
                            int64_t self_id)
{
	bool ok = check_required(ctx, "name", in->name, LIMIT_NAME);
	enum principal_kind kind;
	if (!principal_kind_parse(in->kind, &kind))
		ok = problem_field(ctx->problem, ctx->arena, "kind", "%s",
		                   T(ctx, "Välj kommun, region eller annan aktör."));
	if (!ok)
		return false;
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT id FROM principal WHERE name = ? AND id <> ?");
	db_bind_text(&s, 1, in->name);
	db_bind_int64(&s, 2, self_id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc == DB_ROW)
		return problem_field(ctx->problem, ctx->arena, "name", "%s",
		                     T(ctx, "Det finns redan en organisation med "
		                            "det namnet."));
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "principal check");
	return true;
}

bool principal_create(struct ctx *ctx, const struct principal_input *in,
                      int64_t *id)
{
	if (!access_may_admin_directory(ctx))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "principal create");
	if (!principal_check(ctx, in, 0))
		goto fail;
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"INSERT INTO principal (name, kind, active, created_at, updated_at)"
		" VALUES (?, ?, 1, ?, ?) RETURNING id");
	db_bind_text(&s, 1, in->name);
	db_bind_text(&s, 2, in->kind);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_int64(&s, 4, ctx->now);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "principal create");
		goto fail;
	}
	if (!audit_write(ctx, "principal.create", 0, 0,
	                 arena_printf(ctx->arena, "principal %lld", (long long)*id)))
		goto fail;
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "principal create");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

bool principal_update(struct ctx *ctx, int64_t id,
                      const struct principal_input *in)
{
	if (!access_may_admin_directory(ctx))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "principal update");
	if (!principal_check(ctx, in, id))
		goto fail;
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"UPDATE principal SET name = ?, kind = ?, active = ?, updated_at = ?"
		" WHERE id = ?");
	db_bind_text(&s, 1, in->name);
	db_bind_text(&s, 2, in->kind);
	db_bind_bool(&s, 3, in->active);
	db_bind_int64(&s, 4, ctx->now);
	db_bind_int64(&s, 5, id);
	rc = rc ? rc : db_step(&s);
	int64_t changed = rc == DB_DONE ? db_changes(&s) : 0;
	db_finalize(&s);
	if (rc != DB_DONE) {
		ctx_db_failed(ctx, rc, "principal update");
		goto fail;
	}
	if (changed == 0) {
		ctx_not_found(ctx);
		goto fail;
	}
	if (!audit_write(ctx, "principal.update", 0, 0,
	                 arena_printf(ctx->arena, "principal %lld", (long long)id)))
		goto fail;
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "principal update");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

static void principal_row(struct ctx *ctx, struct stmt *s, struct principal *p)
{
	p->id = db_column_int64(s, 0);
	p->name = col_text(ctx, s, 1);
	principal_kind_parse(db_column_text(s, 2), &p->kind);
	p->active = db_column_int64(s, 3) != 0;
}

bool principal_get(struct ctx *ctx, int64_t id, struct principal *out)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT id, name, kind, active FROM principal WHERE id = ?");
	db_bind_int64(&s, 1, id);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		principal_row(ctx, &s, out);
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "principal get");
	return true;
}

bool principal_list(struct ctx *ctx, struct principal **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT p.id, p.name, p.kind, p.active,"
		" (SELECT COUNT(*) FROM unit u WHERE u.principal_id = p.id)"
		" FROM principal p ORDER BY p.kind, p.name");
	size_t cap = 0;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *out, (size_t)*n, cap);
		principal_row(ctx, &s, &(*out)[*n]);
		(*out)[*n].nunits = (int)db_column_int64(&s, 4);
		(*n)++;
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "principal list");
	return true;
}

/* ---- units ---- */

static bool hsa_id_valid(const char *s)
{
	size_t len = strlen(s);
	if (len < 3 || len > 64)
		return false;
	if (!(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'A' && s[1] <= 'Z'))
		return false;
	for (size_t i = 2; i < len; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

static const char *fname(struct ctx *ctx, const char *prefix, const char *f)
{
	return prefix ? arena_printf(ctx->arena, "%s%s", prefix, f) : f;
}

bool unit_input_check(struct ctx *ctx, const struct unit_input *in,
                      const char *prefix)
{
	bool ok = true;
	const char *f_hsa = fname(ctx, prefix, "hsa_id");
	if (!in->hsa_id || !*in->hsa_id)
		ok = problem_field(ctx->problem, ctx->arena, f_hsa, "%s",
		                   T(ctx, "Ange enhetens HSA-id."));
	else if (!hsa_id_valid(in->hsa_id))
		ok = problem_field(ctx->problem, ctx->arena, f_hsa, "%s",
		                   T(ctx, "Enhets-id ska börja med två versaler "
		                          "(landskod) följt av siffror, bokstäver "
		                          "eller bindestreck, t.ex. "
		                          "SE2321000016-15CQ."));
	ok &= check_required(ctx, fname(ctx, prefix, "name"), in->name,
	                     LIMIT_NAME);
	ok &= check_email(ctx, fname(ctx, prefix, "email"), in->email);
	ok &= check_phone(ctx, fname(ctx, prefix, "phone"), in->phone);
	ok &= check_optional(ctx, fname(ctx, prefix, "postal_address"),
	                     in->postal_address, LIMIT_SHORT);
	return ok;
}

/* Principal exists; parent exists, belongs to the same principal and is
 * not the unit itself or one of its descendants. */
static bool unit_check_links(struct ctx *ctx, const struct unit_input *in,
                             int64_t self_id)
{
	struct principal p;
	struct problem saved = *ctx->problem;
	if (!in->principal_id || !principal_get(ctx, in->principal_id, &p)) {
		if (ctx->problem->kind == PROBLEM_UNAVAILABLE ||
		    ctx->problem->kind == PROBLEM_INTERNAL)
			return false;
		*ctx->problem = saved;
		return problem_field(ctx->problem, ctx->arena, "principal_id", "%s",
		                     T(ctx, "Välj en huvudman eller aktör som "
		                            "finns."));
	}
	if (!in->parent_id)
		return true;
	int64_t cur = in->parent_id;
	for (int depth = 0; cur; depth++) {
		if (cur == self_id || depth > 50)
			return problem_field(ctx->problem, ctx->arena, "parent_id",
			                     "%s", T(ctx, "En enhet kan inte ligga under "
			                                  "sig själv."));
		struct stmt s;
		int rc = db_prepare(ctx->db, &s,
			"SELECT principal_id, parent_id FROM unit WHERE id = ?");
		db_bind_int64(&s, 1, cur);
		rc = rc ? rc : db_step(&s);
		int64_t principal = 0, parent = 0;
		if (rc == DB_ROW) {
			principal = db_column_int64(&s, 0);
			parent = db_column_int64(&s, 1);
		}
		db_finalize(&s);
		if (rc == DB_DONE)
			return problem_field(ctx->problem, ctx->arena, "parent_id",
			                     "%s", T(ctx, "Välj en överordnad enhet "
			                                  "som finns."));
		if (rc != DB_ROW)
			return ctx_db_failed(ctx, rc, "unit parent");
		if (cur == in->parent_id && principal != in->principal_id)
			return problem_field(ctx->problem, ctx->arena, "parent_id",
			                     "%s", T(ctx, "Den överordnade enheten "
			                                  "måste höra till samma "
			                                  "huvudman."));
		cur = parent;
	}
	return true;
}

static bool unit_hsa_taken(struct ctx *ctx, const char *hsa_id, int64_t self_id,
                           bool *taken)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT 1 FROM unit WHERE hsa_id = ? AND id <> ?");
	db_bind_text(&s, 1, hsa_id);
	db_bind_int64(&s, 2, self_id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	*taken = rc == DB_ROW;
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "unit hsa check");
	return true;
}

static bool unit_check_all(struct ctx *ctx, const struct unit_input *in,
                           int64_t self_id)
{
	if (!unit_input_check(ctx, in, NULL))
		return false;
	bool taken;
	if (!unit_hsa_taken(ctx, in->hsa_id, self_id, &taken))
		return false;
	if (taken)
		return problem_field(ctx->problem, ctx->arena, "hsa_id", "%s",
		                     T(ctx, "Det finns redan en enhet med det "
		                            "enhets-id:t."));
	return unit_check_links(ctx, in, self_id);
}

bool unit_create(struct ctx *ctx, const struct unit_input *in, int64_t *id)
{
	if (!access_may_admin_directory(ctx))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "unit create");
	if (!unit_check_all(ctx, in, 0))
		goto fail;
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"INSERT INTO unit (hsa_id, name, principal_id, parent_id, email,"
		" phone, postal_address, active, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
	db_bind_text(&s, 1, in->hsa_id);
	db_bind_text(&s, 2, in->name);
	db_bind_int64(&s, 3, in->principal_id);
	db_bind_id(&s, 4, in->parent_id);
	db_bind_text(&s, 5, in->email);
	db_bind_text(&s, 6, in->phone);
	db_bind_text(&s, 7, in->postal_address);
	db_bind_int64(&s, 8, ctx->now);
	db_bind_int64(&s, 9, ctx->now);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "unit create");
		goto fail;
	}
	if (!audit_write(ctx, "unit.create", 0, 0,
	                 arena_printf(ctx->arena, "unit %lld", (long long)*id)))
		goto fail;
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "unit create");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

bool unit_update(struct ctx *ctx, int64_t id, const struct unit_input *in)
{
	if (!access_may_admin_directory(ctx))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "unit update");
	if (!unit_check_all(ctx, in, id))
		goto fail;
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"UPDATE unit SET hsa_id = ?, name = ?, principal_id = ?,"
		" parent_id = ?, email = ?, phone = ?, postal_address = ?,"
		" active = ?, updated_at = ? WHERE id = ?");
	db_bind_text(&s, 1, in->hsa_id);
	db_bind_text(&s, 2, in->name);
	db_bind_int64(&s, 3, in->principal_id);
	db_bind_id(&s, 4, in->parent_id);
	db_bind_text(&s, 5, in->email);
	db_bind_text(&s, 6, in->phone);
	db_bind_text(&s, 7, in->postal_address);
	db_bind_bool(&s, 8, in->active);
	db_bind_int64(&s, 9, ctx->now);
	db_bind_int64(&s, 10, id);
	rc = rc ? rc : db_step(&s);
	int64_t changed = rc == DB_DONE ? db_changes(&s) : 0;
	db_finalize(&s);
	if (rc != DB_DONE) {
		ctx_db_failed(ctx, rc, "unit update");
		goto fail;
	}
	if (changed == 0) {
		ctx_not_found(ctx);
		goto fail;
	}
	if (!audit_write(ctx, "unit.update", 0, 0,
	                 arena_printf(ctx->arena, "unit %lld", (long long)id)))
		goto fail;
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "unit update");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

#define UNIT_COLUMNS                                                       \
	"u.id, u.hsa_id, u.name, u.principal_id, p.name, p.kind,"          \
	" u.parent_id, pu.name, u.email, u.phone, u.postal_address,"       \
	" u.active"                                                        \
	" FROM unit u JOIN principal p ON p.id = u.principal_id"           \
	" LEFT JOIN unit pu ON pu.id = u.parent_id"

static void unit_row(struct ctx *ctx, struct stmt *s, struct unit *u)
{
	u->id = db_column_int64(s, 0);
	u->hsa_id = col_text(ctx, s, 1);
	u->name = col_text(ctx, s, 2);
	u->principal_id = db_column_int64(s, 3);
	u->principal_name = col_text(ctx, s, 4);
	principal_kind_parse(db_column_text(s, 5), &u->principal_kind);
	u->parent_id = db_column_int64(s, 6);
	u->parent_name = col_text(ctx, s, 7);
	u->email = col_text(ctx, s, 8);
	u->phone = col_text(ctx, s, 9);
	u->postal_address = col_text(ctx, s, 10);
	u->active = db_column_int64(s, 11) != 0;
}

static bool unit_get_by(struct ctx *ctx, const char *sql, int64_t id,
                        const char *text, struct unit *out)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s, sql);
	if (text)
		db_bind_text(&s, 1, text);
	else
		db_bind_int64(&s, 1, id);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		unit_row(ctx, &s, out);
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "unit get");
	return true;
}

bool unit_get(struct ctx *ctx, int64_t id, struct unit *out)
{
	return unit_get_by(ctx, "SELECT " UNIT_COLUMNS " WHERE u.id = ?", id,
	                   NULL, out);
}

bool unit_find_by_hsa_id(struct ctx *ctx, const char *hsa_id,
                         struct unit *out)
{
	return unit_get_by(ctx, "SELECT " UNIT_COLUMNS " WHERE u.hsa_id = ?", 0,
	                   hsa_id, out);
}

bool unit_list(struct ctx *ctx, int64_t principal_id, bool active_only,
               struct unit **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT " UNIT_COLUMNS
		" WHERE (CAST(? AS BIGINT) = 0 OR u.principal_id = ?)"
		" AND (CAST(? AS BIGINT) = 0 OR u.active = 1)"
		" ORDER BY p.name, u.name");
	db_bind_int64(&s, 1, principal_id);
	db_bind_int64(&s, 2, principal_id);
	db_bind_bool(&s, 3, active_only);
	size_t cap = 0;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *out, (size_t)*n, cap);
		unit_row(ctx, &s, &(*out)[(*n)++]);
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "unit list");
	return true;
}
