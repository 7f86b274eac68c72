/*
 * api_statistics.c — GET /api/v1/statistics: the figures of the
 * statistics page as JSON (sip/statistics.h), with names that stay
 * stable, so the numbers can be carried to another system. A suppressed
 * cell is {"suppressed": true} in place of its number. docs/openapi.yaml
 * describes the shape.
 */
#include "api/api.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/statistics.h"

static void cell_json(struct json_writer *w, const struct stat_table *t,
                      const struct stat_cell *c)
{
	if (c->suppressed) {
		jw_object(w);
		jw_kbool(w, "suppressed", true);
		jw_end(w);
	} else if (t->format == STAT_PERCENT || t->format == STAT_SCORE) {
		jw_decimal(w, c->value, 1);
	} else {
		jw_int(w, (int64_t)c->value);
	}
}

static void table_json(struct json_writer *w, const struct stat_table *t)
{
	jw_object(w);
	jw_kstr(w, "name", t->name);
	jw_kstr(w, "title", t->title);
	jw_kstr(w, "counts", t->counts);
	jw_kstr(w, "format", statistics_format_name(t->format));
	jw_key(w, "columns");
	jw_array(w);
	for (int col = 0; col < t->ncols; col++) {
		jw_object(w);
		jw_kstr(w, "key", t->col_keys[col]);
		jw_kstr(w, "label", t->col_labels[col]);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "rows");
	jw_array(w);
	for (int row = 0; row < t->nrows; row++) {
		jw_object(w);
		jw_kstr(w, "key", t->row_keys[row]);
		jw_kstr(w, "label", t->row_labels[row]);
		jw_key(w, "values");
		jw_object(w);
		for (int col = 0; col < t->ncols; col++) {
			jw_key(w, t->col_keys[col]);
			cell_json(w, t, stat_cell_at(t, row, col));
		}
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
}

void api_statistics(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct statistics st = {0};
	if (!statistics_compute(&ctx, req_query(r, "scope"), req_query(r, "from"),
	                        req_query(r, "to"), "json", &st)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_kstr(&w, "scope", statistics_scope_text(&r->arena, &st.scope));
	jw_kstr(&w, "scope_name", st.scope_name);
	jw_kstr(&w, "from", st.from);
	jw_kstr(&w, "to", st.to);
	jw_kint(&w, "min_plans", STAT_MIN_PLANS);
	jw_key(&w, "tables");
	jw_array(&w);
	for (int i = 0; i < st.ntables; i++)
		table_json(&w, &st.tables[i]);
	jw_end(&w);
	jw_end(&w);
}
