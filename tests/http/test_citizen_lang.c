/*
 * test_citizen_lang.c — the citizen pages in their six languages: the
 * information page /citizen/about in each, with <html lang dir> right
 * and its text translated; the language chosen by the switch (POST
 * /language with a /citizen next), by its cookie, or by the browser's
 * Accept-Language; and the staff pages kept in Swedish and English
 * whatever a citizen page chose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ANNA "199903152388"
#define LANG_COOKIE "samplan_citizen_lang"

static struct ht_server srv;

static int up(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true})
	               ? 0 : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* Each language, its direction, and words of the information page in
 * it: the first heading and the consent section's. */
static const struct {
	const char *code, *dir, *heading, *consent, *title;
} langs[] = {
	{"sv", "ltr", "Vad är en SIP?", "Ditt samtycke",
	 "Om SIP och dina rättigheter"},
	{"en", "ltr", "What is a SIP?", "Your consent",
	 "About SIP and your rights"},
	{"fi", "ltr", "Mikä on SIP?", "Suostumuksesi",
	 "Tietoa SIP:stä ja oikeuksistasi"},
	{"ar", "rtl", "ما هي خطة SIP؟", "موافقتك", "عن خطة SIP وحقوقك"},
	{"fa", "rtl", "SIP چیست؟", "رضایت شما", "درباره SIP و حقوق شما"},
	{"so", "ltr", "Waa maxay SIP?", "Ogolaanshahaaga",
	 "Ku saabsan SIP iyo xuquuqdaada"},
};
enum { NLANGS = sizeof langs / sizeof *langs };

static const char *html_open(const char *code, const char *dir)
{
	return ht_fmt(&srv, "<html lang=\"%s\" dir=\"%s\">", code, dir);
}

static const struct ht_response *get_with(struct ht_client *c,
                                          const char *path,
                                          const char *accept_language)
{
	const char *headers[] = {
		ht_fmt(&srv, "Accept-Language: %s", accept_language), NULL};
	return ht_request(c, &(struct ht_request){.path = path,
	                                          .headers = headers});
}

/* /citizen/about in each language, chosen by the cookie: the document's
 * language and direction, and the text in that language — not Swedish. */
static void test_about_in_each_language(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLANGS; i++) {
		struct ht_client *c = ht_client_new(&srv);
		ht_cookie_put(c, LANG_COOKIE, langs[i].code);
		const struct ht_response *r = ht_get(c, "/citizen/about");
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, html_open(langs[i].code, langs[i].dir));
		ht_assert_contains(r->body, langs[i].heading);
		ht_assert_contains(r->body, langs[i].consent);
		ht_assert_contains(r->body, ht_fmt(&srv, "<h1>%s</h1>",
		                                   langs[i].title));
		/* Every section is there: interpreter and closing too. */
		ht_assert_contains(r->body, "id=\"tolk\"");
		ht_assert_contains(r->body, "id=\"avslut\"");
		ht_assert_contains(r->body, "id=\"andringar\"");
		if (strcmp(langs[i].code, "sv") != 0) {
			ht_assert_not_contains(r->body, "Vad är en SIP?");
			ht_assert_not_contains(r->body, "Tolken kostar ingenting");
		}
		/* The switch offers all six, each in its own name and
		 * language. */
		ht_assert_contains(r->body, "action=\"/citizen/language\"");
		ht_assert_contains(r->body, "value=\"/citizen/about\"");
		for (size_t k = 0; k < NLANGS; k++)
			ht_assert_contains(r->body,
			                   ht_fmt(&srv, "value=\"%s\" lang=\"%s\"",
			                          langs[k].code, langs[k].code));
		ht_assert_contains(r->body, ">العربية<");
		ht_assert_contains(r->body, ">فارسی<");
		ht_assert_contains(r->body, ">Soomaali<");
		ht_assert_contains(r->body, ">Suomi<");
		ht_client_free(c);
	}
}

/* The page is public, and the same for a signed-in citizen (with their
 * sign-out). */
static void test_about_is_public(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_get(c, "/citizen/about");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, html_open("sv", "ltr"));
	ht_assert_not_contains(r->body, "Logga ut");
	assert_true(ht_citizen_sign_in(c, ANNA));
	ht_cookie_put(c, LANG_COOKIE, "ar");
	r = ht_get(c, "/citizen/about");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, html_open("ar", "rtl"));
	ht_assert_contains(r->body, "سجل الخروج"); /* sign out */
	/* And her start page follows the same choice. */
	r = ht_get(c, "/citizen");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, html_open("ar", "rtl"));
	ht_assert_contains(r->body, "خططي"); /* "Mina planer" */
	ht_client_free(c);
}

/* An ISO date inside an Arabic or Farsi sentence keeps its order: it is
 * isolated (U+2066 ... U+2069), as 2026-12-15 would otherwise show as
 * 15-12-2026 there; Swedish text gets no isolate. */
static void test_dates_read_left_to_right_in_rtl(void **state)
{
	(void)state;
	const char *date = ht_sql_text(&srv, "SELECT p.next_follow_up_date"
		" FROM plan p JOIN person pe ON pe.id = p.person_id"
		" WHERE pe.personnummer = ? AND p.next_follow_up_date IS NOT NULL",
		ANNA);
	assert_non_null(date);
	char isolated[64];
	snprintf(isolated, sizeof isolated, "\xe2\x81\xa6%s\xe2\x81\xa9", date);
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, ANNA));
	const struct ht_response *r = ht_get(c, "/citizen");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, date);
	ht_assert_not_contains(r->body, "\xe2\x81\xa6");
	for (const char *const *code = (const char *const[]){"ar", "fa", NULL};
	     *code; code++) {
		ht_cookie_put(c, LANG_COOKIE, *code);
		r = ht_get(c, "/citizen");
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, isolated);
	}
	ht_client_free(c);
}

/* Without a choice, the browser's Accept-Language among the six. */
static void test_accept_language(void **state)
{
	(void)state;
	static const struct {
		const char *header, *code, *dir;
	} cases[] = {
		{"ar-SE,ar;q=0.9,en;q=0.5", "ar", "rtl"},
		{"fa", "fa", "rtl"},
		{"fi-FI,fi;q=0.9", "fi", "ltr"},
		{"so,sv;q=0.5", "so", "ltr"},
		{"en-GB", "en", "ltr"},
		{"de-DE,de;q=0.9", "sv", "ltr"},
		{"sv-SE,ar;q=0.5", "sv", "ltr"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct ht_client *c = ht_client_new(&srv);
		const struct ht_response *r =
			get_with(c, "/citizen/about", cases[i].header);
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, html_open(cases[i].code, cases[i].dir));
		/* A cookie's choice wins over the browser's. */
		ht_cookie_put(c, LANG_COOKIE, "so");
		r = get_with(c, "/citizen/about", cases[i].header);
		ht_assert_contains(r->body, html_open("so", "ltr"));
		/* A cookie with a language that is not one of the six is
		 * ignored. */
		ht_cookie_put(c, LANG_COOKIE, "de");
		r = get_with(c, "/citizen/about", cases[i].header);
		ht_assert_contains(r->body, html_open(cases[i].code, cases[i].dir));
		ht_client_free(c);
	}
}

/* The switch on a citizen page takes each of the six and keeps it in a
 * cookie of the citizen pages only. */
static void test_switch_on_a_citizen_page(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLANGS; i++) {
		struct ht_client *c = ht_client_new(&srv);
		const struct ht_response *r = ht_post_form(
			c, "/language", "lang", langs[i].code, "next",
			"/citizen/about", NULL);
		ht_assert_status(r, 303);
		assert_string_equal(r->location, "/citizen/about");
		const char *set = ht_set_cookie(r, LANG_COOKIE);
		assert_non_null(set);
		ht_assert_contains(set, ht_fmt(&srv, "%s=%s", LANG_COOKIE,
		                               langs[i].code));
		ht_assert_contains(set, "Path=/citizen");
		assert_null(ht_set_cookie(r, "samplan_lang"));
		r = ht_get(c, "/citizen/about");
		ht_assert_contains(r->body, html_open(langs[i].code, langs[i].dir));
		ht_assert_contains(r->body, langs[i].heading);
		ht_client_free(c);
	}
	/* next = /citizen itself, and a page under it. */
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_post_form(c, "/language", "lang", "fa",
	                                           "next", "/citizen", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/citizen");
	assert_non_null(ht_set_cookie(r, LANG_COOKIE));
	ht_client_free(c);
}

/* The citizen layout's switch posts to /citizen/language: each of the
 * six, back to the page it came from; a next outside the citizen pages
 * goes to /citizen, and never sets the staff pages' language. */
static void test_citizen_language_route(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLANGS; i++) {
		struct ht_client *c = ht_client_new(&srv);
		const struct ht_response *r = ht_post_form(
			c, "/citizen/language", "lang", langs[i].code, "next",
			"/citizen/about", NULL);
		ht_assert_status(r, 303);
		assert_string_equal(r->location, "/citizen/about");
		ht_assert_contains(ht_set_cookie(r, LANG_COOKIE), "Path=/citizen");
		r = ht_get(c, "/citizen/about");
		ht_assert_contains(r->body, html_open(langs[i].code, langs[i].dir));
		ht_client_free(c);
	}
	static const char *const outside[] = {"/", "/persons", "//evil.example",
	                                      "https://evil.example/", ""};
	for (size_t i = 0; i < sizeof outside / sizeof *outside; i++) {
		struct ht_client *c = ht_client_new(&srv);
		const struct ht_response *r = ht_post_form(
			c, "/citizen/language", "lang", "en", "next", outside[i],
			NULL);
		ht_assert_status(r, 303);
		assert_string_equal(r->location, "/citizen");
		assert_null(ht_set_cookie(r, "samplan_lang"));
		ht_client_free(c);
	}
}

/* A signed-in citizen's switch needs their session's CSRF token (the
 * footer form has it); a browser that also has a staff session switches
 * the citizen pages all the same, and the staff pages stay as they were. */
static void test_switch_when_signed_in(void **state)
{
	(void)state;
	struct ht_client *c = ht_logged_in(&srv, "eva");
	assert_true(ht_citizen_sign_in(c, ANNA));
	const struct ht_response *r = ht_get(c, "/citizen/about");
	ht_assert_page(r, 200);
	const char *token = ht_form_value(c, r, "csrf_token");
	assert_non_null(token);
	assert_string_equal(token, ht_citizen_csrf(c));
	r = ht_post_form(c, "/citizen/language", "lang", "ar", "next",
	                 "/citizen/about", NULL);
	ht_assert_status(r, 403);
	assert_null(ht_set_cookie(r, LANG_COOKIE));
	r = ht_post_form(c, "/citizen/language", "csrf_token", "wrong", "lang",
	                 "ar", "next", "/citizen/about", NULL);
	ht_assert_status(r, 403);
	r = ht_post_form(c, "/citizen/language", "csrf_token",
	                 ht_citizen_csrf(c), "lang", "ar", "next",
	                 "/citizen/about", NULL);
	ht_assert_status(r, 303);
	r = ht_get(c, "/citizen/about");
	ht_assert_contains(r->body, html_open("ar", "rtl"));
	r = ht_get(c, "/");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "<html lang=\"sv\"");
	ht_client_free(c);
}

/* A language that is not one of the six: refused, in the citizen
 * layout and the page's language, nothing set. */
static void test_switch_refuses_other_languages(void **state)
{
	(void)state;
	static const char *const bad[] = {"de", "AR", "", "arabic", "sv-SE"};
	static const char *const paths[] = {"/language", "/citizen/language"};
	for (size_t p = 0; p < 2; p++)
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			struct ht_client *c = ht_client_new(&srv);
			const struct ht_response *r = ht_post_form(
				c, paths[p], "lang", bad[i], "next", "/citizen/about",
				NULL);
			if (r->status < 400 || r->status >= 500)
				fail_msg("%s, lang '%s': %ld", paths[p], bad[i],
				         r->status);
			ht_assert_contains(r->body, "Välj ett av språken i listan.");
			ht_assert_contains(r->body, "class=\"citizen\"");
			assert_null(ht_set_cookie(r, LANG_COOKIE));
			assert_null(ht_set_cookie(r, "samplan_lang"));
			ht_client_free(c);
		}
	/* In the language already chosen. */
	struct ht_client *c = ht_client_new(&srv);
	ht_cookie_put(c, LANG_COOKIE, "fi");
	const struct ht_response *r = ht_post_form(
		c, "/citizen/language", "lang", "de", "next", "/citizen/about",
		NULL);
	ht_assert_status(r, 422);
	ht_assert_contains(r->body, "Valitse jokin luettelon kielistä.");
	ht_assert_contains(r->body, html_open("fi", "ltr"));
	ht_client_free(c);
}

/* The staff pages stay in Swedish or English: the switch refuses a
 * citizen language for them, their language ignores the citizen
 * cookie and the browser's Arabic, and a staff user's setting cannot
 * become Finnish. */
static void test_staff_pages_stay_sv_en(void **state)
{
	(void)state;
	static const char *const citizen_only[] = {"fi", "ar", "fa", "so"};
	static const char *const nexts[] = {"/", "/login", "/persons",
	                                    "/citizenship", "/citizen-x"};
	for (size_t i = 0; i < sizeof citizen_only / sizeof *citizen_only; i++)
		for (size_t k = 0; k < sizeof nexts / sizeof *nexts; k++) {
			struct ht_client *c = ht_client_new(&srv);
			const struct ht_response *r = ht_post_form(
				c, "/language", "lang", citizen_only[i], "next",
				nexts[k], NULL);
			if (r->status < 400 || r->status >= 500)
				fail_msg("lang %s, next %s: %ld", citizen_only[i],
				         nexts[k], r->status);
			ht_assert_contains(r->body, "Välj svenska eller engelska.");
			assert_null(ht_set_cookie(r, "samplan_lang"));
			assert_null(ht_set_cookie(r, LANG_COOKIE));
			ht_client_free(c);
		}
	/* sv and en still switch a staff page. */
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_post_form(c, "/language", "lang", "en",
	                                           "next", "/login", NULL);
	ht_assert_status(r, 303);
	ht_assert_contains(ht_set_cookie(r, "samplan_lang"), "samplan_lang=en");
	assert_null(ht_set_cookie(r, LANG_COOKIE));
	r = ht_get(c, "/login");
	ht_assert_contains(r->body, "<html lang=\"en\"");
	ht_client_free(c);

	/* The citizen's choice and an Arabic browser leave /login Swedish. */
	c = ht_client_new(&srv);
	ht_cookie_put(c, LANG_COOKIE, "ar");
	r = get_with(c, "/login", "ar,fa;q=0.9");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "<html lang=\"sv\"");
	ht_assert_not_contains(r->body, "dir=\"rtl\"");
	/* A staff cookie with a citizen language is ignored too. */
	ht_cookie_put(c, "samplan_lang", "ar");
	r = ht_get(c, "/login");
	ht_assert_contains(r->body, "<html lang=\"sv\"");
	ht_client_free(c);

	/* A logged-in user: refused, their setting unchanged. */
	c = ht_logged_in(&srv, "eva");
	const char *before = ht_sql_text(&srv, "SELECT COALESCE(lang, '-') FROM"
	                                 " user_account WHERE username = ?", "eva");
	r = ht_post_form(c, "/language", "csrf_token", ht_csrf(c), "lang", "fi",
	                 "next", "/", NULL);
	if (r->status < 400 || r->status >= 500)
		fail_msg("eva, lang fi: %ld", r->status);
	assert_string_equal(ht_sql_text(&srv, "SELECT COALESCE(lang, '-') FROM"
	                                " user_account WHERE username = ?", "eva"),
	                    before);
	r = ht_get(c, "/");
	ht_assert_not_contains(r->body, "<html lang=\"fi\"");
	ht_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_about_in_each_language),
		cmocka_unit_test(test_about_is_public),
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_dates_read_left_to_right_in_rtl),
		cmocka_unit_test(test_switch_on_a_citizen_page),
		cmocka_unit_test(test_citizen_language_route),
		cmocka_unit_test(test_switch_when_signed_in),
		cmocka_unit_test(test_switch_refuses_other_languages),
		cmocka_unit_test(test_staff_pages_stay_sv_en),
	};
	return cmocka_run_group_tests(tests, up, down);
}
