/*
 * proposal.c — the individual's answer to a proposed revision (see
 * proposal.h): approval through follow_up.c's own step, rejection with
 * a comment that leaves the proposal waiting.
 */
#include "sip/proposal.h"

#include <string.h>

#include "audit/audit.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/follow_up.h"
#include "sip/notice.h"
#include "sip/plan_internal.h"
#include "sip/validate.h"
#include "store/db.h"

static const char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

/* A relative or representative reads the plan in force only. */
static bool proposal_access(struct ctx *ctx, int64_t plan_id, bool act,
                            struct citizen_access *a)
{
	if (ctx->actor != ACTOR_CITIZEN)
		return ctx_not_found(ctx);
	if (!citizen_access_plan(ctx, plan_id, a))
		return false;
	if (a->in_force_only)
		return ctx_not_found(ctx);
	if (act && !a->may_act)
		return citizen_access_plan_act(ctx, plan_id, a);
	return true;
}

bool proposal_rejection_rows(struct ctx *ctx, struct stmt *s,
                             struct proposal_rejection **out, int *n)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 4;
			struct proposal_rejection *x = arena_array(
				ctx->arena, struct proposal_rejection, (size_t)ncap);
			if (*n)
				memcpy(x, *out, sizeof *x * (size_t)*n);
			*out = x;
			cap = ncap;
		}
		struct proposal_rejection *x = &(*out)[(*n)++];
		x->id = db_column_int64(s, 0);
		x->version_no = (int)db_column_int64(s, 1);
		x->comment = col(ctx, s, 2);
		x->given_by = col(ctx, s, 3);
		x->names = col(ctx, s, 4);
		x->rejected_at = db_column_int64(s, 5);
		x->version_id = db_column_int64(s, 6);
		const char *answer = db_column_text(s, 7);
		x->approved = answer && strcmp(answer, "approved") == 0;
	}
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "rejections");
}

/* Rejections of the plan (version_id 0: of every proposal). */
static bool load_rejections(struct ctx *ctx, int64_t plan_id,
                            int64_t version_id,
                            struct proposal_rejection **out, int *n)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT " PROPOSAL_REJECTION_COLUMNS " /*0-6*/ "
		PROPOSAL_REJECTION_FROM("?"));
	db_bind_int64(&s, 1, plan_id);
	bool ok = proposal_rejection_rows(ctx, &s, out, n);
	db_finalize(&s);
	if (!ok || !version_id)
		return ok;
	int k = 0;
	for (int i = 0; i < *n; i++)
		if ((*out)[i].version_id == version_id && !(*out)[i].approved)
			(*out)[k++] = (*out)[i];
	*n = k;
	return true;
}

bool citizen_proposal_get(struct ctx *ctx, int64_t plan_id,
                          struct citizen_proposal *out)
{
	memset(out, 0, sizeof *out);
	if (!proposal_access(ctx, plan_id, false, &out->access))
		return false;
	int no = 0;
	struct plan_head h;
	if (!plan_head_read(ctx, plan_id, &h) ||
	    !plan_proposal_find(ctx, plan_id, &out->version_id, &no))
		return false;
	if (!out->version_id || h.state != PLAN_FOLLOW_UP)
		return true;
	int current_no = 0;
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT version_no FROM plan_version WHERE id = ?");
	db_bind_int64(&s, 1, h.current_version_id);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		current_no = (int)db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "version in force");
	if (!current_no)
		return true; /* a proposal without a version in force: none */
	/* Their own plan: the individual (or guardian) sees all of it. */
	struct access_view view = {.granted = true, .all = true};
	int64_t person_id = 0;
	if (!plan_version_compare_view(ctx, plan_id, &view, current_no, no,
	                               &out->diff, &person_id) ||
	    !load_rejections(ctx, plan_id, out->version_id, &out->rejections,
	                     &out->nrejections))
		return false;
	out->proposed_doc = arena_new(ctx->arena, struct plan_doc);
	if (!plan_doc_load(ctx, out->version_id, out->proposed_doc))
		return false;
	plan_doc_filter(out->proposed_doc, &view);
	out->waiting = true;
	return audit_read(ctx, "plan.proposal.read", out->access.person_id,
	                  plan_id);
}

/* Inside the answer's transaction: the proposal the citizen read,
 * version_id, still waits — in words for them, not the staff's; *h
 * the plan's head, *no the proposal's number. */
static bool proposal_waits(struct ctx *ctx, int64_t plan_id,
                           int64_t version_id, struct plan_head *h, int *no)
{
	int64_t waiting = 0;
	if (!plan_head_read(ctx, plan_id, h) ||
	    !plan_proposal_find(ctx, plan_id, &waiting, no))
		return false;
	if (!waiting || h->state != PLAN_FOLLOW_UP)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Det finns inget förslag att svara på."));
	if (waiting != version_id)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Förslaget har ändrats sedan du läste "
		                          "det. Läs det igen."));
	return true;
}

/* The name of who answers: the individual's, or the guardian's. */
static bool answerer_name(struct ctx *ctx, const struct citizen_access *a,
                          const char **name)
{
	*name = a->person_name;
	if (a->relation != CITIZEN_GUARDIAN)
		return true;
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT name FROM related_person WHERE id = ?");
	db_bind_int64(&s, 1, a->related_person_id);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*name = col(ctx, &s, 0);
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "guardian");
}

/* The commented answer's row (proposal_rejection, answer says which),
 * inside the caller's transaction. */
static bool answer_insert(struct ctx *ctx, int64_t plan_id,
                          int64_t version_id, const char *answer,
                          const char *comment,
                          const struct citizen_access *a, const char *names)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO proposal_rejection (plan_id, version_id, comment,"
		" given_by, names, rejected_at, citizen_session_id, answer)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, version_id);
	db_bind_text(&s, 3, comment);
	db_bind_text(&s, 4, a->relation == CITIZEN_GUARDIAN ? "guardian"
	                                                    : "individual");
	db_bind_text(&s, 5, names);
	db_bind_int64(&s, 6, ctx->now);
	db_bind_int64(&s, 7, ctx->citizen_session_id);
	db_bind_text(&s, 8, answer);
	return ctx_run(ctx, &s, NULL);
}

bool citizen_proposal_approve(struct ctx *ctx, int64_t plan_id,
                              int64_t version_id, const char *comment)
{
	struct citizen_access a;
	const char *names;
	if (!proposal_access(ctx, plan_id, true, &a))
		return false;
	comment = nonempty(comment);
	if ((comment && !check_required(ctx, "approve_comment", comment,
	                                LIMIT_TEXT)) ||
	    !answerer_name(ctx, &a, &names))
		return false;
	struct approval_input in = {
		.given_by = a.relation == CITIZEN_GUARDIAN ? "guardian"
		                                           : "individual",
		.names = names,
		.method = "digital",
		.approved_on = access_today(ctx),
	};
	struct plan_head h;
	int no = 0;
	if (!ctx_begin(ctx))
		return false;
	int64_t v = version_id;
	if (!proposal_waits(ctx, plan_id, version_id, &h, &no) ||
	    !plan_version_approve_in(ctx, plan_id, &in, &v) ||
	    (comment && !answer_insert(ctx, plan_id, version_id, "approved",
	                               comment, &a, names)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool citizen_proposal_reject(struct ctx *ctx, int64_t plan_id,
                             int64_t version_id, const char *comment)
{
	struct citizen_access a;
	const char *names;
	if (!proposal_access(ctx, plan_id, true, &a))
		return false;
	comment = nonempty(comment);
	if (!comment)
		return problem_field(ctx->problem, ctx->arena, "comment", "%s",
		                     T(ctx, "Skriv varför du säger nej. Då vet "
		                            "de som gör planen vad de ska "
		                            "ändra."));
	if (!check_required(ctx, "comment", comment, LIMIT_TEXT) ||
	    !answerer_name(ctx, &a, &names))
		return false;
	struct plan_head h;
	int no = 0;
	if (!ctx_begin(ctx))
		return false;
	if (!proposal_waits(ctx, plan_id, version_id, &h, &no))
		return ctx_abort(ctx);
	/* The parties are told in their work lists (notice.h), in samplan's
	 * words: the comment is read on the plan page. */
	if (!answer_insert(ctx, plan_id, version_id, "rejected", comment, &a,
	                   names) ||
	    !plan_note_event(ctx, &h, "proposal_rejected",
	                     arena_printf(ctx->arena, "version %d", no)) ||
	    !plan_notice_add(ctx, plan_id, NOTICE_REVISION_REJECTED,
	                     arena_printf(ctx->arena, "Den enskilde sa nej till "
	                                  "förslaget till version %d.", no)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}
