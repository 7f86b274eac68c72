/*
 * capability.c — the role × capability table (see capability.h).
 */
#include "sip/capability.h"

#include <string.h>

#include "base/i18n.h"
#include "sip/user.h"

#define BIT(c) (1u << (c))

static const unsigned role_caps[] = {
	[ROLE_PROFESSIONAL] = BIT(CAP_PUBLIC) | BIT(CAP_LOGGED_IN) | BIT(CAP_WORK),
	[ROLE_UNIT_ADMIN] = BIT(CAP_PUBLIC) | BIT(CAP_LOGGED_IN) | BIT(CAP_WORK) |
	                    BIT(CAP_MANAGE_USERS),
	[ROLE_SYSTEM_ADMIN] = BIT(CAP_PUBLIC) | BIT(CAP_LOGGED_IN) |
	                      BIT(CAP_MANAGE_USERS) | BIT(CAP_ADMIN),
	/* No CAP_WORK: every person and plan route refuses the reviewer as
	 * it refuses an administrator. */
	[ROLE_AUDIT_REVIEWER] = BIT(CAP_PUBLIC) | BIT(CAP_LOGGED_IN) |
	                        BIT(CAP_AUDIT_REVIEW),
	/* No CAP_WORK either: the follow-up group sees figures, never a
	 * plan or a person. */
	[ROLE_AGREEMENT_FOLLOW_UP] = BIT(CAP_PUBLIC) | BIT(CAP_LOGGED_IN) |
	                             BIT(CAP_STATISTICS),
};

bool capability_granted(const struct user *u, enum capability c)
{
	if (c == CAP_PUBLIC)
		return true;
	if (!u || !u->active)
		return false;
	return (role_caps[u->role] & BIT(c)) != 0;
}

static const char *const role_names[] = {
	[ROLE_PROFESSIONAL] = "professional",
	[ROLE_UNIT_ADMIN] = "unit_admin",
	[ROLE_SYSTEM_ADMIN] = "system_admin",
	[ROLE_AUDIT_REVIEWER] = "audit_reviewer",
	[ROLE_AGREEMENT_FOLLOW_UP] = "agreement_follow_up",
};

const char *role_name(enum role r) { return role_names[r]; }

bool role_parse(const char *name, enum role *out)
{
	for (int i = 0; i <= ROLE_AGREEMENT_FOLLOW_UP; i++)
		if (name && strcmp(name, role_names[i]) == 0) {
			*out = (enum role)i;
			return true;
		}
	return false;
}

const char *role_label(enum role r, const char *lang)
{
	switch (r) {
	case ROLE_PROFESSIONAL: return tr(lang, "Yrkesverksam");
	case ROLE_UNIT_ADMIN: return tr(lang, "Enhetsadministratör");
	case ROLE_SYSTEM_ADMIN: return tr(lang, "Systemadministratör");
	case ROLE_AUDIT_REVIEWER: return tr(lang, "Logggranskare");
	case ROLE_AGREEMENT_FOLLOW_UP: return tr(lang, "Uppföljningsgrupp");
	}
	return "";
}
