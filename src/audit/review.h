/*
 * review.h — reading the audit log back: the audit reviewer's search and
 * report, and the individual's extract (Patientdatalagen 4 kap. 3 §:
 * systematic review of the log; 8 kap. 2 §: the right to know who read
 * one's data).
 *
 * The log itself is written by audit/audit.h; this module only reads it.
 * A record names the person either directly (audit_log.person_id) or
 * through its plan (audit_log.plan_id -> plan.person_id): every query
 * here counts a record as the person's by COALESCE of the two, so a
 * record of a refused plan read that names only the plan is found by
 * the person's personnummer too. A list read is one record with
 * subjects (chain.h, audit_subject); every query here reads it as one
 * entry per subject, naming the subject's person and plan, so the
 * readers see one entry per row of the list, as before 0018.
 *
 * Who may call what is decided before: the route table gives the search
 * and the report to CAP_AUDIT_REVIEW only, and access_person_extract (sip/access.h)
 * is the rule for the extract. These functions read; the callers write
 * the audit records of the review itself ("audit.review",
 * "audit.export", "person.access_log.read").
 *
 * Everything returned lives in ctx->arena.
 */
#ifndef SAMPLAN_AUDIT_REVIEW_H
#define SAMPLAN_AUDIT_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "sip/ctx.h"

enum {
	REVIEW_PAGE_SIZE = 100,    /* rows per page of search and report */
	REVIEW_EXPORT_MAX = 20000, /* rows in one CSV export */
	REVIEW_EXTRACT_MAX = 5000, /* rows in one person's extract */
};

/* What the reviewer searches for. Zero fields do not narrow. */
struct review_filter {
	int64_t person_id; /* the person's records (by person or plan) */
	int64_t user_id;   /* records of this user */
	int64_t unit_id;   /* records made for this unit (the unit at the
	                      time, audit_log.unit_id) */
	int64_t from;      /* at >= from (Unix seconds) */
	int64_t to;        /* at < to */
};

/* Why a record is in the report (bits; a record may have both). */
enum review_finding {
	FINDING_OUTSIDE_UNIT = 1, /* the user's unit then never took part
	                             in any of the person's plans and did
	                             not register the person (or the user
	                             had no unit) */
	FINDING_PROTECTED = 2,    /* an opening of a person with protected
	                             identity: "person.read.protected", or
	                             any read of such a person */
};

struct review_entry {
	int64_t id;
	int64_t at;
	int64_t user_id;         /* 0: the console */
	const char *username;    /* NULL for the console */
	const char *user_name;
	const char *user_title;
	int64_t unit_id;
	const char *unit_name;   /* NULL when the record names no unit */
	const char *action;      /* the dotted name */
	int64_t person_id;       /* 0 when the record concerns no person */
	const char *personnummer; /* canonical 12 digits, or NULL */
	const char *person_name; /* "Given Family", or NULL */
	bool protected_identity;
	int64_t plan_id;
	const char *client_addr;
	const char *detail;
	unsigned findings;       /* review_finding bits (report only) */
};

/* The records matching f, newest first: at most `limit` from row
 * `offset` of the result. *more tells whether rows follow. */
bool review_search(struct ctx *ctx, const struct review_filter *f,
                   int offset, int limit, struct review_entry **out, int *n,
                   bool *more);

/* The report for f's period (f's other fields narrow it further, as in
 * the search): every record of a staff user about a person that is an
 * access from outside the person's participating units, refused
 * attempts included, or an opening of a person with protected identity.
 * Records of the review itself ("audit.*") are not in it. Newest first,
 * paged as review_search. */
bool review_report(struct ctx *ctx, const struct review_filter *f,
                   int offset, int limit, struct review_entry **out, int *n,
                   bool *more);

/* The person's extract: every record about them (also refused attempts
 * on their plans and reviews of the log that searched for them), newest
 * first, at most `limit`. client_addr is not read: the extract never
 * shows where from. */
bool review_person_extract(struct ctx *ctx, int64_t person_id, int limit,
                           struct review_entry **out, int *n, bool *more);

/* The person with this personnummer (canonical 12 digits, as
 * personnummer_parse gives it): *id, or 0 when samplan holds nobody
 * with it. Checks no access: for the reviewer, who may search the whole
 * log. */
bool review_find_person(struct ctx *ctx, const char *canonical,
                        int64_t *id);

/* The user with this username: *id. False with a field error
 * ("username") when there is none. */
bool review_find_user(struct ctx *ctx, const char *username, int64_t *id);

/* Who the extract is about. */
struct review_person {
	const char *personnummer; /* canonical */
	const char *name;         /* "Given Family" */
	bool protected_identity;
};

/* The heading of the extract (after access_person_extract (sip/access.h) allowed
 * it): not found when there is no such person. Writes no audit record;
 * the caller logs the opening of the extract. */
bool review_person_heading(struct ctx *ctx, int64_t person_id,
                           struct review_person *out);

/* A period from dates "YYYY-MM-DD" (either may be NULL or empty): from
 * the start of `from_date` to the end of `to_date`, in local time (the
 * Swedish day). False with a field error ("from", "to") on a date that
 * is not a real date or a period that ends before it begins. */
bool review_period(struct ctx *ctx, const char *from_date,
                   const char *to_date, int64_t *from, int64_t *to);

/* The action in words a reviewer (or the individual) understands, in
 * ctx's language; NULL for an action samplan does not know (show the
 * dotted name). */
const char *review_action_label(struct ctx *ctx, const char *action);
/* Who acted, for people: the user's name; a citizen of Min SIP (no user,
 * detail "citizen:SESSION", sip/citizen.h) by their sign-in; else the
 * console. */
const char *review_actor_text(struct ctx *ctx, const struct review_entry *e);

/* The local time of a record, "YYYY-MM-DD HH:MM:SS", into out[20]. */
void review_time_text(int64_t at, char out[20]);

/* Why a report row is there (review_finding bits), in words. */
const char *review_findings_text(struct ctx *ctx, unsigned findings);

/* ---- CSV (RFC 4180) ---- */

/* Append one cell: quoted when it holds a comma, quote, CR or LF (quotes
 * doubled); a cell beginning with = + - @ (or a tab or CR) gets a leading
 * apostrophe so a spreadsheet does not run it as a formula. NULL is an
 * empty cell. */
void review_csv_cell(struct buf *b, const char *s);

/* The whole CSV of entries: a UTF-8 byte order mark (Excel), a header
 * row, one row per entry, CRLF line ends. With `report` a column says
 * why the row is in the report. */
void review_csv(struct ctx *ctx, struct buf *b, const struct review_entry *e,
                int n, bool report);

#endif
