/*
 * i18n.h — user interface text in the caller's language.
 *
 * Text in the source is Swedish, the product's default language, marked
 * for xgettext with tr() (and N_() where only marked); po/en.po is the
 * English catalogue, compiled by msgfmt and embedded in the binary.
 *
 * Why not glibc's gettext() at run time: it picks the catalogue from the
 * process (or thread) locale, which needs the sv_SE/en_US locales
 * generated on every host and cannot follow the language of each request
 * in a thread pool. The catalogues are the same .mo files; i18n.c looks
 * strings up in them by binary search, per call, with the language of the
 * request.
 */
#ifndef SAMPLAN_I18N_H
#define SAMPLAN_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* Mark a string for translation without translating it here. */
#define N_(s) (s)

/* The translation of msgid into lang ("sv", "en", or a citizen page
 * language: "fi", "ar", "fa", "so"); msgid itself — Swedish — when lang
 * is "sv" or the catalogue has no translation of it. Never NULL; static
 * storage. */
const char *tr(const char *lang, const char *msgid)
	__attribute__((format_arg(2)));

/* Plural: the form of n by lang's Plural-Forms rule (i18n_plural_form);
 * without a translation, Swedish: singular for n == 1, plural otherwise. */
const char *trn(const char *lang, const char *singular, const char *plural,
                long n) __attribute__((format_arg(2), format_arg(3)));

/* The index of the plural form for n in lang's catalogue: 0 or 1 for
 * sv, en, fi, so (n != 1) and fa (n > 1); 0-5 for ar. */
int i18n_plural_form(const char *lang, long n);

/* True for a language of the staff pages ("sv", "en"). */
bool i18n_supported(const char *lang);

/* Choose "sv" or "en" from an Accept-Language header (NULL: "sv"). */
const char *i18n_negotiate(const char *accept_language);

/* The languages of samplan. Staff pages are in Swedish and English;
 * the individual's own pages (/citizen) in plain Swedish (lättläst, the
 * msgids themselves), English, Finnish, Arabic, Farsi and Somali. */
struct i18n_language {
	const char *code;   /* "sv", "en", ... (the lang attribute) */
	const char *native; /* its name in itself: "Svenska", "English" */
	bool rtl;           /* written right to left */
	bool staff;         /* also for the staff pages */
};
/* All of them, Swedish first; *n gets how many. */
const struct i18n_language *i18n_languages(size_t *n);
/* True for a language of the citizen pages. */
bool i18n_citizen_supported(const char *lang);
/* The citizen pages' language from an Accept-Language header: the
 * best-rated of the six, Swedish on a tie with it or when none is
 * named (NULL: "sv"). */
const char *i18n_citizen_negotiate(const char *accept_language);
/* "rtl" or "ltr", for the dir attribute. */
const char *i18n_dir(const char *lang);

/* How many messages the catalogue for lang holds (0 for "sv"). */
unsigned i18n_catalogue_size(const char *lang);

#endif
