/*
 * session_int.h - the live session's server, shared by the files that
 * make it.
 *
 * Not a public interface: the client (labs/session.c) forks the server
 * into a sandbox's init and calls session_server_main() there; the server
 * then speaks the line protocol of docs/labs.md ("Live sessions") on sock.
 *
 * See also: labs/session.h, labs/session_server.c (loop, events),
 *           labs/session_cmd.c (commands, rules),
 *           labs/session_event.c (event lines),
 *           labs/session_parse.c (the client's reading)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SESSION_INT_H
#define MQLAB_SESSION_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "labs/run_int.h"
#include "labs/sandbox.h"
#include "labs/session.h"

#define SESSION_HELD_MAX 256

struct fault_error;

/* A rule the server armed: the user's (id > 0) or its own (id 0: step
 * mode's hold, slow motion's delay), with its index in each role's plan
 * (-1: not in that role's plan). */
struct session_srule {
	int id;
	char role[32]; /* "" for every role */
	char spec[160];
	bool armed;
	int idx[SESSION_ROLES_MAX + 1]; /* by run role index; [0] is setup */
	uint64_t sent_fired;
	bool sent_armed, sent;
};

/* A call frozen by step mode, oldest first. */
struct session_held {
	size_t role; /* run role index */
	uint64_t seq;
};

struct session_server {
	struct run run;
	struct run_opts opts;
	struct run_hooks hooks;
	int sock;
	char in[2048];
	size_t nin;
	char *out;
	size_t nout, outcap;
	bool quit, started, failed;
	struct session_srule rules[SESSION_RULES_MAX];
	int nrules, next_id;
	int hold, slow; /* index in rules of the internal ones, or -1 */
	unsigned slow_ms;
	bool paused, stepping;
	unsigned credit; /* steps asked for and not yet given */
	struct session_held held[SESSION_HELD_MAX];
	size_t nheld;
	uint64_t seq;
	char call[SESSION_ROLES_MAX + 1][24]; /* each role's last call */
	char queue[SESSION_ROLES_MAX + 1][64];
	char sent_role[SESSION_ROLES_MAX + 1][256];
	char sent_state[128];
};

/* session_server.c: run the lab in the sandbox's init, serving sock until
 * quit or EOF.  Returns the init's exit status. */
int session_server_main(int sock, const struct lab *lab, bool solution,
			const char *program, char *const *roles,
			const struct sandbox *sb);
/* Queue one protocol line (fields already joined with tabs). */
void session_server_send(struct session_server *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Send every role's line that changed, the rules', and the state line. */
void session_server_state(struct session_server *s);
/* Start (or start again) run role i with the rules that apply to it. */
int session_server_start_role(struct session_server *s, size_t i);

/* session_cmd.c: one command line from the client. */
void session_cmd_run(struct session_server *s, char *line);
/* Let held calls go while steps are owed. */
void session_cmd_steps(struct session_server *s);
/* Send the rule lines that changed (fired counters, armed). */
void session_cmd_rules(struct session_server *s);
/* Add the rule's spec to run role i's plan or supervisor.  0 or -1. */
int session_cmd_apply(struct session_server *s, struct session_srule *r,
		      size_t i, struct fault_error *err);
/* Text safe for one tab-separated field: tabs, newlines and other
 * control characters become spaces, cut to size. */
void session_cmd_field(char *dst, size_t size, const char *src);

/* session_event.c: set the run's hooks, which send every event line. */
void session_event_hooks(struct session_server *s);
/* Microseconds since the run started. */
uint64_t session_event_usec(const struct session_server *s);

/* session_parse.c: take one line from the server into st. */
void session_parse_line(struct session_state *st, char *line);

#endif
