/*
 * scenario.c - lab 04's roles: workers that die, another application,
 * and the sweeper that must tell them apart.
 *
 * workers starts WORKERS workers of mqlab-04-worker; each owns two queues
 * and uses them every ROUND_MS.  One is killed with SIGKILL (more with the
 * presets): its queues stay, orphaned.  other-app is a worker of another
 * application, mqlab-04-worker-eu, whose name starts like ours.  sweeper
 * runs sweep_orphans() every SWEEP_MS.  A live worker checks its queues
 * each round and says so when a sweeper removed them under it.
 *
 *   mqlab run 04 [--solution] [-p "a worker dies mid-work"]
 *
 * The workers' convention, and the private mount of the mqueue file
 * system the sweeper reads, are in worker.c.
 * In the kernel: mqueue_unlink() in ipc/mqueue.c, freeque() in ipc/msg.c.
 *
 * See also: labs/04-orphaned-queues/orphaned_queues.h, worker.c, README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/04-orphaned-queues/orphaned_queues.h"
#include "labs/lab.h"
#include "labs/report.h"

#define WORKERS	      3
#define ROUNDS	      40
#define ROUND_MS      100
#define KILL_AFTER_MS 1200
#define SWEEPS	      4
#define SWEEP_MS      900

extern const struct lab lab_04_orphaned_queues;

static const struct app ours = {"mqlab-04-worker", 0x4000000, NULL};
static const struct app theirs = {"mqlab-04-worker-eu",
				  0x4000000 + APP_KEY_SPAN, NULL};

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

/* One worker's life: a job through each of its queues every round. */
static int work(const struct app *app)
{
	const char *gone;
	struct worker w;

	if (worker_start(app, &w) == -1)
		report_die("worker_start");
	report_note("%s up, System V key %#x", w.name,
		    (unsigned)(app->key_base + getpid()));
	for (int i = 0; i < ROUNDS; i++) {
		/* A sweeper that is wrong about us: say so, and stop. */
		if (worker_check(&w, &gone) == -1) {
			report_error("worker_check", errno);
			report_note("%s: my %s was removed, and I live", w.name,
				    gone);
			return 1;
		}
		if (worker_round(&w) == -1)
			report_die("worker_round");
		report_sent(2);
		report_received(2);
		sleep_ms(ROUND_MS);
	}
	if (worker_stop(&w) == -1)
		report_die("worker_stop");
	return 0;
}

static int workers(void)
{
	pid_t pid[WORKERS];

	for (int i = 0; i < WORKERS; i++) {
		pid[i] = fork();
		if (pid[i] == -1)
			report_die("fork");
		if (pid[i] == 0)
			exit(work(&ours));
	}
	sleep_ms(KILL_AFTER_MS);
	/* A crash: no atexit(), no cleanup, nothing but the kernel's
	 * (unless a preset's fault was quicker). */
	if (waitpid(pid[1], NULL, WNOHANG) == 0) {
		if (kill(pid[1], SIGKILL) == -1)
			report_die("kill");
		report_note("worker %d killed: its two queues are orphans now",
			    (int)pid[1]);
	}
	while (wait(NULL) > 0)
		continue;
	return 0;
}

static int other_app(void)
{
	return work(&theirs);
}

static int sweeper(void)
{
	struct app app = ours;
	struct sweep_stats st;
	char dir[64];

	if (mount_queue_fs(dir, sizeof(dir)) == -1)
		report_die("mount_queue_fs");
	app.mqueue_dir = dir;
	for (int i = 1; i <= SWEEPS; i++) {
		sleep_ms(SWEEP_MS);
		if (sweep_orphans(&app, &st) == -1)
			report_error("sweep_orphans", errno);
		report_note("sweep %d: removed %d, kept %d, vanished %d", i,
			    st.removed, st.kept, st.vanished);
	}
	return 0;
}

static int setup(void)
{
	/* Nothing to create: every worker makes its own queues. */
	return 0;
}

static const struct lab_role roles[] = {
	{"workers", workers},
	{"other-app", other_app},
	{"sweeper", sweeper},
	{NULL, NULL},
};

const struct lab_scenario scenario = {&lab_04_orphaned_queues, setup, roles, 5};
