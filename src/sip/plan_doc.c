/*
 * plan_doc.c — a plan version as one document (plan_doc.h): built from
 * the rows, stored as JSON in plan_version_document, parsed back.
 *
 * One table per structure below names each member with its JSON key and
 * type; serialise and parse both walk the same tables, so the two cannot
 * drift apart, and a member added to a table is stored and read back
 * without more code.
 */
#include "sip/plan_doc.h"

#include <jansson.h>
#include <stddef.h>
#include <string.h>

#include "audit/audit.h"
#include "base/json_scan.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/field.h"
#include "sip/plan_internal.h"
#include "store/db.h"

/* ---- the member tables ---- */

enum member_type { M_TEXT, M_INT, M_BOOL, M_INT32 };

struct member {
	const char *key;
	size_t offset;
	enum member_type type;
	/* For text of a fixed category: its field (field.h), so the stored
	 * document says which category each part is; FIELD_NONE otherwise. */
	int field;
};
#define FIELD_NONE (-1)

#define TEXT(s, m) { #m, offsetof(struct s, m), M_TEXT, FIELD_NONE }
#define TEXT_F(s, m, f) { #m, offsetof(struct s, m), M_TEXT, (f) }
#define INT(s, m) { #m, offsetof(struct s, m), M_INT, FIELD_NONE }
#define INT32(s, m) { #m, offsetof(struct s, m), M_INT32, FIELD_NONE }
#define BOOL(s, m) { #m, offsetof(struct s, m), M_BOOL, FIELD_NONE }

static const struct member doc_members[] = {
	INT(plan_doc, plan_id),
	INT(plan_doc, person_id),
	TEXT(plan_doc, person_name),
	TEXT(plan_doc, personnummer),
	TEXT(plan_doc, meeting_date),
	TEXT(plan_doc, meeting_start_time),
	TEXT(plan_doc, meeting_place),
	BOOL(plan_doc, meeting_by_video),
	TEXT(plan_doc, chair),
	TEXT(plan_doc, secretary),
	BOOL(plan_doc, identity_checked),
	TEXT(plan_doc, interpreter_language),
};

static const struct member version_members[] = {
	INT(plan_version, id),
	INT32(plan_version, version_no),
	INT(plan_version, meeting_id),
	TEXT(plan_version, purpose),
	TEXT_F(plan_version, situation, FIELD_VERSION_SITUATION),
	TEXT(plan_version, wishes),
	TEXT_F(plan_version, future_needs, FIELD_VERSION_FUTURE_NEEDS),
	TEXT_F(plan_version, needs, FIELD_VERSION_NEEDS),
	TEXT_F(plan_version, actions_by_others, FIELD_VERSION_ACTIONS_BY_OTHERS),
	TEXT_F(plan_version, crisis_plan, FIELD_VERSION_CRISIS_PLAN),
	INT(plan_version, coordinator_user_id),
	TEXT(plan_version, coordinator_name),
	TEXT(plan_version, coordinator_title),
	INT(plan_version, coordinator_unit_id),
	TEXT(plan_version, coordinator_unit_name),
	BOOL(plan_version, coordinator_fast_care_contact),
	TEXT(plan_version, contact_persons),
	TEXT(plan_version, follow_up_date),
	TEXT(plan_version, follow_up_place),
	BOOL(plan_version, individual_approved),
	TEXT(plan_version, change_reason),
	INT(plan_version, established_at),
	TEXT(plan_version, established_by_name),
	BOOL(plan_version, approved),
	TEXT(plan_version, approval_given_by),
	TEXT(plan_version, approval_names),
	TEXT(plan_version, approval_method),
	TEXT(plan_version, approved_on),
	INT(plan_version, approval_recorded_at),
	TEXT(plan_version, approval_recorded_by_name),
};

static const struct member goal_members[] = {
	INT(goal, id),
	INT32(goal, position),
	TEXT(goal, kind),
	TEXT(goal, text),
};

static const struct member intervention_members[] = {
	INT(intervention, id),
	INT32(intervention, position),
	INT(intervention, goal_id),
	TEXT(intervention, goal_text),
	TEXT(intervention, what),
	TEXT(intervention, responsible_kind),
	INT(intervention, responsible_unit_id),
	TEXT(intervention, responsible_unit_name),
	TEXT(intervention, responsible_name),
	TEXT(intervention, contact_name),
	TEXT(intervention, frequency),
	TEXT(intervention, timing),
	TEXT(intervention, start_date),
	TEXT(intervention, end_date),
};

static const struct member party_members[] = {
	TEXT(intervention_party, kind),
	INT(intervention_party, unit_id),
	TEXT(intervention_party, unit_name),
};

static const struct member participant_members[] = {
	INT(meeting_participant, id),
	TEXT(meeting_participant, name),
	TEXT(meeting_participant, role),
	INT(meeting_participant, unit_id),
	INT(meeting_participant, invitation_id),
};

#define NMEMBERS(t) (sizeof(t) / sizeof((t)[0]))

/* A category's name in the stored document: the consent scope's name
 * ("health", "social"...), or "participation". */
static const char *category_name(enum field_category c)
{
	const char *scope = field_category_scope(c);
	return scope ? scope : "participation";
}

/* ---- serialise ---- */

static json_t *object_of(const void *base, const struct member *m, size_t n)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++) {
		const char *at = (const char *)base + m[i].offset;
		json_t *v = NULL;
		switch (m[i].type) {
		case M_TEXT: {
			const char *s = *(const char *const *)at;
			if (s)
				v = json_string(s);
			break;
		}
		case M_INT:
			v = json_integer(*(const int64_t *)at);
			break;
		case M_INT32:
			v = json_integer(*(const int *)at);
			break;
		case M_BOOL:
			v = json_boolean(*(const bool *)at);
			break;
		}
		if (v)
			json_object_set_new(o, m[i].key, v);
	}
	return o;
}

/* The categories of the parts of fixed category, by key: the stored
 * document says what each part is (field.c is the rule, not this). */
static json_t *categories_of(const struct member *m, size_t n)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++)
		if (m[i].field != FIELD_NONE)
			json_object_set_new(o, m[i].key, json_string(
				category_name(field_category(
					(enum field_id)m[i].field))));
	return o;
}

static json_t *intervention_json(const struct intervention *x)
{
	json_t *o = object_of(x, intervention_members,
	                      NMEMBERS(intervention_members));
	json_object_set_new(o, "category", json_string(category_name(
		field_category_of_responsible(x->responsible_kind))));
	json_t *also = json_array();
	for (int k = 0; k < x->nalso; k++) {
		json_t *a = object_of(&x->also[k], party_members,
		                      NMEMBERS(party_members));
		json_object_set_new(a, "category", json_string(category_name(
			field_category_of_responsible(x->also[k].kind))));
		json_array_append_new(also, a);
	}
	json_object_set_new(o, "also", also);
	return o;
}

char *plan_doc_serialise(struct arena *a, const struct plan_doc *d)
{
	json_t *root = object_of(d, doc_members, NMEMBERS(doc_members));
	json_object_set_new(root, "format", json_integer(PLAN_DOC_FORMAT));

	json_t *pr = json_array();
	for (int i = 0; i < d->nprincipals; i++)
		json_array_append_new(pr, json_pack("{sIss ss}",
			"id", (json_int_t)d->principals[i].id,
			"name", d->principals[i].name ? d->principals[i].name : "",
			"kind", principal_kind_name(d->principals[i].kind)));
	json_object_set_new(root, "principals", pr);

	json_t *pa = json_array();
	for (int i = 0; i < d->nparticipants; i++)
		json_array_append_new(pa, object_of(&d->participants[i],
			participant_members, NMEMBERS(participant_members)));
	json_object_set_new(root, "participants", pa);

	const struct plan_version *v = &d->version;
	json_t *ver = object_of(v, version_members, NMEMBERS(version_members));
	json_object_set_new(ver, "categories",
	                    categories_of(version_members,
	                                  NMEMBERS(version_members)));
	json_t *goals = json_array();
	for (int i = 0; i < v->ngoals; i++)
		json_array_append_new(goals, object_of(&v->goals[i], goal_members,
		                                       NMEMBERS(goal_members)));
	json_object_set_new(ver, "goals", goals);
	json_t *iv = json_array();
	for (int i = 0; i < v->ninterventions; i++)
		json_array_append_new(iv, intervention_json(&v->interventions[i]));
	json_object_set_new(ver, "interventions", iv);
	json_object_set_new(root, "version", ver);

	char *text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(root);
	if (!text)
		return NULL;
	char *out = arena_strdup(a, text);
	free(text);
	return out;
}

/* ---- parse ----
 *
 * Read with base/json_scan.h, not jansson: a plan read parses one or
 * two documents, and jansson's tree of allocations cost more than the
 * rest of the read. */

struct doc_reader {
	struct arena *a;
	struct json_scan j;
};

static bool fill(struct doc_reader *r, size_t obj, void *base,
                 const struct member *m, size_t n)
{
	const struct json_scan *j = &r->j;
	if (json_scan_type(j, obj) != JSCAN_OBJECT)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t v = json_scan_member(j, obj, m[i].key);
		enum jscan_type type = json_scan_type(j, v);
		char *at = (char *)base + m[i].offset;
		if (v == JSCAN_NONE || type == JSCAN_NULL)
			continue;
		switch (m[i].type) {
		case M_TEXT:
			if (type != JSCAN_STRING)
				return false;
			*(const char **)at = arena_strndup(r->a, json_scan_string(j, v),
			                                   j->tokens[v].len);
			break;
		case M_INT:
		case M_INT32:
			if (type != JSCAN_NUMBER)
				return false;
			if (m[i].type == M_INT)
				*(int64_t *)at = j->tokens[v].number;
			else
				*(int *)at = (int)j->tokens[v].number;
			break;
		case M_BOOL:
			if (type != JSCAN_TRUE && type != JSCAN_FALSE)
				return false;
			*(bool *)at = type == JSCAN_TRUE;
			break;
		}
	}
	return true;
}

/* The array member `key` of object obj as a zeroed arena array of
 * `size` elements; *n its length (0 for a missing or empty array),
 * *first the token of its first element. */
static void *array_of(struct doc_reader *r, size_t obj, const char *key,
                      size_t size, int *n, size_t *first)
{
	size_t arr = json_scan_member(&r->j, obj, key);
	*n = json_scan_type(&r->j, arr) == JSCAN_ARRAY
	     ? (int)r->j.tokens[arr].count : 0;
	*first = arr + 1;
	return *n ? arena_calloc(r->a, (size_t)*n, size) : NULL;
}

/* The token after element at (its next sibling). */
static size_t next(const struct doc_reader *r, size_t at)
{
	return r->j.tokens[at].end;
}

static bool parse_interventions(struct doc_reader *r, size_t ver,
                                struct plan_version *v)
{
	size_t at;
	v->interventions = array_of(r, ver, "interventions",
	                            sizeof *v->interventions,
	                            &v->ninterventions, &at);
	for (int i = 0; i < v->ninterventions; i++, at = next(r, at)) {
		struct intervention *x = &v->interventions[i];
		if (!fill(r, at, x, intervention_members,
		          NMEMBERS(intervention_members)))
			return false;
		size_t p;
		x->also = array_of(r, at, "also", sizeof *x->also, &x->nalso, &p);
		for (int k = 0; k < x->nalso; k++, p = next(r, p))
			if (!fill(r, p, &x->also[k], party_members,
			          NMEMBERS(party_members)))
				return false;
	}
	return true;
}

static bool parse_principals(struct doc_reader *r, struct plan_doc *out)
{
	size_t at;
	out->principals = array_of(r, 0, "principals", sizeof *out->principals,
	                           &out->nprincipals, &at);
	for (int i = 0; i < out->nprincipals; i++, at = next(r, at)) {
		const struct json_scan *j = &r->j;
		size_t id = json_scan_member(j, at, "id");
		const char *name = json_scan_string(j, json_scan_member(j, at,
		                                                        "name"));
		const char *kind = json_scan_string(j, json_scan_member(j, at,
		                                                        "kind"));
		if (json_scan_type(j, id) != JSCAN_NUMBER || !name ||
		    !principal_kind_parse(kind, &out->principals[i].kind))
			return false;
		out->principals[i].id = j->tokens[id].number;
		out->principals[i].name = arena_strdup(r->a, name);
	}
	return true;
}

bool plan_doc_parse(struct arena *a, const char *text, size_t len,
                    struct plan_doc *out)
{
	memset(out, 0, sizeof *out);
	struct doc_reader r = {.a = a};
	if (!json_scan(&r.j, text, len))
		return false;
	size_t format = json_scan_member(&r.j, 0, "format");
	bool ok = json_scan_type(&r.j, format) == JSCAN_NUMBER &&
	          r.j.tokens[format].number == PLAN_DOC_FORMAT &&
	          fill(&r, 0, out, doc_members, NMEMBERS(doc_members)) &&
	          parse_principals(&r, out);
	size_t at;
	if (ok)
		out->participants = array_of(&r, 0, "participants",
		                             sizeof *out->participants,
		                             &out->nparticipants, &at);
	for (int i = 0; ok && i < out->nparticipants; i++, at = next(&r, at))
		ok = fill(&r, at, &out->participants[i], participant_members,
		          NMEMBERS(participant_members));

	size_t ver = json_scan_member(&r.j, 0, "version");
	struct plan_version *v = &out->version;
	ok = ok && fill(&r, ver, v, version_members, NMEMBERS(version_members));
	if (ok)
		v->goals = array_of(&r, ver, "goals", sizeof *v->goals, &v->ngoals,
		                    &at);
	for (int i = 0; ok && i < v->ngoals; i++, at = next(&r, at))
		ok = fill(&r, at, &v->goals[i], goal_members,
		          NMEMBERS(goal_members));
	ok = ok && parse_interventions(&r, ver, v);
	json_scan_free(&r.j);
	if (!ok)
		memset(out, 0, sizeof *out);
	return ok;
}

/* ---- build from the rows, store, load ---- */

bool plan_doc_build(struct ctx *ctx, int64_t version_id, struct plan_doc *out)
{
	memset(out, 0, sizeof *out);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT v.plan_id, p.person_id, pe.given_name, pe.family_name,"
		" pe.personnummer, pe.interpreter_language, m.meeting_date,"
		" m.start_time, m.place, m.video_link, m.chair, m.secretary,"
		" m.identity_checked, pe.protected_identity /*0-13*/"
		" FROM plan_version v JOIN plan p ON p.id = v.plan_id"
		" JOIN person pe ON pe.id = p.person_id"
		" LEFT JOIN meeting m ON m.id = v.meeting_id WHERE v.id = ?");
	db_bind_int64(&s, 1, version_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		struct arena *a = ctx->arena;
		out->plan_id = db_column_int64(&s, 0);
		out->person_id = db_column_int64(&s, 1);
		out->person_name = arena_printf(a, "%s %s",
		                                db_column_text(&s, 2),
		                                db_column_text(&s, 3));
		out->personnummer = arena_strdup(a, db_column_text(&s, 4));
		out->interpreter_language = arena_strdup(a, db_column_text(&s, 5));
		out->meeting_date = arena_strdup(a, db_column_text(&s, 6));
		out->meeting_start_time = arena_strdup(a, db_column_text(&s, 7));
		out->meeting_place = arena_strdup(a, db_column_text(&s, 8));
		out->meeting_by_video = db_column_text(&s, 9) != NULL;
		out->chair = arena_strdup(a, db_column_text(&s, 10));
		out->secretary = arena_strdup(a, db_column_text(&s, 11));
		out->identity_checked = db_column_int64(&s, 12) != 0;
		out->protected_identity = db_column_int64(&s, 13) != 0;
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version document");

	size_t n = 0, cap = 0;
	db_prepare(ctx->db, &s,
		"SELECT pr.id, pr.name, pr.kind FROM plan_principal pp"
		" JOIN principal pr ON pr.id = pp.principal_id"
		" WHERE pp.plan_id = ? ORDER BY pr.kind, pr.name");
	db_bind_int64(&s, 1, out->plan_id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, out->principals, n, cap);
		struct plan_principal_ref *r = &out->principals[n++];
		r->id = db_column_int64(&s, 0);
		r->name = arena_strdup(ctx->arena, db_column_text(&s, 1));
		principal_kind_parse(db_column_text(&s, 2), &r->kind);
	}
	db_finalize(&s);
	out->nprincipals = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "document principals");

	n = cap = 0;
	db_prepare(ctx->db, &s,
		"SELECT mp.id, mp.name, mp.role, mp.unit_id, mp.invitation_id"
		" FROM meeting_participant mp JOIN plan_version v"
		" ON v.meeting_id = mp.meeting_id WHERE v.id = ? ORDER BY mp.id");
	db_bind_int64(&s, 1, version_id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, out->participants, n, cap);
		struct meeting_participant *x = &out->participants[n++];
		x->id = db_column_int64(&s, 0);
		x->name = arena_strdup(ctx->arena, db_column_text(&s, 1));
		x->role = arena_strdup(ctx->arena, db_column_text(&s, 2));
		x->unit_id = db_column_int64(&s, 3);
		x->invitation_id = db_column_int64(&s, 4);
	}
	db_finalize(&s);
	out->nparticipants = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "document participants");
	return plan_version_load(ctx, version_id, &out->version);
}

bool plan_doc_write(struct ctx *ctx, int64_t version_id)
{
	struct plan_doc d;
	if (!plan_doc_build(ctx, version_id, &d))
		return false;
	char *body = plan_doc_serialise(ctx->arena, &d);
	if (!body)
		return ctx_db_failed(ctx, DB_ERROR, "version document");
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_version_document (version_id, plan_id, format,"
		" body, written_at) VALUES (?, ?, ?, ?, ?)"
		" ON CONFLICT (version_id) DO UPDATE SET format = excluded.format,"
		" body = excluded.body, written_at = excluded.written_at");
	db_bind_int64(&s, 1, version_id);
	db_bind_int64(&s, 2, d.plan_id);
	db_bind_int64(&s, 3, PLAN_DOC_FORMAT);
	db_bind_text(&s, 4, body);
	db_bind_int64(&s, 5, ctx->now);
	return ctx_run(ctx, &s, NULL);
}

/* Has a start already given every version a document of this format
 * (0028)? */
static bool backfill_done(struct ctx *ctx, bool *done)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT 1 FROM plan_doc_backfill WHERE format = ?");
	db_bind_int64(&s, 1, PLAN_DOC_FORMAT);
	int rc = db_step(&s);
	db_finalize(&s);
	*done = rc == DB_ROW;
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "document backfill");
	return true;
}

bool plan_doc_backfill(struct ctx *ctx, int *written)
{
	enum { BATCH = 200 };
	int total = 0;
	bool done;
	if (written)
		*written = 0;
	if (!backfill_done(ctx, &done))
		return false;
	if (done)
		return true;
	for (;;) {
		int64_t ids[BATCH];
		int n = 0;
		struct stmt s;
		db_prepare(ctx->db, &s,
			"SELECT v.id FROM plan_version v"
			" LEFT JOIN plan_version_document d ON d.version_id = v.id"
			" WHERE d.version_id IS NULL OR d.format <> ?"
			" ORDER BY v.id LIMIT ?");
		db_bind_int64(&s, 1, PLAN_DOC_FORMAT);
		db_bind_int64(&s, 2, BATCH);
		int rc;
		for (rc = db_step(&s); rc == DB_ROW && n < BATCH; rc = db_step(&s))
			ids[n++] = db_column_int64(&s, 0);
		db_finalize(&s);
		if (rc != DB_DONE && rc != DB_ROW)
			return ctx_db_failed(ctx, rc, "versions without a document");
		if (!n)
			break;
		/* Each batch builds in an arena of its own, freed after it:
		 * a large database does not grow the caller's. */
		struct arena batch, *outer = ctx->arena;
		arena_init(&batch, LIMIT_REQUEST_ARENA);
		ctx->arena = &batch;
		bool ok = ctx_begin(ctx);
		for (int i = 0; ok && i < n; i++)
			ok = plan_doc_write(ctx, ids[i]);
		ok = ok ? ctx_commit(ctx) : ctx_abort(ctx);
		ctx->arena = outer;
		arena_free(&batch);
		if (!ok)
			return false;
		total += n;
	}
	/* None missing now: later starts need not look (several instances
	 * starting at once may each get here). */
	if (!ctx_begin(ctx))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s, "INSERT INTO plan_doc_backfill (format, done_at)"
	                        " VALUES (?, ?) ON CONFLICT (format) DO NOTHING");
	db_bind_int64(&s, 1, PLAN_DOC_FORMAT);
	db_bind_int64(&s, 2, ctx->now);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	if (!ctx_commit(ctx))
		return false;
	if (written)
		*written = total;
	return true;
}

bool plan_doc_load(struct ctx *ctx, int64_t version_id, struct plan_doc *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT d.body, d.format, pe.protected_identity"
		" FROM plan_version_document d JOIN plan p ON p.id = d.plan_id"
		" JOIN person pe ON pe.id = p.person_id WHERE d.version_id = ?");
	db_bind_int64(&s, 1, version_id);
	int rc = db_step(&s);
	bool parsed = false;
	if (rc == DB_ROW && db_column_int64(&s, 1) == PLAN_DOC_FORMAT) {
		const char *body = db_column_text(&s, 0);
		parsed = body && plan_doc_parse(ctx->arena, body, strlen(body), out);
		out->protected_identity = db_column_int64(&s, 2) != 0;
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "version document");
	/* Not stored (a version written before 0016) or of an older format:
	 * the rows say the same. */
	return parsed || plan_doc_build(ctx, version_id, out);
}

void plan_doc_filter(struct plan_doc *d, const struct access_view *view)
{
	d->version.view = *view;
	d->version.withheld = 0;
	plan_version_filter(&d->version);
}

bool plan_doc_get(struct ctx *ctx, int64_t plan_id, int version_no,
                  const char *audit_action, struct plan_doc *out)
{
	struct access_view view;
	if (!access_may_work(ctx) || !access_plan_view(ctx, plan_id, &view))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s, version_no
		? "SELECT v.id, p.person_id FROM plan_version v"
		  " JOIN plan p ON p.id = v.plan_id"
		  " WHERE v.plan_id = ? AND v.version_no = ?"
		: "SELECT p.current_version_id, p.person_id FROM plan p"
		  " WHERE p.id = ? AND p.current_version_id IS NOT NULL"
		  " AND ? = 0");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, version_no);
	int rc = db_step(&s);
	int64_t version_id = 0, person_id = 0;
	if (rc == DB_ROW) {
		version_id = db_column_int64(&s, 0);
		person_id = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version");
	if (!plan_doc_load(ctx, version_id, out))
		return false;
	plan_doc_filter(out, &view);
	return audit_read(ctx, audit_action, person_id, plan_id);
}
