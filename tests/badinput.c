/*
 * badinput.c - run mqlab or mqfault on bad input and check the answer.
 *
 * "Nothing lost or left behind" is checked by comparison: before and
 * after each row, every entry of the work folder (recursively) and of
 * /tmp is listed with its type, mode, size and, for a plain file, a hash
 * of its content; the two listings must be equal.  FIFOs are listed,
 * never opened.  A row that does not finish within BADINPUT_HANG_S is
 * killed (by its pid) and fails as a hang: that limit is there to turn
 * a hang into a failure, not to time anything.
 *
 * See also: tests/badinput.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/badinput.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BADINPUT_HANG_S 60
#define BADINPUT_HUGE	100000
#define BADINPUT_BIG	(1024 * 1024 + 100)
#define NOBODY		65534

struct result {
	int status;
	char out[8192], err[8192];
	size_t nout, nerr;
};

static void put(const char *path, const char *text, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, text, len), (ssize_t)len, "%s", path);
	cr_assert_eq(fchmod(fd, mode), 0);
	close(fd);
}

static void dir(const char *path, mode_t mode)
{
	cr_assert(mkdir(path, mode) == 0 || errno == EEXIST, "%s: %s", path,
		  strerror(errno));
	cr_assert_eq(chmod(path, mode), 0);
}

void badinput_setup(void)
{
	static const char bad[] =
		"mq_send:error=EAGAIN\n\nmq_sned:error=EAGAIN\n";
	static const char nul[] = "mq_send:error=EAGAIN\0junk\n";
	char *big = malloc(BADINPUT_BIG);

	cr_assert_not_null(big);
	for (size_t i = 0; i < BADINPUT_BIG; i++)
		big[i] = i % 10 == 9 ? '\n' : i % 10 == 0 ? '#' : 'x';
	dir(BADINPUT_DIR, 0755);
	cr_assert_eq(chdir(BADINPUT_DIR), 0);
	put("existing.log", "precious\n", 9, 0644);
	put("good.rules", "mq_send:error=EAGAIN\n", 21, 0600);
	put("bad.rules", bad, sizeof(bad) - 1, 0644);
	put("empty.rules", "", 0, 0644);
	put("comments.rules", "# only a comment\n\n   # and another\n", 35,
	    0644);
	put("nul.rules", nul, sizeof(nul) - 1, 0644);
	put("big.rules", big, BADINPUT_BIG, 0644);
	put("noexec", "#!/bin/sh\n", 10, 0644);
	free(big);
	cr_assert_eq(mkfifo("fifo", 0666), 0);
	dir("dir", 0755);
	dir("locked", 0700);
	dir("ro", 0755);
	cr_assert_eq(mount("tmpfs", BADINPUT_DIR "/ro", "tmpfs", MS_RDONLY,
			   "size=16k,mode=0777"),
		     0, "mount ro: %s", strerror(errno));
	dir("home", 0755);
	dir("state", 0755);
	dir("fstate", 0755);
	dir("fstate/mqlab", 0755);
	cr_assert_eq(mkfifo("fstate/mqlab/grades", 0666), 0);
	cr_assert_eq(mkfifo("fstate/mqlab/hints", 0666), 0);
	dir("dstate", 0755);
	dir("dstate/mqlab", 0755);
	dir("dstate/mqlab/grades", 0755);
	dir("sstate", 0755);
	dir("sstate/mqlab", 0755);
	put("sstate/mqlab/grades", "01-full-queue 50 100 0\n", 23, 0600);
	cr_assert_eq(chdir("/"), 0);
}

/* FNV-1a of the file's content. */
static unsigned long long hash_file(const char *path)
{
	unsigned long long h = 14695981039346656037ull;
	unsigned char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ull;
	close(fd);
	return h;
}

/* Append a line per entry under path (depth levels down) to list. */
static void snapshot(const char *path, int depth, char *list, size_t size)
{
	char child[4096];
	struct dirent *e;
	struct stat st;
	size_t n;
	DIR *d = opendir(path);

	cr_assert_not_null(d, "%s: %s", path, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		cr_assert_eq(lstat(child, &st), 0, "%s", child);
		n = strlen(list);
		snprintf(list + n, size - n, "%s %o %lld %llx\n", child,
			 (unsigned)st.st_mode, (long long)st.st_size,
			 S_ISREG(st.st_mode) ? hash_file(child) : 0ull);
		if (S_ISDIR(st.st_mode) && depth > 0 &&
		    strcmp(child, BADINPUT_DIR "/ro") != 0)
			snapshot(child, depth - 1, list, size);
	}
	closedir(d);
	cr_assert_lt(strlen(list), size - 1, "snapshot too long");
}

/* In the child: a, with "@huge" in it replaced by BADINPUT_HUGE 'a's. */
static char *arg(const char *a)
{
	const char *at = strstr(a, "@huge");
	size_t pre, post;
	char *s;

	if (at == NULL)
		return (char *)a;
	pre = (size_t)(at - a);
	post = strlen(at + 5);
	s = malloc(pre + BADINPUT_HUGE + post + 1);
	if (s == NULL)
		_exit(125); /* in the child: never return into Criterion */
	memcpy(s, a, pre);
	memset(s + pre, 'a', BADINPUT_HUGE);
	memcpy(s + pre + BADINPUT_HUGE, at + 5, post + 1);
	return s;
}

static void child_env(const struct badinput_row *row)
{
	char name[256];
	const char *eq;

	setenv("HOME", BADINPUT_DIR "/home", 1);
	setenv("XDG_STATE_HOME", BADINPUT_DIR "/state", 1);
	unsetenv("MQLAB_TIMEOUT_SCALE");
	unsetenv("MQLAB_NO_NAMESPACES");
	unsetenv("TMPDIR");
	for (size_t i = 0; i < 3 && row->env[i] != NULL; i++) {
		eq = strchr(row->env[i], '=');
		if (eq == NULL) {
			unsetenv(row->env[i]);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - row->env[i]),
			 row->env[i]);
		setenv(name, arg(eq + 1), 1);
	}
}

/* In the child: never returns. */
static void child(const struct badinput_row *row, const char *bin, int out,
		  int err, int tty)
{
	char *argv[13];
	size_t i;
	int in = tty >= 0 ? tty : open("/dev/null", O_RDONLY);

	if (row->flags & BI_FULL)
		out = open("/dev/full", O_WRONLY);
	dup2(in, STDIN_FILENO);
	dup2(tty >= 0 ? tty : out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	if (chdir(BADINPUT_DIR) < 0)
		_exit(125);
	child_env(row);
	if ((row->flags & BI_NOBODY) &&
	    (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 ||
	     setuid(NOBODY) < 0))
		_exit(125);
	for (i = 0; i < 12 && row->argv[i] != NULL; i++)
		argv[i] = arg(row->argv[i]);
	argv[i] = NULL;
	execv(bin, argv);
	_exit(125);
}

/* Read the child's two pipes until both end, then reap it. */
static void collect(pid_t pid, int out, int err, struct result *r)
{
	struct pollfd pfd[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
	time_t deadline = time(NULL) + BADINPUT_HANG_S;
	char drop[4096];
	ssize_t n;

	r->nout = r->nerr = 0;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(pfd, 2, 1000) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			char *buf = i ? r->err : r->out;
			size_t *len = i ? &r->nerr : &r->nout;
			size_t room = sizeof(r->out) - 1 - *len;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, room ? buf + *len : drop,
				 room ? room : sizeof(drop));
			if (n > 0 && room)
				*len += (size_t)n;
			if (n <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
			}
		}
	}
	r->out[r->nout] = r->err[r->nerr] = '\0';
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
}

static void run(const struct badinput_row *row, struct result *r)
{
	const char *bin = getenv(
		strcmp(row->argv[0], "mqlab") == 0 ? "MQLAB" : "MQFAULT");
	int out[2], err[2], tty = -1, master = -1;
	pid_t pid;

	cr_assert_not_null(bin, "set MQLAB and MQFAULT (make test does)");
	if (row->flags & BI_TTY) {
		master = posix_openpt(O_RDWR | O_NOCTTY);
		cr_assert(master >= 0 && grantpt(master) == 0 &&
			  unlockpt(master) == 0);
		tty = open(ptsname(master), O_RDWR | O_NOCTTY);
		cr_assert_geq(tty, 0);
	}
	cr_assert_eq(pipe2(out, O_CLOEXEC), 0);
	cr_assert_eq(pipe2(err, O_CLOEXEC), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		child(row, bin, out[1], err[1], tty);
	close(out[1]);
	close(err[1]);
	if (tty >= 0)
		close(tty);
	collect(pid, out[0], err[0], r);
	if (master >= 0)
		close(master);
}

/* The line of err the row is about: the last for BI_AFTER, else the
 * first.  Checks the lines around it. */
static const char *the_line(const struct badinput_row *row,
			    const struct result *r, const char *who, int k)
{
	const char *line = r->err, *last = r->err, *p;
	int lines = 0;

	for (p = r->err; *p != '\0'; p++) {
		cr_assert(*p == '\n' ||
				  ((unsigned char)*p >= 0x20 && *p != 0x7f),
			  "row %d: control byte 0x%02x in stderr: %s", k,
			  (unsigned char)*p, r->err);
		if (*p == '\n' && p[1] != '\0')
			last = p + 1;
		lines += *p == '\n';
	}
	cr_assert(r->nerr > 0 && r->err[r->nerr - 1] == '\n',
		  "row %d: stderr is not whole lines: '%s'", k, r->err);
	if (row->flags & BI_AFTER) {
		for (p = r->err; p != NULL && *p; p = strchr(p, '\n'), p += !!p)
			cr_assert(strncmp(p, who, strlen(who)) == 0,
				  "row %d: a line not from %s: %s", k, who,
				  r->err);
		return last;
	}
	if (row->flags & BI_SPEC && lines == 3) {
		p = strrchr(r->err, '\n');
		while (p > r->err && p[-1] != '\n')
			p--;
		cr_assert(p[strspn(p, " ")] == '^', "row %d: no caret: %s", k,
			  r->err);
		return line;
	}
	cr_assert_eq(lines, 1, "row %d: %d lines on stderr:\n%s", k, lines,
		     r->err);
	return line;
}

static void check_row(const struct badinput_row *row, int k)
{
	static char before[1 << 16], after[1 << 16];
	int want = row->flags & BI_WARN	    ? 0
		   : row->flags & BI_STATUS ? row->status
					    : 2;
	char who[32];
	const char *line;
	struct result r;

	snprintf(who, sizeof(who), "%s: ", row->argv[0]);
	before[0] = after[0] = '\0';
	snapshot(BADINPUT_DIR, 3, before, sizeof(before));
	snapshot("/tmp", 0, before, sizeof(before));
	run(row, &r);
	snapshot(BADINPUT_DIR, 3, after, sizeof(after));
	snapshot("/tmp", 0, after, sizeof(after));

	cr_assert(WIFEXITED(r.status), "row %d (%s %s): killed by %d (hung?)",
		  k, row->argv[0], row->argv[1] ? row->argv[1] : "",
		  WTERMSIG(r.status));
	cr_assert_eq(WEXITSTATUS(r.status), want,
		     "row %d (%s %s): exit %d, not %d; stderr: %s", k,
		     row->argv[0], row->argv[1] ? row->argv[1] : "",
		     WEXITSTATUS(r.status), want, r.err);
	if (!(row->flags & (BI_WARN | BI_AFTER)))
		cr_assert_eq(r.nout, 0, "row %d: stdout: %s", k, r.out);
	line = the_line(row, &r, who, k);
	cr_assert(strncmp(line, who, strlen(who)) == 0,
		  "row %d: not from %s: %s", k, who, r.err);
	if (row->flags & BI_WARN)
		cr_assert(strncmp(line + strlen(who), "warning: ", 9) == 0,
			  "row %d: not a warning: %s", k, r.err);
	cr_assert(strstr(line, row->expect) != NULL, "row %d: no '%s' in: %s",
		  k, row->expect, r.err);
	if (!(row->flags & BI_SPEC))
		cr_assert(strchr(line, ';') != NULL,
			  "row %d: says not what to do: %s", k, r.err);
	cr_assert_lt(strcspn(line, "\n"), 600, "row %d: a huge line", k);
	cr_assert_str_eq(after, before, "row %d (%s %s) changed files", k,
			 row->argv[0], row->argv[1] ? row->argv[1] : "");
}

/* Whether a child may become nobody and still run our programs: root
 * may, root of a user namespace that maps only the caller's own id may
 * not, and nobody cannot reach a tree cloned into a private home (mode
 * 0700). */
static bool can_be_nobody(void)
{
	static int known = -1;
	const char *mqlab = getenv("MQLAB"), *mqfault = getenv("MQFAULT");
	int status;
	pid_t pid;

	if (known >= 0)
		return known;
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 &&
				      setuid(NOBODY) == 0 && mqlab != NULL &&
				      access(mqlab, X_OK) == 0 &&
				      mqfault != NULL &&
				      access(mqfault, X_OK) == 0 &&
				      access(BADINPUT_DIR, X_OK) == 0
			      ? 0
			      : 1);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	known = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return known;
}

void badinput_table(const struct badinput_row *rows, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		/* Skipped without a warning: Criterion 2.4.1 exits 1 after
		 * one, although every test passed. */
		if ((rows[k].flags & BI_NOBODY) && !can_be_nobody())
			continue;
		check_row(&rows[k], (int)k);
	}
}
