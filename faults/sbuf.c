/*
 * sbuf.c - append formatted text to a caller's buffer, snprintf-style.
 *
 * See also: faults/sbuf.h
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

#include "faults/sbuf.h"

void sbuf_init(struct sbuf *s, char *buf, size_t size)
{
	s->buf = buf;
	s->size = size;
	s->len = 0;
	if (size)
		buf[0] = '\0';
}

void sbuf_printf(struct sbuf *s, const char *fmt, ...)
{
	size_t room = s->len < s->size ? s->size - s->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? s->buf + s->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->len += (size_t)n;
}

void sbuf_putc(struct sbuf *s, char c)
{
	if (s->len + 1 < s->size) {
		s->buf[s->len] = c;
		s->buf[s->len + 1] = '\0';
	}
	s->len++;
}

int sbuf_result(const struct sbuf *s)
{
	return s->len > INT_MAX ? INT_MAX : (int)s->len;
}
