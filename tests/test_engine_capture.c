/*
 * test_engine_capture.c - what events say about a call, and how they are
 * printed.
 *
 * Under FAULT_WATCH_ALL every queue call becomes an event even with no
 * rule.  The supervisor decodes it: the queue's name, the priority, the
 * System V id, key and message type, and the first bytes of the message
 * (32 unless set otherwise).  Then the two printers: JSON that escapes
 * anything (quotes, control characters, bytes above 0x7e), and the
 * strace-like line.
 *
 * See also: faults/decode.c, faults/event.c, faults/event_call.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

TestSuite(engine_capture, .init = isolate_or_fail, .timeout = 20);

static const struct fault_event *find(const struct engine_events *evs,
				      const char *syscall)
{
	for (size_t i = 0; i < evs->n; i++)
		if (strcmp(evs->ev[i].syscall, syscall) == 0)
			return &evs->ev[i];
	cr_assert_fail("no %s event", syscall);
	return NULL;
}

Test(engine_capture, mq_timedsend_payload_and_queue_are_decoded)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, FAULT_WATCH_ALL, NULL);
	struct engine_events evs;
	const struct fault_event *ev;
	mqd_t q = engine_queue("/mqlab-cap", 0);
	pid_t pid;

	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0)
		_exit(mq_send(q, "hello, world", 12, 7) == 0 ? 0 : 1);
	engine_wait_ok(sup, pid);
	ev = find(&evs, "mq_timedsend");
	cr_expect_str_eq(ev->queue, "/mqlab-cap");
	cr_expect(ev->has_prio);
	cr_expect_eq(ev->prio, 7);
	cr_expect_eq(ev->len, 12);
	cr_expect_eq(ev->payload_total, 12);
	cr_assert_eq(ev->payload_len, 12);
	cr_expect_eq(memcmp(ev->payload, "hello, world", 12), 0);
	cr_expect_eq(ev->pid, pid);
	cr_expect_eq(ev->tid, pid);
	cr_expect_eq(ev->verdict, FAULT_ALLOW);
	cr_expect_eq(ev->rule, -1);
	cr_expect_eq(ev->msqid, -1);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	mq_close(q);
	mq_unlink("/mqlab-cap");
}

Test(engine_capture, capture_size_limits_the_payload)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, "mq_send:log", NULL);
	struct engine_events evs;
	const struct fault_event *ev;
	mqd_t q = engine_queue("/mqlab-cap", 0);
	pid_t pid;

	engine_record(sup, &evs);
	fault_sup_set_capture(sup, 4);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(mq_send(q, "hello, world", 12, 0) == 0 ? 0 : 1);
	engine_wait_ok(sup, pid);
	ev = find(&evs, "mq_timedsend");
	cr_expect(ev->logged);
	cr_expect_eq(ev->payload_len, 4);
	cr_expect_eq(ev->payload_total, 12);
	cr_expect_eq(memcmp(ev->payload, "hell", 4), 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	mq_close(q);
	mq_unlink("/mqlab-cap");
}

Test(engine_capture, msgsnd_mtype_payload_id_and_key_are_decoded)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, FAULT_WATCH_ALL, NULL);
	struct engine_events evs;
	const struct fault_event *ev;
	int id = msgget(0x4d51, IPC_CREAT | 0600);
	pid_t pid;

	cr_assert_geq(id, 0);
	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct {
			long mtype;
			char text[8];
		} m = {9, "abc"};
		_exit(msgsnd(id, &m, 3, IPC_NOWAIT) == 0 ? 0 : 1);
	}
	engine_wait_ok(sup, pid);
	ev = find(&evs, "msgsnd");
	cr_expect_eq(ev->msqid, id);
	cr_expect_eq(ev->key, 0x4d51);
	cr_expect(ev->has_mtype);
	cr_expect_eq(ev->mtype, 9);
	cr_expect_eq(ev->len, 3);
	cr_expect_eq(ev->flags, IPC_NOWAIT);
	cr_assert_eq(ev->payload_len, 3);
	cr_expect_eq(memcmp(ev->payload, "abc", 3), 0);
	cr_expect_not(ev->has_prio);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	msgctl(id, IPC_RMID, NULL);
}

/* A made-up event, as the supervisor would report an injected EAGAIN. */
static void sample(struct fault_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->seq = 4;
	ev->pid = ev->tid = 123;
	strcpy(ev->comm, "producer");
	ev->call = 2;
	ev->syscall = "mq_timedsend";
	ev->args[0] = 3;
	ev->args[2] = 5;
	ev->args[3] = 1;
	strcpy(ev->queue, "/orders");
	ev->msqid = -1;
	ev->key = -1;
	ev->has_prio = true;
	ev->prio = 1;
	ev->len = 5;
	ev->payload_len = ev->payload_total = 5;
	memcpy(ev->payload, "hello", 5);
	ev->rule = 0;
	ev->rule_text = "mq_send:error=EAGAIN:when=2..3";
	ev->verdict = FAULT_ERROR;
	ev->error = EAGAIN;
}

Test(engine_capture, text_reads_like_strace)
{
	struct fault_event ev;
	char buf[512];

	sample(&ev);
	fault_event_text(&ev, buf, sizeof(buf));
	cr_expect_str_eq(buf, "[pid 123] mq_timedsend(3</orders>, \"hello\", "
			      "5, 1, NULL) = -1 EAGAIN (injected by rule 1: "
			      "mq_send:error=EAGAIN:when=2..3)\n");
	ev.payload_len = 4;
	ev.verdict = FAULT_ALLOW;
	ev.signal = SIGUSR1;
	fault_event_text(&ev, buf, sizeof(buf));
	cr_expect_str_eq(buf,
			 "[pid 123] mq_timedsend(3</orders>, \"hell\"..., "
			 "5, 1, NULL) = ? (rule 1: "
			 "mq_send:error=EAGAIN:when=2..3; then SIGUSR1)\n");
}

Test(engine_capture, json_escapes_every_string)
{
	static const unsigned char bytes[] = {0, 'x', 0xff, '"', '\\', '\n'};
	struct fault_event ev;
	char buf[4096], small[16];
	int n;

	sample(&ev);
	strcpy(ev.comm, "a\"b\\c\t");
	memcpy(ev.payload, bytes, sizeof(bytes));
	ev.payload_len = sizeof(bytes);
	ev.rule_text = "mq_send:if=comm==\"x\"";
	n = fault_event_json(&ev, buf, sizeof(buf));
	cr_assert_eq(n, (int)strlen(buf));
	cr_expect(strstr(buf, "\"comm\":\"a\\\"b\\\\c\\t\""), "%s", buf);
	cr_expect(strstr(buf, "\"payload\":\"\\u0000x\\u00ff\\\"\\\\\\n\""),
		  "%s", buf);
	cr_expect(strstr(buf, "\"payload_hex\":\"0078ff225c0a\""), "%s", buf);
	cr_expect(strstr(buf, "\"rule_text\":\"mq_send:if=comm==\\\"x\\\"\""),
		  "%s", buf);
	cr_expect(strstr(buf, "\"error\":\"EAGAIN\",\"errno\":11"), "%s", buf);
	cr_expect(strstr(buf, "\"queue\":\"/orders\",\"msqid\":null"), "%s",
		  buf);
	cr_expect_eq(strchr(buf, '\n'), buf + n - 1, "one line");
	cr_expect_eq(buf[0], '{');
	cr_expect_eq(buf[n - 2], '}');
	/* Like snprintf: the length it needs, whatever the buffer. */
	cr_expect_eq(fault_event_json(&ev, small, sizeof(small)), n);
	cr_expect_eq(strlen(small), sizeof(small) - 1);
}
