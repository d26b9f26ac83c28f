/*
 * model_messages.c - a window on one queue's messages.
 *
 * See also: tui/model_messages.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_messages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/model_format.h"

static void model_messages_unknown(struct model_messages *m, const char *why)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		m->rows[i].index = m->first + i;
		m->rows[i].known = false;
		snprintf(m->rows[i].preview, sizeof(m->rows[i].preview), "%s",
			 why);
	}
}

static int model_messages_sysv(struct model_messages *m,
			       const struct model_queues_row *q)
{
	struct scan_sysv_message *copies;
	char err[96];
	long got, i;

	copies = calloc(m->n, sizeof(*copies));
	if (copies == NULL)
		return -1;
	got = scan_sysv_peek(&q->sysv, m->first, m->n, copies);
	if (got < 0) {
		model_format_errno(err, sizeof(err), errno);
		snprintf(m->note, sizeof(m->note), "MSG_COPY refused: %s", err);
		model_messages_unknown(m, "unknown (MSG_COPY refused)");
		free(copies);
		return 0;
	}
	/* The queue shrank since it was scanned: show what is there. */
	m->n = (size_t)got;
	for (i = 0; i < got; i++) {
		m->rows[i].index = m->first + (size_t)i;
		m->rows[i].known = true;
		m->rows[i].mtype = copies[i].mtype;
		m->rows[i].len = copies[i].len;
		model_format_preview(m->rows[i].preview,
				     sizeof(m->rows[i].preview), copies[i].head,
				     copies[i].head_len, copies[i].len);
	}
	free(copies);
	return 0;
}

int model_messages_build(struct model_messages *m,
			 const struct model_queues_row *q, size_t first,
			 size_t count)
{
	model_messages_free(m);
	m->total = q->messages > 0 ? (size_t)q->messages : 0;
	m->first = first < m->total ? first : m->total;
	m->n = m->total - m->first < count ? m->total - m->first : count;
	if (m->n == 0)
		return 0;
	m->rows = calloc(m->n, sizeof(*m->rows));
	if (m->rows == NULL) {
		m->n = 0;
		errno = ENOMEM;
		return -1;
	}
	if (q->contents_unknown[0] != '\0') {
		model_messages_unknown(m, q->contents_unknown);
		return 0;
	}
	return model_messages_sysv(m, q);
}

void model_messages_free(struct model_messages *m)
{
	free(m->rows);
	memset(m, 0, sizeof(*m));
}
