/*
 * embed.h — files compiled into the binary at build time.
 *
 * tools/embed.c turns the migrations (sql/), the CSS and icons (web/), the
 * compiled message catalogues and the API's description
 * (docs/openapi.yaml) into C arrays, so one binary carries all it
 * needs and a deployment is a single file.
 */
#ifndef SAMPLAN_EMBED_H
#define SAMPLAN_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* file name without directory */
	const unsigned char *data;
	size_t len;
};

/* Each list ends with an entry whose name is NULL; sorted by name. */
extern const struct embedded_file embedded_sql[];
extern const struct embedded_file embedded_web[];
extern const struct embedded_file embedded_mo[];
extern const struct embedded_file embedded_doc[];

/* Find a file by name in a list; NULL if absent. */
const struct embedded_file *embedded_find(const struct embedded_file *list,
                                          const char *name);

#endif
