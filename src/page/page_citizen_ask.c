/*
 * page_citizen_ask.c — ask for a SIP (GET and POST /citizen/ask;
 * h/cown): for yourself, or as a guardian for your child; choose a
 * unit from the directory and say in your own words what you need.
 *
 * The rules are citizen_ask.h's. Someone samplan cannot ask for — a
 * child alone, a person samplan does not know — is told to contact the
 * unit directly, and the form is not shown.
 */
#include <string.h>

#include "base/limits.h"
#include "http/html.h"
#include "http/input.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/citizen_ask.h"

static const struct field ask_fields[] = {
	{"person_id", FIELD_ID, 0},
	{"unit_id", FIELD_ID, 0},
	{"need", FIELD_MULTILINE, 4 * LIMIT_TEXT},
};

/* The error summary shows the messages alone: each says what to do,
 * and the fields' labels are questions. */
static const struct ui_option labels[] = {
	{NULL, NULL},
};

static void ask_page(struct request *r, const struct citizen_ask_person *who,
                     int nwho, const struct unit *units, int nunits,
                     const struct form *posted)
{
	citizen_begin(r, R_(r, "Be om en SIP"));
	if (req_query(r, "done") && strcmp(req_query(r, "done"), "asked") == 0) {
		html_raw(r, "<div class=\"flash\" role=\"status\">");
		html_text(r, R_(r, "Din fråga är skickad. Verksamheten hör av sig "
		                   "till dig."));
		html_raw(r, "</div>");
	}
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<p>");
	html_text(r, R_(r, "En SIP är en plan som kommunen och regionen gör "
	                   "tillsammans med dig. Du kan be om en SIP om du "
	                   "får hjälp från båda."));
	html_raw(r, "</p>");
	if (!nwho) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Du kan inte be om en SIP här. Kontakta "
		                   "verksamheten som du får hjälp av. Ring eller "
		                   "gå dit. De kan hjälpa dig att be om en SIP."));
		html_raw(r, "</p>");
		citizen_end(r);
		return;
	}
	ui_form_begin(r, "/citizen/ask");
	const char *person = posted ? ui_typed(r, posted, "person_id") : NULL;
	if (nwho == 1) {
		ui_hidden(r, "person_id", arena_printf(&r->arena, "%lld",
		                                       (long long)who[0].person_id));
		html_raw(r, "<p>");
		html_textf(r, R_(r, "Det gäller: %s"),
		           who[0].self ? R_(r, "dig själv") : who[0].name);
		html_raw(r, "</p>");
	} else {
		struct ui_option *opts = arena_array(&r->arena, struct ui_option,
		                                     (size_t)nwho);
		for (int i = 0; i < nwho; i++) {
			opts[i].value = arena_printf(&r->arena, "%lld",
			                             (long long)who[i].person_id);
			opts[i].label = who[i].self
			        ? R_(r, "Mig själv")
			        : arena_printf(&r->arena, R_(r, "Mitt barn %s"),
			                       who[i].name);
		}
		ui_radio_group(r, "person_id", R_(r, "Vem gäller det?"), opts, nwho,
		               person, NULL);
	}
	struct ui_option *uopts = arena_array(&r->arena, struct ui_option,
	                                      (size_t)nunits + 1);
	for (int i = 0; i < nunits; i++) {
		uopts[i].value = arena_printf(&r->arena, "%lld",
		                              (long long)units[i].id);
		uopts[i].label = arena_printf(&r->arena, "%s – %s", units[i].name,
		                              units[i].principal_name);
	}
	ui_select(r, "unit_id", R_(r, "Vilken verksamhet vill du fråga?"), uopts,
	          nunits, posted ? ui_typed(r, posted, "unit_id") : NULL,
	          R_(r, "Välj verksamhet"), UI_REQUIRED);
	ui_textarea(r, "need", R_(r, "Vad behöver du hjälp med?"),
	            posted ? ui_typed(r, posted, "need") : NULL,
	            R_(r, "Skriv med dina egna ord. Vilken hjälp får du nu? "
	                  "Vad fungerar inte?"),
	            UI_REQUIRED, 6);
	ui_submit(r, R_(r, "Skicka frågan"));
	ui_form_end(r);
	html_raw(r, "<p><a href=\"/citizen\">");
	html_text(r, R_(r, "Tillbaka till Min plan"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

static bool load(struct request *r, struct ctx *ctx,
                 struct citizen_ask_person **who, int *nwho,
                 struct unit **units, int *nunits)
{
	if (!citizen_ask_persons(ctx, who, nwho) ||
	    !citizen_ask_units(ctx, units, nunits)) {
		citizen_problem(r, &r->problem);
		return false;
	}
	return true;
}

void page_citizen_ask(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct citizen_ask_person *who;
	struct unit *units;
	int nwho, nunits;
	if (load(r, &ctx, &who, &nwho, &units, &nunits))
		ask_page(r, who, nwho, units, nunits, NULL);
}

void page_citizen_ask_post(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	bool ok = form_read(r, &r->problem, FIELDS(ask_fields), &f);
	struct citizen_ask_input in = {
		.person_id = form_num(&f, "person_id"),
		.unit_id = form_num(&f, "unit_id"),
		.need = form_text(&f, "need"),
	};
	int64_t plan_id = 0;
	if (ok && citizen_ask_sip(&ctx, &in, &plan_id)) {
		resp_redirect(r, "/citizen/ask?done=asked");
		return;
	}
	enum problem_kind kind = r->problem.kind;
	if (kind != PROBLEM_INVALID && kind != PROBLEM_THROTTLED) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct problem kept = r->problem;
	r->problem = (struct problem){0};
	struct citizen_ask_person *who;
	struct unit *units;
	int nwho, nunits;
	if (!load(r, &ctx, &who, &nwho, &units, &nunits))
		return;
	r->problem = kept;
	ask_page(r, who, nwho, units, nunits, &f);
	r->status = problem_http_status(kind);
}
