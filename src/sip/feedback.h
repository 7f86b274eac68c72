/*
 * feedback.h — anonymous feedback after a meeting (issue 11), and its
 * summary for the agreement's statistics (issue 12).
 *
 * After a held meeting of a plan, a citizen who may see the plan (the
 * individual, also a child of 15-17, a guardian, a relative or
 * representative the plan is shared with: citizen_access_plan) answers
 * FEEDBACK_NQUESTIONS fixed questions like SIP-kollen's, each 1-4 or "I
 * do not want to answer" (0), and may write a free text.
 *
 * The answer cannot be linked back to the person (sql/0022_feedback.sql):
 * its row holds only the principal of the plan's lead unit and the ISO
 * week of the meeting — no plan, meeting, person, session or time — and
 * a random key. That the citizen has answered for the meeting is a
 * separate row (the meeting and a keyed hash of the meeting and the
 * personnummer) with no link to the answer, written in the same
 * transaction, so each person answers once per meeting. The audit
 * record ("citizen.feedback.give") names the plan, never the answer.
 * A free text is shown only where at least FEEDBACK_MIN_FOR_TEXT
 * answers are counted together. (On PostgreSQL the rows' system columns
 * — xmin, ctid — still tie the three writes of one transaction together
 * for someone with SQL access: docs/data-model.md.)
 */
#ifndef SAMPLAN_FEEDBACK_H
#define SAMPLAN_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/citizen.h"
#include "sip/ctx.h"

enum {
	FEEDBACK_NQUESTIONS = 4,
	FEEDBACK_NVALUES = 5,      /* 0 (no answer) and 1-4 */
	FEEDBACK_MIN_FOR_TEXT = 5, /* free texts only from this many answers */
	FEEDBACK_TEXT_MAX = 2000,  /* characters of the free text */
};

/* The questions, in order: the form field (and column) and the question
 * in Swedish, marked for translation (N_). */
struct feedback_question {
	const char *key;
	const char *text;
};
extern const struct feedback_question feedback_questions[FEEDBACK_NQUESTIONS];

/* The words of answer value v (0-4) in lang. */
const char *feedback_value_text(int v, const char *lang);

/* The ISO 8601 week of date "YYYY-MM-DD" as "YYYY-Www" into out[9];
 * false when date is not a date. */
bool feedback_iso_week(const char *date, char out[9]);
/* "YYYY-Www" with a week that exists in that year. */
bool feedback_week_valid(const char *week);

/* The meeting a citizen would give feedback for. */
struct feedback_meeting {
	struct citizen_access access;
	int64_t meeting_id;
	const char *date;       /* YYYY-MM-DD */
	const char *start_time; /* HH:MM */
	bool given;             /* the citizen has already answered */
};

/* Meeting mid of plan id, if the citizen may give feedback for it: the
 * plan through citizen_access_plan (not found otherwise); a meeting of
 * another plan or none: not found; a meeting not held yet or cancelled:
 * CONFLICT with a message. Reads no personal data beyond the meeting's
 * time; not audited. */
bool feedback_meeting_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                          struct feedback_meeting *out);

struct feedback_input {
	int answers[FEEDBACK_NQUESTIONS]; /* 0-4; -1: not chosen */
	const char *free_text;            /* NULL or "": none */
};

/* Store the answer (feedback_meeting_get's rules first). Refused
 * without a change: an answer not chosen or out of range (field error
 * on the question's key), a free text over FEEDBACK_TEXT_MAX ("free_text"),
 * a second answer of the same person for the meeting (CONFLICT).
 * Audited "citizen.feedback.give" without the answer. */
bool feedback_give(struct ctx *ctx, int64_t plan_id, int64_t mid,
                   const struct feedback_input *in);

/* ---- the paper form (SIP-kollen on paper), typed in by staff ----
 *
 * The same questions and free text, stored exactly as feedback_give
 * stores an answer — the principal of the plan's lead unit and the
 * meeting's ISO week, a random key — with channel 'paper' and no
 * feedback_given row (the form carries no name; a meeting may bring
 * several). The audit record ("feedback.paper.enter") names the plan,
 * never the answer, as feedback_give's does. */
struct feedback_paper_meeting {
	int64_t plan_id;
	int64_t meeting_id;
	int64_t person_id;
	const char *date;       /* YYYY-MM-DD */
	const char *start_time; /* HH:MM */
};

/* The meeting a paper form is typed in for: a plan the caller cannot
 * see, or a meeting of another plan: not found; a caller who is neither
 * the plan's coordinator nor a user of its lead unit: FORBIDDEN; a
 * meeting not held or cancelled: CONFLICT. Not audited (it reads the
 * meeting's time only). */
bool feedback_paper_meeting_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                                struct feedback_paper_meeting *out);

/* Store a paper answer (the rules above, then feedback_give's
 * validation: the same field errors). */
bool feedback_enter_paper(struct ctx *ctx, int64_t plan_id, int64_t mid,
                          const struct feedback_input *in);

/* The answers of one principal over weeks from_week..to_week ("YYYY-Www",
 * inclusive; NULL: no bound). */
struct feedback_summary {
	int n;                                          /* answers */
	int digital;                                    /* of them in Min SIP */
	int paper;                                      /* typed in from paper */
	int counts[FEEDBACK_NQUESTIONS][FEEDBACK_NVALUES]; /* [question][value] */
	const char **texts; /* the free texts, in no order; NULL when hidden */
	int ntexts;
	bool texts_hidden;  /* n < FEEDBACK_MIN_FOR_TEXT and texts exist */
};

/* For a professional of one of principal_id's units, or the console;
 * anyone else is refused as not found. A week that is not "YYYY-Www":
 * field error ("from", "to"). Nothing personal is in it. */
bool feedback_summary(struct ctx *ctx, int64_t principal_id,
                      const char *from_week, const char *to_week,
                      struct feedback_summary *out);

#endif
