/*
 * buf.c — growable buffer with a cap (see buf.h for the invariants).
 *
 * An empty buffer points at a shared static "" so that buf_init never
 * allocates and data is never NULL; the first append allocates.
 */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/die.h"

static char empty_string[1];

void buf_init(struct buf *b, size_t limit)
{
	b->data = empty_string;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
	b->failed = false;
}

void buf_free(struct buf *b)
{
	if (b->cap)
		free(b->data);
	buf_init(b, b->limit);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->cap)
		b->data[0] = '\0';
}

/* Make room for `extra` more bytes plus the NUL. */
static bool buf_grow(struct buf *b, size_t extra)
{
	if (b->failed || extra > b->limit - b->len) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > b->limit + 1)
		cap = b->limit + 1;
	char *data = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (!data)
		die_oom();
	if (!b->cap)
		data[0] = '\0';
	b->data = data;
	b->cap = cap;
	return true;
}

bool buf_append(struct buf *b, const void *data, size_t len)
{
	if (!buf_grow(b, len))
		return false;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return true;
}

bool buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

bool buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

bool buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || !buf_grow(b, (size_t)n))
		return false;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return true;
}

bool buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return ok;
}

char *buf_detach(struct buf *b, size_t *len_out)
{
	char *data;
	if (b->cap) {
		data = b->data;
	} else {
		data = malloc(1);
		if (!data)
			die_oom();
		data[0] = '\0';
	}
	if (len_out)
		*len_out = b->len;
	buf_init(b, b->limit);
	return data;
}
