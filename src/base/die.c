/*
 * die.c — see die.h. Writes with write(2) so it works even when malloc
 * is what failed.
 */
#include "base/die.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void die_oom(void)
{
	static const char msg[] = "samplan: out of memory\n";
	ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)ignored;
	abort();
}

void die_bug(const char *file, int line, const char *what)
{
	char msg[512];
	int n = snprintf(msg, sizeof msg, "samplan: bug at %s:%d: %s\n", file,
	                 line, what);
	if (n > 0) {
		ssize_t ignored = write(STDERR_FILENO, msg,
		                        (size_t)n < sizeof msg ? (size_t)n
		                                               : sizeof msg - 1);
		(void)ignored;
	}
	abort();
}
