/*
 * engine.c - helpers for the fault engine's behaviour tests.
 *
 * See also: tests/helpers/engine.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

struct fault_sup *engine_sup(struct fault_plan **plan, unsigned flags, ...)
{
	struct fault_error err;
	struct fault_sup *sup;
	const char *spec;
	va_list ap;

	*plan = fault_plan_new();
	cr_assert_not_null(*plan);
	va_start(ap, flags);
	while ((spec = va_arg(ap, const char *)) != NULL)
		cr_assert_geq(fault_plan_add(*plan, spec, &err), 0,
			      "spec %s: %s", spec, err.message);
	va_end(ap);
	sup = fault_sup_new(*plan, flags);
	cr_assert_not_null(sup, "fault_sup_new: %s", strerror(errno));
	return sup;
}

static void record(const struct fault_event *ev, void *arg)
{
	struct engine_events *evs = arg;

	if (evs->n == evs->cap) {
		evs->cap = evs->cap ? evs->cap * 2 : 16;
		evs->ev = realloc(evs->ev, evs->cap * sizeof(*evs->ev));
		cr_assert_not_null(evs->ev);
	}
	evs->ev[evs->n++] = *ev;
}

void engine_record(struct fault_sup *sup, struct engine_events *evs)
{
	memset(evs, 0, sizeof(*evs));
	fault_sup_on_event(sup, record, evs);
}

void engine_events_free(struct engine_events *evs)
{
	free(evs->ev);
	memset(evs, 0, sizeof(*evs));
}

size_t engine_count(const struct engine_events *evs, const char *syscall)
{
	size_t n = 0;

	for (size_t i = 0; i < evs->n; i++)
		if (evs->ev[i].phase == FAULT_ENTER &&
		    strcmp(evs->ev[i].syscall, syscall) == 0)
			n++;
	return n;
}

void *engine_shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	cr_assert_neq(p, MAP_FAILED, "mmap: %s", strerror(errno));
	return p;
}

void engine_wait_ok(struct fault_sup *sup, pid_t pid)
{
	int status = -1;

	cr_assert_eq(fault_sup_wait(sup, pid, &status), 0, "fault_sup_wait: %s",
		     strerror(errno));
	cr_assert(WIFEXITED(status), "child died: status %#x", status);
	cr_assert_eq(WEXITSTATUS(status), 0, "child exited with %d",
		     WEXITSTATUS(status));
}

mqd_t engine_queue(const char *name, int extra_flags)
{
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = 64};
	mqd_t q = mq_open(name, O_CREAT | O_RDWR | extra_flags, 0600, &attr);

	cr_assert_neq(q, (mqd_t)-1, "mq_open %s: %s", name, strerror(errno));
	return q;
}

void engine_sends(mqd_t q, int n, unsigned prio, int *results)
{
	char buf[64];

	for (int i = 0; i < n; i++) {
		results[i] = mq_send(q, "m", 1, prio) == 0 ? 0 : errno;
		if (results[i] == 0)
			mq_receive(q, buf, sizeof(buf), NULL);
	}
}

const char *engine_prog(const char *name, char *buf, size_t size)
{
	const char *dir = getenv("MQLAB_PROGS");

	snprintf(buf, size, "%s/%s", dir ? dir : "build/tests/progs", name);
	return buf;
}
