/*
 * test_print.c — the plan on paper over real HTTP (src/doc/,
 * src/page/page_plan_print.c): Anna's PDF read back with pdftotext —
 * every goal, every intervention's activity, responsible party and
 * timing, the coordinator, åäö intact, "Sida 1 av N" —, an earlier
 * version's PDF, the print view (the document, no history, no forms),
 * the plain-language summary, the invitation letter to a party outside
 * samplan and the planning document; a protected person's PDF, letter
 * and planning document with no address in them and saying the data are
 * protected; an unrelated unit's 404 for every URL, the same as for a
 * plan that does not exist; an audit record for each fetch.
 *
 * One server with the demo data. The PDF's caps are tested on the
 * renderer itself (tests/unit/test_doc_pdf.c): a plan cannot reach them
 * through the forms' own caps in a fast test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "harness.h"

static struct ht_server srv;
static struct arena scratch;

#define HSA_SPB "SE2120000837-SPB1" /* Socialpsykiatri, boendestöd (bo) */
#define HSA_VPL "SE2321000180-VPL1" /* Vuxenpsykiatri Ludvika (eva) */
#define SECRET_ADDRESS "Hemliga vägen 7"
#define SECRET_PHONE "070-999 88 77"

static int group_setup(void **state)
{
	(void)state;
	arena_init(&scratch, 32 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = ht_server_stop(&srv);
	arena_free(&scratch);
	return rc == 0 ? 0 : -1;
}

/* ---- helpers ---- */

/* s without any white space: pdftotext breaks lines where the PDF
 * wrapped them, so texts are compared with the spaces taken out. */
static const char *squeeze(const char *s)
{
	char *out = arena_alloc(&scratch, strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			*o++ = *s;
	*o = '\0';
	return out;
}

/* The text of a PDF response, through pdftotext. */
static const char *pdf_text(const struct ht_response *r)
{
	ht_assert_status(r, 200);
	assert_string_equal(ht_header(r, "Content-Type"), "application/pdf");
	assert_true(r->body_len > 4 && memcmp(r->body, "%PDF", 4) == 0);
	return ht_pdf_text(&srv, r->body, r->body_len);
}

#define assert_pdf_has(text, needle) \
	ht_assert_contains(squeeze(text), squeeze(needle))
#define assert_pdf_lacks(text, needle) \
	ht_assert_not_contains(squeeze(text), squeeze(needle))

static int64_t audit_count(const char *action)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
	                  action);
}

static int64_t anna_plan(void)
{
	int64_t id = ht_sql_int(&srv, "SELECT p.id FROM plan p JOIN person pe ON"
	                        " pe.id = p.person_id WHERE pe.given_name = ?",
	                        "Anna");
	assert_true(id > 0);
	return id;
}

static int64_t unit_id(const char *hsa)
{
	return ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?", hsa);
}

static int64_t principal_id(const char *name)
{
	return ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?", name);
}

static json_t *item(json_t *o, const char *key, size_t i)
{
	return json_array_get(json_object_get(o, key), i);
}

/* ---- Anna's plan ---- */

static void test_anna_pdf(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t plan = anna_plan();
	json_t *p = ht_api_get(eva, ht_fmt(&srv, "/api/v1/plans/%lld",
	                                   (long long)plan), 200);
	json_t *v = json_object_get(p, "current_version");
	int version = (int)ht_jint(v, "version_no");

	int64_t before = audit_count("plan.pdf");
	const struct ht_response *r =
		ht_get(eva, ht_fmt(&srv, "/plans/%lld/plan.pdf", (long long)plan));
	const char *text = pdf_text(r);
	assert_int_equal(audit_count("plan.pdf"), before + 1);
	/* The file's name says which plan, never whose. */
	assert_string_equal(ht_header(r, "Content-Disposition"),
	                    ht_fmt(&srv, "attachment; filename=\"sip-plan-%lld-"
	                                 "version-%d.pdf\"",
	                           (long long)plan, version));

	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(v, "goals"), i, x)
		assert_pdf_has(text, ht_jstr(x, "text"));
	assert_true(json_array_size(json_object_get(v, "interventions")) >= 7);
	json_array_foreach(json_object_get(v, "interventions"), i, x) {
		assert_pdf_has(text, ht_jstr(x, "what"));
		const char *who = ht_jstr(x, "responsible");
		assert_pdf_has(text, who ? who : ht_jstr(x, "responsible_unit_name"));
		assert_pdf_has(text, ht_jstr(x, "timing"));
	}
	assert_pdf_has(text, "Hantera sin ångest");
	assert_pdf_has(text, "KBT-behandling samtal X gånger/vecka");
	assert_pdf_has(text, "Anna och Elena");
	assert_pdf_has(text, "Påbörjas omgående");
	assert_pdf_has(text, "Huvudansvarig för planen");
	assert_pdf_has(text, "Eva Lind, Kurator, Vuxenpsykiatrisk "
	                     "öppenvårdsmottagning Ludvika");
	assert_pdf_has(text, "Vad som ska göras och vem som ansvarar för vad");
	assert_pdf_has(text, "Tidsplan start/sluttid");
	assert_pdf_has(text, "Kontaktperson");
	assert_pdf_has(text, "Anna Andersson, 19990315-2388");
	assert_pdf_has(text, ht_fmt(&srv, "SIP %lld, version %d", (long long)plan,
	                            version));
	/* Page numbers on every page: N pages, each "Sida k av N". */
	const char *squeezed = squeeze(text);
	const char *last = NULL;
	for (const char *s = strstr(squeezed, "Sida1av"); s;
	     s = strstr(s + 1, "Sida"))
		last = s;
	assert_non_null(last);
	int k = 0, n = 0;
	assert_int_equal(sscanf(last, "Sida%dav%d", &k, &n), 2);
	assert_true(n >= 2);
	assert_int_equal(k, n);
	/* The plain-language summary follows the plan in the same file. */
	assert_pdf_has(text, "Din plan i korthet (lättläst)");
	assert_pdf_has(text, "Eva Lind är din samordnare.");
	assert_pdf_has(text, "Ni träffas igen");
	assert_pdf_lacks(text, "Skyddade personuppgifter");
	json_decref(p);
	ht_client_free(eva);
}

static void test_earlier_version_pdf(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t plan = anna_plan();
	const char *text = pdf_text(
		ht_get(eva, ht_fmt(&srv, "/plans/%lld/versions/1/plan.pdf",
		                   (long long)plan)));
	assert_pdf_has(text, ht_fmt(&srv, "SIP %lld, version 1", (long long)plan));
	assert_pdf_has(text, "Det här är en tidigare version. Den gäller inte "
	                     "längre.");
	assert_pdf_has(text, "KBT-behandling samtal X gånger/vecka");
	/* The version in force does not say so. */
	text = pdf_text(ht_get(eva, ht_fmt(&srv, "/plans/%lld/plan.pdf",
	                                   (long long)plan)));
	assert_pdf_lacks(text, "Det här är en tidigare version.");
	/* A version that does not exist: 404, as a problem for a token. */
	ht_assert_problem(ht_get(eva, ht_fmt(&srv, "/plans/%lld/versions/99/"
	                                            "plan.pdf", (long long)plan)),
	                  404);
	ht_client_free(eva);
}

static void test_print_view(void **state)
{
	(void)state;
	struct ht_client *web = ht_logged_in(&srv, "eva");
	int64_t plan = anna_plan();
	int64_t before = audit_count("plan.print");
	const struct ht_response *r =
		ht_get(web, ht_fmt(&srv, "/plans/%lld/print", (long long)plan));
	ht_assert_page(r, 200);
	assert_int_equal(audit_count("plan.print"), before + 1);
	ht_assert_contains(r->body, "<h1 id=\"print-doc\">Samordnad individuell "
	                            "plan</h1>");
	ht_assert_contains(r->body, "Vad som ska göras och vem som ansvarar för "
	                            "vad");
	ht_assert_contains(r->body, "KBT-behandling samtal X gånger/vecka");
	ht_assert_contains(r->body, "<th scope=\"col\">Kontaktperson</th>");
	ht_assert_contains(r->body, "Underskrifter");
	/* Anna's document only: no history, no step forms, no workflow. */
	ht_assert_not_contains(r->body, "Historik");
	ht_assert_not_contains(r->body, "id=\"history\"");
	ht_assert_not_contains(r->body, ht_fmt(&srv, "action=\"/plans/%lld/",
	                                       (long long)plan));
	ht_assert_not_contains(r->body, "class=\"steps");
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"/plans/%lld/plan.pdf\"",
	                                   (long long)plan));
	/* The plan page links to its print view, PDF and summary, and its
	 * document section is the same tree. */
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"/plans/%lld/print\"",
	                                   (long long)plan));
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"/plans/%lld/plain\"",
	                                   (long long)plan));
	ht_assert_contains(r->body, "Min nuvarande situation är så här");
	/* An earlier version's print view says it no longer applies. */
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld/versions/1/print",
	                       (long long)plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Det här är en tidigare version.");

	/* The plain-language summary. */
	before = audit_count("plan.plain");
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld/plain", (long long)plan));
	ht_assert_page(r, 200);
	assert_int_equal(audit_count("plan.plain"), before + 1);
	ht_assert_contains(r->body, "Planen gäller dig, Anna Andersson.");
	ht_assert_contains(r->body, "Eva Lind är din samordnare.");
	ht_assert_contains(r->body, "Du gör det här: Dokumentera i dagbok.");
	ht_assert_contains(r->body, "Anna och Elena gör det här:");
	ht_assert_contains(r->body, "Nästa uppföljning");
	ht_client_free(web);
}

/* ---- manual handling: an external party's letter ---- */

/* Gunnel's plan (the demo's discharge SIP) invites Karin Berg, outside
 * samplan, by phone; lars's primary care unit leads it. */
static void test_letter_for_external_party(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "lars");
	int64_t inv = ht_sql_int(&srv, "SELECT i.id FROM invitation i WHERE"
	                         " i.unit_id IS NULL AND i.external_name = ?",
	                         "Karin Berg");
	assert_true(inv > 0);
	const char *plan = ht_sql_text(&srv, "SELECT CAST(m.plan_id AS TEXT) FROM"
	                               " invitation i JOIN meeting m ON m.id ="
	                               " i.meeting_id WHERE i.external_name = ?",
	                               "Karin Berg");
	int64_t before = audit_count("invitation.letter");
	const struct ht_response *r = ht_get(
		eva, ht_fmt(&srv, "/plans/%s/invitations/%lld/letter.pdf", plan,
		            (long long)inv));
	const char *text = pdf_text(r);
	assert_int_equal(audit_count("invitation.letter"), before + 1);
	assert_pdf_has(text, "Kallelse till SIP-möte");
	assert_pdf_has(text, "Karin Berg");
	assert_pdf_has(text, "Så svarar du");
	assert_pdf_has(text, "Syftet med mötet");
	assert_pdf_has(text, "Sida 1 av 1");
	ht_assert_contains(ht_header(r, "Content-Disposition"),
	                   ht_fmt(&srv, "sip-plan-%s-kallelse-%lld.pdf", plan,
	                          (long long)inv));
	/* An invitation to a unit in samplan has no letter. */
	int64_t unit_inv = ht_sql_int(&srv, "SELECT i.id FROM invitation i JOIN"
	                              " meeting m ON m.id = i.meeting_id WHERE"
	                              " i.unit_id IS NOT NULL AND"
	                              " CAST(m.plan_id AS TEXT) = ?", plan);
	assert_true(unit_inv > 0);
	ht_assert_problem(ht_get(eva, ht_fmt(&srv, "/plans/%s/invitations/%lld/"
	                                            "letter.pdf", plan,
	                                     (long long)unit_inv)),
	                  404);
	/* The plan page links the letter from the invitation. */
	struct ht_client *web = ht_logged_in(&srv, "lars");
	r = ht_get(web, ht_fmt(&srv, "/plans/%s", plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"/plans/%s/invitations/"
	                                         "%lld/letter.pdf\"",
	                                   plan, (long long)inv));
	ht_assert_contains(r->body, "/planning.pdf\"");
	ht_client_free(web);
	ht_client_free(eva);
}

/* ---- a protected person ---- */

struct protected_plan {
	int64_t plan, meeting, letter_invitation;
};

/* Siri's plan (serial: a personnummer of its own): protected identity
 * with an address and phone, or not; a consent with the given scopes
 * (taken over) for region and municipality; bo's unit and a party
 * outside samplan (by letter) invited; established with the region's
 * (health) and Siri's own intervention. */
static void make_plan(struct ht_client *eva, struct protected_plan *x,
                      int serial, bool protected_identity, json_t *scopes)
{
	json_t *principals = json_pack("[I,I]",
	                               (json_int_t)principal_id("Region Dalarna"),
	                               (json_int_t)principal_id("Ludvika kommun"));
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
	                                  " s:b}",
	                                  "personnummer", ht_pnr("19850707", serial),
	                                  "given_name", "Siri", "family_name",
	                                  "Skyddad", "address", SECRET_ADDRESS,
	                                  "postal_code", "77199", "city",
	                                  "Grängesberg", "phone", SECRET_PHONE,
	                                  "protected_identity",
	                                  protected_identity),
	                        201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	                json_pack("{s:I, s:s, s:s, s:O}", "person_id",
	                          (json_int_t)person, "initiated_by",
	                          "professional", "need_professional",
	                          "Behöver samordnat stöd.", "principal_ids",
	                          principals),
	                201);
	x->plan = ht_jint(p, "id");
	json_decref(p);
	const char *path = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x->plan);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/consents", path),
	                        json_pack("{s:s, s:s, s:s, s:o, s:O}",
	                                  "given_by", "individual", "form",
	                                  "written", "valid_until",
	                                  ht_date_in(&srv, 365), "scopes",
	                                  scopes, "recipient_ids", principals),
	                        201));
	json_decref(principals);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", path),
	                        json_pack("{s:s, s:s, s:s}", "purpose",
	                                  "Trygg vardag.", "participation", "whole",
	                                  "individual_goals", "Känna mig trygg."),
	                        200));
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", path),
	                json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                          ht_date_in(&srv, 0), "start_time", "09:30",
	                          "duration_minutes", 90, "place",
	                          "Mottagningen, rum 3", "purpose",
	                          "Göra en plan för en trygg vardag."),
	                201);
	x->meeting = ht_jint(item(p, "meetings", 0), "id");
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/invitations", path),
	                json_pack("{s:I, s:[{s:I}, {s:s, s:s, s:s, s:s}]}",
	                          "meeting_id", (json_int_t)x->meeting,
	                          "invitations", "unit_id",
	                          (json_int_t)unit_id(HSA_SPB), "external_name",
	                          "Gode man Örjan Ström", "external_organisation",
	                          "Överförmyndaren", "external_contact",
	                          "Box 12, 771 30 Ludvika", "channel", "letter"),
	                201);
	json_decref(p);
	x->letter_invitation = ht_sql_int(
		&srv, "SELECT id FROM invitation WHERE unit_id IS NULL AND"
		      " CAST(meeting_id AS TEXT) = ?",
		ht_fmt(&srv, "%lld", (long long)x->meeting));
	assert_true(x->letter_invitation > 0);
	json_t *ints = json_pack(
		"[{s:i, s:s, s:s, s:I, s:s}, {s:i, s:s, s:s, s:s, s:s}]",
		"goal", 1, "what", "Samtal om trygghet", "responsible_kind",
		"region_unit", "responsible_unit_id", (json_int_t)unit_id(HSA_VPL),
		"timing", "Varannan vecka",
		"goal", 1, "what", "Skriva ner vad som hjälper", "responsible_kind",
		"individual", "responsible_name", "Siri", "timing", "Varje kväll");
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", path),
	                json_pack("{s:I, s:[{s:s}], s:s, s:s, s:s, s:s, s:s, s:s,"
	                          " s:[{s:s, s:s}], s:o, s:I, s:s, s:s, s:b}",
	                          "meeting_id", (json_int_t)x->meeting,
	                          "participants", "name", "Siri Skyddad",
	                          "chair", "Eva Lind", "secretary", "Eva Lind",
	                          "needs", "Trygghet.", "crisis_plan",
	                          "Ring Eva.",
	                          "situation", "Bor på hemlig adress.", "wishes",
	                          "Känna mig trygg.", "goals", "kind", "overall",
	                          "text", "En trygg vardag", "interventions", ints,
	                          "coordinator_user_id",
	                          (json_int_t)ht_user_id(&srv, "eva"),
	                          "follow_up_date", ht_date_in(&srv, 60),
	                          "follow_up_place", "Mottagningen",
	                          "individual_approved", 1),
	                201);
	assert_string_equal(ht_jstr(p, "state"), "active");
	json_decref(p);
}

static void assert_no_contact(const char *text)
{
	assert_pdf_lacks(text, SECRET_ADDRESS);
	assert_pdf_lacks(text, "Grängesberg");
	assert_pdf_lacks(text, "77199");
	assert_pdf_lacks(text, SECRET_PHONE);
	assert_pdf_has(text, "Skyddade personuppgifter");
}

static void test_protected_person(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct protected_plan x;
	make_plan(eva, &x, 31, true, json_pack("[s,s]", "health", "social"));
	const char *text = pdf_text(ht_get(eva, ht_fmt(&srv, "/plans/%lld/plan.pdf",
	                                               (long long)x.plan)));
	assert_no_contact(text);
	assert_pdf_has(text, "Siri Skyddad");
	assert_pdf_has(text, "Samtal om trygghet");
	assert_pdf_has(text, "Du gör det här: Skriva ner vad som hjälper.");

	int64_t before = audit_count("invitation.letter");
	text = pdf_text(ht_get(eva, ht_fmt(&srv, "/plans/%lld/invitations/%lld/"
	                                         "letter.pdf",
	                                   (long long)x.plan,
	                                   (long long)x.letter_invitation)));
	assert_int_equal(audit_count("invitation.letter"), before + 1);
	assert_no_contact(text);
	assert_pdf_has(text, "Gode man Örjan Ström");
	assert_pdf_has(text, "Överförmyndaren");
	assert_pdf_has(text, "Box 12, 771 30 Ludvika");
	assert_pdf_has(text, "Mottagningen, rum 3");
	assert_pdf_has(text, "klockan 09:30");
	assert_pdf_has(text, "Göra en plan för en trygg vardag.");
	assert_pdf_has(text, "Vuxenpsykiatrisk öppenvårdsmottagning Ludvika");

	before = audit_count("meeting.planning_document");
	text = pdf_text(ht_get(eva, ht_fmt(&srv, "/plans/%lld/meetings/%lld/"
	                                         "planning.pdf",
	                                   (long long)x.plan,
	                                   (long long)x.meeting)));
	assert_int_equal(audit_count("meeting.planning_document"), before + 1);
	assert_no_contact(text);
	assert_pdf_has(text, "Siri Skyddad");
	assert_pdf_has(text, "Känna mig trygg.");
	assert_pdf_has(text, "Gode man Örjan Ström, Överförmyndaren");
	assert_pdf_has(text, "Vad som ska göras och vem som ansvarar för vad");
	assert_pdf_has(text, "Underskrifter");

	/* The print view and the summary say it too, with no address. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const char *urls[] = {"/print", "/plain"};
	for (size_t i = 0; i < 2; i++) {
		const struct ht_response *r = ht_get(
			web, ht_fmt(&srv, "/plans/%lld%s", (long long)x.plan, urls[i]));
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, "Skyddade personuppgifter");
		ht_assert_not_contains(r->body, SECRET_ADDRESS);
		ht_assert_not_contains(r->body, SECRET_PHONE);
	}
	ht_client_free(web);
	ht_client_free(eva);
}

/* ---- what the consent does not cover ---- */

/* Bo's municipality is covered for social information only: the
 * region's intervention (health) is withheld from him on paper as on
 * the plan page, in the same words; the coordinator's unit sees it. */
static void test_withheld_parts(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct protected_plan x;
	make_plan(eva, &x, 42, false, json_pack("[s]", "social"));
	const char *pdf = ht_fmt(&srv, "/plans/%lld/plan.pdf", (long long)x.plan);
	const char *text = pdf_text(ht_get(eva, pdf));
	assert_pdf_has(text, "Samtal om trygghet");
	assert_pdf_lacks(text, "Dold: samtycket omfattar inte");

	struct ht_client *bo = ht_api_as(&srv, "bo");
	text = pdf_text(ht_get(bo, pdf));
	assert_pdf_lacks(text, "Samtal om trygghet");
	assert_pdf_has(text, "Dold: samtycket omfattar inte Hälsa och vård");
	assert_pdf_has(text, "Delar av planen visas inte: samtycket omfattar "
	                     "inte dem.");
	assert_pdf_has(text, "Skriva ner vad som hjälper"); /* Siri's own */
	/* The print view and the summary say the same. */
	struct ht_client *web = ht_logged_in(&srv, "bo");
	const char *urls[] = {"/print", "/plain"};
	for (size_t i = 0; i < 2; i++) {
		const struct ht_response *r = ht_get(
			web, ht_fmt(&srv, "/plans/%lld%s", (long long)x.plan, urls[i]));
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, "Dold: samtycket omfattar inte Hälsa "
		                            "och vård");
		ht_assert_not_contains(r->body, "Samtal om trygghet");
	}
	ht_client_free(web);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* ---- who may not ---- */

static void test_unrelated_unit_gets_404(void **state)
{
	(void)state;
	int64_t plan = anna_plan();
	int64_t meeting = ht_sql_int(&srv, "SELECT CAST(MIN(id) AS INTEGER) FROM"
	                             " meeting WHERE CAST(plan_id AS TEXT) = ?",
	                             ht_fmt(&srv, "%lld", (long long)plan));
	int64_t inv = ht_sql_int(&srv, "SELECT id FROM invitation WHERE"
	                         " external_name = ?", "Karin Berg");
	const char *inv_plan = ht_sql_text(&srv, "SELECT CAST(m.plan_id AS TEXT)"
	                                   " FROM invitation i JOIN meeting m ON"
	                                   " m.id = i.meeting_id WHERE"
	                                   " i.external_name = ?",
	                                   "Karin Berg");
	const char *mine[] = {
		ht_fmt(&srv, "/plans/%lld/print", (long long)plan),
		ht_fmt(&srv, "/plans/%lld/versions/1/print", (long long)plan),
		ht_fmt(&srv, "/plans/%lld/plain", (long long)plan),
		ht_fmt(&srv, "/plans/%lld/plan.pdf", (long long)plan),
		ht_fmt(&srv, "/plans/%lld/versions/1/plan.pdf", (long long)plan),
		ht_fmt(&srv, "/plans/%lld/meetings/%lld/planning.pdf",
		       (long long)plan, (long long)meeting),
		ht_fmt(&srv, "/plans/%s/invitations/%lld/letter.pdf", inv_plan,
		       (long long)inv),
	};
	const char *missing[] = {
		"/plans/999999/print", "/plans/999999/versions/1/print",
		"/plans/999999/plain", "/plans/999999/plan.pdf",
		"/plans/999999/versions/1/plan.pdf",
		ht_fmt(&srv, "/plans/999999/meetings/%lld/planning.pdf",
		       (long long)meeting),
		ht_fmt(&srv, "/plans/999999/invitations/%lld/letter.pdf",
		       (long long)inv),
	};
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct ht_client *web = ht_logged_in(&srv, "olle");
	int64_t refused = audit_count("plan.read.refused");
	for (size_t i = 0; i < sizeof mine / sizeof *mine; i++) {
		const struct ht_response *a = ht_get(olle, mine[i]);
		json_t *pa = ht_assert_problem(a, 404);
		const struct ht_response *b = ht_get(olle, missing[i]);
		json_t *pb = ht_assert_problem(b, 404);
		assert_string_equal(ht_jstr(pa, "detail"), ht_jstr(pb, "detail"));
		json_decref(pa);
		json_decref(pb);
		ht_assert_status(ht_get(web, mine[i]), 404);
	}
	/* Each refusal is recorded (the attempts of the existing plans). */
	assert_true(audit_count("plan.read.refused") >=
	            refused + 2 * (int64_t)(sizeof mine / sizeof *mine));
	/* Not logged in: the login page, nothing else. */
	struct ht_client *anon = ht_client_new(&srv);
	ht_assert_status(ht_get(anon, mine[3]), 303);
	ht_client_free(anon);
	ht_client_free(web);
	ht_client_free(olle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anna_pdf),
		cmocka_unit_test(test_earlier_version_pdf),
		cmocka_unit_test(test_print_view),
		cmocka_unit_test(test_letter_for_external_party),
		cmocka_unit_test(test_protected_person),
		cmocka_unit_test(test_withheld_parts),
		cmocka_unit_test(test_unrelated_unit_gets_404),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
