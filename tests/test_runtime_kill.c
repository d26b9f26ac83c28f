/*
 * test_runtime_kill.c - a `mqlab run` killed with SIGKILL leaves nothing.
 *
 * The run is killed while its producer is blocked for good.  Afterwards no process
 * of the run may exist (their pids come from the JSON timeline), no
 * process may still be in the run's IPC namespace (so it and its queues
 * are gone), and this test's own namespace holds no queue either.
 * "Afterwards" is polled for, with a generous bound: the kernel tears a
 * PID namespace down asynchronously.
 *
 * See also: labs/sandbox.c, tests/test_runtime.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

TestSuite(kill, .init = isolate_or_fail, .timeout = 60);

#define MAX_PIDS 8

/* Whether pid is alive: exists and is not a zombie. */
static bool alive(int pid)
{
	char path[64], stat[512], *paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = '\0';
	paren = strrchr(stat, ')');
	return paren != NULL && paren[1] == ' ' && paren[2] != 'Z' &&
	       paren[2] != 'X';
}

/* How many processes are in the IPC namespace ns ("ipc:[N]"). */
static int in_namespace(const char *ns)
{
	char path[300], link[64];
	struct dirent *d;
	int count = 0;
	ssize_t n;
	DIR *dir;

	dir = opendir("/proc");
	cr_assert(dir != NULL);
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/ipc", d->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		count += strcmp(link, ns) == 0;
	}
	closedir(dir);
	return count;
}

static void nap_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

Test(kill, sigkill_of_mqlab_run_leaves_no_process_and_no_queue)
{
	/* With its consumer dead, the skeleton's producer blocks forever: the
	 * run would last its full 60 s if nothing killed it. */
	const char *args[] = {"run", "01", "--json",	    "--for",
			      "60",  "-p", "consumer dies", NULL};
	char buf[1 << 16] = "", ns[64] = "", path[64], *p;
	int pids[MAX_PIDS], npids = 0, out, err, status, i, left;
	size_t n = 0;
	ssize_t got;
	pid_t pid;
	mqd_t q;

	pid = mqlab_start(args, NULL, &out, &err);
	while (strstr(buf, "\"type\":\"call\",\"role\":\"consumer\"") == NULL) {
		got = read(out, buf + n, sizeof(buf) - 1 - n);
		cr_assert(got > 0, "the run ended early:\n%.*s", (int)n, buf);
		n += got;
		buf[n] = '\0';
	}
	for (p = buf; (p = strstr(p, "\"host_pid\":")) != NULL; p++)
		if (npids < MAX_PIDS)
			pids[npids++] = atoi(p + strlen("\"host_pid\":"));
	cr_assert(npids >= 4, "init, setup and two roles expected:\n%s", buf);
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", pids[npids - 1]);
	cr_assert(readlink(path, ns, sizeof(ns) - 1) > 0, "%s", path);

	cr_assert(kill(pid, SIGKILL) == 0);
	cr_assert(waitpid(pid, &status, 0) == pid);

	/* Keep reading: a run that outlived mqlab must not die of SIGPIPE
	 * (or block on a full pipe) and so pass for one that was killed. */
	fcntl(out, F_SETFL, O_NONBLOCK);
	fcntl(err, F_SETFL, O_NONBLOCK);
	for (i = 0, left = 1; i < 200 && left > 0; i++) {
		nap_ms(50);
		while (read(out, buf, sizeof(buf)) > 0 ||
		       read(err, buf, sizeof(buf)) > 0)
			;
		left = in_namespace(ns);
		for (int k = 0; k < npids; k++)
			left += alive(pids[k]);
	}
	for (int k = 0; k < npids; k++)
		cr_expect(!alive(pids[k]), "pid %d of the run is alive",
			  pids[k]);
	cr_assert_eq(in_namespace(ns), 0,
		     "processes are still in the run's IPC namespace %s", ns);
	q = mq_open("/mqlab-01-orders", O_RDONLY);
	cr_assert(q == (mqd_t)-1 && errno == ENOENT);
	close(out);
	close(err);
}
