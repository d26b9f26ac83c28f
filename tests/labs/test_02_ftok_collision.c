/*
 * test_02_ftok_collision.c - lab 02's graded checks: open_own_queue().
 *
 * Each check works in a fresh directory of its own, makes real ftok()
 * collisions there with collide_files() (two different files, one key)
 * or shares one file between two applications, plays "the other
 * application" itself with the naive msgget(key, IPC_CREAT), and runs the
 * student's function in children through check_run().  Every child is a
 * new process, so "restart" is a real one: nothing survives but files
 * and queues.  EEXIST and ENOSPC come from the fault engine, on chosen
 * msgget() calls, so no check depends on timing.
 *
 * Run: build/libexec/mqlab/02-ftok-collision/check-solution --short-filename
 *
 * See also: labs/02-ftok-collision/lab.c (points and hints),
 *           labs/02-ftok-collision/ftok_collision.h, tests/labs/check.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>

#include "faults/fault.h"
#include "labs/02-ftok-collision/ftok_collision.h"
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

#define PROJ	 'A'
#define CHILD_MS 2000

/* Every test's own directory, in its own /tmp (a fresh tmpfs, see
 * tests/helpers/isolate.h): gone with the test, however it ends. */
#define WORKDIR "/tmp/mqlab-02-check"

static void isolate_with_workdir(void)
{
	isolate_or_fail();
	cr_assert(mkdir(WORKDIR, 0700) == 0, "mkdir %s: %s", WORKDIR,
		  strerror(errno));
}

TestSuite(lab, .init = isolate_with_workdir, .timeout = 10);

/* One application: its key file and id file in WORKDIR/NAME/. */
struct appdir {
	char keyfile[PATH_MAX + 64];
	char idfile[PATH_MAX + 64];
	struct app app;
};

/* WORKDIR/name/app.conf (created when create is set) and its id file. */
static void app_at(struct appdir *a, const char *name, bool create)
{
	char dir[PATH_MAX + 32];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%s", WORKDIR, name);
	cr_assert(mkdir(dir, 0700) == 0 || errno == EEXIST, "mkdir %s: %s", dir,
		  strerror(errno));
	snprintf(a->keyfile, sizeof(a->keyfile), "%s/app.conf", dir);
	snprintf(a->idfile, sizeof(a->idfile), "%s/queue.id", dir);
	a->app = (struct app){a->keyfile, PROJ, a->idfile};
	if (create) {
		f = fopen(a->keyfile, "a");
		cr_assert_not_null(f, "%s: %s", a->keyfile, strerror(errno));
		fclose(f);
	}
}

/* Two applications whose different key files give one key. */
static void colliding_apps(struct appdir *a, struct appdir *b)
{
	struct stat sa, sb;

	cr_assert_eq(collide_files(WORKDIR, "a", "b"), 0,
		     "test setup: collide_files: %s (no collision in %s)",
		     strerror(errno), WORKDIR);
	app_at(a, "a", false);
	app_at(b, "b", false);
	cr_assert(stat(a->keyfile, &sa) == 0 && stat(b->keyfile, &sb) == 0);
	cr_assert_neq(sa.st_ino, sb.st_ino);
	cr_assert_eq(ftok(a->keyfile, PROJ), ftok(b->keyfile, PROJ),
		     "no collision between %s and %s", a->keyfile, b->keyfile);
}

/* Two applications that use one key file, each with its own record:
 * their key is taken as surely as by a collision, at no cost. */
static void sharing_apps(struct appdir *a, struct appdir *b)
{
	app_at(a, "shared", true);
	app_at(b, "shared", true);
	snprintf(b->idfile, sizeof(b->idfile), "%s/shared/second.id", WORKDIR);
	b->app.idfile = b->idfile;
}

/* The other application: msgget(key, IPC_CREAT) and one message in it. */
static int naive_queue(const struct appdir *a)
{
	struct {
		long mtype;
		char text[32];
	} m = {1, "the other application's"};
	key_t key = ftok(a->keyfile, PROJ);
	int id;

	cr_assert_neq(key, (key_t)-1, "ftok: %s", strerror(errno));
	id = msgget(key, IPC_CREAT | 0600);
	cr_assert_geq(id, 0, "msgget: %s", strerror(errno));
	cr_assert_eq(msgsnd(id, &m, sizeof(m.text), 0), 0, "msgsnd: %s",
		     strerror(errno));
	return id;
}

/* Messages in queue id, or -1 when it does not exist. */
static long queued(int id)
{
	struct msqid_ds ds;

	if (msgctl(id, IPC_STAT, &ds) < 0)
		return -1;
	return (long)ds.msg_qnum;
}

static key_t key_of(int id)
{
	struct msqid_ds ds;

	cr_assert_eq(msgctl(id, IPC_STAT, &ds), 0, "msgctl(%d): %s", id,
		     strerror(errno));
	return ds.msg_perm.__key;
}

/* How many queues exist in this test's IPC namespace. */
static int queues(void)
{
	struct msginfo info;

	cr_assert_geq(msgctl(0, MSG_INFO, (struct msqid_ds *)&info), 0,
		      "msgctl(MSG_INFO): %s", strerror(errno));
	return info.msgpool;
}

/* What one call of open_own_queue() in a child gave back. */
struct opened {
	int id;
	int err;
};

/* A job for the child: open, then send `send` messages "tag #i". */
struct job {
	const struct app *app;
	const char *tag;
	int send;
};

static void open_in_child(void *arg, struct check_out *out)
{
	const struct job *job = arg;
	struct {
		long mtype;
		char text[32];
	} m;
	struct opened o;

	errno = 0;
	o.id = open_own_queue(job->app);
	o.err = errno;
	for (int i = 1; o.id >= 0 && i <= job->send; i++) {
		m.mtype = 1;
		snprintf(m.text, sizeof(m.text), "%s #%d", job->tag, i);
		if (msgsnd(o.id, &m, sizeof(m.text), IPC_NOWAIT) < 0)
			break;
	}
	memcpy(out->data, &o, sizeof(o));
	out->len = sizeof(o);
}

/* One start of an application, in a new process (under sup if given). */
static struct opened start(struct fault_sup *sup, const struct appdir *a,
			   const char *tag, int send)
{
	struct job job = {&a->app, tag, send};
	struct check_result res;
	struct opened o;

	cr_assert_eq(check_run(sup, open_in_child, &job, CHILD_MS, &res), 0,
		     "check_run: %s", strerror(errno));
	check_assert_returned(&res);
	cr_assert_eq(res.out.len, sizeof(o));
	memcpy(&o, res.out.data, sizeof(o));
	return o;
}

static void assert_opened(struct opened o, const char *what)
{
	cr_assert_geq(o.id, 0, "%s: open_own_queue returned -1 (%s)", what,
		      strerror(o.err));
	cr_assert_geq(queued(o.id), 0,
		      "%s: open_own_queue returned %d, which is no queue", what,
		      o.id);
}

static void unsupervise(struct fault_sup *sup, struct fault_plan *plan)
{
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(lab, ftok_failure_is_an_error_never_a_key)
{
	struct appdir a;
	struct opened o;

	app_at(&a, "uninstalled", false);
	o = start(NULL, &a, "uninstalled", 0);
	cr_assert_eq(o.id, -1,
		     "open_own_queue returned %d for a key file that does not "
		     "exist; expected -1",
		     o.id);
	cr_assert_eq(o.err, ENOENT, "errno was %s; expected ENOENT from ftok",
		     strerror(o.err));
	cr_assert_eq(queues(), 0, "a queue was created anyway (key 0x%08x?)",
		     (unsigned)(key_t)-1);
}

Test(lab, colliding_files_get_distinct_queues)
{
	struct appdir other, mine;
	struct opened o;
	int theirs;

	colliding_apps(&other, &mine);
	theirs = naive_queue(&other);
	o = start(NULL, &mine, "mine", 0);
	assert_opened(o, "a key taken by another application");
	cr_assert_neq(o.id, theirs,
		      "returned the other application's queue (id %d), "
		      "whose key collides with yours",
		      theirs);
	cr_assert_eq(queued(theirs), 1,
		     "the other application's queue was removed or emptied");
	cr_assert_eq(queued(o.id), 0, "your new queue is not empty");
}

Test(lab, same_file_gets_distinct_queues)
{
	struct appdir first, second;
	struct opened a, b;

	sharing_apps(&first, &second);
	a = start(NULL, &first, "first", 0);
	assert_opened(a, "the first application");
	b = start(NULL, &second, "second", 0);
	assert_opened(b, "the second application on the same file");
	cr_assert_neq(a.id, b.id,
		      "both applications got queue %d from the same key file",
		      a.id);
}

/* Read queue id empty; check it held exactly "tag #1".."tag #n". */
static void assert_holds_only(int id, const char *tag, int n)
{
	struct {
		long mtype;
		char text[32];
	} m;
	char want[32];
	int got = 0;

	while (msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT) >= 0) {
		got++;
		snprintf(want, sizeof(want), "%s #%d", tag, got);
		cr_assert(got <= n && strcmp(m.text, want) == 0,
			  "%s's queue holds \"%.32s\", which %s did not send",
			  tag, m.text, tag);
	}
	cr_assert_eq(errno, ENOMSG, "msgrcv: %s", strerror(errno));
	cr_assert_eq(got, n, "%s's queue held %d of its %d messages", tag, got,
		     n);
}

Test(lab, no_cross_talk_between_colliding_applications)
{
	struct appdir billing, shipping;
	struct opened b, s;

	colliding_apps(&billing, &shipping);
	b = start(NULL, &billing, "billing", 3);
	assert_opened(b, "billing");
	s = start(NULL, &shipping, "shipping", 3);
	assert_opened(s, "shipping");
	assert_holds_only(b.id, "billing", 3);
	assert_holds_only(s.id, "shipping", 3);
}

Test(lab, restart_reopens_the_same_queue)
{
	struct appdir solo, other, mine;
	struct opened first, again;
	int theirs;

	/* A free key: the queue is made at the key, and found again. */
	app_at(&solo, "solo", true);
	first = start(NULL, &solo, "solo", 1);
	assert_opened(first, "a free key");
	cr_assert_eq(key_of(first.id), ftok(solo.keyfile, PROJ),
		     "the key was free, but the queue is not at the key");
	again = start(NULL, &solo, "solo", 0);
	cr_assert_eq(again.id, first.id,
		     "after a restart: queue %d, before: %d", again.id,
		     first.id);

	/* A taken key: the fallback queue is found again. */
	sharing_apps(&other, &mine);
	theirs = naive_queue(&other);
	first = start(NULL, &mine, "mine", 1);
	assert_opened(first, "a taken key");
	cr_assert_neq(first.id, theirs,
		      "with a taken key: got the other application's queue");
	again = start(NULL, &mine, "mine", 0);
	cr_assert_eq(again.id, first.id,
		     "after a restart with a taken key: queue %d, before: %d",
		     again.id, first.id);
	cr_assert_eq(queued(again.id), 1,
		     "the message before the restart "
		     "is not in the reopened queue");

	/* The recorded queue was removed: a new one, and it is recorded. */
	cr_assert_eq(msgctl(first.id, IPC_RMID, NULL), 0);
	first = start(NULL, &mine, "mine", 0);
	assert_opened(first, "a recorded queue that was removed");
	cr_assert_neq(first.id, theirs,
		      "got the other application's queue "
		      "after its own was removed");
	again = start(NULL, &mine, "mine", 0);
	cr_assert_eq(again.id, first.id,
		     "the queue made after a removal was not found again");
}

Test(lab, injected_eexist_from_msgget_is_handled)
{
	struct fault_plan *plan;
	struct fault_sup *sup;
	struct appdir a;
	struct opened first, again;

	app_at(&a, "app", true);
	sup = engine_sup(&plan, 0, "msgget:error=EEXIST:when=1", NULL);
	first = start(sup, &a, "app", 0);
	unsupervise(sup, plan);
	assert_opened(first, "EEXIST from the first msgget()");
	again = start(NULL, &a, "app", 0);
	cr_assert_eq(again.id, first.id,
		     "after a restart: queue %d, before: %d", again.id,
		     first.id);
}

Test(lab, enospc_from_msgget_is_an_error_never_a_foreign_queue)
{
	struct fault_plan *plan;
	struct fault_sup *sup;
	struct appdir a, other, mine;
	struct opened o;
	int theirs;

	/* No queue left on the system, as soon as we ask. */
	app_at(&a, "app", true);
	sup = engine_sup(&plan, 0, "msgget:error=ENOSPC:when=1", NULL);
	o = start(sup, &a, "app", 0);
	unsupervise(sup, plan);
	cr_assert_eq(o.id, -1, "returned %d when msgget() failed", o.id);
	cr_assert_eq(o.err, ENOSPC, "errno was %s; expected ENOSPC",
		     strerror(o.err));
	cr_assert_eq(queues(), 0, "a queue was left behind after ENOSPC");
	o = start(NULL, &a, "app", 0);
	assert_opened(o, "once the system has queues again");

	/* The key is another application's, and no queue is left. */
	sharing_apps(&other, &mine);
	theirs = naive_queue(&other);
	sup = engine_sup(&plan, 0,
			 "msgget:error=ENOSPC:when=2+:if=msgflg&IPC_CREAT",
			 NULL);
	o = start(sup, &mine, "mine", 0);
	unsupervise(sup, plan);
	cr_assert_neq(o.id, theirs,
		      "returned the other application's queue when no new "
		      "queue could be made");
	cr_assert_eq(o.id, -1, "returned %d when msgget() failed", o.id);
	cr_assert_eq(o.err, ENOSPC, "errno was %s; expected ENOSPC",
		     strerror(o.err));
	cr_assert_eq(queued(theirs), 1,
		     "the other application's queue was removed or emptied");
}
