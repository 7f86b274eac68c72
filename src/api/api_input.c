/*
 * api_input.c — see api_input.h.
 */
#include "api/api_input.h"

#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "http/input.h"

json_t *api_body(struct request *r)
{
	json_t *j = input_json(r);
	if (!j)
		problem_set(&r->problem, &r->arena, PROBLEM_BAD_REQUEST, "%s",
		            tr(r->lang, "Skicka uppgifterna som ett JSON-objekt "
		                        "(Content-Type: application/json)."));
	return j;
}

static void wrong_type(struct request *r, const char *field)
{
	problem_field(&r->problem, &r->arena, field, "%s",
	              tr(r->lang, "Fältet har fel typ."));
}

const char *api_text(struct request *r, json_t *obj, const char *key,
                     const char *field, size_t max, bool multiline)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		wrong_type(r, field);
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (!text_utf8_valid(s, len) || text_has_controls(s, multiline)) {
		problem_field(&r->problem, &r->arena, field, "%s",
		              multiline ? tr(r->lang, "Texten innehåller otillåtna "
		                                      "styrtecken.")
		                        : tr(r->lang, "Texten får inte innehålla "
		                                      "radbrytningar eller "
		                                      "styrtecken."));
		return NULL;
	}
	char *t = text_clean(&r->arena, s);
	if (text_chars(t) > max) {
		problem_field(&r->problem, &r->arena, field,
		              tr(r->lang, "Texten är för lång: högst %zu tecken."),
		              max);
		return NULL;
	}
	return *t ? t : NULL;
}

int64_t api_id(struct request *r, json_t *obj, const char *key,
               const char *field)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		problem_field(&r->problem, &r->arena, field, "%s",
		              tr(r->lang, "Ogiltigt val."));
		return 0;
	}
	return json_integer_value(v);
}

int64_t api_int(struct request *r, json_t *obj, const char *key,
                const char *field, int64_t def)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return def;
	if (!json_is_integer(v)) {
		problem_field(&r->problem, &r->arena, field, "%s",
		              tr(r->lang, "Ange ett heltal."));
		return def;
	}
	return json_integer_value(v);
}

bool api_bool(struct request *r, json_t *obj, const char *key,
              const char *field)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return false;
	if (!json_is_boolean(v)) {
		problem_field(&r->problem, &r->arena, field, "%s",
		              tr(r->lang, "Ange true eller false."));
		return false;
	}
	return json_is_true(v);
}

json_t *api_array(struct request *r, json_t *obj, const char *key,
                  const char *field, size_t max)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		wrong_type(r, field);
		return NULL;
	}
	if (json_array_size(v) > max) {
		problem_field(&r->problem, &r->arena, field, "%s",
		              tr(r->lang, "För många värden."));
		return NULL;
	}
	return v;
}

const char *api_field(struct request *r, const char *list, size_t i,
                      const char *key)
{
	return arena_printf(&r->arena, "%s[%zu].%s", list, i, key);
}
