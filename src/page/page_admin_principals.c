/*
 * page_admin_principals.c — organisations: the principals (municipalities
 * and regions) and the other actors that take part in plans. A list with
 * each one's kind and number of units; a form to create one and to
 * change its name, kind and whether it is active. Nothing is deleted:
 * plans and the audit log refer to organisations for ever.
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
	{"name", N_("Namn")},
	{"kind", N_("Typ")},
	{"active", N_("Aktiv")},
	{NULL, NULL},
};

static const char *principal_url(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/admin/principals/%lld", (long long)id);
}

/* The table rows of the principals of one kind (all is by kind, name). */
static void principal_rows(struct request *r, const struct principal *all,
                           int n, enum principal_kind kind)
{
	for (int i = 0; i < n; i++) {
		const struct principal *p = &all[i];
		if (p->kind != kind)
			continue;
		html_raw(r, "<tr><th scope=\"row\"><a href=\"");
		html_attr(r, principal_url(r, p->id));
		html_raw(r, "\">");
		html_text(r, p->name);
		html_raw(r, "</a></th><td>");
		html_text(r, principal_kind_label(p->kind, r->lang));
		html_raw(r, "</td><td><a href=\"");
		html_attr(r, arena_printf(&r->arena, "/admin/units?principal_id=%lld",
		                          (long long)p->id));
		html_raw(r, "\">");
		html_textf(r, trn(r->lang, "%d enhet", "%d enheter", p->nunits),
		           p->nunits);
		html_raw(r, "</a></td><td>");
		html_raw(r, p->active ? "<span class=\"badge\">"
		                      : "<span class=\"badge inactive\">");
		html_text(r, p->active ? R_(r, "Aktiv") : R_(r, "Inaktiv"));
		html_raw(r, "</span></td></tr>");
	}
}

void page_principals(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct principal *all;
	int n;
	if (!principal_list(&ctx, &all, &n)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, R_(r, "Organisationer"), NAV_PRINCIPALS);
	page_flash(r);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Huvudmän – kommuner och regioner – och andra "
	                   "aktörer, som Försäkringskassan eller en skola, som "
	                   "deltar i samordnade individuella planer."));
	html_raw(r, "</p><div class=\"actions\">");
	ui_link_button(r, "/admin/principals/new", R_(r, "Ny organisation"));
	html_raw(r, "<a href=\"/admin/import\">");
	html_text(r, R_(r, "Importera organisationskatalog från fil"));
	html_raw(r, "</a></div>");
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Det finns inga organisationer än. Lägg upp "
		                   "en, eller importera hela katalogen från en "
		                   "CSV-fil."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	ui_table_region(r, "principals-caption");
	html_raw(r, "<table><caption id=\"principals-caption\">");
	html_text(r, R_(r, "Alla organisationer"));
	html_raw(r, "</caption><thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Namn"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Typ"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Enheter"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Status"));
	html_raw(r, "</th></tr></thead><tbody>");
	/* Municipalities, regions, then other actors; each by name. */
	principal_rows(r, all, n, PRINCIPAL_MUNICIPALITY);
	principal_rows(r, all, n, PRINCIPAL_REGION);
	principal_rows(r, all, n, PRINCIPAL_OTHER_ACTOR);
	html_raw(r, "</tbody></table></div>");
	layout_end(r);
}

static const struct ui_option *kind_options(struct request *r)
{
	struct ui_option *o = arena_array(&r->arena, struct ui_option, 3);
	o[0] = (struct ui_option){"municipality", R_(r, "Kommun")};
	o[1] = (struct ui_option){"region", R_(r, "Region")};
	o[2] = (struct ui_option){"other_actor",
	                          R_(r, "Annan aktör (inte huvudman)")};
	return o;
}

/* The form, new (id 0) or for principal id, with the values in `in`. */
static void principal_form(struct request *r, int64_t id,
                           const struct principal_input *in)
{
	layout_begin(r, id ? R_(r, "Ändra organisation")
	                   : R_(r, "Ny organisation"), NAV_PRINCIPALS);
	ui_error_summary(r, &r->problem, labels);
	ui_form_begin(r, id ? principal_url(r, id) : "/admin/principals");
	ui_input(r, "name", R_(r, "Namn"), in->name,
	         R_(r, "Som organisationen själv skriver det, t.ex. ”Ludvika "
	               "kommun” eller ”Region Dalarna”."),
	         UI_REQUIRED | UI_AUTOFOCUS, "off");
	ui_radio_group(r, "kind", R_(r, "Typ (obligatoriskt)"), kind_options(r),
	               3, in->kind,
	               R_(r, "Kommuner och regioner är huvudmän enligt lagen. "
	                     "Andra aktörer deltar i planer utan att vara "
	                     "huvudmän."));
	if (id)
		ui_checkbox(r, "active", R_(r, "Aktiv"), in->active,
		            R_(r, "En inaktiv organisation finns kvar men "
		                  "erbjuds inte när enheter läggs upp. Den tas "
		                  "aldrig bort, eftersom planer och loggen "
		                  "hänvisar till den."));
	ui_submit(r, id ? R_(r, "Spara ändringarna")
	                : R_(r, "Lägg upp organisationen"));
	ui_form_end(r);
	html_raw(r, "<p><a href=\"/admin/principals\">");
	html_text(r, R_(r, "Tillbaka till organisationerna"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_principal_new(struct request *r)
{
	struct principal_input in = {.active = true};
	principal_form(r, 0, &in);
}

/* Read the form; false when the door refused a field. */
static bool read_form(struct request *r, struct form *f,
                      struct principal_input *in)
{
	bool ok = form_read(r, &r->problem, principal_fields, principal_nfields, f);
	in->name = ui_typed(r, f, "name");
	in->kind = ui_typed(r, f, "kind");
	in->active = form_bool(f, "active");
	return ok;
}

void page_principal_create(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct principal_input in;
	int64_t id;
	if (read_form(r, &f, &in) && principal_create(&ctx, &in, &id)) {
		resp_redirect(r, "/admin/principals?done=created");
		return;
	}
	in.active = true;
	principal_form(r, 0, &in);
	r->status = problem_http_status(r->problem.kind);
}

void page_principal_edit(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	struct principal p;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!principal_get(&ctx, id, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	struct principal_input in = {
		.name = p.name,
		.kind = principal_kind_name(p.kind),
		.active = p.active,
	};
	principal_form(r, id, &in);
}

void page_principal_update(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	struct principal p;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!principal_get(&ctx, id, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	struct form f;
	struct principal_input in;
	if (read_form(r, &f, &in) && principal_update(&ctx, id, &in)) {
		resp_redirect(r, "/admin/principals?done=saved");
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND) {
		page_problem(r, &r->problem);
		return;
	}
	principal_form(r, id, &in);
	r->status = problem_http_status(r->problem.kind);
}
