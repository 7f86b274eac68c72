/*
 * citizen_consent.c — the individual's consents from /citizen: read,
 * narrow, ask to widen, ask for an earlier follow-up (see
 * citizen_consent.h). Withdrawal is consent.c's.
 *
 * What staff are told (the plan's history, the notices) is written in
 * samplan's source language, Swedish, whatever language the citizen
 * reads: the parties read it, not the citizen.
 */
#include "sip/citizen_consent.h"

#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "sip/access.h"
#include "sip/notice.h"
#include "sip/org.h"
#include "sip/plan_internal.h"
#include "sip/validate.h"
#include "store/db.h"

bool citizen_consent_access(struct ctx *ctx, int64_t plan_id, bool act,
                            struct citizen_access *out)
{
	if (!citizen_access_plan(ctx, plan_id, out))
		return false;
	if (out->in_force_only) {
		*out = (struct citizen_access){0};
		return ctx_not_found(ctx);
	}
	return act ? citizen_access_plan_act(ctx, plan_id, out) : true;
}

static const char *text_col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

/* The units of the consent's recipients that take part in the plan. */
static bool consent_units(struct ctx *ctx, int64_t plan_id,
                          struct citizen_consent *x)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT DISTINCT pu.unit_id, un.name, pr.name, pr.kind /*0-3*/"
		" FROM plan_unit pu JOIN unit un ON un.id = pu.unit_id"
		" JOIN principal pr ON pr.id = un.principal_id"
		" JOIN consent_recipient cr ON cr.principal_id = pr.id"
		" AND cr.consent_id = ?"
		" WHERE pu.plan_id = ? AND pu.left_at IS NULL"
		" ORDER BY pr.name, un.name, pu.unit_id");
	db_bind_int64(&s, 1, x->consent.id);
	db_bind_int64(&s, 2, plan_id);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, x->units, n, cap);
		struct plan_unit_ref *u = &x->units[n++];
		memset(u, 0, sizeof *u);
		u->unit_id = db_column_int64(&s, 0);
		u->unit_name = text_col(ctx, &s, 1);
		u->principal_name = text_col(ctx, &s, 2);
		principal_kind_parse(db_column_text(&s, 3), &u->principal_kind);
	}
	db_finalize(&s);
	x->nunits = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "consent units");
}

static bool consent_narrowings(struct ctx *ctx, struct citizen_consent *x)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT cn.at, pr.name, cn.removed_category, cn.old_valid_until,"
		" cn.new_valid_until /*0-4*/ FROM consent_narrowing cn"
		" LEFT JOIN principal pr ON pr.id = cn.removed_principal_id"
		" WHERE cn.consent_id = ? ORDER BY cn.id");
	db_bind_int64(&s, 1, x->consent.id);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, x->narrowings, n, cap);
		x->narrowings[n++] = (struct consent_narrowing){
			.at = db_column_int64(&s, 0),
			.removed_principal = text_col(ctx, &s, 1),
			.removed_category = text_col(ctx, &s, 2),
			.old_valid_until = text_col(ctx, &s, 3),
			.new_valid_until = text_col(ctx, &s, 4),
		};
	}
	db_finalize(&s);
	x->nnarrowings = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "narrowings");
}

static bool fill(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                 struct citizen_consent *x)
{
	memset(x, 0, sizeof *x);
	return consent_load(ctx, plan_id, consent_id, &x->consent) &&
	       consent_units(ctx, plan_id, x) && consent_narrowings(ctx, x);
}

bool citizen_consents(struct ctx *ctx, int64_t plan_id,
                      struct citizen_access *a, struct citizen_consent **out,
                      int *n)
{
	*out = NULL;
	*n = 0;
	if (!citizen_consent_access(ctx, plan_id, false, a))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id FROM consent WHERE plan_id = ? ORDER BY id DESC");
	db_bind_int64(&s, 1, plan_id);
	int64_t *ids = NULL;
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, ids, count, cap);
		ids[count++] = db_column_int64(&s, 0);
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "consents");
	*out = arena_array(ctx->arena, struct citizen_consent, count + 1);
	for (size_t i = 0; i < count; i++)
		if (!fill(ctx, plan_id, ids[i], &(*out)[i]))
			return false;
	*n = (int)count;
	return audit_read(ctx, "citizen.consents.read", a->person_id, plan_id);
}

bool citizen_consent_get(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                         bool act, struct citizen_access *a,
                         struct citizen_consent *out)
{
	memset(out, 0, sizeof *out);
	return citizen_consent_access(ctx, plan_id, act, a) &&
	       fill(ctx, plan_id, consent_id, out) &&
	       audit_read(ctx, "citizen.consent.read", a->person_id, plan_id);
}

/* ---- narrowing ---- */

/* In force on an open plan, else CONFLICT in plain words. */
static bool narrowable(struct ctx *ctx, const struct plan_head *h,
                       const struct consent *c)
{
	const char *why = NULL;
	if (c->withdrawn_at)
		why = T(ctx, "Det här samtycket är redan återkallat.");
	else if (!plan_state_open(h->state))
		why = T(ctx, "Din plan är avslutad.");
	else if (!c->in_force)
		why = T(ctx, "Samtycket gäller inte längre. Tiden har gått ut.");
	if (!why)
		return true;
	return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s", why);
}

static bool is_recipient(const struct consent *c, int64_t principal_id,
                         const char **name)
{
	for (int i = 0; i < c->nrecipients; i++)
		if (c->recipients[i].id == principal_id) {
			*name = c->recipients[i].name;
			return true;
		}
	return false;
}

static bool has_scope(const struct consent *c, const char *scope)
{
	for (int i = 0; scope && i < c->nscopes; i++)
		if (strcmp(c->scopes[i], scope) == 0)
			return true;
	return false;
}

/* How many distinct values of ids[] there are. */
static int distinct_ids(const int64_t *ids, int n)
{
	int d = 0;
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = ids[j] == ids[i];
		d += !seen;
	}
	return d;
}

static int distinct_texts(const char *const *v, int n)
{
	int d = 0;
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = strcmp(v[j], v[i]) == 0;
		d += !seen;
	}
	return d;
}

/* Every field of the narrowing, before anything is written. */
static bool check_narrow(struct ctx *ctx, const struct consent *c,
                         const struct consent_narrow_input *in,
                         bool *is_withdrawal)
{
	bool ok = true;
	const char *name;
	for (int i = 0; i < in->nremove_principals; i++)
		if (!is_recipient(c, in->remove_principal_ids[i], &name)) {
			ok = problem_field(ctx->problem, ctx->arena,
			                   "remove_principal_ids", "%s",
			                   T(ctx, "Välj bland dem som får uppgifterna "
			                          "i dag."));
			break;
		}
	for (int i = 0; i < in->nremove_categories; i++)
		if (!has_scope(c, in->remove_categories[i])) {
			ok = problem_field(ctx->problem, ctx->arena,
			                   "remove_categories", "%s",
			                   T(ctx, "Välj bland de uppgifter som "
			                          "samtycket gäller i dag."));
			break;
		}
	if (in->valid_until) {
		struct date d, old = {0};
		struct date today = date_of_time(ctx->now);
		if (!date_parse(in->valid_until, &d))
			ok = problem_field(ctx->problem, ctx->arena, "valid_until",
			                   "%s", T(ctx, "Skriv datumet så här: "
			                                "2027-01-31."));
		else if (date_cmp(d, today) < 0)
			ok = problem_field(ctx->problem, ctx->arena, "valid_until",
			                   "%s", T(ctx, "Datumet har redan varit. "
			                                "Välj i dag eller ett senare "
			                                "datum."));
		else if (date_parse(c->valid_until, &old) && date_cmp(d, old) > 0)
			ok = problem_field(ctx->problem, ctx->arena, "valid_until",
			                   T(ctx, "Du kan bara göra tiden kortare här. "
			                          "Samtycket gäller till %s. Vill du "
			                          "att det ska gälla längre? Be din "
			                          "samordnare om det."),
			                   c->valid_until);
		else if (date_cmp(d, old) == 0)
			ok = problem_field(ctx->problem, ctx->arena, "valid_until",
			                   T(ctx, "Samtycket gäller redan till %s. "
			                          "Välj ett tidigare datum."),
			                   c->valid_until);
	}
	if (ok && !in->nremove_principals && !in->nremove_categories &&
	    !in->valid_until)
		ok = problem_field(ctx->problem, ctx->arena, "change", "%s",
		                   T(ctx, "Välj vad du vill ändra."));
	if (!ok)
		return false;
	if (distinct_ids(in->remove_principal_ids, in->nremove_principals) >=
	    c->nrecipients) {
		*is_withdrawal = true;
		return problem_field(ctx->problem, ctx->arena,
		                     "remove_principal_ids", "%s",
		                     T(ctx, "Om du tar bort alla som får "
		                            "uppgifterna, är det samma sak som att "
		                            "återkalla samtycket. Då får ingen "
		                            "uppgifterna längre."));
	}
	if (distinct_texts(in->remove_categories, in->nremove_categories) >=
	    c->nscopes) {
		*is_withdrawal = true;
		return problem_field(ctx->problem, ctx->arena, "remove_categories",
		                     "%s",
		                     T(ctx, "Om du tar bort alla slags uppgifter, "
		                            "är det samma sak som att återkalla "
		                            "samtycket. Då delas inga uppgifter "
		                            "längre."));
	}
	return true;
}

static bool record_narrowing(struct ctx *ctx, const struct consent *c,
                             int64_t plan_id, int64_t principal_id,
                             const char *category, const char *new_until)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO consent_narrowing (consent_id, plan_id, at,"
		" citizen_session_id, removed_principal_id, removed_category,"
		" old_valid_until, new_valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, c->id);
	db_bind_int64(&s, 2, plan_id);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_id(&s, 4, ctx->citizen_session_id);
	db_bind_id(&s, 5, principal_id);
	db_bind_text(&s, 6, category);
	db_bind_text(&s, 7, c->valid_until);
	db_bind_text(&s, 8, new_until);
	return ctx_run(ctx, &s, NULL);
}

/* Swedish words for a scope, for staff (see the file comment). */
static const char *scope_sv(const char *scope)
{
	return consent_scope_label(scope, "sv");
}

static bool apply_narrow(struct ctx *ctx, const struct plan_head *h,
                         const struct consent *c,
                         const struct consent_narrow_input *in,
                         const char **detail)
{
	struct stmt s;
	const char *d = arena_printf(ctx->arena,
	                             "Samtycke %lld begränsades av den "
	                             "enskilde i samplan:", (long long)c->id);
	const char *name = NULL;
	for (int i = 0; i < in->nremove_principals; i++) {
		int64_t pid = in->remove_principal_ids[i];
		int64_t changed = 0;
		db_prepare(ctx->db, &s,
			"DELETE FROM consent_recipient WHERE consent_id = ?"
			" AND principal_id = ?");
		db_bind_int64(&s, 1, c->id);
		db_bind_int64(&s, 2, pid);
		if (!ctx_run(ctx, &s, &changed))
			return false;
		if (!changed) /* the same principal twice in the form */
			continue;
		is_recipient(c, pid, &name);
		if (!record_narrowing(ctx, c, h->id, pid, NULL, NULL))
			return false;
		d = arena_printf(ctx->arena, "%s %s får inte längre uppgifterna.",
		                 d, name);
	}
	for (int i = 0; i < in->nremove_categories; i++) {
		const char *cat = in->remove_categories[i];
		int64_t changed = 0;
		db_prepare(ctx->db, &s,
			"DELETE FROM consent_scope WHERE consent_id = ?"
			" AND category = ?");
		db_bind_int64(&s, 1, c->id);
		db_bind_text(&s, 2, cat);
		if (!ctx_run(ctx, &s, &changed))
			return false;
		if (!changed)
			continue;
		if (!record_narrowing(ctx, c, h->id, 0, cat, NULL))
			return false;
		d = arena_printf(ctx->arena, "%s %s delas inte längre.", d,
		                 scope_sv(cat));
	}
	if (in->valid_until) {
		db_prepare(ctx->db, &s,
			"UPDATE consent SET valid_until = ? WHERE id = ?");
		db_bind_text(&s, 1, in->valid_until);
		db_bind_int64(&s, 2, c->id);
		if (!ctx_run(ctx, &s, NULL) ||
		    !record_narrowing(ctx, c, h->id, 0, NULL, in->valid_until))
			return false;
		d = arena_printf(ctx->arena, "%s Gäller nu till och med %s "
		                             "(förut %s).",
		                 d, in->valid_until, c->valid_until);
	}
	*detail = d;
	return true;
}

bool citizen_consent_narrow(struct ctx *ctx, int64_t plan_id,
                            int64_t consent_id,
                            const struct consent_narrow_input *in,
                            bool *is_withdrawal)
{
	struct citizen_access a;
	struct plan_head h;
	struct consent c;
	const char *detail = NULL;
	*is_withdrawal = false;
	if (!citizen_consent_access(ctx, plan_id, true, &a))
		return false;
	if (!ctx_begin(ctx))
		return false;
	/* The plan's row first, as a withdrawal does (consent.c): two
	 * changes of one plan's consents at once are taken one at a time,
	 * and each reads what the other left. */
	if (!plan_head_read(ctx, plan_id, &h) || !plan_touch(ctx, plan_id) ||
	    !plan_head_read(ctx, plan_id, &h) ||
	    !consent_load(ctx, plan_id, consent_id, &c) ||
	    !narrowable(ctx, &h, &c) ||
	    !check_narrow(ctx, &c, in, is_withdrawal) ||
	    !apply_narrow(ctx, &h, &c, in, &detail) ||
	    !plan_note_event(ctx, &h, "consent_narrowed", detail) ||
	    !audit_write(ctx, "citizen.consent.narrow", h.person_id, plan_id,
	                 arena_printf(ctx->arena, "consent %lld",
	                              (long long)consent_id)) ||
	    !plan_notice_add(ctx, plan_id, NOTICE_CONSENT_NARROWED, detail))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- requests to the coordinator ---- */

static bool check_text(struct ctx *ctx, const char *field, const char *text,
                       const char *missing)
{
	if (!text || strlen(text) < CITIZEN_REQUEST_TEXT_MIN)
		return problem_field(ctx->problem, ctx->arena, field, "%s", missing);
	if (strlen(text) > CITIZEN_REQUEST_TEXT_MAX)
		return problem_field(ctx->problem, ctx->arena, field,
		                     T(ctx, "Texten är för lång. Skriv högst %d "
		                            "tecken."), CITIZEN_REQUEST_TEXT_MAX);
	return true;
}

static bool insert_request(struct ctx *ctx, int64_t plan_id,
                           const char *kind, int64_t consent_id,
                           const char *text, const char *until, int64_t *id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO citizen_request (plan_id, kind, consent_id,"
		" citizen_session_id, created_at, text, wished_valid_until)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, kind);
	db_bind_id(&s, 3, consent_id);
	db_bind_id(&s, 4, ctx->citizen_session_id);
	db_bind_int64(&s, 5, ctx->now);
	db_bind_text(&s, 6, text);
	db_bind_text(&s, 7, until);
	return ctx_insert(ctx, &s, id);
}

static bool insert_item(struct ctx *ctx, int64_t request_id,
                        int64_t principal_id, const char *category)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO citizen_request_item (request_id, principal_id,"
		" category) VALUES (?, ?, ?)");
	db_bind_int64(&s, 1, request_id);
	db_bind_id(&s, 2, principal_id);
	db_bind_text(&s, 3, category);
	return ctx_run(ctx, &s, NULL);
}

bool citizen_consent_widen_request(struct ctx *ctx, int64_t plan_id,
                                   int64_t consent_id,
                                   const struct consent_widen_input *in,
                                   int64_t *request_id)
{
	struct citizen_access a;
	struct plan_head h;
	struct consent c;
	if (!citizen_consent_access(ctx, plan_id, true, &a) ||
	    !plan_head_read(ctx, plan_id, &h) ||
	    !consent_load(ctx, plan_id, consent_id, &c))
		return false;
	if (!plan_state_open(h.state))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Din plan är avslutad."));
	bool ok = true;
	const char **names = arena_array(ctx->arena, const char *,
	                                 (size_t)in->nprincipals + 1);
	for (int i = 0; i < in->nprincipals; i++) {
		struct principal p;
		struct problem saved = *ctx->problem;
		if (!principal_get(ctx, in->principal_ids[i], &p)) {
			if (ctx->problem->kind != PROBLEM_NOT_FOUND)
				return false;
			*ctx->problem = saved;
			ok = problem_field(ctx->problem, ctx->arena, "principal_ids",
			                   "%s", T(ctx, "Välj bland dem i listan."));
			break;
		}
		names[i] = p.name;
	}
	for (int i = 0; i < in->ncategories; i++)
		if (!one_of(in->categories[i], consent_scopes)) {
			ok = problem_field(ctx->problem, ctx->arena, "categories", "%s",
			                   T(ctx, "Välj bland uppgifterna i listan."));
			break;
		}
	if (in->valid_until) {
		struct date d, old = {0};
		if (!date_parse(in->valid_until, &d))
			ok = problem_field(ctx->problem, ctx->arena, "valid_until",
			                   "%s", T(ctx, "Skriv datumet så här: "
			                                "2027-01-31."));
		else if (date_parse(c.valid_until, &old) && date_cmp(d, old) <= 0)
			ok = problem_field(ctx->problem, ctx->arena, "valid_until",
			                   T(ctx, "Samtycket gäller redan till %s. "
			                          "Välj ett senare datum."),
			                   c.valid_until);
	}
	if (ok && !in->nprincipals && !in->ncategories && !in->valid_until)
		ok = problem_field(ctx->problem, ctx->arena, "principal_ids", "%s",
		                   T(ctx, "Välj minst en sak du vill lägga till."));
	ok &= check_text(ctx, "text", in->text,
	                 T(ctx, "Skriv med egna ord vad du vill och varför."));
	if (!ok)
		return false;
	const char *detail = arena_printf(ctx->arena,
	                                  "Den enskilde ber att samtycke %lld "
	                                  "utvidgas:", (long long)consent_id);
	for (int i = 0; i < in->nprincipals; i++)
		detail = arena_printf(ctx->arena, "%s %s ska få uppgifterna.",
		                      detail, names[i]);
	for (int i = 0; i < in->ncategories; i++)
		detail = arena_printf(ctx->arena, "%s %s ska få delas.", detail,
		                      scope_sv(in->categories[i]));
	if (in->valid_until)
		detail = arena_printf(ctx->arena, "%s Gälla till och med %s.",
		                      detail, in->valid_until);
	int64_t id = 0;
	if (!ctx_begin(ctx))
		return false;
	if (!insert_request(ctx, plan_id, "consent_widen", consent_id, in->text,
	                    in->valid_until, &id))
		return ctx_abort(ctx);
	for (int i = 0; i < in->nprincipals; i++)
		if (!insert_item(ctx, id, in->principal_ids[i], NULL))
			return ctx_abort(ctx);
	for (int i = 0; i < in->ncategories; i++)
		if (!insert_item(ctx, id, 0, in->categories[i]))
			return ctx_abort(ctx);
	if (!audit_write(ctx, "citizen.consent.widen_request", h.person_id,
	                 plan_id, arena_printf(ctx->arena, "request %lld",
	                                       (long long)id)) ||
	    !plan_notice_add_request(ctx, plan_id,
	                             NOTICE_CONSENT_WIDEN_REQUESTED, detail, id,
	                             NULL))
		return ctx_abort(ctx);
	if (request_id)
		*request_id = id;
	return ctx_commit(ctx);
}

bool citizen_follow_up_request(struct ctx *ctx, int64_t plan_id,
                               const char *reason, int64_t *request_id)
{
	struct citizen_access a;
	struct plan_head h;
	if (!citizen_consent_access(ctx, plan_id, true, &a) ||
	    !plan_head_read(ctx, plan_id, &h))
		return false;
	if (!plan_state_open(h.state))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Din plan är avslutad."));
	if (!check_text(ctx, "reason", reason,
	                T(ctx, "Skriv vad som har hänt och varför du vill "
	                       "träffas tidigare.")))
		return false;
	int64_t id = 0;
	if (!ctx_begin(ctx))
		return false;
	if (!insert_request(ctx, plan_id, "follow_up", 0, reason, NULL, &id) ||
	    !plan_note_event(ctx, &h, "follow_up_requested",
	                     "Den enskilde ber om en tidigare uppföljning.") ||
	    !audit_write(ctx, "citizen.follow_up_request", h.person_id, plan_id,
	                 arena_printf(ctx->arena, "request %lld",
	                              (long long)id)) ||
	    !plan_notice_add_request(ctx, plan_id, NOTICE_FOLLOW_UP_REQUESTED,
	                             "Den enskilde ber om en tidigare "
	                             "uppföljning: situationen har ändrats.",
	                             id, NULL))
		return ctx_abort(ctx);
	if (request_id)
		*request_id = id;
	return ctx_commit(ctx);
}
