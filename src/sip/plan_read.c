/*
 * plan_read.c — reading plans: the whole plan for its plan page and API,
 * established versions, and the lists of the work list (see plan.h).
 * Every read is checked by access.c and written to the audit log.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "sip/access.h"
#include "sip/follow_up.h"
#include "audit/audit.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"
#include "sip/own_part.h"
#include "sip/plan_internal.h"
#include "sip/proposal.h"
#include "sip/user.h"
#include "store/db.h"

static char *col(struct ctx *ctx, struct stmt *s, int i)
{
	return arena_strdup(ctx->arena, db_column_text(s, i));
}

static int days_between(int64_t from, int64_t to)
{
	return to > from ? (int)((to - from) / 86400) : 0;
}

static bool waiting_state(enum plan_state s)
{
	return s == PLAN_NEED_ASSESSED || s == PLAN_CONSENT ||
	       s == PLAN_PREPARING || s == PLAN_INVITED;
}

/* ---- the plan and its parts, in one query ----
 *
 * plan_get reads a plan with one statement: the plan's row, and in
 * further columns each list under it — principals, units, the latest
 * events, consents with their givers, scopes and recipients, the
 * preparation, meetings with invitations (with their named
 * professionals) and participants, the versions, the stored documents of
 * the version in force and of the proposal, and (plan_internal.h,
 * FOLLOW_UP_PARTS) the follow-ups with their results and reports,
 * handovers and links. Each list is a DB_ROWS column (store/db.h): the
 * rows of a subquery in the order wanted, each child list nested in its
 * parent's row and found through the parent's key, read back with
 * db_rows_open by the same row code a query of its own would use. One
 * round trip instead of one per table and per meeting, consent and
 * follow-up. */

/* The columns of the plan's own row come first (0-25). */
enum {
	PART_PRINCIPALS = 26,
	PART_UNITS,
	PART_EVENTS,
	PART_EVENTS_TOTAL,
	PART_CONSENTS,
	PART_PREPARATION,
	PART_MEETINGS,
	PART_VERSIONS,
	PART_CURRENT_DOCUMENT,
	PART_PROPOSED_DOCUMENT,
	PART_OWN_PART,
	PART_REJECTIONS,
	PART_FOLLOW_UPS, /* and the columns after it: FOLLOW_UP_PARTS */
};

/* A consent's row: 0-15, then its givers, scopes and recipients. */
enum { CONSENT_GIVERS = 16, CONSENT_SCOPES, CONSENT_RECIPIENTS };
#define CONSENT_COLUMNS                                                    \
	"c.id, c.given_by, c.form, c.valid_until, c.child_informed,"        \
	" c.child_view, c.attitude_ascertained, c.note, c.recorded_at,"    \
	" ru.full_name, c.withdrawn_at, wu.full_name, c.withdrawal_note,"  \
	" c.withdrawal_method, c.withdrawal_stated_at,"                    \
	" c.withdrawal_received_by /*0-15*/, "                             \
	DB_ROWS("cg.name", "FROM consent_giver cg WHERE cg.consent_id = c.id" \
	        " ORDER BY cg.name") ", "                                   \
	DB_ROWS("cs.category", "FROM consent_scope cs"                     \
	        " WHERE cs.consent_id = c.id ORDER BY cs.category") ", "    \
	DB_ROWS("cp.id, cp.name, cp.kind", "FROM consent_recipient cr"     \
	        " JOIN principal cp ON cp.id = cr.principal_id"             \
	        " WHERE cr.consent_id = c.id ORDER BY cp.kind, cp.name")

/* The consents of plan p: one column. */
#define CONSENT_PART                                                       \
	DB_ROWS(CONSENT_COLUMNS,                                            \
	        "FROM consent c"                                            \
	        " LEFT JOIN user_account ru ON ru.id = c.recorded_by"       \
	        " LEFT JOIN user_account wu ON wu.id = c.withdrawn_by"      \
	        " WHERE c.plan_id = p.id ORDER BY c.id")

/* An invitation's row: 0-17, then the professionals it names, found
 * through invitation_professional_meeting_idx (meeting and invitation
 * both) and put in order of name by read_professionals: joined to
 * user_account and sorted there, PostgreSQL's planner may read the
 * table through its user index instead. */
enum { INVITATION_PROFESSIONALS = 18 };
#define INVITATION_SELECT                                                  \
	"i.id, i.meeting_id, i.unit_id, u.name, i.external_name,"          \
	" i.external_organisation, i.external_contact, i.channel, i.reply,"\
	" i.attendee_name, i.substitute_name, i.decline_reason,"           \
	" i.ongoing_interventions, i.replied_at, ru.full_name,"            \
	" i.reply_registered_by_hand, i.plan_id, i.substitute_user_id, "   \
	DB_ROWS("ip.user_id, (SELECT ipu.full_name FROM user_account ipu"  \
	        " WHERE ipu.id = ip.user_id), (SELECT ipu.title FROM"       \
	        " user_account ipu WHERE ipu.id = ip.user_id)",             \
	        "FROM invitation_professional ip"                           \
	        " WHERE ip.meeting_id = i.meeting_id AND ip.invitation_id = i.id")
#define INVITATION_FROM                                                    \
	" FROM invitation i"                                               \
	" LEFT JOIN unit u ON u.id = i.unit_id"                            \
	" LEFT JOIN user_account ru ON ru.id = i.replied_by"

/* A meeting's row: 0-14, then its invitations and participants. */
enum { MEETING_INVITATIONS = 15, MEETING_PARTICIPANTS };
#define MEETING_COLUMNS                                                    \
	"m.id, m.kind, m.meeting_date, m.start_time, m.duration_minutes,"   \
	" m.place, m.video_link, m.purpose, m.held, m.chair, m.secretary,"  \
	" m.identity_checked, m.cancelled_at, mu.full_name,"                \
	" m.cancel_reason, "                                                \
	DB_ROWS(INVITATION_SELECT, INVITATION_FROM                          \
	        " WHERE i.meeting_id = m.id ORDER BY i.id") ", "            \
	DB_ROWS("mp.id, mp.name, mp.role, mp.unit_id, mp.invitation_id",    \
	        "FROM meeting_participant mp WHERE mp.meeting_id = m.id"    \
	        " ORDER BY mp.id")

static const char plan_parts_sql[] =
	"SELECT p.id, p.person_id, p.state, p.initiating_unit_id, iu.name,"
	" p.lead_unit_id, lu.name, p.initiated_by, p.initiator_name,"
	" p.need_individual, p.need_professional, p.other_actors,"
	" p.is_discharge, p.hospital_episode, p.need_assessed_at,"
	" p.declined_reason, p.closed_reason, p.closed_note, p.closed_at,"
	" p.coordinator_user_id, p.next_follow_up_date, p.created_at,"
	" cu.full_name, p.current_version_id, p.closed_participation,"
	" p.declined_cause /*0-25*/, "
	DB_ROWS("pr.id, pr.name, pr.kind",
	        "FROM plan_principal pp JOIN principal pr ON pr.id = pp.principal_id"
	        " WHERE pp.plan_id = p.id ORDER BY pr.kind, pr.name") ", "
	DB_ROWS("pu.unit_id, un.name, pr.name, pr.kind, pu.via, pu.joined_at,"
	        " pu.left_at",
	        "FROM plan_unit pu JOIN unit un ON un.id = pu.unit_id"
	        " JOIN principal pr ON pr.id = un.principal_id"
	        " WHERE pu.plan_id = p.id ORDER BY pu.joined_at, un.name") ", "
	/* The latest events, newest first through plan_event_plan_idx. */
	DB_ROWS("e.id, e.at, eu.full_name, en.name, e.action, e.from_state,"
	        " e.to_state, e.detail",
	        "FROM plan_event e LEFT JOIN user_account eu ON eu.id = e.user_id"
	        " LEFT JOIN unit en ON en.id = e.unit_id"
	        " WHERE e.plan_id = p.id ORDER BY e.id DESC LIMIT ?") ", "
	"(SELECT COUNT(*) FROM plan_event e WHERE e.plan_id = p.id), "
	CONSENT_PART ", "
	DB_ROWS("pp.purpose, pp.individual_goals, pp.individual_questions,"
	        " pp.invite_wishes, pp.participation, pp.participation_note,"
	        " pp.interpreter_language, pp.aids, pp.breaks_needed,"
	        " pp.safe_place, pp.relatives_present, pp.child_voice,"
	        " pp.updated_at, pu.full_name",
	        "FROM preparation pp LEFT JOIN user_account pu"
	        " ON pu.id = pp.updated_by WHERE pp.plan_id = p.id") ", "
	DB_ROWS(MEETING_COLUMNS,
	        "FROM meeting m LEFT JOIN user_account mu ON mu.id = m.cancelled_by"
	        " WHERE m.plan_id = p.id ORDER BY m.id") ", "
	DB_ROWS("v.id, v.version_no, v.established_at,"
	        " CASE WHEN v.individual_approved = 1 OR a.version_id IS NOT NULL"
	        " THEN 1 ELSE 0 END",
	        "FROM plan_version v"
	        " LEFT JOIN version_approval a ON a.version_id = v.id"
	        " WHERE v.plan_id = p.id ORDER BY v.version_no") ", "
	/* The stored documents of the version in force and of the latest
	 * version (the proposal, when one waits: a revision is always the
	 * newest version), as plain columns — the largest texts of the
	 * read, not wrapped in JSON once more — and only in the current
	 * format (else NULL: built from the rows). The rest of the versions'
	 * contents is not read. */
	"(SELECT d.body FROM plan_version_document d"
	" WHERE d.version_id = p.current_version_id AND d.format = ?), "
	"(SELECT d.body FROM plan_version_document d WHERE d.version_id ="
	" (SELECT v.id FROM plan_version v WHERE v.plan_id = p.id"
	" ORDER BY v.version_no DESC LIMIT 1) AND d.format = ?"
	" AND d.version_id <> COALESCE(p.current_version_id, 0)), "
	/* What the individual wrote themselves (h/cown). */
	DB_ROWS(OWN_PART_COLUMNS, OWN_PART_FROM("p.id")) ", "
	DB_ROWS(PROPOSAL_REJECTION_COLUMNS, PROPOSAL_REJECTION_FROM("p.id")) ", "
	FOLLOW_UP_PARTS
	" FROM plan p JOIN unit iu ON iu.id = p.initiating_unit_id"
	" JOIN unit lu ON lu.id = p.lead_unit_id"
	" LEFT JOIN user_account cu ON cu.id = p.created_by WHERE p.id = ?";

static void plan_row(struct ctx *ctx, struct stmt *s, struct plan *p)
{
	p->id = db_column_int64(s, 0);
	p->person.id = db_column_int64(s, 1);
	plan_state_parse(db_column_text(s, 2), &p->state);
	p->initiating_unit_id = db_column_int64(s, 3);
	p->initiating_unit_name = col(ctx, s, 4);
	p->lead_unit_id = db_column_int64(s, 5);
	p->lead_unit_name = col(ctx, s, 6);
	p->initiated_by = col(ctx, s, 7);
	p->initiator_name = col(ctx, s, 8);
	p->need_individual = col(ctx, s, 9);
	p->need_professional = col(ctx, s, 10);
	p->other_actors = col(ctx, s, 11);
	p->is_discharge = db_column_int64(s, 12) != 0;
	p->hospital_episode = col(ctx, s, 13);
	p->need_assessed_at = db_column_int64(s, 14);
	p->declined_reason = col(ctx, s, 15);
	p->closed_reason = col(ctx, s, 16);
	p->closed_note = col(ctx, s, 17);
	p->closed_at = db_column_int64(s, 18);
	p->coordinator_user_id = db_column_int64(s, 19);
	p->next_follow_up_date = col(ctx, s, 20);
	p->created_at = db_column_int64(s, 21);
	p->created_by_name = col(ctx, s, 22);
	p->closed_participation = col(ctx, s, 24);
	p->declined_cause = col(ctx, s, 25);
	p->days_waiting = waiting_state(p->state)
	                  ? days_between(p->need_assessed_at, ctx->now) : 0;
}

static bool read_principals(struct ctx *ctx, struct stmt *parts,
                            struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, PART_PRINCIPALS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->principals, n, cap);
		struct plan_principal_ref *r = &p->principals[n++];
		r->id = db_column_int64(&s, 0);
		r->name = col(ctx, &s, 1);
		principal_kind_parse(db_column_text(&s, 2), &r->kind);
	}
	db_finalize(&s);
	p->nprincipals = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "plan principals");
}

static bool read_units(struct ctx *ctx, struct stmt *parts, struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, PART_UNITS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->units, n, cap);
		struct plan_unit_ref *u = &p->units[n++];
		u->unit_id = db_column_int64(&s, 0);
		u->unit_name = col(ctx, &s, 1);
		u->principal_name = col(ctx, &s, 2);
		principal_kind_parse(db_column_text(&s, 3), &u->principal_kind);
		u->via = col(ctx, &s, 4);
		u->joined_at = db_column_int64(&s, 5);
		u->left_at = db_column_int64(&s, 6);
	}
	db_finalize(&s);
	p->nunits = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "plan units");
}

/* The latest events came newest first; the plan keeps them oldest first. */
static bool read_events(struct ctx *ctx, struct stmt *parts, struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, PART_EVENTS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->events, n, cap);
		struct plan_event *e = &p->events[n++];
		e->id = db_column_int64(&s, 0);
		e->at = db_column_int64(&s, 1);
		e->user_name = col(ctx, &s, 2);
		e->unit_name = col(ctx, &s, 3);
		e->action = col(ctx, &s, 4);
		e->from_state = col(ctx, &s, 5);
		e->to_state = col(ctx, &s, 6);
		e->detail = col(ctx, &s, 7);
	}
	db_finalize(&s);
	p->nevents = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "plan events");
	for (size_t i = 0; i < n / 2; i++) {
		struct plan_event t = p->events[i];
		p->events[i] = p->events[n - 1 - i];
		p->events[n - 1 - i] = t;
	}
	p->nevents_total = (int)db_column_int64(parts, PART_EVENTS_TOTAL);
	return true;
}

static void consent_row(struct ctx *ctx, struct stmt *s, const char *today,
                        struct consent *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_column_int64(s, 0);
	c->given_by = col(ctx, s, 1);
	c->form = col(ctx, s, 2);
	c->valid_until = col(ctx, s, 3);
	c->child_informed = db_column_int64(s, 4) != 0;
	c->child_view = col(ctx, s, 5);
	c->attitude_ascertained = col(ctx, s, 6);
	c->note = col(ctx, s, 7);
	c->recorded_at = db_column_int64(s, 8);
	c->recorded_by_name = col(ctx, s, 9);
	c->withdrawn_at = db_column_int64(s, 10);
	c->withdrawn_by_name = col(ctx, s, 11);
	c->withdrawal_note = col(ctx, s, 12);
	c->withdrawal_method = col(ctx, s, 13);
	c->withdrawal_stated_at = db_column_int64(s, 14);
	c->withdrawal_received_by = col(ctx, s, 15);
	c->in_force = !c->withdrawn_at && c->valid_until &&
	              strcmp(c->valid_until, today) >= 0;
}

static bool read_consent_lists(struct ctx *ctx, struct stmt *row,
                               struct consent *c)
{
	struct stmt s;
	size_t n = 0, cap = 0;
	int rc;
	db_rows_open(&s, row, CONSENT_GIVERS);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, c->givers, n, cap);
		c->givers[n++] = col(ctx, &s, 0);
	}
	db_finalize(&s);
	c->ngivers = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "consent givers");
	n = cap = 0;
	db_rows_open(&s, row, CONSENT_SCOPES);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, c->scopes, n, cap);
		c->scopes[n++] = col(ctx, &s, 0);
	}
	db_finalize(&s);
	c->nscopes = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "consent scopes");
	n = cap = 0;
	db_rows_open(&s, row, CONSENT_RECIPIENTS);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, c->recipients, n, cap);
		struct plan_principal_ref *r = &c->recipients[n++];
		r->id = db_column_int64(&s, 0);
		r->name = col(ctx, &s, 1);
		principal_kind_parse(db_column_text(&s, 2), &r->kind);
	}
	db_finalize(&s);
	c->nrecipients = (int)n;
	return rc == DB_DONE ? true
	                     : ctx_db_failed(ctx, rc, "consent recipients");
}

/* The consents in CONSENT_PART's column of parts. */
static bool read_consents(struct ctx *ctx, struct stmt *parts, int column,
                          struct consent **out, int *nout)
{
	char today[11];
	date_format(date_of_time(ctx->now), today);
	struct stmt s;
	db_rows_open(&s, parts, column);
	size_t n = 0, cap = 0;
	int rc;
	bool ok = true;
	*out = NULL;
	for (rc = db_step(&s); rc == DB_ROW && ok; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *out, n, cap);
		struct consent *c = &(*out)[n++];
		consent_row(ctx, &s, today, c);
		ok = read_consent_lists(ctx, &s, c);
	}
	db_finalize(&s);
	*nout = (int)n;
	if (!ok)
		return false;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "consents");
}

bool consent_load(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                  struct consent *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT " CONSENT_PART " FROM plan p"
	                        " WHERE p.id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	struct consent *list = NULL;
	int n = 0;
	bool ok = rc == DB_ROW ? read_consents(ctx, &s, 0, &list, &n)
	        : rc == DB_DONE ? ctx_not_found(ctx)
	                        : ctx_db_failed(ctx, rc, "consent");
	db_finalize(&s);
	if (!ok)
		return false;
	for (int i = 0; i < n; i++)
		if (list[i].id == consent_id) {
			*out = list[i];
			return true;
		}
	return ctx_not_found(ctx);
}

static bool read_preparation(struct ctx *ctx, struct stmt *parts,
                             struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, PART_PREPARATION);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		struct preparation *x = arena_new(ctx->arena, struct preparation);
		x->purpose = col(ctx, &s, 0);
		x->individual_goals = col(ctx, &s, 1);
		x->individual_questions = col(ctx, &s, 2);
		x->invite_wishes = col(ctx, &s, 3);
		x->participation = col(ctx, &s, 4);
		x->participation_note = col(ctx, &s, 5);
		x->interpreter_language = col(ctx, &s, 6);
		x->aids = col(ctx, &s, 7);
		x->breaks_needed = db_column_int64(&s, 8) != 0;
		x->safe_place = col(ctx, &s, 9);
		x->relatives_present = col(ctx, &s, 10);
		x->child_voice = col(ctx, &s, 11);
		x->updated_at = db_column_int64(&s, 12);
		x->updated_by_name = col(ctx, &s, 13);
		p->preparation = x;
	}
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "preparation");
}

static void invitation_row(struct ctx *ctx, struct stmt *s, struct invitation *i)
{
	/* Every field is set here or by read_professionals, whatever the
	 * caller's struct held. */
	*i = (struct invitation){0};
	i->id = db_column_int64(s, 0);
	i->meeting_id = db_column_int64(s, 1);
	i->unit_id = db_column_int64(s, 2);
	i->unit_name = col(ctx, s, 3);
	i->external_name = col(ctx, s, 4);
	i->external_organisation = col(ctx, s, 5);
	i->external_contact = col(ctx, s, 6);
	i->channel = col(ctx, s, 7);
	i->reply = col(ctx, s, 8);
	i->attendee_name = col(ctx, s, 9);
	i->substitute_name = col(ctx, s, 10);
	i->decline_reason = col(ctx, s, 11);
	i->ongoing_interventions = col(ctx, s, 12);
	i->replied_at = db_column_int64(s, 13);
	i->replied_by_name = col(ctx, s, 14);
	i->by_hand = db_column_int64(s, 15) != 0;
	i->substitute_user_id = db_column_int64(s, 17);
}

static int by_name(const void *a, const void *b)
{
	const struct invitation_professional *x = a, *y = b;
	int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	return c ? c : (x->user_id > y->user_id) - (x->user_id < y->user_id);
}

/* The professionals named in the invitation of `row`, by name. */
static bool read_professionals(struct ctx *ctx, struct stmt *row,
                               struct invitation *i)
{
	struct stmt s;
	db_rows_open(&s, row, INVITATION_PROFESSIONALS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, i->professionals, n, cap);
		struct invitation_professional *x = &i->professionals[n++];
		x->user_id = db_column_int64(&s, 0);
		x->name = col(ctx, &s, 1);
		x->title = col(ctx, &s, 2);
	}
	db_finalize(&s);
	i->nprofessionals = (int)n;
	if (n > 1)
		qsort(i->professionals, n, sizeof *i->professionals, by_name);
	return rc == DB_DONE ? true
	                     : ctx_db_failed(ctx, rc, "invitation professionals");
}

bool invitation_load(struct ctx *ctx, int64_t invitation_id,
                     struct invitation *out, int64_t *plan_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT " INVITATION_SELECT INVITATION_FROM " WHERE i.id = ?");
	db_bind_int64(&s, 1, invitation_id);
	int rc = db_step(&s);
	bool ok = true;
	if (rc == DB_ROW) {
		invitation_row(ctx, &s, out);
		*plan_id = db_column_int64(&s, 16);
		ok = read_professionals(ctx, &s, out);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "invitation");
	return ok;
}

static bool read_invitations(struct ctx *ctx, struct stmt *row,
                             struct meeting *m)
{
	struct stmt s;
	db_rows_open(&s, row, MEETING_INVITATIONS);
	size_t n = 0, cap = 0;
	int rc;
	bool ok = true;
	for (rc = db_step(&s); rc == DB_ROW && ok; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, m->invitations, n, cap);
		struct invitation *i = &m->invitations[n++];
		invitation_row(ctx, &s, i);
		ok = read_professionals(ctx, &s, i);
	}
	db_finalize(&s);
	m->ninvitations = (int)n;
	if (!ok)
		return false;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "invitations");
}

static bool read_participants(struct ctx *ctx, struct stmt *row,
                              struct meeting *m)
{
	struct stmt s;
	db_rows_open(&s, row, MEETING_PARTICIPANTS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, m->participants, n, cap);
		struct meeting_participant *x = &m->participants[n++];
		x->id = db_column_int64(&s, 0);
		x->name = col(ctx, &s, 1);
		x->role = col(ctx, &s, 2);
		x->unit_id = db_column_int64(&s, 3);
		x->invitation_id = db_column_int64(&s, 4);
	}
	db_finalize(&s);
	m->nparticipants = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "participants");
}

static bool read_meetings(struct ctx *ctx, struct stmt *parts, struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, PART_MEETINGS);
	size_t n = 0, cap = 0;
	int rc;
	bool ok = true;
	for (rc = db_step(&s); rc == DB_ROW && ok; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->meetings, n, cap);
		struct meeting *m = &p->meetings[n++];
		memset(m, 0, sizeof *m);
		m->id = db_column_int64(&s, 0);
		m->kind = col(ctx, &s, 1);
		m->date = col(ctx, &s, 2);
		m->start_time = col(ctx, &s, 3);
		m->duration_minutes = (int)db_column_int64(&s, 4);
		m->place = col(ctx, &s, 5);
		m->video_link = col(ctx, &s, 6);
		m->purpose = col(ctx, &s, 7);
		m->held = db_column_int64(&s, 8) != 0;
		m->chair = col(ctx, &s, 9);
		m->secretary = col(ctx, &s, 10);
		m->identity_checked = db_column_int64(&s, 11) != 0;
		m->cancelled_at = db_column_int64(&s, 12);
		m->cancelled_by_name = col(ctx, &s, 13);
		m->cancel_reason = col(ctx, &s, 14);
		ok = read_invitations(ctx, &s, m) && read_participants(ctx, &s, m);
	}
	db_finalize(&s);
	p->nmeetings = (int)n;
	if (!ok)
		return false;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "meetings");
}

static bool read_versions(struct ctx *ctx, struct stmt *parts, struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, PART_VERSIONS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->versions, n, cap);
		p->versions[n].id = db_column_int64(&s, 0);
		p->versions[n].version_no = (int)db_column_int64(&s, 1);
		p->versions[n].established_at = db_column_int64(&s, 2);
		p->versions[n].approved = db_column_int64(&s, 3) != 0;
		n++;
	}
	db_finalize(&s);
	p->nversions = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "versions");
}

/* The document of version_id: parsed from column `column` when stored
 * in the current format, built from the rows otherwise (and for column
 * -1). */
static struct plan_doc *read_document(struct ctx *ctx, struct stmt *parts,
                                      int column, int64_t version_id,
                                      bool protected_id)
{
	struct plan_doc *d = arena_new(ctx->arena, struct plan_doc);
	const char *body = column >= 0 ? db_column_text(parts, column) : NULL;
	if (!(body && plan_doc_parse(ctx->arena, body, strlen(body), d)) &&
	    !plan_doc_build(ctx, version_id, d))
		return NULL;
	d->protected_identity = protected_id;
	return d;
}

/* The version in force (plan.current_version_id, column 23) and the
 * proposal: the latest version not approved (follow_up.h). */
static bool read_documents(struct ctx *ctx, struct stmt *parts,
                           struct plan *p)
{
	int64_t current = db_column_int64(parts, 23);
	if (current) {
		p->current_doc = read_document(ctx, parts, PART_CURRENT_DOCUMENT,
		                               current,
		                               p->person.protected_identity);
		if (!p->current_doc)
			return false;
		p->current = &p->current_doc->version;
	}
	for (int i = p->nversions - 1; i >= 0; i--)
		if (!p->versions[i].approved) {
			/* The column holds the latest version's document; an
			 * older one (never so, but the rows decide) is built. */
			int column = i == p->nversions - 1 ? PART_PROPOSED_DOCUMENT
			                                   : -1;
			p->proposed_doc = read_document(ctx, parts, column,
			                                p->versions[i].id,
			                                p->person.protected_identity);
			if (!p->proposed_doc)
				return false;
			p->proposed = &p->proposed_doc->version;
			break;
		}
	return true;
}

/* The individual's own part and their rejections of proposals. */
static bool read_own(struct ctx *ctx, struct stmt *parts, struct plan *p)
{
	struct stmt sub;
	p->own = arena_new(ctx->arena, struct own_part);
	db_rows_open(&sub, parts, PART_OWN_PART);
	bool ok = own_part_rows(ctx, &sub, p->own);
	db_finalize(&sub);
	if (!ok)
		return false;
	db_rows_open(&sub, parts, PART_REJECTIONS);
	ok = proposal_rejection_rows(ctx, &sub, &p->rejections,
	                             &p->nrejections);
	db_finalize(&sub);
	return ok;
}

static bool read_plan(struct ctx *ctx, int64_t plan_id, int history_limit,
                      struct plan *p)
{
	struct stmt s;
	db_prepare(ctx->db, &s, plan_parts_sql);
	db_bind_int64(&s, 1, history_limit > 0 ? history_limit : INT64_MAX);
	db_bind_int64(&s, 2, PLAN_DOC_FORMAT);
	db_bind_int64(&s, 3, PLAN_DOC_FORMAT);
	db_bind_int64(&s, 4, plan_id);
	int rc = db_step(&s);
	bool ok;
	if (rc == DB_ROW) {
		plan_row(ctx, &s, p);
		ok = person_load_for_plan(ctx, p->person.id, &p->person) &&
		     read_principals(ctx, &s, p) && read_units(ctx, &s, p) &&
		     read_events(ctx, &s, p) &&
		     read_consents(ctx, &s, PART_CONSENTS, &p->consents,
		                   &p->nconsents) &&
		     read_preparation(ctx, &s, p) && read_meetings(ctx, &s, p) &&
		     read_versions(ctx, &s, p) && read_documents(ctx, &s, p) &&
		     read_own(ctx, &s, p) &&
		     follow_up_read(ctx, &s, PART_FOLLOW_UPS, p);
	} else {
		ok = rc == DB_DONE ? ctx_not_found(ctx)
		                   : ctx_db_failed(ctx, rc, "plan");
	}
	db_finalize(&s);
	return ok;
}

/* A version by its id with goals and interventions. */
/* The other parties responsible for the version's interventions, each
 * attached to its intervention in order. */
static bool load_parties(struct ctx *ctx, int64_t version_id,
                         struct plan_version *v)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT p.intervention_id, p.kind, p.unit_id, u.name /*0-3*/"
		" FROM plan_intervention_party p"
		" LEFT JOIN unit u ON u.id = p.unit_id"
		" WHERE p.version_id = ? ORDER BY p.intervention_id, p.position");
	db_bind_int64(&s, 1, version_id);
	size_t *cap = arena_array(ctx->arena, size_t,
	                          (size_t)v->ninterventions + 1);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		int64_t id = db_column_int64(&s, 0);
		int at = 0;
		while (at < v->ninterventions && v->interventions[at].id != id)
			at++;
		if (at == v->ninterventions)
			continue;
		struct intervention *x = &v->interventions[at];
		size_t n = (size_t)x->nalso;
		ARENA_PUSH(ctx->arena, x->also, n, cap[at]);
		x->also[n] = (struct intervention_party){
			.kind = col(ctx, &s, 1),
			.unit_id = db_column_int64(&s, 2),
			.unit_name = col(ctx, &s, 3),
		};
		x->nalso = (int)n + 1;
	}
	db_finalize(&s);
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "parties");
}

bool plan_version_load(struct ctx *ctx, int64_t version_id,
                       struct plan_version *v)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT v.id, v.version_no, v.meeting_id, v.purpose, v.situation,"
		" v.wishes, v.future_needs, v.needs, v.actions_by_others,"
		" v.crisis_plan, v.coordinator_user_id, v.coordinator_name,"
		" v.coordinator_title, v.coordinator_unit_id, cu.name,"
		" v.contact_persons, v.follow_up_date, v.follow_up_place,"
		" v.individual_approved, v.change_reason, v.established_at,"
		" eu.full_name, a.version_id, a.given_by, a.names, a.method,"
		" a.approved_on, a.recorded_at, au.full_name /*22-28*/,"
		" v.coordinator_fast_care_contact FROM plan_version v"
		" JOIN unit cu ON cu.id = v.coordinator_unit_id"
		" LEFT JOIN user_account eu ON eu.id = v.established_by"
		" LEFT JOIN version_approval a ON a.version_id = v.id"
		" LEFT JOIN user_account au ON au.id = a.recorded_by"
		" WHERE v.id = ?");
	db_bind_int64(&s, 1, version_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		memset(v, 0, sizeof *v);
		v->id = db_column_int64(&s, 0);
		v->version_no = (int)db_column_int64(&s, 1);
		v->meeting_id = db_column_int64(&s, 2);
		v->purpose = col(ctx, &s, 3);
		v->situation = col(ctx, &s, 4);
		v->wishes = col(ctx, &s, 5);
		v->future_needs = col(ctx, &s, 6);
		v->needs = col(ctx, &s, 7);
		v->actions_by_others = col(ctx, &s, 8);
		v->crisis_plan = col(ctx, &s, 9);
		v->coordinator_user_id = db_column_int64(&s, 10);
		v->coordinator_name = col(ctx, &s, 11);
		v->coordinator_title = col(ctx, &s, 12);
		v->coordinator_unit_id = db_column_int64(&s, 13);
		v->coordinator_unit_name = col(ctx, &s, 14);
		v->contact_persons = col(ctx, &s, 15);
		v->follow_up_date = col(ctx, &s, 16);
		v->follow_up_place = col(ctx, &s, 17);
		v->individual_approved = db_column_int64(&s, 18) != 0;
		v->change_reason = col(ctx, &s, 19);
		v->established_at = db_column_int64(&s, 20);
		v->established_by_name = col(ctx, &s, 21);
		v->approved = v->individual_approved || !db_column_is_null(&s, 22);
		v->approval_given_by = col(ctx, &s, 23);
		v->approval_names = col(ctx, &s, 24);
		v->approval_method = col(ctx, &s, 25);
		v->approved_on = col(ctx, &s, 26);
		v->approval_recorded_at = db_column_int64(&s, 27);
		v->approval_recorded_by_name = col(ctx, &s, 28);
		v->coordinator_fast_care_contact = db_column_int64(&s, 29) != 0;
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version");

	size_t n = 0, cap = 0;
	db_prepare(ctx->db, &s,
		"SELECT id, position, kind, text FROM plan_goal WHERE version_id = ?"
		" ORDER BY position");
	db_bind_int64(&s, 1, version_id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, v->goals, n, cap);
		struct goal *g = &v->goals[n++];
		g->id = db_column_int64(&s, 0);
		g->position = (int)db_column_int64(&s, 1);
		g->kind = col(ctx, &s, 2);
		g->text = col(ctx, &s, 3);
	}
	db_finalize(&s);
	v->ngoals = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "goals");

	n = cap = 0;
	db_prepare(ctx->db, &s,
		"SELECT i.id, i.position, i.goal_id, g.text, i.what,"
		" i.responsible_kind, i.responsible_unit_id, u.name,"
		" i.responsible_name, i.contact_name, i.frequency, i.timing,"
		" i.start_date, i.end_date FROM plan_intervention i"
		" LEFT JOIN plan_goal g ON g.id = i.goal_id"
		" LEFT JOIN unit u ON u.id = i.responsible_unit_id"
		" WHERE i.version_id = ? ORDER BY i.position");
	db_bind_int64(&s, 1, version_id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, v->interventions, n, cap);
		struct intervention *x = &v->interventions[n++];
		x->id = db_column_int64(&s, 0);
		x->position = (int)db_column_int64(&s, 1);
		x->goal_id = db_column_int64(&s, 2);
		x->goal_text = col(ctx, &s, 3);
		x->what = col(ctx, &s, 4);
		x->responsible_kind = col(ctx, &s, 5);
		x->responsible_unit_id = db_column_int64(&s, 6);
		x->responsible_unit_name = col(ctx, &s, 7);
		x->responsible_name = col(ctx, &s, 8);
		x->contact_name = col(ctx, &s, 9);
		x->frequency = col(ctx, &s, 10);
		x->timing = col(ctx, &s, 11);
		x->start_date = col(ctx, &s, 12);
		x->end_date = col(ctx, &s, 13);
	}
	db_finalize(&s);
	v->ninterventions = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "interventions");
	return load_parties(ctx, version_id, v);
}

/* ---- what the caller may see (access.h, field.h) ----
 *
 * Every plan and version leaves here filtered by the caller's view:
 * a field the view does not cover is set to NULL (false, 0) and its
 * category is recorded in `withheld`, so that pages and the API get
 * only what the caller may see and can say what was withheld. */

/* Clear *value unless the view covers category c of a row owned by
 * owner_unit; true when it was kept. */
static bool keep(const struct access_view *v, unsigned *withheld,
                 enum field_category c, int64_t owner_unit, const char **value)
{
	if (access_sees_row(v, c, owner_unit))
		return true;
	if (*value)
		*withheld |= 1u << c;
	*value = NULL;
	return false;
}

static void keep_field(const struct access_view *v, unsigned *withheld,
                       enum field_id f, const char **value)
{
	keep(v, withheld, field_category(f), 0, value);
}

void plan_version_filter(struct plan_version *x)
{
	const struct access_view *v = &x->view;
	unsigned *w = &x->withheld;
	keep_field(v, w, FIELD_VERSION_SITUATION, &x->situation);
	keep_field(v, w, FIELD_VERSION_FUTURE_NEEDS, &x->future_needs);
	keep_field(v, w, FIELD_VERSION_NEEDS, &x->needs);
	keep_field(v, w, FIELD_VERSION_ACTIONS_BY_OTHERS, &x->actions_by_others);
	keep_field(v, w, FIELD_VERSION_CRISIS_PLAN, &x->crisis_plan);
	for (int i = 0; i < x->ninterventions; i++) {
		struct intervention *t = &x->interventions[i];
		t->category = field_category_of_responsible(t->responsible_kind);
		bool seen = access_sees_row(v, t->category, t->responsible_unit_id);
		/* With several responsible, the caller must see every one's
		 * category: the text says what each of them does. */
		for (int k = 0; k < t->nalso; k++) {
			struct intervention_party *a = &t->also[k];
			a->category = field_category_of_responsible(a->kind);
			if (seen && !access_sees_row(v, a->category, a->unit_id)) {
				seen = false;
				t->category = a->category;
			}
		}
		if (seen)
			continue;
		t->withheld = true;
		*w |= 1u << t->category;
		t->what = t->contact_name = t->frequency = NULL;
		t->timing = t->start_date = t->end_date = NULL;
	}
}

static enum field_category unit_category(const struct plan *p, int64_t unit_id)
{
	for (int i = 0; i < p->nunits; i++)
		if (p->units[i].unit_id == unit_id)
			return field_category_of_unit(p->units[i].principal_kind);
	return FIELD_SOCIAL; /* a party outside samplan */
}

void plan_filter_view(struct plan *p)
{
	const struct access_view *v = &p->view;
	unsigned *w = &p->withheld;
	p->need_category = unit_category(p, p->initiating_unit_id);
	if (!access_sees_row(v, p->need_category, p->initiating_unit_id)) {
		p->need_withheld = true;
		if (p->need_individual || p->need_professional)
			*w |= 1u << p->need_category;
		p->need_individual = p->need_professional = NULL;
	}
	if (!access_sees(v, FIELD_NEED_IS_DISCHARGE)) {
		if (p->is_discharge)
			*w |= 1u << field_category(FIELD_NEED_IS_DISCHARGE);
		p->is_discharge = false;
	}
	keep_field(v, w, FIELD_NEED_HOSPITAL_EPISODE, &p->hospital_episode);
	for (int i = 0; i < p->nconsents; i++)
		keep_field(v, w, FIELD_CONSENT_ATTITUDE,
		           &p->consents[i].attitude_ascertained);
	if (p->preparation)
		keep_field(v, w, FIELD_PREP_AIDS, &p->preparation->aids);
	for (int m = 0; m < p->nmeetings; m++)
		for (int i = 0; i < p->meetings[m].ninvitations; i++) {
			struct invitation *x = &p->meetings[m].invitations[i];
			x->ongoing_category = x->unit_id ? unit_category(p, x->unit_id)
			                                 : FIELD_SOCIAL;
			x->ongoing_withheld = !keep(v, w, x->ongoing_category, x->unit_id,
			                            &x->ongoing_interventions);
		}
	if (p->current) {
		p->current->view = p->view;
		plan_version_filter(p->current);
		*w |= p->current->withheld;
	}
	if (p->proposed) {
		p->proposed->view = p->view;
		plan_version_filter(p->proposed);
		*w |= p->proposed->withheld;
	}
	follow_up_filter(p);
}

bool plan_get(struct ctx *ctx, int64_t plan_id, struct plan *out)
{
	return plan_get_recent(ctx, plan_id, 0, out);
}

bool plan_get_recent(struct ctx *ctx, int64_t plan_id, int history_limit,
                     struct plan *out)
{
	return plan_get_for(ctx, plan_id, history_limit, "plan.read", out);
}

bool plan_get_for(struct ctx *ctx, int64_t plan_id, int history_limit,
                  const char *audit_action, struct plan *out)
{
	memset(out, 0, sizeof *out);
	if (!access_may_work(ctx) || !access_plan_view(ctx, plan_id, &out->view))
		return false;
	out->my_unit_id = out->view.unit_id;
	if (!read_plan(ctx, plan_id, history_limit, out))
		return false;
	out->may_lead = ctx_is_console(ctx) ||
	                user_in_unit(ctx_staff(ctx), out->lead_unit_id);
	plan_filter_view(out);
	return audit_read(ctx, audit_action, out->person.id, plan_id);
}

bool plan_version_read(struct ctx *ctx, int64_t plan_id,
                       const struct access_view *view, int version_no,
                       struct plan_version *out, int64_t *person_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT v.id, p.person_id FROM plan_version v"
		" JOIN plan p ON p.id = v.plan_id"
		" WHERE v.plan_id = ? AND v.version_no = ?");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, version_no);
	int rc = db_step(&s);
	int64_t id = 0;
	if (rc == DB_ROW) {
		id = db_column_int64(&s, 0);
		*person_id = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version");
	struct plan_doc d;
	if (!plan_doc_load(ctx, id, &d))
		return false;
	*out = d.version;
	out->view = *view;
	out->withheld = 0;
	plan_version_filter(out);
	return true;
}

bool plan_version_get(struct ctx *ctx, int64_t plan_id, int version_no,
                      struct plan_version *out)
{
	struct access_view view;
	int64_t person_id = 0;
	if (!access_may_work(ctx) || !access_plan_view(ctx, plan_id, &view) ||
	    !plan_version_read(ctx, plan_id, &view, version_no, out, &person_id))
		return false;
	return audit_read(ctx, "plan.version_read", person_id, plan_id);
}

/* ---- lists ---- */

/* An invitation i (of meeting m) awaits a reply: none yet, and the
 * meeting is still to come — once held or cancelled nobody waits. */
/* INVITATION_AWAITED_SQL and SUMMARY_COLUMNS are in plan_internal.h. */

void plan_summary_row(struct ctx *ctx, struct stmt *s, struct plan_summary *x)
{
	x->id = db_column_int64(s, 0);
	x->person_id = db_column_int64(s, 1);
	x->person_name = col(ctx, s, 2);
	x->personnummer = col(ctx, s, 3);
	x->protected_identity = db_column_int64(s, 4) != 0;
	plan_state_parse(db_column_text(s, 5), &x->state);
	x->need_assessed_at = db_column_int64(s, 6);
	x->lead_unit_name = col(ctx, s, 7);
	x->next_follow_up_date = col(ctx, s, 8);
	x->updated_at = db_column_int64(s, 9);
	x->unanswered = (int)db_column_int64(s, 10);
	x->awaiting_my_reply = (int)db_column_int64(s, 11);
	x->lead_unit_id = db_column_int64(s, 12);
	x->days_waiting = waiting_state(x->state)
	                  ? days_between(x->need_assessed_at, ctx->now) : 0;
}

static bool audit_list(struct ctx *ctx, const char *action,
                       const struct plan_summary *rows, int n)
{
	int64_t *persons = arena_array(ctx->arena, int64_t, (size_t)n + 1);
	int64_t *plans = arena_array(ctx->arena, int64_t, (size_t)n + 1);
	for (int i = 0; i < n; i++) {
		persons[i] = rows[i].person_id;
		plans[i] = rows[i].id;
	}
	return audit_read_many(ctx, action, persons, plans, n);
}

static bool run_list(struct ctx *ctx, struct stmt *s, struct plan_summary **out,
                     int *n)
{
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(s); rc == DB_ROW; rc = db_step(s)) {
		ARENA_PUSH(ctx->arena, *out, count, cap);
		plan_summary_row(ctx, s, &(*out)[count++]);
	}
	db_finalize(s);
	*n = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "plan list");
}

bool plan_list_mine(struct ctx *ctx, int limit, struct plan_summary **out,
                    int *n)
{
	*out = NULL;
	*n = 0;
	if (!access_may_work(ctx))
		return false;
	int64_t uid = ctx_user_id(ctx);
	struct stmt s;
	/* The plans the user works with personally: started, coordinates,
	 * answered for their unit, or where their unit's answer is awaited
	 * — and a citizen's request waiting at their unit.
	 * Still only while their unit takes part. Open plans first, the
	 * longest waiting first. */
	db_prepare_replan(ctx->db, &s,
		"SELECT " SUMMARY_COLUMNS " WHERE p.id IN ("
		" SELECT id FROM plan WHERE created_by = ?"
		" UNION SELECT id FROM plan WHERE coordinator_user_id = ?"
		" UNION SELECT plan_id FROM invitation WHERE replied_by = ?"
		" UNION SELECT i.plan_id FROM invitation i JOIN user_unit uu"
		"  ON uu.unit_id = i.unit_id JOIN meeting m ON m.id = i.meeting_id"
		"  WHERE uu.user_id = ? AND " INVITATION_AWAITED_SQL
		" UNION " CITIZEN_REQUESTS_WAITING_SQL ")"
		" AND " ACCESS_PLAN_VISIBLE_SQL("p.id")
		" ORDER BY CASE WHEN p.state IN ('declined', 'closed') THEN 1"
		" ELSE 0 END, p.need_assessed_at, p.id LIMIT ?");
	for (int i = 1; i <= 7; i++)
		db_bind_int64(&s, i, uid);
	db_bind_text(&s, 8, access_today(ctx));
	db_bind_int64(&s, 9, limit);
	return run_list(ctx, &s, out, n) &&
	       audit_list(ctx, "plan.list", *out, *n);
}

bool plan_list_units(struct ctx *ctx, int offset, int limit,
                     struct plan_summary **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!access_may_work(ctx))
		return false;
	int64_t uid = ctx_user_id(ctx);
	struct stmt s;
	db_prepare_replan(ctx->db, &s,
		"SELECT " SUMMARY_COLUMNS " WHERE p.id IN (SELECT pu.plan_id"
		" FROM plan_unit pu JOIN user_unit uu ON uu.unit_id = pu.unit_id"
		" WHERE uu.user_id = ? AND pu.left_at IS NULL)"
		" AND " ACCESS_PLAN_VISIBLE_SQL("p.id")
		" ORDER BY CASE WHEN p.state IN ('declined', 'closed') THEN 1"
		" ELSE 0 END, p.need_assessed_at, p.id LIMIT ? OFFSET ?");
	db_bind_int64(&s, 1, uid);
	db_bind_int64(&s, 2, uid);
	db_bind_int64(&s, 3, uid);
	db_bind_text(&s, 4, access_today(ctx));
	db_bind_int64(&s, 5, limit);
	db_bind_int64(&s, 6, offset);
	return run_list(ctx, &s, out, n) &&
	       audit_list(ctx, "plan.list", *out, *n);
}

bool plan_list_for_person(struct ctx *ctx, int64_t person_id,
                          struct plan_summary **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!access_may_work(ctx))
		return false;
	int64_t uid = ctx_user_id(ctx);
	struct stmt s;
	if (!ctx_is_console(ctx)) {
		db_prepare_replan(ctx->db, &s,
			"SELECT " SUMMARY_COLUMNS " WHERE p.person_id = ? AND "
			ACCESS_PLAN_VISIBLE_SQL("p.id") " ORDER BY p.id DESC");
		db_bind_int64(&s, 1, uid);
		db_bind_int64(&s, 2, person_id);
		db_bind_int64(&s, 3, uid);
		db_bind_text(&s, 4, access_today(ctx));
	} else {
		db_prepare(ctx->db, &s,
			"SELECT " SUMMARY_COLUMNS " WHERE p.person_id = ?"
			" ORDER BY p.id DESC");
		db_bind_int64(&s, 1, uid);
		db_bind_int64(&s, 2, person_id);
	}
	return run_list(ctx, &s, out, n) &&
	       audit_list(ctx, "plan.list", *out, *n);
}

bool invitations_awaiting_me(struct ctx *ctx, struct pending_invitation **out,
                             int *n)
{
	*out = NULL;
	*n = 0;
	if (!access_may_work(ctx) || !ctx_staff(ctx))
		return true;
	struct stmt s;
	db_prepare_replan(ctx->db, &s,
		"SELECT i.id, i.plan_id, pe.given_name || ' ' || pe.family_name,"
		" pe.protected_identity, u.name, m.meeting_date, m.start_time,"
		" pe.id FROM invitation i JOIN user_unit uu ON uu.unit_id = i.unit_id"
		" JOIN unit u ON u.id = i.unit_id JOIN meeting m ON m.id = i.meeting_id"
		" JOIN plan p ON p.id = i.plan_id JOIN person pe ON pe.id = p.person_id"
		" WHERE uu.user_id = ? AND " INVITATION_AWAITED_SQL
		" AND p.state IN ('preparing', 'invited', 'active', 'follow_up')"
		" AND " ACCESS_PLAN_VISIBLE_SQL("p.id")
		" ORDER BY m.meeting_date, m.start_time, i.id");
	db_bind_int64(&s, 1, ctx_user_id(ctx));
	db_bind_int64(&s, 2, ctx_user_id(ctx));
	db_bind_text(&s, 3, access_today(ctx));
	size_t count = 0, cap = 0;
	int64_t *persons = NULL;
	size_t pcap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *out, count, cap);
		size_t pn = count;
		ARENA_PUSH(ctx->arena, persons, pn, pcap);
		struct pending_invitation *x = &(*out)[count];
		x->invitation_id = db_column_int64(&s, 0);
		x->plan_id = db_column_int64(&s, 1);
		x->person_name = col(ctx, &s, 2);
		x->protected_identity = db_column_int64(&s, 3) != 0;
		x->unit_name = col(ctx, &s, 4);
		x->meeting_date = col(ctx, &s, 5);
		x->start_time = col(ctx, &s, 6);
		persons[count] = db_column_int64(&s, 7);
		count++;
	}
	db_finalize(&s);
	*n = (int)count;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "invitations");
	int64_t *plans = arena_array(ctx->arena, int64_t, count + 1);
	for (size_t i = 0; i < count; i++)
		plans[i] = (*out)[i].plan_id;
	return audit_read_many(ctx, "invitation.list", persons, plans, (int)count);
}
