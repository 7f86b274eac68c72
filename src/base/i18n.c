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

static struct catalogue english;
static bool english_ok;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load_all(void)
{
	english_ok = load(&english, "en.mo");
}

static struct catalogue *catalogue_for(const char *lang)
{
	if (!lang || strcmp(lang, "en") != 0)
		return NULL;
	pthread_once(&loaded, load_all);
	return english_ok ? &english : NULL;
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

const char *trn(const char *lang, const char *singular, const char *plural,
                long n)
{
	int form = n == 1 ? 0 : 1;
	const struct catalogue *c = catalogue_for(lang);
	if (c) {
		long i = find(c, singular);
		const char *t = i >= 0 ? translation(c, i, form) : NULL;
		if (t)
			return t;
	}
	return form ? plural : singular;
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

static const struct i18n_language languages[] = {
	{"sv", "Svenska", false, true},
	{"en", "English", false, true},
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

const char *i18n_citizen_negotiate(const char *accept_language)
{
	return i18n_negotiate(accept_language);
}

const char *i18n_dir(const char *lang)
{
	const struct i18n_language *l = language(lang);
	return l && l->rtl ? "rtl" : "ltr";
}
