/*
 * arena.h — memory that lives as long as one request (or one command).
 *
 * Everything a handler allocates comes from the request's arena and is
 * freed at once when the request completes; handlers never call free().
 * See arena.c for the design and its caveats.
 */
#ifndef SAMPLAN_ARENA_H
#define SAMPLAN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* current chunk; older ones follow */
	size_t total;             /* bytes obtained from malloc so far */
	size_t limit;             /* total may not exceed this */
};

/* An arena that may take at most `limit` bytes from malloc in all. */
void arena_init(struct arena *a, size_t limit);

/* Free every allocation at once. The arena may be used again. */
void arena_free(struct arena *a);

/* Zeroed memory aligned for any type. Never returns NULL: exhausting the
 * limit or the system's memory is treated as a bug (see arena.c). */
void *arena_alloc(struct arena *a, size_t size);

/* Array of n elements of `size`, zeroed, with overflow checking. */
void *arena_calloc(struct arena *a, size_t n, size_t size);

char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Make room for one more element in an arena-backed array of n elements
 * with capacity *cap: returns the (possibly moved) array. Old storage is
 * left in the arena; growth doubles, so the waste is bounded. */
void *arena_grow(struct arena *a, void *array, size_t n, size_t *cap,
                 size_t elem_size);

/* Typed helpers. */
#define arena_new(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define arena_array(a, type, n) ((type *)arena_calloc((a), (n), sizeof(type)))
/* Append slot: `T *list; size_t n, cap;` then `list[n++] = x` after
 * ARENA_PUSH(a, list, n, cap). */
#define ARENA_PUSH(a, list, n, cap)                                        \
	((list) = arena_grow((a), (list), (n), &(cap), sizeof *(list)))

#endif
