/*
 * page_account.c — the user's own account: details, units, and changing
 * the password (which logs out every session of the user).
 */
#include "http/html.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/capability.h"
#include "sip/user.h"

static void account_page(struct request *r)
{
	const struct user *u = r->user;
	layout_begin(r, R_(r, "Mitt konto"), NAV_ACCOUNT);
	page_flash(r);
	html_raw(r, "<dl class=\"facts\"><dt>");
	html_text(r, R_(r, "Namn"));
	html_raw(r, "</dt><dd>");
	html_text(r, u->full_name);
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Användarnamn"));
	html_raw(r, "</dt><dd>");
	html_text(r, u->username);
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Roll"));
	html_raw(r, "</dt><dd>");
	html_text(r, role_label(u->role, r->lang));
	html_raw(r, "</dd>");
	if (u->title) {
		html_raw(r, "<dt>");
		html_text(r, R_(r, "Befattning"));
		html_raw(r, "</dt><dd>");
		html_text(r, u->title);
		html_raw(r, "</dd>");
	}
	html_raw(r, "<dt>");
	html_text(r, R_(r, "Enheter"));
	html_raw(r, "</dt><dd>");
	for (int i = 0; i < u->nunits; i++) {
		if (i)
			html_raw(r, "<br>");
		html_text(r, u->units[i].name);
	}
	if (!u->nunits)
		html_text(r, "–");
	html_raw(r, "</dd></dl>");

	html_raw(r, "<h2>");
	html_text(r, R_(r, "Byt lösenord"));
	html_raw(r, "</h2>");
	static const struct ui_option labels[] = {
		{"current_password", N_("Nuvarande lösenord")},
		{"new_password", N_("Nytt lösenord")},
		{NULL, NULL},
	};
	ui_error_summary(r, &r->problem, labels);
	ui_form_begin(r, "/account/password");
	ui_input(r, "current_password", R_(r, "Nuvarande lösenord"), NULL, NULL,
	         UI_REQUIRED | UI_PASSWORD, "current-password");
	ui_input(r, "new_password", R_(r, "Nytt lösenord"), NULL,
	         R_(r, "Minst 12 tecken. En fras av flera ord är lätt att "
	               "minnas och svår att gissa."),
	         UI_REQUIRED | UI_PASSWORD, "new-password");
	ui_submit(r, R_(r, "Byt lösenord"));
	ui_form_end(r);
	layout_end(r);
}

void page_account(struct request *r) { account_page(r); }

static const struct field password_fields[] = {
	{"current_password", FIELD_SECRET, 1024},
	{"new_password", FIELD_SECRET, 1024},
};

void page_account_password(struct request *r)
{
	struct form f;
	struct ctx ctx = page_ctx(r);
	if (form_read(r, &r->problem, FIELDS(password_fields), &f) &&
	    user_change_password(&ctx, form_text(&f, "current_password"),
	                         form_text(&f, "new_password"))) {
		/* Every session ended, this one too: log in again. */
		resp_redirect(r, "/login?done=saved");
		return;
	}
	account_page(r);
	r->status = problem_http_status(r->problem.kind);
}
