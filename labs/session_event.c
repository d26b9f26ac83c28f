/*
 * session_event.c - what the live session's server tells its client
 * about each thing that happens in the run.
 *
 * The run's hooks (labs/run_int.h) land here: a queue call that a role's
 * supervisor saw, a report, an output line, an exit.  Each becomes one
 * "event" line; a call also updates what the server knows of its role
 * (its last call and queue, and the calls step mode holds).
 *
 * See also: labs/session_int.h, labs/session_server.c, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "faults/fault.h"
#include "labs/session_int.h"

uint64_t session_event_usec(const struct session_server *s)
{
	return timeline_now() - s->run.tl.start_us;
}

static bool user_rule(const struct session_server *s, size_t role, int rule)
{
	int k;

	for (k = 0; k < s->nrules; k++)
		if (s->rules[k].id > 0 && s->rules[k].idx[role] == rule)
			return true;
	return false;
}

static void verdict_words(const struct fault_event *ev, char *buf, size_t size)
{
	if (ev->phase == FAULT_RELEASE)
		snprintf(buf, size, "released");
	else if (ev->held)
		snprintf(buf, size, "held");
	else if (ev->verdict == FAULT_ERROR)
		snprintf(buf, size, "%s (injected)",
			 strerrorname_np(ev->error) ?: "error");
	else if (ev->verdict == FAULT_RETVAL)
		snprintf(buf, size, "= %ld (injected)", ev->retval);
	else if (ev->signal != 0)
		snprintf(buf, size, "SIG%s (injected)",
			 sigabbrev_np(ev->signal) ?: "?");
	else if (ev->delay_us != 0)
		snprintf(buf, size, "delayed %llu ms",
			 (unsigned long long)(ev->delay_us + 999) / 1000);
	else
		buf[0] = '\0';
}

/* Track step mode's frozen calls: oldest first, across roles. */
static void track_held(struct session_server *s, size_t role,
		       const struct fault_event *ev)
{
	size_t k;

	if (ev->phase == FAULT_ENTER && ev->held) {
		if (s->nheld < SESSION_HELD_MAX)
			s->held[s->nheld++] =
				(struct session_held){role, ev->seq};
		return;
	}
	for (k = 0; k < s->nheld; k++)
		if (s->held[k].role == role && s->held[k].seq == ev->seq) {
			memmove(&s->held[k], &s->held[k + 1],
				(s->nheld - k - 1) * sizeof(s->held[0]));
			s->nheld--;
			return;
		}
}

static void on_event(void *arg, struct run_role *role,
		     const struct fault_event *ev)
{
	struct session_server *s = arg;
	size_t i = role - s->run.roles, k, n;
	char hex[2 * SESSION_PREVIEW_MAX + 1], text[600], field[600];
	char verdict[48], queue[64];
	long prio = ev->has_prio    ? (long)ev->prio
		    : ev->has_mtype ? ev->mtype
				    : -1;

	if (ev->queue[0] != '\0')
		session_cmd_field(queue, sizeof(queue), ev->queue);
	else if (ev->msqid >= 0 && ev->key >= 0)
		snprintf(queue, sizeof(queue), "key 0x%llx", ev->key);
	else if (ev->msqid >= 0)
		snprintf(queue, sizeof(queue), "msqid %d", ev->msqid);
	else
		queue[0] = '\0';
	if (ev->phase == FAULT_ENTER && i <= SESSION_ROLES_MAX) {
		snprintf(s->call[i], sizeof(s->call[i]), "%s", ev->syscall);
		snprintf(s->queue[i], sizeof(s->queue[i]), "%s", queue);
	}
	track_held(s, i, ev);
	verdict_words(ev, verdict, sizeof(verdict));
	n = ev->payload_len < SESSION_PREVIEW_MAX ? ev->payload_len
						  : SESSION_PREVIEW_MAX;
	for (k = 0; k < n; k++)
		snprintf(hex + 2 * k, 3, "%02x", ev->payload[k]);
	hex[2 * n] = '\0';
	fault_event_text(ev, text, sizeof(text));
	session_cmd_field(field, sizeof(field), text);
	session_server_send(s,
			    "event\t%llu\t%llu\t%s\t%d\t%s\t%s\t%ld\t%zu\t%d\t%"
			    "s\t%s\t%zu\t%s",
			    (unsigned long long)++s->seq,
			    (unsigned long long)session_event_usec(s),
			    role->name, (int)ev->pid, ev->syscall, queue, prio,
			    ev->len, ev->rule >= 0 && user_rule(s, i, ev->rule),
			    verdict, hex, ev->payload_total, field);
}

/* A line that is not a queue call: a report, an output line, an exit. */
static void send_note(struct session_server *s, const char *role, pid_t pid,
		      const char *kind, const char *text)
{
	char field[600];

	session_cmd_field(field, sizeof(field), text);
	session_server_send(
		s, "event\t%llu\t%llu\t%s\t%d\t\t\t-1\t0\t0\t%s\t\t0\t%s",
		(unsigned long long)++s->seq,
		(unsigned long long)session_event_usec(s), role, (int)pid, kind,
		field);
}

static void on_report(void *arg, struct run_role *role, pid_t pid,
		      const char *kind, const char *rest)
{
	char text[600];

	snprintf(text, sizeof(text), "%s %s", kind, rest);
	send_note(arg, role != NULL ? role->name : "child", pid, kind, text);
}

static void on_output(void *arg, struct run_role *role, const char *line)
{
	send_note(arg, role->name, role->pid, "output", line);
}

static void on_exit_role(void *arg, struct run_role *role)
{
	char words[64];

	timeline_status_words(role->status, words, sizeof(words));
	send_note(arg, role->name, role->pid, "exit", words);
}

void session_event_hooks(struct session_server *s)
{
	s->hooks = (struct run_hooks){on_event, on_report, on_output,
				      on_exit_role, s};
	s->run.hooks = &s->hooks;
}
