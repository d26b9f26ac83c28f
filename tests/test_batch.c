/*
 * test_batch.c - grade a whole class, hostile students included.
 *
 * The real mqlab grades tests/fixtures/class (see its README.md): five
 * honest students and thirteen hostile ones, two labs at a time.  Prepare:
 * canaries the hostile code would love to hit (a file in /tmp, a queue
 * of each kind, a sleeping sibling process) and a fingerprint of the
 * class folder.  Run.  Check: the scores are those of expected.csv,
 * every results.json has Gradescope's shape, the compiler's message is
 * there for the lab that does not compile, and every canary, the folder
 * and the process table are as they were.  Then the grader's own
 * failures (no kit, no jail): status 1, and they say so.
 *
 * See also: labs/batch.h, tests/fixtures/class/README.md,
 *           tests/test_batch_input.c (bad usage, odd folders),
 *           tests/test_jail_harm.c (the jail alone)
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <libgen.h>
#include <ftw.h>
#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/stat.h>

#include "labs/jail.h"
#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

#define CANARY_FILE  "/tmp/mqlab-canary"
#define CANARY_QUEUE "/mqlab-batch-canary"
#define CANARY_KEY   0x6d716263 /* "mqbc" */
#define OUT	     "/tmp/grades"
#define LABS	     5
#define STUDENTS     18 /* in tests/fixtures/class */

TestSuite(batch, .init = isolate_or_fail, .timeout = 600);

static struct cmd_out r;

/* The repository: MQLAB is REPO/BUILD/bin/mqlab; else we run in it. */
static void repo_dir(char *buf, size_t size)
{
	const char *mqlab = getenv("MQLAB");
	char path[PATH_MAX];

	if (mqlab == NULL || mqlab[0] != '/') {
		cr_assert(getcwd(buf, size) != NULL);
		return;
	}
	snprintf(path, sizeof(path), "%s", mqlab);
	for (int i = 0; i < 3; i++)
		*strrchr(path, '/') = '\0';
	cr_assert(realpath(path, buf) != NULL, "realpath(%s): %s", path,
		  strerror(errno));
}

/* --- a fingerprint of a tree: every entry's name, size and content ---- */

static char print_buf[1 << 16];
static size_t print_len;

static uint64_t fnv(const char *p, size_t n, uint64_t h)
{
	while (n-- > 0)
		h = (h ^ (unsigned char)*p++) * 1099511628211ull;
	return h;
}

static int print_one(const char *path, const struct stat *st, int flag,
		     struct FTW *ftw)
{
	uint64_t h = 14695981039346656037ull;
	char buf[4096];
	ssize_t n;
	int fd;

	(void)ftw;
	if (flag == FTW_SL) {
		n = readlink(path, buf, sizeof(buf));
		h = fnv(buf, n > 0 ? (size_t)n : 0, h);
	} else if (flag == FTW_F) {
		fd = open(path, O_RDONLY | O_NOFOLLOW);
		while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
			h = fnv(buf, (size_t)n, h);
		if (fd >= 0)
			close(fd);
	}
	print_len += (size_t)snprintf(
		print_buf + print_len, sizeof(print_buf) - print_len,
		"%s %o %lld %016llx\n", path, st->st_mode,
		(long long)st->st_size, (unsigned long long)h);
	cr_assert(print_len < sizeof(print_buf), "the tree is too large");
	return 0;
}

static char *fingerprint(const char *dir)
{
	print_len = 0;
	cr_assert(nftw(dir, print_one, 16, FTW_PHYS) == 0, "nftw(%s): %s", dir,
		  strerror(errno));
	return strdup(print_buf);
}

/* --- the canaries ----------------------------------------------------- */

/* The POSIX queues of our IPC namespace, by name, one per line. */
static char *posix_queues(void)
{
	static char names[4096];
	struct dirent *d;
	size_t n = 0;
	DIR *dir;

	mkdir("/tmp/mq", 0700);
	if (umount2("/tmp/mq", MNT_DETACH) < 0)
		cr_assert(errno == EINVAL, "umount2: %s", strerror(errno));
	cr_assert(mount("none", "/tmp/mq", "mqueue", 0, NULL) == 0,
		  "mount mqueue: %s", strerror(errno));
	dir = opendir("/tmp/mq");
	cr_assert(dir != NULL);
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			n += (size_t)snprintf(names + n, sizeof(names) - n,
					      "%s\n", d->d_name);
	closedir(dir);
	return strdup(names);
}

/* Processes of the jails' users, or left to us (a subreaper) by mqlab. */
static int strays(pid_t sibling)
{
	char path[300], line[256];
	unsigned long uid;
	int found = 0, ppid;
	struct dirent *d;
	DIR *proc = opendir("/proc");
	FILE *f;

	cr_assert(proc != NULL);
	while ((d = readdir(proc)) != NULL) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9' ||
		    atoi(d->d_name) == sibling)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		uid = 0;
		ppid = 0;
		while (fgets(line, sizeof(line), f) != NULL) {
			sscanf(line, "PPid: %d", &ppid);
			sscanf(line, "Uid: %lu", &uid);
		}
		fclose(f);
		if (ppid == getpid() ||
		    (uid >= JAIL_ID_BASE &&
		     uid < JAIL_ID_BASE + STUDENTS * LABS)) {
			cr_log_error("process %s (uid %lu, parent %d) is left",
				     d->d_name, uid, ppid);
			found++;
		}
	}
	closedir(proc);
	return found;
}

static void canaries(mqd_t *q, int *sysv, pid_t *sibling)
{
	struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
	struct {
		long mtype;
		char text[16];
	} m = {1, "tweet"};
	int fd = open(CANARY_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	cr_assert(fd >= 0 && write(fd, "alive\n", 6) == 6);
	close(fd);
	*q = mq_open(CANARY_QUEUE, O_CREAT | O_RDWR, 0600, &attr);
	cr_assert(*q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	cr_assert(mq_send(*q, "tweet", 5, 0) == 0);
	*sysv = msgget(CANARY_KEY, IPC_CREAT | 0600);
	cr_assert(*sysv >= 0 && msgsnd(*sysv, &m, 5, 0) == 0);
	*sibling = fork();
	cr_assert(*sibling >= 0);
	if (*sibling == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
}

/* The first six fields of each line: student and the five labs. */
static void scores_only(const char *csv, char *out, size_t size)
{
	size_t n = 0;
	int field = 0;

	for (; *csv != '\0' && n + 1 < size; csv++) {
		if (*csv == '\n')
			field = 0;
		else if (*csv == ',')
			field++;
		if (field <= LABS)
			out[n++] = *csv;
	}
	out[n] = '\0';
}

/* Every OUT/NAME/results.json is Gradescope's: score, max, tests[]. */
static void assert_gradescope(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json, glob, sys\n"
		 "files = glob.glob(\"" OUT "/*/results.json\")\n"
		 "assert len(files) == %d, files\n"
		 "for p in files:\n"
		 "    d = json.load(open(p))\n"
		 "    assert isinstance(d[\"score\"], int), p\n"
		 "    assert d[\"max_score\"] == 500, p\n"
		 "    assert len(d[\"tests\"]) > 0, p\n"
		 "    for t in d[\"tests\"]:\n"
		 "        assert {\"name\", \"score\", \"max_score\", "
		 "\"status\"} <= set(t), (p, t)\n"
		 "    assert sum(t[\"score\"] for t in d[\"tests\"]) == "
		 "d[\"score\"], p\n'",
		 STUDENTS);
	cr_assert(system(cmd) == 0, "a results.json is not Gradescope's");
}

Test(batch, a_hostile_class_is_graded_and_the_host_is_unchanged)
{
	char repo[PATH_MAX], class[PATH_MAX + 32], path[PATH_MAX + 64];
	char *before, *after, *queues, got[4096], want[4096];
	struct {
		long mtype;
		char text[16];
	} m;
	char *sysv_before;
	const char *json;
	pid_t sibling;
	mqd_t q;
	int sysv;

	repo_dir(repo, sizeof(repo));
	snprintf(class, sizeof(class), "%s/tests/fixtures/class", repo);
	cr_assert(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	canaries(&q, &sysv, &sibling);
	before = fingerprint(class);
	queues = posix_queues();
	cr_assert_str_eq(queues, "mqlab-batch-canary\n");
	sysv_before = strdup(slurp("/proc/sysvipc/msg"));

	mqlab_cmd(&r,
		  (const char *[]){"grade", "--submissions", class, "--out",
				   OUT, "--jobs", "2", NULL},
		  NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s\nstdout: %s", r.err,
		     r.out);

	/* The scores. */
	snprintf(path, sizeof(path), "%s/expected.csv", class);
	scores_only(slurp(path), want, sizeof(want));
	scores_only(slurp(OUT "/summary.csv"), got, sizeof(got));
	cr_assert_str_eq(got, want, "summary.csv:\n%s\nstdout:\n%s", got,
			 r.out);
	assert_gradescope();
	json = slurp(OUT "/carol/results.json");
	cr_assert(strstr(json, "did not compile") != NULL &&
			  strstr(json, "retrun") != NULL,
		  "no compiler message in carol's results:\n%.2000s", json);
	cr_assert(strstr(slurp(OUT "/symlink/results.json"), "symbolic link") !=
		  NULL);
	cr_assert(strstr(r.err, "skipped expected.csv") != NULL, "%s", r.err);
	cr_assert(strstr(r.out, "alice ") != NULL, "no table:\n%s", r.out);

	/* The host. */
	after = fingerprint(class);
	cr_assert_str_eq(after, before, "the class folder changed");
	cr_assert_str_eq(slurp(CANARY_FILE), "alive\n");
	cr_assert_str_eq(posix_queues(), queues, "POSIX queues changed");
	cr_assert_str_eq(slurp("/proc/sysvipc/msg"), sysv_before,
			 "System V queues changed");
	cr_assert_eq(mq_receive(q, path, 16, NULL), 5, "the canary queue");
	cr_assert_eq(msgrcv(sysv, &m, sizeof(m.text), 0, IPC_NOWAIT), 5,
		     "the System V canary");
	cr_assert_eq(strays(sibling), 0, "processes were left behind");
	cr_assert_eq(waitpid(sibling, NULL, WNOHANG), 0,
		     "the sibling did not survive");
	kill(sibling, SIGKILL);
	waitpid(sibling, NULL, 0);
	msgctl(sysv, IPC_RMID, NULL);
	mq_unlink(CANARY_QUEUE);
	free(before);
	free(after);
	free(queues);
	free(sysv_before);
}

/* Grader failures are status 1 and say so: no kit beside mqlab, and no
 * jail (mqlab is not root).  MQLAB is changed for this test alone: each
 * test runs in a process of its own. */
Test(batch, the_graders_own_failures_are_status_1)
{
	char repo[PATH_MAX], cmd[5 * PATH_MAX], mqlab[PATH_MAX];
	char mqlab_dir[PATH_MAX];
	struct stat st;

	repo_dir(repo, sizeof(repo));
	snprintf(mqlab, sizeof(mqlab), "%s", mqlab_path());
	snprintf(mqlab_dir, sizeof(mqlab_dir), "%s", mqlab);
	/* Two copies in our private /tmp: mqlab alone (no kit), and mqlab
	 * with its kit where nobody can reach them, even when the tree lies
	 * in a private home (mode 0700). */
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p /tmp/one/bob/labs /tmp/bin /tmp/inst/bin "
		 "/tmp/inst/libexec/mqlab && cp -r "
		 "%s/tests/fixtures/class/bob/labs/01-full-queue "
		 "/tmp/one/bob/labs/ && cp %s /tmp/bin/mqlab && "
		 "cp %s /tmp/inst/bin/mqlab && cp -r %s/../libexec/mqlab/kit "
		 "/tmp/inst/libexec/mqlab/ && chmod -R a+rX /tmp/one /tmp/inst",
		 repo, mqlab, mqlab, dirname(mqlab_dir));
	cr_assert(system(cmd) == 0, "%s", cmd);

	setenv("MQLAB", "/tmp/bin/mqlab", 1);
	mqlab_cmd(&r,
		  (const char *[]){"grade", "--submissions", "/tmp/one",
				   "--out", OUT, NULL},
		  NULL);
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "kit") != NULL, "%s", r.err);
	cr_assert(stat(OUT, &st) < 0 && errno == ENOENT);

	setenv("MQLAB", "/usr/bin/setpriv", 1);
	mqlab_cmd(&r,
		  (const char *[]){"--reuid=65534", "--regid=65534",
				   "--clear-groups", "/tmp/inst/bin/mqlab",
				   "grade", "--submissions", "/tmp/one",
				   "--out", OUT, NULL},
		  NULL);
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "grader's fault") != NULL, "%s", r.err);
	cr_assert(strstr(slurp(OUT "/summary.csv"), "\nbob,0,0,0,0,0,0,500,") !=
		  NULL);
	cr_assert(strstr(slurp(OUT "/bob/results.json"),
			 "cannot build the jail") != NULL);
}

/* A student's folder named like the summary gets an escaped name; the
 * summary stays a file, for every class.  Nothing is submitted: no jail
 * runs. */
Test(batch, a_student_named_summary_csv_keeps_the_summary)
{
	struct stat st;

	cr_assert(system("mkdir -p /tmp/named/summary.csv /tmp/named/bob") ==
		  0);
	mqlab_cmd(&r,
		  (const char *[]){"grade", "--submissions", "/tmp/named",
				   "--out", OUT, NULL},
		  NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert_eq(stat(OUT "/summary.csv", &st), 0);
	cr_assert(S_ISREG(st.st_mode), "summary.csv is not a file");
	cr_assert(strstr(slurp(OUT "/summary.csv"), "\nsummary%2Ecsv,0,") !=
		  NULL);
	cr_assert_eq(stat(OUT "/summary%2Ecsv/results.json", &st), 0);
}
