/*
 * test_runtime_kill.c - a `mqlab run` killed with SIGKILL leaves nothing.
 *
 * The run is killed while its producer is blocked for good.  Afterwards no
 * process of the run may exist (their pids come from the JSON timeline),
 * no process may still be in the run's IPC namespace (so it and its
 * queues are gone), and this test's own namespace holds no queue either.
 * "Afterwards" is polled for, with a generous bound: the kernel tears a
 * PID namespace down asynchronously.  Files go the same way: lab 02's
 * roles work in /tmp, which is the run's own tmpfs, so this test's /tmp
 * (the host's, as the run sees it) stays empty during the run and after.
 * In fallback mode (no namespaces) the run's own init must do all that:
 * it is told of mqlab's death with SIGTERM, stops the roles and tidies.
 *
 * See also: labs/sandbox.c, tests/test_runtime.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The host pids of a run ("host_pid" in its JSON timeline so far), and
 * the IPC namespace of its last role. */
struct run_ids {
	int pids[MAX_PIDS];
	int npids;
	char ns[64];
};

/* Read the JSON timeline from out until it contains text. */
static void read_until(int out, char *buf, size_t size, const char *text)
{
	size_t n = strlen(buf);
	ssize_t got;

	while (strstr(buf, text) == NULL) {
		got = read(out, buf + n, size - 1 - n);
		cr_assert(got > 0, "the run ended early:\n%.*s", (int)n, buf);
		n += got;
		buf[n] = '\0';
	}
}

/* The pids of a run, and the IPC namespace of its init, which lives as
 * long as mqlab does: a role may already have exited, and its
 * /proc/PID/ns/ipc with it.  In fallback mode (namespaces false) the run
 * shares this test's namespace and ns stays empty. */
static void ids_of(const char *timeline, struct run_ids *ids, bool namespaces)
{
	char path[64];
	const char *p;

	ids->npids = 0;
	for (p = timeline; (p = strstr(p, "\"host_pid\":")) != NULL; p++)
		if (ids->npids < MAX_PIDS)
			ids->pids[ids->npids++] =
				atoi(p + strlen("\"host_pid\":"));
	cr_assert(ids->npids >= 3, "init, setup and a role expected:\n%s",
		  timeline);
	memset(ids->ns, 0, sizeof(ids->ns));
	if (!namespaces)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", ids->pids[0]);
	cr_assert(readlink(path, ids->ns, sizeof(ids->ns) - 1) > 0, "%s: %s",
		  path, strerror(errno));
}

/* Kill mqlab (pid) with SIGKILL and wait, with a generous bound, until
 * no process of the run is left; assert that none is. */
static void kill_and_wait(pid_t pid, const struct run_ids *ids, int out,
			  int err)
{
	char buf[4096];
	int i, k, left, status;
	bool eof = false;
	ssize_t n;

	cr_assert(kill(pid, SIGKILL) == 0);
	cr_assert(waitpid(pid, &status, 0) == pid);
	/* Keep reading: a run that outlived mqlab must not die of SIGPIPE
	 * (or block on a full pipe) and so pass for one that was killed. */
	fcntl(out, F_SETFL, O_NONBLOCK);
	fcntl(err, F_SETFL, O_NONBLOCK);
	for (i = 0, left = 1; i < 200 && left > 0; i++) {
		nap_ms(50);
		while ((n = read(out, buf, sizeof(buf))) > 0 ||
		       read(err, buf, sizeof(buf)) > 0)
			;
		/* EOF: the init, which cleans up last, has exited too. */
		eof = eof || n == 0;
		left = ids->ns[0] != '\0' ? in_namespace(ids->ns) : 0;
		left += !eof;
		for (k = 0; k < ids->npids; k++)
			left += alive(ids->pids[k]);
	}
	for (k = 0; k < ids->npids; k++)
		cr_expect(!alive(ids->pids[k]), "pid %d of the run is alive",
			  ids->pids[k]);
	if (ids->ns[0] != '\0')
		cr_assert_eq(
			in_namespace(ids->ns), 0,
			"processes are still in the run's IPC namespace %s",
			ids->ns);
	close(out);
	close(err);
}

/* The first entry of dir on dir's own filesystem, or NULL when there is
 * none.  Entries bound in from elsewhere do not count: the project itself
 * when it was cloned under the host's /tmp (labs/privtmp.h). */
static const char *first_entry(const char *dir)
{
	static char name[256];
	struct stat top, st;
	struct dirent *d;
	DIR *dp = opendir(dir);

	cr_assert(dp != NULL, "%s: %s", dir, strerror(errno));
	cr_assert(fstat(dirfd(dp), &top) == 0, "%s: %s", dir, strerror(errno));
	name[0] = '\0';
	while ((d = readdir(dp)) != NULL && name[0] == '\0') {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dp), d->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
			    0 &&
		    st.st_dev != top.st_dev)
			continue;
		snprintf(name, sizeof(name), "%s", d->d_name);
	}
	closedir(dp);
	return name[0] != '\0' ? name : NULL;
}

Test(kill, sigkill_of_mqlab_run_leaves_no_process_and_no_queue)
{
	/* With its consumer dead, the skeleton's producer blocks forever: the
	 * run would last its full 60 s if nothing killed it. */
	const char *args[] = {"run", "01", "--json",	    "--for",
			      "60",  "-p", "consumer dies", NULL};
	char buf[1 << 16] = "";
	struct run_ids ids;
	int out, err;
	pid_t pid;
	mqd_t q;

	pid = mqlab_start(args, NULL, &out, &err);
	read_until(out, buf, sizeof(buf),
		   "\"type\":\"call\",\"role\":\"consumer\"");
	ids_of(buf, &ids, true);
	cr_assert(ids.npids >= 4, "init, setup and two roles expected:\n%s",
		  buf);
	kill_and_wait(pid, &ids, out, err);
	q = mq_open("/mqlab-01-orders", O_RDONLY);
	cr_assert(q == (mqd_t)-1 && errno == ENOENT);
}

Test(kill, files_a_run_makes_in_tmp_never_reach_the_host)
{
	/* billing has its key file and its id file in /tmp when it says
	 * which queue it got; it then waits a second before it removes
	 * them, and is killed meanwhile. */
	const char *args[] = {"run", "02", "--json", "--for", "60", NULL};
	char buf[1 << 16] = "";
	const char *left;
	struct run_ids ids;
	int out, err;
	pid_t pid;

	cr_assert_null(first_entry("/tmp"), "test setup: /tmp is not empty");
	pid = mqlab_start(args, NULL, &out, &err);
	read_until(out, buf, sizeof(buf), "billing: queue id");
	ids_of(buf, &ids, true);
	left = first_entry("/tmp");
	cr_assert_null(left, "the run made /tmp/%s on the host", left);
	kill_and_wait(pid, &ids, out, err);
	left = first_entry("/tmp");
	cr_assert_null(left, "/tmp/%s is left after kill -9 of the run", left);
}

/* How many System V queues this test's IPC namespace holds. */
static int sysv_queues(void)
{
	char line[512];
	int count = 0, key, id;
	FILE *f = fopen("/proc/sysvipc/msg", "re");

	cr_assert(f != NULL);
	while (fgets(line, sizeof(line), f) != NULL)
		count += sscanf(line, "%d %d", &key, &id) == 2;
	fclose(f);
	return count;
}

Test(kill, sigkill_of_mqlab_in_fallback_mode_still_cleans_up)
{
	/* No namespaces: the run shares this test's IPC namespace and /tmp,
	 * and only the run's own cleanup can remove what it made.  billing
	 * holds two System V queues and its files in /tmp/mqlab-02-RUNID
	 * when it is killed. */
	const char *args[] = {"run", "02", "--json", "--for", "60", NULL};
	const char *env[] = {"MQLAB_NO_NAMESPACES=1", NULL};
	char buf[1 << 16] = "";
	const char *left;
	struct run_ids ids;
	int out, err;
	pid_t pid;

	cr_assert_eq(sysv_queues(), 0, "test setup: queues exist");
	pid = mqlab_start(args, env, &out, &err);
	read_until(out, buf, sizeof(buf), "billing: queue id");
	ids_of(buf, &ids, false);
	cr_assert_gt(sysv_queues(), 0, "the run made no System V queue");
	cr_assert_not_null(first_entry("/tmp"), "the run made no file");
	kill_and_wait(pid, &ids, out, err);
	cr_expect_eq(sysv_queues(), 0, "System V queues left after kill -9");
	left = first_entry("/tmp");
	cr_expect_null(left, "/tmp/%s is left after kill -9 of the run", left);
}
