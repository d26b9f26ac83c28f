/*
 * test_runtime.c - the mqlab command as a student meets it: list, info,
 * grade and bad input.
 *
 * Each test runs the real binary (MQLAB) in the test's own IPC namespace
 * and judges its output, files and exit status.  Grades go to a private
 * XDG_STATE_HOME, so the user's own grade book is never touched.
 *
 * See also: tests/test_runtime.h, tui/, labs/gradeout.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

TestSuite(runtime, .init = isolate_or_fail, .timeout = 60);

static struct cmd_out r;

/* A fresh state directory, as an XDG_STATE_HOME=... string. */
static const char *state_env(void)
{
	static char env[64] = "XDG_STATE_HOME=/tmp/mqlab-state-XXXXXX";

	cr_assert(mkdtemp(env + strlen("XDG_STATE_HOME=")) != NULL);
	return env;
}

static void read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	cr_assert(f != NULL, "%s: %s", path, strerror(errno));
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void remove_state(const char *env)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'",
		 env + strlen("XDG_STATE_HOME="));
	cr_assert(system(cmd) == 0);
}

Test(runtime, list_shows_every_lab_folder)
{
	const char *args[] = {"list", NULL};
	char want[16];
	glob_t g;
	size_t i;

	mqlab_cmd(&r, args, (const char *[]){state_env(), NULL});
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	cr_assert(glob("labs/[0-9][0-9]-*/lab.c", 0, NULL, &g) == 0,
		  "no labs/NN-slug/lab.c from %s", getcwd(NULL, 0));
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(want, sizeof(want), "\n%.2s  ", g.gl_pathv[i] + 5);
		cr_expect(strstr(r.out, want) != NULL,
			  "lab %.2s missing from mqlab list:\n%s",
			  g.gl_pathv[i] + 5, r.out);
	}
	cr_assert(g.gl_pathc >= 1);
	globfree(&g);
}

Test(runtime, info_prints_the_handout)
{
	const char *args[] = {"info", "1", NULL};

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	cr_assert(strncmp(r.out, "# Lab 01", 8) == 0, "got: %.80s", r.out);
}

/* Bad input: exit status 2, nothing on stdout, one line on stderr that
 * says "mqlab: what; what to do". */
static void assert_usage_error(const char *const args[], const char *want)
{
	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 2, "exit %d, stderr: %s",
		     mqlab_exit_code(&r), r.err);
	cr_assert_eq(r.nout, 0, "stdout: %s", r.out);
	cr_assert(strncmp(r.err, "mqlab: ", 7) == 0, "stderr: %s", r.err);
	cr_assert(strchr(r.err, '\n') == r.err + r.nerr - 1, "not one line: %s",
		  r.err);
	cr_assert(strchr(r.err, ';') != NULL, "no advice: %s", r.err);
	cr_assert(strstr(r.err, want) != NULL, "'%s' not in: %s", want, r.err);
}

Test(runtime, bad_input_is_one_line_and_status_2)
{
	assert_usage_error((const char *[]){"run", "99", NULL}, "01");
	assert_usage_error((const char *[]){"info", "no-such-lab", NULL}, "01");
	assert_usage_error((const char *[]){"run", "01", "--for", "-1", NULL},
			   "--for");
	assert_usage_error((const char *[]){"run", "01", "-e",
					    "mq_sned:error=EAGAIN", NULL},
			   "mq_send");
	assert_usage_error((const char *[]){"run", "01", "-e",
					    "nobody@mq_send:error=EAGAIN",
					    NULL},
			   "producer");
	assert_usage_error((const char *[]){"run", "01", "-p", "no such", NULL},
			   "preset");
	assert_usage_error((const char *[]){"grade", "--format", "xml", NULL},
			   "gradescope");
	assert_usage_error((const char *[]){"frobnicate", NULL}, "grade");
}

Test(runtime, gradescope_output_is_valid_json_and_grade_is_recorded)
{
	const char *env = state_env();
	char path[128], json[1 << 16], grades[256];
	const char *args[] = {"grade", "01", "--format", "gradescope",
			      "-o",    path, NULL};

	snprintf(path, sizeof(path), "%s/results.json",
		 env + strlen("XDG_STATE_HOME="));
	mqlab_cmd(&r, args, (const char *[]){env, NULL});
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	read_file(path, json, sizeof(json));
	cr_assert(json_valid(json, false), "invalid JSON:\n%s", json);
	cr_assert(strstr(json, "\"name\": \"01-full-queue: ") != NULL);
	cr_assert(strstr(json, "\"number\": \"1.1\"") != NULL);
	cr_assert(strstr(json, "\"max_score\": 100") != NULL, "%s", json);

	snprintf(path, sizeof(path), "%s/mqlab/grades",
		 env + strlen("XDG_STATE_HOME="));
	read_file(path, grades, sizeof(grades));
	cr_assert(strncmp(grades, "01-full-queue ", 14) == 0, "%s", grades);
	mqlab_cmd(&r, (const char *[]){"list", NULL},
		  (const char *[]){env, NULL});
	cr_assert(strstr(r.out, "/100") != NULL, "no grade in:\n%s", r.out);
	remove_state(env);
}

Test(runtime, solution_grades_are_never_recorded)
{
	const char *env = state_env();
	const char *args[] = {"grade", "01", "--solution", NULL};
	char path[128];
	struct stat st;

	mqlab_cmd(&r, args, (const char *[]){env, NULL});
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	cr_assert(strstr(r.out, "Score: 100/100") != NULL, "%s", r.out);
	snprintf(path, sizeof(path), "%s/mqlab/grades",
		 env + strlen("XDG_STATE_HOME="));
	cr_assert(stat(path, &st) < 0 && errno == ENOENT);
	remove_state(env);
}

Test(runtime, human_grade_shows_hints_and_scores)
{
	const char *env = state_env();
	const char *args[] = {"grade", "01", NULL};

	mqlab_cmd(&r, args, (const char *[]){env, NULL});
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	cr_assert(strstr(r.out, "FAIL  1.1 ") != NULL, "%s", r.out);
	cr_assert(strstr(r.out, "hint:") != NULL, "%s", r.out);
	cr_assert(strstr(r.out, "happened: ") != NULL, "%s", r.out);
	cr_assert(strstr(r.out, "Score: 0/100") != NULL, "%s", r.out);
	cr_assert(strstr(r.out, "Total: 0/100") != NULL, "%s", r.out);
	remove_state(env);
}

Test(runtime, tap_and_junit_are_well_formed)
{
	const char *env = state_env();
	char path[128], cmd[256];

	mqlab_cmd(&r, (const char *[]){"grade", "1", "--format", "tap", NULL},
		  (const char *[]){env, NULL});
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	cr_assert(strncmp(r.out, "TAP version 13\n1..", 18) == 0, "%s", r.out);
	cr_assert(strstr(r.out, "\nnot ok 1 - 01-full-queue: ") != NULL);

	snprintf(path, sizeof(path), "%s/junit.xml",
		 env + strlen("XDG_STATE_HOME="));
	mqlab_cmd(&r,
		  (const char *[]){"grade", "1", "--format", "junit", "-o",
				   path, NULL},
		  (const char *[]){env, NULL});
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s\nstdout: %.2000s",
		     r.err, r.out);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sys, xml.dom.minidom as m; "
		 "m.parse(sys.argv[1])' %s",
		 path);
	cr_assert(system(cmd) == 0, "invalid XML in %s", path);
	remove_state(env);
}
