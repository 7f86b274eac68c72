/*
 * page_citizen_proposal.c — a proposed change of the individual's plan
 * and their answer (h/cown):
 *   GET  /citizen/plans/{id}/proposal          what is proposed, what changes
 *   POST /citizen/plans/{id}/proposal/approve  yes: the new version applies
 *   POST /citizen/plans/{id}/proposal/reject   no, with a comment
 *
 * The rules are proposal.h's: the adult individual or a guardian of a
 * child answers; a child of 15-17 reads it and is told who answers; a
 * relative is refused as not found. Each form carries the proposal's
 * version id, so an answer is never given to a proposal the citizen
 * did not read.
 */
#include <string.h>

#include "base/limits.h"
#include "doc/plan_layout.h"
#include "doc/render_html.h"
#include "http/html.h"
#include "http/input.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/proposal.h"

static const struct field approve_fields[] = {
	{"version_id", FIELD_ID, 0},
	{"approve_comment", FIELD_MULTILINE, 4 * LIMIT_TEXT},
};
static const struct field reject_fields[] = {
	{"version_id", FIELD_ID, 0},
	{"comment", FIELD_MULTILINE, 4 * LIMIT_TEXT},
};

/* The error summary shows the messages alone: each says what to do,
 * and the fields' labels are questions. */
static const struct ui_option labels[] = {
	{NULL, NULL},
};

static const char *plan_url(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld%s", (long long)id,
	                    rest);
}

static void flash(struct request *r)
{
	const char *key = req_query(r, "done");
	const char *text = NULL;
	if (key && strcmp(key, "approved") == 0)
		text = R_(r, "Du har sagt ja. Den nya planen gäller nu.");
	else if (key && strcmp(key, "rejected") == 0)
		text = R_(r, "Du har sagt nej. Planen som gällde förut gäller "
		             "fortfarande. De som gör planen får läsa det du "
		             "skrev.");
	if (!text)
		return;
	html_raw(r, "<div class=\"flash\" role=\"status\">");
	html_text(r, text);
	html_raw(r, "</div>");
}

static const char *change_word(struct request *r, enum version_change c)
{
	switch (c) {
	case VERSION_ADDED: return R_(r, "Nytt i förslaget");
	case VERSION_CHANGED: return R_(r, "Ändras");
	case VERSION_REMOVED: return R_(r, "Tas bort");
	case VERSION_SAME: return R_(r, "Samma som förut");
	}
	return "";
}

static void item(struct request *r, enum version_change c, const char *was,
                 const char *now)
{
	html_raw(r, "<li>");
	ui_badge(r, c == VERSION_REMOVED ? "warning" : NULL, change_word(r, c));
	html_raw(r, " ");
	if (c == VERSION_CHANGED && was && now && strcmp(was, now) != 0) {
		html_textf(r, R_(r, "Förut: %s. Nu: %s."), was, now);
	} else {
		html_text(r, now ? now : was ? was : "–");
	}
	html_raw(r, "</li>");
}

/* What changes: goals and what is done, only what differs. */
static void changes(struct request *r, const struct version_diff *d)
{
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Det här ändras"));
	html_raw(r, "</h2>");
	if (d->to.change_reason) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "Varför: %s"), d->to.change_reason);
		html_raw(r, "</p>");
	}
	if (!d->added && !d->changed && !d->removed) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Målen och insatserna är desamma som förut. "
		                   "Läs hela förslaget för att se resten."));
		html_raw(r, "</p>");
	}
	bool any = false;
	for (int i = 0; i < d->ngoals; i++)
		any |= d->goals[i].change != VERSION_SAME;
	if (any) {
		html_raw(r, "<h3>");
		html_text(r, R_(r, "Målen i planen"));
		html_raw(r, "</h3><ul class=\"changes\">");
		for (int i = 0; i < d->ngoals; i++) {
			const struct goal_diff *g = &d->goals[i];
			if (g->change != VERSION_SAME)
				item(r, g->change, g->from ? g->from->text : NULL,
				     g->to ? g->to->text : NULL);
		}
		html_raw(r, "</ul>");
	}
	any = false;
	for (int i = 0; i < d->ninterventions; i++)
		any |= d->interventions[i].change != VERSION_SAME;
	if (any) {
		html_raw(r, "<h3>");
		html_text(r, R_(r, "Det som ska göras (insatser)"));
		html_raw(r, "</h3><ul class=\"changes\">");
		for (int i = 0; i < d->ninterventions; i++) {
			const struct intervention_diff *x = &d->interventions[i];
			if (x->change == VERSION_SAME)
				continue;
			const struct intervention *a = x->from, *b = x->to;
			const char *was = a ? arena_printf(&r->arena, "%s (%s)",
			                                   a->what ? a->what : "–",
			                                   a->timing ? a->timing : "–")
			                    : NULL;
			const char *now = b ? arena_printf(&r->arena, "%s (%s)",
			                                   b->what ? b->what : "–",
			                                   b->timing ? b->timing : "–")
			                    : NULL;
			item(r, x->change, was, now);
		}
		html_raw(r, "</ul>");
	}
	html_raw(r, "<p>");
	html_textf(r, R_(r, "Nästa uppföljning i förslaget: %s."),
	           d->to.follow_up_date ? d->to.follow_up_date : "–");
	html_raw(r, "</p>");
}

static void answer_forms(struct request *r, int64_t id,
                         const struct citizen_proposal *x, const char *typed)
{
	const char *vid = arena_printf(&r->arena, "%lld",
	                               (long long)x->version_id);
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Ditt svar"));
	html_raw(r, "</h2><p>");
	html_text(r, R_(r, "Planen ändras bara om du säger ja. Om du säger nej "
	                   "gäller planen som förut."));
	html_raw(r, "</p>");

	const char *was = ui_id_scope("approve");
	ui_form_begin(r, plan_url(r, id, "/proposal/approve"));
	ui_hidden(r, "version_id", vid);
	html_raw(r, "<h3>");
	html_text(r, R_(r, "Säg ja"));
	html_raw(r, "</h3><p>");
	html_textf(r, R_(r, "Version %d blir din plan. Den gäller från i dag."),
	           x->diff.to.version_no);
	html_raw(r, "</p>");
	ui_textarea(r, "approve_comment",
	            R_(r, "Vill du säga något om förslaget?"),
	            NULL, R_(r, "Om du vill. De som gör planen läser det."),
	            0, 3);
	ui_submit(r, R_(r, "Ja, jag godkänner förslaget"));
	ui_form_end(r);
	ui_id_scope(was);

	was = ui_id_scope("reject");
	ui_form_begin(r, plan_url(r, id, "/proposal/reject"));
	ui_hidden(r, "version_id", vid);
	html_raw(r, "<h3>");
	html_text(r, R_(r, "Säg nej"));
	html_raw(r, "</h3>");
	ui_textarea(r, "comment", R_(r, "Varför säger du nej?"), typed,
	            R_(r, "Skriv vad du vill ändra. De som gör planen får "
	                  "läsa det."),
	            UI_REQUIRED, 5);
	ui_submit(r, R_(r, "Nej, jag godkänner inte förslaget"));
	ui_form_end(r);
	ui_id_scope(was);
}

static void proposal_page(struct request *r, int64_t id,
                          const struct citizen_proposal *x, const char *typed)
{
	citizen_begin(r, R_(r, "Förslag till ändrad plan"));
	flash(r);
	const char *was = ui_id_scope("reject");
	ui_error_summary(r, &r->problem, labels);
	ui_id_scope(was);
	if (!x->waiting) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Det finns inget förslag som väntar på ditt "
		                   "svar just nu."));
		html_raw(r, "</p>");
	} else {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "De som arbetar med din plan föreslår en ny "
		                    "version: version %d. Nu gäller version %d."),
		           x->diff.to.version_no, x->diff.from.version_no);
		html_raw(r, "</p>");
		changes(r, &x->diff);
		/* The whole proposal, folded: no script needed. */
		html_raw(r, "<details class=\"proposal-doc\"><summary>");
		html_text(r, R_(r, "Läs hela förslaget"));
		html_raw(r, "</summary>");
		struct plan_layout_opts o = {.level = 2};
		doc_render_html(r, plan_layout(&r->arena, r->lang, x->proposed_doc,
		                               &o),
		                &(struct doc_html_opts){
		                        .level = 2,
		                        .id = arena_printf(&r->arena, "plan-v%d",
		                                           x->diff.to.version_no)});
		html_raw(r, "</details>");
		if (x->nrejections) {
			html_raw(r, "<h2>");
			html_text(r, R_(r, "Du har sagt nej förut"));
			html_raw(r, "</h2>");
			for (int i = 0; i < x->nrejections; i++) {
				html_raw(r, "<p>");
				html_textf(r, "%s: %s",
				           ui_date(r, x->rejections[i].rejected_at),
				           x->rejections[i].comment);
				html_raw(r, "</p>");
			}
		}
		if (x->access.may_act) {
			answer_forms(r, id, x, typed);
		} else {
			html_raw(r, "<p>");
			html_text(r, R_(r, "Din vårdnadshavare svarar på förslaget. "
			                   "Prata med dem eller med din kontakt om "
			                   "vad du tycker."));
			html_raw(r, "</p>");
		}
	}
	html_raw(r, "<p><a href=\"");
	html_attr(r, plan_url(r, id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till din plan"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

static bool path_plan(struct request *r, struct ctx *ctx, int64_t *id)
{
	if (req_path_id(r, "id", id))
		return true;
	ctx_not_found(ctx);
	citizen_problem(r, &r->problem);
	return false;
}

void page_citizen_proposal(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct citizen_proposal x;
	int64_t id;
	if (!path_plan(r, &ctx, &id))
		return;
	if (!citizen_proposal_get(&ctx, id, &x)) {
		citizen_problem(r, &r->problem);
		return;
	}
	proposal_page(r, id, &x, NULL);
}

void page_citizen_proposal_approve(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!path_plan(r, &ctx, &id))
		return;
	if (form_read(r, &r->problem, FIELDS(approve_fields), &f) &&
	    citizen_proposal_approve(&ctx, id, form_num(&f, "version_id"),
	                             form_text(&f, "approve_comment"))) {
		resp_redirect(r, plan_url(r, id, "/proposal?done=approved"));
		return;
	}
	citizen_problem(r, &r->problem);
}

void page_citizen_proposal_reject(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!path_plan(r, &ctx, &id))
		return;
	bool ok = form_read(r, &r->problem, FIELDS(reject_fields), &f);
	if (ok && citizen_proposal_reject(&ctx, id, form_num(&f, "version_id"),
	                                  form_text(&f, "comment"))) {
		resp_redirect(r, plan_url(r, id, "/proposal?done=rejected"));
		return;
	}
	enum problem_kind kind = r->problem.kind;
	if (kind != PROBLEM_INVALID) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct problem kept = r->problem;
	r->problem = (struct problem){0};
	struct citizen_proposal x;
	if (!citizen_proposal_get(&ctx, id, &x)) {
		citizen_problem(r, &r->problem);
		return;
	}
	r->problem = kept;
	proposal_page(r, id, &x, ui_typed(r, &f, "comment"));
	r->status = problem_http_status(kind);
}
