/*
 * draw_live.h - drawing the live view of a running lab.
 *
 * All panes on one 80x24 screen: Queues (the `mqlab top` pane, from the
 * run's IPC namespace), the selected queue's messages in delivery order,
 * Processes (each role in words), Events (newest at the bottom, injected
 * faults marked "!!" and drawn in reverse) and Faults (armed rules, how
 * often each fired).  From 120 columns, two columns: queues and messages
 * on the left, the rest on the right.  Reads struct live, changes
 * nothing.
 *
 * See also: tui/live.h, tui/model_live.h, tui/draw.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_DRAW_LIVE_H
#define MQLAB_DRAW_LIVE_H

#include "tui/live.h"

/* How many message rows the layout shows on a lines x cols screen. */
int draw_live_message_rows(const struct live *l, int lines, int cols);

/* The whole screen (or the help, the popup, "too small"), refreshed. */
void draw_live(const struct live *l);

#endif
