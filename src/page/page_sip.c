/*
 * page_sip.c — small pieces shared by the SIP screens (see page_sip.h).
 */
#include "page/page_sip.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/ui.h"
#include "sip/personnummer.h"

const char *sip_pnr(struct request *r, const char *canonical)
{
	char out[14];
	if (!canonical)
		return "–";
	personnummer_display(canonical, out);
	return arena_strdup(&r->arena, out);
}

const char *sip_id(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

const char *sip_plan_url(struct request *r, int64_t plan_id, const char *rest)
{
	return arena_printf(&r->arena, "/plans/%lld%s", (long long)plan_id, rest);
}

const char *sip_person_url(struct request *r, int64_t person_id,
                           const char *rest)
{
	return arena_printf(&r->arena, "/persons/%lld%s", (long long)person_id,
	                    rest);
}

const char *sip_person_name(struct request *r, const struct person *p)
{
	return arena_printf(&r->arena, "%s %s", p->given_name, p->family_name);
}

bool sip_has_id(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

bool sip_has_text(const char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (list[i] && s && strcmp(list[i], s) == 0)
			return true;
	return false;
}

void sip_protected_badge(struct request *r, bool protected_identity)
{
	if (!protected_identity)
		return;
	html_raw(r, " ");
	ui_badge(r, "protected", R_(r, "Skyddade personuppgifter"));
}

/* Closed and declined read as finished; the rest as under way. */
void sip_state_badge(struct request *r, enum plan_state s)
{
	ui_badge(r, plan_state_open(s) ? "state" : "state done",
	         plan_state_label(s, r->lang));
}

void sip_person_line(struct request *r, const struct person *p)
{
	html_raw(r, "<p class=\"person-line\"><span>");
	html_text(r, R_(r, "Personnummer"));
	html_raw(r, " ");
	html_text(r, sip_pnr(r, p->personnummer));
	if (p->coordination_number) {
		html_raw(r, " ");
		html_text(r, R_(r, "(samordningsnummer)"));
	}
	html_raw(r, "</span> <span>");
	html_textf(r, R_(r, "%d år"), p->age);
	html_raw(r, "</span>");
	if (p->is_child) {
		html_raw(r, " ");
		ui_badge(r, "child", R_(r, "Barn"));
	}
	sip_protected_badge(r, p->protected_identity);
	if (p->interpreter_language) {
		html_raw(r, " <span>");
		html_textf(r, R_(r, "Tolk: %s"), p->interpreter_language);
		html_raw(r, "</span>");
	}
	html_raw(r, "</p>");
}

void sip_heading(struct request *r, int level, const char *text,
                 const char *id)
{
	html_raw(r, level <= 2 ? "<h2" : level == 3 ? "<h3" : "<h4");
	if (id) {
		html_raw(r, " id=\"");
		html_attr(r, id);
		html_raw(r, "\"");
	}
	html_raw(r, ">");
	html_text(r, text);
	html_raw(r, level <= 2 ? "</h2>" : level == 3 ? "</h3>" : "</h4>");
}

void sip_fact(struct request *r, const char *term, const char *text)
{
	html_raw(r, "<dt>");
	html_text(r, term);
	html_raw(r, "</dt><dd class=\"text\">");
	html_text(r, text ? text : "–");
	html_raw(r, "</dd>");
}

const char *sip_withheld(struct request *r, enum field_category c)
{
	return arena_printf(&r->arena, R_(r, "Dold: samtycket omfattar inte %s"),
	                    consent_scope_label(field_category_scope(c), r->lang));
}

const char *sip_field(struct request *r, const struct access_view *v,
                      enum field_id f, const char *value)
{
	return access_sees(v, f) ? value : sip_withheld(r, field_category(f));
}

void sip_text(struct request *r, const char *text)
{
	html_raw(r, "<p class=\"text\">");
	html_text(r, text ? text : "–");
	html_raw(r, "</p>");
}

void sip_table_begin(struct request *r, const char *labelledby,
                     const char *cls)
{
	ui_table_region(r, labelledby);
	html_raw(r, "<table");
	if (cls) {
		html_raw(r, " class=\"");
		html_attr(r, cls);
		html_raw(r, "\"");
	}
	html_raw(r, " aria-labelledby=\"");
	html_attr(r, labelledby);
	html_raw(r, "\">");
}

const char *sip_value_at(struct request *r, const struct form *f, size_t i)
{
	return ui_typed(r, f, f->fields[i].name);
}

const char *sip_value(struct request *r, const struct form *f,
                      const char *name, const char *def)
{
	return f ? ui_typed(r, f, name) : def;
}

bool sip_row_field(const char *field, const char *list, int *index,
                   const char **rest)
{
	size_t n = strlen(list);
	if (strncmp(field, list, n) != 0 || field[n] != '[')
		return false;
	char *end;
	long i = strtol(field + n + 1, &end, 10);
	if (end == field + n + 1 || *end != ']' || i < 0 || i > 100000)
		return false;
	*index = (int)i;
	*rest = end + 1;
	return true;
}

bool sip_refused(struct request *r)
{
	switch (r->problem.kind) {
	case PROBLEM_NOT_FOUND:
	case PROBLEM_FORBIDDEN:
	case PROBLEM_UNAVAILABLE:
	case PROBLEM_INTERNAL:
	case PROBLEM_TOO_LARGE:
	case PROBLEM_BAD_REQUEST:
		page_problem(r, &r->problem);
		return true;
	default:
		return false;
	}
}
