/*
 * cmd-grade-class.c - `mqlab grade --submissions DIR`: grade a class.
 *
 *   mqlab grade --submissions DIR [--jobs N] [--out DIR]
 *
 * Every student's labs are built and checked in jails (labs/batch.h);
 * the grades go to OUT (default ./mqlab-grades): NAME/results.json and
 * summary.csv.  While it works, a progress bar on stderr when that is a
 * terminal, else one line per student graded; then a table on stdout.
 * Exit status: 0 when every submission was graded, whatever the scores;
 * 1 when the grader itself could not grade some lab (no kit, no jail)
 * or could not write the results; 2 for bad usage, before anything is
 * graded or written.
 *
 * See also: labs/batch.h, tui/cmd-grade.c, docs/labs.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labs/batch.h"
#include "labs/catalog.h"
#include "labs/jail.h"
#include "tui/cmd-grade.h"
#include "tui/cmd.h"

#define BAR_WIDTH 30 /* as many '#' as class_progress() draws at most */

struct class_view {
	bool tty;
	bool drawn;
};

static void class_progress(void *arg, const struct batch *b,
			   const struct batch_student *s)
{
	struct class_view *v = arg;
	size_t fill;

	if (!v->tty) {
		if (s != NULL)
			fprintf(stderr, "graded %s (%zu/%zu)\n", s->name,
				b->done, b->n);
		return;
	}
	fill = b->labs_run ? BAR_WIDTH * b->labs_done / b->labs_run : 0;
	fprintf(stderr, "\r\033[K[%.*s%*s] %zu/%zu students, %zu/%zu labs",
		(int)fill, "##############################",
		(int)(BAR_WIDTH - fill), "", b->done, b->n, b->labs_done,
		b->labs_run);
	if (s != NULL)
		fprintf(stderr, "  %.20s done", s->name);
	fflush(stderr);
	v->drawn = true;
}

int cmd_grade_class(const char *dir, const char *out, int jobs)
{
	struct class_view view = {.tty = isatty(STDERR_FILENO) == 1};
	struct batch b;
	char why[1024];
	int outfd, status = 0;
	size_t i;

	if (batch_open(&b, dir, lab_registry, why, sizeof(why)) < 0) {
		/* Not the user's mistake: no memory, a busy machine. */
		if (errno == ENOMEM || errno == EBUSY || errno == EMFILE ||
		    errno == ENFILE)
			return cmd_fail("%s", why);
		return cmd_usage_error("%s", why);
	}
	if (batch_kit(&b, why, sizeof(why)) < 0) {
		batch_free(&b);
		return cmd_fail("%s", why);
	}
	outfd = batch_out_open(out, why, sizeof(why));
	if (outfd < 0) {
		batch_free(&b);
		return cmd_usage_error("%s", why);
	}
	for (i = 0; i < b.nskipped; i++)
		fprintf(stderr, "mqlab: skipped %s\n", b.skipped[i]);
	if (!jail_memory_bounded())
		fprintf(stderr, "mqlab: warning: no memory cgroup here: each "
				"submission's memory is bounded by its process "
				"limits only\n");
	b.progress = class_progress;
	b.progress_arg = &view;
	if (batch_grade(&b, jobs, why, sizeof(why)) < 0) {
		if (view.drawn)
			fputs("\r\033[K", stderr);
		status = cmd_fail("%s", why);
		goto out_free;
	}
	if (view.drawn)
		fputs("\r\033[K", stderr);
	batch_out_table(stdout, &b);
	fflush(stdout);
	if (batch_out_write(&b, outfd, why, sizeof(why)) < 0)
		status = cmd_fail("%s in '%s'", why, cmd_quote(out));
	else if (b.ungraded)
		status = cmd_fail("some labs could not be graded by the "
				  "grader's fault: see their results");
	else
		fprintf(stderr, "mqlab: %zu student%s graded; results in %s/\n",
			b.n, b.n == 1 ? "" : "s", cmd_quote(out));
out_free:
	close(outfd);
	batch_free(&b);
	return status;
}
