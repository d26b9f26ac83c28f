/*
 * draw.c - text clipped to a box.
 *
 * See also: tui/draw.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>

void draw_text(int y, int x, int w, int attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int i, len;

	if (w <= 0 || y < 0 || y >= LINES)
		return;
	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if (len > (int)sizeof(buf) - 1)
		len = (int)sizeof(buf) - 1;
	attrset(attr);
	move(y, x);
	for (i = 0; i < w && x + i < COLS; i++) {
		unsigned char c = i < len ? (unsigned char)buf[i] : ' ';
		addch(c >= 0x20 && c < 0x7f ? c : '?');
	}
	attrset(A_NORMAL);
}
