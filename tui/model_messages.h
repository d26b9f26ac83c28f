/*
 * model_messages.h - a window on one queue's messages, in the order the
 * kernel will deliver them.
 *
 * For System V, the rows are copies the kernel made with MSG_COPY, in
 * queue order: the order msgrcv(..., 0, ...) receives them (a receiver
 * asking for one mtype takes the first of that type).  Only the rows of
 * the window are copied, since reaching message i costs O(i).
 * For POSIX, contents cannot be read without receiving them, so there
 * are exactly mq_curmsgs rows and each says its contents are unknown:
 * the list agrees with the kernel's count and invents nothing.
 *
 * See also: tui/model_queues.h, tui/scan_sysv.h (scan_sysv_peek)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_MESSAGES_H
#define MQLAB_MODEL_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/model_queues.h"

/* Longest preview kept; the drawing cuts it to the screen. */
#define MODEL_MESSAGES_PREVIEW 200

struct model_messages_row {
	size_t index; /* position in delivery order, from 0 */
	bool known;   /* contents observed */
	long mtype;   /* System V mtype (when known) */
	size_t len;   /* length in bytes (when known) */
	/* The payload ("\"order 1\"", "hex 00 ff"), or why it is unknown. */
	char preview[MODEL_MESSAGES_PREVIEW];
};

struct model_messages {
	size_t total; /* messages in the queue, as the kernel counts them */
	size_t first; /* index of rows[0] */
	size_t n;     /* rows filled: min(count, total - first) */
	struct model_messages_row *rows;
	/* Why no row could be read ("MSG_COPY refused: ..."), or "". */
	char note[160];
};

/* Fill m with messages first .. first + count - 1 of queue q (freeing
 * what m held; start from zero).  A System V queue that cannot be copied
 * gives rows marked unknown and a note.  Returns 0, or -1 with errno
 * ENOMEM. */
int model_messages_build(struct model_messages *m,
			 const struct model_queues_row *q, size_t first,
			 size_t count);

void model_messages_free(struct model_messages *m);

#endif
