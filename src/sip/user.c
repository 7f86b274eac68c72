/*
 * user.c — staff users (see user.h).
 */
#include "sip/user.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "sip/access.h"
#include "audit/audit.h"
#include "sip/secret.h"
#include "sip/validate.h"
#include "store/db.h"

bool user_username_valid(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len < 2 || len > LIMIT_USERNAME || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool user_in_unit(const struct user *u, int64_t unit_id)
{
	if (!u)
		return false;
	for (int i = 0; i < u->nunits; i++)
		if (u->units[i].id == unit_id)
			return true;
	return false;
}

static char *col_text(struct ctx *ctx, struct stmt *s, int i)
{
	return arena_strdup(ctx->arena, db_column_text(s, i));
}

/* A user's row and, in column 12, the units (db_rows_open): one query
 * for a user with everything the access rules need. */
#define USER_COLUMNS                                                       \
	"ua.id, ua.username, ua.full_name, ua.title, ua.email, ua.phone,"  \
	" ua.role, ua.lang, ua.active, ua.created_at, ua.deactivated_at,"  \
	" ua.password_hash, "                                              \
	DB_ROWS("n.id, n.name, n.hsa_id, pr.id, pr.name, pr.kind",            \
	     "FROM user_unit uu JOIN unit n ON n.id = uu.unit_id"          \
	     " JOIN principal pr ON pr.id = n.principal_id"                 \
	     " WHERE uu.user_id = ua.id ORDER BY n.name, n.id")             \
	" FROM user_account ua"
enum { USER_UNITS_COLUMN = 12 };

static void user_row(struct ctx *ctx, struct stmt *s, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_column_int64(s, 0);
	u->username = col_text(ctx, s, 1);
	u->full_name = col_text(ctx, s, 2);
	u->title = col_text(ctx, s, 3);
	u->email = col_text(ctx, s, 4);
	u->phone = col_text(ctx, s, 5);
	role_parse(db_column_text(s, 6), &u->role);
	u->lang = col_text(ctx, s, 7);
	u->active = db_column_int64(s, 8) != 0;
	u->created_at = db_column_int64(s, 9);
	u->deactivated_at = db_column_int64(s, 10);
}

static bool read_units(struct ctx *ctx, struct stmt *row, struct user *u)
{
	struct stmt s;
	db_rows_open(&s, row, USER_UNITS_COLUMN);
	size_t n = 0, cap = 0;
	int rc;
	u->units = NULL;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, u->units, n, cap);
		struct user_unit *x = &u->units[n++];
		x->id = db_column_int64(&s, 0);
		x->name = col_text(ctx, &s, 1);
		x->hsa_id = col_text(ctx, &s, 2);
		x->principal_id = db_column_int64(&s, 3);
		x->principal_name = col_text(ctx, &s, 4);
		principal_kind_parse(db_column_text(&s, 5), &x->principal_kind);
	}
	db_finalize(&s);
	u->nunits = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "user units");
	return true;
}

static bool load_one(struct ctx *ctx, const char *sql, int64_t id,
                     const char *username, struct user *out, char **hash)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s, sql);
	if (username)
		db_bind_text(&s, 1, username);
	else
		db_bind_int64(&s, 1, id);
	rc = rc ? rc : db_step(&s);
	bool ok = true;
	if (rc == DB_ROW) {
		user_row(ctx, &s, out);
		if (hash)
			*hash = col_text(ctx, &s, 11);
		ok = read_units(ctx, &s, out);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "user load");
	return ok;
}

bool user_load(struct ctx *ctx, int64_t id, struct user *out)
{
	return load_one(ctx, "SELECT " USER_COLUMNS " WHERE ua.id = ?", id, NULL,
	                out, NULL);
}

bool user_load_by_username(struct ctx *ctx, const char *username,
                           struct user *out, char **password_hash)
{
	return load_one(ctx, "SELECT " USER_COLUMNS " WHERE ua.username = ?", 0,
	                username, out, password_hash);
}

bool user_get(struct ctx *ctx, int64_t id, struct user *out)
{
	if (!user_load(ctx, id, out))
		return false;
	return access_may_see_user(ctx, out);
}

bool user_list(struct ctx *ctx, struct user **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT " USER_COLUMNS " ORDER BY ua.full_name, ua.username");
	struct user *all = NULL;
	size_t nall = 0, cap = 0;
	bool ok = true;
	for (rc = db_step(&s); rc == DB_ROW && ok; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, all, nall, cap);
		user_row(ctx, &s, &all[nall]);
		ok = read_units(ctx, &s, &all[nall++]);
	}
	db_finalize(&s);
	if (!ok)
		return false;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "user list");
	/* Keep those the caller may see. */
	size_t kept = 0;
	struct problem saved = *ctx->problem;
	for (size_t i = 0; i < nall; i++) {
		if (access_may_see_user(ctx, &all[i]))
			all[kept++] = all[i];
		*ctx->problem = saved; /* a hidden user is not an error */
	}
	*out = all;
	*n = (int)kept;
	return true;
}

static int by_full_name(const void *a, const void *b)
{
	const struct user *x = a, *y = b;
	int c = strcmp(x->full_name, y->full_name);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

bool user_list_in_units(struct ctx *ctx, const int64_t *unit_ids, int n,
                        struct user **out, int *nout)
{
	*out = NULL;
	*nout = 0;
	if (!access_may_work(ctx))
		return false;
	size_t count = 0, cap = 0;
	for (int k = 0; k < n && k < 50; k++) {
		struct stmt s;
		int rc = db_prepare(ctx->db, &s,
			"SELECT " USER_COLUMNS " WHERE ua.active = 1 AND ua.id IN"
			" (SELECT user_id FROM user_unit WHERE unit_id = ?)");
		db_bind_int64(&s, 1, unit_ids[k]);
		bool ok = true;
		for (rc = db_step(&s); rc == DB_ROW && ok; rc = db_step(&s)) {
			int64_t id = db_column_int64(&s, 0);
			bool seen = false;
			for (size_t i = 0; i < count && !seen; i++)
				seen = (*out)[i].id == id;
			if (seen)
				continue;
			ARENA_PUSH(ctx->arena, *out, count, cap);
			user_row(ctx, &s, &(*out)[count]);
			ok = read_units(ctx, &s, &(*out)[count++]);
		}
		db_finalize(&s);
		if (!ok)
			return false;
		if (rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "users of units");
	}
	if (count > 1)
		qsort(*out, count, sizeof **out, by_full_name);
	*nout = (int)count;
	return true;
}

static bool check_input(struct ctx *ctx, const struct user_input *in,
                        bool creating, int64_t self_id)
{
	bool ok = true;
	if (!in->username || !*in->username)
		ok = problem_field(ctx->problem, ctx->arena, "username", "%s",
		                   T(ctx, "Ange ett användarnamn."));
	else if (!user_username_valid(in->username))
		ok = problem_field(ctx->problem, ctx->arena, "username", "%s",
		                   T(ctx, "Användarnamnet ska vara 2–64 tecken: "
		                          "små bokstäver a–z, siffror, punkt, "
		                          "understreck eller bindestreck, och "
		                          "börja med en bokstav."));
	ok &= check_required(ctx, "full_name", in->full_name, LIMIT_NAME);
	ok &= check_optional(ctx, "title", in->title, LIMIT_SHORT);
	ok &= check_email(ctx, "email", in->email);
	ok &= check_phone(ctx, "phone", in->phone);
	enum role role;
	if (!role_parse(in->role, &role))
		ok = problem_field(ctx->problem, ctx->arena, "role", "%s",
		                   T(ctx, "Välj en roll."));
	if (in->lang && !i18n_supported(in->lang))
		ok = problem_field(ctx->problem, ctx->arena, "lang", "%s",
		                   T(ctx, "Välj svenska eller engelska."));
	if (creating && !in->password)
		ok = problem_field(ctx->problem, ctx->arena, "password", "%s",
		                   T(ctx, "Ange ett lösenord."));
	if (in->password) {
		size_t len = strlen(in->password);
		if (len < LIMIT_PASSWORD_MIN)
			ok = problem_field(ctx->problem, ctx->arena, "password",
			                   T(ctx, "Lösenordet måste ha minst %d "
			                          "tecken."), LIMIT_PASSWORD_MIN);
		else if (len > LIMIT_PASSWORD)
			ok = problem_field(ctx->problem, ctx->arena, "password",
			                   T(ctx, "Lösenordet får ha högst %d tecken."),
			                   LIMIT_PASSWORD);
	}
	/* Administrators, audit reviewers and the follow-up group may work
	 * for no unit. */
	bool admin = ok && (role == ROLE_SYSTEM_ADMIN ||
	                    role == ROLE_AUDIT_REVIEWER ||
	                    role == ROLE_AGREEMENT_FOLLOW_UP);
	if (ok && !admin && in->nunits == 0)
		ok = problem_field(ctx->problem, ctx->arena, "unit_ids", "%s",
		                   T(ctx, "Välj minst en enhet."));
	if (!ok)
		return false;

	/* Username free; units exist. */
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT 1 FROM user_account WHERE username = ? AND id <> ?");
	db_bind_text(&s, 1, in->username);
	db_bind_int64(&s, 2, self_id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc == DB_ROW)
		return problem_field(ctx->problem, ctx->arena, "username", "%s",
		                     T(ctx, "Användarnamnet är upptaget."));
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "user check");
	for (int i = 0; i < in->nunits; i++) {
		rc = db_prepare(ctx->db, &s, "SELECT active FROM unit WHERE id = ?");
		db_bind_int64(&s, 1, in->unit_ids[i]);
		rc = rc ? rc : db_step(&s);
		bool active = rc == DB_ROW && db_column_int64(&s, 0);
		db_finalize(&s);
		if (rc != DB_ROW && rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "user check");
		if (rc == DB_DONE || !active)
			return problem_field(ctx->problem, ctx->arena, "unit_ids", "%s",
			                     T(ctx, "Välj enheter som finns och är "
			                            "aktiva."));
	}
	return true;
}

static bool set_units(struct ctx *ctx, int64_t user_id, const int64_t *ids,
                      int n)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s, "DELETE FROM user_unit WHERE user_id = ?");
	db_bind_int64(&s, 1, user_id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "user units");
	for (int i = 0; i < n; i++) {
		rc = db_prepare(ctx->db, &s,
			"INSERT INTO user_unit (user_id, unit_id) VALUES (?, ?)"
			" ON CONFLICT DO NOTHING");
		db_bind_int64(&s, 1, user_id);
		db_bind_int64(&s, 2, ids[i]);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
		if (rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "user units");
	}
	return true;
}

static bool hash_password(struct ctx *ctx, const char *password, char **out)
{
	*out = secret_password_hash(ctx->arena, password);
	if (!*out)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_INTERNAL, "%s",
		                   T(ctx, "Lösenordet kunde inte sparas just nu. "
		                          "Försök igen."));
	return true;
}

bool user_create(struct ctx *ctx, const struct user_input *in, int64_t *id)
{
	if (!access_may_manage_user(ctx, NULL, in->unit_ids, in->nunits, in->role))
		return false;
	/* Hash before the transaction: it takes ~85 ms and needs no lock. */
	char *hash = NULL;
	if (in->password && strlen(in->password) >= LIMIT_PASSWORD_MIN &&
	    strlen(in->password) <= LIMIT_PASSWORD &&
	    !hash_password(ctx, in->password, &hash))
		return false;
	return user_create_hashed(ctx, in, hash, id);
}

bool user_create_hashed(struct ctx *ctx, const struct user_input *in,
                        const char *hash, int64_t *id)
{
	if (!access_may_manage_user(ctx, NULL, in->unit_ids, in->nunits, in->role))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "user create");
	if (!check_input(ctx, in, true, 0))
		goto fail;
	if (!hash) { /* only when the password failed its own checks */
		problem_field(ctx->problem, ctx->arena, "password", "%s",
		              T(ctx, "Ange ett lösenord."));
		goto fail;
	}
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"INSERT INTO user_account (username, full_name, title, email, phone,"
		" role, password_hash, lang, active, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
	db_bind_text(&s, 1, in->username);
	db_bind_text(&s, 2, in->full_name);
	db_bind_text(&s, 3, in->title);
	db_bind_text(&s, 4, in->email);
	db_bind_text(&s, 5, in->phone);
	db_bind_text(&s, 6, in->role);
	db_bind_text(&s, 7, hash);
	db_bind_text(&s, 8, in->lang);
	db_bind_int64(&s, 9, ctx->now);
	db_bind_int64(&s, 10, ctx->now);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "user create");
		goto fail;
	}
	if (!set_units(ctx, *id, in->unit_ids, in->nunits) ||
	    !audit_write(ctx, "user.create", 0, 0,
	                 arena_printf(ctx->arena, "user %lld", (long long)*id)))
		goto fail;
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "user create");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

bool user_update(struct ctx *ctx, int64_t id, const struct user_input *in)
{
	struct user target;
	if (!user_get(ctx, id, &target))
		return false;
	if (!access_may_manage_user(ctx, &target, in->unit_ids, in->nunits,
	                            in->role))
		return false;
	if (ctx_user_id(ctx) == id && in->role &&
	    strcmp(in->role, role_name(target.role)) != 0)
		return problem_field(ctx->problem, ctx->arena, "role", "%s",
		                     T(ctx, "Du kan inte ändra din egen roll."));
	char *hash = NULL;
	if (in->password && strlen(in->password) >= LIMIT_PASSWORD_MIN &&
	    strlen(in->password) <= LIMIT_PASSWORD &&
	    !hash_password(ctx, in->password, &hash))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "user update");
	if (!check_input(ctx, in, false, id))
		goto fail;
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"UPDATE user_account SET username = ?, full_name = ?, title = ?,"
		" email = ?, phone = ?, role = ?, lang = ?,"
		" password_hash = COALESCE(?, password_hash), updated_at = ?"
		" WHERE id = ?");
	db_bind_text(&s, 1, in->username);
	db_bind_text(&s, 2, in->full_name);
	db_bind_text(&s, 3, in->title);
	db_bind_text(&s, 4, in->email);
	db_bind_text(&s, 5, in->phone);
	db_bind_text(&s, 6, in->role);
	db_bind_text(&s, 7, in->lang);
	db_bind_text(&s, 8, hash);
	db_bind_int64(&s, 9, ctx->now);
	db_bind_int64(&s, 10, id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE) {
		ctx_db_failed(ctx, rc, "user update");
		goto fail;
	}
	if (!set_units(ctx, id, in->unit_ids, in->nunits) ||
	    !audit_write(ctx, hash ? "user.update_password" : "user.update", 0,
	                 0, arena_printf(ctx->arena, "user %lld", (long long)id)))
		goto fail;
	/* A new password ends the user's other sessions. */
	if (hash) {
		rc = db_prepare(ctx->db, &s,
			"UPDATE login_session SET ended_at = ? WHERE user_id = ?"
			" AND ended_at IS NULL");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_int64(&s, 2, id);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
		if (rc != DB_DONE) {
			ctx_db_failed(ctx, rc, "user update");
			goto fail;
		}
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "user update");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

static bool set_active(struct ctx *ctx, int64_t id, bool active)
{
	struct user target;
	if (!user_get(ctx, id, &target))
		return false;
	if (!access_may_manage_user(ctx, &target, NULL, 0, NULL))
		return false;
	if (ctx_user_id(ctx) == id)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Du kan inte inaktivera dig själv."));
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "user active");
	/* Deactivation also ends sessions and revokes tokens at once. */
	static const char *const sql[] = {
		"UPDATE user_account SET active = 1, deactivated_at = NULL,"
		" updated_at = ? WHERE id = ?",
		"UPDATE user_account SET active = 0, deactivated_at = ?,"
		" updated_at = ? WHERE id = ? AND active = 1",
		"UPDATE login_session SET ended_at = ? WHERE user_id = ?"
		" AND ended_at IS NULL",
		"UPDATE api_token SET revoked_at = ? WHERE user_id = ?"
		" AND revoked_at IS NULL",
	};
	int first = active ? 0 : 1, last = active ? 0 : 3;
	for (int i = first; i <= last; i++) {
		struct stmt s;
		int k = 1;
		rc = db_prepare(ctx->db, &s, sql[i]);
		db_bind_int64(&s, k++, ctx->now);
		if (i == 1)
			db_bind_int64(&s, k++, ctx->now);
		db_bind_int64(&s, k, id);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
		if (rc != DB_DONE) {
			ctx_db_failed(ctx, rc, "user active");
			goto fail;
		}
	}
	if (!audit_write(ctx, active ? "user.reactivate" : "user.deactivate", 0,
	                 0, arena_printf(ctx->arena, "user %lld", (long long)id)))
		goto fail;
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "user active");
	return true;
fail:
	db_rollback(ctx->db);
	return false;
}

bool user_deactivate(struct ctx *ctx, int64_t id)
{
	return set_active(ctx, id, false);
}

bool user_reactivate(struct ctx *ctx, int64_t id)
{
	return set_active(ctx, id, true);
}

bool user_set_lang(struct ctx *ctx, const char *lang)
{
	if (ctx_is_console(ctx))
		return true; /* only a staff user has a language setting */
	const struct user *me = ctx_staff(ctx);
	if (!me)
		return ctx_not_found(ctx);
	if (lang && !i18n_supported(lang))
		return problem_field(ctx->problem, ctx->arena, "lang", "%s",
		                     T(ctx, "Välj svenska eller engelska."));
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"UPDATE user_account SET lang = ? WHERE id = ?");
	db_bind_text(&s, 1, lang);
	db_bind_int64(&s, 2, me->id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "user lang");
	return true;
}

bool user_change_password(struct ctx *ctx, const char *current,
                          const char *new_password)
{
	if (!ctx_staff(ctx))
		return ctx_not_found(ctx);
	struct user me;
	char *stored = NULL;
	if (!user_load_by_username(ctx, ctx_staff(ctx)->username, &me, &stored))
		return false;
	if (!current || !secret_password_verify(stored, current))
		return problem_field(ctx->problem, ctx->arena, "current_password",
		                     "%s", T(ctx, "Det nuvarande lösenordet stämmer "
		                                  "inte."));
	size_t len = new_password ? strlen(new_password) : 0;
	if (len < LIMIT_PASSWORD_MIN)
		return problem_field(ctx->problem, ctx->arena, "new_password",
		                     T(ctx, "Lösenordet måste ha minst %d tecken."),
		                     LIMIT_PASSWORD_MIN);
	if (len > LIMIT_PASSWORD)
		return problem_field(ctx->problem, ctx->arena, "new_password",
		                     T(ctx, "Lösenordet får ha högst %d tecken."),
		                     LIMIT_PASSWORD);
	char *hash;
	if (!hash_password(ctx, new_password, &hash))
		return false;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "password");
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"UPDATE user_account SET password_hash = ?, updated_at = ?"
		" WHERE id = ?");
	db_bind_text(&s, 1, hash);
	db_bind_int64(&s, 2, ctx->now);
	db_bind_int64(&s, 3, me.id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc == DB_DONE) {
		/* Other sessions end; the caller logs in again everywhere. */
		rc = db_prepare(ctx->db, &s,
			"UPDATE login_session SET ended_at = ? WHERE user_id = ?"
			" AND ended_at IS NULL");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_int64(&s, 2, me.id);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
	}
	if (rc != DB_DONE) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "password");
	}
	if (!audit_write(ctx, "user.change_password", 0, 0, NULL)) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "password");
	return true;
}
