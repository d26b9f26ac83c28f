/*
 * batch_out.c - a graded class on disk and on screen.
 *
 *   OUT/NAME/results.json   Gradescope's schema, every lab of the student
 *                           (labs/gradeout.c writes it); a lab that did
 *                           not compile has the compiler's message in
 *                           its "output"
 *   OUT/summary.csv         student, one score per lab, total, max,
 *                           wall_s, failures (RFC 4180 quoting)
 *
 * Each file is written under a temporary name in its folder and renamed
 * over the old one, so a reader never sees half a file and a crash
 * leaves the previous results; nothing else in OUT is touched.  NAME is
 * the student's escaped name (labs/batch_scan.c): never a path.
 *
 * See also: labs/batch.h, labs/gradeout.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/quote.h"
#include "labs/gradeout.h"

int batch_out_open(const char *out, char *why, size_t size)
{
	char probe[64], shown[4 * QUOTE_VALUE_MAX + 8];
	bool made = false;
	int fd, tmp, saved;

	if (out[0] == '\0') {
		snprintf(why, size,
			 "--out needs a folder name; give --out DIR, or leave "
			 "it out for ./mqlab-grades");
		errno = EINVAL;
		return -1;
	}
	if (mkdir(out, 0755) == 0)
		made = true;
	else if (errno != EEXIST)
		goto out_fail;
	fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		goto out_rmdir;
	/* Root may write anywhere the file system allows: try it. */
	snprintf(probe, sizeof(probe), ".mqlab-probe.%d", (int)getpid());
	tmp = openat(fd, probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (tmp < 0) {
		close(fd);
		goto out_rmdir;
	}
	close(tmp);
	unlinkat(fd, probe, 0);
	return fd;

out_rmdir:
	saved = errno;
	if (made)
		rmdir(out);
	errno = saved;
out_fail:
	snprintf(why, size,
		 "cannot write the grades in '%s': %s; give --out a folder "
		 "you can write (its parent must exist)",
		 quote_value(shown, sizeof(shown), out), strerror(errno));
	return -1;
}

/* A file of dirfd, written through a temporary name. */
static FILE *batch_out_begin(int dirfd, const char *name, char *tmp,
			     size_t size)
{
	FILE *f;
	int fd;

	snprintf(tmp, size, ".%s.%d.tmp", name, (int)getpid());
	fd = openat(dirfd, tmp,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlinkat(dirfd, tmp, 0);
	}
	return f;
}

static int batch_out_end(int dirfd, FILE *f, const char *tmp, const char *name)
{
	int bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) < 0;
	int saved = errno;

	if (fclose(f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (!bad && renameat(dirfd, tmp, dirfd, name) == 0)
		return 0;
	if (!bad)
		saved = errno;
	unlinkat(dirfd, tmp, 0);
	errno = saved;
	return -1;
}

static int batch_out_student(const struct batch *b,
			     const struct batch_student *s, int outfd)
{
	char tmp[64];
	int fd, ret;
	FILE *f;

	if (mkdirat(outfd, s->name, 0755) < 0 && errno != EEXIST)
		return -1;
	fd = openat(outfd, s->name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	f = batch_out_begin(fd, "results.json", tmp, sizeof(tmp));
	if (f == NULL) {
		close(fd);
		return -1;
	}
	gradeout_write(f, GRADEOUT_GRADESCOPE, s->labs, b->nlabs);
	ret = batch_out_end(fd, f, tmp, "results.json");
	close(fd);
	return ret;
}

/* One CSV field: quoted when it holds a comma, a quote or a newline. */
static void batch_out_csv(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void batch_out_summary(FILE *f, const struct batch *b)
{
	char failures[1024];
	size_t i, k;

	fputs("student", f);
	for (k = 0; k < b->nlabs; k++)
		fprintf(f, ",%02d-%s", b->labs[k]->number, b->labs[k]->slug);
	fputs(",total,max,wall_s,failures\n", f);
	for (i = 0; i < b->n; i++) {
		const struct batch_student *s = &b->students[i];

		batch_out_csv(f, s->name);
		for (k = 0; k < b->nlabs; k++)
			fprintf(f, ",%d", s->labs[k].score);
		fprintf(f, ",%d,%d,%.1f,", s->score, s->max, s->wall_s);
		batch_out_failures(s, b->nlabs, failures, sizeof(failures));
		batch_out_csv(f, failures);
		fputc('\n', f);
	}
}

int batch_out_write(const struct batch *b, int outfd, char *why, size_t size)
{
	char tmp[64];
	size_t i;
	FILE *f;

	for (i = 0; i < b->n; i++) {
		if (batch_out_student(b, &b->students[i], outfd) < 0) {
			snprintf(why, size, "cannot write %s/results.json: %s",
				 b->students[i].name, strerror(errno));
			return -1;
		}
	}
	f = batch_out_begin(outfd, BATCH_SUMMARY, tmp, sizeof(tmp));
	if (f != NULL) {
		batch_out_summary(f, b);
		if (batch_out_end(outfd, f, tmp, BATCH_SUMMARY) == 0)
			return 0;
	}
	snprintf(why, size, "cannot write summary.csv: %s", strerror(errno));
	return -1;
}

/* Append "; " and text to buf. */
static void batch_out_add(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void batch_out_add(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n > 0 && n + 2 < size) {
		strcpy(buf + n, "; ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

void batch_out_failures(const struct batch_student *s, size_t nlabs, char *buf,
			size_t size)
{
	size_t k, c, failed;

	buf[0] = '\0';
	for (k = 0; k < nlabs; k++) {
		const struct grade_lab *g = &s->labs[k];
		int nn = g->lab->number;

		switch (s->state[k].outcome) {
		case BATCH_GRADED:
			for (c = 0, failed = 0; c < g->nchecks; c++)
				failed += !g->checks[c].passed;
			if (failed > 0)
				batch_out_add(buf, size,
					      "%02d: %zu check%s failed", nn,
					      failed, failed > 1 ? "s" : "");
			break;
		case BATCH_NOT_SUBMITTED:
			batch_out_add(buf, size, "%02d not submitted", nn);
			break;
		case BATCH_REFUSED:
			batch_out_add(buf, size, "%02d refused: %s", nn,
				      s->state[k].why);
			break;
		case BATCH_NO_BUILD:
			batch_out_add(buf, size, "%02d %s", nn,
				      batch_build_failure(g));
			break;
		case BATCH_BROKEN:
			batch_out_add(buf, size,
				      "%02d: its checks did not run to their "
				      "end",
				      nn);
			break;
		case BATCH_UNGRADED:
			batch_out_add(buf, size,
				      "%02d not graded (grader error)", nn);
			break;
		}
	}
}

void batch_out_table(FILE *f, const struct batch *b)
{
	char failures[1024];
	size_t i, k;

	fprintf(f, "%-20s", "student");
	for (k = 0; k < b->nlabs; k++)
		fprintf(f, "   %02d", b->labs[k]->number);
	fprintf(f, " %9s %7s  %s\n", "total", "wall_s", "failures");
	for (i = 0; i < b->n; i++) {
		const struct batch_student *s = &b->students[i];
		char total[32];

		fprintf(f, "%-20.20s", s->name);
		for (k = 0; k < b->nlabs; k++) {
			if (s->state[k].outcome == BATCH_NOT_SUBMITTED)
				fprintf(f, " %4s", "-");
			else
				fprintf(f, " %4d", s->labs[k].score);
		}
		snprintf(total, sizeof(total), "%d/%d", s->score, s->max);
		batch_out_failures(s, b->nlabs, failures, sizeof(failures));
		fprintf(f, " %9s %7.1f  %s\n", total, s->wall_s, failures);
	}
}
