/*
 * test_04_orphaned_queues.c - lab 04's graded checks: sweep_orphans().
 *
 * Each check sets a scene in the test's own IPC namespace: live workers
 * (children that hold their lock until the test ends), dead workers
 * (children killed with SIGKILL by the fault engine in the middle of
 * their work, so their queues are real orphans), and queues the test
 * makes itself (another application's, a half-swept worker's, queues
 * named for a PID that a stranger now has).  Then the student's sweeper
 * runs once in a child through check_run(), on a private mount of the
 * mqueue file system, and the check judges which queues are left.  Every
 * check has a live worker, so neither "remove nothing" nor "remove all"
 * passes anything.  Vanishing queues come from the fault engine (ENOENT,
 * EIDRM on the first removal), never from a race.
 *
 * Run: build/libexec/mqlab/04-orphaned-queues/check-solution --short-filename
 *
 * See also: labs/04-orphaned-queues/lab.c (points and hints),
 *           labs/04-orphaned-queues/orphaned_queues.h, tests/labs/check.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/04-orphaned-queues/orphaned_queues.h"
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

#define KEY_BASE  0x4000000
#define MAX_ALIVE 8

static struct app ours = {"mqlab-04-worker", KEY_BASE, NULL};
static struct app theirs = {"mqlab-04-worker-eu", KEY_BASE + APP_KEY_SPAN,
			    NULL};

/* --- the scene --------------------------------------------------------- */

static pid_t alive[MAX_ALIVE];
static int nalive;

/* A child that dies with the test, and _exits when its work is done. */
static pid_t fork_child(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	cr_assert(pid != -1, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(126);
	}
	return pid;
}

/* A live process: a worker of app holding its lock, or (app NULL) a
 * stranger that is no worker at all.  It lives until the test ends. */
static pid_t start_alive(const struct app *app)
{
	struct worker w;
	int fds[2];
	char ok = 'y';
	pid_t pid;

	cr_assert_lt(nalive, MAX_ALIVE);
	cr_assert(pipe(fds) == 0, "pipe: %s", strerror(errno));
	pid = fork_child();
	if (pid == 0) {
		close(fds[0]);
		if (app != NULL && worker_start(app, &w) == -1)
			ok = 'n';
		if (write(fds[1], &ok, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	alive[nalive++] = pid;
	if (read(fds[0], &ok, 1) != 1)
		ok = 'n';
	close(fds[0]);
	cr_assert_eq(ok, 'y', "a live worker could not start");
	return pid;
}

/* After every check, pass or fail: the live processes go. */
static void stop_alive(void)
{
	for (int i = 0; i < nalive; i++) {
		kill(alive[i], SIGKILL);
		waitpid(alive[i], NULL, 0);
	}
	nalive = 0;
}

TestSuite(lab, .init = isolate_or_fail, .fini = stop_alive, .timeout = 10);

/*
 * A worker's life under the fault engine, until the SIGKILL its plan
 * sends: the engine signals after it answered the call, so the worker
 * keeps working (or waiting, when the answer was an injected error)
 * until the signal lands.  An alarm ends it if no SIGKILL ever comes.
 */
static void __attribute__((noreturn)) work_until_killed(const struct app *app)
{
	struct worker w;

	alarm(3);
	if (worker_start(app, &w) == -1) {
		for (;;)
			pause();
	}
	for (;;) {
		if (worker_round(&w) == -1)
			_exit(3);
	}
}

/* A worker of app killed with SIGKILL where spec says; returns its PID. */
static pid_t run_doomed(const struct app *app, const char *spec)
{
	struct fault_plan *plan;
	struct fault_sup *sup;
	int status;
	pid_t pid;

	sup = engine_sup(&plan, 0, spec, NULL);
	pid = fault_sup_fork(sup);
	cr_assert(pid != -1, "fault_sup_fork: %s", strerror(errno));
	if (pid == 0)
		work_until_killed(app);
	cr_assert(fault_sup_wait(sup, pid, &status) == 0, "fault_sup_wait: %s",
		  strerror(errno));
	fault_sup_free(sup);
	fault_plan_free(plan);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		  "test setup: worker %d was not killed by %s (status %#x)",
		  (int)pid, spec, status);
	return pid;
}

static void posix_name(char *name, size_t size, const struct app *app,
		       pid_t pid)
{
	snprintf(name, size, "/%s-%d", app->name, (int)pid);
}

static bool posix_exists(const char *name)
{
	mqd_t q = mq_open(name, O_RDONLY);

	if (q == (mqd_t)-1) {
		cr_assert_eq(errno, ENOENT, "mq_open(%s): %s", name,
			     strerror(errno));
		return false;
	}
	mq_close(q);
	return true;
}

static bool worker_posix_exists(const struct app *app, pid_t pid)
{
	char name[NAME_MAX];

	posix_name(name, sizeof(name), app, pid);
	return posix_exists(name);
}

static bool sysv_exists(key_t key)
{
	if (msgget(key, 0) == -1) {
		cr_assert_eq(errno, ENOENT, "msgget(%#x): %s", (unsigned)key,
			     strerror(errno));
		return false;
	}
	return true;
}

/* Queues the test makes itself, owned by nobody alive. */
static void make_posix(const char *name)
{
	mqd_t q = mq_open(name, O_CREAT | O_RDWR, 0600, NULL);

	cr_assert(q != (mqd_t)-1, "mq_open(%s): %s", name, strerror(errno));
	mq_close(q);
}

static void make_sysv(key_t key)
{
	cr_assert(msgget(key, IPC_CREAT | 0600) != -1, "msgget(%#x): %s",
		  (unsigned)key, strerror(errno));
}

/* --- the sweep ----------------------------------------------------------- */

struct outcome {
	int ret, err;  /* sweep_orphans() and errno after it */
	int mount_err; /* mount_queue_fs() failed with this */
	struct sweep_stats st;
};

static void sweep_in_child(void *arg, struct check_out *out)
{
	struct app app = *(const struct app *)arg;
	struct outcome o = {0};
	char dir[64];

	if (mount_queue_fs(dir, sizeof(dir)) == -1) {
		o.mount_err = errno;
	} else {
		app.mqueue_dir = dir;
		o.ret = sweep_orphans(&app, &o.st);
		o.err = errno;
	}
	memcpy(out->data, &o, sizeof(o));
	out->len = sizeof(o);
}

static struct outcome sweep(struct fault_sup *sup)
{
	struct check_result res;
	struct outcome o;

	cr_assert(check_run(sup, sweep_in_child, &ours, 2000, &res) == 0,
		  "check_run: %s", strerror(errno));
	check_assert_returned(&res);
	cr_assert_eq(res.out.len, sizeof(o));
	memcpy(&o, res.out.data, sizeof(o));
	cr_assert_eq(o.mount_err, 0, "test setup: mount_queue_fs: %s",
		     strerror(o.mount_err));
	return o;
}

static void assert_swept(const struct outcome *o)
{
	cr_assert_eq(o->ret, 0, "sweep_orphans() returned %d (errno %s: %s)",
		     o->ret, strerrorname_np(o->err), strerror(o->err));
}

/* Both of a live owner's queues are still there. */
static void assert_intact(const struct app *app, pid_t pid)
{
	cr_assert(worker_posix_exists(app, pid),
		  "worker %d is alive and holds its lock, but its POSIX "
		  "queue was removed",
		  (int)pid);
	cr_assert(sysv_exists(app->key_base + pid),
		  "worker %d is alive and holds its lock, but its System V "
		  "queue was removed",
		  (int)pid);
}

/* Neither of a dead worker's queues is left. */
static void assert_gone(const struct app *app, pid_t pid, const char *who)
{
	cr_assert(!worker_posix_exists(app, pid),
		  "the POSIX queue of worker %d (%s) is still there", (int)pid,
		  who);
	cr_assert(!sysv_exists(app->key_base + pid),
		  "the System V queue of worker %d (%s) is still there",
		  (int)pid, who);
}

/* --- the checks ---------------------------------------------------------- */

Test(lab, removes_a_dead_workers_queues_of_both_kinds)
{
	pid_t live = start_alive(&ours);
	pid_t mid = run_doomed(&ours, "mq_send:signal=SIGKILL:when=3");
	pid_t early =
		run_doomed(&ours, "msgget:error=ENOSPC:signal=SIGKILL:when=1");
	struct outcome o;

	cr_assert(worker_posix_exists(&ours, early) &&
			  !sysv_exists(KEY_BASE + early),
		  "test setup: worker %d should have a POSIX queue only",
		  (int)early);
	o = sweep(NULL);
	assert_swept(&o);
	assert_gone(&ours, mid, "killed mid-work");
	assert_gone(&ours, early, "killed before it made its System V queue");
	assert_intact(&ours, live);
	cr_assert_eq(o.st.removed, 3, "removed is %d; 3 queues were removed",
		     o.st.removed);
}

Test(lab, never_removes_a_live_owners_queues)
{
	pid_t live[3];
	pid_t dead;
	struct outcome o;

	for (int i = 0; i < 3; i++)
		live[i] = start_alive(&ours);
	dead = run_doomed(&ours, "mq_send:signal=SIGKILL:when=2");
	o = sweep(NULL);
	assert_swept(&o);
	for (int i = 0; i < 3; i++)
		assert_intact(&ours, live[i]);
	assert_gone(&ours, dead, "killed mid-work");
	cr_assert_eq(o.st.kept, 6,
		     "kept is %d; 3 live workers kept their 2 queues each",
		     o.st.kept);
}

Test(lab, never_removes_another_apps_queues)
{
	pid_t live = start_alive(&ours);
	pid_t dead = run_doomed(&ours, "mq_send:signal=SIGKILL:when=3");
	pid_t other = run_doomed(&theirs, "mq_send:signal=SIGKILL:when=3");
	char name[3][NAME_MAX];
	key_t key[2] = {KEY_BASE - APP_KEY_SPAN + dead, IPC_PRIVATE};
	int private_id;
	struct outcome o;

	/* Names and keys that look like ours, from other conventions. */
	posix_name(name[0], sizeof(name[0]), &theirs, other);
	snprintf(name[1], sizeof(name[1]), "/%s-%d.old", ours.name, (int)dead);
	snprintf(name[2], sizeof(name[2]), "/%s%d", ours.name, (int)dead);
	make_posix(name[1]);
	make_posix(name[2]);
	make_sysv(key[0]);
	private_id = msgget(IPC_PRIVATE, 0600);
	cr_assert(private_id != -1, "msgget: %s", strerror(errno));
	o = sweep(NULL);
	assert_swept(&o);
	for (int i = 0; i < 3; i++)
		cr_assert(posix_exists(name[i]),
			  "%s is not ours (our names are /%s-PID), but it was "
			  "removed",
			  name[i], ours.name);
	cr_assert(sysv_exists(theirs.key_base + other),
		  "key %#x is %s's (key_base %#x), but it was removed",
		  (unsigned)(theirs.key_base + other), theirs.name,
		  (unsigned)theirs.key_base);
	cr_assert(sysv_exists(key[0]),
		  "key %#x is below our key_base %#x, but it was removed",
		  (unsigned)key[0], (unsigned)KEY_BASE);
	cr_assert(msgctl(private_id, IPC_STAT, &(struct msqid_ds){0}) == 0,
		  "an IPC_PRIVATE queue (key 0) was removed");
	assert_gone(&ours, dead, "killed mid-work");
	assert_intact(&ours, live);
}

Test(lab, survives_queues_that_vanish_mid_sweep)
{
	const char *specs[] = {"mq_unlink:error=ENOENT:when=1",
			       "msgctl:error=EIDRM:when=1:if=cmd==IPC_RMID"};
	pid_t live = start_alive(&ours);
	pid_t dead[2];
	struct fault_counters c[2];
	struct fault_plan *plan;
	struct fault_sup *sup;
	struct outcome o;
	int posix_left = 0, sysv_left = 0;

	for (int i = 0; i < 2; i++)
		dead[i] = run_doomed(&ours, "mq_send:signal=SIGKILL:when=3");
	sup = engine_sup(&plan, 0, specs[0], specs[1], NULL);
	o = sweep(sup);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(fault_sup_counters(sup, i, &c[i]), 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	assert_swept(&o);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(c[i].fired, 1,
			     "%s fired %llu times: remove orphans with "
			     "mq_unlink() and msgctl(IPC_RMID)",
			     specs[i], (unsigned long long)c[i].fired);
	for (int i = 0; i < 2; i++) {
		posix_left += worker_posix_exists(&ours, dead[i]);
		sysv_left += sysv_exists(KEY_BASE + dead[i]);
	}
	cr_assert(posix_left <= 1 && sysv_left <= 1,
		  "%d POSIX and %d System V queues of 2 dead workers are "
		  "left; only the one that vanished (ENOENT, EIDRM) may be",
		  posix_left, sysv_left);
	cr_assert_eq(o.st.vanished, 2,
		     "vanished is %d; 2 queues vanished (ENOENT, EIDRM)",
		     o.st.vanished);
	assert_intact(&ours, live);
}

Test(lab, is_not_fooled_by_a_reused_pid)
{
	pid_t live = start_alive(&ours);
	pid_t stranger = start_alive(NULL);
	char name[NAME_MAX];
	struct outcome o;

	/* What a dead worker leaves when its PID has gone to a stranger. */
	posix_name(name, sizeof(name), &ours, stranger);
	make_posix(name);
	make_sysv(KEY_BASE + stranger);
	o = sweep(NULL);
	assert_swept(&o);
	cr_assert(kill(stranger, 0) == 0, "test setup: the stranger died");
	assert_gone(&ours, stranger, "dead; its PID now is a stranger's");
	assert_intact(&ours, live);
	cr_assert_eq(o.st.removed, 2, "removed is %d; 2 queues were removed",
		     o.st.removed);
}

Test(lab, removes_a_half_swept_orphan)
{
	pid_t live = start_alive(&ours);
	pid_t dead = run_doomed(&ours, "mq_send:signal=SIGKILL:when=3");
	char name[NAME_MAX];
	struct outcome o;

	/* An earlier sweep removed this much, then died. */
	posix_name(name, sizeof(name), &ours, dead);
	cr_assert(mq_unlink(name) == 0, "mq_unlink(%s): %s", name,
		  strerror(errno));
	o = sweep(NULL);
	assert_swept(&o);
	cr_assert(!sysv_exists(KEY_BASE + dead),
		  "the System V queue of dead worker %d is still there (its "
		  "POSIX queue was removed by an earlier sweep)",
		  (int)dead);
	assert_intact(&ours, live);
}
