/*
 * model_live.c - what the live view shows, as plain data.
 *
 * See also: tui/model_live.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_live.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "faults/names.h"
#include "tui/model_format.h"

static int model_live_grow(struct model_live_shadow *s)
{
	struct model_live_msg *msgs;
	size_t cap = s->cap ? s->cap * 2 : 16;

	if (s->n < s->cap)
		return 0;
	msgs = realloc(s->msgs, cap * sizeof(*msgs));
	if (msgs == NULL)
		return -1;
	s->msgs = msgs;
	s->cap = cap;
	return 0;
}

int model_live_shadow_send(struct model_live_shadow *s,
			   const struct model_live_msg *m)
{
	size_t at;

	if (model_live_grow(s) < 0)
		return -1;
	/* Behind the unknown ones that nobody saw sent and the known ones
	 * not lower; pending ones are sends as new as m, order unknown. */
	for (at = s->n; at > 0; at--)
		if ((!s->msgs[at - 1].known && !s->msgs[at - 1].pending) ||
		    (s->msgs[at - 1].known && s->msgs[at - 1].prio >= m->prio))
			break;
	memmove(&s->msgs[at + 1], &s->msgs[at], (s->n - at) * sizeof(*s->msgs));
	s->msgs[at] = *m;
	s->n++;
	return 0;
}

int model_live_shadow_sync(struct model_live_shadow *s, long curmsgs)
{
	struct model_live_msg unknown = {.known = false, .prio = -1};
	size_t drop, i, pad, theirs, pending = 0;

	if (curmsgs < 0)
		return 0;
	if (s->n > (size_t)curmsgs) {
		/* Receives take the head. */
		drop = s->n - (size_t)curmsgs;
		memmove(&s->msgs[0], &s->msgs[drop],
			(s->n - drop) * sizeof(*s->msgs));
		s->n -= drop;
	}
	snprintf(unknown.preview, sizeof(unknown.preview), "%s",
		 MODEL_LIVE_UNKNOWN);
	for (i = 0; i < s->n; i++)
		pending += s->msgs[i].pending;
	/* The sends in doubt are the newest: the last entries are theirs. */
	pad = s->n < (size_t)curmsgs ? (size_t)curmsgs - s->n : 0;
	theirs = s->doubt > pending ? s->doubt - pending : 0;
	for (i = 0; i < pad; i++) {
		if (model_live_grow(s) < 0)
			return -1;
		unknown.pending = pad - i <= theirs;
		s->msgs[s->n++] = unknown;
	}
	return 0;
}

struct model_live_shadow *model_live_shadow_of(struct model_live_shadows *ss,
					       const char *queue)
{
	struct model_live_shadow *q;
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (strcmp(ss->q[i].queue, queue) == 0)
			return &ss->q[i];
	q = realloc(ss->q, (ss->n + 1) * sizeof(*q));
	if (q == NULL)
		return NULL;
	ss->q = q;
	q = &ss->q[ss->n++];
	memset(q, 0, sizeof(*q));
	snprintf(q->queue, sizeof(q->queue), "%s", queue);
	return q;
}

/* Whether e is a POSIX send going ahead into the kernel: not refused by
 * a rule, not held by step mode (its release is the one that counts). */
static bool model_live_is_send(const struct session_event *e)
{
	if ((strcmp(e->syscall, "mq_timedsend") != 0 &&
	     strcmp(e->syscall, "mq_send") != 0) ||
	    e->queue[0] != '/')
		return false;
	return e->verdict[0] == '\0' ||
	       strncmp(e->verdict, "delayed", 7) == 0 ||
	       strcmp(e->verdict, "released") == 0;
}

/* The tentative slot of role (made on first use), or NULL when full. */
static struct model_live_tentative *
model_live_tent(struct model_live_shadows *ss, const char *role)
{
	size_t i;

	for (i = 0; i < ss->nroles; i++)
		if (strcmp(ss->roles[i], role) == 0)
			return &ss->tent[i];
	if (ss->nroles == SESSION_ROLES_MAX)
		return NULL;
	snprintf(ss->roles[ss->nroles], sizeof(ss->roles[0]), "%s", role);
	return &ss->tent[ss->nroles++];
}

/* Settle t's send.  Confirmed, it takes the place of a pending unknown
 * entry (the count saw it arrive before its report), filed in delivery
 * order.  Failed, a pending entry stood for a message nobody saw.  A
 * send longer than the queue's mq_msgsize never went in, whatever the
 * role did next: do_mq_timedsend() refuses it with EMSGSIZE. */
static int model_live_settle_send(struct model_live_shadows *ss,
				  struct model_live_tentative *t, bool ok)
{
	struct model_live_shadow *q = model_live_shadow_of(ss, t->queue);
	size_t at;

	t->has = false;
	if (q == NULL)
		return -1;
	if (q->doubt > 0)
		q->doubt--;
	if (q->msgsize > 0 && t->m.len > (size_t)q->msgsize)
		ok = false;
	for (at = q->n; at > 0 && !q->msgs[at - 1].pending; at--)
		;
	if (at > 0 && !ok)
		q->msgs[at - 1].pending = false;
	if (!ok)
		return 0;
	if (at > 0) {
		memmove(&q->msgs[at - 1], &q->msgs[at],
			(q->n - at) * sizeof(*q->msgs));
		q->n--;
	}
	return model_live_shadow_send(q, &t->m);
}

static void model_live_msg_of(struct model_live_msg *m,
			      const struct session_event *e)
{
	memset(m, 0, sizeof(*m));
	m->known = true;
	m->prio = e->prio < 0 ? 0 : e->prio;
	m->len = e->payload_total ? e->payload_total : e->len;
	m->usec = e->usec;
	m->pid = e->pid;
	m->seq = e->seq;
	snprintf(m->role, sizeof(m->role), "%s", e->role);
	model_format_preview(m->preview, sizeof(m->preview), e->preview,
			     e->preview_len, m->len);
}

/* Whether e is a POSIX receive going ahead into the kernel. */
static bool model_live_is_receive(const struct session_event *e)
{
	return (strcmp(e->syscall, "mq_timedreceive") == 0 ||
		strcmp(e->syscall, "mq_receive") == 0) &&
	       e->queue[0] == '/' && !e->injected;
}

/* A "received N" report: its role's last receive took the head. */
static int model_live_received(struct model_live_shadows *ss,
			       struct model_live_tentative *t,
			       const struct session_event *e)
{
	struct model_live_shadow *q;
	long n = 1;
	size_t drop;

	if (t->recv[0] == '\0')
		return 0;
	q = model_live_shadow_of(ss, t->recv);
	t->recv[0] = '\0';
	if (q == NULL)
		return -1;
	if (sscanf(e->text, "received %ld", &n) != 1 || n < 1)
		n = 1;
	drop = (size_t)n < q->n ? (size_t)n : q->n;
	memmove(&q->msgs[0], &q->msgs[drop], (q->n - drop) * sizeof(*q->msgs));
	q->n -= drop;
	return 0;
}

/* One event of a role with a send in doubt (t->has). */
static int model_live_settle(struct model_live_shadows *ss,
			     struct model_live_tentative *t,
			     const struct session_event *e,
			     const struct model_live_msg *m)
{
	if (e->syscall[0] == '\0') {
		if (strcmp(e->verdict, "sent") == 0)
			return model_live_settle_send(ss, t, true);
		if (strcmp(e->verdict, "lost") == 0 ||
		    strcmp(e->verdict, "error") == 0 ||
		    strcmp(e->verdict, "exit") == 0)
			return model_live_settle_send(ss, t, false);
		return 0; /* notes and output say nothing of it */
	}
	if (m != NULL && strcmp(m->preview, t->m.preview) == 0 &&
	    strcmp(e->queue, t->queue) == 0) {
		/* A retry: the first attempt failed. */
		return model_live_settle_send(ss, t, false);
	}
	/* The role moved on: its send returned. */
	return model_live_settle_send(ss, t, true);
}

int model_live_feed(struct model_live_shadows *ss,
		    const struct session_state *st)
{
	const struct session_event *e;
	struct model_live_tentative *t;
	struct model_live_shadow *q;
	struct model_live_msg m;
	uint64_t i = ss->seen;
	bool send;

	if (st->nevents > SESSION_EVENTS_MAX &&
	    i < st->nevents - SESSION_EVENTS_MAX)
		i = st->nevents - SESSION_EVENTS_MAX;
	for (; i < st->nevents; i++) {
		e = &st->events[i % SESSION_EVENTS_MAX];
		t = model_live_tent(ss, e->role);
		if (t == NULL)
			continue;
		if (model_live_is_receive(e))
			snprintf(t->recv, sizeof(t->recv), "%s", e->queue);
		else if (e->syscall[0] == '\0' &&
			 strcmp(e->verdict, "received") == 0 &&
			 model_live_received(ss, t, e) < 0)
			return -1;
		else if (e->syscall[0] == '\0' &&
			 strcmp(e->verdict, "error") == 0)
			t->recv[0] = '\0'; /* that receive took nothing */
		send = model_live_is_send(e);
		if (send)
			model_live_msg_of(&m, e);
		if (t->has && model_live_settle(ss, t, e, send ? &m : NULL) < 0)
			return -1;
		if (send) {
			q = model_live_shadow_of(ss, e->queue);
			if (q == NULL)
				return -1;
			q->doubt++;
			t->has = true;
			t->m = m;
			snprintf(t->queue, sizeof(t->queue), "%s", e->queue);
		}
	}
	ss->seen = st->nevents;
	return 0;
}

const struct model_live_msg *
model_live_waiting(const struct model_live_shadows *ss, const char *role)
{
	size_t i;

	for (i = 0; i < ss->nroles; i++)
		if (strcmp(ss->roles[i], role) == 0 && ss->tent[i].has)
			return &ss->tent[i].m;
	return NULL;
}

void model_live_shadows_free(struct model_live_shadows *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->q[i].msgs);
	free(ss->q);
	memset(ss, 0, sizeof(*ss));
}

void model_live_role_state(char *out, size_t size, const struct session_role *r)
{
	char took[24];
	const char *sig;

	switch (r->state) {
	case SESSION_STARTING:
		snprintf(out, size, "starting");
		break;
	case SESSION_RUNNING:
		snprintf(out, size, "running");
		break;
	case SESSION_BLOCKED:
	case SESSION_HELD:
		model_format_duration(took, sizeof(took),
				      (double)r->blocked_us / 1e6);
		snprintf(out, size, "%s in %s on %s %s",
			 r->state == SESSION_BLOCKED ? "BLOCKED" : "held",
			 r->call, r->queue, took);
		break;
	case SESSION_STOPPED:
		snprintf(out, size, "stopped");
		break;
	case SESSION_EXITED:
		if (WIFSIGNALED(r->status)) {
			sig = names_signal_name(WTERMSIG(r->status));
			if (sig != NULL)
				snprintf(out, size, "killed by SIG%s", sig);
			else
				snprintf(out, size, "killed by signal %d",
					 WTERMSIG(r->status));
		} else {
			snprintf(out, size, "exited %d",
				 WEXITSTATUS(r->status));
		}
		break;
	default:
		snprintf(out, size, "?");
	}
}

void model_live_role_line(char *out, size_t size, const struct session_role *r)
{
	char state[160];

	model_live_role_state(state, sizeof(state), r);
	snprintf(out, size, "%-8.8s %5d %5ld/%-5ld/%-3ld %s", r->name,
		 (int)r->pid, r->sent, r->received, r->errors, state);
}

bool model_live_role_blocked(const struct session_role *r)
{
	return r->state == SESSION_BLOCKED || r->state == SESSION_HELD;
}

size_t model_live_events(const struct session_state *st,
			 const struct session_event **out, size_t max)
{
	uint64_t kept = st->nevents < SESSION_EVENTS_MAX ? st->nevents
							 : SESSION_EVENTS_MAX;
	uint64_t first, i;
	size_t n = 0;

	if (kept > max)
		kept = max;
	first = st->nevents - kept;
	for (i = first; i < st->nevents; i++)
		out[n++] = &st->events[i % SESSION_EVENTS_MAX];
	return n;
}

void model_live_event_line(char *out, size_t size,
			   const struct session_event *e)
{
	const char *text = e->text, *end;
	bool call = e->syscall[0] != '\0';

	/* The role is shown already: drop the engine's "[pid N] ". */
	if (strncmp(text, "[pid ", 5) == 0 && (end = strstr(text, "] ")))
		text = end + 2;
	snprintf(out, size, "%s%3llu.%03llu %-8.8s %s%s%s",
		 e->injected ? "!! " : "",
		 (unsigned long long)(e->usec / 1000000),
		 (unsigned long long)(e->usec / 1000 % 1000), e->role,
		 call ? e->verdict : "", call && e->verdict[0] ? "  " : "",
		 text);
}

void model_live_rule_line(char *out, size_t size, const struct session_rule *r)
{
	snprintf(out, size, "#%-2d %-9.9s %-40.40s fired %llu%s", r->id,
		 r->role[0] ? r->role : "(all)", r->spec,
		 (unsigned long long)r->fired, r->armed ? "" : " (disarmed)");
}

void model_live_title(char *out, size_t size, const struct session_state *st)
{
	char took[24], slow[24] = "";

	model_format_duration(took, sizeof(took), (double)st->usec / 1e6);
	if (st->slow_ms)
		snprintf(slow, sizeof(slow), "  slow %u ms", st->slow_ms);
	snprintf(out, size, " Lab %02d %s (%s)  %s %s%s%s",
		 st->lab ? st->lab->number : 0, st->lab ? st->lab->slug : "?",
		 st->solution ? "solution" : "your code",
		 st->running ? "running" : "ended", took, slow,
		 st->stepping ? "  STEP"
		 : st->paused ? "  PAUSED"
			      : "");
}
