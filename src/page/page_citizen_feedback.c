/*
 * page_citizen_feedback.c — anonymous feedback after a meeting in Min
 * SIP:
 *   GET  /citizen/plans/{id}/meetings/{mid}/feedback   the questions
 *   POST /citizen/plans/{id}/meetings/{mid}/feedback   the answer
 * The rules and the storage that keeps the answer apart from the person
 * are in sip/feedback.c. After the answer the GET says thank you and
 * offers nothing more: one answer per person and meeting.
 */
#include "form/forms.h"
#include "http/html.h"
#include "http/input.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/page_meeting_evaluation.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/feedback.h"

/* The plan and meeting of the path; false (not found) when either is
 * not an id. */
static bool path_ids(struct request *r, struct ctx *ctx, int64_t *id,
                     int64_t *mid)
{
	if (req_path_id(r, "id", id) && req_path_id(r, "mid", mid))
		return true;
	return ctx_not_found(ctx);
}

static const char *action_of(struct request *r, int64_t id, int64_t mid)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld/meetings/%lld/feedback",
	                    (long long)id, (long long)mid);
}

static void form_page(struct request *r, const struct feedback_meeting *m,
                      int64_t id, const struct form *typed)
{
	citizen_begin(r, R_(r, "Tyck till om mötet"));
	html_raw(r, "<p class=\"lead\">");
	html_textf(r, R_(r, "Mötet den %s klockan %s."), ui_ltr(r, m->date),
	           ui_ltr(r, m->start_time));
	html_raw(r, "</p>");
	if (m->given) {
		html_raw(r, "<p role=\"status\"><strong>");
		html_text(r, R_(r, "Tack! Du har lämnat synpunkter på det här "
		                   "mötet."));
		html_raw(r, "</strong></p><p><a href=\"/citizen\">");
		html_text(r, R_(r, "Tillbaka till Mina planer"));
		html_raw(r, "</a></p>");
		citizen_end(r);
		return;
	}
	html_raw(r, "<p>");
	html_text(r, R_(r, "Dina svar sparas utan ditt namn. Ingen kan se att "
	                   "svaren är dina. Svaren hjälper dem som har SIP-möten "
	                   "att bli bättre."));
	html_raw(r, "</p>");
	struct ui_option labels[FEEDBACK_NQUESTIONS + 2] = {{0}};
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++)
		labels[q] = (struct ui_option){feedback_questions[q].key,
		                               feedback_questions[q].text};
	labels[FEEDBACK_NQUESTIONS] =
		(struct ui_option){"free_text", N_("Vill du säga något mer?")};
	ui_error_summary(r, &r->problem, labels);
	ui_form_begin(r, action_of(r, id, m->meeting_id));
	page_feedback_questions(r, typed, R_(r, "Vill du säga något mer?"),
	                        R_(r, "Du behöver inte skriva något. Skriv inte "
	                              "ditt namn. Det du skriver visas bara "
	                              "tillsammans med minst fyra andras svar."));
	ui_submit(r, R_(r, "Skicka svaren"));
	ui_form_end(r);
	citizen_end(r);
}

void page_citizen_feedback(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct feedback_meeting m;
	if (!path_ids(r, &ctx, &id, &mid) ||
	    !feedback_meeting_get(&ctx, id, mid, &m)) {
		citizen_problem(r, &r->problem);
		return;
	}
	form_page(r, &m, id, NULL);
}

void page_citizen_feedback_post(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct feedback_meeting m;
	if (!path_ids(r, &ctx, &id, &mid) ||
	    !feedback_meeting_get(&ctx, id, mid, &m)) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct form f;
	bool read = form_read(r, &r->problem, feedback_fields, feedback_nfields,
	                      &f);
	struct feedback_input in;
	feedback_input_from(&f, &in);
	if (read && feedback_give(&ctx, id, mid, &in)) {
		resp_redirect(r, action_of(r, id, mid));
		return;
	}
	if (r->problem.kind != PROBLEM_INVALID) {
		citizen_problem(r, &r->problem);
		return;
	}
	r->status = problem_http_status(r->problem.kind);
	form_page(r, &m, id, &f);
}
