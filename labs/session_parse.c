/*
 * session_parse.c - the client's side of the session protocol: one line
 * from the server into struct session_state.
 *
 * Lines are tab-separated fields, the first naming the line (docs/labs.md,
 * "Live sessions").  The server never puts a tab or a newline in a field,
 * so splitting on tabs is all the parsing there is; a line of a kind we
 * do not know, or with too few fields, is skipped, so that the server
 * can grow new lines without breaking older front ends.
 *
 * See also: labs/session.c, labs/session_server.c
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labs/session_int.h"

#define FIELDS_MAX 16

static int split(char *line, char **f)
{
	int n = 1;
	char *tab;

	f[0] = line;
	while (n < FIELDS_MAX && (tab = strchr(f[n - 1], '\t')) != NULL) {
		*tab = '\0';
		f[n++] = tab + 1;
	}
	return n;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

static enum session_role_state state_of(const char *word)
{
	static const char *const words[] = {"starting", "running", "blocked",
					    "stopped",	"held",	   "exited"};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(word, words[i]) == 0)
			return (enum session_role_state)i;
	return SESSION_RUNNING;
}

static void parse_role(struct session_state *st, char **f)
{
	struct session_role *r;
	int i;

	for (i = 0; i < st->nroles; i++)
		if (strcmp(st->roles[i].name, f[1]) == 0)
			break;
	if (i == st->nroles && st->nroles == SESSION_ROLES_MAX)
		return;
	if (i == st->nroles)
		st->nroles++;
	r = &st->roles[i];
	copy(r->name, sizeof(r->name), f[1]);
	r->pid = atoi(f[2]);
	r->state = state_of(f[3]);
	copy(r->call, sizeof(r->call), f[4]);
	copy(r->queue, sizeof(r->queue), f[5]);
	r->blocked_us = strtoull(f[6], NULL, 10);
	r->status = atoi(f[7]);
	r->sent = atol(f[8]);
	r->received = atol(f[9]);
	r->lost = atol(f[10]);
	r->errors = atol(f[11]);
}

static unsigned hexval(char c)
{
	return c >= 'a' ? (unsigned)(c - 'a' + 10) : (unsigned)(c - '0');
}

static void parse_event(struct session_state *st, char **f)
{
	struct session_event *e = &st->events[st->nevents % SESSION_EVENTS_MAX];
	size_t i, n = strlen(f[11]) / 2;

	memset(e, 0, sizeof(*e));
	e->seq = strtoull(f[1], NULL, 10);
	e->usec = strtoull(f[2], NULL, 10);
	copy(e->role, sizeof(e->role), f[3]);
	e->pid = atoi(f[4]);
	copy(e->syscall, sizeof(e->syscall), f[5]);
	copy(e->queue, sizeof(e->queue), f[6]);
	e->prio = atol(f[7]);
	e->len = strtoul(f[8], NULL, 10);
	e->injected = atoi(f[9]) != 0;
	copy(e->verdict, sizeof(e->verdict), f[10]);
	for (i = 0; i < n && i < SESSION_PREVIEW_MAX; i++)
		e->preview[i] =
			hexval(f[11][2 * i]) << 4 | hexval(f[11][2 * i + 1]);
	e->preview_len = i;
	e->payload_total = strtoul(f[12], NULL, 10);
	copy(e->text, sizeof(e->text), f[13]);
	st->nevents++;
}

static void parse_rule(struct session_state *st, char **f)
{
	struct session_rule *r;
	int i, id = atoi(f[1]);

	for (i = 0; i < st->nrules; i++)
		if (st->rules[i].id == id)
			break;
	if (i == st->nrules && st->nrules == SESSION_RULES_MAX)
		return;
	if (i == st->nrules)
		st->nrules++;
	r = &st->rules[i];
	r->id = id;
	copy(r->role, sizeof(r->role), f[2]);
	r->armed = atoi(f[3]) != 0;
	r->fired = strtoull(f[4], NULL, 10);
	copy(r->spec, sizeof(r->spec), f[5]);
}

static void parse_message(struct session_state *st, const char *text,
			  bool error)
{
	copy(st->message, sizeof(st->message), text);
	st->message_error = error;
	st->nmessages++;
}

void session_parse_line(struct session_state *st, char *line)
{
	char *f[FIELDS_MAX];
	int n = split(line, f);

	if (strcmp(f[0], "role") == 0 && n >= 12)
		parse_role(st, f);
	else if (strcmp(f[0], "event") == 0 && n >= 14)
		parse_event(st, f);
	else if (strcmp(f[0], "rule") == 0 && n >= 6)
		parse_rule(st, f);
	else if (strcmp(f[0], "state") == 0 && n >= 6) {
		st->running = atoi(f[1]) != 0;
		st->paused = atoi(f[2]) != 0;
		st->stepping = atoi(f[3]) != 0;
		st->slow_ms = (unsigned)strtoul(f[4], NULL, 10);
		st->usec = strtoull(f[5], NULL, 10);
	} else if (strcmp(f[0], "hello") == 0 && n >= 3) {
		st->namespaces = strcmp(f[1], "namespaces") == 0;
		if (!st->namespaces)
			parse_message(st, f[2], false);
	} else if ((strcmp(f[0], "msg") == 0 || strcmp(f[0], "error") == 0 ||
		    strcmp(f[0], "end") == 0) &&
		   n >= 2) {
		parse_message(st, f[1], f[0][0] == 'e' && f[0][1] == 'r');
		if (strcmp(f[0], "end") == 0)
			st->running = false;
	}
}
