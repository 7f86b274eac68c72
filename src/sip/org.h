/*
 * org.h — the organisation directory: principals and their units.
 *
 * A principal (huvudman) is a municipality or a region; an organisation
 * of kind other_actor (Försäkringskassan, a school, a landlord...) takes
 * part in plans but is not a principal under the law. Both live in the
 * `principal` table, told apart by kind. A unit (verksamhet/enhet)
 * belongs to one of them and may have a parent unit. Nothing here is
 * ever deleted: units and principals are deactivated, because plans and
 * the audit log refer to them.
 *
 * Changing the directory needs CAP_ADMIN (checked here too, so the rule
 * holds for every caller); reading it is open to every logged-in user,
 * because choosing whom to invite needs it.
 */
#ifndef SAMPLAN_ORG_H
#define SAMPLAN_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum principal_kind {
	PRINCIPAL_MUNICIPALITY,
	PRINCIPAL_REGION,
	PRINCIPAL_OTHER_ACTOR,
};

struct principal {
	int64_t id;
	const char *name;
	enum principal_kind kind;
	bool active;
	int nunits; /* filled by principal_list */
};

struct unit {
	int64_t id;
	const char *hsa_id;
	const char *name;
	int64_t principal_id;
	const char *principal_name;
	enum principal_kind principal_kind;
	int64_t parent_id; /* 0: none */
	const char *parent_name;
	const char *email;
	const char *phone;
	const char *postal_address;
	bool active;
};

struct principal_input {
	const char *name;
	const char *kind; /* "municipality", "region", "other_actor" */
	bool active;
};

struct unit_input {
	const char *hsa_id;
	const char *name;
	int64_t principal_id;
	int64_t parent_id; /* 0: none */
	const char *email;
	const char *phone;
	const char *postal_address;
	bool active;
};

const char *principal_kind_name(enum principal_kind k);
bool principal_kind_parse(const char *s, enum principal_kind *out);
const char *principal_kind_label(enum principal_kind k, const char *lang);
/* Municipality or region: a principal under the law. */
static inline bool principal_kind_is_principal(enum principal_kind k)
{
	return k != PRINCIPAL_OTHER_ACTOR;
}

/* Create; on success *id is the new principal's id. A name that exists
 * already is refused (field "name"). */
bool principal_create(struct ctx *ctx, const struct principal_input *in,
                      int64_t *id);
bool principal_update(struct ctx *ctx, int64_t id,
                      const struct principal_input *in);
bool principal_get(struct ctx *ctx, int64_t id, struct principal *out);
/* All principals, ordered by kind then name. */
bool principal_list(struct ctx *ctx, struct principal **out, int *n);

/* Create a unit; hsa_id must be unique, the principal must exist, the
 * parent must exist and belong to the same principal. */
bool unit_create(struct ctx *ctx, const struct unit_input *in, int64_t *id);
bool unit_update(struct ctx *ctx, int64_t id, const struct unit_input *in);
bool unit_get(struct ctx *ctx, int64_t id, struct unit *out);
bool unit_find_by_hsa_id(struct ctx *ctx, const char *hsa_id,
                         struct unit *out);
/* Units ordered by principal and name; principal_id 0 lists all,
 * active_only hides deactivated ones. */
bool unit_list(struct ctx *ctx, int64_t principal_id, bool active_only,
               struct unit **out, int *n);

/* Check a unit input as unit_create would (without writing). Used by the
 * directory import to check every row before writing any. `field_prefix`
 * is prepended to field names in errors (e.g. "line 4: "). */
bool unit_input_check(struct ctx *ctx, const struct unit_input *in,
                      const char *field_prefix);

#endif
