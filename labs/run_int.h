/*
 * run_int.h - the state of one lab run, shared by the files that make it.
 *
 * Not a public interface.  See also: labs/run.h, labs/run.c (start, loop,
 * stop), labs/run_io.c (pipes and children), labs/run_sum.c (summary)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RUN_INT_H
#define MQLAB_RUN_INT_H

#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "labs/run.h"
#include "labs/tidy.h"
#include "labs/timeline.h"
#include "labs/watch.h"

#define RUN_ERRNOS 32

struct run;
struct run_role;
struct fault_event;

/* What a live run (labs/session_server.c) wants to hear besides the
 * timeline; every member may be NULL.  `mqlab run` sets no hooks. */
struct run_hooks {
	void (*event)(void *arg, struct run_role *role,
		      const struct fault_event *ev);
	void (*report)(void *arg, struct run_role *role, pid_t pid,
		       const char *kind, const char *rest);
	void (*output)(void *arg, struct run_role *role, const char *line);
	void (*exit)(void *arg, struct run_role *role);
	void *arg;
};

/* One process the run started: the setup step or a role. */
struct run_role {
	struct run *run;
	const char *name;
	struct fault_plan *plan;
	struct fault_sup *sup;
	pid_t pid;
	int out_fd; /* read end of its stdout and stderr, or -1 */
	char line[512];
	size_t nline;
	struct watch watch;
	bool watching;
	bool running;
	bool killed;	      /* by us, at the end */
	const char *stuck_in; /* the call it was blocked in when it ended */
	int status;
	long sent, received, lost, errors;
};

struct run {
	const struct run_opts *o;
	struct timeline tl;
	struct run_role *roles; /* [0] is the setup step */
	size_t nroles;
	int report_fd;	/* read end of MQLAB_REPORT_FD */
	int report_wfd; /* its write end, until every role has it */
	bool report_eof;
	char report[PIPE_BUF * 2];
	size_t nreport;
	long sent, received, lost;
	struct {
		char name[24];
		long n;
	} errors[RUN_ERRNOS];
	size_t nerrors;
	struct tidy tidy;
	const struct run_hooks *hooks; /* or NULL */
};

/* run_child.c: prepare r for o (roles, report pipe, stdin from
 * /dev/null; o->plans may be NULL: the caller then sets each role's
 * plan before starting it), and start one process under its own
 * supervisor (FAULT_WATCH_ALL), its stdout and stderr into a pipe of its
 * own.  Both return 0, or -1 with errno. */
int run_child_prepare(struct run *r, const struct run_opts *o);
int run_child_start(struct run *r, struct run_role *role, char *const argv[]);

/* run_io.c: read what is ready on the report pipe and the roles' output
 * pipes (every byte when drain is set); reap children that exited. */
/* Fill pfd (room for 1 + 2 * nroles) with what the run polls: the
 * report pipe, then each role's output and supervisor.  Returns how many. */
size_t run_io_pollfds(const struct run *r, struct pollfd *pfd);
/* After poll() on what run_io_pollfds() filled: let every supervisor
 * that is ready decide its calls. */
void run_io_dispatch(struct run *r, const struct pollfd *pfd);
void run_io_read(struct run *r, bool drain);
void run_io_reap(struct run *r, bool block);
/* The role whose process is pid (a role's own children count as it). */
struct run_role *run_io_role(struct run *r, pid_t pid);

/* run_sum.c: the summary, after every role has ended. */
void run_sum_write(struct run *r, enum run_end end);

#endif
