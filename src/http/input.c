/*
 * input.c — body parsing and the field tables (see input.h).
 *
 * The body is already complete and capped when we get here (server.c
 * buffers it), so every parser works on one contiguous buffer:
 * urlencoded by hand (it is a dozen lines), multipart through
 * libmicrohttpd's post processor, JSON through jansson.
 */
#include "http/input.h"

#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/die.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/text.h"

struct param {
	const char *name;
	const char *value; /* NUL-terminated; may hold NULs in file data */
	size_t len;
	const char *filename;
};

struct input {
	struct param *params;
	int n, cap;
	json_t *json; /* the body when it was JSON (an object) */
};

bool input_is_json(const struct request *r)
{
	return r->input && r->input->json;
}

json_t *input_json(struct request *r)
{
	return r->input ? r->input->json : NULL;
}

static void add_param(struct request *r, const char *name, const char *value,
                      size_t len, const char *filename)
{
	struct input *in = r->input;
	if (in->n == in->cap) {
		int cap = in->cap ? in->cap * 2 : 16;
		struct param *p = arena_array(&r->arena, struct param, (size_t)cap);
		if (in->n)
			memcpy(p, in->params, sizeof *p * (size_t)in->n);
		in->params = p;
		in->cap = cap;
	}
	in->params[in->n++] = (struct param){name, value, len, filename};
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one urlencoded component into the arena; false on a bad %XX. */
static bool url_decode(struct arena *a, const char *s, size_t len, char **out,
                       size_t *outlen)
{
	char *d = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			d[o++] = ' ';
		} else if (s[i] == '%') {
			if (i + 2 >= len)
				return false;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			d[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[o++] = s[i];
		}
	}
	d[o] = '\0';
	*out = d;
	*outlen = o;
	return true;
}

static bool parse_urlencoded_text(struct request *r, const char *s, size_t len)
{
	size_t i = 0;
	int count = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&')
			end++;
		size_t eq = i;
		while (eq < end && s[eq] != '=')
			eq++;
		if (end > i) {
			if (++count > LIMIT_FORM_FIELDS)
				return false;
			char *name, *value;
			size_t nlen, vlen;
			if (!url_decode(&r->arena, s + i, eq - i, &name, &nlen))
				return false;
			if (eq < end) {
				if (!url_decode(&r->arena, s + eq + 1,
				                end - eq - 1, &value, &vlen))
					return false;
			} else {
				value = arena_strdup(&r->arena, "");
				vlen = 0;
			}
			add_param(r, name, value, vlen, NULL);
		}
		i = end + 1;
	}
	return true;
}

/* Multipart: libmicrohttpd hands a field in pieces; consecutive pieces
 * of the same field are joined. */
struct mp_state {
	struct request *r;
	struct buf value;
	char *name;
	char *filename;
	bool overflow;
	int count;
};

static void mp_flush(struct mp_state *st)
{
	if (!st->name)
		return;
	char *v = arena_strndup(&st->r->arena, st->value.data, st->value.len);
	add_param(st->r, st->name, v, st->value.len, st->filename);
	buf_reset(&st->value);
	st->name = NULL;
	st->filename = NULL;
}

static enum MHD_Result mp_iterate(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *filename,
                                  const char *content_type,
                                  const char *transfer_encoding,
                                  const char *data, uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct mp_state *st = cls;
	if (off == 0) {
		mp_flush(st);
		if (++st->count > LIMIT_FORM_FIELDS) {
			st->overflow = true;
			return MHD_NO;
		}
		st->name = arena_strdup(&st->r->arena, key);
		st->filename = filename ? arena_strdup(&st->r->arena, filename)
		                        : NULL;
	}
	if (size && !buf_append(&st->value, data, size)) {
		st->overflow = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static bool parse_multipart(struct request *r)
{
	struct mp_state st = {.r = r};
	buf_init(&st.value, LIMIT_IMPORT_BODY);
	struct MHD_PostProcessor *pp =
		MHD_create_post_processor(r->conn, 64 * 1024, mp_iterate, &st);
	if (!pp) {
		buf_free(&st.value);
		return false;
	}
	enum MHD_Result ok = MHD_post_process(pp, r->body.data, r->body.len);
	mp_flush(&st);
	enum MHD_Result done = MHD_destroy_post_processor(pp);
	buf_free(&st.value);
	return ok == MHD_YES && done == MHD_YES && !st.overflow;
}

static void input_free_json(struct request *r);

static bool media_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	return ct && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static bool parse_urlencoded(struct request *r)
{
	return parse_urlencoded_text(r, r->body.data, r->body.len);
}

bool input_replay(struct request *r, const char *urlencoded,
                  struct problem *p)
{
	r->input = arena_new(&r->arena, struct input);
	if (!parse_urlencoded_text(r, urlencoded, strlen(urlencoded)))
		return problem_set(p, &r->arena, PROBLEM_BAD_REQUEST, "%s",
		                   tr(r->lang, "Formuläret kunde inte läsas."));
	return true;
}

bool input_parse(struct request *r, struct problem *p)
{
	if (r->input)
		return true;
	return input_parse_body(r, req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE),
	                        p);
}

bool input_parse_body(struct request *r, const char *ct, struct problem *p)
{
	if (r->input)
		return true;
	r->input = arena_new(&r->arena, struct input);
	const char *lang = r->lang;
	if (r->body_too_large)
		return problem_set(p, &r->arena, PROBLEM_TOO_LARGE, "%s",
		                   tr(lang, "Det som skickades är för stort."));
	if (r->body.len == 0)
		return true;
	if (media_type_is(ct, "application/x-www-form-urlencoded")) {
		if (!parse_urlencoded(r))
			return problem_set(p, &r->arena, PROBLEM_BAD_REQUEST, "%s",
			                   tr(lang, "Formuläret kunde inte läsas."));
		return true;
	}
	if (media_type_is(ct, "multipart/form-data")) {
		if (!parse_multipart(r))
			return problem_set(p, &r->arena, PROBLEM_BAD_REQUEST, "%s",
			                   tr(lang, "Formuläret kunde inte läsas."));
		return true;
	}
	if (media_type_is(ct, "application/json")) {
		json_error_t err;
		json_t *j = json_loadb(r->body.data, r->body.len,
		                       JSON_REJECT_DUPLICATES, &err);
		if (!j)
			return problem_set(p, &r->arena, PROBLEM_BAD_REQUEST,
			                   tr(lang, "Ogiltig JSON (rad %d, kolumn %d): %s"),
			                   err.line, err.column, err.text);
		r->input->json = j;
		if (!json_is_object(j)) {
			input_free_json(r);
			return problem_set(p, &r->arena, PROBLEM_BAD_REQUEST, "%s",
			                   tr(lang, "JSON-kroppen måste vara ett objekt."));
		}
		return true;
	}
	return problem_set(p, &r->arena, PROBLEM_BAD_REQUEST, "%s",
	                   tr(lang, "Innehållstypen stöds inte (använd "
	                            "application/json eller ett formulär)."));
}

static void input_free_json(struct request *r)
{
	if (r->input && r->input->json) {
		json_decref(r->input->json);
		r->input->json = NULL;
	}
}

void input_release(struct request *r) { input_free_json(r); }

/* "list[7].key" → list, 7 and key; false for any other name. */
static bool row_name(const char *name, const char **list_end, size_t *index,
                     const char **key)
{
	const char *open = strchr(name, '[');
	if (!open || open == name || open[1] < '0' || open[1] > '9')
		return false;
	size_t i = 0;
	const char *c = open + 1;
	for (; *c >= '0' && *c <= '9'; c++) {
		if (i > 100000)
			return false;
		i = i * 10 + (size_t)(*c - '0');
	}
	if (c[0] != ']' || c[1] != '.' || !c[2])
		return false;
	*list_end = open;
	*index = i;
	*key = c + 2;
	return true;
}

/* A JSON body's value for a field name: the member itself, or for a row
 * field "list[7].key" the member key of element 7 of the array list —
 * so a nested list is read by name as an HTML form posts it. */
static json_t *json_at(json_t *root, const char *name)
{
	json_t *v = json_object_get(root, name);
	const char *list_end, *key;
	size_t index;
	if (v || !row_name(name, &list_end, &index, &key))
		return v;
	char list[128];
	size_t n = (size_t)(list_end - name);
	if (n >= sizeof list)
		return NULL;
	memcpy(list, name, n);
	list[n] = '\0';
	json_t *row = json_array_get(json_object_get(root, list), index);
	return json_is_object(row) ? json_object_get(row, key) : NULL;
}

int input_rows(struct request *r, const char *list)
{
	struct input *in = r->input;
	if (!in)
		return 0;
	if (in->json) {
		json_t *v = json_object_get(in->json, list);
		if (!v || json_is_null(v))
			return 0;
		return json_is_array(v) ? (int)json_array_size(v) : -1;
	}
	size_t len = strlen(list);
	int rows = 0;
	for (int i = 0; i < in->n; i++) {
		const char *list_end, *key;
		size_t index;
		const char *name = in->params[i].name;
		if (row_name(name, &list_end, &index, &key) &&
		    (size_t)(list_end - name) == len &&
		    memcmp(name, list, len) == 0 && index >= (size_t)rows)
			rows = index >= INT32_MAX ? INT32_MAX : (int)index + 1;
	}
	return rows;
}

const char *input_raw(struct request *r, const char *name)
{
	struct input *in = r->input;
	if (!in)
		return NULL;
	if (in->json) {
		json_t *v = json_at(in->json, name);
		return json_is_string(v) ? json_string_value(v) : NULL;
	}
	for (int i = 0; i < in->n; i++)
		if (strcmp(in->params[i].name, name) == 0)
			return in->params[i].value;
	return NULL;
}

/* ---- field tables ---- */

/* The raw values of one field, as text. JSON scalars are turned into
 * text so one checker serves both; *wrong_type flags arrays/objects
 * where a scalar was declared (and the reverse). */
struct raw {
	const char *items[256];
	size_t lens[256];
	const char *filename;
	int n;
	bool wrong_type;
	bool too_many;
};

static void raw_from_json(struct request *r, json_t *v, bool want_list,
                          struct raw *out)
{
	if (!v || json_is_null(v))
		return;
	if (json_is_array(v)) {
		if (!want_list) {
			out->wrong_type = true;
			return;
		}
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			if (out->n == 256) {
				out->too_many = true;
				return;
			}
			struct raw one = {0};
			raw_from_json(r, e, false, &one);
			if (one.wrong_type || one.n != 1) {
				out->wrong_type = true;
				return;
			}
			out->items[out->n] = one.items[0];
			out->lens[out->n++] = one.lens[0];
		}
		return;
	}
	const char *s = NULL;
	if (json_is_string(v)) {
		s = json_string_value(v);
		out->items[0] = s;
		out->lens[0] = json_string_length(v);
		out->n = 1;
		return;
	}
	if (json_is_integer(v))
		s = arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v))
		s = "true";
	else if (json_is_false(v))
		s = "false";
	else if (json_is_real(v))
		s = arena_printf(&r->arena, "%.17g", json_real_value(v));
	else {
		out->wrong_type = true;
		return;
	}
	out->items[0] = s;
	out->lens[0] = strlen(s);
	out->n = 1;
}

static void raw_get(struct request *r, const struct field *f, struct raw *out)
{
	memset(out, 0, sizeof *out);
	struct input *in = r->input;
	if (!in)
		return;
	bool want_list = f->type == FIELD_TEXT_LIST || f->type == FIELD_ID_LIST;
	if (in->json) {
		raw_from_json(r, json_at(in->json, f->name), want_list, out);
		return;
	}
	for (int i = 0; i < in->n; i++) {
		if (strcmp(in->params[i].name, f->name) != 0)
			continue;
		if (out->n == 256) {
			out->too_many = true;
			return;
		}
		out->items[out->n] = in->params[i].value;
		out->lens[out->n] = in->params[i].len;
		out->filename = in->params[i].filename;
		out->n++;
		if (!want_list)
			return; /* the first of repeated fields wins */
	}
}

/* Check one text item; returns the cleaned text or NULL with an error. */
static const char *check_text(struct request *r, struct problem *p,
                              const struct field *f, const char *s,
                              size_t len, bool multiline, bool trim)
{
	const char *lang = r->lang;
	if (!text_utf8_valid(s, len)) {
		problem_field(p, &r->arena, f->name, "%s",
		              tr(lang, "Texten innehåller ogiltiga tecken."));
		return NULL;
	}
	if (text_has_controls(s, multiline)) {
		problem_field(p, &r->arena, f->name, "%s",
		              multiline ? tr(lang, "Texten innehåller otillåtna styrtecken.")
		                        : tr(lang, "Texten får inte innehålla radbrytningar eller styrtecken."));
		return NULL;
	}
	const char *v = trim ? text_clean(&r->arena, s) : s;
	size_t max = f->max ? f->max : (multiline ? LIMIT_TEXT : LIMIT_SHORT);
	if (text_chars(v) > max) {
		problem_field(p, &r->arena, f->name,
		              tr(lang, "Texten är för lång: högst %zu tecken."), max);
		return NULL;
	}
	return v;
}

static bool check_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "on", "true", "yes", "ja"};
	static const char *const no[] = {"0", "off", "false", "no", "nej", ""};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = true, true;
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = false, true;
	return false;
}

static bool check_int(const char *s, int64_t *out)
{
	if (!*s || strlen(s) > 20)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE)
		return false; /* not a number, or beyond 64 bits */
	*out = v;
	return true;
}

static void read_field(struct request *r, struct problem *p,
                       const struct field *f, struct form_value *v)
{
	const char *lang = r->lang;
	struct raw raw;
	raw_get(r, f, &raw);
	v->present = raw.n > 0;
	if (raw.wrong_type) {
		problem_field(p, &r->arena, f->name, "%s",
		              tr(lang, "Fältet har fel typ."));
		return;
	}
	if (raw.too_many) {
		problem_field(p, &r->arena, f->name, "%s",
		              tr(lang, "För många värden."));
		return;
	}
	if (raw.n == 0)
		return;
	const char *s = raw.items[0];
	size_t len = raw.lens[0];
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_MULTILINE:
	case FIELD_SECRET: {
		const char *t = check_text(r, p, f, s, len,
		                           f->type == FIELD_MULTILINE,
		                           f->type != FIELD_SECRET);
		v->text = t && *t ? t : NULL;
		return;
	}
	case FIELD_FILE: {
		size_t max = f->max ? f->max : LIMIT_IMPORT_BODY;
		if (!text_utf8_valid(s, len))
			problem_field(p, &r->arena, f->name, "%s",
			              tr(lang, "Filen är inte en textfil i UTF-8."));
		else if (len > max)
			problem_field(p, &r->arena, f->name, "%s",
			              tr(lang, "Filen är för stor."));
		else
			v->text = len ? s : NULL;
		v->filename = raw.filename;
		return;
	}
	case FIELD_INT:
	case FIELD_ID: {
		const char *t = text_clean(&r->arena, s);
		if (!*t)
			return;
		bool ok = f->type == FIELD_ID ? parse_id(t, &v->num)
		                              : check_int(t, &v->num);
		if (!ok)
			problem_field(p, &r->arena, f->name, "%s",
			              f->type == FIELD_ID ? tr(lang, "Ogiltigt val.")
			                                  : tr(lang, "Ange ett heltal."));
		else
			v->text = t;
		return;
	}
	case FIELD_BOOL: {
		bool b;
		if (!check_bool(s, &b))
			problem_field(p, &r->arena, f->name, "%s",
			              tr(lang, "Ange ja eller nej."));
		else
			v->num = b;
		return;
	}
	case FIELD_DATE: {
		const char *t = text_clean(&r->arena, s);
		struct date d;
		if (!*t)
			return;
		if (!date_parse(t, &d))
			problem_field(p, &r->arena, f->name, "%s",
			              tr(lang, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."));
		else
			v->text = t;
		return;
	}
	case FIELD_TIME: {
		const char *t = text_clean(&r->arena, s);
		int minutes;
		if (!*t)
			return;
		if (!time_parse_hhmm(t, &minutes))
			problem_field(p, &r->arena, f->name, "%s",
			              tr(lang, "Ange en tid som TT:MM."));
		else {
			v->text = t;
			v->num = minutes;
		}
		return;
	}
	case FIELD_TEXT_LIST:
	case FIELD_ID_LIST: {
		size_t max = f->max ? f->max : 100;
		if ((size_t)raw.n > max) {
			problem_field(p, &r->arena, f->name, "%s",
			              tr(lang, "För många värden."));
			return;
		}
		v->list = arena_array(&r->arena, const char *, (size_t)raw.n);
		v->ids = arena_array(&r->arena, int64_t, (size_t)raw.n);
		struct field item = {f->name, FIELD_TEXT, LIMIT_SHORT};
		for (int i = 0; i < raw.n; i++) {
			const char *t = check_text(r, p, &item, raw.items[i],
			                           raw.lens[i], false, true);
			if (!t)
				return;
			if (!*t)
				continue; /* an empty choice is no choice */
			if (f->type == FIELD_ID_LIST &&
			    !parse_id(t, &v->ids[v->nlist])) {
				problem_field(p, &r->arena, f->name, "%s",
				              tr(lang, "Ogiltigt val."));
				return;
			}
			v->list[v->nlist++] = t;
		}
		return;
	}
	}
}

bool form_read(struct request *r, struct problem *p, const struct field *fields,
               size_t nfields, struct form *out)
{
	out->fields = fields;
	out->nfields = nfields;
	out->values = arena_array(&r->arena, struct form_value, nfields);
	int before = p->nfields;
	for (size_t i = 0; i < nfields; i++)
		read_field(r, p, &fields[i], &out->values[i]);
	return p->nfields == before;
}

const struct form_value *form_value(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->values[i];
	die_bug(__FILE__, __LINE__, "form field not declared");
}

const char *form_text(const struct form *f, const char *name)
{
	return form_value(f, name)->text;
}

int64_t form_num(const struct form *f, const char *name)
{
	return form_value(f, name)->num;
}

bool form_bool(const struct form *f, const char *name)
{
	return form_value(f, name)->num != 0;
}

bool form_present(const struct form *f, const char *name)
{
	return form_value(f, name)->present;
}
