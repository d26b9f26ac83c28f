/*
 * sup_loop.c - the supervisor's event loop: listeners, timer, waiting.
 *
 * One epoll set holds a seccomp listener per forked child and a timerfd;
 * fault_sup_wait() adds the pidfd of the child it waits for.  The loop
 * never sleeps on anyone's behalf: a delayed call is answered when the
 * timer (armed for the earliest deadline) fires, a held one when
 * fault_sup_release() says so.  A listener that hangs up has no task
 * left that could use it, so it is closed with whatever still waits on
 * it.
 *
 * See also: faults/sup.h, faults/sup_notify.c, faults/sup.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/sup.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1
#endif

#define BATCH	     16
#define DISPATCH_MAX 4096 /* then give the caller's loop its turn */

int sup_add_listener(struct fault_sup *sup, int fd, bool killable)
{
	struct sup_watch *w = calloc(1, sizeof(*w));
	struct epoll_event ev = {.events = EPOLLIN};

	if (!w)
		return -1;
	w->kind = SUP_LISTENER;
	w->fd = fd;
	w->killable = killable;
	/* Wake the caller on our CPU when we answer: a notification then
	 * costs two context switches instead of two cross-CPU wakeups. */
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		  (unsigned long)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) < 0)
		sup->sync_refused = true;
	ev.data.ptr = w;
	if (epoll_ctl(sup->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(w);
		return -1;
	}
	w->next = sup->listeners;
	sup->listeners = w;
	return 0;
}

static void drop_listener(struct fault_sup *sup, struct sup_watch *w)
{
	struct sup_watch **wp;
	struct sup_pending **pp = &sup->pending;

	/* Its tasks are gone: their calls need no answer. */
	while (*pp) {
		struct sup_pending *p = *pp;
		if (p->fd == w->fd) {
			*pp = p->next;
			free(p->ev);
			free(p);
		} else {
			pp = &p->next;
		}
	}
	for (wp = &sup->listeners; *wp; wp = &(*wp)->next)
		if (*wp == w) {
			*wp = w->next;
			break;
		}
	epoll_ctl(sup->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	close(w->fd);
	free(w);
}

static void send_signal(const struct sup_pending *p)
{
	if (p->tgid > 0)
		syscall(SYS_tgkill, p->tgid, p->tid, p->signal);
	else
		syscall(SYS_tkill, p->tid, p->signal);
}

/*
 * The signal must be pending when the answered call returns to user
 * space, not arrive during the caller's next call.  When the caller's
 * wait is killable only (WAIT_KILLABLE_RECV, Linux 5.19), the signal can
 * go first: it cannot interrupt the notification we already received.
 * Otherwise it must go after the answer (a signal during the wait would
 * restart the call under a new id), and may land a call late.
 */
int sup_respond(struct fault_sup *sup, const struct sup_pending *p)
{
	struct seccomp_notif_resp *resp = sup->resp;

	if (p->signal && p->killable)
		send_signal(p);
	memset(resp, 0, sup->resp_size);
	resp->id = p->id;
	resp->error = p->error;
	resp->val = p->val;
	resp->flags = p->flags;
	if (ioctl(p->fd, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0)
		return errno == ENOENT ? 0 : -1;
	if (p->signal && !p->killable)
		send_signal(p);
	return 0;
}

int sup_respond_plain(struct fault_sup *sup, const struct sup_pending *p)
{
	struct sup_pending plain = *p;

	plain.error = 0;
	plain.val = 0;
	plain.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	plain.signal = 0;
	return sup_respond(sup, &plain);
}

/* Arm the timer for the earliest deadline, or disarm it. */
static void rearm(struct fault_sup *sup)
{
	struct itimerspec its = {0};
	uint64_t first = 0;

	for (struct sup_pending *p = sup->pending; p; p = p->next)
		if (p->deadline && (!first || p->deadline < first))
			first = p->deadline;
	if (first) {
		its.it_value.tv_sec = (time_t)(first / 1000000);
		its.it_value.tv_nsec = (long)(first % 1000000) * 1000;
	}
	timerfd_settime(sup->timer.fd, TFD_TIMER_ABSTIME, &its, NULL);
}

int sup_pend(struct fault_sup *sup, struct sup_pending *p)
{
	struct sup_pending **pp = &sup->pending;

	while (*pp)
		pp = &(*pp)->next;
	p->next = NULL;
	*pp = p;
	if (p->deadline)
		rearm(sup);
	return 0;
}

void sup_detach(struct fault_sup *sup, struct sup_pending *p,
		struct sup_pending ***tail)
{
	struct sup_pending **pp;

	for (pp = &sup->pending; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	p->next = NULL;
	**tail = p;
	*tail = &p->next;
}

void sup_let_go(struct fault_sup *sup, struct sup_pending *list)
{
	struct sup_pending *p, *next;

	for (p = list; p; p = p->next)
		if (sup_respond(sup, p) < 0)
			sup_respond_plain(sup, p);
	for (p = list; p; p = next) {
		next = p->next;
		if (p->ev && sup->cb) {
			p->ev->phase = FAULT_RELEASE;
			p->ev->usec = sup_now_us() - sup->start_us;
			sup->cb(p->ev, sup->cb_arg);
		}
		free(p->ev);
		free(p);
	}
}

static int on_timer(struct fault_sup *sup)
{
	uint64_t expirations, now = sup_now_us();
	struct sup_pending *p, *next, *due = NULL, **tail = &due;
	int n = 0;

	if (read(sup->timer.fd, &expirations, sizeof(expirations)) < 0 &&
	    errno != EAGAIN)
		return -1;
	for (p = sup->pending; p; p = next) {
		next = p->next;
		if (!p->deadline || p->deadline > now)
			continue;
		p->deadline = 0;
		n++;
		if (!p->hold)
			sup_detach(sup, p, &tail);
	}
	rearm(sup);
	sup_let_go(sup, due);
	return n;
}

/* Handle one epoll event.  *target is set when it is the pidfd waited
 * for.  Returns the number handled, or -1. */
static int handle(struct fault_sup *sup, const struct epoll_event *e,
		  bool *target)
{
	struct sup_watch *w = e->data.ptr;
	int n = 0;

	switch (w->kind) {
	case SUP_TIMER:
		return on_timer(sup);
	case SUP_PIDFD:
		*target = true;
		return 0;
	case SUP_LISTENER:
		break;
	}
	if (e->events & EPOLLIN) {
		n = sup_notify(sup, w);
		if (n < 0)
			return -1;
	}
	if ((e->events & (EPOLLHUP | EPOLLERR)) && !(e->events & EPOLLIN))
		drop_listener(sup, w);
	return n;
}

int fault_sup_dispatch(struct fault_sup *sup)
{
	struct epoll_event ev[BATCH];
	bool target = false;
	int total = 0;

	while (total < DISPATCH_MAX) {
		int n = epoll_wait(sup->epfd, ev, BATCH, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		for (int i = 0; i < n; i++) {
			int r = handle(sup, &ev[i], &target);
			if (r < 0)
				return -1;
			total += r;
		}
	}
	return total;
}

int fault_sup_wait(struct fault_sup *sup, pid_t pid, int *status)
{
	struct sup_watch w = {.kind = SUP_PIDFD};
	struct epoll_event ev[BATCH] = {{.events = EPOLLIN}};
	bool target = false;
	int ret = -1, saved;

	w.fd = pidfd_open(pid, 0);
	if (w.fd < 0)
		return -1;
	ev[0].data.ptr = &w;
	if (epoll_ctl(sup->epfd, EPOLL_CTL_ADD, w.fd, &ev[0]) < 0)
		goto out_close;
	while (!target) {
		int n = epoll_wait(sup->epfd, ev, BATCH, -1);

		if (n < 0)
			goto out_del; /* EINTR included: the caller decides */
		for (int i = 0; i < n; i++)
			if (handle(sup, &ev[i], &target) < 0)
				goto out_del;
	}
	ret = 0;
out_del:
	saved = errno;
	epoll_ctl(sup->epfd, EPOLL_CTL_DEL, w.fd, NULL);
	errno = saved;
out_close:
	saved = errno;
	close(w.fd);
	errno = saved;
	if (ret == 0) {
		while ((ret = waitpid(pid, status, 0)) < 0 && errno == EINTR)
			;
		ret = ret < 0 ? -1 : 0;
	}
	return ret;
}
