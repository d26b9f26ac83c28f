/*
 * model_live.h - what the live view of a running lab shows, as plain
 * data: the POSIX messages as far as anyone can know them, each role's
 * state in words, the events and the armed fault rules.
 *
 * A POSIX queue cannot be peeked, so its messages are known only from the
 * payloads the session's supervisor captured at send.  Each queue keeps a
 * shadow: the messages seen sent, in the order the kernel delivers them
 * (priority first, then FIFO, as ipc/mqueue.c msg_insert() files them).
 * The kernel's mq_curmsgs is the truth the shadow is held to: when it is
 * smaller, receives took messages from the head, so the head goes; when
 * it is larger, messages arrived that we did not see, and "unknown"
 * entries are added at the tail.  The list shown always has exactly
 * mq_curmsgs entries, and content never observed is never invented.
 * Unknown entries stand for messages sent before we saw them, so a new
 * message goes behind them whatever its priority (theirs is unknown).
 *
 * Events are taken when a call enters the kernel, before it is known to
 * succeed, so a send stays in doubt (tentative) until its role reports
 * "sent", or moves on to another call.  It is dropped when the role
 * reports the message lost or an error, sends the same payload again (a
 * retry), or exits.  A tentative send of a role blocked in mq_timedsend
 * is shown apart, as waiting to go in.  A send confirmed after the count
 * already grew takes the place of an unknown entry added while it was in
 * doubt (a pending one): that unknown stood for it.  Unknown entries added
 * while no send to the queue was in doubt stand for messages nobody saw,
 * and a confirmed send never takes their place.
 *
 * A role's "received" report takes the head of the queue its last receive
 * call named, in event order, so a send confirmed later cannot go ahead
 * of a message already gone; the count then only corrects what was not
 * seen.
 *
 * Nothing here touches a terminal or the kernel; tests feed it a
 * synthetic struct session_state.
 *
 * See also: labs/session.h, tui/model_queues.h, tui/draw_live.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_LIVE_H
#define MQLAB_MODEL_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "labs/session.h"

/* A POSIX queue's message as the live view knows it. */
struct model_live_msg {
	bool known;	  /* its content was seen at send */
	bool pending;	  /* unknown, added while a send was in doubt */
	long prio;	  /* -1 when unknown */
	size_t len;	  /* its whole length */
	uint64_t usec;	  /* when it was sent, run time */
	pid_t pid;	  /* its sender */
	char role[32];	  /* its sender's role */
	uint64_t seq;	  /* its event's number */
	char preview[96]; /* "\"order 3\"", or why it is unknown */
};

/* One queue's messages in delivery order: head first. */
struct model_live_shadow {
	char queue[64]; /* "/mqlab-01-orders" */
	struct model_live_msg *msgs;
	size_t n, cap;
	size_t doubt; /* sends to it entered and not yet settled */
	long msgsize; /* its mq_msgsize as last scanned; 0: not known */
};

/* A send that entered the kernel and has not been seen to succeed. */
struct model_live_tentative {
	bool has;
	char queue[64];
	struct model_live_msg m;
	char recv[64]; /* the queue of its last receive, until reported */
};

struct model_live_shadows {
	struct model_live_shadow *q;
	size_t n;
	uint64_t seen; /* events fed so far (session_state.nevents) */
	/* Per role (by name), its last send still in doubt. */
	char roles[SESSION_ROLES_MAX][32];
	struct model_live_tentative tent[SESSION_ROLES_MAX];
	size_t nroles;
};

/* What an unknown message says. */
#define MODEL_LIVE_UNKNOWN "unknown (sent before we saw it)"

/* File m into s in delivery order: behind every unknown message and
 * every known one of the same or a higher priority, ahead of lower ones.
 * Returns 0, or -1 with errno ENOMEM. */
int model_live_shadow_send(struct model_live_shadow *s,
			   const struct model_live_msg *m);

/* Hold s to the kernel's count: drop from the
 * head while there are more than curmsgs, add unknown entries at the tail
 * while fewer (the last s->doubt of them pending: maybe sends in doubt).
 * curmsgs < 0 (unknown) leaves s alone.  Returns 0, or -1 with errno
 * ENOMEM. */
int model_live_shadow_sync(struct model_live_shadow *s, long curmsgs);

/* The shadow of queue (created empty on first use), or NULL with errno
 * ENOMEM. */
struct model_live_shadow *model_live_shadow_of(struct model_live_shadows *ss,
					       const char *queue);

/* Take in the events of st not fed yet (see above): confirmed POSIX
 * sends are filed in their queue's shadow.  Events that fell out of the
 * ring before being fed are lost; the counts then pad with unknown
 * entries.  Returns 0, or -1 with errno ENOMEM. */
int model_live_feed(struct model_live_shadows *ss,
		    const struct session_state *st);

/* The send role is waiting to complete, or NULL. */
const struct model_live_msg *
model_live_waiting(const struct model_live_shadows *ss, const char *role);

void model_live_shadows_free(struct model_live_shadows *ss);

/* A role's state in words: "running", "BLOCKED in mq_timedsend on
 * /mqlab-01-orders 2.1s", "held in mq_timedsend on ...", "stopped",
 * "exited 1", "killed by SIGKILL", "starting". */
void model_live_role_state(char *out, size_t size,
			   const struct session_role *r);

/* A role's row, 80 columns with the longest state: name, pid,
 * sent/received/errors, state ("producer     3    21/0    /0   BLOCKED
 * in mq_timedsend on /mqlab-01-orders 2.1s"). */
void model_live_role_line(char *out, size_t size, const struct session_role *r);

/* Whether the role is in a state to highlight (blocked or held). */
bool model_live_role_blocked(const struct session_role *r);

/* The newest events of st, oldest first, at most max, into out; returns
 * how many.  Newest at the bottom, as a log reads. */
size_t model_live_events(const struct session_state *st,
			 const struct session_event **out, size_t max);

/* An event as one line: "  1.234 producer VERDICT  TEXT", starting
 * with "!!" when a fault rule acted on it, so it stands out without
 * colours. */
void model_live_event_line(char *out, size_t size,
			   const struct session_event *e);

/* A rule as one line: "#3 producer mq_timedsend:error=EAGAIN  fired 2". */
void model_live_rule_line(char *out, size_t size, const struct session_rule *r);

/* The top bar: "Lab 01 full-queue (student code)  running 2.1s  slow
 * 200 ms  PAUSED". */
void model_live_title(char *out, size_t size, const struct session_state *st);

#endif
