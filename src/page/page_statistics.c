/*
 * page_statistics.c — the agreement's follow-up in figures
 * (sip/statistics.h, docs/statistics.md), for the follow-up group
 * (CAP_STATISTICS, the route table):
 *   /statistics        a filter (scope, period; this year by default),
 *                      then each figure as a bar chart drawn here as SVG
 *                      (no script), its table beside it and one
 *                      sentence that says what it shows
 *   /statistics.csv    one table as CSV (RFC 4180, UTF-8 with BOM)
 * Cells resting on fewer than five plans arrive suppressed from the
 * domain and are written "<5" everywhere, the chart included.
 */
#include <string.h>

#include "audit/review.h"
#include "base/limits.h"
#include "base/text.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/org.h"
#include "sip/statistics.h"

static const struct ui_option labels[] = {
	{"scope", N_("Område")},
	{"from", N_("Från och med")},
	{"to", N_("Till och med")},
	{"table", N_("Tabell")},
	{NULL, NULL},
};

/* The query as typed: the page, the CSV and the links carry it. */
struct stat_query {
	const char *scope, *from, *to;
};

static const char *query_text(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (!v)
		return NULL;
	v = text_clean(&r->arena, v);
	return v && *v ? v : NULL;
}

/* Read the query and compute; false with r->problem set. */
static bool compute(struct request *r, struct ctx *ctx, struct stat_query *q,
                    const char *what, struct statistics *st)
{
	*q = (struct stat_query){query_text(r, "scope"), query_text(r, "from"),
	                         query_text(r, "to")};
	return statistics_compute(ctx, q->scope, q->from, q->to, what, st);
}

/* "?scope=...&amp;from=...&amp;to=..." of the figures shown. */
static void write_query(struct request *r, const struct statistics *st)
{
	html_raw(r, "?scope=");
	html_url_arg(r, statistics_scope_text(&r->arena, &st->scope));
	html_raw(r, "&amp;from=");
	html_url_arg(r, st->from);
	html_raw(r, "&amp;to=");
	html_url_arg(r, st->to);
}

static void filter_form(struct request *r, struct ctx *ctx,
                        const struct stat_query *q, const struct statistics *st,
                        bool ok)
{
	struct principal *principals = NULL;
	struct unit *units = NULL;
	int nprincipals = 0, nunits = 0;
	struct problem scratch = {0};
	struct ctx look = *ctx;
	look.problem = &scratch;
	if (!principal_list(&look, &principals, &nprincipals))
		nprincipals = 0;
	if (!unit_list(&look, 0, true, &units, &nunits))
		nunits = 0;
	struct ui_option *options = arena_array(
		&r->arena, struct ui_option, (size_t)(1 + nprincipals + nunits));
	int n = 0;
	options[n++] = (struct ui_option){"county", R_(r, "Hela länet")};
	for (int i = 0; i < nprincipals; i++)
		options[n++] = (struct ui_option){
			arena_printf(&r->arena, "principal:%lld",
			             (long long)principals[i].id),
			arena_printf(&r->arena, "%s (%s)", principals[i].name,
			             principal_kind_label(principals[i].kind, r->lang))};
	for (int i = 0; i < nunits; i++)
		options[n++] = (struct ui_option){
			arena_printf(&r->arena, "unit:%lld", (long long)units[i].id),
			arena_printf(&r->arena, "%s – %s (%s)", R_(r, "Enhet"),
			             units[i].name, units[i].principal_name)};
	const char *scope = ok ? statistics_scope_text(&r->arena, &st->scope)
	                       : (q->scope ? q->scope : "county");
	html_raw(r, "<form method=\"get\" action=\"/statistics\" class=\"search\">");
	ui_select(r, "scope", R_(r, "Område"), options, n, scope, NULL, 0);
	html_raw(r, "<div class=\"row-fields\">");
	ui_input(r, "from", R_(r, "Från och med"), st->from[0] ? st->from : q->from,
	         R_(r, "Datum, ÅÅÅÅ-MM-DD."), UI_DATE, "off");
	ui_input(r, "to", R_(r, "Till och med"), st->to[0] ? st->to : q->to,
	         R_(r, "Datum, ÅÅÅÅ-MM-DD."), UI_DATE, "off");
	html_raw(r, "</div><div class=\"actions\"><button type=\"submit\" "
	            "class=\"button\">");
	html_text(r, R_(r, "Visa statistiken"));
	html_raw(r, "</button></div></form>");
}

/* The label of cell (row, col) in the chart: the row, and the column
 * when there are several. */
static const char *bar_label(struct request *r, const struct stat_table *t,
                             int row, int col)
{
	if (t->ncols == 1)
		return t->row_labels[row];
	return arena_printf(&r->arena, "%s – %s", t->row_labels[row],
	                    t->col_labels[col]);
}

/* Each bar under its label, not beside it: the chart is narrow enough
 * for a phone at almost its own size (a label column beside the bars
 * made it 640 wide, shrunk to 7-pixel text at 375 px, and cut long
 * labels off at the left). */
enum {
	CHART_WIDTH = 400, CHART_BARS = 340, CHART_LABEL_LINE = 16,
	CHART_BAR = 18, CHART_ROW = CHART_LABEL_LINE + CHART_BAR + 10,
};

/* A horizontal bar per cell, its label above it; a suppressed cell has
 * no bar and "<5". The chart's name and description point at its
 * heading and summary. */
static void chart(struct request *r, const struct stat_table *t,
                  const char *summary)
{
	double max = 0;
	for (int k = 0; k < t->nrows * t->ncols; k++)
		if (!t->cells[k].suppressed && t->cells[k].value > max)
			max = t->cells[k].value;
	int height = t->nrows * t->ncols * CHART_ROW + 8;
	html_raw(r, "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"");
	html_int(r, CHART_WIDTH);
	html_raw(r, "\" height=\"");
	html_int(r, height);
	html_raw(r, "\" viewBox=\"0 0 ");
	html_int(r, CHART_WIDTH);
	html_raw(r, " ");
	html_int(r, height);
	html_raw(r, "\" aria-labelledby=\"");
	html_attr(r, arena_printf(&r->arena, "chart-%s-title chart-%s-desc",
	                          t->name, t->name));
	html_raw(r, "\"><title id=\"");
	html_attr(r, arena_printf(&r->arena, "chart-%s-title", t->name));
	html_raw(r, "\">");
	html_text(r, arena_printf(&r->arena, "%s – %s", R_(r, "Diagram"),
	                          t->title));
	html_raw(r, "</title><desc id=\"");
	html_attr(r, arena_printf(&r->arena, "chart-%s-desc", t->name));
	html_raw(r, "\">");
	html_text(r, summary);
	html_raw(r, "</desc>");
	int y = 4;
	for (int row = 0; row < t->nrows; row++)
		for (int col = 0; col < t->ncols; col++, y += CHART_ROW) {
			const struct stat_cell *c = stat_cell_at(t, row, col);
			html_raw(r, "<text class=\"chart-label\" x=\"0\" y=\"");
			html_int(r, y + CHART_LABEL_LINE - 4);
			html_raw(r, "\">");
			html_text(r, bar_label(r, t, row, col));
			html_raw(r, "</text>");
			int bar_y = y + CHART_LABEL_LINE;
			int width = 0;
			if (!c->suppressed && max > 0)
				width = (int)(c->value / max * CHART_BARS + 0.5);
			if (width > 0) {
				html_raw(r, "<rect class=\"chart-bar\" x=\"0\" y=\"");
				html_int(r, bar_y);
				html_raw(r, "\" width=\"");
				html_int(r, width);
				html_raw(r, "\" height=\"");
				html_int(r, CHART_BAR);
				html_raw(r, "\"/>");
			}
			html_raw(r, "<text class=\"chart-value\" x=\"");
			html_int(r, width + 6);
			html_raw(r, "\" y=\"");
			html_int(r, bar_y + CHART_BAR - 4);
			html_raw(r, "\">");
			html_text(r, statistics_cell_text(&r->arena, t, c));
			html_raw(r, "</text>");
		}
	html_raw(r, "</svg>");
}

static void data_table(struct request *r, const struct stat_table *t)
{
	const char *caption = arena_printf(&r->arena, "table-%s", t->name);
	ui_table_region(r, caption);
	html_raw(r, "<table class=\"statistic-table\" data-format=\"");
	html_attr(r, statistics_format_name(t->format));
	html_raw(r, "\"><caption id=\"");
	html_attr(r, caption);
	html_raw(r, "\">");
	html_text(r, t->title);
	html_raw(r, "</caption><thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Vad"));
	html_raw(r, "</th>");
	for (int col = 0; col < t->ncols; col++) {
		html_raw(r, "<th scope=\"col\">");
		html_text(r, t->col_labels[col]);
		html_raw(r, "</th>");
	}
	html_raw(r, "</tr></thead><tbody>");
	for (int row = 0; row < t->nrows; row++) {
		html_raw(r, "<tr><th scope=\"row\">");
		html_text(r, t->row_labels[row]);
		html_raw(r, "</th>");
		for (int col = 0; col < t->ncols; col++) {
			html_raw(r, "<td class=\"num\">");
			html_text(r, statistics_cell_text(&r->arena, t,
			                                  stat_cell_at(t, row, col)));
			html_raw(r, "</td>");
		}
		html_raw(r, "</tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

/* One sentence: the largest shown cell, and how many are suppressed. */
static const char *summary(struct request *r, const struct stat_table *t)
{
	int best = -1, hidden = 0, all = t->nrows * t->ncols;
	for (int k = 0; k < all; k++) {
		if (t->cells[k].suppressed)
			hidden++;
		else if (best < 0 || t->cells[k].value > t->cells[best].value)
			best = k;
	}
	if (all == 0)
		return R_(r, "Inga uppgifter för perioden.");
	if (best < 0)
		return R_(r, "Alla värden bygger på färre än 5 planer och visas "
		             "därför inte.");
	const char *top = arena_printf(
		&r->arena, R_(r, "Högst är %s: %s."),
		bar_label(r, t, best / t->ncols, best % t->ncols),
		statistics_cell_text(&r->arena, t, &t->cells[best]));
	if (!hidden)
		return top;
	return arena_printf(&r->arena, R_(r, "%s %d av %d värden bygger på "
	                                     "färre än 5 planer och visas som "
	                                     "<5."),
	                    top, hidden, all);
}

static void figure(struct request *r, const struct statistics *st,
                   const struct stat_table *t)
{
	const char *text = summary(r, t);
	html_raw(r, "<section class=\"statistic\" aria-labelledby=\"");
	html_attr(r, arena_printf(&r->arena, "figure-%s", t->name));
	html_raw(r, "\"><h2 id=\"");
	html_attr(r, arena_printf(&r->arena, "figure-%s", t->name));
	html_raw(r, "\">");
	html_text(r, t->title);
	html_raw(r, "</h2><p class=\"muted\">");
	html_text(r, t->counts);
	html_raw(r, "</p><p class=\"statistic-summary\">");
	html_text(r, text);
	html_raw(r, "</p>");
	if (t->nrows > 0) {
		html_raw(r, "<div class=\"statistic-body\">");
		chart(r, t, text);
		data_table(r, t);
		html_raw(r, "</div>");
	}
	html_raw(r, "<p><a href=\"/statistics.csv");
	write_query(r, st);
	html_raw(r, "&amp;table=");
	html_url_arg(r, t->name);
	html_raw(r, "\" download>");
	html_text(r, arena_printf(&r->arena, R_(r, "Ladda ner tabellen %s som "
	                                         "CSV-fil"), t->title));
	html_raw(r, "</a></p></section>");
}

void page_statistics(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct stat_query q;
	struct statistics st = {0};
	bool ok = compute(r, &ctx, &q, "page", &st);
	if (!ok && r->problem.kind != PROBLEM_BAD_REQUEST) {
		page_problem(r, &r->problem);
		return;
	}
	if (!ok)
		r->status = problem_http_status(r->problem.kind);
	layout_begin(r, R_(r, "Statistik"), NAV_STATISTICS);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Uppföljningen av överenskommelsen om SIP i siffror: "
	                   "antal, andelar, mediantider och medelvärden, utan "
	                   "personuppgifter. Ett värde som bygger på färre än "
	                   "5 planer visas som <5, på sidan, i CSV-filerna och "
	                   "i API:t."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, labels);
	filter_form(r, &ctx, &q, &st, ok);
	if (!ok) {
		layout_end(r);
		return;
	}
	html_raw(r, "<p role=\"status\">");
	html_text(r, arena_printf(&r->arena, R_(r, "%s, %s – %s."), st.scope_name,
	                          st.from, st.to));
	html_raw(r, "</p><nav aria-label=\"");
	html_attr(r, R_(r, "Tabellerna"));
	html_raw(r, "\"><ul class=\"link-list\">");
	for (int i = 0; i < st.ntables; i++) {
		html_raw(r, "<li><a href=\"#figure-");
		html_attr(r, st.tables[i].name);
		html_raw(r, "\">");
		html_text(r, st.tables[i].title);
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul></nav>");
	for (int i = 0; i < st.ntables; i++)
		figure(r, &st, &st.tables[i]);
	layout_end(r);
}

static void csv_row(struct buf *b, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		review_csv_cell(b, cells[i]);
		buf_puts(b, i + 1 < n ? "," : "\r\n");
	}
}

void page_statistics_csv(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct stat_query q;
	struct statistics st = {0};
	const char *name = query_text(r, "table");
	if (!compute(r, &ctx, &q, arena_printf(&r->arena, "csv table=%s",
	                                       name ? name : ""), &st)) {
		if (r->problem.kind == PROBLEM_BAD_REQUEST)
			page_statistics(r);
		else
			page_problem(r, &r->problem);
		return;
	}
	const struct stat_table *t = statistics_table(&st, name);
	if (!t) {
		problem_set(&r->problem, &r->arena, PROBLEM_BAD_REQUEST, "%s",
		            R_(r, "Det finns ingen sådan tabell. Välj en tabell "
		                  "på statistiksidan."));
		problem_field(&r->problem, &r->arena, "table", "%s",
		              R_(r, "Välj en tabell på statistiksidan."));
		page_problem(r, &r->problem);
		return;
	}
	struct buf csv;
	buf_init(&csv, LIMIT_RESPONSE);
	buf_puts(&csv, "\xEF\xBB\xBF");
	const char **cells = arena_array(&r->arena, const char *,
	                                 (size_t)t->ncols + 2);
	cells[0] = R_(r, "Nyckel");
	cells[1] = R_(r, "Vad");
	for (int col = 0; col < t->ncols; col++)
		cells[col + 2] = t->col_labels[col];
	csv_row(&csv, cells, t->ncols + 2);
	for (int row = 0; row < t->nrows; row++) {
		cells[0] = t->row_keys[row];
		cells[1] = t->row_labels[row];
		for (int col = 0; col < t->ncols; col++)
			cells[col + 2] = statistics_cell_text(&r->arena, t,
			                                      stat_cell_at(t, row, col));
		csv_row(&csv, cells, t->ncols + 2);
	}
	resp_download(r, "text/csv; charset=utf-8",
	              arena_printf(&r->arena, "samplan-statistik-%s-%s-%s.csv",
	                           t->name, st.from, st.to),
	              csv.data, csv.len);
	buf_free(&csv);
}
