/*
 * sbuf.h - append formatted text to a caller's buffer, snprintf-style.
 *
 * The formatters of events and summaries write piece by piece into a
 * buffer they do not own.  Like snprintf, an sbuf never writes past size,
 * always NUL-terminates (when size > 0), and counts the length the whole
 * text would have had, so the caller can retry with a bigger buffer.
 *
 * See also: faults/sbuf.c, faults/event.c, faults/sup_summary.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SBUF_H
#define MQLAB_SBUF_H

#include <stddef.h>

struct sbuf {
	char *buf;
	size_t size;
	size_t len; /* what the text needs, written or not */
};

void sbuf_init(struct sbuf *s, char *buf, size_t size);
void sbuf_printf(struct sbuf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_putc(struct sbuf *s, char c);

/* What snprintf would return for the whole text. */
int sbuf_result(const struct sbuf *s);

#endif
