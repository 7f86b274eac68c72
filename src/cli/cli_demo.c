/*
 * cli_demo.c — `samplan demo`: demo organisations, units and users,
 * made through the same domain functions a user's actions call.
 * Idempotent: what exists already (by name, HSA-id, username) is kept.
 *
 * The organisations follow seed 000 (Ludvika): Anna's plan joins adult
 * psychiatric outpatient care (region), social psychiatry / housing
 * support (municipality) and student health (another actor); a unit in a
 * neighbouring municipality takes no part, to show that its users see
 * nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "sip/org.h"
#include "sip/user.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan demo [--db URL]\n"
	"Load demo organisations, units, users and plans (idempotent) and\n"
	"print the demo logins. For trying samplan out, never for real data.\n";

struct demo_principal {
	const char *name;
	const char *kind;
};

static const struct demo_principal principals[] = {
	{"Ludvika kommun", "municipality"},
	{"Smedjebackens kommun", "municipality"},
	{"Region Dalarna", "region"},
	{"Högskolan Dalarna", "other_actor"},
	{"Försäkringskassan", "other_actor"},
};

struct demo_unit {
	const char *hsa_id;
	const char *name;
	const char *principal;
	const char *email;
	const char *phone;
	const char *address;
};

static const struct demo_unit units[] = {
	{"SE2321000180-VPL1", "Vuxenpsykiatrisk öppenvårdsmottagning Ludvika",
	 "Region Dalarna", "vuxenpsykiatri.ludvika@regiondalarna.invalid",
	 "0240-100 00", "Box 1, 771 81 Ludvika"},
	{"SE2321000180-VCL1", "Vårdcentralen Ludvika", "Region Dalarna",
	 "vardcentralen.ludvika@regiondalarna.invalid", "0240-100 10",
	 "Box 2, 771 81 Ludvika"},
	{"SE2321000180-LAS1", "Lasarettet Ludvika, medicinavdelning",
	 "Region Dalarna", "medicin.ludvika@regiondalarna.invalid", "0240-100 20",
	 "Box 3, 771 81 Ludvika"},
	{"SE2120000837-SPB1", "Socialpsykiatri, boendestöd", "Ludvika kommun",
	 "boendestod@ludvika.invalid", "0240-860 00",
	 "Ludvika kommun, 771 82 Ludvika"},
	{"SE2120000837-IFO1", "Individ- och familjeomsorgen Ludvika",
	 "Ludvika kommun", "ifo@ludvika.invalid", "0240-860 10",
	 "Ludvika kommun, 771 82 Ludvika"},
	{"SE2120000837-ELH1", "Elevhälsan, Ludvika kommun", "Ludvika kommun",
	 "elevhalsan@ludvika.invalid", "0240-860 20",
	 "Ludvika kommun, 771 82 Ludvika"},
	{"SE2120000837-HTJ1", "Hemtjänsten Ludvika", "Ludvika kommun",
	 "hemtjanst@ludvika.invalid", "0240-860 30",
	 "Ludvika kommun, 771 82 Ludvika"},
	{"SE2021003144-STH1", "Studenthälsan, Högskolan Dalarna",
	 "Högskolan Dalarna", "studenthalsan@du.invalid", "023-77 80 00",
	 "Högskolan Dalarna, 791 88 Falun"},
	{"SE2021005521-FKL1", "Försäkringskassan, lokalt försäkringscenter",
	 "Försäkringskassan", NULL, "0771-524 524", "Box 1164, 621 22 Visby"},
	{"SE2120002122-IFO1", "Individ- och familjeomsorgen Smedjebacken",
	 "Smedjebackens kommun", "ifo@smedjebacken.invalid", "0240-660 00",
	 "Smedjebackens kommun, 777 81 Smedjebacken"},
};

struct demo_user {
	const char *username;
	const char *email; /* fictional (.invalid, RFC 2606): serving the demo
	                      with --smtp sends to a sink, never to a person */
	const char *full_name;
	const char *title;
	const char *role;
	const char *unit_hsa_id; /* NULL for the system administrator, the
	                            audit reviewer and the follow-up group */
	const char *what;        /* printed with the login */
};

static const struct demo_user users[] = {
	{"admin", "alva.administrator@ludvika.invalid",
	 "Alva Administratör", "Systemförvaltare", "system_admin", NULL,
	 "system administrator: organisations, units, users"},
	{"eva", "eva.lind@regiondalarna.invalid",
	 "Eva Lind", "Kurator", "professional", "SE2321000180-VPL1",
	 "kurator, adult psychiatry (region); Anna's coordinator"},
	{"bo", "bo.berg@ludvika.invalid",
	 "Bo Berg", "Boendestödjare", "professional", "SE2120000837-SPB1",
	 "housing support, social psychiatry (municipality)"},
	{"sara", "sara.nilsson@du.invalid",
	 "Sara Nilsson", "Kurator", "professional", "SE2021003144-STH1",
	 "student health (another actor)"},
	{"olle", "olle.svensson@smedjebacken.invalid",
	 "Olle Svensson", "Socialsekreterare", "professional",
	 "SE2120002122-IFO1", "another municipality: takes no part in Anna's plan"},
	{"karin", "karin.holm@ludvika.invalid",
	 "Karin Holm", "Skolkurator", "professional", "SE2120000837-ELH1",
	 "school health service (municipality)"},
	{"lars", "lars.ek@regiondalarna.invalid",
	 "Lars Ek", "Distriktssköterska", "professional",
	 "SE2321000180-VCL1", "primary care (region)"},
	{"ulla", "ulla.persson@ludvika.invalid",
	 "Ulla Persson", "Enhetschef", "unit_admin", "SE2120000837-SPB1",
	 "unit administrator of social psychiatry"},
	{"hanna", "hanna.sjoberg@ludvika.invalid",
	 "Hanna Sjöberg", "Biståndshandläggare", "professional",
	 "SE2120000837-HTJ1", "home care (municipality); invited to Gunnel's SIP"},
	{"lisa", "lisa.holm@regiondalarna.invalid",
	 "Lisa Holm", "Sjuksköterska", "professional", "SE2321000180-LAS1",
	 "hospital ward (region); invited to Gunnel's SIP"},
	{"granskare", "greta.granskare@ludvika.invalid",
	 "Greta Granskare", "Logggranskare", "audit_reviewer", NULL,
	 "audit reviewer: reviews the audit log, reads no plans"},
	/* "ulla" is taken by the unit administrator (issue 5): the follow-up
	 * group's user is ulla.berg. */
	{"ulla.berg", "ulla.berg@regiondalarna.invalid",
	 "Ulla Berg", "Uppföljningsgruppen för SIP, Dalarna",
	 "agreement_follow_up", NULL,
	 "the agreement's follow-up group: reads the statistics, no plans"},
};

static bool find_principal(struct cli_session *s, const char *name, int64_t *id)
{
	struct principal *all;
	int n;
	if (!principal_list(&s->ctx, &all, &n))
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0) {
			*id = all[i].id;
			return true;
		}
	*id = 0;
	return true;
}

static bool load_directory(struct cli_session *s)
{
	for (size_t i = 0; i < sizeof principals / sizeof *principals; i++) {
		int64_t id;
		if (!find_principal(s, principals[i].name, &id))
			return false;
		struct principal_input in = {principals[i].name,
		                             principals[i].kind, true};
		if (!id && !principal_create(&s->ctx, &in, &id))
			return false;
	}
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		struct unit existing;
		struct problem saved = *s->ctx.problem;
		if (unit_find_by_hsa_id(&s->ctx, units[i].hsa_id, &existing))
			continue;
		if (s->ctx.problem->kind != PROBLEM_NOT_FOUND)
			return false;
		*s->ctx.problem = saved;
		struct unit_input in = {
			.hsa_id = units[i].hsa_id,
			.name = units[i].name,
			.email = units[i].email,
			.phone = units[i].phone,
			.postal_address = units[i].address,
			.active = true,
		};
		if (!find_principal(s, units[i].principal, &in.principal_id))
			return false;
		int64_t id;
		if (!unit_create(&s->ctx, &in, &id))
			return false;
	}
	return true;
}

static bool load_users(struct cli_session *s)
{
	for (size_t i = 0; i < sizeof users / sizeof *users; i++) {
		const struct demo_user *d = &users[i];
		struct user existing;
		struct problem saved = *s->ctx.problem;
		if (user_load_by_username(&s->ctx, d->username, &existing, NULL))
			continue;
		if (s->ctx.problem->kind != PROBLEM_NOT_FOUND)
			return false;
		*s->ctx.problem = saved;
		int64_t unit_id = 0;
		if (d->unit_hsa_id) {
			struct unit u;
			if (!unit_find_by_hsa_id(&s->ctx, d->unit_hsa_id, &u))
				return false;
			unit_id = u.id;
		}
		struct user_input in = {
			.username = d->username,
			.full_name = d->full_name,
			.title = d->title,
			.email = d->email,
			.role = d->role,
			.password = DEMO_PASSWORD,
			.unit_ids = unit_id ? &unit_id : NULL,
			.nunits = unit_id ? 1 : 0,
		};
		int64_t id;
		if (!user_create(&s->ctx, &in, &id))
			return false;
	}
	return true;
}

void demo_print_logins(FILE *out)
{
	fprintf(out, "Demo logins (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		fprintf(out, "  %-9s %s\n", users[i].username, users[i].what);
}

int cli_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	struct cli_session s;
	cli_session_begin(&s, db);
	int status = 0;
	if (!load_directory(&s) || !load_users(&s) || !demo_load_plans(&s.ctx))
		status = cli_report(&s.problem);
	else
		demo_print_logins(stdout);
	cli_session_end(&s);
	db_close(db);
	return status;
}
