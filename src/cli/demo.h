/*
 * demo.h — the demo data's shared facts.
 */
#ifndef SAMPLAN_DEMO_H
#define SAMPLAN_DEMO_H

#include <stdio.h>

/* Every demo user's password. Demo databases are for trying samplan out,
 * never for real personal data. */
#define DEMO_PASSWORD "samplan-demo-2026"

/* Print the demo logins and what each user is for. */
void demo_print_logins(FILE *out);

#endif
