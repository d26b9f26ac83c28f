/*
 * event_call.h - a call and its arguments, the way strace prints them.
 *
 * See also: faults/event_call.c, faults/event.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_EVENT_CALL_H
#define MQLAB_EVENT_CALL_H

#include "faults/fault.h"
#include "faults/sbuf.h"

/* Append `mq_timedsend(3</orders>, "hello", 5, 1, NULL)` to s. */
void event_call_format(struct sbuf *s, const struct fault_event *ev);

#endif
