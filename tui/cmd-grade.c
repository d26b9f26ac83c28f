/*
 * cmd-grade.c - `mqlab grade`: grade your code, or prove the labs sound.
 *
 *   mqlab grade 01                      your lab 01, for people
 *   mqlab grade --format gradescope -o results.json
 *   mqlab grade --all --verify          every solution scores 100% and
 *                                       every scored check fails on the
 *                                       untouched skeleton (make test)
 *   mqlab grade --submissions DIR       a class (tui/cmd-grade-class.c)
 *
 * Without a lab number every lab is graded.  Your grades are recorded
 * for `mqlab list`; those of the reference solution never are.  Exit
 * status: 0 when every lab got its full score, 1 when one did not (or
 * could not be graded, or --verify found a problem), 2 for bad usage.
 *
 * See also: labs/grade.h, labs/gradeout.h, labs/gradebook.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/strnum.h"
#include "labs/catalog.h"
#include "labs/gradebook.h"
#include "labs/gradeout.h"
#include "tui/cmd-grade.h"
#include "tui/cmd.h"

#define CMD_GRADE_LIMIT_S 300

struct cmd_grade {
	const struct lab *lab; /* NULL: every lab */
	bool solution, verify;
	int format;
	const char *output;
	int jobs;
	const char *submissions, *out; /* a class: tui/cmd-grade-class.c */
	char tmp[PATH_MAX];	       /* -o's temporary name, or "" */
};

static int cmd_grade_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

/* One lab's verdict for --verify: prints it, returns 0 when sound. */
static int cmd_grade_verify_lab(const struct grade_lab *sol,
				const struct grade_lab *stu)
{
	char happened[1400];
	int bad = 0;
	size_t k;

	if (sol->error[0] != '\0' || stu->error[0] != '\0') {
		printf("verify %s: FAILED, the lab is broken:\n  %s\n",
		       sol->dir, sol->error[0] ? sol->error : stu->error);
		return 1;
	}
	for (k = 0; k < sol->nchecks; k++) {
		const struct grade_check *c = &sol->checks[k];

		if (c->passed)
			continue;
		gradeout_happened(c, happened, sizeof(happened));
		printf("verify %s: FAILED: the solution fails check %d.%d "
		       "(%s): %s\n",
		       sol->dir, sol->lab->number, c->number, c->check->title,
		       happened);
		bad = 1;
	}
	for (k = 0; k < stu->nchecks; k++) {
		const struct grade_check *c = &stu->checks[k];

		if (!c->passed || c->check->points == 0)
			continue;
		printf("verify %s: FAILED: the untouched skeleton passes "
		       "check %d.%d (%s), worth %d points\n",
		       stu->dir, stu->lab->number, c->number, c->check->title,
		       c->check->points);
		bad = 1;
	}
	if (!bad)
		printf("verify %s: ok (solution %d/%d, skeleton %d/%d)\n",
		       sol->dir, sol->score, sol->max, stu->score, stu->max);
	return bad;
}

static int cmd_grade_verify(struct grade_lab *labs, size_t n)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i += 2)
		bad |= cmd_grade_verify_lab(&labs[i], &labs[i + 1]);
	printf("verify: %s\n", bad ? "FAILED" : "every lab is consistent");
	return bad;
}

/* Write the grades to f (already open: a bad -o FILE was refused before
 * grading), and record the student's even when writing fails.  Returns
 * 1 when a lab scored less than its maximum. */
static int cmd_grade_report(const struct cmd_grade *o, FILE *f,
			    struct grade_lab *labs, size_t n)
{
	int bad = 0, lost = 0, below = 0;
	size_t i;

	gradeout_write(f, o->format, labs, n);
	if (fflush(f) != 0 || ferror(f)) {
		fprintf(stderr, "mqlab: cannot write %s: %m\n",
			f == stdout ? "the grades" : o->output);
		lost = 1;
	}
	for (i = 0; i < n; i++) {
		if (labs[i].error[0] != '\0') {
			bad = 1;
			continue;
		}
		if (labs[i].score < labs[i].max)
			below = 1;
		if (!o->solution &&
		    gradebook_put(labs[i].dir, labs[i].score, labs[i].max) < 0)
			fprintf(stderr, "mqlab: warning: grade not recorded: "
					"%m\n");
	}
	if (bad)
		fprintf(stderr, "mqlab: some labs could not be graded: see "
				"LAB ERROR above\n");
	return bad | lost | below;
}

/*
 * -o FILE, opened before grading so that a typo costs no grading run.  A
 * regular file (or a new one) is written under a temporary name beside
 * it and renamed over it at the end, so a run that fails leaves the old
 * one whole; anything else (a FIFO, /dev/stdout, a link) is written in
 * place.
 */
static FILE *cmd_grade_open(struct cmd_grade *o)
{
	mode_t mode = 0644;
	struct stat st;
	FILE *f;
	int fd;

	o->tmp[0] = '\0';
	if (o->verify || o->output == NULL || strcmp(o->output, "-") == 0)
		return stdout;
	if (lstat(o->output, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return fopen(o->output, "w");
		mode = st.st_mode & 07777;
	}
	if (snprintf(o->tmp, sizeof(o->tmp), "%s.tmp-XXXXXX", o->output) >=
	    (int)sizeof(o->tmp)) {
		o->tmp[0] = '\0';
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkostemp(o->tmp, O_CLOEXEC);
	f = fd >= 0 && fchmod(fd, mode) == 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		int saved = errno;

		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		o->tmp[0] = '\0';
		errno = saved;
	}
	return f;
}

/* Close -o's file: renamed over FILE when keep (the grades are all in
 * it), else removed.  Returns 0, or -1 with errno. */
static int cmd_grade_close(struct cmd_grade *o, FILE *f, bool keep)
{
	int bad = fclose(f) != 0, saved;

	if (o->tmp[0] == '\0')
		return bad ? -1 : 0;
	if (!bad && keep && rename(o->tmp, o->output) == 0)
		return 0;
	saved = errno;
	unlink(o->tmp);
	errno = saved;
	return keep ? -1 : 0;
}

static int cmd_grade_go(struct cmd_grade *o)
{
	const struct lab *const *l;
	struct grade_lab *labs;
	size_t n = 0, i;
	int status;
	FILE *out;

	out = cmd_grade_open(o);
	if (out == NULL)
		return cmd_usage_error("cannot write %s: %m; give -o a file "
				       "you can write",
				       cmd_quote(o->output));
	for (l = lab_registry; *l != NULL; l++)
		n++;
	labs = calloc(2 * (n ? n : 1), sizeof(*labs));
	if (labs == NULL) {
		if (out != stdout)
			cmd_grade_close(o, out, false);
		return cmd_fail("out of memory");
	}
	for (n = 0, l = lab_registry; *l != NULL; l++) {
		if (o->lab != NULL && *l != o->lab)
			continue;
		labs[n].lab = *l;
		labs[n++].solution = o->verify || o->solution;
		if (o->verify) {
			labs[n].lab = *l;
			labs[n++].solution = false;
		}
	}
	if (grade_run(labs, n, o->jobs, CMD_GRADE_LIMIT_S) < 0) {
		status = cmd_fail("cannot grade: %m");
		goto out_free;
	}
	fflush(stdout);
	status = o->verify ? cmd_grade_verify(labs, n)
			   : cmd_grade_report(o, out, labs, n);
	if (out != stdout && cmd_grade_close(o, out, true) < 0) {
		fprintf(stderr,
			"mqlab: cannot write %s: %m; give -o a file you can "
			"write\n",
			cmd_quote(o->output));
		status = 1;
	}
	out = stdout;
out_free:
	if (out != stdout)
		cmd_grade_close(o, out, false);
	for (i = 0; i < n; i++)
		grade_free(&labs[i], 1);
	free(labs);
	return status;
}

static int cmd_grade_options(struct cmd_grade *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"all", no_argument, NULL, 'a'},
		{"solution", no_argument, NULL, 's'},
		{"verify", no_argument, NULL, 'v'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"submissions", required_argument, NULL, 'S'},
		{"out", required_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool all = false;
	long jobs;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":o:j:h", longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case 'a':
			all = true;
			break;
		case 's':
			o->solution = true;
			break;
		case 'v':
			o->verify = true;
			break;
		case 'f':
			o->format = gradeout_lookup(optarg);
			if (o->format < 0)
				return cmd_usage_error(
					"unknown format '%s'; use human, tap, "
					"junit or gradescope",
					optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			if (strnum_long(optarg, 1, 1024, &jobs) < 0)
				return cmd_usage_error(
					"--jobs needs a whole number from 1 "
					"to 1024, not '%s'; try --jobs 2",
					cmd_quote(optarg));
			o->jobs = (int)jobs;
			break;
		case 'S':
			o->submissions = optarg;
			break;
		case 'O':
			o->out = optarg;
			break;
		case 'h':
			cmd_print_usage(&cmd_grade_entry);
			return -1;
		case ':':
			return cmd_usage_error("%s needs a value; see mqlab "
					       "grade --help",
					       cmd_quote(argv[optind - 1]));
		default:
			return cmd_usage_error("unknown option '%s'; see mqlab "
					       "grade --help",
					       cmd_quote(argv[optind - 1]));
		}
	}
	if (o->submissions != NULL &&
	    (optind < argc || all || o->solution || o->verify ||
	     o->output != NULL || o->format != GRADEOUT_HUMAN))
		return cmd_usage_error("--submissions grades a class: it takes "
				       "no lab number, --all, --solution, "
				       "--verify, --format or -o; see mqlab "
				       "grade --help");
	if (o->out != NULL && o->submissions == NULL)
		return cmd_usage_error("--out is where --submissions writes "
				       "a class's grades; for your own, use "
				       "-o FILE");
	if (optind < argc - 1 || (all && optind < argc))
		return cmd_usage_error("grade takes one lab number or --all; "
				       "try mqlab grade 01");
	if (optind == argc - 1) {
		o->lab = cmd_find_lab(argv[optind]);
		if (o->lab == NULL)
			return 2;
	}
	return 0;
}

static int cmd_grade_exec(int argc, char *argv[])
{
	struct cmd_grade o = {.format = GRADEOUT_HUMAN,
			      .jobs = cmd_grade_jobs()};
	int status = cmd_grade_options(&o, argc, argv);

	if (status < 0)
		return 0;
	if (status > 0)
		return status;
	if (o.submissions != NULL)
		return cmd_grade_class(o.submissions,
				       o.out != NULL ? o.out : "mqlab-grades",
				       o.jobs);
	return cmd_grade_go(&o);
}

const struct cmd_entry cmd_grade_entry = {
	.name = "grade",
	.usage = "[NN|--all] [--solution] [--format human|tap|junit|"
		 "gradescope] [-o FILE] [--verify] [-j JOBS]\n"
		 "       mqlab grade --submissions DIR [--jobs N] [--out DIR]",
	.help = "run the lab's graded checks on your code (or the reference "
		"solution) and print the score; or grade a class's "
		"submissions, each in a jail",
	.exec = cmd_grade_exec,
};
