/*
 * sup_notify.c - decide one intercepted call.
 *
 * The rules of the plan are walked in order.  Every armed rule whose
 * syscall set and if= match counts the call (globally, per process or
 * per thread; each syscall of the set apart, as strace does, so that
 * "mq_send,msgsnd:when=3" means the third of each); the first one whose
 * when= and prob= select it acts; log rules only mark the event.  Then
 * the call is answered at once, or kept waiting (delay_enter, hold) and
 * answered from the loop later.  A signal goes with the answer (see
 * sup_respond()), so that the handler runs when the call it was injected
 * into returns.  An answer the kernel refuses is sent again as a plain
 * "let it run": a call never answered would block its caller for good.
 *
 * This is the path every notification takes, so it stays cheap: nothing
 * is allocated and /proc is not read unless a rule's predicate, its count
 * scope or the event callback needs it.
 *
 * See also: faults/sup.h, faults/decode.c, faults/rule.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "faults/decode.h"
#include "faults/rule.h"
#include "faults/sup.h"
#include "faults/sysent.h"

/* The decision taken for one call. */
struct verdict {
	int rule; /* acting rule, or -1 */
	bool logged;
};

static int row_of_nr(int nr)
{
	for (int c = 0; c < sysent_count; c++)
		if (sysent_table[c].nr == nr)
			return c;
	return -1;
}

static uint64_t *counter_of(struct fault_sup *sup, size_t i,
			    const struct rule *r, struct decode *d)
{
	size_t key = i * (size_t)sysent_count + (size_t)d->call;

	switch (r->count) {
	case RULE_COUNT_PROCESS:
		return counter_get(&sup->counters, key, decode_tgid(d));
	case RULE_COUNT_THREAD:
		return counter_get(&sup->counters, key, d->tid);
	default:
		return &sup->rules[i].global[d->call];
	}
}

static struct verdict decide(struct fault_sup *sup, struct decode *d)
{
	struct pred_env env = {d->call, d->args, decode_get, d};
	struct verdict v = {-1, false};
	uint32_t bit = 1u << d->call;

	for (size_t i = 0; i < sup->nrules; i++) {
		struct sup_rule *sr = &sup->rules[i];
		const struct rule *r;
		uint64_t *n;

		if (!sr->armed)
			continue;
		r = plan_rule(sup->plan, i);
		if (!(r->calls & bit) || (r->pred && !pred_eval(r->pred, &env)))
			continue;
		n = counter_of(sup, i, r, d);
		if (!n)
			continue; /* out of memory: uncounted, never acts */
		++*n;
		sr->matched++;
		if (r->log) {
			v.logged = true;
			continue;
		}
		if (v.rule >= 0 || !rule_when_selects(r, *n))
			continue;
		if (r->has_prob &&
		    !rule_prob_selects(r, fault_plan_seed(sup->plan), i, *n))
			continue;
		v.rule = (int)i;
		sr->fired++;
	}
	return v;
}

/* The event's decision part; its call part comes from decode_event(). */
static void describe(struct fault_sup *sup, struct fault_event *ev,
		     uint64_t seq, const struct verdict *v,
		     const struct rule *r)
{
	ev->seq = seq;
	ev->usec = sup_now_us() - sup->start_us;
	ev->phase = FAULT_ENTER;
	ev->rule = v->rule;
	ev->rule_text = r ? r->text : NULL;
	ev->verdict = FAULT_ALLOW;
	ev->error = 0;
	ev->retval = 0;
	if (r && r->action == RULE_ERROR)
		ev->verdict = FAULT_ERROR, ev->error = r->error;
	if (r && r->action == RULE_RETVAL)
		ev->verdict = FAULT_RETVAL, ev->retval = r->retval;
	ev->signal = r ? r->signal : 0;
	ev->delay_us = r ? r->delay_us : 0;
	ev->held = r && r->hold;
	ev->logged = v->logged;
}

/* Keep the call waiting; the loop answers it.  Returns 0 or -1. */
static int keep_waiting(struct fault_sup *sup, struct sup_pending *p,
			const struct rule *r)
{
	struct sup_pending *copy = malloc(sizeof(*copy));

	if (!copy)
		return -1;
	*copy = *p;
	copy->hold = r->hold;
	copy->deadline = r->delay_us ? sup_now_us() + r->delay_us : 0;
	copy->ev = NULL;
	if (sup->cb) {
		copy->ev = malloc(sizeof(*copy->ev));
		if (!copy->ev) {
			free(copy);
			return -1;
		}
		*copy->ev = sup->ev;
	}
	if (r->delay_us)
		sup->ndelayed++;
	if (r->hold)
		sup->nheld++;
	if (sup_pend(sup, copy) < 0) {
		free(copy->ev);
		free(copy);
		return -1;
	}
	return 0;
}

/* The answer r gives (none: let the call run). */
static void answer_of(const struct rule *r, struct sup_pending *p)
{
	p->error = 0;
	p->val = 0;
	p->flags = 0;
	if (r && r->action == RULE_ERROR)
		p->error = -r->error;
	else if (r && r->action == RULE_RETVAL)
		p->val = r->retval;
	else
		p->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
}

int sup_notify(struct fault_sup *sup, const struct sup_watch *w)
{
	struct seccomp_notif *req = sup->req;
	struct sup_pending p = {0};
	const struct rule *r = NULL;
	struct verdict v = {-1, false};
	struct decode d;
	int call;

	memset(req, 0, sup->req_size);
	if (ioctl(w->fd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return errno == ENOENT || errno == EINTR ? 0 : -1;
	p.seq = ++sup->seq;
	p.fd = w->fd;
	p.killable = w->killable;
	p.id = req->id;
	p.tid = (pid_t)req->pid;
	call = row_of_nr(req->data.nr);
	if (call >= 0) {
		/* Out of memory, the new rules wait for the next call: the
		 * counters must not be read past what was allocated. */
		if (sup->nrules < fault_plan_size(sup->plan))
			(void)sup_sync_rules(sup);
		decode_init(&d, w->fd, req->id, p.tid, call,
			    (const uint64_t *)req->data.args);
		v = decide(sup, &d);
	}
	if (v.rule >= 0)
		r = plan_rule(sup->plan, (size_t)v.rule);
	answer_of(r, &p);
	if (r && r->signal) {
		p.signal = r->signal;
		p.tgid = decode_tgid_known(&d);
		sup_tally_signal(sup, r->signal);
	}
	if (r && r->action != RULE_NONE)
		sup_tally(sup, call,
			  r->action == RULE_ERROR ? FAULT_ERROR : FAULT_RETVAL,
			  r->action == RULE_ERROR ? r->error : r->retval);
	if (sup->cb && call >= 0) {
		decode_event(&d, &sup->ev, sup->capture);
		describe(sup, &sup->ev, p.seq, &v, r);
	}
	/* Without memory to keep it waiting, the call is answered now
	 * rather than never. */
	if (!r || !(r->delay_us || r->hold) || keep_waiting(sup, &p, r) < 0) {
		if (sup_respond(sup, &p) < 0 && sup_respond_plain(sup, &p) < 0)
			return -1;
	}
	if (sup->cb && call >= 0)
		sup->cb(&sup->ev, sup->cb_arg);
	return 1;
}
