/*
 * gen.h — the data generator of `samplan gen` (gen.c).
 */
#ifndef SAMPLAN_GEN_H
#define SAMPLAN_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct db;

struct gen_options {
	long plans;
	long persons;
	unsigned long long seed;
};

/* Generate into an empty (migrated) database; progress to out. */
bool gen_run(struct db *db, const struct gen_options *o, FILE *out);

#endif
