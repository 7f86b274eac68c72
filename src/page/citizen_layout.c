/*
 * citizen_layout.c — the layout of the individual's own pages (see
 * citizen_layout.h).
 */
#include "page/citizen_layout.h"

#include <string.h>

#include "base/i18n.h"
#include "http/html.h"
#include "http/static.h"
#include "page/layout.h"
#include "page/ui.h"

void citizen_begin_bare(struct request *r, const char *title)
{
	r->content_type = "text/html; charset=utf-8";
	html_raw(r, "<!doctype html>\n<html lang=\"");
	html_attr(r, r->lang);
	html_raw(r, "\" dir=\"");
	html_attr(r, i18n_dir(r->lang));
	html_raw(r, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, "
	            "initial-scale=1\">\n<title>");
	html_text(r, title);
	html_raw(r, " – ");
	html_text(r, R_(r, "Min SIP"));
	html_raw(r, "</title>\n<link rel=\"stylesheet\" href=\"");
	html_attr(r, static_url("style.css"));
	html_raw(r, "\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	html_attr(r, static_url("icon.svg"));
	html_raw(r, "\">\n</head>\n<body class=\"citizen\">\n"
	            "<a class=\"skip-link\" href=\"#main\">");
	html_text(r, R_(r, "Hoppa till innehållet"));
	html_raw(r, "</a>\n<header class=\"site-header\"><div class=\"wrap\">"
	            "<a class=\"brand\" href=\"/citizen\">");
	html_text(r, R_(r, "Min SIP"));
	html_raw(r, "<span class=\"brand-sub\">");
	html_text(r, R_(r, "Din samordnade individuella plan"));
	html_raw(r, "</span></a><nav class=\"main-nav\" aria-label=\"");
	html_attr(r, R_(r, "Meny"));
	html_raw(r, "\"><ul>");
	if (r->citizen) {
		html_raw(r, "<li><a href=\"/citizen\">");
		html_text(r, R_(r, "Mina planer"));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "<li><a href=\"/citizen/about\">");
	html_text(r, R_(r, "Om SIP och dina rättigheter"));
	html_raw(r, "</a></li></ul></nav>");
	if (r->citizen) {
		html_raw(r, "<div class=\"who\"><form method=\"post\" "
		            "action=\"/citizen/sign-out\">");
		ui_csrf(r);
		html_raw(r, "<button type=\"submit\" class=\"link-button\">");
		html_text(r, R_(r, "Logga ut"));
		html_raw(r, "</button></form></div>");
	}
	html_raw(r, "</div></header>\n<main id=\"main\" tabindex=\"-1\">"
	            "<div class=\"wrap\">\n");
}

void citizen_begin(struct request *r, const char *title)
{
	citizen_begin_bare(r, title);
	html_raw(r, "<h1>");
	html_text(r, title);
	html_raw(r, "</h1>\n");
}

void citizen_end(struct request *r)
{
	html_raw(r, "</div></main>\n<footer class=\"site-footer\"><div class=\"wrap\">");
	/* To /citizen/language, with the citizen session's token (h/clang). */
	html_raw(r, "<form method=\"post\" action=\"/citizen/language\" "
	            "class=\"lang-switch\">");
	ui_csrf(r);
	html_raw(r, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(r, r->path);
	html_raw(r, "\"><span>");
	html_text(r, R_(r, "Språk:"));
	html_raw(r, "</span> ");
	size_t n;
	const struct i18n_language *langs = i18n_languages(&n);
	for (size_t i = 0; i < n; i++) {
		bool current = strcmp(r->lang, langs[i].code) == 0;
		html_raw(r, "<button type=\"submit\" name=\"lang\" "
		            "class=\"link-button\" value=\"");
		html_attr(r, langs[i].code);
		html_raw(r, "\" lang=\"");
		html_attr(r, langs[i].code);
		html_raw(r, "\" dir=\"");
		html_attr(r, langs[i].rtl ? "rtl" : "ltr");
		html_raw(r, current ? "\" aria-pressed=\"true\">"
		                    : "\" aria-pressed=\"false\">");
		html_text(r, langs[i].native);
		html_raw(r, "</button> ");
	}
	html_raw(r, "</form><p class=\"footer-note\">");
	html_text(r, R_(r, "Min SIP är en del av samplan. Kommunen och "
	                   "regionen gör planen tillsammans med dig."));
	html_raw(r, "</p></div></footer>\n</body>\n</html>\n");
}

void citizen_problem(struct request *r, const struct problem *p)
{
	buf_reset(&r->out);
	r->nheaders = 0;
	r->status = problem_http_status(p->kind);
	const char *title;
	switch (p->kind) {
	case PROBLEM_NOT_FOUND: title = R_(r, "Sidan finns inte"); break;
	case PROBLEM_FORBIDDEN: title = R_(r, "Det här kan du inte göra"); break;
	case PROBLEM_THROTTLED: title = R_(r, "Vänta en stund"); break;
	case PROBLEM_UNAVAILABLE:
		title = R_(r, "Det fungerar inte just nu");
		break;
	case PROBLEM_BAD_REQUEST:
	case PROBLEM_INVALID: title = R_(r, "Något behöver rättas"); break;
	default: title = R_(r, "Något gick fel"); break;
	}
	citizen_begin(r, title);
	html_raw(r, "<p class=\"lead\">");
	if (p->kind == PROBLEM_NOT_FOUND)
		html_text(r, R_(r, "Sidan finns inte, eller så får du inte se "
		                   "den."));
	else if (p->detail)
		html_text(r, p->detail);
	html_raw(r, "</p>");
	page_problem_fields(r, p);
	html_raw(r, "<p><a href=\"/citizen\">");
	html_text(r, R_(r, "Till Mina planer"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

/* Confirmations after a redirect: only known keys, no data in the URL.
 * Each citizen page adds its own. */
static const struct ui_option citizen_flashes[] = {
	{"signed_out", N_("Du är utloggad.")},
};

void citizen_flash(struct request *r)
{
	page_flash_from(r, citizen_flashes,
	                sizeof citizen_flashes / sizeof *citizen_flashes);
}
