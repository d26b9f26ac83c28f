/*
 * sup.c - the supervisor: its life, and the controls of its rules.
 *
 * A supervisor borrows a plan and keeps, beside each rule, what the plan
 * does not know: whether it is armed, whether the filter put it in the
 * kernel, and its counters.  Rules can be added and disarmed while
 * children run, but only where the filter already sends every call to
 * the supervisor: a rule compiled into the kernel, or a syscall the
 * filter never notifies, is out of reach (ENOTSUP), which is what
 * FAULT_WATCH_ALL is for.
 *
 * See also: faults/sup.h, faults/sup_loop.c, faults/sup_notify.c,
 * faults/spawn.c, docs/engine.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "faults/rule.h"
#include "faults/sup.h"

#define CAPTURE_DEFAULT 32

uint64_t sup_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* Whether the filter (if built) lets every call of calls reach us. */
static bool reachable(const struct fault_sup *sup, uint32_t calls)
{
	return !sup->built || (calls & ~sup->filter.notify_all) == 0;
}

/* Room for n rule states.  Returns 0 or -1 with ENOMEM. */
static int reserve_rules(struct fault_sup *sup, size_t n)
{
	size_t cap = n < 16 ? 16 : n * 2;
	struct sup_rule *v;

	if (n <= sup->caprules)
		return 0;
	v = realloc(sup->rules, cap * sizeof(*v));
	if (!v)
		return -1;
	sup->rules = v;
	sup->caprules = cap;
	return 0;
}

int sup_sync_rules(struct fault_sup *sup)
{
	size_t n = fault_plan_size(sup->plan);

	if (reserve_rules(sup, n) < 0)
		return -1;
	for (; sup->nrules < n; sup->nrules++) {
		const struct rule *r = plan_rule(sup->plan, sup->nrules);
		struct sup_rule *sr = &sup->rules[sup->nrules];

		memset(sr, 0, sizeof(*sr));
		sr->armed = reachable(sup, r->calls);
	}
	return 0;
}

int sup_build(struct fault_sup *sup)
{
	bool *armed;
	int ret;

	if (sup->built)
		return 0;
	if (sup_sync_rules(sup) < 0)
		return -1;
	armed = calloc(sup->nrules + 1, sizeof(*armed));
	if (!armed)
		return -1;
	for (size_t i = 0; i < sup->nrules; i++)
		armed[i] = sup->rules[i].armed;
	ret = filter_build(&sup->filter, sup->plan, sup->nrules, armed,
			   sup->flags & FAULT_WATCH_ALL);
	free(armed);
	if (ret < 0)
		return -1;
	for (size_t i = 0; i < sup->nrules; i++) {
		struct sup_rule *sr = &sup->rules[i];
		uint32_t calls = plan_rule(sup->plan, i)->calls;

		sr->compiled = sr->armed;
		sr->in_kernel =
			sr->armed && filter_in_kernel(&sup->filter, calls);
	}
	sup->built = true;
	return 0;
}

static int notif_buffers(struct fault_sup *sup)
{
	struct seccomp_notif_sizes sizes;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return -1;
	/* The kernel's structs may be bigger than our headers' (newer
	 * kernel), never smaller than what we read. */
	sup->req_size = sizes.seccomp_notif > sizeof(*sup->req)
				? sizes.seccomp_notif
				: sizeof(*sup->req);
	sup->resp_size = sizes.seccomp_notif_resp > sizeof(*sup->resp)
				 ? sizes.seccomp_notif_resp
				 : sizeof(*sup->resp);
	sup->req = calloc(1, sup->req_size);
	sup->resp = calloc(1, sup->resp_size);
	return sup->req && sup->resp ? 0 : -1;
}

struct fault_sup *fault_sup_new(struct fault_plan *plan, unsigned flags)
{
	struct fault_sup *sup;
	struct epoll_event ev = {.events = EPOLLIN};

	if (!plan) {
		errno = EINVAL;
		return NULL;
	}
	sup = calloc(1, sizeof(*sup));
	if (!sup)
		return NULL;
	sup->plan = plan;
	sup->flags = flags;
	sup->capture = CAPTURE_DEFAULT;
	sup->start_us = sup_now_us();
	sup->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sup->epfd < 0)
		goto out_free;
	sup->timer.kind = SUP_TIMER;
	sup->timer.fd =
		timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (sup->timer.fd < 0)
		goto out_epoll;
	ev.data.ptr = &sup->timer;
	if (epoll_ctl(sup->epfd, EPOLL_CTL_ADD, sup->timer.fd, &ev) < 0)
		goto out_timer;
	if (notif_buffers(sup) < 0 || sup_sync_rules(sup) < 0)
		goto out_buffers;
	return sup;
out_buffers:
	free(sup->req);
	free(sup->resp);
	free(sup->rules);
out_timer:
	close(sup->timer.fd);
out_epoll:
	close(sup->epfd);
out_free:
	free(sup);
	return NULL;
}

void fault_sup_free(struct fault_sup *sup)
{
	int saved = errno;

	if (!sup)
		return;
	/* Calls still waiting run as made: nobody is left to answer them. */
	while (sup->pending) {
		struct sup_pending *p = sup->pending;
		sup->pending = p->next;
		p->error = 0;
		p->val = 0;
		p->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		p->signal = 0;
		sup_respond(sup, p);
		free(p->ev);
		free(p);
	}
	while (sup->listeners) {
		struct sup_watch *w = sup->listeners;
		sup->listeners = w->next;
		close(w->fd);
		free(w);
	}
	close(sup->timer.fd);
	close(sup->epfd);
	filter_free(&sup->filter);
	counter_free(&sup->counters);
	free(sup->req);
	free(sup->resp);
	free(sup->rules);
	free(sup->tally);
	free(sup);
	errno = saved;
}

int fault_sup_fd(const struct fault_sup *sup)
{
	return sup->epfd;
}

void fault_sup_on_event(struct fault_sup *sup,
			void (*cb)(const struct fault_event *ev, void *arg),
			void *arg)
{
	sup->cb = cb;
	sup->cb_arg = arg;
}

void fault_sup_set_capture(struct fault_sup *sup, size_t bytes)
{
	sup->capture = bytes > FAULT_PAYLOAD_MAX ? FAULT_PAYLOAD_MAX : bytes;
}

bool fault_sup_sync_wakeup(const struct fault_sup *sup)
{
	return !sup->sync_refused;
}

/* The syscalls of spec, learnt from a plan of its own: the real plan can
 * append a rule but never take one back. */
static int spec_calls(const char *spec, struct fault_error *err,
		      uint32_t *calls)
{
	struct fault_plan *scratch = fault_plan_new();
	int ret = -1;

	if (!scratch)
		return -1;
	if (fault_plan_add(scratch, spec, err) >= 0) {
		*calls = plan_rule(scratch, 0)->calls;
		ret = 0;
	}
	fault_plan_free(scratch);
	return ret;
}

int fault_sup_add(struct fault_sup *sup, const char *spec,
		  struct fault_error *err)
{
	uint32_t calls;
	int index;

	/* Room for the new rule's state first: once in the plan, the rule
	 * cannot be taken back, so nothing may fail after that. */
	if (sup_sync_rules(sup) < 0 ||
	    reserve_rules(sup, fault_plan_size(sup->plan) + 1) < 0)
		return -1;
	if (sup->built) {
		if (spec_calls(spec, err, &calls) < 0)
			return -1;
		if (!reachable(sup, calls)) {
			errno = ENOTSUP;
			return -1;
		}
	}
	index = fault_plan_add(sup->plan, spec, err);
	if (index < 0)
		return -1;
	sup_sync_rules(sup); /* cannot fail: the room is reserved */
	return index;
}

int fault_sup_arm(struct fault_sup *sup, size_t rule, bool armed)
{
	struct sup_rule *sr;

	if (sup_sync_rules(sup) < 0)
		return -1;
	if (rule >= sup->nrules) {
		errno = ERANGE;
		return -1;
	}
	sr = &sup->rules[rule];
	if (sr->in_kernel) {
		if (armed)
			return 0;
		errno = ENOTSUP;
		return -1;
	}
	if (armed && !sr->compiled &&
	    !reachable(sup, plan_rule(sup->plan, rule)->calls)) {
		errno = ENOTSUP;
		return -1;
	}
	sr->armed = armed;
	return 0;
}

int fault_sup_release(struct fault_sup *sup, uint64_t seq)
{
	struct sup_pending *p, *next, *ready = NULL, **tail = &ready;
	int n = 0;

	for (p = sup->pending; p; p = next) {
		next = p->next;
		if (!p->hold || (seq && p->seq != seq))
			continue;
		p->hold = false;
		n++;
		if (!p->deadline)
			sup_detach(sup, p, &tail);
	}
	sup_let_go(sup, ready);
	return n;
}

size_t fault_sup_nheld(const struct fault_sup *sup)
{
	size_t n = 0;

	for (const struct sup_pending *p = sup->pending; p; p = p->next)
		n += p->hold;
	return n;
}

int fault_sup_counters(const struct fault_sup *sup, size_t rule,
		       struct fault_counters *out)
{
	const struct rule *r;

	memset(out, 0, sizeof(*out));
	if (rule < sup->nrules) {
		out->matched = sup->rules[rule].matched;
		out->fired = sup->rules[rule].fired;
		out->in_kernel = sup->rules[rule].in_kernel;
		out->armed = sup->rules[rule].armed;
		return 0;
	}
	if (rule >= fault_plan_size(sup->plan)) {
		errno = ERANGE;
		return -1;
	}
	/* Appended to the plan since we last looked: as sync would set it. */
	r = plan_rule(sup->plan, rule);
	out->armed = reachable(sup, r->calls);
	return 0;
}
