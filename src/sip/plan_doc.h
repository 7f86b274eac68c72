/*
 * plan_doc.h — a plan version as one document.
 *
 * An established plan version is immutable (DOMAIN.md step 5), so what it
 * says can be put together once: who the plan is for, the meeting it was
 * written at and who took part, and the version itself — purpose, the
 * individual's description, needs, goals, the table of interventions,
 * actions by others, the crisis plan, the coordinator and contact persons,
 * the follow-up, and the approval. plan_doc_write builds that structure
 * from the rows and stores its serialisation (plan_version_document, JSON)
 * in the same transaction that establishes, revises or approves the
 * version; a read parses the stored row instead of reading some ten tables.
 * The rows stay the truth for follow-up and statistics; the document is
 * built from them and never disagrees (tests/unit and tests/http compare).
 *
 * Every part carries its information category (field.h): the version's
 * fields have theirs in field.c, an intervention takes its responsible
 * party's. A document leaves this layer filtered through the caller's
 * access answer (access_plan_view): what the view does not cover reads
 * NULL and `version.withheld` says which categories hid something —
 * exactly as plan_get filters the plan, by the same code (plan_read.c).
 *
 * What is not stored, because it is not part of the version and may
 * change: the person's protected identity (read live with the plan: a
 * person may be protected after the plan was written), and everything
 * mutable about the plan (state, later meetings, invitations, history),
 * which plan_get reads.
 *
 * The renderers — the plan page, the print view, the PDF, the
 * plain-language summary, the FHIR resources — all take this structure
 * (src/doc/).
 */
#ifndef SAMPLAN_PLAN_DOC_H
#define SAMPLAN_PLAN_DOC_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"
#include "sip/plan.h"

/* The serialisation's format: bumped when the JSON changes shape, so a
 * stored document of an older format is rebuilt from the rows. */
enum { PLAN_DOC_FORMAT = 1 };

struct plan_doc {
	int64_t plan_id;
	/* Who the plan is for, as recorded when the version was written. */
	int64_t person_id;
	const char *person_name;
	const char *personnummer;
	bool protected_identity; /* live, never stored */
	/* The parties of the plan (principals) when the version was written. */
	struct plan_principal_ref *principals;
	int nprincipals;
	/* The meeting at which the version was written (plan_version.meeting_id):
	 * its date, time, place, and who took part, chaired, took minutes. */
	const char *meeting_date;       /* YYYY-MM-DD */
	const char *meeting_start_time; /* HH:MM */
	const char *meeting_place;
	bool meeting_by_video;
	const char *chair;
	const char *secretary;
	bool identity_checked;
	struct meeting_participant *participants;
	int nparticipants;
	/* An interpreter, if the preparation asked for one: the need travels
	 * with the plan (DOMAIN.md, language). NULL: none. */
	const char *interpreter_language;
	/* The version: content, goals, interventions with their parties,
	 * coordinator, follow-up, approval; filtered (version.view,
	 * version.withheld) like plan->current. */
	struct plan_version version;
};

/* The document of version `version_no` of the plan (0: the version in
 * force), for the caller: access checked (a caller who may not see the
 * plan gets NOT_FOUND, as for plan_get), filtered through the caller's
 * access answer, and recorded in the audit log as `audit_action`
 * ("plan.read", "plan.print", "plan.export"...). NOT_FOUND also when the
 * plan has no such version. */
bool plan_doc_get(struct ctx *ctx, int64_t plan_id, int version_no,
                  const char *audit_action, struct plan_doc *out);

/* The same, without access check, filter or audit: for the domain's own
 * use once it has checked, e.g. plan_get serving plan->current from the
 * stored document. Builds from the rows (and does not store) when no
 * document of the current format is stored. */
bool plan_doc_load(struct ctx *ctx, int64_t version_id, struct plan_doc *out);

/* Filter a loaded document through an access answer (plan_read.c's
 * filter, the same as plan_get's). */
void plan_doc_filter(struct plan_doc *d, const struct access_view *view);

/* Build the document of version_id from the rows and store it, in the
 * caller's transaction: called where a version is written or approved. */
bool plan_doc_write(struct ctx *ctx, int64_t version_id);

/* Write the document of every version that has none of the current
 * format (versions written before 0016, or under an older format), in
 * transactions of a few hundred; *written (may be NULL) gets how many.
 * Run by the console at start-up (cli_open), after the migrations; once
 * it has found none missing it records the format (plan_doc_backfill,
 * 0028) and later starts only read that row. Reads still answer right
 * before it has run (plan_doc_load). */
bool plan_doc_backfill(struct ctx *ctx, int *written);

/* Build the document of version_id from the rows (nothing stored). */
bool plan_doc_build(struct ctx *ctx, int64_t version_id, struct plan_doc *out);

/* The serialisation (JSON text in the arena), and back: false when the
 * text is not a document of PLAN_DOC_FORMAT. */
char *plan_doc_serialise(struct arena *a, const struct plan_doc *d);
bool plan_doc_parse(struct arena *a, const char *json, size_t len,
                    struct plan_doc *out);

#endif
