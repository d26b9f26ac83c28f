/*
 * model_top.c - everything `mqlab top` shows, as plain data.
 *
 * See also: tui/model_top.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_top.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void model_top_init(struct model_top *t, bool present)
{
	memset(t, 0, sizeof(*t));
	scan_posix_init(&t->posix);
	t->present = present;
	t->queue_rows = 5;
	t->message_rows = 5;
}

const struct model_queues_row *model_top_selection(const struct model_top *t)
{
	return t->selected < t->queues.n ? &t->queues.rows[t->selected] : NULL;
}

/* The largest first row that still fills a page of rows. */
static size_t model_top_last_page(size_t total, size_t rows)
{
	return total > rows ? total - rows : 0;
}

int model_top_window(struct model_top *t)
{
	const struct model_queues_row *q = model_top_selection(t);
	size_t total;

	if (q == NULL) {
		model_messages_free(&t->messages);
		t->scroll = 0;
		return 0;
	}
	snprintf(t->selected_label, sizeof(t->selected_label), "%s", q->label);
	total = q->messages > 0 ? (size_t)q->messages : 0;
	if (t->scroll > model_top_last_page(total, t->message_rows))
		t->scroll = model_top_last_page(total, t->message_rows);
	return model_messages_build(&t->messages, q, t->scroll,
				    t->message_rows);
}

int model_top_refresh(struct model_top *t, double now)
{
	long found;

	t->now = now;
	t->posix_err = scan_posix_read(&t->posix) < 0 ? errno : 0;
	t->sysv_err = scan_sysv_read(&t->sysv) < 0 ? errno : 0;
	t->procs_err = scan_procs_read(&t->procs) < 0 ? errno : 0;
	if (t->posix_err == ENOMEM || t->sysv_err == ENOMEM ||
	    t->procs_err == ENOMEM)
		return -1;
	if (model_queues_build(&t->queues, &t->posix, t->posix_err, &t->sysv,
			       t->sysv_err, &t->procs) < 0)
		return -1;
	if (model_procs_build(&t->blocked, &t->procs, &t->sysv, now) < 0)
		return -1;
	found = model_queues_find(&t->queues, t->selected_label);
	if (found >= 0) {
		t->selected = (size_t)found;
	} else {
		/* It is gone: stay at the same place in the list. */
		if (t->selected >= t->queues.n)
			t->selected = t->queues.n ? t->queues.n - 1 : 0;
		t->scroll = 0;
		if (t->queues.n == 0)
			t->zoomed = false;
	}
	return model_top_window(t);
}

void model_top_move(struct model_top *t, long delta)
{
	size_t total = t->messages.total, last;
	long to;

	if (t->zoomed) {
		last = model_top_last_page(total, t->message_rows);
		to = (long)t->scroll + delta;
		t->scroll = to < 0 ? 0 : (size_t)to > last ? last : (size_t)to;
		return;
	}
	if (t->queues.n == 0)
		return;
	to = (long)t->selected + delta;
	if (to < 0)
		to = 0;
	if ((size_t)to >= t->queues.n)
		to = (long)t->queues.n - 1;
	if ((size_t)to != t->selected)
		t->scroll = 0;
	t->selected = (size_t)to;
}

void model_top_jump(struct model_top *t, bool end)
{
	size_t n = t->zoomed ? t->messages.total : t->queues.n;

	model_top_move(t, end ? (long)n : -(long)n);
}

void model_top_zoom(struct model_top *t, bool on)
{
	t->zoomed = on && model_top_selection(t) != NULL;
	t->scroll = 0;
}

void model_top_free(struct model_top *t)
{
	scan_posix_free(&t->posix);
	scan_sysv_free(&t->sysv);
	scan_procs_free(&t->procs);
	model_queues_free(&t->queues);
	model_messages_free(&t->messages);
	model_procs_free(&t->blocked);
}
