/*
 * capability.h — roles and what each may do, in one table.
 *
 * The route table names the capability each route needs; the dispatcher
 * checks it before the handler runs. Finer rules — which plan, which
 * unit — come after, in access.c and in the functions that change users.
 */
#ifndef SAMPLAN_CAPABILITY_H
#define SAMPLAN_CAPABILITY_H

#include <stdbool.h>

struct user;

enum role {
	ROLE_PROFESSIONAL,  /* handläggare, kurator, sjuksköterska... */
	ROLE_UNIT_ADMIN,    /* a professional who also manages the users
	                       of their own units */
	ROLE_SYSTEM_ADMIN,  /* manages principals, units and users; reads
	                       no plans */
	ROLE_AUDIT_REVIEWER, /* logggranskare: reviews the audit log (who
	                        read what); reads no plan and no person
	                        content */
	ROLE_AGREEMENT_FOLLOW_UP, /* uppföljningsgrupp: the SIP agreement's
	                             follow-up group; reads the statistics
	                             and no plan or person */
};

enum capability {
	CAP_PUBLIC,       /* anyone, also without logging in */
	CAP_LOGGED_IN,    /* any active user */
	CAP_WORK,         /* persons and plans (through access.c) */
	CAP_MANAGE_USERS, /* create and deactivate users (own units for a
	                     unit admin) */
	CAP_ADMIN,        /* principals, units, directory import */
	CAP_AUDIT_REVIEW, /* the audit log's review pages, report and CSV
	                     export (audit reviewers only) */
	CAP_CITIZEN,      /* the individual's own pages under /citizen: a
	                     signed-in citizen (sip/citizen.h), never a
	                     staff user — no role has it */
	CAP_STATISTICS,   /* the statistics (sip/statistics.h): counts
	                     without personal data, for the agreement's
	                     follow-up group only */
};

bool capability_granted(const struct user *u, enum capability c);

const char *role_name(enum role r);            /* "professional", ... */
bool role_parse(const char *name, enum role *out);
/* The role's name for people, in lang. */
const char *role_label(enum role r, const char *lang);

#endif
