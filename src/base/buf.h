/*
 * buf.h — the one growable byte buffer of samplan.
 *
 * Model: git's strbuf and curl's dynbuf. A buffer is created with a cap;
 * it grows by doubling but refuses to grow past the cap. Every append
 * returns false once the cap would be exceeded, and the buffer remembers
 * that (buf_failed): callers that write many pieces check once at the end.
 *
 * Invariants, true after buf_init and after every call:
 *   - data is never NULL and always NUL-terminated (data[len] == '\0');
 *   - len <= limit.
 * Memory comes from malloc and is owned by the buffer until buf_detach or
 * buf_free.
 */
#ifndef SAMPLAN_BUF_H
#define SAMPLAN_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;   /* allocated bytes, including room for the NUL */
	size_t limit; /* largest len this buffer may reach */
	bool failed;  /* an append was refused (cap reached) */
};

/* Initialise an empty buffer that may hold at most `limit` bytes. */
void buf_init(struct buf *b, size_t limit);

/* Release the memory; the buffer is empty and usable again afterwards. */
void buf_free(struct buf *b);

/* Forget the contents but keep the allocation and the failed flag cleared. */
void buf_reset(struct buf *b);

/* Append bytes. False (and nothing appended) when the limit would be
 * exceeded. */
bool buf_append(struct buf *b, const void *data, size_t len);
bool buf_puts(struct buf *b, const char *s);
bool buf_putc(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* True if any append was refused since init or reset. */
static inline bool buf_failed(const struct buf *b) { return b->failed; }

/* Hand the malloc'd data to the caller (who must free() it); the buffer is
 * re-initialised empty with the same limit. *len_out gets the length. */
char *buf_detach(struct buf *b, size_t *len_out);

#endif
