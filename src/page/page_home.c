/*
 * page_home.c — the start page after login: who you are, your units,
 * and where your work is. (The plan work list joins it with the SIP
 * process.)
 */
#include "http/html.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/capability.h"
#include "sip/user.h"

void page_home(struct request *r)
{
	const struct user *u = r->user;
	layout_begin(r, R_(r, "Start"), NAV_NONE);
	page_flash(r);
	html_raw(r, "<p class=\"lead\">");
	html_textf(r, R_(r, "Välkommen, %s."), u->full_name);
	html_raw(r, "</p>");
	if (u->nunits) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Dina enheter"));
		html_raw(r, "</h2><ul>");
		for (int i = 0; i < u->nunits; i++) {
			html_raw(r, "<li>");
			html_text(r, u->units[i].name);
			html_raw(r, " <span class=\"muted\">(");
			html_text(r, u->units[i].principal_name);
			html_raw(r, ")</span></li>");
		}
		html_raw(r, "</ul>");
	}
	if (capability_granted(u, CAP_MANAGE_USERS)) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Administration"));
		html_raw(r, "</h2><ul class=\"link-list\">");
		html_raw(r, "<li><a href=\"/admin/users\">");
		html_text(r, R_(r, "Användare"));
		html_raw(r, "</a></li>");
		if (capability_granted(u, CAP_ADMIN)) {
			html_raw(r, "<li><a href=\"/admin/principals\">");
			html_text(r, R_(r, "Organisationer (huvudmän och andra aktörer)"));
			html_raw(r, "</a></li><li><a href=\"/admin/units\">");
			html_text(r, R_(r, "Enheter"));
			html_raw(r, "</a></li><li><a href=\"/admin/import\">");
			html_text(r, R_(r, "Importera organisationskatalog"));
			html_raw(r, "</a></li>");
		}
		html_raw(r, "</ul>");
	}
	layout_end(r);
}
