/*
 * page_feedback.c — GET /feedback: the individuals' anonymous feedback
 * after meetings, summed for the staff user's principal (feedback_summary,
 * sip/feedback.h): how many answered each question how, over a span of
 * ISO weeks, and the free texts only where at least
 * FEEDBACK_MIN_FOR_TEXT answers are counted together, and how many
 * answers came digitally and how many were typed in from paper (the
 * answers are not split by channel: fewer answers would hide each one
 * less). Nothing in it names a person, a plan or a meeting. The
 * agreement's statistics (issue 12) use the same function.
 */
#include "http/html.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/feedback.h"
#include "sip/user.h"

static const struct ui_option labels[] = {
	{"from", N_("Från och med vecka")},
	{"to", N_("Till och med vecka")},
	{NULL, NULL},
};

void page_feedback(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	const struct user *u = ctx_staff(&ctx);
	int64_t principal = 0;
	const char *principal_name = NULL;
	const char *asked = req_query(r, "principal_id");
	int64_t want = 0;
	if (asked && !parse_id(asked, &want))
		want = -1;
	for (int i = 0; u && i < u->nunits; i++)
		if (!want || u->units[i].principal_id == want) {
			principal = u->units[i].principal_id;
			principal_name = u->units[i].principal_name;
			break;
		}
	const char *from = req_query(r, "from");
	const char *to = req_query(r, "to");
	struct feedback_summary sum;
	bool ok = principal && feedback_summary(&ctx, principal, from, to, &sum);
	if (!principal)
		ctx_not_found(&ctx);
	if (!ok && r->problem.kind != PROBLEM_INVALID) {
		page_problem(r, &r->problem);
		return;
	}
	if (!ok)
		r->status = problem_http_status(r->problem.kind);
	layout_begin(r, R_(r, "Synpunkter efter möten"), NAV_WORK);
	html_raw(r, "<p class=\"lead\">");
	html_textf(r, R_(r, "Den enskildes anonyma svar efter SIP-möten i "
	                    "planer som leds av %s. Svaren kan inte kopplas "
	                    "till en person, en plan eller ett möte. Fritexter "
	                    "visas bara när minst %d svar räknas."),
	           principal_name, FEEDBACK_MIN_FOR_TEXT);
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<form method=\"get\" action=\"/feedback\" class=\"search\">"
	            "<div class=\"row-fields\">");
	ui_hidden(r, "principal_id", arena_printf(&r->arena, "%lld",
	                                          (long long)principal));
	ui_input(r, "from", R_(r, "Från och med vecka"), from,
	         R_(r, "ÅÅÅÅ-Vvv, t.ex. 2026-W01."), 0, "off");
	ui_input(r, "to", R_(r, "Till och med vecka"), to,
	         R_(r, "ÅÅÅÅ-Vvv, t.ex. 2026-W52."), 0, "off");
	html_raw(r, "</div><div class=\"actions\"><button type=\"submit\" "
	            "class=\"button\">");
	html_text(r, R_(r, "Visa"));
	html_raw(r, "</button></div></form>");
	if (!ok) {
		layout_end(r);
		return;
	}
	html_raw(r, "<p role=\"status\">");
	html_textf(r, R_(r, "Antal svar: %d"), sum.n);
	html_raw(r, "</p><p>");
	html_textf(r, R_(r, "Digitalt i Min SIP: %d. Inskrivna från "
	                    "pappersblankett: %d."), sum.digital, sum.paper);
	html_raw(r, "</p>");
	ui_table_region(r, "answers-caption");
	html_raw(r, "<table class=\"feedback\"><caption id=\"answers-caption\">");
	html_text(r, R_(r, "Svar per fråga"));
	html_raw(r, "</caption><thead><tr>");
	ui_th(r, R_(r, "Fråga"));
	for (int v = FEEDBACK_NVALUES - 1; v >= 0; v--)
		ui_th(r, feedback_value_text(v, r->lang));
	html_raw(r, "</tr></thead><tbody>");
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++) {
		html_raw(r, "<tr><th scope=\"row\">");
		html_text(r, tr(r->lang, feedback_questions[q].text));
		html_raw(r, "</th>");
		for (int v = FEEDBACK_NVALUES - 1; v >= 0; v--) {
			html_raw(r, "<td class=\"num\">");
			html_int(r, sum.counts[q][v]);
			html_raw(r, "</td>");
		}
		html_raw(r, "</tr>");
	}
	html_raw(r, "</tbody></table></div><h2>");
	html_text(r, R_(r, "Fritexter"));
	html_raw(r, "</h2>");
	if (sum.texts_hidden) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "Fritexterna visas inte: färre än %d svar."),
		           FEEDBACK_MIN_FOR_TEXT);
		html_raw(r, "</p>");
	} else if (sum.ntexts == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Inga fritexter."));
		html_raw(r, "</p>");
	} else {
		html_raw(r, "<ul class=\"feedback-texts\">");
		for (int i = 0; i < sum.ntexts; i++) {
			html_raw(r, "<li class=\"text\">");
			html_text(r, sum.texts[i]);
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	}
	layout_end(r);
}
