/*
 * input.h — validate at the door (STYLE §10).
 *
 * A handler declares the fields it reads in a table — name, type, cap —
 * and form_read() takes them from the request body, whichever way it
 * came: an HTML form (urlencoded or multipart) or a JSON object. So a
 * page and the API that do the same thing share one table. Undeclared
 * fields are ignored.
 *
 * The door checks form only: well-formed UTF-8, no control characters,
 * within the cap, a number where a number is declared, a real date.
 * Meaning — required fields, allowed values, existence, state — is the
 * domain's (src/sip/), so the CLI and the server enforce the same rules.
 *
 * Every failure becomes a field error in r's problem, in the request's
 * language; values that failed read as absent.
 */
#ifndef SAMPLAN_INPUT_H
#define SAMPLAN_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/problem.h"
#include "http/request.h"

enum field_type {
	FIELD_TEXT,      /* one line; trimmed */
	FIELD_MULTILINE, /* free text with line breaks; trimmed */
	FIELD_SECRET,    /* password: not trimmed, one line */
	FIELD_INT,       /* signed integer */
	FIELD_ID,        /* positive integer id */
	FIELD_BOOL,      /* checkbox ("1", "on", "true"; absent = false) */
	FIELD_DATE,      /* YYYY-MM-DD, a real date */
	FIELD_TIME,      /* HH:MM */
	FIELD_TEXT_LIST, /* repeated form field or JSON array of strings */
	FIELD_ID_LIST,   /* the same, of ids */
	FIELD_FILE,      /* multipart file upload: the content as text */
};

struct field {
	const char *name;
	enum field_type type;
	size_t max; /* bytes for text; items for lists (0: a default) */
};

struct form_value {
	const char *text;   /* cleaned text, NULL when absent or empty */
	int64_t num;        /* INT, ID, BOOL */
	bool present;       /* the field was sent (even empty) */
	const char **list;  /* TEXT_LIST / ID_LIST as text */
	int64_t *ids;       /* ID_LIST */
	int nlist;
	const char *filename; /* FILE */
};

struct form {
	const struct field *fields;
	size_t nfields;
	struct form_value *values;
};

/* Parse the body by its Content-Type (once per request). False — with a
 * 400/413/415-style problem in r — when the body is malformed, too large,
 * or of a type samplan does not take. A GET has an empty input. */
bool input_parse(struct request *r, struct problem *p);

/* The same with the Content-Type given (input_parse reads it from the
 * connection): r->body, r->body_too_large, r->lang and r->arena are
 * used; r->conn only for multipart. For tests of the parsers. */
bool input_parse_body(struct request *r, const char *content_type,
                      struct problem *p);

/* How many rows the input has of the nested list `list`: a JSON body's
 * array `list` (-1 when `list` is there but not an array), or the
 * highest N + 1 among an HTML form's fields named "list[N].key". Row
 * fields are read by name with form_read in either case ("list[N].key"
 * finds the member key of element N of a JSON array). */
int input_rows(struct request *r, const char *list);

/* Take `urlencoded` (an HTML form's body, kept from an earlier POST) as
 * this request's input instead of its own body: the GET of a form shown
 * again after Post/Redirect/Get (page_refill.h). False with a 400-style
 * problem when it does not parse. */
bool input_replay(struct request *r, const char *urlencoded,
                  struct problem *p);

/* Free what parsing kept outside the arena (server.c, at completion). */
void input_release(struct request *r);

/* True when the request carried a JSON body. */
bool input_is_json(const struct request *r);

/* The JSON body (an object), or NULL; owned by the request. For nested
 * arrays that field tables cannot express (see api/api_input.h). */
struct json_t *input_json(struct request *r);

/* Read the declared fields. Returns false if any field failed the door's
 * checks (the errors are in p); the form is filled either way. */
bool form_read(struct request *r, struct problem *p, const struct field *fields,
               size_t nfields, struct form *out);

/* Accessors by name; the name must be declared (else a bug). */
const char *form_text(const struct form *f, const char *name);
int64_t form_num(const struct form *f, const char *name);
bool form_bool(const struct form *f, const char *name);
bool form_present(const struct form *f, const char *name);
const struct form_value *form_value(const struct form *f, const char *name);

/* A raw single value from the body (form or JSON string), unchecked;
 * for the CSRF token. NULL if absent. */
const char *input_raw(struct request *r, const char *name);

#define FIELDS(table) (table), (sizeof(table) / sizeof((table)[0]))

#endif
