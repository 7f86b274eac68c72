/*
 * page_admin_users.c — staff users: a list with role, units and whether
 * each is active; a form to create a user and to change one; and
 * separate buttons (each its own POST form) to deactivate and
 * reactivate. Users are never deleted: the audit log names them.
 *
 * A system administrator manages everyone. A unit administrator sees
 * the users of their own units and manages the professionals among
 * them: the form offers them only the role "professional" and only their
 * own units, and the domain (sip/access.c) enforces the same rule for
 * whatever is sent.
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
#include "sip/access.h"
#include "sip/capability.h"
#include "sip/org.h"
#include "sip/user.h"

static const struct ui_option labels[] = {
	{"username", N_("Användarnamn")},
	{"full_name", N_("Namn")},
	{"title", N_("Befattning")},
	{"email", N_("E-post")},
	{"phone", N_("Telefon")},
	{"role", N_("Roll")},
	{"unit_ids", N_("Enheter")},
	{"password", N_("Lösenord")},
	{NULL, NULL},
};

static const char *user_url(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/users/%lld%s", (long long)id,
	                    rest);
}

static bool is_system_admin(const struct request *r)
{
	return capability_granted(r->user, CAP_ADMIN);
}

/* May the caller change this user (not only see them)? */
static bool may_manage(struct request *r, const struct user *target)
{
	struct problem scratch = {0};
	struct ctx ctx = page_ctx(r);
	ctx.problem = &scratch;
	return access_may_manage_user(&ctx, target, NULL, 0, NULL);
}

static void status_badge(struct request *r, bool active)
{
	html_raw(r, active ? "<span class=\"badge\">"
	                   : "<span class=\"badge inactive\">");
	html_text(r, active ? R_(r, "Aktiv") : R_(r, "Inaktiv"));
	html_raw(r, "</span>");
}

static void unit_names(struct request *r, const struct user *u)
{
	for (int i = 0; i < u->nunits; i++) {
		if (i)
			html_raw(r, "<br>");
		html_text(r, u->units[i].name);
	}
	if (!u->nunits)
		html_text(r, "–");
}

/* ---- the list ---- */

void page_users(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct user *users;
	int n;
	if (!user_list(&ctx, &users, &n)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, R_(r, "Användare"), NAV_USERS);
	page_flash(r);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, is_system_admin(r)
	                     ? R_(r, "Alla som arbetar i samplan. Användare tas "
	                             "aldrig bort, bara inaktiveras, eftersom "
	                             "loggen hänvisar till dem.")
	                     : R_(r, "De som arbetar på dina enheter. Du kan "
	                             "lägga upp och ändra yrkesverksamma; "
	                             "användare tas aldrig bort, bara "
	                             "inaktiveras."));
	html_raw(r, "</p><div class=\"actions\">");
	ui_link_button(r, "/admin/users/new", R_(r, "Ny användare"));
	html_raw(r, "</div>");
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Det finns inga användare att visa."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	ui_table_region(r, "users-caption");
	html_raw(r, "<table><caption id=\"users-caption\">");
	html_textf(r, trn(r->lang, "%d användare", "%d användare", n), n);
	html_raw(r, "</caption><thead><tr><th scope=\"col\">");
	html_text(r, R_(r, "Namn"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Användarnamn"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Roll"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Enheter"));
	html_raw(r, "</th><th scope=\"col\">");
	html_text(r, R_(r, "Status"));
	html_raw(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct user *u = &users[i];
		html_raw(r, "<tr><th scope=\"row\"><a href=\"");
		html_attr(r, user_url(r, u->id, ""));
		html_raw(r, "\">");
		html_text(r, u->full_name);
		html_raw(r, "</a>");
		if (u->title) {
			html_raw(r, "<br><span class=\"muted\">");
			html_text(r, u->title);
			html_raw(r, "</span>");
		}
		html_raw(r, "</th><td>");
		html_text(r, u->username);
		html_raw(r, "</td><td>");
		html_text(r, role_label(u->role, r->lang));
		html_raw(r, "</td><td>");
		unit_names(r, u);
		html_raw(r, "</td><td>");
		status_badge(r, u->active);
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
	layout_end(r);
}

/* ---- the form ---- */

/* Form values as typed. */
struct user_values {
	const char *username, *full_name, *title, *email, *phone, *role;
	const int64_t *unit_ids;
	int nunits;
};

static bool has_id(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* A longer list of checkboxes is no help (and a directory of tens of
 * thousands would not fit in a page): then only the chosen units, the
 * units of their organisations and of the organisation picked with
 * ?principal_id= are offered. */
enum { UNIT_CHOICES_MAX = 2000 };

/* The units the caller may give: a system administrator any active
 * unit, a unit administrator their own; and those already chosen, so
 * nothing is silently dropped. *narrowed says the list was cut down. */
static bool unit_choices(struct request *r, const struct user_values *v,
                         struct ui_option **out, bool **checked, int *n,
                         bool *narrowed)
{
	struct ctx ctx = page_ctx(r);
	struct unit *all;
	int nall;
	if (!unit_list(&ctx, 0, false, &all, &nall))
		return false;
	int offered_count = 0;
	for (int i = 0; i < nall; i++)
		offered_count += is_system_admin(r) ? all[i].active
		                                    : user_in_unit(r->user, all[i].id);
	*narrowed = offered_count > UNIT_CHOICES_MAX;
	/* Narrowed: the organisations of the chosen units, and the one
	 * picked. */
	int64_t *orgs = arena_array(&r->arena, int64_t, (size_t)v->nunits + 2);
	int norgs = 0;
	const char *q = req_query(r, "principal_id");
	if (q && parse_id(q, &orgs[0]))
		norgs = 1;
	for (int i = 0; *narrowed && i < nall; i++)
		if (has_id(v->unit_ids, v->nunits, all[i].id) &&
		    !has_id(orgs, norgs, all[i].principal_id))
			orgs[norgs++] = all[i].principal_id;
	*out = arena_array(&r->arena, struct ui_option, (size_t)nall + 1);
	*checked = arena_array(&r->arena, bool, (size_t)nall + 1);
	*n = 0;
	for (int i = 0; i < nall; i++) {
		const struct unit *u = &all[i];
		bool chosen = has_id(v->unit_ids, v->nunits, u->id);
		bool offered = is_system_admin(r) ? u->active
		                                  : user_in_unit(r->user, u->id);
		if (offered && *narrowed)
			offered = has_id(orgs, norgs, u->principal_id);
		if (!offered && !chosen)
			continue;
		(*out)[*n] = (struct ui_option){
			arena_printf(&r->arena, "%lld", (long long)u->id),
			arena_printf(&r->arena, "%s (%s)%s", u->name,
			             u->principal_name,
			             u->active ? "" : R_(r, " – inaktiv"))};
		(*checked)[*n] = chosen;
		(*n)++;
	}
	return true;
}

static void facts(struct request *r, const struct user *u)
{
	html_raw(r, "<dl class=\"facts\"><dt>");
	html_text(r, R_(r, "Status"));
	html_raw(r, "</dt><dd>");
	status_badge(r, u->active);
	if (!u->active && u->deactivated_at) {
		html_raw(r, " ");
		html_textf(r, R_(r, "sedan %s"), ui_date(r, u->deactivated_at));
	}
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Roll"));
	html_raw(r, "</dt><dd>");
	html_text(r, role_label(u->role, r->lang));
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Enheter"));
	html_raw(r, "</dt><dd>");
	unit_names(r, u);
	html_raw(r, "</dd><dt>");
	html_text(r, R_(r, "Upplagd"));
	html_raw(r, "</dt><dd>");
	html_text(r, ui_date(r, u->created_at));
	html_raw(r, "</dd></dl>");
}

/* Deactivate or reactivate: its own form and button. */
static void activation_form(struct request *r, const struct user *u)
{
	html_raw(r, "<h2>");
	html_text(r, u->active ? R_(r, "Inaktivera användaren")
	                       : R_(r, "Aktivera användaren igen"));
	html_raw(r, "</h2>");
	if (r->user && r->user->id == u->id) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Du kan inte inaktivera dig själv. Be en annan "
		                   "administratör om det behövs."));
		html_raw(r, "</p>");
		return;
	}
	html_raw(r, "<p>");
	html_text(r, u->active
	                     ? R_(r, "En inaktiverad användare kan inte logga "
	                             "in, och pågående inloggningar och "
	                             "API-nycklar slutar gälla direkt. "
	                             "Användaren tas inte bort och kan "
	                             "aktiveras igen.")
	                     : R_(r, "Användaren kan logga in igen med sitt "
	                             "lösenord. Gamla API-nycklar förblir "
	                             "återkallade."));
	html_raw(r, "</p>");
	ui_form_begin(r, user_url(r, u->id, u->active ? "/deactivate"
	                                              : "/reactivate"));
	html_raw(r, u->active ? "<div class=\"actions\"><button type=\"submit\" "
	                        "class=\"button danger\">"
	                      : "<div class=\"actions\"><button type=\"submit\" "
	                        "class=\"button\">");
	html_text(r, u->active ? R_(r, "Inaktivera användaren")
	                       : R_(r, "Aktivera användaren"));
	html_raw(r, "</button></div>");
	ui_form_end(r);
}

/* With a large directory: a GET form to pick the organisation whose
 * units the form offers. */
static bool organisation_picker(struct request *r, const struct user *target)
{
	struct ctx ctx = page_ctx(r);
	struct principal *all;
	int n;
	if (!principal_list(&ctx, &all, &n)) {
		page_problem(r, &r->problem);
		return false;
	}
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)n + 1);
	for (int i = 0; i < n; i++)
		o[i] = (struct ui_option){
			arena_printf(&r->arena, "%lld", (long long)all[i].id),
			all[i].name};
	html_raw(r, "<form method=\"get\" action=\"");
	html_attr(r, target ? user_url(r, target->id, "") : "/admin/users/new");
	html_raw(r, "\" class=\"narrow\"><p>");
	html_text(r, R_(r, "Katalogen har för många enheter för att visa alla. "
	                   "Välj först organisationen vars enheter du vill "
	                   "kunna välja (det du redan har skrivit i formuläret "
	                   "nedan sparas inte)."));
	html_raw(r, "</p>");
	ui_select(r, "principal_id", R_(r, "Visa enheterna för"), o, n,
	          req_query(r, "principal_id"), R_(r, "Välj organisation"), 0);
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button secondary\">");
	html_text(r, R_(r, "Visa enheterna"));
	html_raw(r, "</button></div></form>");
	return true;
}

/* The form: new (target NULL) or for target, with the values in v. */
static void user_form(struct request *r, const struct user *target,
                      const struct user_values *v)
{
	struct ui_option *units;
	bool *checked;
	int nunits;
	bool narrowed;
	if (!unit_choices(r, v, &units, &checked, &nunits, &narrowed)) {
		page_problem(r, &r->problem);
		return;
	}
	layout_begin(r, target ? target->full_name : R_(r, "Ny användare"),
	             NAV_USERS);
	page_flash(r);
	ui_error_summary(r, &r->problem, labels);
	bool editable = !target || may_manage(r, target);
	if (target)
		facts(r, target);
	if (!editable) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, R_(r, "Du kan se den här användaren men inte ändra "
		                   "den. Enhetsadministratörer ändrar bara "
		                   "yrkesverksamma vars alla enheter är deras "
		                   "egna; be en systemadministratör om annat."));
		html_raw(r, "</p><p><a href=\"/admin/users\">");
		html_text(r, R_(r, "Tillbaka till användarna"));
		html_raw(r, "</a></p>");
		layout_end(r);
		return;
	}
	if (target) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Ändra uppgifter"));
		html_raw(r, "</h2>");
	}
	if (narrowed && !organisation_picker(r, target))
		return;
	ui_form_begin(r, target ? user_url(r, target->id, "") : "/admin/users");
	ui_input(r, "full_name", R_(r, "Namn"), v->full_name, NULL,
	         UI_REQUIRED | (target ? 0 : UI_AUTOFOCUS), "off");
	ui_input(r, "username", R_(r, "Användarnamn"), v->username,
	         R_(r, "2–64 tecken: små bokstäver a–z, siffror, punkt, "
	               "understreck eller bindestreck; börjar med en bokstav. "
	               "T.ex. eva.lind."),
	         UI_REQUIRED, "off");
	ui_input(r, "title", R_(r, "Befattning"), v->title,
	         R_(r, "T.ex. kurator, sjuksköterska eller handläggare."), 0,
	         "off");
	ui_input(r, "email", R_(r, "E-post"), v->email, NULL, UI_EMAIL, "off");
	ui_input(r, "phone", R_(r, "Telefon"), v->phone, NULL, UI_TEL, "off");
	struct ui_option roles[5];
	int nroles = 0;
	roles[nroles++] = (struct ui_option){
		"professional", role_label(ROLE_PROFESSIONAL, r->lang)};
	if (is_system_admin(r)) {
		roles[nroles++] = (struct ui_option){
			"unit_admin", role_label(ROLE_UNIT_ADMIN, r->lang)};
		roles[nroles++] = (struct ui_option){
			"system_admin", role_label(ROLE_SYSTEM_ADMIN, r->lang)};
		roles[nroles++] = (struct ui_option){
			"audit_reviewer", role_label(ROLE_AUDIT_REVIEWER, r->lang)};
		roles[nroles++] = (struct ui_option){
			"agreement_follow_up",
			role_label(ROLE_AGREEMENT_FOLLOW_UP, r->lang)};
	}
	ui_radio_group(r, "role", R_(r, "Roll (obligatoriskt)"), roles, nroles,
	               v->role,
	               is_system_admin(r)
	                       ? R_(r, "Yrkesverksamma arbetar med planer. "
	                               "Enhetsadministratörer lägger dessutom "
	                               "upp yrkesverksamma på sina enheter. "
	                               "Systemadministratörer sköter "
	                               "organisationer, enheter och användare "
	                               "men läser inga planer. Logggranskare "
	                               "granskar loggen över vem som har läst "
	                               "vad, men läser inga planer. "
	                               "Uppföljningsgruppen följer upp "
	                               "överenskommelsen i statistiken, utan "
	                               "personuppgifter, och läser inga "
	                               "planer.")
	                       : R_(r, "Som enhetsadministratör lägger du upp "
	                               "yrkesverksamma."));
	ui_checkbox_group(r, "unit_ids", R_(r, "Enheter"), units, nunits,
	                  checked,
	                  narrowed
	                          ? R_(r, "Här visas de valda enheterna och "
	                                  "enheterna i deras organisationer och "
	                                  "i den organisation du har valt "
	                                  "överst på sidan.")
	                  : is_system_admin(r)
	                          ? R_(r, "Där användaren arbetar; minst en. "
	                                  "Systemadministratörer och "
	                                  "logggranskare behöver ingen enhet.")
	                          : R_(r, "Där användaren arbetar; minst en av "
	                                  "dina enheter."));
	ui_input(r, "password",
	         target ? R_(r, "Nytt lösenord") : R_(r, "Första lösenord"),
	         NULL,
	         target ? R_(r, "Lämna tomt för att behålla lösenordet. Ett "
	                        "nytt lösenord (minst 12 tecken) loggar ut "
	                        "användaren överallt.")
	                : R_(r, "Minst 12 tecken. Lämna det till användaren på "
	                        "ett säkert sätt; hen kan byta det under Mitt "
	                        "konto."),
	         UI_PASSWORD | (target ? 0 : UI_REQUIRED), "new-password");
	ui_submit(r, target ? R_(r, "Spara ändringarna")
	                    : R_(r, "Lägg upp användaren"));
	ui_form_end(r);
	if (target)
		activation_form(r, target);
	html_raw(r, "<p><a href=\"/admin/users\">");
	html_text(r, R_(r, "Tillbaka till användarna"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_user_new(struct request *r)
{
	struct user_values v = {.role = "professional"};
	/* A unit administrator with one unit: chosen already. */
	if (!is_system_admin(r) && r->user->nunits == 1) {
		v.unit_ids = &r->user->units[0].id;
		v.nunits = 1;
	}
	user_form(r, NULL, &v);
}

/* Read the form into v (as typed) and in (for the domain); false when
 * the door refused a field. */
static bool read_form(struct request *r, struct user_values *v,
                      struct user_input *in)
{
	struct form f;
	bool ok = form_read(r, &r->problem, user_fields, user_nfields, &f);
	const struct form_value *units = form_value(&f, "unit_ids");
	*v = (struct user_values){
		.username = ui_typed(r, &f, "username"),
		.full_name = ui_typed(r, &f, "full_name"),
		.title = ui_typed(r, &f, "title"),
		.email = ui_typed(r, &f, "email"),
		.phone = ui_typed(r, &f, "phone"),
		.role = ui_typed(r, &f, "role"),
		.unit_ids = units->ids,
		.nunits = units->nlist,
	};
	user_input_from(&f, in);
	return ok;
}

static void refail(struct request *r, const struct user *target,
                   const struct user_values *v)
{
	int status = problem_http_status(r->problem.kind);
	user_form(r, target, v);
	if (r->status == 200)
		r->status = status;
}

void page_user_create(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct user_values v;
	struct user_input in;
	int64_t id;
	if (read_form(r, &v, &in) && user_create(&ctx, &in, &id)) {
		resp_redirect(r, user_url(r, id, "?done=created"));
		return;
	}
	refail(r, NULL, &v);
}

/* The user named by the path, if the caller may see them. */
static bool load(struct request *r, struct user *u)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	if (!req_path_id(r, "id", &id))
		return ctx_not_found(&ctx);
	return user_get(&ctx, id, u);
}

static void values_of(struct request *r, const struct user *u,
                      struct user_values *v)
{
	int64_t *ids = arena_array(&r->arena, int64_t, (size_t)u->nunits + 1);
	for (int i = 0; i < u->nunits; i++)
		ids[i] = u->units[i].id;
	*v = (struct user_values){
		.username = u->username,
		.full_name = u->full_name,
		.title = u->title,
		.email = u->email,
		.phone = u->phone,
		.role = role_name(u->role),
		.unit_ids = ids,
		.nunits = u->nunits,
	};
}

void page_user_edit(struct request *r)
{
	struct user u;
	if (!load(r, &u)) {
		page_problem(r, &r->problem);
		return;
	}
	struct user_values v;
	values_of(r, &u, &v);
	user_form(r, &u, &v);
}

void page_user_update(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct user u;
	if (!load(r, &u)) {
		page_problem(r, &r->problem);
		return;
	}
	struct user_values v;
	struct user_input in;
	bool ok = read_form(r, &v, &in);
	in.lang = u.lang; /* not on the form: keep the user's choice */
	if (ok && user_update(&ctx, u.id, &in)) {
		resp_redirect(r, user_url(r, u.id, "?done=saved"));
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND) {
		page_problem(r, &r->problem);
		return;
	}
	refail(r, &u, &v);
}

static void set_active(struct request *r, bool active)
{
	struct ctx ctx = page_ctx(r);
	struct user u;
	if (!load(r, &u)) {
		page_problem(r, &r->problem);
		return;
	}
	bool ok = active ? user_reactivate(&ctx, u.id)
	                 : user_deactivate(&ctx, u.id);
	if (ok) {
		resp_redirect(r, user_url(r, u.id, active ? "?done=reactivated"
		                                          : "?done=deactivated"));
		return;
	}
	if (r->problem.kind == PROBLEM_NOT_FOUND ||
	    r->problem.kind == PROBLEM_UNAVAILABLE ||
	    r->problem.kind == PROBLEM_INTERNAL) {
		page_problem(r, &r->problem);
		return;
	}
	/* Refused (yourself, not yours): the user's page says why. */
	struct user_values v;
	values_of(r, &u, &v);
	refail(r, &u, &v);
}

void page_user_deactivate(struct request *r) { set_active(r, false); }

void page_user_reactivate(struct request *r) { set_active(r, true); }
