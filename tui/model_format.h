/*
 * model_format.h - the words and little pictures the screen model uses:
 * payload previews, fill gauges, durations.
 *
 * Plain functions from values to text, shared by every pane and by
 * `mqlab ls`, so the same message reads the same everywhere.  They never
 * fail: output is cut to fit and always terminated.
 *
 * See also: tui/model_queues.h, tui/model_messages.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_FORMAT_H
#define MQLAB_MODEL_FORMAT_H

#include <stddef.h>

/* Inner width of the fill gauge ("[#####     ]" is 12 columns). */
#define MODEL_FORMAT_GAUGE 10

/* A payload as one line: text in quotes when every byte is printable
 * ASCII, tab or newline (escaped as \t, \n), trailing NUL bytes allowed
 * ("\0" for one, "+ N NULs" for more); otherwise "hex 01 02 ff".  head
 * holds the first head_len of the message's len bytes; "..." ends a
 * preview that does not show everything. */
void model_format_preview(char *out, size_t size, const unsigned char *head,
			  size_t head_len, size_t len);

/* The fill gauge for used out of cap (cap > 0): "[####      ]".  It
 * looks full only when used >= cap, and empty only when used is 0. */
void model_format_gauge(char *out, size_t size, long used, long cap);

/* A duration in seconds as "0.4s", "2.1s", "1m05s", "2h03m". */
void model_format_duration(char *out, size_t size, double seconds);

/* An errno value as "EACCES (Permission denied)". */
void model_format_errno(char *out, size_t size, int err);

/* A user id as its name ("root"), or the number when it has none. */
void model_format_user(char *out, size_t size, unsigned int uid);

#endif
