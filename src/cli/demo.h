/*
 * demo.h — the demo data's shared facts.
 */
#ifndef SAMPLAN_DEMO_H
#define SAMPLAN_DEMO_H

#include <stdbool.h>
#include <stdio.h>

#include "sip/ctx.h"

/* Every demo user's password. Demo databases are for trying samplan out,
 * never for real personal data. */
#define DEMO_PASSWORD "samplan-demo-2026"

/* The demo persons and plans (demo_plans.c), made through the domain
 * functions as the demo users. Idempotent. */
bool demo_load_plans(struct ctx *ctx);

/* Print the demo logins and what each user is for. */
void demo_print_logins(FILE *out);

#endif
