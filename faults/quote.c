/*
 * quote.c - what a user typed, made safe to echo in a one-line message.
 *
 * The text is read as a sequence of items: a printable ASCII byte, one
 * valid UTF-8 character (one column), or a byte that must be escaped
 * (\n, \t, \r, or \xNN: as many columns as characters).  Copying,
 * counting columns and cutting all walk the same items, so the caret
 * drawn under an escaped spec still points at the right place.
 *
 * UTF-8 is checked as RFC 3629 says: no overlong forms, no surrogates,
 * nothing past U+10FFFF.  The C1 controls (U+0080 to U+009F) are
 * escaped as well: some terminals obey them as they obey ESC.
 *
 * See also: faults/quote.h
 * SPDX-License-Identifier: MIT
 */
#include "faults/quote.h"

#include <stdio.h>
#include <string.h>

/* Where the caret may sit at most, in columns from the window's start. */
#define QUOTE_CARET_LEAD 60

/* The length of the valid UTF-8 character at s (1 to 4), or 0. */
static size_t utf8_length(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		if (s[0] == 0xc2)
			lo = 0xa0; /* U+0080..U+009F are the C1 controls */
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0; /* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90; /* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f; /* past U+10FFFF */
	} else {
		return 0;
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * The item at s: its bytes in out (at most 4, not terminated), their
 * count in *outlen and its columns in *width.  Returns the input bytes
 * it takes (at least 1).
 */
static size_t item(const char *s, size_t len, char out[4], size_t *outlen,
		   size_t *width)
{
	const unsigned char c = (unsigned char)s[0];
	static const char hex[] = "0123456789abcdef";
	size_t n;

	if (c >= 0x20 && c < 0x7f) {
		out[0] = (char)c;
		*outlen = *width = 1;
		return 1;
	}
	if (c >= 0x80) {
		n = utf8_length((const unsigned char *)s, len);
		if (n > 0) {
			memcpy(out, s, n);
			*outlen = n;
			*width = 1;
			return n;
		}
	}
	out[0] = '\\';
	if (c == '\n' || c == '\t' || c == '\r') {
		out[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		*outlen = *width = 2;
		return 1;
	}
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 15];
	*outlen = *width = 4;
	return 1;
}

size_t quote_str(char *buf, size_t size, const char *s, size_t len)
{
	size_t i = 0, n = 0, outlen, width, used;
	char out[4];

	if (size == 0)
		return 0;
	while (i < len) {
		used = item(s + i, len - i, out, &outlen, &width);
		if (n + outlen >= size)
			break;
		memcpy(buf + n, out, outlen);
		n += outlen;
		i += used;
	}
	buf[n] = '\0';
	return n;
}

size_t quote_columns(const char *s, size_t len, size_t n)
{
	size_t i = 0, cols = 0, outlen, width, used;
	char out[4];

	while (i < n && i < len) {
		used = item(s + i, len - i, out, &outlen, &width);
		if (i + used > n)
			break;
		cols += width;
		i += used;
	}
	return cols;
}

const char *quote_value(char *buf, size_t size, const char *s)
{
	size_t len = strlen(s), head, start, skip = 0, tail;

	if (quote_columns(s, len, len) <= QUOTE_VALUE_MAX || size < 16) {
		quote_str(buf, size, s, len);
		return buf;
	}
	/* Bytes of output bound columns: the start takes at most 44 of
	 * them, the end 24, and a small buffer gets its share of both. */
	head = quote_str(buf, size < 90 ? size / 2 : 45, s, len);
	tail = size - head - 4 < 24 ? size - head - 4 : 24;
	start = len - tail;
	/* Begin the end at a character, not inside one. */
	while (skip < 3 && (s[start] & 0xc0) == 0x80) {
		start++;
		skip++;
	}
	if (head + 4 < size) {
		memcpy(buf + head, "...", 4);
		quote_str(buf + head + 3, size - head - 3, s + start,
			  len - start);
	}
	return buf;
}

/* Byte offsets of the window around column: [*from, *to). */
static void caret_window(const char *text, size_t len, size_t column,
			 size_t *from, size_t *to)
{
	size_t caret = quote_columns(text, len, column), i = 0, cols = 0;
	size_t outlen, width, used;
	char out[4];

	*from = 0;
	while (i < len && caret - cols > QUOTE_CARET_LEAD) {
		used = item(text + i, len - i, out, &outlen, &width);
		cols += width;
		i += used;
		*from = i;
	}
	cols = 0;
	while (i < len) {
		used = item(text + i, len - i, out, &outlen, &width);
		if (cols + width > QUOTE_LINE_MAX)
			break;
		cols += width;
		i += used;
	}
	*to = i;
}

int quote_caret(char *buf, size_t size, const char *text, size_t len,
		long column)
{
	char echo[4 * QUOTE_LINE_MAX + 8];
	size_t col = column < 0 ? 0 : (size_t)column, from, to, pad;

	if (col > len)
		col = len;
	caret_window(text, len, col, &from, &to);
	quote_str(echo, sizeof(echo), text + from, to - from);
	if (column < 0)
		return snprintf(buf, size, "    %s%s%s\n", from ? "..." : "",
				echo, to < len ? "..." : "");
	pad = quote_columns(text + from, len - from, col - from) +
	      (from ? 3 : 0);
	return snprintf(buf, size, "    %s%s%s\n    %*s^\n", from ? "..." : "",
			echo, to < len ? "..." : "", (int)pad, "");
}
