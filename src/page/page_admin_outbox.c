/*
 * page_admin_outbox.c — /admin/outbox: the e-mail samplan has queued,
 * newest first, OUTBOX_PAGE_SIZE a page (see mail.h for the outbox).
 *
 * What it shows: state, kind, recipient address (units' functional
 * mailboxes), subject, attempts, next attempt, when sent and the last
 * error — never a body, which for a written invitation names the
 * meeting. Nothing here is personal data of an individual; subjects
 * are written without names (invitation_mail.c).
 */
#include <string.h>

#include "http/html.h"
#include "mail/mail.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"

enum { OUTBOX_PAGE_SIZE = 50, OUTBOX_PAGE_MAX = 100000 };

static const char *state_label(struct request *r, const char *state)
{
	if (!strcmp(state, "queued"))
		return R_(r, "I kö");
	if (!strcmp(state, "sending"))
		return R_(r, "Skickas");
	if (!strcmp(state, "sent"))
		return R_(r, "Skickat");
	return R_(r, "Misslyckades");
}

static const char *kind_label(struct request *r, const char *kind)
{
	if (!strcmp(kind, MAIL_KIND_INVITATION))
		return R_(r, "Kallelse");
	if (!strcmp(kind, MAIL_KIND_REMINDER))
		return R_(r, "Påminnelse");
	if (!strcmp(kind, MAIL_KIND_SUMMARY))
		return R_(r, "Sammanfattning");
	return R_(r, "Övrigt");
}

static void td(struct request *r, const char *text)
{
	html_raw(r, "<td>");
	html_text(r, text);
	html_raw(r, "</td>");
}

static void row(struct request *r, const struct mail_row *m)
{
	html_raw(r, "<tr><td>");
	html_text(r, ui_datetime(r, m->created_at));
	html_raw(r, "</td>");
	td(r, state_label(r, m->state));
	td(r, kind_label(r, m->kind));
	td(r, m->to_address);
	td(r, m->subject);
	html_raw(r, "<td>");
	html_int(r, m->attempts);
	html_raw(r, "</td>");
	bool waiting = !strcmp(m->state, "queued");
	td(r, waiting ? ui_datetime(r, m->next_attempt_at) : "–");
	td(r, ui_datetime(r, m->sent_at));
	td(r, m->last_error ? m->last_error : "–");
	html_raw(r, "</tr>");
}

void page_outbox(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && (!parse_id(p, &page) || page > OUTBOX_PAGE_MAX))
		page = 1;
	struct mail_row *rows;
	int n;
	bool more;
	int64_t queued, sent, failed;
	if (!mail_outbox_counts(&ctx, &queued, &sent, &failed) ||
	    !mail_outbox_list(&ctx, (page - 1) * OUTBOX_PAGE_SIZE,
	                      OUTBOX_PAGE_SIZE, &rows, &n, &more)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, R_(r, "Utkorg för e-post"), NAV_OUTBOX);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "E-post som samplan skickar, till exempel skriftliga "
	                   "kallelser till enheternas funktionsbrevlådor. Ett "
	                   "meddelande ligger kvar i kö tills e-postservern har "
	                   "tagit emot det; utan inställd e-postserver skickas "
	                   "inget men inget går förlorat."));
	html_raw(r, "</p><p>");
	html_textf(r, R_(r, "I kö: %lld. Skickade: %lld. Misslyckade: %lld."),
	           (long long)queued, (long long)sent, (long long)failed);
	html_raw(r, "</p>");
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, page == 1 ? R_(r, "Utkorgen är tom.")
		                       : R_(r, "Inga fler meddelanden."));
		html_raw(r, "</p>");
	} else {
		ui_table_region(r, "outbox-caption");
		html_raw(r, "<table><caption id=\"outbox-caption\">");
		html_text(r, R_(r, "Meddelanden, nyaste först"));
		html_raw(r, "</caption><thead><tr>");
		ui_th(r, R_(r, "Skapat"));
		ui_th(r, R_(r, "Status"));
		ui_th(r, R_(r, "Typ"));
		ui_th(r, R_(r, "Mottagare"));
		ui_th(r, R_(r, "Ämne"));
		ui_th(r, R_(r, "Försök"));
		ui_th(r, R_(r, "Nästa försök"));
		ui_th(r, R_(r, "Skickat"));
		ui_th(r, R_(r, "Senaste fel"));
		html_raw(r, "</tr></thead><tbody>");
		for (int i = 0; i < n; i++)
			row(r, &rows[i]);
		html_raw(r, "</tbody></table></div>");
	}
	if (page > 1 || more) {
		html_raw(r, "<nav class=\"pager\" aria-label=\"");
		html_attr(r, R_(r, "Sidor"));
		html_raw(r, "\">");
		if (page > 1) {
			html_raw(r, "<a rel=\"prev\" href=\"/admin/outbox?page=");
			html_int(r, page - 1);
			html_raw(r, "\">");
			html_text(r, R_(r, "Nyare"));
			html_raw(r, "</a> ");
		}
		if (more) {
			html_raw(r, "<a rel=\"next\" href=\"/admin/outbox?page=");
			html_int(r, page + 1);
			html_raw(r, "\">");
			html_text(r, R_(r, "Äldre"));
			html_raw(r, "</a>");
		}
		html_raw(r, "</nav>");
	}
	layout_end(r);
}
