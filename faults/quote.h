/*
 * quote.h - what a user typed, made safe to echo in a one-line message.
 *
 * Error messages repeat the bad value: a lab name, a spec, a path, an
 * environment variable.  That value can hold anything: a newline that
 * would split the one line in two, an escape sequence the terminal
 * would obey, bytes that are not UTF-8, a megabyte of text.  These
 * functions copy it with control characters and invalid UTF-8 written
 * as \xNN (\n, \t and \r by name), keep valid UTF-8 as it is (a lab
 * name in Greek is echoed, not escaped), and never double a backslash:
 * the output is for people, not for a parser.
 *
 * They count one column per character: double-width characters and the
 * terminal's width are not their business.
 *
 * See also: faults/quote.c, faults/cli/mqfault.c, tui/cmd.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_QUOTE_H
#define MQLAB_QUOTE_H

#include <stddef.h>

/* The columns a value may take in a message before quote_value() cuts
 * it in the middle, and those the echo of quote_caret() may take. */
#define QUOTE_VALUE_MAX 72
#define QUOTE_LINE_MAX	100

/*
 * Copy the first len bytes of s into buf (size bytes, always
 * NUL-terminated when size > 0), escaped as above.  What does not fit is
 * left out whole: an escape or a character is never cut.  Returns the
 * length of what was written.  NUL bytes in s are escaped too.
 */
size_t quote_str(char *buf, size_t size, const char *s, size_t len);

/* The columns quote_str() makes of the first n of the len bytes of s (n
 * may fall inside a character: it then counts up to that character). */
size_t quote_columns(const char *s, size_t len, size_t n);

/*
 * s (a C string) escaped; when it takes more than QUOTE_VALUE_MAX
 * columns, its start and its end with "..." between.  Returns buf, which
 * needs 4 * QUOTE_VALUE_MAX + 8 bytes to hold the longest result.
 */
const char *quote_value(char *buf, size_t size, const char *s);

/*
 * The two lines under a one-line parse error: an indented echo of the
 * first len bytes of text and, when column >= 0, a caret under the byte
 * at that column (column is a byte offset into text).  A text wider than
 * QUOTE_LINE_MAX columns is shown as a window around the caret, "..."
 * marking what is left out.  Both lines end in '\n'.  Returns what
 * snprintf() returns: the length needed, which may be >= size.
 */
int quote_caret(char *buf, size_t size, const char *text, size_t len,
		long column);

#endif
