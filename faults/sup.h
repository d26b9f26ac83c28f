/*
 * sup.h - the supervisor's insides, shared by the files that make it.
 *
 * One struct fault_sup per plan: an epoll set (a listener per forked
 * child, a timerfd for delays, pidfds while fault_sup_wait() runs), the
 * state of each rule (armed, counters), the calls it keeps waiting
 * (delayed or held), and what the summary reports.  The filter is built
 * once, at the first fork, and every child loads the same program: the
 * routing of each syscall is then fixed for the supervisor's life.
 *
 * Not a public interface.  See also: faults/fault.h, faults/sup.c,
 * faults/sup_loop.c, faults/sup_notify.c, faults/spawn.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SUP_H
#define MQLAB_SUP_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "faults/counter.h"
#include "faults/fault.h"
#include "faults/filter.h"

enum sup_watch_kind { SUP_LISTENER, SUP_TIMER, SUP_PIDFD };

/* What an epoll event points at. */
struct sup_watch {
	enum sup_watch_kind kind;
	int fd;
	bool killable; /* listener: its filter has WAIT_KILLABLE_RECV */
	struct sup_watch *next; /* the list of listeners */
};

struct sup_rule {
	bool armed;
	bool compiled;	/* armed when the filter was built */
	bool in_kernel; /* some of it is SCMP_ACT_ERRNO: cannot be disarmed */
	uint64_t matched, fired;
	/* count=global counters, one per syscall of the set (as strace
	 * counts each syscall apart), indexed like sysent_table. */
	uint64_t global[32];
};

/* A call the supervisor has decided but not answered yet. */
struct sup_pending {
	struct sup_pending *next;
	uint64_t seq;  /* of its FAULT_ENTER event */
	int fd;	       /* its listener */
	bool killable; /* and whether its wait is killable only */
	uint64_t id;   /* its notification */
	int error;     /* the response: error, val, flags */
	long val;
	uint32_t flags;
	pid_t tgid, tid;
	int signal;
	uint64_t deadline;	/* sup_now_us() to answer at; 0: not delayed */
	bool hold;		/* wait for fault_sup_release() too */
	struct fault_event *ev; /* for the FAULT_RELEASE event, or NULL */
};

/* The summary's lines: injections by (syscall, verdict, value). */
struct sup_tally {
	int call;
	enum fault_verdict verdict;
	long value; /* errno or retval */
	uint64_t n;
};

#define SUP_MAX_SIGNALS 8

struct fault_sup {
	struct fault_plan *plan;
	unsigned flags;
	int epfd;
	struct sup_watch timer;
	struct sup_watch *listeners;
	bool sync_refused; /* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP */

	struct sup_rule *rules;
	size_t nrules, caprules;
	struct counter_table counters;
	bool built; /* filter is fixed */
	struct filter filter;

	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;

	struct sup_pending *pending;
	void (*cb)(const struct fault_event *ev, void *arg);
	void *cb_arg;
	size_t capture;
	uint64_t seq;
	uint64_t start_us;
	struct fault_event ev; /* built for the callback, reused */

	struct sup_tally *tally;
	size_t ntally, captally;
	uint64_t ndelayed, nheld;
	struct {
		int sig;
		uint64_t n;
	} sigs[SUP_MAX_SIGNALS];
	size_t nsigs;
};

/* CLOCK_MONOTONIC in microseconds. */
uint64_t sup_now_us(void);

/* Extend the rule states to every rule of the plan.  -1 with ENOMEM. */
int sup_sync_rules(struct fault_sup *sup);

/* Build the filter from the plan, once.  Returns 0 or -1 with errno. */
int sup_build(struct fault_sup *sup);

/* Add a child's listener to the epoll set; the supervisor owns fd.
 * killable: the filter was loaded with WAIT_KILLABLE_RECV. */
int sup_add_listener(struct fault_sup *sup, int fd, bool killable);

/* Answer p's notification, and signal its caller if p->signal so that
 * the handler runs when this very call returns.  A caller that died
 * meanwhile is no error.  Returns 0 or -1. */
int sup_respond(struct fault_sup *sup, const struct sup_pending *p);

/* A failed answer leaves the caller blocked for good: answer p again
 * with a plain "let the call run".  Returns 0 or -1. */
int sup_respond_plain(struct fault_sup *sup, const struct sup_pending *p);

/* Keep p (malloc'd) waiting; arms the timer for its deadline. */
int sup_pend(struct fault_sup *sup, struct sup_pending *p);

/* Unlink p from the pending calls and append it to the list *tail ends. */
void sup_detach(struct fault_sup *sup, struct sup_pending *p,
		struct sup_pending ***tail);

/*
 * Answer every call of list (built with sup_detach()), then report their
 * FAULT_RELEASE events and free them.  The callbacks run once nobody
 * walks the pending list, so they may call fault_sup_release().
 */
void sup_let_go(struct fault_sup *sup, struct sup_pending *list);

/* Receive one notification from listener w and decide it.  Returns 1
 * when one was handled, 0 when there was none, -1 with errno. */
int sup_notify(struct fault_sup *sup, const struct sup_watch *w);

/* Count an injection for the summary. */
void sup_tally(struct fault_sup *sup, int call, enum fault_verdict verdict,
	       long value);
void sup_tally_signal(struct fault_sup *sup, int sig);

#endif
