/*
 * batch_jail.c - one lab of one student: open, jail, build, then check.
 *
 * This is grade_lab.child, run in the runner's process between fork()
 * and exec().  As the grader (root of the host) it opens the student's
 * file the safe way (labs/batch_scan.c), hands the results file to the
 * slot's user (the runner reopens it by name, /dev/fd/3, and the kernel
 * checks ownership), keeps exactly five descriptors (0 null, 1 and 2 the
 * log, 3 the results, 4 the source) and enters the jail.  Inside, the
 * source is copied, or the tarball extracted by tar, into the jail's own
 * /tmp; cc compiles it against the kit's headers, the object is sealed
 * (nothing in it may run before the checks or replace the runner's own
 * functions) and linked with the lab's prebuilt checks (the kit is bound
 * read-only on /kit), and the process returns to exec the runner it
 * built, in a clean environment.
 *
 * A step that fails inside the jail ends it with BATCH_EXIT_* and says
 * why on stdout, which is the runner's log (grade.c put it there), not
 * anybody's terminal; if the jail itself cannot be built, the process
 * outside kills itself with BATCH_JAIL_FAILED, which nothing inside a
 * jail can do to it, so a submission cannot pass its failure off as the
 * grader's.
 *
 * See also: labs/batch.h, labs/jail.h, labs/grade.c (grade_child())
 * SPDX-License-Identifier: MIT
 */
#include "labs/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/jail.h"

/* The Makefile passes the flags the lab programs are built with. */
#ifndef BATCH_CC
#define BATCH_CC "cc"
#endif
#ifndef BATCH_CFLAGS
#define BATCH_CFLAGS "-std=gnu11 -D_GNU_SOURCE -O2 -g -Wall"
#endif
#ifndef BATCH_LDFLAGS
#define BATCH_LDFLAGS ""
#endif
#ifndef BATCH_LIBS
#define BATCH_LIBS "-lncursesw -ltinfo -lseccomp -lcriterion -lpthread"
#endif

#define KIT   "/kit"
#define SUB   "/tmp/sub"   /* the submission, as the student wrote it */
#define WORK  "/tmp/mqlab" /* what we make of it */
#define ARGS  64	   /* a build command's argv, NULL included */
#define SHOWN 800	   /* bytes of a compiler's message we keep */

int batch_jail_kit(char *buf, size_t size)
{
	return catalog_libexec("kit", buf, size);
}

/* End the jail with code after a one-line reason in the log. */
static void __attribute__((noreturn, format(printf, 2, 3)))
batch_jail_stop(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	_exit(code);
}

/* The most argv entries a command adds after a list of words. */
#define ARGS_AFTER 8

/* Split words (separated by spaces) into argv[*n...], leaving room for
 * the ARGS_AFTER fixed arguments that follow them. */
static void batch_jail_words(char *words, const char **argv, int *n)
{
	char *w;

	for (w = strtok(words, " "); w != NULL && *n < ARGS - ARGS_AFTER;
	     w = strtok(NULL, " "))
		argv[(*n)++] = w;
}

/* Run argv with its output in log; returns its wait status, or -1. */
static int batch_jail_run(const char **argv, const char *log, int input)
{
	int status, fd;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		if (input >= 0 && dup2(input, 0) < 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Copy the start of log, in whole lines, to our stdout (the grader's
 * log) and stop with code. */
static void __attribute__((noreturn))
batch_jail_fail(int code, const char *what, const char *log)
{
	char buf[SHOWN + 1], *end;
	ssize_t n = 0;
	int fd = open(log, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		n = read(fd, buf, SHOWN);
	buf[n > 0 ? n : 0] = '\0';
	end = n == SHOWN ? strrchr(buf, '\n') : NULL;
	if (end != NULL)
		strcpy(end + 1, "...");
	batch_jail_stop(code, "%s\n%s", what, buf);
}

/* The folder's student.c, from descriptor 4, into SUB/labs/DIR/. */
static void batch_jail_copy(const char *dir)
{
	char path[PATH_MAX], buf[1 << 16];
	size_t total = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SUB "/labs/%s", dir);
	if (mkdir(SUB, 0700) < 0 || mkdir(SUB "/labs", 0700) < 0 ||
	    mkdir(path, 0700) < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED, "cannot make %s: %m", path);
	strcat(path, "/student.c");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED, "cannot make %s: %m", path);
	while ((n = read(4, buf, sizeof(buf))) > 0) {
		total += (size_t)n;
		if (total > BATCH_SOURCE_MAX)
			batch_jail_stop(BATCH_EXIT_REFUSED,
					"student.c is larger than %d MiB",
					BATCH_SOURCE_MAX >> 20);
		if (write(fd, buf, (size_t)n) != n)
			batch_jail_stop(BATCH_EXIT_REFUSED,
					"cannot copy student.c: %m");
	}
	if (n < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED,
				"cannot read student.c: %m");
	close(fd);
}

/* Where labs/ is in what tar made: SUB itself, or its one folder.
 * Returns false when it is in neither. */
static bool batch_jail_top(char *top, size_t size)
{
	struct dirent *d;
	struct stat st;
	int found = 0;
	DIR *dir;

	snprintf(top, size, SUB);
	if (lstat(SUB "/labs", &st) == 0)
		return true;
	dir = opendir(SUB);
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		found++;
		snprintf(top, size, SUB "/%s", d->d_name);
	}
	if (dir != NULL)
		closedir(dir);
	if (found == 1 && lstat(top, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	snprintf(top, size, SUB);
	return false;
}

/* Extract the tarball (descriptor 4) into SUB; find the lab's file. */
static void batch_jail_extract(const struct batch_student *s, const char *dir,
			       char *top, size_t size)
{
	const char *argv[] = {"tar",
			      "-x",
			      "-f",
			      "-",
			      "-C",
			      SUB,
			      "--no-same-owner",
			      "--no-same-permissions",
			      NULL,
			      NULL};
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	char path[PATH_MAX];
	struct stat st;
	int status, fd, topfd;
	bool found;

	if (s->kind == BATCH_TGZ)
		argv[8] = "-z";
	if (mkdir(SUB, 0700) < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED, "cannot make " SUB ": %m");
	status = batch_jail_run(argv, WORK "/tar.log", 4);
	found = batch_jail_top(top, size);
	snprintf(path, sizeof(path), "labs/%s/student.c", dir);
	topfd = open(top, O_PATH | O_DIRECTORY | O_CLOEXEC);
	fd = topfd < 0 ? -1
		       : (int)syscall(SYS_openat2, topfd, path, &how,
				      sizeof(how));
	if (fd < 0 && errno == ELOOP)
		batch_jail_stop(BATCH_EXIT_REFUSED,
				"%s in the tarball, or a folder on its way, "
				"is a symbolic link: submit the file itself",
				path);
	if (fd < 0 && status != 0)
		batch_jail_fail(
			BATCH_EXIT_REFUSED,
			"the tarball could not be extracted:", WORK "/tar.log");
	if (fd < 0 && !found)
		batch_jail_stop(BATCH_EXIT_REFUSED,
				"the tarball has no labs/ folder, at its top "
				"or in its one top folder");
	if (fd < 0)
		_exit(BATCH_EXIT_MISSING);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		batch_jail_stop(BATCH_EXIT_REFUSED,
				"%s in the tarball is not a regular file",
				path);
	if (st.st_size > BATCH_SOURCE_MAX)
		batch_jail_stop(BATCH_EXIT_REFUSED, "%s is larger than %d MiB",
				path, BATCH_SOURCE_MAX >> 20);
}

/*
 * Nothing of student.o may act before the checks or in their place: no
 * code that runs before main() (labs/batch_elf.c), and no function that
 * would stand in for one of the runner's (criterion_run_all_tests(),
 * fopen()): every global symbol but the lab's own functions, the ones
 * its skeleton defines (KIT/NN-slug/exports), becomes local.
 */
static void batch_jail_seal(const char *dir)
{
	char keep[160], why[256];
	const char *argv[] = {"objcopy", keep, WORK "/student.o",
			      WORK "/sealed.o", NULL};

	if (batch_elf_check(WORK "/student.o", why, sizeof(why)) < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED, "%s", why);
	snprintf(keep, sizeof(keep), "--keep-global-symbols=" KIT "/%s/exports",
		 dir);
	if (batch_jail_run(argv, WORK "/cc.log", -1) != 0)
		batch_jail_fail(BATCH_EXIT_NO_BUILD,
				"did not link:", WORK "/cc.log");
}

/* cc, in the student's folder: the object, then the check runner. */
static void batch_jail_build(const char *dir, const char *top)
{
	char cflags[] = BATCH_CFLAGS, ldflags[] = BATCH_LDFLAGS,
	     libs[] = BATCH_LIBS;
	char src[128], checks[128];
	const char *argv[ARGS];
	int n = 0, status;

	if (chdir(top) < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED, "cannot enter %s: %m", top);
	snprintf(src, sizeof(src), "labs/%s/student.c", dir);
	argv[n++] = BATCH_CC;
	batch_jail_words(cflags, argv, &n);
	argv[n++] = "-I" KIT "/include";
	argv[n++] = "-c";
	argv[n++] = src;
	argv[n++] = "-o";
	argv[n++] = WORK "/student.o";
	argv[n] = NULL;
	status = batch_jail_run(argv, WORK "/cc.log", -1);
	if (status != 0)
		batch_jail_fail(BATCH_EXIT_NO_BUILD,
				"did not compile:", WORK "/cc.log");
	batch_jail_seal(dir);

	snprintf(checks, sizeof(checks), KIT "/%s/check.o", dir);
	n = 0;
	argv[n++] = BATCH_CC;
	batch_jail_words(ldflags, argv, &n);
	argv[n++] = checks;
	argv[n++] = WORK "/sealed.o";
	argv[n++] = KIT "/lib/libmqlab.a";
	argv[n++] = KIT "/lib/libfaults.a";
	batch_jail_words(libs, argv, &n);
	argv[n++] = "-o";
	argv[n++] = WORK "/check-student";
	argv[n] = NULL;
	status = batch_jail_run(argv, WORK "/cc.log", -1);
	if (status != 0)
		batch_jail_fail(BATCH_EXIT_NO_BUILD,
				"did not link:", WORK "/cc.log");
	if (chdir(WORK) < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED,
				"cannot enter " WORK ": %m");
}

/* Variables passed on to the runner when set: the time scale, and the
 * settings of sanitizers (a sanitizer build links a sanitized kit, whose
 * checks need make asan's options, docs/labs.md). */
static const char *const batch_jail_passed[] = {
	"MQLAB_TIMEOUT_SCALE",
	"ASAN_OPTIONS",
	"UBSAN_OPTIONS",
	"LSAN_OPTIONS",
};

#define BATCH_JAIL_PASSED (sizeof(batch_jail_passed) / sizeof(char *))

/* Only what the runner needs; never the grader's own variables. */
static int batch_jail_env(void)
{
	char *keep[BATCH_JAIL_PASSED] = {NULL};
	const char *value;
	int ret = 0;
	size_t i;

	for (i = 0; i < BATCH_JAIL_PASSED; i++) {
		value = getenv(batch_jail_passed[i]);
		if (value != NULL && (keep[i] = strdup(value)) == NULL)
			ret = -1;
	}
	if (ret == 0 &&
	    (clearenv() != 0 || setenv("PATH", "/usr/bin:/bin", 1) < 0 ||
	     setenv("HOME", "/tmp", 1) < 0 || setenv("LANG", "C", 1) < 0 ||
	     setenv("MQLAB_RESULTS", "/dev/fd/3", 1) < 0))
		ret = -1;
	for (i = 0; i < BATCH_JAIL_PASSED; i++) {
		if (ret == 0 && keep[i] != NULL &&
		    setenv(batch_jail_passed[i], keep[i], 1) < 0)
			ret = -1;
		free(keep[i]);
	}
	return ret;
}

/* As the grader: the source on 4, the results on 3, nothing else. */
static int batch_jail_fds(struct grade_lab *g, const struct batch_lab *l)
{
	uid_t id = JAIL_ID_BASE + l->slot;
	char why[256];
	int src, res;

	src = batch_scan_source(l->batch, l->student,
				l->student->kind == BATCH_FOLDER ? l->index : 0,
				why, sizeof(why));
	if (src < 0)
		batch_jail_stop(errno == ENOENT ? BATCH_EXIT_MISSING
						: BATCH_EXIT_REFUSED,
				"%s", why);
	if (fchown(g->results_fd, id, id) < 0)
		return -1;
	/* Both move above 4 first, so that neither dup2() below can close
	 * the other while it is still needed. */
	src = fcntl(src, F_DUPFD, 10);
	res = fcntl(g->results_fd, F_DUPFD, 10);
	if (src < 0 || res < 0 || dup2(res, 3) < 0 || dup2(src, 4) < 0)
		return -1;
	close_range(5, ~0U, 0);
	return 0;
}

int batch_jail_child(struct grade_lab *g, char *runner, size_t size)
{
	const struct batch_lab *l = g->arg;
	struct jail_bind kit = {.target = KIT};
	char top[PATH_MAX];
	sigset_t none;
	struct jail j;

	jail_default(&j, l->slot);
	j.binds = &kit;
	j.nbinds = 1;
	kit.source = l->batch->kit;
	if (batch_jail_fds(g, l) < 0 || jail_enter(&j) < 0) {
		printf("cannot build the jail: %s\n", strerror(errno));
		fflush(stdout);
		sigemptyset(&none);
		signal(BATCH_JAIL_FAILED, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		raise(BATCH_JAIL_FAILED);
		_exit(127);
	}
	if (batch_jail_env() < 0 || mkdir(WORK, 0700) < 0)
		batch_jail_stop(BATCH_EXIT_REFUSED, "cannot set up: %m");
	if (l->student->kind == BATCH_FOLDER) {
		batch_jail_copy(g->dir);
		snprintf(top, sizeof(top), SUB);
	} else {
		batch_jail_extract(l->student, g->dir, top, sizeof(top));
	}
	close(4);
	batch_jail_build(g->dir, top);
	snprintf(runner, size, WORK "/check-student");
	return 0;
}
