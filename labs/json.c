/*
 * json.c - write JSON strings that stay valid whatever they contain.
 *
 * One decoder walks the input as UTF-8 and hands each character to the
 * writer, which escapes what JSON (RFC 8259) or XML 1.0 forbids.  Bytes
 * that do not form a valid character become U+FFFD instead of being
 * copied, because one stray byte would make the whole document invalid.
 *
 * See also: labs/json.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/json.h"

#include <stdint.h>
#include <string.h>

/* The next character of s at *i (advanced), or 0xFFFD for a bad byte. */
static uint32_t json_next(const unsigned char *s, size_t *i)
{
	uint32_t c = s[*i];
	int n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	n = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
	if (c >= 0xf5 || n < 0) {
		(*i)++;
		return 0xfffd;
	}
	c &= 0x3f >> n;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80) {
			*i += k;
			return 0xfffd;
		}
		c = c << 6 | (s[*i + k] & 0x3f);
	}
	*i += n + 1;
	if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
	    (c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
		return 0xfffd;
	return c;
}

static int json_utf8(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* One character as JSON string content; returns its length in out. */
static int json_char(char *out, uint32_t c)
{
	static const char hex[] = "0123456789abcdef";
	const char *esc = c == '"'    ? "\\\""
			  : c == '\\' ? "\\\\"
			  : c == '\n' ? "\\n"
			  : c == '\r' ? "\\r"
			  : c == '\t' ? "\\t"
				      : NULL;

	if (esc != NULL) {
		memcpy(out, esc, 2);
		return 2;
	}
	if (c < 0x20 || c == 0x7f) {
		memcpy(out, "\\u00", 4);
		out[4] = hex[c >> 4];
		out[5] = hex[c & 15];
		return 6;
	}
	return json_utf8(out, c);
}

void json_string(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	char tmp[8];
	size_t i = 0;

	fputc('"', f);
	while (u[i] != '\0')
		fwrite(tmp, 1, json_char(tmp, json_next(u, &i)), f);
	fputc('"', f);
}

size_t json_quote(char *buf, size_t size, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	char tmp[8];
	size_t i = 0, n = 0;
	int len;

	if (size < 3) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	buf[n++] = '"';
	while (u[i] != '\0') {
		len = json_char(tmp, json_next(u, &i));
		if (n + len + 2 > size)
			break;
		memcpy(buf + n, tmp, len);
		n += len;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return n;
}

void json_xml(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	char tmp[8];
	size_t i = 0;
	uint32_t c;

	while (u[i] != '\0') {
		c = json_next(u, &i);
		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&apos;", f);
		else if (c < 0x20 && c != '\t' && c != '\n')
			continue;
		else if (c == 0xfffe || c == 0xffff)
			continue;
		else
			fwrite(tmp, 1, json_utf8(tmp, c), f);
	}
}
