/*
 * text.h — small text utilities for UTF-8 input.
 */
#ifndef SAMPLAN_TEXT_H
#define SAMPLAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool text_utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8. */
size_t text_chars(const char *s);

/* True if s has a control character other than \n and \t (with
 * allow_newlines) — C0 controls and DEL. */
bool text_has_controls(const char *s, bool allow_newlines);

/* A copy without leading/trailing white space; "\r\n" becomes "\n". */
char *text_clean(struct arena *a, const char *s);

/* Lower-case copy for search columns: ASCII and the Latin-1 letters
 * used in Nordic names (Å Ä Ö Æ Ø Ü É ...). */
char *text_fold(struct arena *a, const char *s);

/* Constant-time equality of two NUL-terminated secrets. */
bool text_secret_equal(const char *a, const char *b);

#endif
