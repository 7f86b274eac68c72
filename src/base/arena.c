/*
 * arena.c — a bump allocator over a list of malloc'd chunks.
 *
 * Design (after Kore's pool.c): one arena per HTTP request, created when
 * libmicrohttpd first calls us for the request and freed in the
 * request-completed callback. Allocation bumps a pointer inside the current
 * chunk; when it does not fit, a new chunk at least twice the size of the
 * last one is linked in front. Large requests get a chunk of their own.
 *
 * Caveats:
 *   - Nothing is freed individually. Code that loops without bound over
 *     user input must not allocate per iteration from the arena; inputs are
 *     capped before they reach handlers (LIMIT_* in limits.h), which bounds
 *     what a request can allocate.
 *   - An arena is not thread-safe; a request is handled by one thread.
 *   - Exceeding the arena's limit is a bug, not a user error: the inputs
 *     that could cause it are refused earlier. It aborts with a message.
 *   - Memory is zeroed, so structs start with all fields empty.
 *
 * Each thread keeps the largest chunk of its last arena as a spare for
 * the next one: a server thread then reuses one block request after
 * request instead of asking malloc for it again (the profile of plan
 * reads showed malloc and free among the top costs). The spare is freed
 * when its thread ends (a thread-specific key's destructor), or the
 * server's worker threads would leak one chunk each at shutdown.
 */
#include "base/arena.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/die.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* usable bytes in mem[] */
	size_t used;
	alignas(max_align_t) unsigned char mem[];
};

enum { ARENA_FIRST_CHUNK = 8192, ARENA_SPARE_MAX = 1024 * 1024 };

static _Thread_local struct arena_chunk *spare;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_free(void *chunk) { free(chunk); }

static void spare_key_make(void)
{
	ensure(pthread_key_create(&spare_key, spare_free) == 0);
}

/* Keep c as this thread's spare; the key frees it at thread exit. */
static void spare_set(struct arena_chunk *c)
{
	spare = c;
	pthread_once(&spare_once, spare_key_make);
	pthread_setspecific(spare_key, c);
}

void arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->total = 0;
	a->limit = limit;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		if (c->size <= ARENA_SPARE_MAX && (!spare || c->size > spare->size)) {
			free(spare);
			spare_set(c);
		} else {
			free(c);
		}
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

static size_t align_up(size_t n)
{
	size_t al = alignof(max_align_t);
	return (n + al - 1) & ~(al - 1);
}

void *arena_alloc(struct arena *a, size_t size)
{
	size = align_up(size ? size : 1);
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t want = c ? c->size * 2 : ARENA_FIRST_CHUNK;
		if (want < size)
			want = size;
		if (size > a->limit || want > a->limit - a->total) {
			/* Try the exact size before giving up. */
			want = size;
			if (size > a->limit || want > a->limit - a->total)
				die_bug(__FILE__, __LINE__,
				        "arena limit exceeded");
		}
		if (spare && spare->size >= want && spare->size <= a->limit - a->total) {
			c = spare;
			spare_set(NULL);
			want = c->size;
		} else {
			c = malloc(sizeof *c + want);
			if (!c)
				die_oom();
			c->size = want;
		}
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total += want;
	}
	void *p = c->mem + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die_bug(__FILE__, __LINE__, "arena_calloc overflow");
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	ensure(n >= 0);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *array, size_t n, size_t *cap,
                 size_t elem_size)
{
	if (n < *cap)
		return array;
	size_t grown = *cap ? *cap * 2 : 16;
	void *p = arena_calloc(a, grown, elem_size);
	if (n)
		memcpy(p, array, n * elem_size);
	*cap = grown;
	return p;
}
