/*
 * session.h - a lab run that a front end watches and steers while it runs.
 *
 * `mqlab run` is headless: it runs a scenario to the end and prints.  The
 * TUI needs the same run, live: every queue call as it happens (with the
 * payloads the supervisor captured), every role's state, the armed fault
 * rules and how often each fired, and commands while it runs (arm a rule,
 * pause, single step, slow motion, kill or restart a role).
 *
 * The run happens in a child of the caller, the session's server, inside
 * the sandbox of labs/sandbox.h (so nothing survives it, even a SIGKILL
 * of the front end).  Server and client talk over a socketpair in lines;
 * this header is the client side, and the only thing tui/ sees.  The
 * client never blocks: poll session_fd(), then session_read().
 *
 * Queue contents are NOT part of the session: the front end scans them
 * itself after joining the run's IPC namespace (session_ipc_ns()), so it
 * shows what the kernel holds, not what the server believes.  The events
 * carry the payloads captured at send, which is all anyone can know of a
 * POSIX queue's messages.
 *
 * See also: labs/run.h (the headless run), labs/sandbox.h, docs/labs.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SESSION_H
#define MQLAB_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "labs/lab.h"

#define SESSION_ROLES_MAX   16
#define SESSION_RULES_MAX   64
#define SESSION_EVENTS_MAX  512 /* the client keeps the newest ones */
#define SESSION_PREVIEW_MAX 64

enum session_role_state {
	SESSION_STARTING,
	SESSION_RUNNING,
	SESSION_BLOCKED, /* in a queue call: see call, queue, blocked_us */
	SESSION_STOPPED, /* paused (SIGSTOP) */
	SESSION_HELD,	 /* a queue call held by step mode */
	SESSION_EXITED,	 /* see status */
};

struct session_role {
	char name[32];
	pid_t pid; /* in the run's PID namespace */
	enum session_role_state state;
	char call[24];	     /* SESSION_BLOCKED/HELD: "mq_timedsend" */
	char queue[64];	     /* its queue: "/mqlab-01-orders" or "key 0x..." */
	uint64_t blocked_us; /* how long in that call so far */
	int status;	     /* SESSION_EXITED: the wait status */
	long sent, received, lost, errors; /* from the role's reports */
};

struct session_rule {
	int id;		/* the server's number for it, for "disarm ID" */
	char role[32];	/* the role it applies to, "" for every role */
	char spec[160]; /* as armed */
	uint64_t fired;
	bool armed;
};

struct session_event {
	uint64_t seq;
	uint64_t usec; /* since the run started */
	char role[32];
	pid_t pid;
	char syscall[24]; /* "mq_timedsend", or "" for a report line */
	char queue[64];
	long prio; /* priority (mq) or mtype (msg), -1 if none */
	size_t len;
	bool injected;	  /* a fault rule acted on it */
	char verdict[48]; /* "EAGAIN (injected)", "held", "" */
	unsigned char preview[SESSION_PREVIEW_MAX]; /* payload captured */
	size_t preview_len;
	size_t payload_total;
	char text[160]; /* one line, ready to show */
};

/* What the client knows, updated by session_read(). */
struct session_state {
	const struct lab *lab;
	bool solution;
	bool running;	  /* false once the run ended */
	bool paused;	  /* pause or step mode */
	bool stepping;	  /* step mode: calls wait for session_step() */
	unsigned slow_ms; /* slow motion: delay on every queue call, 0 off */
	uint64_t usec;	  /* run time so far */
	struct session_role roles[SESSION_ROLES_MAX];
	int nroles;
	struct session_rule rules[SESSION_RULES_MAX];
	int nrules;
	struct session_event events[SESSION_EVENTS_MAX]; /* a ring */
	uint64_t nevents;   /* ever received; the newest is at
			     (nevents - 1) % SESSION_EVENTS_MAX */
	char message[160];  /* the server's last answer: "armed rule 3" */
	bool message_error; /* message is an error ("no role 'x'", a bad
			       spec with its caret line made one) */
	uint64_t nmessages; /* answers so far: a new one when it grows */
	pid_t init;	 /* the sandbox's init as the caller's /proc knows it */
	bool namespaces; /* the run has its own IPC and PID namespaces */
};

/*
 * Start lab (its student code, or the reference solution) in a fresh
 * sandbox.  Returns the session, or NULL with a one-line reason in err.
 */
struct session *session_start(const struct lab *lab, bool solution, char *err,
			      size_t errsize);

/* Poll it for POLLIN. */
int session_fd(const struct session *s);

/* Take in whatever the server sent.  Returns 0, or -1 with errno (EPIPE
 * once the server is gone: state->running is then false). */
int session_read(struct session *s);

const struct session_state *session_state(const struct session *s);

/* An fd of the run's IPC namespace, for setns(fd, CLONE_NEWIPC), or -1. */
int session_ipc_ns(const struct session *s);

/*
 * Commands.  Each returns 0 once sent, -1 with errno; the outcome arrives
 * later in state->message (and the state itself).
 */
int session_arm(struct session *s, const char *role, const char *spec);
int session_disarm(struct session *s, int rule_id);
int session_pause(struct session *s, bool paused); /* SIGSTOP / SIGCONT */
int session_step(struct session *s); /* enter step mode, let one call through */
int session_slow(struct session *s, unsigned ms);
int session_kill_role(struct session *s, const char *role);
int session_restart_role(struct session *s, const char *role);

/* Stop the run, kill everything in it, wait, free.  Nothing is left. */
void session_stop(struct session *s);

#endif
