/*
 * test_tui_live.c - the real `mqlab` TUI, lab browser and live view, in a
 * real terminal (tmux).
 *
 * One story, as a student lives it: open mqlab, launch lab 01 on the
 * untouched skeleton and watch the queue reach FULL with the producer
 * BLOCKED; pause and see the counters stop, resume and see them move;
 * shrink the terminal to 60x20 ("terminal too small"), widen it to two
 * columns at 130x30, and back to 100x30; go back
 * to the labs, launch the solution, fill the fault form field by field
 * (syscall, errno, role) and see it
 * fire in the Events pane and count in the Faults pane; quit twice, and
 * find that mqlab exited, left the screen, and no process of the runs
 * is left.
 *
 * The tmux server is this test's own (tests/helpers/tmux.h): it runs in
 * a PID namespace whose init dies with the test, so a crashed test
 * leaves no tmux, mqlab or lab process behind.  Everything runs in the
 * test's IPC namespace, so the lab's queues can never meet another
 * test's.
 *
 * See also: tui/cmd-tui.c, tui/live.h, tui/browse.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"
#include "tests/helpers/tmux.h"

#define SCREEN	   16384
#define WAIT_TRIES 300 /* of 50 ms: generous on a busy machine */
#define PIDS_MAX   64

static struct tmux tm;

static void teardown(void)
{
	if (tm.keeper > 0)
		tmux_stop(&tm);
}

/* A failed assertion still runs .fini, and a crash kills the tmux
 * server's PID namespace with us: no server outlives the test. */
TestSuite(tui_live, .init = isolate_or_fail, .fini = teardown, .timeout = 60);

/* Run one tmux command on our server, its output dropped. */
#define tmux(...) tmux_cmd(&tm, NULL, 0, __VA_ARGS__, NULL)

/* The screen as it is now (no history: counters must be current). */
static void screen_of(char *out, size_t size)
{
	tmux_cmd(&tm, out, size, "capture-pane", "-p", "-t", "t", NULL);
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};

	nanosleep(&ts, NULL);
}

/* Wait until the screen shows every one of the texts (NULL-ended). */
static bool wait_for(char *screen, const char *text, const char *also)
{
	int i;

	for (i = 0; i < WAIT_TRIES; i++) {
		screen_of(screen, SCREEN);
		if (strstr(screen, text) != NULL &&
		    (also == NULL || strstr(screen, also) != NULL))
			return true;
		pause_ms(50);
	}
	return false;
}

static void keys(const char *k)
{
	tmux("send-keys", "-t", "t", k);
}

static void typed(const char *text)
{
	tmux("send-keys", "-t", "t", "-l", text);
}

/* Whether one line of screen holds both a and b, a first. */
static bool same_line(const char *screen, const char *a, const char *b)
{
	const char *at = strstr(screen, a), *nl;

	if (at == NULL)
		return false;
	nl = strchrnul(at, '\n');
	at = strstr(at, b);
	return at != NULL && at < nl;
}

/* Every role's "sent/received/errors" column ("21/13/0"), in order. */
static void counters(const char *screen, char *out, size_t size)
{
	const char *line = screen, *end;
	long sent, received, errors;
	char role[16];
	size_t len = 0;
	int pid;

	out[0] = '\0';
	for (; *line != '\0' && len < size; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (sscanf(line, " %15s %d %ld/%ld /%ld", role, &pid, &sent,
			   &received, &errors) != 5 ||
		    (strcmp(role, "producer") != 0 &&
		     strcmp(role, "consumer") != 0))
			continue;
		len += (size_t)snprintf(out + len, size - len,
					"%s %ld/%ld/%ld|", role, sent, received,
					errors);
	}
}

/* Every descendant of root, by /proc's ppid. */
static size_t descendants(pid_t root, pid_t *pids, size_t max)
{
	size_t n = 0, i, before;
	struct dirent *d;
	char path[64], buf[512], *p;
	int ppid;
	pid_t pid;
	FILE *f;
	DIR *dir;

	pids[n++] = root;
	do {
		before = n;
		dir = opendir("/proc");
		cr_assert_not_null(dir);
		while ((d = readdir(dir)) != NULL && n < max) {
			pid = (pid_t)atoi(d->d_name);
			if (pid <= 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/stat", pid);
			f = fopen(path, "r");
			if (f == NULL)
				continue;
			p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : 0;
			fclose(f);
			if (p == NULL || sscanf(p + 2, "%*c %d", &ppid) != 1)
				continue;
			for (i = 0; i < n && pids[i] != pid; i++)
				;
			if (i < n)
				continue;
			for (i = 0; i < n; i++)
				if (pids[i] == ppid)
					pids[n++] = pid;
		}
		closedir(dir);
	} while (n != before && n < max);
	return n;
}

/* Whether pid is gone (or only a zombie nobody waits for yet). */
static bool gone(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return true;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	return p != NULL && p[2] == 'Z';
}

static void start(void)
{
	char command[1024];

	/* mqlab finds the run's namespaces by pid in /proc: in tmux's PID
	 * namespace, it needs a /proc of that namespace. */
	snprintf(command, sizeof(command),
		 "unshare -m --mount-proc env "
		 "XDG_STATE_HOME=/tmp/mqlab-live-state '%s'",
		 tmux_mqlab());
	tmux_start(&tm, 100, 30, command);
}

Test(tui_live, launch_watch_pause_resize_arm_a_fault_and_quit_clean)
{
	static char screen[SCREEN];
	char before[512], during[512], after[512];
	pid_t pids[PIDS_MAX], mqlab;
	const char *fired;
	size_t npids, i;
	int tries;

	start();
	cr_assert(wait_for(screen, "Your grade", "01  A full queue"),
		  "no lab browser:\n%s", screen);

	/* Lab 01 on the skeleton: the producer blocks on a full queue. */
	keys("Enter");
	cr_assert(wait_for(screen, "FULL",
			   "BLOCKED in mq_timedsend on /mqlab-01-orders"),
		  "no FULL queue with a BLOCKED producer:\n%s", screen);
	mqlab = tmux_program_pid(&tm);
	cr_assert(mqlab > 0, "mqlab's pid is unknown");
	npids = descendants(mqlab, pids, PIDS_MAX);
	cr_assert(npids >= 3, "the run's processes were not found");

	/* Pause: the counters stop; resume: they move again. */
	keys("Space");
	cr_assert(wait_for(screen, "PAUSED", NULL), "not paused:\n%s", screen);
	pause_ms(400); /* calls already on their way end first */
	screen_of(screen, SCREEN);
	counters(screen, before, sizeof(before));
	pause_ms(1500);
	screen_of(screen, SCREEN);
	counters(screen, during, sizeof(during));
	cr_expect(before[0] != '\0', "no counters on:\n%s", screen);
	cr_expect_str_eq(during, before, "counters moved while paused");
	keys("Space");
	for (tries = 0; tries < WAIT_TRIES; tries++) {
		screen_of(screen, SCREEN);
		counters(screen, after, sizeof(after));
		if (strcmp(after, during) != 0)
			break;
		pause_ms(50);
	}
	cr_expect_str_neq(after, during, "counters still after resume:\n%s",
			  screen);

	/* Too small, and back. */
	tmux("resize-window", "-t", "t", "-x", "60", "-y", "20");
	cr_expect(wait_for(screen, "terminal too small: have 60x20", NULL),
		  "no 'too small' at 60x20:\n%s", screen);
	tmux("resize-window", "-t", "t", "-x", "130", "-y", "30");
	for (tries = 0; tries < WAIT_TRIES; tries++) {
		screen_of(screen, SCREEN);
		if (same_line(screen, "Queues:", "Processes:"))
			break;
		pause_ms(50);
	}
	cr_expect(tries < WAIT_TRIES, "no two columns at 130x30:\n%s", screen);
	tmux("resize-window", "-t", "t", "-x", "100", "-y", "30");
	for (tries = 0; tries < WAIT_TRIES; tries++) {
		screen_of(screen, SCREEN);
		if (strstr(screen, "Processes:") != NULL &&
		    !same_line(screen, "Queues:", "Processes:"))
			break;
		pause_ms(50);
	}
	cr_expect(tries < WAIT_TRIES,
		  "one column did not come back at 100x30:\n%s", screen);

	/* Back to the labs, then the solution with a fault armed. */
	keys("q");
	cr_assert(wait_for(screen, "Your grade", NULL), "no browser:\n%s",
		  screen);
	keys("S");
	cr_assert(wait_for(screen, "(solution)", "Processes:"),
		  "the solution did not start:\n%s", screen);
	npids += descendants(mqlab, pids + npids, PIDS_MAX - npids);
	keys("f");
	cr_assert(wait_for(screen, "syscall or class", "raw spec"),
		  "no fault form:\n%s", screen);
	typed("mq_timedsend");
	keys("Tab");
	typed("EAGAIN");
	keys("Tab");
	keys("Tab");
	typed("producer");
	keys("Enter");
	cr_expect(wait_for(screen, "!! ", "EAGAIN (injected)"),
		  "no injected fault in the events:\n%s", screen);
	for (tries = 0; tries < WAIT_TRIES; tries++) {
		screen_of(screen, SCREEN);
		fired = strstr(screen, "mq_timedsend:error=EAGAIN");
		fired = fired ? strstr(fired, " fired ") : NULL;
		if (fired != NULL && fired[7] >= '1' && fired[7] <= '9')
			break;
		pause_ms(50);
	}
	cr_expect(tries < WAIT_TRIES,
		  "the Faults pane never counted the rule firing:\n%s", screen);

	/* Quit the lab, then mqlab. */
	keys("q");
	cr_assert(wait_for(screen, "Your grade", NULL), "no browser:\n%s",
		  screen);
	keys("q");
	cr_expect_eq(tmux_wait_exit(&tm), 0, "mqlab did not exit with 0");
	cr_expect(gone(mqlab), "mqlab did not exit");
	screen_of(screen, SCREEN);
	cr_expect(strstr(screen, "Your grade") == NULL,
		  "the TUI is left on the screen:\n%s", screen);
	for (i = 0; i < npids; i++)
		cr_expect(gone(pids[i]), "process %d of the run is left",
			  (int)pids[i]);
	cr_expect(mq_open("/mqlab-01-orders", O_RDONLY) == (mqd_t)-1 &&
			  errno == ENOENT,
		  "the lab's queue is left in our namespace");
}

Test(tui_live, without_a_terminal_says_so_and_points_to_run)
{
	char out[1024];
	const char *mqlab = tmux_mqlab();
	int fds[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	cr_assert(pipe(fds) == 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		execl(mqlab, "mqlab", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (len + 1 < sizeof(out) &&
	       (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	cr_assert(waitpid(pid, &status, 0) == pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %d",
		  status);
	cr_expect(strstr(out, "mqlab run") != NULL &&
			  strstr(out, "mqlab list") != NULL,
		  "%s", out);
}
