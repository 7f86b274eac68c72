/*
 * page_plan_closing.c — on the plan page of a closed plan, each
 * principal's closing (closing.h): which principals have documented
 * their closing, by whom and when, and which still owe it; and for a
 * user whose principal still owes it, the form to document it.
 *
 * The list is a plain list, not a table: each principal is one item
 * that wraps on a phone screen, with its state as text ("Dokumenterat"
 * / "Saknas ännu") and not by colour alone.
 */
#include "form/forms.h"
#include "http/html.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/closing.h"

static void principal_item(struct request *r, const struct closing_principal *x)
{
	html_raw(r, "<li><strong>");
	html_text(r, x->principal_name);
	html_raw(r, "</strong> ");
	if (!x->note_id) {
		ui_badge(r, "missing", R_(r, "Har inte dokumenterat sitt avslut"));
		html_raw(r, "</li>");
		return;
	}
	ui_badge(r, "done", R_(r, "Avslutet dokumenterat"));
	html_raw(r, "<br><span class=\"muted\">");
	html_textf(r, R_(r, "%s, %s, %s"), ui_date(r, x->created_at),
	           x->user_name ? x->user_name : "", x->unit_name);
	html_raw(r, "</span>");
	if (x->note) {
		html_raw(r, "<p>");
		html_text(r, x->note);
		html_raw(r, "</p>");
	} else {
		html_raw(r, "<p class=\"muted\">");
		html_text(r, R_(r, "Anteckningen visas inte: samtycket omfattar "
		                   "inte de uppgifterna för din huvudman."));
		html_raw(r, "</p>");
	}
	html_raw(r, "</li>");
}

static void note_form(struct request *r, const struct plan_view *v)
{
	const struct form *f = plan_posted(v, "closing_note");
	struct plan_scope s;
	plan_scope_begin(r, v, "closing_note", &s);
	html_raw(r, "<h3>");
	html_text(r, R_(r, "Dokumentera din huvudmans avslut"));
	html_raw(r, "</h3>");
	ui_form_begin(r, sip_plan_url(r, v->p->id, "/closing-notes"));
	ui_textarea(r, "note", R_(r, "Avslut för din huvudman"),
	            sip_value(r, f, "note", NULL),
	            R_(r, "Hur er del av planen avslutades: vad som är gjort, "
	                  "vad som fortsätter utanför planen."),
	            UI_REQUIRED, 4);
	ui_submit(r, R_(r, "Dokumentera avslutet"));
	ui_form_end(r);
	plan_scope_end(r, &s);
}

void plan_closing_section(struct request *r, const struct plan_view *v)
{
	if (v->p->state != PLAN_CLOSED)
		return;
	struct ctx ctx = page_ctx(r);
	struct closing_status st;
	struct problem saved = r->problem;
	/* The page shows what it can: a failure to read the closings is
	 * said here, and does not replace a posted form's errors. */
	r->problem = (struct problem){0};
	bool ok = closing_status_get(&ctx, v->p->id, &st);
	r->problem = saved;
	html_raw(r, "<section aria-labelledby=\"closing-h\"><h2 id=\"closing-h\">");
	html_text(r, R_(r, "Huvudmännens avslut"));
	html_raw(r, "</h2>");
	if (!ok) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Huvudmännens avslut kunde inte läsas just nu."));
		html_raw(r, "</p></section>");
		return;
	}
	html_raw(r, "<p>");
	if (st.owed)
		html_textf(r, trn(r->lang,
		                  "%d huvudman har inte dokumenterat sitt avslut.",
		                  "%d huvudmän har inte dokumenterat sitt avslut.",
		                  st.owed), st.owed);
	else
		html_text(r, R_(r, "Alla huvudmän har dokumenterat sitt avslut."));
	html_raw(r, "</p><ul class=\"closing-list\">");
	for (int i = 0; i < st.nprincipals; i++)
		principal_item(r, &st.principals[i]);
	html_raw(r, "</ul>");
	if (st.may_record)
		note_form(r, v);
	html_raw(r, "</section>");
}

void page_plan_closing_note(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id, note_id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, closing_note_fields,
	                    closing_note_nfields, &f) &&
	          closing_note_record(&ctx, id, form_num(&f, "unit_id"),
	                              form_text(&f, "note"), &note_id);
	if (ok) {
		resp_redirect(r, sip_plan_url(r, id, "?done=closing_noted#closing-h"));
		return;
	}
	plan_refail(r, id, "closing_note", &f);
}
