/*
 * i18n.c — look-ups in embedded GNU .mo catalogues (see i18n.h).
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * header with the number of strings N and the offsets of two tables of
 * (length, offset) pairs, originals sorted by strcmp and their
 * translations at the same index. The data is read in place, without
 * copying; a catalogue that is not a well-formed .mo is ignored (every
 * string then stays Swedish), which the unit tests would catch.
 */
#include "base/i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/embed.h"

struct catalogue {
	const unsigned char *data;
	size_t len;
	uint32_t n;
	uint32_t originals; /* offset of the originals table */
	uint32_t translations;
	bool swapped;
};

static uint32_t rd32(const struct catalogue *c, size_t off)
{
	uint32_t v;
	memcpy(&v, c->data + off, 4);
	return c->swapped ? __builtin_bswap32(v) : v;
}

static bool load(struct catalogue *c, const char *file)
{
	const struct embedded_file *f = embedded_find(embedded_mo, file);
	if (!f || f->len < 28)
		return false;
	struct catalogue t = {.data = f->data, .len = f->len};
	uint32_t magic;
	memcpy(&magic, f->data, 4);
	if (magic == 0x950412deU)
		t.swapped = false;
	else if (magic == 0xde120495U)
		t.swapped = true;
	else
		return false;
	t.n = rd32(&t, 8);
	t.originals = rd32(&t, 12);
	t.translations = rd32(&t, 16);
	if ((uint64_t)t.originals + (uint64_t)t.n * 8 > t.len ||
	    (uint64_t)t.translations + (uint64_t)t.n * 8 > t.len)
		return false;
	*c = t;
	return c->n > 0;
}

/* The catalogues, one per language other than Swedish (the msgids
 * themselves). English is for staff and citizen pages alike; the other
 * four hold the citizen pages' text only, so a staff string looked up in
 * them falls back to Swedish — the staff pages never ask them, since
 * i18n_supported() keeps those to sv and en. */
static const char *const catalogue_langs[] = {"en", "fi", "ar", "fa", "so"};
enum { NCATALOGUES = sizeof catalogue_langs / sizeof *catalogue_langs };
static struct catalogue catalogues[NCATALOGUES];
static bool catalogue_ok[NCATALOGUES];
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load_all(void)
{
	for (size_t i = 0; i < NCATALOGUES; i++) {
		char file[8];
		snprintf(file, sizeof file, "%s.mo", catalogue_langs[i]);
		catalogue_ok[i] = load(&catalogues[i], file);
	}
}

static struct catalogue *catalogue_for(const char *lang)
{
	if (!lang)
		return NULL;
	for (size_t i = 0; i < NCATALOGUES; i++) {
		if (strcmp(lang, catalogue_langs[i]) != 0)
			continue;
		pthread_once(&loaded, load_all);
		return catalogue_ok[i] ? &catalogues[i] : NULL;
	}
	return NULL;
}

/* Index of the entry whose original equals key (up to its first NUL, so
 * plural entries "singular\0plural" match their singular), or -1. */
static long find(const struct catalogue *c, const char *key)
{
	long lo = 0, hi = (long)c->n - 1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		uint32_t len = rd32(c, c->originals + (size_t)mid * 8);
		uint32_t off = rd32(c, c->originals + (size_t)mid * 8 + 4);
		if ((uint64_t)off + len >= c->len)
			return -1;
		int cmp = strcmp(key, (const char *)c->data + off);
		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

static const char *translation(const struct catalogue *c, long i, int form)
{
	uint32_t len = rd32(c, c->translations + (size_t)i * 8);
	uint32_t off = rd32(c, c->translations + (size_t)i * 8 + 4);
	if ((uint64_t)off + len >= c->len)
		return NULL;
	const char *s = (const char *)c->data + off;
	const char *end = s + len;
	for (int k = 0; k < form && s < end; k++)
		s += strlen(s) + 1;
	return s < end && *s ? s : NULL;
}

const char *tr(const char *lang, const char *msgid)
{
	const struct catalogue *c = catalogue_for(lang);
	if (!c)
		return msgid;
	long i = find(c, msgid);
	const char *t = i >= 0 ? translation(c, i, 0) : NULL;
	return t ? t : msgid;
}

/* The plural form of n in lang: the Plural-Forms header of each
 * catalogue (po/XX.po), written out in C.
 *   sv, en, fi, so: nplurals=2; plural=(n != 1)
 *   fa:             nplurals=2; plural=(n > 1)
 *   ar:             nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 :
 *                   n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)
 * A negative n counts by its magnitude. */
int i18n_plural_form(const char *lang, long n)
{
	unsigned long m = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	if (lang && strcmp(lang, "ar") == 0) {
		unsigned long h = m % 100;
		if (m == 0)
			return 0;
		if (m == 1)
			return 1;
		if (m == 2)
			return 2;
		if (h >= 3 && h <= 10)
			return 3;
		if (h >= 11)
			return 4;
		return 5;
	}
	if (lang && strcmp(lang, "fa") == 0)
		return m > 1 ? 1 : 0;
	return m != 1 ? 1 : 0;
}

const char *trn(const char *lang, const char *singular, const char *plural,
                long n)
{
	const struct catalogue *c = catalogue_for(lang);
	if (c) {
		long i = find(c, singular);
		const char *t = i >= 0 ? translation(c, i, i18n_plural_form(lang, n))
		                       : NULL;
		if (t)
			return t;
	}
	/* Swedish, the msgids: singular for 1 only. */
	unsigned long m = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	return m == 1 ? singular : plural;
}

bool i18n_supported(const char *lang)
{
	return lang && (strcmp(lang, "sv") == 0 || strcmp(lang, "en") == 0);
}

unsigned i18n_catalogue_size(const char *lang)
{
	const struct catalogue *c = catalogue_for(lang);
	return c ? c->n : 0;
}

/* Accept-Language: "en-GB,en;q=0.9,sv;q=0.8". The best-rated of sv and
 * en wins; Swedish on a tie or when neither is named. */
const char *i18n_negotiate(const char *h)
{
	double best_sv = -1, best_en = -1;
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		size_t taglen = strcspn(h, ";,");
		h += taglen;
		double q = 1.0;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			const char *next = strchr(h, ',');
			if (qs && (!next || qs < next))
				q = strtod(qs + 2, NULL);
			h = next ? next : h + strlen(h);
		}
		if (taglen >= 2 && strncasecmp(tag, "sv", 2) == 0 &&
		    (taglen == 2 || tag[2] == '-') && q > best_sv)
			best_sv = q;
		if (taglen >= 2 && strncasecmp(tag, "en", 2) == 0 &&
		    (taglen == 2 || tag[2] == '-') && q > best_en)
			best_en = q;
	}
	return best_en > best_sv && best_en > 0 ? "en" : "sv";
}

/* The Uppsala guideline's languages (seed 003), Swedish first. */
static const struct i18n_language languages[] = {
	{"sv", "Svenska", false, true},
	{"en", "English", false, true},
	{"fi", "Suomi", false, false},
	{"ar", "العربية", true, false},
	{"fa", "فارسی", true, false},
	{"so", "Soomaali", false, false},
};

const struct i18n_language *i18n_languages(size_t *n)
{
	*n = sizeof languages / sizeof *languages;
	return languages;
}

static const struct i18n_language *language(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof languages / sizeof *languages; i++)
		if (strcmp(languages[i].code, lang) == 0)
			return &languages[i];
	return NULL;
}

bool i18n_citizen_supported(const char *lang)
{
	return language(lang) != NULL;
}

/* The same reading as i18n_negotiate, among the six: the best-rated
 * language wins, Swedish on a tie with it or when none is named (q 0
 * means "not this one"); between two others with the same q, the one
 * named first. */
const char *i18n_citizen_negotiate(const char *h)
{
	enum { NLANG = sizeof languages / sizeof *languages };
	double q_of[NLANG];
	int named_at[NLANG]; /* the position of its first naming */
	for (size_t i = 0; i < NLANG; i++) {
		q_of[i] = -1;
		named_at[i] = -1;
	}
	int position = 0;
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		size_t taglen = strcspn(h, ";,");
		h += taglen;
		double q = 1.0;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			const char *next = strchr(h, ',');
			if (qs && (!next || qs < next))
				q = strtod(qs + 2, NULL);
			h = next ? next : h + strlen(h);
		}
		for (size_t i = 0; i < NLANG; i++) {
			if (taglen < 2 || strncasecmp(tag, languages[i].code, 2) != 0 ||
			    (taglen != 2 && tag[2] != '-'))
				continue;
			if (q > q_of[i])
				q_of[i] = q;
			if (named_at[i] < 0)
				named_at[i] = position;
		}
		position++;
	}
	size_t best = 0; /* Swedish */
	for (size_t i = 1; i < NLANG; i++) {
		if (q_of[i] <= 0 || q_of[i] < q_of[best])
			continue;
		if (q_of[i] > q_of[best] ||
		    (best != 0 && named_at[i] < named_at[best]))
			best = i;
	}
	return q_of[best] > 0 ? languages[best].code : "sv";
}

const char *i18n_dir(const char *lang)
{
	const struct i18n_language *l = language(lang);
	return l && l->rtl ? "rtl" : "ltr";
}
