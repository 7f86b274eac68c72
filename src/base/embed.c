/*
 * embed.c — look-up in the embedded file lists (see embed.h).
 */
#include "base/embed.h"

#include <string.h>

const struct embedded_file *embedded_find(const struct embedded_file *list,
                                          const char *name)
{
	for (; list->name; list++)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}
