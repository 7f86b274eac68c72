/*
 * db_copy.h — copy a samplan SQLite database's rows into another samplan
 * database (same schema version, target empty). Used by `samplan gen`
 * for PostgreSQL: the data is made through the domain functions on a
 * local SQLite file, then moved over in a few thousand statements
 * instead of millions of round trips.
 */
#ifndef SAMPLAN_DB_COPY_H
#define SAMPLAN_DB_COPY_H

#include <stddef.h>
#include <stdio.h>

#include "store/db.h"

/* Copy every table (but schema_migration) in one transaction of `to`.
 * Progress lines go to `progress` (may be NULL). DB_OK, or an error with
 * a message in err. */
int db_copy_all(struct db *from, struct db *to, FILE *progress, char *err,
                size_t errlen);

#endif
