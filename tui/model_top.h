/*
 * model_top.h - everything `mqlab top` shows, as plain data.
 *
 * The scans of the kernel, the panes computed from them, and the state of
 * the view (selection, zoom, scroll, help): the whole screen except the
 * drawing.  Keys act on this model only (tui/keys.c), so what a key does
 * is tested without a terminal; tui/draw_*.c only reads it.
 *
 * The drawing's layout tells the model how many rows it shows
 * (queue_rows, message_rows), so only the messages on screen are copied
 * from the kernel.
 *
 * See also: tui/keys.h, tui/draw.h, tui/cmd-top.c (the event loop)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_TOP_H
#define MQLAB_MODEL_TOP_H

#include <stdbool.h>

#include "tui/model_messages.h"
#include "tui/model_procs.h"
#include "tui/model_queues.h"

struct model_top {
	/* What the kernel said at the last refresh. */
	struct scan_posix posix;
	struct scan_sysv sysv;
	struct scan_procs procs;
	int posix_err, sysv_err, procs_err; /* errno of a failed scan */
	double now;			    /* when (monotonic seconds) */
	/* The panes. */
	struct model_queues queues;
	struct model_messages messages; /* of the selected queue */
	struct model_procs blocked;
	/* The view. */
	size_t selected; /* row of queues (0 when there is none) */
	char selected_label[NAME_MAX + 40]; /* kept across refreshes */
	bool zoomed;   /* the selected queue's messages fill the screen */
	size_t scroll; /* first message shown */
	size_t queue_rows, message_rows; /* what the layout shows */
	bool help, quit, present;
	char last_key[24]; /* shown in --present mode */
};

/* Ready t (nothing is scanned yet). */
void model_top_init(struct model_top *t, bool present);

/* Scan the kernel again at time now and rebuild every pane, keeping the
 * selected queue selected.  Returns 0; a scan that fails leaves a note in
 * the pane (queues.posix_note...).  -1 with errno ENOMEM. */
int model_top_refresh(struct model_top *t, double now);

/* Copy the messages shown for the selected queue again (after the
 * selection, the scroll or the layout changed).  Returns 0 or -1 ENOMEM. */
int model_top_window(struct model_top *t);

/* The selected queue, or NULL when there is none. */
const struct model_queues_row *model_top_selection(const struct model_top *t);

/* Move by delta rows: the selection, or the messages when zoomed.
 * Stops at the ends. */
void model_top_move(struct model_top *t, long delta);

/* Move to the first (end false) or the last row. */
void model_top_jump(struct model_top *t, bool end);

/* Zoom in on the selected queue, or back out. */
void model_top_zoom(struct model_top *t, bool on);

void model_top_free(struct model_top *t);

#endif
