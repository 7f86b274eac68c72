/*
 * api_json.c — see api_json.h.
 */
#include "api/api_json.h"

void api_json_user(struct json_writer *w, const struct user *u,
                   const char *csrf_token)
{
	jw_object(w);
	jw_kint(w, "id", u->id);
	jw_kstr(w, "username", u->username);
	jw_kstr(w, "full_name", u->full_name);
	jw_kstr(w, "title", u->title);
	jw_kstr(w, "email", u->email);
	jw_kstr(w, "phone", u->phone);
	jw_kstr(w, "role", role_name(u->role));
	jw_kstr(w, "lang", u->lang);
	jw_kbool(w, "active", u->active);
	jw_key(w, "units");
	jw_array(w);
	for (int i = 0; i < u->nunits; i++) {
		const struct user_unit *x = &u->units[i];
		jw_object(w);
		jw_kint(w, "id", x->id);
		jw_kstr(w, "hsa_id", x->hsa_id);
		jw_kstr(w, "name", x->name);
		jw_kint(w, "principal_id", x->principal_id);
		jw_kstr(w, "principal_name", x->principal_name);
		jw_kstr(w, "principal_kind", principal_kind_name(x->principal_kind));
		jw_end(w);
	}
	jw_end(w);
	if (csrf_token)
		jw_kstr(w, "csrf_token", csrf_token);
	jw_end(w);
}

void api_json_unit(struct json_writer *w, const struct unit *u)
{
	jw_object(w);
	jw_kint(w, "id", u->id);
	jw_kstr(w, "hsa_id", u->hsa_id);
	jw_kstr(w, "name", u->name);
	jw_kint(w, "principal_id", u->principal_id);
	jw_kstr(w, "principal_name", u->principal_name);
	jw_kstr(w, "principal_kind", principal_kind_name(u->principal_kind));
	jw_kid(w, "parent_id", u->parent_id);
	jw_kstr(w, "email", u->email);
	jw_kstr(w, "phone", u->phone);
	jw_kstr(w, "postal_address", u->postal_address);
	jw_kbool(w, "active", u->active);
	jw_end(w);
}

void api_json_principal(struct json_writer *w, const struct principal *p)
{
	jw_object(w);
	jw_kint(w, "id", p->id);
	jw_kstr(w, "name", p->name);
	jw_kstr(w, "kind", principal_kind_name(p->kind));
	jw_kbool(w, "active", p->active);
	jw_end(w);
}
