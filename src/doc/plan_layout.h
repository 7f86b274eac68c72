/*
 * plan_layout.h — the documents of a plan, built as trees (doc.h).
 *
 * plan_layout: a plan version laid out as Ludvika's documentation
 * template (seed 000): who the plan is for, the purpose, "Min nuvarande
 * situation är så här", "Jag skulle vilja ha det så här", needs, goals
 * and sub-goals, the table "Vad som ska göras och vem som ansvarar för
 * vad" with every column, actions by others, the crisis plan, the
 * coordinator and contact persons, participants, the follow-up, and the
 * approval with lines to sign. Built from the stored document
 * (plan_doc.h), already filtered for the caller: a part the caller's
 * consent does not cover says so in the plan page's words.
 *
 * plain_layout: the same version in plain Swedish (lättläst) for the
 * individual — short sentences in the "du" form, generated from the same
 * document, no new free text.
 *
 * letter_layout and planning_layout: the documents of manual handling
 * (seed 003): the invitation letter to a party outside samplan, and the
 * planning document on paper for a meeting held without the system.
 *
 * None of them holds an address or contact detail of the person: the
 * plan document has none, and the letters take the plan's parties' and
 * units' details only. A protected person's documents say so on every
 * page (doc.protected_identity).
 */
#ifndef SAMPLAN_PLAN_LAYOUT_H
#define SAMPLAN_PLAN_LAYOUT_H

#include <stdbool.h>

#include "base/arena.h"
#include "doc/doc.h"
#include "sip/org.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"

/* How to reach the coordinator (the coordinator's unit's phone and
 * e-mail, NULL when unknown): the plain summary and the letters say it. */
struct doc_contact {
	const char *unit_name;
	const char *phone;
	const char *email;
	const char *postal_address;
};

struct plan_layout_opts {
	/* Headings start at this level on a page (2: under the page's h1). */
	int level;
	/* The version is no longer in force: say so at the top. */
	bool former;
	/* Append the plain-language summary after the plan, on a page of
	 * its own on paper (plan.pdf). */
	bool with_plain;
	struct doc_contact coordinator;
};

/* A unit's contact lines (name, address, phone, e-mail) for a letter. */
const char *plan_layout_contact(struct arena *a, const char *lang,
                                const struct doc_contact *c);

/* The plan version as a document, for language lang, in arena a. */
struct doc *plan_layout(struct arena *a, const char *lang,
                        const struct plan_doc *d,
                        const struct plan_layout_opts *o);

/* The plain-language summary alone (the /plain page). */
struct doc *plain_layout(struct arena *a, const char *lang,
                         const struct plan_doc *d,
                         const struct plan_layout_opts *o);

/* The invitation letter for invitation inv to meeting m of plan p, sent
 * by the lead unit (whose details `from` gives), dated today
 * (YYYY-MM-DD). */
struct doc *letter_layout(struct arena *a, const char *lang,
                          const struct plan *p, const struct meeting *m,
                          const struct invitation *inv,
                          const struct doc_contact *from, const char *today);

/* The planning document for meeting m of plan p: what is known filled
 * in, ruled space for the rest, and the individual's own part
 * (p->own), brought to the meeting as written by them. */
struct doc *planning_layout(struct arena *a, const char *lang,
                            const struct plan *p, const struct meeting *m);

/* "SIP 12, version 2": the plan and version as printed on every page. */
const char *plan_layout_running(struct arena *a, const char *lang,
                                int64_t plan_id, int version_no);

#endif
