/*
 * test_tui_scan.c - the scanners: what the kernel says, read as it is.
 *
 * The POSIX listing follows queues as they come and go, and follows the
 * caller into another IPC namespace; looking at a queue never changes
 * it.
 *
 * See also: tui/scan_posix.h, tui/scan_sysv.h, tests/test_tui_model.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <string.h>
#include <sys/msg.h>

#include "tests/helpers/isolate.h"
#include "tui/scan_posix.h"
#include "tui/scan_sysv.h"

TestSuite(tui_scan, .init = isolate_or_fail, .timeout = 20);

static mqd_t late_queue(void)
{
	struct mq_attr attr = {.mq_maxmsg = 3, .mq_msgsize = 16};
	mqd_t q;

	q = mq_open("/mqlab-test-late", O_CREAT | O_RDWR, 0600, &attr);
	cr_assert(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	cr_assert(mq_send(q, "x", 1, 0) == 0);
	return q;
}

Test(tui_scan, posix_listing_follows_queues_made_and_removed_later)
{
	struct scan_posix s;
	mqd_t mq;

	scan_posix_init(&s);
	cr_assert(scan_posix_read(&s) == 0, "%s", strerror(errno));
	cr_expect_null(scan_posix_find(&s, "/mqlab-test-late"));
	mq = late_queue();
	cr_assert(scan_posix_read(&s) == 0);
	cr_assert_not_null(scan_posix_find(&s, "/mqlab-test-late"));
	cr_expect_eq(scan_posix_find(&s, "/mqlab-test-late")->curmsgs, 1);
	mq_close(mq);
	mq_unlink("/mqlab-test-late");
	cr_assert(scan_posix_read(&s) == 0);
	cr_expect_null(scan_posix_find(&s, "/mqlab-test-late"));
	scan_posix_free(&s);
}

Test(tui_scan, posix_listing_follows_the_caller_into_another_namespace)
{
	struct scan_posix s;
	mqd_t mq;

	scan_posix_init(&s);
	mq = late_queue();
	cr_assert(scan_posix_read(&s) == 0, "%s", strerror(errno));
	cr_assert_not_null(scan_posix_find(&s, "/mqlab-test-late"));
	cr_assert(unshare(CLONE_NEWIPC) == 0, "%s", strerror(errno));
	cr_assert(scan_posix_read(&s) == 0, "%s", strerror(errno));
	cr_expect_null(scan_posix_find(&s, "/mqlab-test-late"),
		       "the old namespace's queue is still listed");
	cr_expect_eq(s.n, 0);
	mq_close(mq);
	scan_posix_free(&s);
}

Test(tui_scan, peeking_sysv_messages_leaves_the_queue_as_it_was)
{
	struct scan_sysv_message m[4];
	struct msqid_ds before, after;
	const struct scan_sysv_queue *q;
	struct scan_sysv s = {0};
	struct {
		long mtype;
		char text[8];
	} msg = {9, "abc"};
	int id;

	id = msgget(0x6d710007, IPC_CREAT | 0600);
	cr_assert(id >= 0);
	cr_assert(msgsnd(id, &msg, 3, 0) == 0);
	cr_assert(msgsnd(id, &msg, 3, 0) == 0);
	cr_assert(msgctl(id, IPC_STAT, &before) == 0);
	cr_assert(scan_sysv_read(&s) == 0);
	q = scan_sysv_find(&s, id);
	cr_assert_not_null(q);
	cr_expect_eq(q->qnum, 2);
	cr_expect_eq(q->cbytes, 6);
	cr_expect_eq(q->qbytes, (long)before.msg_qbytes);
	cr_assert_eq(scan_sysv_peek(q, 0, 4, m), 2);
	cr_expect_eq(m[1].mtype, 9);
	cr_expect_eq(m[1].len, 3);
	cr_expect(memcmp(m[1].head, "abc", 3) == 0);
	cr_assert(msgctl(id, IPC_STAT, &after) == 0);
	cr_expect_eq(after.msg_qnum, 2);
	cr_expect_eq(after.msg_lrpid, before.msg_lrpid,
		     "MSG_COPY counted as a receive");
	scan_sysv_free(&s);
}
