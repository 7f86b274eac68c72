/*
 * migrate.h — bring a database's schema up to date.
 *
 * Migrations are the numbered files sql/NNNN_name.sql, embedded in the
 * binary. Each is applied once, in order, inside its own transaction, and
 * recorded in the table schema_migration. Several processes may start at
 * once against one PostgreSQL: the first applies, the others wait and
 * then find nothing to do.
 */
#ifndef SAMPLAN_MIGRATE_H
#define SAMPLAN_MIGRATE_H

#include <stddef.h>

#include "base/embed.h"
#include "store/db.h"

/* Apply the missing migrations of `files` (embedded_sql in production).
 * Returns DB_OK, or an error with a message in err: a failed migration,
 * or a database newer than this binary. *applied counts the new ones. */
int migrate_apply(struct db *db, const struct embedded_file *files,
                  int *applied, char *err, size_t errlen);

/* The highest applied version, 0 for an empty database. */
int migrate_current_version(struct db *db, long *version);

/* The SQL of a migration as `db` runs it: portable tokens replaced
 * (see sql/README.md). Returns a malloc'd string. */
char *migrate_render(const struct db *db, const char *sql);

#endif
