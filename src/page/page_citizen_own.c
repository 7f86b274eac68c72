/*
 * page_citizen_own.c — the individual's own part of their plan
 * (GET and POST /citizen/plans/{id}/own; h/cown): their own words about
 * how things are and what matters to them, and their own goals beside
 * the agreed ones — a list they add to, change and remove from.
 *
 * The rules are own_part.h's: who may write (the adult individual, a
 * child of 15-17, a guardian of a child), that nothing written is lost
 * (every save is kept as history), the audit. The page is one form for
 * the two texts and one small form per goal, each posting to the same
 * address with an "action" (text, goal_add, goal_edit, goal_remove). A
 * refused post shows the page again with what was typed and what to fix.
 */
#include <string.h>

#include "base/limits.h"
#include "http/html.h"
#include "http/input.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/own_part.h"

static const struct field own_fields[] = {
	{"action", FIELD_TEXT, 32},
	{"situation", FIELD_MULTILINE, 4 * LIMIT_TEXT},
	{"matters", FIELD_MULTILINE, 4 * LIMIT_TEXT},
	{"goal", FIELD_TEXT, 4 * LIMIT_SHORT},
	{"goal_id", FIELD_ID, 0},
};

/* The error summary shows the messages alone: each says what to do,
 * and the fields' labels are questions. */
static const struct ui_option labels[] = {
	{NULL, NULL},
};

static const struct ui_option flashes[] = {
	{"saved", N_("Det du skrev är sparat.")},
	{"goal_added", N_("Ditt mål är sparat.")},
	{"goal_saved", N_("Ditt mål är ändrat.")},
	{"goal_removed", N_("Målet är borttaget.")},
	{"unchanged", N_("Du ändrade inget. Inget nytt sparades.")},
};

static void flash(struct request *r)
{
	const char *key = req_query(r, "done");
	for (size_t i = 0; key && i < sizeof flashes / sizeof *flashes; i++)
		if (strcmp(key, flashes[i].value) == 0) {
			html_raw(r, "<div class=\"flash\" role=\"status\">");
			html_text(r, R_(r, flashes[i].label));
			html_raw(r, "</div>");
			return;
		}
}

static const char *own_url(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld/own%s",
	                    (long long)id, rest);
}

static void written_line(struct request *r, const char *as, int64_t at)
{
	html_raw(r, "<p class=\"hint\">");
	html_textf(r, "%s, %s.", own_part_written_as_label(as, r->lang),
	           ui_date(r, at));
	html_raw(r, "</p>");
}

/* The action the refused post was, and which goal (for refilling). */
struct posted {
	const struct form *f;
	const char *action;
	int64_t goal_id;
};

static const char *typed(struct request *r, const struct posted *p,
                         const char *action, int64_t goal_id,
                         const char *name, const char *stored)
{
	if (p->f && p->action && strcmp(p->action, action) == 0 &&
	    p->goal_id == goal_id)
		return ui_typed(r, p->f, name);
	return stored;
}

/* The id scope of each form on the page, so the fields' ids, errors and
 * the error summary's links differ between the forms. */
static const char *scope_of(struct request *r, const char *action,
                            int64_t goal_id)
{
	if (action && strcmp(action, "goal_add") == 0)
		return "new-goal";
	if (action && strncmp(action, "goal_", 5) == 0)
		return arena_printf(&r->arena, "goal-%lld", (long long)goal_id);
	return "text";
}

/* Render one form with the posted problem only if it is the form that
 * was posted: the same field name ("goal") is in every goal's form. */
struct form_scope {
	const char *was_scope;
	struct problem kept;
	bool hidden;
};

static void form_scope_begin(struct request *r, const struct posted *p,
                             const char *scope, struct form_scope *fs)
{
	fs->was_scope = ui_id_scope(scope);
	fs->hidden = !p->f || strcmp(scope, scope_of(r, p->action,
	                                             p->goal_id)) != 0;
	if (fs->hidden) {
		fs->kept = r->problem;
		r->problem = (struct problem){0};
	}
}

static void form_scope_end(struct request *r, struct form_scope *fs)
{
	if (fs->hidden)
		r->problem = fs->kept;
	ui_id_scope(fs->was_scope);
}

static void goal_buttons(struct request *r)
{
	html_raw(r, "<div class=\"actions\"><button type=\"submit\""
	            " class=\"button\" name=\"action\" value=\"goal_edit\">");
	html_text(r, R_(r, "Spara målet"));
	html_raw(r, "</button> <button type=\"submit\" class=\"button"
	            " secondary\" name=\"action\" value=\"goal_remove\">");
	html_text(r, R_(r, "Ta bort målet"));
	html_raw(r, "</button></div>");
}

static void own_page(struct request *r, int64_t id, const struct own_part *o,
                     const struct posted *p)
{
	citizen_begin(r, R_(r, "Min egen del av planen"));
	flash(r);
	const char *was = ui_id_scope(p->f ? scope_of(r, p->action, p->goal_id)
	                                   : NULL);
	ui_error_summary(r, &r->problem, labels);
	ui_id_scope(was);
	struct form_scope fs;
	html_raw(r, "<p>");
	html_text(r, R_(r, "Här skriver du själv. Skriv med dina egna ord. Det "
	                   "du skriver syns för dem som arbetar med din plan. "
	                   "De tar med det till nästa möte."));
	html_raw(r, "</p><p>");
	html_text(r, R_(r, "Du kan ändra det du skrivit när du vill. Det du "
	                   "skrev förut sparas också."));
	html_raw(r, "</p>");

	html_raw(r, "<h2>");
	html_text(r, R_(r, "Med mina egna ord"));
	html_raw(r, "</h2>");
	form_scope_begin(r, p, "text", &fs);
	ui_form_begin(r, own_url(r, id, ""));
	ui_hidden(r, "action", "text");
	ui_textarea(r, "situation", R_(r, "Hur har du det nu?"),
	            typed(r, p, "text", 0, "situation", o->situation),
	            R_(r, "Till exempel hur du mår, hur du bor, skola eller "
	                  "arbete."),
	            0, 6);
	if (o->situation)
		written_line(r, o->situation_as, o->situation_at);
	ui_textarea(r, "matters", R_(r, "Vad är viktigt för dig?"),
	            typed(r, p, "text", 0, "matters", o->matters),
	            R_(r, "Vad vill du ska bli bättre? Vad vill du att de "
	                  "vet?"),
	            0, 6);
	if (o->matters)
		written_line(r, o->matters_as, o->matters_at);
	ui_submit(r, R_(r, "Spara det jag skrev"));
	ui_form_end(r);
	form_scope_end(r, &fs);

	html_raw(r, "<h2>");
	html_text(r, R_(r, "Mina egna mål"));
	html_raw(r, "</h2><p>");
	html_text(r, R_(r, "Målen i planen har ni kommit överens om "
	                   "tillsammans. Här kan du skriva egna mål också."));
	html_raw(r, "</p>");
	if (!o->ngoals) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Du har inga egna mål än."));
		html_raw(r, "</p>");
	}
	for (int i = 0; i < o->ngoals; i++) {
		const struct own_goal *g = &o->goals[i];
		form_scope_begin(r, p, scope_of(r, "goal_edit", g->id), &fs);
		ui_form_begin(r, own_url(r, id, ""));
		ui_hidden(r, "goal_id", arena_printf(&r->arena, "%lld",
		                                     (long long)g->id));
		ui_input(r, "goal",
		         arena_printf(&r->arena, R_(r, "Mitt mål %d"), i + 1),
		         typed(r, p, "goal_edit", g->id, "goal", g->text),
		         NULL, UI_REQUIRED, "off");
		written_line(r, g->written_as, g->written_at);
		goal_buttons(r);
		ui_form_end(r);
		form_scope_end(r, &fs);
	}
	if (o->ngoals < OWN_GOALS_MAX) {
		form_scope_begin(r, p, "new-goal", &fs);
		ui_form_begin(r, own_url(r, id, ""));
		ui_hidden(r, "action", "goal_add");
		ui_input(r, "goal", R_(r, "Nytt mål"),
		         typed(r, p, "goal_add", 0, "goal", NULL),
		         R_(r, "Skriv ett mål med en mening. Till exempel: Jag "
		               "vill kunna sova på natten."),
		         UI_REQUIRED, "off");
		ui_submit(r, R_(r, "Lägg till målet"));
		ui_form_end(r);
		form_scope_end(r, &fs);
	}
	html_raw(r, "<p><a href=\"");
	html_attr(r, arena_printf(&r->arena, "/citizen/plans/%lld",
	                          (long long)id));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till din plan"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

void page_citizen_own(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct own_part o;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		citizen_problem(r, &r->problem);
		return;
	}
	if (!own_part_get(&ctx, id, &o)) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct posted none = {0};
	own_page(r, id, &o, &none);
}

void page_citizen_own_post(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		citizen_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, FIELDS(own_fields), &f);
	const char *action = form_text(&f, "action");
	int64_t goal_id = form_num(&f, "goal_id");
	const char *done = NULL;
	if (ok && action && strcmp(action, "text") == 0) {
		bool changed = false;
		ok = own_part_save(&ctx, id, form_text(&f, "situation"),
		                   form_text(&f, "matters"), &changed);
		done = changed ? "saved" : "unchanged";
	} else if (ok && action && strcmp(action, "goal_add") == 0) {
		ok = own_goal_add(&ctx, id, form_text(&f, "goal"), NULL);
		done = "goal_added";
	} else if (ok && action && strcmp(action, "goal_edit") == 0) {
		ok = own_goal_edit(&ctx, id, goal_id, form_text(&f, "goal"));
		done = "goal_saved";
	} else if (ok && action && strcmp(action, "goal_remove") == 0) {
		ok = own_goal_remove(&ctx, id, goal_id);
		done = "goal_removed";
	} else if (ok) {
		ok = problem_set(&r->problem, &r->arena, PROBLEM_BAD_REQUEST, "%s",
		                 R_(r, "Något gick fel med formuläret. Ladda om "
		                       "sidan och försök igen."));
	}
	if (ok) {
		resp_redirect(r, own_url(r, id, arena_printf(&r->arena,
		                                             "?done=%s", done)));
		return;
	}
	enum problem_kind kind = r->problem.kind;
	if (kind != PROBLEM_INVALID) {
		citizen_problem(r, &r->problem);
		return;
	}
	/* Show the page again with what was typed and what to fix. */
	struct problem kept = r->problem;
	r->problem = (struct problem){0};
	struct own_part o;
	if (!own_part_get(&ctx, id, &o)) {
		citizen_problem(r, &r->problem);
		return;
	}
	r->problem = kept;
	struct posted p = {&f, action, goal_id};
	own_page(r, id, &o, &p);
	r->status = problem_http_status(kind);
}
