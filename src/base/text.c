/*
 * text.c — see text.h.
 */
#include "base/text.h"

#include <sodium.h>
#include <string.h>

bool text_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return false;
			i++;
			continue;
		}
		size_t n;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

size_t text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool text_has_controls(const char *s, bool allow_newlines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (allow_newlines && (c == '\n' || c == '\t' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7F)
			return true;
	}
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

char *text_clean(struct arena *a, const char *s)
{
	while (is_space(*s))
		s++;
	size_t len = strlen(s);
	while (len && is_space(s[len - 1]))
		len--;
	char *out = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				continue;
			out[o++] = '\n';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

char *text_fold(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	char *out = arena_alloc(a, len + 1);
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *o = (unsigned char *)out;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c >= 'A' && c <= 'Z') {
			*o++ = (unsigned char)(c + 32);
		} else if (c == 0xC3 && i + 1 < len && p[i + 1] >= 0x80 &&
		           p[i + 1] <= 0x9E && p[i + 1] != 0x97) {
			/* U+00C0..U+00DE (not ×): lower case is +0x20 */
			*o++ = c;
			*o++ = (unsigned char)(p[i + 1] + 0x20);
			i++;
		} else {
			*o++ = c;
		}
	}
	*o = '\0';
	return out;
}

bool text_secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
