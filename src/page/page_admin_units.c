/*
 * page_admin_units.c — units (verksamheter/enheter): a list grouped by
 * organisation, which `?principal_id=` narrows to one; a form to create
 * a unit and to change its HSA-id, name, organisation, parent unit,
 * contact details and whether it is active. Nothing is deleted.
 */
#include <string.h>

#include "base/limits.h"
#include "base/text.h"
#include "http/html.h"
#include "form/forms.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/org.h"

static const struct ui_option labels[] = {
	{"hsa_id", N_("Enhets-id (HSA-id)")},
	{"name", N_("Namn")},
	{"principal_id", N_("Organisation")},
	{"parent_id", N_("Överordnad enhet (i samma organisation)")},
	{"email", N_("E-post")},
	{"phone", N_("Telefon")},
	{"postal_address", N_("Postadress")},
	{"active", N_("Aktiv")},
	{NULL, NULL},
};

static const char *unit_url(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/admin/units/%lld", (long long)id);
}

static const char *id_text(struct request *r, int64_t id)
{
	return id ? arena_printf(&r->arena, "%lld", (long long)id) : NULL;
}

/* ---- the list ---- */

static void filter_form(struct request *r, const struct principal *all, int n,
                        int64_t selected)
{
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)n + 1);
	for (int i = 0; i < n; i++)
		o[i] = (struct ui_option){id_text(r, all[i].id), all[i].name};
	html_raw(r, "<form method=\"get\" action=\"/admin/units\" "
	            "class=\"narrow\">");
	ui_select(r, "principal_id", R_(r, "Visa enheterna för"), o, n,
	          id_text(r, selected), R_(r, "Alla organisationer"), 0);
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button secondary\">");
	html_text(r, R_(r, "Visa"));
	html_raw(r, "</button></div></form>");
}

static void table_head(struct request *r, int64_t principal_id)
{
	const char *heading = arena_printf(&r->arena, "p-%lld",
	                                   (long long)principal_id);
	ui_table_region(r, heading);
	html_raw(r, "<table aria-labelledby=\"");
	html_attr(r, heading);
	html_raw(r, "\"><thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Enhet"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Enhets-id"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Överordnad enhet"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Kontakt"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Status"));
	html_raw(r, "</th></tr></thead><tbody>");
}

static void unit_row(struct request *r, const struct unit *u)
{
	html_raw(r, "<tr><th scope=\"row\"><a href=\"");
	html_attr(r, unit_url(r, u->id));
	html_raw(r, "\">");
	html_text(r, u->name);
	html_raw(r, "</a></th><td>");
	html_text(r, u->hsa_id);
	html_raw(r, "</td><td>");
	html_text(r, u->parent_name ? u->parent_name : "–");
	html_raw(r, "</td><td>");
	if (u->email) {
		html_text(r, u->email);
		if (u->phone)
			html_raw(r, "<br>");
	}
	html_text(r, u->phone);
	if (!u->email && !u->phone)
		html_text(r, "–");
	html_raw(r, "</td><td>");
	html_raw(r, u->active ? "<span class=\"badge\">"
	                      : "<span class=\"badge inactive\">");
	html_text(r, u->active ? R_(r, "Aktiv") : R_(r, "Inaktiv"));
	html_raw(r, "</span></td></tr>");
}

/* A directory may hold tens of thousands of units: the list shows them
 * a page at a time. */
enum { UNITS_PER_PAGE = 250 };

static const char *list_url(struct request *r, int64_t filter, int64_t page)
{
	return filter ? arena_printf(&r->arena,
	                             "/admin/units?principal_id=%lld&page=%lld",
	                             (long long)filter, (long long)page)
	              : arena_printf(&r->arena, "/admin/units?page=%lld",
	                             (long long)page);
}

static void pager(struct request *r, int64_t filter, int64_t page,
                  int64_t pages)
{
	if (pages <= 1)
		return;
	html_raw(r, "<nav class=\"pager\" aria-label=\"");
	html_attr(r, R_(r, "Sidor"));
	html_raw(r, "\"><ul class=\"link-list\">");
	if (page > 1) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, list_url(r, filter, page - 1));
		html_raw(r, "\">");
		html_text(r, R_(r, "Föregående sida"));
		html_raw(r, "</a></li>");
	}
	if (page < pages) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, list_url(r, filter, page + 1));
		html_raw(r, "\">");
		html_text(r, R_(r, "Nästa sida"));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul></nav>");
}

void page_units(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t filter = 0, page = 1;
	const char *q = req_query(r, "principal_id");
	const char *pq = req_query(r, "page");
	if ((q && *q && !parse_id(q, &filter)) || (pq && !parse_id(pq, &page))) {
		problem_set(&r->problem, &r->arena, PROBLEM_BAD_REQUEST, "%s",
		            R_(r, "Adressen är felaktig. Välj organisation och "
		                  "sida med länkarna på sidan."));
		page_problem(r, &r->problem);
		return;
	}
	struct principal *principals, chosen;
	struct unit *units;
	int np, nu;
	if (!principal_list(&ctx, &principals, &np) ||
	    (filter && !principal_get(&ctx, filter, &chosen)) ||
	    !unit_list(&ctx, filter, false, &units, &nu)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, filter ? arena_printf(&r->arena, "%s – %s",
	                                      R_(r, "Enheter"), chosen.name)
	                       : R_(r, "Enheter"),
	             NAV_UNITS);
	page_flash(r);
	html_raw(r, "<div class=\"actions\">");
	ui_link_button(r, filter ? arena_printf(&r->arena,
	                                        "/admin/units/new?principal_id=%lld",
	                                        (long long)filter)
	                         : "/admin/units/new",
	               R_(r, "Ny enhet"));
	html_raw(r, "<a href=\"/admin/import\">");
	html_text(r, R_(r, "Importera organisationskatalog från fil"));
	html_raw(r, "</a></div>");
	if (np)
		filter_form(r, principals, np, filter);
	if (nu == 0) {
		html_raw(r, "<p>");
		html_text(r, filter ? R_(r, "Organisationen har inga enheter än.")
		                    : R_(r, "Det finns inga enheter än. Lägg upp "
		                            "en, eller importera hela katalogen "
		                            "från en CSV-fil."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	int64_t pages = (nu + UNITS_PER_PAGE - 1) / UNITS_PER_PAGE;
	if (page > pages)
		page = pages;
	int start = (int)((page - 1) * UNITS_PER_PAGE);
	int end = nu - start > UNITS_PER_PAGE ? start + UNITS_PER_PAGE : nu;
	html_raw(r, "<p>");
	html_textf(r, trn(r->lang, "%d enhet.", "%d enheter.", nu), nu);
	if (pages > 1) {
		html_raw(r, " ");
		html_textf(r, R_(r, "Sida %lld av %lld."), (long long)page,
		           (long long)pages);
	}
	html_raw(r, "</p>");
	/* unit_list orders by organisation, so each group is one run. */
	for (int i = start; i < end; i++) {
		const struct unit *u = &units[i];
		if (i == start || u->principal_id != units[i - 1].principal_id) {
			if (i > start)
				html_raw(r, "</tbody></table></div>");
			html_raw(r, "<h2 id=\"p-");
			html_int(r, u->principal_id);
			html_raw(r, "\">");
			html_text(r, u->principal_name);
			html_raw(r, " <span class=\"muted\">(");
			html_text(r, principal_kind_label(u->principal_kind, r->lang));
			html_raw(r, ")</span></h2>");
			table_head(r, u->principal_id);
		}
		unit_row(r, u);
	}
	html_raw(r, "</tbody></table></div>");
	pager(r, filter, page, pages);
	layout_end(r);
}

/* ---- the form ---- */

/* More possible parents than this are not offered in one select: the
 * form then offers the units of the chosen organisation only. */
enum { PARENTS_MAX = 1000 };

/* Select options: organisations (active ones, and the current one),
 * and possible parents: the units of the chosen organisation (a parent
 * must belong to the same one), or of every organisation while none is
 * chosen and the directory is small; never the unit itself. */
static bool form_options(struct request *r, int64_t self_id,
                         const char *current_principal,
                         struct ui_option **principals, int *np,
                         struct ui_option **parents, int *nparents)
{
	struct ctx ctx = page_ctx(r);
	struct principal *all;
	struct unit *units;
	int n, nu;
	int64_t chosen = 0;
	if (current_principal && !parse_id(current_principal, &chosen))
		chosen = 0;
	if (!principal_list(&ctx, &all, &n) ||
	    !unit_list(&ctx, chosen, false, &units, &nu))
		return false;
	if (!chosen && nu > PARENTS_MAX)
		nu = 0;
	*principals = arena_array(&r->arena, struct ui_option, (size_t)n + 1);
	*np = 0;
	for (int i = 0; i < n; i++) {
		const char *id = id_text(r, all[i].id);
		if (!all[i].active &&
		    !(current_principal && strcmp(current_principal, id) == 0))
			continue;
		(*principals)[(*np)++] = (struct ui_option){
			id, arena_printf(&r->arena, "%s (%s)", all[i].name,
			                 principal_kind_label(all[i].kind, r->lang))};
	}
	*parents = arena_array(&r->arena, struct ui_option, (size_t)nu + 1);
	*nparents = 0;
	for (int i = 0; i < nu; i++) {
		if (units[i].id == self_id)
			continue;
		(*parents)[(*nparents)++] = (struct ui_option){
			id_text(r, units[i].id),
			arena_printf(&r->arena, "%s – %s%s", units[i].name,
			             units[i].principal_name,
			             units[i].active ? "" : R_(r, " (inaktiv)"))};
	}
	return true;
}

/* Form values as text, as typed. */
struct unit_values {
	const char *hsa_id, *name, *principal_id, *parent_id;
	const char *email, *phone, *postal_address;
	bool active;
};

static void unit_form(struct request *r, int64_t id,
                      const struct unit_values *v)
{
	struct ui_option *principals, *parents;
	int np, nparents;
	if (!form_options(r, id, v->principal_id, &principals, &np, &parents,
	                  &nparents)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, id ? R_(r, "Ändra enhet") : R_(r, "Ny enhet"),
	             NAV_UNITS);
	ui_error_summary(r, &r->problem, labels);
	ui_form_begin(r, id ? unit_url(r, id) : "/admin/units");
	ui_input(r, "hsa_id", R_(r, "Enhets-id (HSA-id)"), v->hsa_id,
	         R_(r, "Enhetens id i HSA-katalogen eller er egen katalog: två "
	               "versaler följt av siffror, bokstäver eller bindestreck, "
	               "t.ex. SE2321000016-15CQ."),
	         UI_REQUIRED | UI_AUTOFOCUS, "off");
	ui_input(r, "name", R_(r, "Namn"), v->name,
	         R_(r, "T.ex. ”Vuxenpsykiatrisk öppenvårdsmottagning Ludvika”."),
	         UI_REQUIRED, "off");
	ui_select(r, "principal_id", R_(r, "Organisation"), principals, np,
	          v->principal_id, R_(r, "Välj organisation"), UI_REQUIRED);
	ui_select(r, "parent_id", R_(r, "Överordnad enhet (i samma organisation)"),
	          parents, nparents, v->parent_id,
	          R_(r, "Ingen överordnad enhet"), 0);
	ui_input(r, "email", R_(r, "E-post"), v->email,
	         R_(r, "Enhetens funktionsbrevlåda, dit kallelser kan gå."),
	         UI_EMAIL, "off");
	ui_input(r, "phone", R_(r, "Telefon"), v->phone, NULL, UI_TEL, "off");
	ui_input(r, "postal_address", R_(r, "Postadress"), v->postal_address,
	         R_(r, "För kallelser på papper, t.ex. ”Box 1, 771 81 "
	               "Ludvika”."),
	         0, "off");
	if (id)
		ui_checkbox(r, "active", R_(r, "Aktiv"), v->active,
		            R_(r, "En inaktiv enhet kan inte väljas för nya "
		                  "användare. Den tas aldrig bort, eftersom planer "
		                  "och loggen hänvisar till den."));
	ui_submit(r, id ? R_(r, "Spara ändringarna")
	                : R_(r, "Lägg upp enheten"));
	ui_form_end(r);
	html_raw(r, "<p><a href=\"/admin/units\">");
	html_text(r, R_(r, "Tillbaka till enheterna"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_unit_new(struct request *r)
{
	struct unit_values v = {.active = true};
	int64_t p;
	const char *q = req_query(r, "principal_id");
	if (q && parse_id(q, &p))
		v.principal_id = q;
	unit_form(r, 0, &v);
}

/* Read the form into v (as typed) and in (for the domain); false when
 * the door refused a field. */
static bool read_form(struct request *r, struct unit_values *v,
                      struct unit_input *in)
{
	struct form f;
	bool ok = form_read(r, &r->problem, unit_fields, unit_nfields, &f);
	*v = (struct unit_values){
		.hsa_id = ui_typed(r, &f, "hsa_id"),
		.name = ui_typed(r, &f, "name"),
		.principal_id = ui_typed(r, &f, "principal_id"),
		.parent_id = ui_typed(r, &f, "parent_id"),
		.email = ui_typed(r, &f, "email"),
		.phone = ui_typed(r, &f, "phone"),
		.postal_address = ui_typed(r, &f, "postal_address"),
		.active = form_bool(&f, "active"),
	};
	unit_input_from(&f, in);
	in->active = v->active;
	return ok;
}

void page_unit_create(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct unit_values v;
	struct unit_input in;
	int64_t id;
	if (read_form(r, &v, &in) && unit_create(&ctx, &in, &id)) {
		resp_redirect(r, arena_printf(&r->arena,
		                              "/admin/units?principal_id=%lld"
		                              "&done=created",
		                              (long long)in.principal_id));
		return;
	}
	int status = problem_http_status(r->problem.kind);
	unit_form(r, 0, &v);
	if (r->status == 200)
		r->status = status;
}

static bool load(struct request *r, int64_t *id, struct unit *u)
{
	struct ctx ctx = page_ctx(r);
	if (!req_path_id(r, "id", id))
		return ctx_not_found(&ctx);
	return unit_get(&ctx, *id, u);
}

void page_unit_edit(struct request *r)
{
	int64_t id;
	struct unit u;
	if (!load(r, &id, &u)) {
		page_problem(r, &r->problem);
		return;
	}
	struct unit_values v = {
		.hsa_id = u.hsa_id,
		.name = u.name,
		.principal_id = id_text(r, u.principal_id),
		.parent_id = id_text(r, u.parent_id),
		.email = u.email,
		.phone = u.phone,
		.postal_address = u.postal_address,
		.active = u.active,
	};
	unit_form(r, id, &v);
}

void page_unit_update(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	struct unit u;
	if (!load(r, &id, &u)) {
		page_problem(r, &r->problem);
		return;
	}
	struct unit_values v;
	struct unit_input in;
	if (read_form(r, &v, &in) && unit_update(&ctx, id, &in)) {
		resp_redirect(r, arena_printf(&r->arena,
		                              "/admin/units?principal_id=%lld"
		                              "&done=saved",
		                              (long long)in.principal_id));
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND) {
		page_problem(r, &r->problem);
		return;
	}
	int status = problem_http_status(r->problem.kind);
	unit_form(r, id, &v);
	if (r->status == 200)
		r->status = status;
}
