/*
 * cmd-grade.c - `mqlab grade`: grade your code, or prove the labs sound.
 *
 *   mqlab grade 01                      your lab 01, for people
 *   mqlab grade --format gradescope -o results.json
 *   mqlab grade --all --verify          every solution scores 100% and
 *                                       every scored check fails on the
 *                                       untouched skeleton (make test)
 *
 * Without a lab number every lab is graded.  Your grades are recorded
 * for `mqlab list`; those of the reference solution never are.  Exit
 * status: 0 when grading worked (whatever the score), 1 when a lab could
 * not be graded or --verify found a problem, 2 for bad usage.
 *
 * See also: labs/grade.h, labs/gradeout.h, labs/gradebook.h
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/gradebook.h"
#include "labs/gradeout.h"
#include "tui/cmd.h"

#define CMD_GRADE_LIMIT_S 300

struct cmd_grade {
	const struct lab *lab; /* NULL: every lab */
	bool solution, verify;
	int format;
	const char *output;
	int jobs;
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
 * grading), and record the student's even when writing fails. */
static int cmd_grade_report(const struct cmd_grade *o, FILE *f,
			    struct grade_lab *labs, size_t n)
{
	int bad = 0, lost = 0;
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
		if (!o->solution &&
		    gradebook_put(labs[i].dir, labs[i].score, labs[i].max) < 0)
			fprintf(stderr, "mqlab: warning: grade not recorded: "
					"%m\n");
	}
	if (bad)
		fprintf(stderr, "mqlab: some labs could not be graded: see "
				"LAB ERROR above\n");
	return bad | lost;
}

/* -o FILE, opened before grading so that a typo costs no grading run. */
static FILE *cmd_grade_open(const struct cmd_grade *o)
{
	if (o->verify || o->output == NULL || strcmp(o->output, "-") == 0)
		return stdout;
	return fopen(o->output, "w");
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
		return cmd_usage_error("cannot write %s: %m", o->output);
	for (l = lab_registry; *l != NULL; l++)
		n++;
	labs = calloc(2 * (n ? n : 1), sizeof(*labs));
	if (labs == NULL) {
		if (out != stdout)
			fclose(out);
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
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, "mqlab: cannot write %s: %m\n", o->output);
		status = 1;
	}
	out = stdout;
out_free:
	if (out != stdout)
		fclose(out);
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool all = false;
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
			o->jobs = atoi(optarg);
			if (o->jobs < 1)
				return cmd_usage_error(
					"--jobs needs a positive "
					"number, not '%s'",
					optarg);
			break;
		case 'h':
			cmd_print_usage(&cmd_grade_entry);
			return -1;
		case ':':
			return cmd_usage_error("%s needs a value; see mqlab "
					       "grade --help",
					       argv[optind - 1]);
		default:
			return cmd_usage_error("unknown option '%s'; see mqlab "
					       "grade --help",
					       argv[optind - 1]);
		}
	}
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
	return cmd_grade_go(&o);
}

const struct cmd_entry cmd_grade_entry = {
	.name = "grade",
	.usage = "[NN|--all] [--solution] [--format human|tap|junit|"
		 "gradescope] [-o FILE] [--verify] [-j JOBS]",
	.help = "run the lab's graded checks on your code (or the reference "
		"solution) and print the score",
	.exec = cmd_grade_exec,
};
