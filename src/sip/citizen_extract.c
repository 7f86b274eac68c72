/*
 * citizen_extract.c — the extract of who read my data, for Min SIP (see
 * citizen_extract.h).
 */
#include "sip/citizen_extract.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "store/db.h"

/* Who a citizen reader was, seen from the signed-in citizen, for a
 * record about person p: NULL when the session is unknown. */
static bool citizen_reader(struct ctx *ctx, const struct citizen_person *p,
                           int64_t session_id, const char **who)
{
	*who = T(ctx, "Någon som loggade in i Min SIP");
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT cs.personnummer, (SELECT MIN(rp.role) FROM"
		" related_person rp WHERE rp.person_id = ?"
		" AND rp.personnummer = cs.personnummer)"
		" FROM citizen_session cs WHERE cs.id = ?"); /* 0-1 */
	db_bind_int64(&s, 1, p->person_id);
	db_bind_int64(&s, 2, session_id);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW) {
		const char *pnr = db_column_text(&s, 0);
		const char *role = db_column_text(&s, 1);
		if (pnr && strcmp(pnr, ctx->citizen->personnummer) == 0)
			*who = T(ctx, "Du själv");
		else if (pnr && strcmp(pnr, p->personnummer) == 0)
			*who = arena_printf(ctx->arena, T(ctx, "%s själv"), p->name);
		else if (role && strcmp(role, "guardian") == 0)
			*who = T(ctx, "Vårdnadshavare");
		else if (role && strcmp(role, "representative") == 0)
			*who = T(ctx, "Företrädare");
		else if (role)
			*who = T(ctx, "Närstående");
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen extract reader");
	return true;
}

/* A record's detail names a citizen session: "citizen:ID[ ...]". */
static int64_t citizen_session_of(const char *detail)
{
	if (!detail || strncmp(detail, "citizen:", 8) != 0)
		return 0;
	return strtoll(detail + 8, NULL, 10);
}

/* The reader in words, looking each citizen session up once per part. */
struct seen {
	int64_t session_id;
	const char *who;
};

static bool part_read(struct ctx *ctx, struct citizen_extract_part *part)
{
	struct review_entry *e = NULL;
	int n = 0;
	if (!review_person_extract(ctx, part->person.person_id,
	                           REVIEW_EXTRACT_MAX, &e, &n, &part->more))
		return false;
	part->entries = arena_array(ctx->arena, struct citizen_extract_entry,
	                            (size_t)(n > 0 ? n : 1));
	struct seen *seen = arena_array(ctx->arena, struct seen,
	                                (size_t)(n > 0 ? n : 1));
	int nseen = 0;
	for (int i = 0; i < n; i++) {
		const struct review_entry *x = &e[i];
		const char *who;
		int64_t session = x->user_id ? 0 : citizen_session_of(x->detail);
		if (x->user_id) {
			who = x->user_title && *x->user_title ? x->user_title
			                                      : T(ctx, "Personal");
		} else if (session) {
			who = NULL;
			for (int k = 0; k < nseen && !who; k++)
				if (seen[k].session_id == session)
					who = seen[k].who;
			if (!who) {
				if (!citizen_reader(ctx, &part->person, session, &who))
					return false;
				seen[nseen++] = (struct seen){session, who};
			}
		} else {
			who = T(ctx, "Samplans drift");
		}
		const char *label = review_action_label(ctx, x->action);
		part->entries[i] = (struct citizen_extract_entry){
			.at = x->at,
			.who = who,
			.unit = x->unit_name,
			.what = label ? label : x->action,
		};
	}
	part->n = n;
	return audit_read(ctx, "citizen.extract.read", part->person.person_id,
	                  0);
}

bool citizen_extract_get(struct ctx *ctx, struct citizen_extract *out)
{
	*out = (struct citizen_extract){0};
	struct citizen_person *persons;
	int n;
	if (!citizen_extract_persons(ctx, &persons, &n))
		return false;
	out->parts = arena_array(ctx->arena, struct citizen_extract_part,
	                         (size_t)(n > 0 ? n : 1));
	for (int i = 0; i < n; i++) {
		out->parts[i] = (struct citizen_extract_part){.person = persons[i]};
		if (!part_read(ctx, &out->parts[i]))
			return false;
	}
	out->n = n;
	return true;
}
