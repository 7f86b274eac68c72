/*
 * die.h — programmer errors and exhausted memory.
 *
 * STYLE §7: a user's or data's error becomes a response; a programmer's
 * error is an assertion. These are the assertions. They log and abort();
 * they never exit() (only main.c may), because an abort leaves a core to
 * read and cannot be mistaken for a clean shutdown.
 */
#ifndef SAMPLAN_DIE_H
#define SAMPLAN_DIE_H

/* Memory could not be allocated: log and abort. */
__attribute__((noreturn)) void die_oom(void);

/* A broken invariant: log file, line and message, then abort. */
__attribute__((noreturn)) void die_bug(const char *file, int line,
                                       const char *what);

/* Like assert(), but always compiled in. */
#define ensure(cond)                                                       \
	do {                                                               \
		if (!(cond))                                               \
			die_bug(__FILE__, __LINE__, #cond);                \
	} while (0)

#endif
