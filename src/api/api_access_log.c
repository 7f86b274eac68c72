/*
 * api_access_log.c — GET /api/v1/persons/{id}/access-log: the
 * individual's extract of who has read their data, as JSON (the page is
 * /persons/{id}/access-log, src/page/page_audit.c).
 *
 * The same rule as the page: users of the lead unit of one of the
 * person's plans; everyone else gets the 404 of a person that does not
 * exist. Opening it is logged ("person.access_log.read"). Times are Unix
 * seconds; where from (the client address) is never in it.
 */
#include <string.h>

#include "api/api.h"
#include "audit/review.h"
#include "sip/extract.h"
#include "http/json.h"

void api_persons_access_log(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t id;
	if (!api_path_id(r, "id", &id))
		return;
	struct person_extract ex;
	if (!person_extract_get(&ctx, id, &ex)) {
		api_problem(r);
		return;
	}
	const struct review_person who = ex.who;
	const struct review_entry *e = ex.entries;
	int n = ex.n;
	bool more = ex.more;
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_kid(&w, "person_id", id);
	jw_kstr(&w, "personnummer", who.personnummer);
	jw_kstr(&w, "name", who.name);
	jw_kbool(&w, "protected_identity", who.protected_identity);
	jw_kint(&w, "generated_at", r->now);
	jw_kbool(&w, "truncated", more);
	jw_key(&w, "entries");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		const struct review_entry *x = &e[i];
		jw_object(&w);
		jw_kint(&w, "at", x->at);
		jw_key(&w, "user");
		if (x->user_id) {
			jw_object(&w);
			jw_kstr(&w, "name", x->user_name);
			jw_kstr(&w, "title", x->user_title);
			jw_end(&w);
		} else {
			jw_null(&w);
		}
		jw_key(&w, "unit");
		if (x->unit_id) {
			jw_object(&w);
			jw_kid(&w, "id", x->unit_id);
			jw_kstr(&w, "name", x->unit_name);
			jw_end(&w);
		} else {
			jw_null(&w);
		}
		jw_kstr(&w, "action", x->action);
		jw_kstr(&w, "action_label", review_action_label(&ctx, x->action));
		jw_kid(&w, "plan_id", x->plan_id);
		jw_kstr(&w, "reason",
		        x->action && strcmp(x->action, "person.read.protected") == 0
		                ? x->detail
		                : NULL);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
}
