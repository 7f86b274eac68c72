/*
 * api_json.c — see api_json.h.
 */
#include "api/api_json.h"

#include "http/json.h"

json_t *api_json_user(const struct user *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "username", json_string(u->username));
	json_object_set_new(o, "full_name", json_string(u->full_name));
	json_object_set_new(o, "title", json_str_or_null(u->title));
	json_object_set_new(o, "email", json_str_or_null(u->email));
	json_object_set_new(o, "phone", json_str_or_null(u->phone));
	json_object_set_new(o, "role", json_string(role_name(u->role)));
	json_object_set_new(o, "lang", json_str_or_null(u->lang));
	json_object_set_new(o, "active", json_boolean(u->active));
	json_t *units = json_array();
	for (int i = 0; i < u->nunits; i++) {
		const struct user_unit *x = &u->units[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(x->id));
		json_object_set_new(j, "hsa_id", json_string(x->hsa_id));
		json_object_set_new(j, "name", json_string(x->name));
		json_object_set_new(j, "principal_id", json_integer(x->principal_id));
		json_object_set_new(j, "principal_name", json_string(x->principal_name));
		json_object_set_new(j, "principal_kind",
		                    json_string(principal_kind_name(x->principal_kind)));
		json_array_append_new(units, j);
	}
	json_object_set_new(o, "units", units);
	return o;
}

json_t *api_json_unit(const struct unit *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "hsa_id", json_string(u->hsa_id));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "principal_id", json_integer(u->principal_id));
	json_object_set_new(o, "principal_name", json_string(u->principal_name));
	json_object_set_new(o, "principal_kind",
	                    json_string(principal_kind_name(u->principal_kind)));
	json_object_set_new(o, "parent_id", json_id_or_null(u->parent_id));
	json_object_set_new(o, "email", json_str_or_null(u->email));
	json_object_set_new(o, "phone", json_str_or_null(u->phone));
	json_object_set_new(o, "postal_address", json_str_or_null(u->postal_address));
	json_object_set_new(o, "active", json_boolean(u->active));
	return o;
}

json_t *api_json_principal(const struct principal *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "kind", json_string(principal_kind_name(p->kind)));
	json_object_set_new(o, "active", json_boolean(p->active));
	return o;
}
