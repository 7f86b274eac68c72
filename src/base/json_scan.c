/*
 * json_scan.c — see json_scan.h.
 */
#include "base/json_scan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct scanner {
	const char *p, *end;
	struct json_scan *j;
	int depth;
};

static void skip_space(struct scanner *x)
{
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' ||
	                         *x->p == '\n' || *x->p == '\r'))
		x->p++;
}

static bool grow(void **list, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	void *bigger = realloc(*list, n * size);
	if (!bigger)
		return false;
	*list = bigger;
	*cap = n;
	return true;
}

static bool put_bytes(struct json_scan *j, const char *s, size_t n)
{
	if (!grow((void **)&j->strings, &j->strings_cap, j->strings_len + n, 1))
		return false;
	memcpy(j->strings + j->strings_len, s, n);
	j->strings_len += n;
	return true;
}

static bool put_utf8(struct json_scan *j, uint32_t c)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12);
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | c >> 18);
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	return put_bytes(j, b, n);
}

static bool hex4(struct scanner *x, uint32_t *out)
{
	if (x->end - x->p < 4)
		return false;
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char c = *x->p++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

/* After "\u": a character, or a surrogate pair; never U+0000. */
static bool unicode_escape(struct scanner *x)
{
	uint32_t c;
	if (!hex4(x, &c) || c == 0 || (c >= 0xDC00 && c <= 0xDFFF))
		return false;
	if (c >= 0xD800 && c <= 0xDBFF) {
		uint32_t low;
		if (x->end - x->p < 2 || x->p[0] != '\\' || x->p[1] != 'u')
			return false;
		x->p += 2;
		if (!hex4(x, &low) || low < 0xDC00 || low > 0xDFFF)
			return false;
		c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
	}
	return put_utf8(x->j, c);
}

/* The bytes of a UTF-8 sequence that starts with lead byte c (2-4),
 * or 0 for a byte no sequence starts with. */
static int utf8_length(unsigned char c)
{
	return c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
	     : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
}

/* One UTF-8 sequence of n bytes at p: continuation bytes, no overlong
 * form, no surrogate, nothing above U+10FFFF (RFC 3629). */
static bool utf8_valid(const unsigned char *p, int n)
{
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return false;
	if (n == 3)
		return !(p[0] == 0xE0 && p[1] < 0xA0) &&
		       !(p[0] == 0xED && p[1] >= 0xA0);
	if (n == 4)
		return !(p[0] == 0xF0 && p[1] < 0x90) &&
		       !(p[0] == 0xF4 && p[1] >= 0x90);
	return true;
}

/* A string after its opening quote, unescaped into j->strings. */
static bool string(struct scanner *x, struct json_token *t)
{
	struct json_scan *j = x->j;
	t->type = JSCAN_STRING;
	t->at = j->strings_len;
	while (x->p < x->end) {
		const char *run = x->p;
		while (x->p < x->end && (unsigned char)*x->p >= 0x20 &&
		       (unsigned char)*x->p < 0x80 && *x->p != '"' &&
		       *x->p != '\\')
			x->p++;
		if (x->p > run && !put_bytes(j, run, (size_t)(x->p - run)))
			return false;
		if (x->p == x->end)
			return false;
		unsigned char c = (unsigned char)*x->p;
		if (c == '"') {
			x->p++;
			t->len = j->strings_len - t->at;
			return put_bytes(j, "", 1);
		}
		if (c >= 0x80) {
			int n = utf8_length(c);
			if (!n || x->end - x->p < n ||
			    !utf8_valid((const unsigned char *)x->p, n) ||
			    !put_bytes(j, x->p, (size_t)n))
				return false;
			x->p += n;
			continue;
		}
		if (c != '\\')
			return false; /* a control character */
		x->p++;
		if (x->p == x->end)
			return false;
		char e = *x->p++;
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *k = e ? strchr(from, e) : NULL;
		if (k) {
			if (!put_bytes(j, &to[k - from], 1))
				return false;
		} else if (e != 'u' || !unicode_escape(x)) {
			return false;
		}
	}
	return false;
}

static bool digits(struct scanner *x)
{
	const char *start = x->p;
	while (x->p < x->end && *x->p >= '0' && *x->p <= '9')
		x->p++;
	return x->p > start;
}

static bool number(struct scanner *x, struct json_token *t)
{
	const char *start = x->p;
	if (*x->p == '-')
		x->p++;
	if (x->p < x->end && *x->p == '0')
		x->p++;
	else if (!digits(x))
		return false;
	bool whole = true;
	if (x->p < x->end && *x->p == '.') {
		x->p++;
		if (!digits(x))
			return false;
		whole = false;
	}
	if (x->p < x->end && (*x->p == 'e' || *x->p == 'E')) {
		x->p++;
		if (x->p < x->end && (*x->p == '+' || *x->p == '-'))
			x->p++;
		if (!digits(x))
			return false;
		whole = false;
	}
	char buf[64];
	size_t n = (size_t)(x->p - start);
	if (n >= sizeof buf)
		return false;
	memcpy(buf, start, n);
	buf[n] = '\0';
	t->type = JSCAN_NUMBER;
	if (whole) {
		t->number = strtoll(buf, NULL, 10); /* saturates */
	} else {
		double d = strtod(buf, NULL);
		if (isinf(d))
			return false; /* beyond any double: no number */
		t->number = d >= 9.2e18 ? INT64_MAX
		          : d <= -9.2e18 ? INT64_MIN : (int64_t)d;
	}
	return true;
}

static bool word(struct scanner *x, const char *w, enum jscan_type type,
                 struct json_token *t)
{
	size_t n = strlen(w);
	if ((size_t)(x->end - x->p) < n || memcmp(x->p, w, n) != 0)
		return false;
	x->p += n;
	t->type = type;
	return true;
}

static bool value(struct scanner *x);

/* The elements of an array or the members of an object, after its
 * opening bracket, up to its closing one. */
static bool container(struct scanner *x, size_t self, char close)
{
	struct json_scan *j = x->j;
	skip_space(x);
	if (x->p < x->end && *x->p == close) {
		x->p++;
		return true;
	}
	for (;;) {
		if (close == '}') {
			skip_space(x);
			if (x->p == x->end || *x->p != '"')
				return false;
			/* The key: a string token of its own. */
			if (!value(x))
				return false;
			skip_space(x);
			if (x->p == x->end || *x->p != ':')
				return false;
			x->p++;
		}
		if (!value(x))
			return false;
		j->tokens[self].count++;
		skip_space(x);
		if (x->p == x->end)
			return false;
		char c = *x->p++;
		if (c == close)
			return true;
		if (c != ',')
			return false;
	}
}

static bool value(struct scanner *x)
{
	struct json_scan *j = x->j;
	if (!grow((void **)&j->tokens, &j->cap, j->ntokens + 1,
	          sizeof *j->tokens))
		return false;
	size_t self = j->ntokens++;
	struct json_token *t = &j->tokens[self];
	memset(t, 0, sizeof *t);
	skip_space(x);
	if (x->p == x->end)
		return false;
	const char *start = x->p;
	bool ok;
	switch (*x->p) {
	case 'n': ok = word(x, "null", JSCAN_NULL, t); break;
	case 't': ok = word(x, "true", JSCAN_TRUE, t); break;
	case 'f': ok = word(x, "false", JSCAN_FALSE, t); break;
	case '"': x->p++; ok = string(x, t); break;
	case '[':
	case '{': {
		char close = *x->p == '[' ? ']' : '}';
		t->type = close == ']' ? JSCAN_ARRAY : JSCAN_OBJECT;
		x->p++;
		if (++x->depth > JSCAN_DEPTH)
			return false;
		ok = container(x, self, close);
		x->depth--;
		t = &j->tokens[self]; /* the array may have moved */
		t->at = (size_t)(start - j->text);
		t->len = (size_t)(x->p - start);
		break;
	}
	default:
		ok = (*x->p == '-' || (*x->p >= '0' && *x->p <= '9')) &&
		     number(x, t);
	}
	j->tokens[self].end = j->ntokens;
	return ok;
}

bool json_scan(struct json_scan *j, const char *text, size_t len)
{
	memset(j, 0, sizeof *j);
	j->text = text;
	struct scanner x = {text, text + len, j, 0};
	bool ok = value(&x);
	skip_space(&x);
	if (!ok || x.p != x.end) {
		json_scan_free(j);
		return false;
	}
	return true;
}

void json_scan_free(struct json_scan *j)
{
	free(j->tokens);
	free(j->strings);
	memset(j, 0, sizeof *j);
}

size_t json_scan_element(const struct json_scan *j, size_t t, size_t k)
{
	if (t >= j->ntokens || j->tokens[t].type != JSCAN_ARRAY ||
	    k >= j->tokens[t].count)
		return JSCAN_NONE;
	size_t at = t + 1;
	while (k--)
		at = j->tokens[at].end;
	return at;
}

size_t json_scan_member(const struct json_scan *j, size_t t, const char *key)
{
	if (t >= j->ntokens || j->tokens[t].type != JSCAN_OBJECT)
		return JSCAN_NONE;
	size_t at = t + 1;
	for (size_t k = 0; k < j->tokens[t].count; k++) {
		size_t v = at + 1; /* a key is one token */
		if (strcmp(j->strings + j->tokens[at].at, key) == 0)
			return v;
		at = j->tokens[v].end;
	}
	return JSCAN_NONE;
}

const char *json_scan_string(const struct json_scan *j, size_t t)
{
	return t < j->ntokens && j->tokens[t].type == JSCAN_STRING
	       ? j->strings + j->tokens[t].at : NULL;
}

enum jscan_type json_scan_type(const struct json_scan *j, size_t t)
{
	return t < j->ntokens ? j->tokens[t].type : JSCAN_NULL;
}
