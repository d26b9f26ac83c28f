/*
 * fault.h - the fault engine's public interface.
 *
 * A plan is a list of rules written in the fault spec language (a superset
 * of strace's -e inject=, see docs/spec.md).  A supervisor starts children
 * under a seccomp filter compiled from the plan: rules that need no
 * counting and look only at scalar arguments become SCMP_ACT_ERRNO rules
 * in the kernel; everything else is sent to the supervisor through seccomp
 * user notification, decided there, and reported as a structured event.
 *
 * The caller owns the loop: poll fault_sup_fd() with its own descriptors
 * and call fault_sup_dispatch() when it is readable (or its timeout ends).
 * Nothing here prints or exits: functions return -1 (or NULL) with errno
 * set, and parse errors come back in a struct fault_error.
 *
 * See also: faults/rule.h (the parsed form), docs/spec.md, docs/engine.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_FAULT_H
#define MQLAB_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct fault_plan;
struct fault_sup;

/* What went wrong in a spec, precisely enough to draw a caret under it. */
struct fault_error {
	char text[4100]; /* the spec or rules-file line that failed: room for
			  * the longest spec the parser takes (4096) */
	int column; /* 0-based column of the bad part of text, -1 if none */
	char message[256]; /* what was wrong and what was expected */
	char hint[128];	   /* "did you mean mq_send?", or "" */
	char file[256];	   /* rules file, or "" for a spec given directly */
	int line;	   /* 1-based line in file, or 0 */
};

/*
 * Format err as two lines: the spec (prefixed by "prog: ", and by
 * "file:line: " for a rules file), then a caret under the bad column
 * followed by the message and hint.  Returns what snprintf returns.
 */
int fault_error_format(const struct fault_error *err, const char *prog,
		       char *buf, size_t size);

/* --- plans ------------------------------------------------------------ */

struct fault_plan *fault_plan_new(void);
void fault_plan_free(struct fault_plan *plan);

/*
 * Parse one spec and append it as a rule.  Accepts "SET:key=value...",
 * and the same prefixed as strace writes it: "inject=...", "fault=...",
 * "-e inject=...".  Returns the new rule's index, or -1 with errno EINVAL
 * and err filled in (err may be NULL).  Notes and warnings found while
 * parsing (aliases resolved, an errno the syscall never returns) are kept
 * in the plan: see fault_plan_note().
 */
int fault_plan_add(struct fault_plan *plan, const char *spec,
		   struct fault_error *err);

/*
 * Read a rules file: one spec per line, '#' starts a comment, blank lines
 * are skipped (faults/rulesfile.h has the details), all rules or none.
 * Returns the number of rules added (0: only comments), or -1 with errno
 * set: EINVAL with err filled in for a bad line (err->line >= 1), or for
 * a path that is no file (a device) or a file over RULESFILE_MAX bytes
 * (err->line 0); EISDIR for a directory; or the errno of open or read.
 * Never blocks on a FIFO that nobody writes to.
 */
int fault_plan_load(struct fault_plan *plan, const char *path,
		    struct fault_error *err);

size_t fault_plan_size(const struct fault_plan *plan);
const char *fault_plan_rule_text(const struct fault_plan *plan, size_t rule);

/* The seed for prob= rules without their own seed=; random until set. */
void fault_plan_set_seed(struct fault_plan *plan, uint64_t seed);
uint64_t fault_plan_seed(const struct fault_plan *plan);
bool fault_plan_uses_prob(const struct fault_plan *plan);

/* Notes and warnings, one line each, without the program name. */
size_t fault_plan_nnotes(const struct fault_plan *plan);
const char *fault_plan_note(const struct fault_plan *plan, size_t i);

/* --- events ----------------------------------------------------------- */

#define FAULT_PAYLOAD_MAX 4096

enum fault_verdict {
	FAULT_ALLOW,  /* the call ran as the program made it */
	FAULT_ERROR,  /* failed with an injected errno */
	FAULT_RETVAL, /* returned an injected value without running */
};

enum fault_phase {
	FAULT_ENTER,   /* the call was intercepted and decided */
	FAULT_RELEASE, /* a held or delayed call was let go */
};

/* One intercepted call, as the supervisor saw and decided it. */
struct fault_event {
	uint64_t seq;  /* 1, 2, ... per supervisor */
	uint64_t usec; /* microseconds since the supervisor started */
	enum fault_phase phase;
	pid_t pid, tid; /* process and thread, in the supervisor's pid ns */
	char comm[16];
	int call;	     /* index in the syscall table (faults/sysent.h) */
	const char *syscall; /* kernel name: "mq_timedsend" */
	uint64_t args[6];    /* raw arguments */
	char queue[256];     /* POSIX queue name ("/orders"), or "" */
	int msqid;	     /* System V queue id, or -1 */
	long long key;	     /* System V key when known, else -1 */
	bool has_prio;	     /* mq_timedsend: prio is the priority */
	unsigned prio;
	bool has_mtype; /* msgsnd: mtype read from the message */
	long mtype;
	size_t len;	      /* length argument, or 0 */
	long flags;	      /* oflag or msgflg argument, or 0 */
	size_t payload_len;   /* bytes captured in payload */
	size_t payload_total; /* bytes the call carries (>= payload_len) */
	unsigned char payload[FAULT_PAYLOAD_MAX];
	int rule; /* index of the rule that fired, or -1 */
	const char *rule_text;
	enum fault_verdict verdict;
	int error;	   /* FAULT_ERROR: the errno */
	long retval;	   /* FAULT_RETVAL: the value */
	int signal;	   /* signal sent to the caller, or 0 */
	uint64_t delay_us; /* the call was delayed this long before running */
	bool held;	   /* the call is frozen until fault_sup_release() */
	bool logged;	   /* a log rule matched */
};

/* Format ev as one JSON object followed by '\n'.  Returns snprintf's. */
int fault_event_json(const struct fault_event *ev, char *buf, size_t size);
/* Format ev as one strace-like line followed by '\n'.  Returns snprintf's. */
int fault_event_text(const struct fault_event *ev, char *buf, size_t size);

/* --- the supervisor ---------------------------------------------------- */

/* Route every queue syscall through the supervisor (nothing is compiled
 * into the kernel): every call becomes an event, and rules on any queue
 * syscall can be added and disarmed while children run. */
#define FAULT_WATCH_ALL (1u << 0)

/*
 * A supervisor for plan, which it borrows: the plan must outlive it, and
 * rules added with fault_sup_add() are appended to it.  Returns NULL with
 * errno set.
 */
struct fault_sup *fault_sup_new(struct fault_plan *plan, unsigned flags);

/* Release held calls, close every descriptor.  Children are not killed. */
void fault_sup_free(struct fault_sup *sup);

/*
 * Like fork(), but the child starts under the plan's filter and dies with
 * SIGKILL if the calling thread does.  Returns 0 in the child, the pid in
 * the parent, -1 with errno set (no child is left behind).
 */
pid_t fault_sup_fork(struct fault_sup *sup);

/*
 * fork() and execvp(argv[0], argv) under the filter.  Returns the pid, or
 * -1 with the errno of the failed exec (ENOENT, EACCES, ...) after the
 * child has been reaped.
 */
pid_t fault_sup_spawn(struct fault_sup *sup, char *const argv[]);

/* The one descriptor to poll for POLLIN: notifications and timers. */
int fault_sup_fd(const struct fault_sup *sup);

/* False once the kernel refused SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP on a
 * child's listener (before Linux 6.6): every notified call then costs a
 * cross-CPU wakeup, worth a one-line notice. */
bool fault_sup_sync_wakeup(const struct fault_sup *sup);

/* Handle everything that is ready without blocking.  Returns the number of
 * notifications and timers handled, or -1 with errno set. */
int fault_sup_dispatch(struct fault_sup *sup);

/* Dispatch until pid exits and reap it: *status gets its wait status.
 * Returns 0, or -1 with errno set. */
int fault_sup_wait(struct fault_sup *sup, pid_t pid, int *status);

/* Every event goes to cb (called from fault_sup_dispatch, and for a
 * release from fault_sup_release).  cb may call fault_sup_release(). */
void fault_sup_on_event(struct fault_sup *sup,
			void (*cb)(const struct fault_event *ev, void *arg),
			void *arg);

/* How many payload bytes to capture per call (default 32, at most
 * FAULT_PAYLOAD_MAX). */
void fault_sup_set_capture(struct fault_sup *sup, size_t bytes);

/*
 * Parse spec and arm it while children run.  Returns the rule index, -1
 * with EINVAL (err filled in), or -1 with ENOTSUP when one of its
 * syscalls is not routed to the supervisor (start with FAULT_WATCH_ALL).
 */
int fault_sup_add(struct fault_sup *sup, const char *spec,
		  struct fault_error *err);

/* Arm or disarm a rule.  -1 with ENOTSUP for a rule compiled into the
 * kernel, ERANGE for no such rule. */
int fault_sup_arm(struct fault_sup *sup, size_t rule, bool armed);

/* Let a held call go (seq from its event), or every held call (seq 0).
 * Returns how many were released. */
int fault_sup_release(struct fault_sup *sup, uint64_t seq);
size_t fault_sup_nheld(const struct fault_sup *sup);

struct fault_counters {
	uint64_t matched; /* calls that matched the rule's set and if= */
	uint64_t fired;	  /* calls the rule acted on */
	bool in_kernel;	  /* compiled to SCMP_ACT_ERRNO: not counted */
	bool armed;
};
int fault_sup_counters(const struct fault_sup *sup, size_t rule,
		       struct fault_counters *out);

/* "injected 3: mq_timedsend EAGAIN x3" (plus kernel-side rules, delays,
 * signals, holds).  Returns what snprintf returns. */
int fault_sup_summary(const struct fault_sup *sup, char *buf, size_t size);

#endif
