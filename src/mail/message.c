/*
 * message.c — an RFC 5322 message of plain UTF-8 text, built by hand
 * (see mail.h): headers with RFC 2047 encoded words where the text is
 * not ASCII, a quoted-printable body (RFC 2045 §6.7), CRLF line ends.
 * Quoted-printable keeps every line short and 7-bit, so the message
 * passes any relay unchanged, whatever it says about 8BITMIME. A
 * message with an attachment (the meeting's .ics) is multipart/mixed:
 * the text, then the file in base64.
 */
#include <string.h>
#include <time.h>

#include "mail/mail.h"

static bool printable_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < ' ' || *p > '~')
			return false;
	return true;
}

/* The length of the UTF-8 sequence that starts with c (1 for a stray
 * continuation byte, which is then encoded as it is). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static bool put_base64(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63],
		             i + 1 < n ? b64[(v >> 6) & 63] : '=',
		             i + 2 < n ? b64[v & 63] : '='};
		if (!buf_append(out, q, 4))
			return false;
	}
	return true;
}

bool mail_encode_header(struct buf *out, const char *text)
{
	if (printable_ascii(text))
		return buf_puts(out, text);
	/* "=?UTF-8?B?" + base64 + "?=" <= 75: 12 characters of frame leave
	 * 63 for base64, i.e. 45 bytes of text (60 characters). */
	enum { CHUNK = 45 };
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text);
	bool first = true;
	while (len > 0) {
		size_t n = 0;
		while (n < len) {
			size_t k = utf8_len(p[n]);
			if (n + k > len)
				k = len - n;
			if (n + k > CHUNK)
				break;
			n += k;
		}
		if (!first && !buf_puts(out, "\r\n "))
			return false;
		first = false;
		if (!buf_puts(out, "=?UTF-8?B?") || !put_base64(out, p, n) ||
		    !buf_puts(out, "?="))
			return false;
		p += n;
		len -= n;
	}
	return !buf_failed(out);
}

bool mail_encode_qp(struct buf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text;
	int col = 0;
	while (*p) {
		if (*p == '\r' && p[1] == '\n')
			p++;
		if (*p == '\n') {
			if (!buf_puts(out, "\r\n"))
				return false;
			col = 0;
			p++;
			continue;
		}
		unsigned char c = *p;
		bool at_eol = p[1] == '\0' || p[1] == '\n' ||
		              (p[1] == '\r' && p[2] == '\n');
		bool literal = (c >= 33 && c <= 126 && c != '=') ||
		               ((c == ' ' || c == '\t') && !at_eol);
		char enc[3] = {'=', hex[c >> 4], hex[c & 15]};
		int w = literal ? 1 : 3;
		/* A soft line break keeps lines at 76 including the '='. */
		if (col + w > 75) {
			if (!buf_puts(out, "=\r\n"))
				return false;
			col = 0;
		}
		if (literal ? !buf_putc(out, (char)c) : !buf_append(out, enc, 3))
			return false;
		col += w;
		p++;
	}
	return !buf_failed(out);
}

/* A file name that needs no quoting: [A-Za-z0-9._-]. */
static bool plain_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > MAIL_ATTACHMENT_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("._-", *s)))
			return false;
	return true;
}

bool mail_attachment_ok(const struct mail_attachment *a)
{
	return a && a->name && a->type && a->data && plain_name(a->name) &&
	       *a->type && printable_ascii(a->type) &&
	       strlen(a->type) <= 200 && strlen(a->data) <= MAIL_ATTACHMENT_MAX;
}

/* base64 in lines of 76 characters (57 bytes each), CRLF line ends. */
static bool put_base64_lines(struct buf *out, const char *data)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t len = strlen(data);
	for (size_t i = 0; i < len; i += 57) {
		size_t n = len - i < 57 ? len - i : 57;
		if (!put_base64(out, p + i, n) || !buf_puts(out, "\r\n"))
			return false;
	}
	return true;
}

/* The body in quoted-printable; it ends with a line end. */
static void qp_body(struct buf *out, const char *body)
{
	mail_encode_qp(out, body);
	if (out->len < 2 || memcmp(out->data + out->len - 2, "\r\n", 2))
		buf_puts(out, "\r\n");
}

bool mail_message_build(struct buf *out, const struct mail_message *m)
{
	if (!mail_address_ok(m->from) || !mail_address_ok(m->to) ||
	    !m->subject || strpbrk(m->subject, "\r\n") || !m->body ||
	    !m->message_id || !printable_ascii(m->message_id) ||
	    strpbrk(m->message_id, "<> ") ||
	    (m->attachment && !mail_attachment_ok(m->attachment)))
		return false;
	/* Day and month names in English whatever the locale (RFC 5322). */
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	                                   "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	                                     "Jun", "Jul", "Aug", "Sep", "Oct",
	                                     "Nov", "Dec"};
	struct tm tm;
	time_t t = (time_t)m->date;
	if (!gmtime_r(&t, &tm))
		return false;
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n"
	                "From: %s\r\nTo: %s\r\nSubject: ",
	           days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	           tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	           m->from, m->to);
	mail_encode_header(out, m->subject);
	buf_printf(out, "\r\nMessage-ID: <%s>\r\n"
	                "MIME-Version: 1.0\r\n",
	           m->message_id);
	const char *text_headers =
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n";
	if (!m->attachment) {
		buf_puts(out, text_headers);
		buf_puts(out, "Auto-Submitted: auto-generated\r\n\r\n");
		qp_body(out, m->body);
		return !buf_failed(out);
	}
	/* The boundary: "=_", which keeps it out of both encodings used in
	 * the parts, and the letters and digits of the Message-ID's token
	 * (unique per message; '@' may not be in a boundary). */
	char boundary[64] = "=_samplan_";
	size_t n = strlen(boundary);
	for (const char *p = m->message_id; *p && *p != '@' &&
	                                    n < sizeof boundary - 1; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9'))
			boundary[n++] = *p;
	boundary[n] = '\0';
	const struct mail_attachment *a = m->attachment;
	buf_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n"
	                "Auto-Submitted: auto-generated\r\n"
	                "\r\n"
	                "This is a MIME message.\r\n"
	                "--%s\r\n%s\r\n",
	           boundary, boundary, text_headers);
	qp_body(out, m->body);
	buf_printf(out, "--%s\r\n"
	                "Content-Type: %s; name=\"%s\"\r\n"
	                "Content-Disposition: attachment; filename=\"%s\"\r\n"
	                "Content-Transfer-Encoding: base64\r\n"
	                "\r\n",
	           boundary, a->type, a->name, a->name);
	put_base64_lines(out, a->data);
	buf_printf(out, "--%s--\r\n", boundary);
	return !buf_failed(out);
}
