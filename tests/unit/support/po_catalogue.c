/*
 * po_catalogue.c — a PO file, read for tests (po_catalogue.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "po_catalogue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void append(char **dst, const char *s, size_t n)
{
	size_t have = *dst ? strlen(*dst) : 0;
	char *p = realloc(*dst, have + n + 1);
	assert_non_null(p);
	memcpy(p + have, s, n);
	p[have + n] = '\0';
	*dst = p;
}

/* Ends the entry being read; keeps it if it has a msgid. */
static void finish(struct po_catalogue *c, struct po_entry *e)
{
	if (e->msgid) {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 256;
			c->entries = realloc(c->entries,
			                     (size_t)c->cap * sizeof *c->entries);
			assert_non_null(c->entries);
		}
		c->entries[c->n++] = *e;
	} else {
		free(e->msgctxt);
		free(e->msgid_plural);
		for (int i = 0; i < e->nforms; i++)
			free(e->msgstr[i]);
	}
	memset(e, 0, sizeof *e);
}

/* The quoted string on a line, from its first '"' to the last: start and
 * length of what is between them, or false when it is not one. */
static bool quoted(const char *s, size_t len, const char **start, size_t *n)
{
	const char *open = memchr(s, '"', len);
	if (!open || len < 2 || s[len - 1] != '"' || open == s + len - 1)
		return false;
	*start = open + 1;
	*n = (size_t)(s + len - 1 - *start);
	return true;
}

static bool keyword(const char *line, size_t len, const char *kw)
{
	size_t k = strlen(kw);
	return len > k && strncmp(line, kw, k) == 0 && line[k] == ' ';
}

/* The field a keyword line sets, or NULL for an unknown keyword. A
 * msgid or msgctxt after a msgstr starts the next entry (for files
 * written without the blank line). */
static char **field_of(struct po_catalogue *c, struct po_entry *e, const char *line,
                       size_t len)
{
	if (keyword(line, len, "msgctxt") || keyword(line, len, "msgid")) {
		if (e->nforms)
			finish(c, e);
		return keyword(line, len, "msgctxt") ? &e->msgctxt : &e->msgid;
	}
	if (keyword(line, len, "msgid_plural"))
		return &e->msgid_plural;
	int form = 0;
	if (!keyword(line, len, "msgstr") &&
	    !(sscanf(line, "msgstr[%d]", &form) == 1 && form >= 0 &&
	      form < MAX_FORMS))
		return NULL;
	if (form >= e->nforms)
		e->nforms = form + 1;
	append(&e->msgstr[form], "", 0); /* present, even if empty */
	return &e->msgstr[form];
}

/* Reads the PO text into c; fails the test, naming file and line, on a
 * line it does not understand. */
void po_parse(struct po_catalogue *c, const char *path, const char *text)
{
	struct po_entry e = {0};
	char **field = NULL;
	int lineno = 0;
	c->path = path;
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *next = nl ? nl + 1 : line + len;
		lineno++;
		if (len && line[len - 1] == '\r')
			len--;
		const char *s = NULL;
		size_t n = 0;
		if (strspn(line, " \t") >= len) { /* blank: the entry ends */
			finish(c, &e);
			field = NULL;
		} else if (line[0] == '#') {
			if (e.msgid)
				finish(c, &e);
			field = NULL;
			if (len > 1 && line[1] == ',') {
				char flags[512];
				snprintf(flags, sizeof flags, "%.*s", (int)len, line);
				e.fuzzy |= strstr(flags, "fuzzy") != NULL;
			}
		} else if (line[0] == '"') {
			if (!field || !quoted(line, len, &s, &n))
				fail_msg("%s:%d: a string with no keyword before it",
				         path, lineno);
			append(field, s, n);
		} else {
			field = field_of(c, &e, line, len);
			if (field == &e.msgctxt || (field == &e.msgid && !e.msgctxt))
				e.line = lineno;
			if (!field || !quoted(line, len, &s, &n))
				fail_msg("%s:%d: cannot read \"%.*s\"", path, lineno,
				         (int)len, line);
			append(field, s, n);
		}
		line = next;
	}
	finish(c, &e);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	char *text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	return text;
}

void po_load(struct po_catalogue *c, const char *path)
{
	char *text = read_file(path);
	po_parse(c, path, text);
	free(text);
}

void po_unload(struct po_catalogue *c)
{
	for (int i = 0; i < c->n; i++) {
		struct po_entry *e = &c->entries[i];
		free(e->msgctxt);
		free(e->msgid);
		free(e->msgid_plural);
		for (int k = 0; k < e->nforms; k++)
			free(e->msgstr[k]);
	}
	free(c->entries);
	memset(c, 0, sizeof *c);
}

bool po_is_header(const struct po_entry *e)
{
	return !e->msgctxt && e->msgid[0] == '\0';
}

bool po_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

const struct po_entry *po_lookup(const struct po_catalogue *c,
                                  const struct po_entry *want)
{
	for (int i = 0; i < c->n; i++)
		if (po_same(c->entries[i].msgctxt, want->msgctxt) &&
		    strcmp(c->entries[i].msgid, want->msgid) == 0)
			return &c->entries[i];
	return NULL;
}

