/*
 * evaluation.h — the participants' evaluation of a held SIP meeting
 * (seed 003, Bilaga 3; issue 12; the table: sql/0025_meeting_evaluation.sql).
 *
 * After a meeting has been held, each professional who took part
 * answers two questions on a scale — was the individual in focus, was
 * everyone heard: 1 = not at all ... 4 = yes, fully, 0 = cannot say —
 * and may write what worked well and what could be done differently.
 *
 * Who evaluates: a professional whose unit takes part in the plan
 * (plan_unit, left_at NULL) and — where the meeting's record says who
 * took part (meeting_participant with a unit, directly or through its
 * invitation) — whose unit is among them; the plan's lead unit, which
 * held the meeting, always. One evaluation per user and meeting: the
 * author changes their own (audited as a change), a colleague of the
 * same unit gives their own. The row keeps the unit the evaluator chose
 * and that unit's principal (the statistics count by party).
 *
 * Who reads: everyone who may see the plan (access_plan); a user who
 * cannot is answered as if the plan did not exist. Every write and
 * every read of evaluations is audited.
 */
#ifndef SAMPLAN_EVALUATION_H
#define SAMPLAN_EVALUATION_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum {
	EVALUATION_NQUESTIONS = 2,
	EVALUATION_NVALUES = 5,     /* 0 (cannot say) and 1-4 */
	EVALUATION_TEXT_MAX = 2000, /* characters of each text */
};

/* The scaled questions, in order: the form field (and column) and the
 * question in Swedish, marked for translation (N_). */
struct evaluation_question {
	const char *key;
	const char *text;
};
extern const struct evaluation_question
	evaluation_questions[EVALUATION_NQUESTIONS];

/* The words of scale value v (0-4) in lang. */
const char *evaluation_value_text(int v, const char *lang);

struct evaluation {
	int64_t id;
	int64_t user_id;
	const char *user_name;
	int64_t unit_id;
	const char *unit_name;
	int answers[EVALUATION_NQUESTIONS]; /* 0-4 */
	const char *worked_well;    /* NULL: not written */
	const char *do_differently; /* NULL: not written */
	int64_t created_at;
	bool mine; /* written by the caller */
};

/* A unit of the caller through which they may evaluate the meeting. */
struct evaluation_unit {
	int64_t unit_id;
	const char *name;
};

/* A held meeting as its evaluation form needs it. */
struct evaluation_meeting {
	int64_t plan_id;
	int64_t meeting_id;
	const char *date;       /* YYYY-MM-DD */
	const char *start_time; /* HH:MM */
	struct evaluation_unit *units; /* may evaluate through these */
	int nunits;                    /* 0: the caller may not evaluate */
	bool have_own;                 /* own holds the caller's evaluation */
	struct evaluation own;
};

/* Meeting mid of plan id: a plan the caller cannot see, a meeting of
 * another plan or none: not found; a meeting not held or cancelled:
 * CONFLICT. The caller's own evaluation is read (audited
 * "meeting.evaluation.read" when there is one). */
bool evaluation_meeting_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                            struct evaluation_meeting *out);

/* The caller may evaluate m (m->nunits > 0); else FORBIDDEN, saying
 * who evaluates. */
bool evaluation_require_evaluator(struct ctx *ctx,
                                  const struct evaluation_meeting *m);

struct evaluation_input {
	int64_t unit_id; /* 0: the caller's only unit that may evaluate */
	int answers[EVALUATION_NQUESTIONS]; /* 0-4; -1: not chosen */
	const char *worked_well;    /* NULL or "": none */
	const char *do_differently; /* NULL or "": none */
};

/* Give (or, the second time, change) the caller's evaluation of the
 * meeting (evaluation_meeting_get's rules first). Refused without a
 * change: a caller whose units may not evaluate (FORBIDDEN); a unit
 * that is not one of them, or none chosen where there are several
 * ("unit_id"); an answer not chosen or out of range (the question's
 * key); a text over EVALUATION_TEXT_MAX ("worked_well",
 * "do_differently"). Audited "meeting.evaluation.give" or
 * "meeting.evaluation.change". *id gets the evaluation's id, *changed
 * whether it was a change. */
bool evaluation_give(struct ctx *ctx, int64_t plan_id, int64_t mid,
                     const struct evaluation_input *in, int64_t *id,
                     bool *changed);

/* A meeting's evaluations and their sum. */
struct evaluation_list {
	int64_t plan_id;
	int64_t meeting_id;
	const char *date;
	const char *start_time;
	bool held;
	struct evaluation *items; /* by time given */
	int n;
	int counts[EVALUATION_NQUESTIONS][EVALUATION_NVALUES];
	/* The sum of the 1-4 answers (0, "cannot say", not counted) and how
	 * many there were: the mean is sum / rated; rated[q] == 0: none. */
	int sum[EVALUATION_NQUESTIONS];
	int rated[EVALUATION_NQUESTIONS];
};

/* For a caller who may see the plan (else not found, as for a meeting
 * of another plan). Audited "meeting.evaluation.read" when there are
 * evaluations. */
bool evaluation_list_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                         struct evaluation_list *out);

#endif
