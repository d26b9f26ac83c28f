/*
 * gradeout.c - write graded labs as text, TAP, JUnit XML or Gradescope.
 *
 * One writer per format, in a table.  The human format is for a student
 * at a terminal: failures carry the hint, wrapped to 80 columns.  TAP is
 * version 13 with a YAML block per failure; JUnit has one testsuite per
 * lab; Gradescope is its results.json (score, max_score, tests[]).
 * A lab whose checks and tests disagree shows that error in every format.
 *
 * See also: labs/gradeout.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/gradeout.h"

#include <signal.h>
#include <string.h>

#include "labs/json.h"

int gradeout_happened(const struct grade_check *c, char *buf, size_t size)
{
	const struct results_test *t = c->test;
	const char *sig;

	if (t == NULL)
		return snprintf(buf, size, "the check runner has no test %s",
				c->check->test);
	switch (t->status) {
	case RESULTS_PASSED:
		return snprintf(buf, size, "passed");
	case RESULTS_TIMEOUT:
		return snprintf(buf, size,
				"timed out: the check did not finish within "
				"its limit of %g s",
				t->timeout);
	case RESULTS_CRASHED:
		sig = sigabbrev_np(t->signal);
		return snprintf(buf, size,
				"crashed: killed by SIG%s (signal %d)",
				sig != NULL ? sig : "?", t->signal);
	case RESULTS_UNFINISHED:
		return snprintf(buf, size,
				"the check did not run to its end: its process "
				"exited with status 0 halfway (exit() or "
				"_exit() in the code under test?)");
	case RESULTS_SKIPPED:
		return snprintf(buf, size, "skipped");
	case RESULTS_FAILED:
		break;
	}
	if (t->exit_code != 0)
		return snprintf(
			buf, size, "%s%sthe check exited with status %d",
			t->message, t->message[0] ? "; " : "", t->exit_code);
	return snprintf(buf, size, "%s",
			t->message[0] ? t->message : "an assertion failed");
}

struct gradeout_writer {
	const char *name;
	void (*write)(FILE *f, const struct grade_lab *labs, size_t n);
};

/* Print text after a label, wrapped at 78 columns, continuation lines
 * indented to the text's column. */
static void gradeout_wrap(FILE *f, const char *label, const char *text)
{
	int indent = (int)strlen(label), col = indent, len;
	const char *p = text, *end;

	fputs(label, f);
	while (*p != '\0') {
		end = p;
		while (*end != '\0' && *end != ' ' && *end != '\n')
			end++;
		len = (int)(end - p);
		if (col > indent && col + 1 + len > 78) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, len, f);
		col += len;
		p = end;
		if (*p == '\n') {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	fputc('\n', f);
}

static void gradeout_human(FILE *f, const struct grade_lab *labs, size_t n)
{
	char happened[1400];
	int score = 0, max = 0;
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct grade_lab *g = &labs[i];

		fprintf(f, "Lab %02d %s: %s (%s)\n", g->lab->number,
			g->lab->slug, g->lab->title,
			g->solution ? "reference solution" : "your code");
		for (k = 0; k < g->nchecks; k++) {
			const struct grade_check *c = &g->checks[k];

			fprintf(f, "  %s  %d.%-2d %-52s %3d/%d\n",
				c->passed ? "PASS" : "FAIL", g->lab->number,
				c->number, c->check->title, c->score,
				c->check->points);
			if (c->passed)
				continue;
			gradeout_happened(c, happened, sizeof(happened));
			gradeout_wrap(f, "        expected: ", c->check->title);
			gradeout_wrap(f, "        happened: ", happened);
			if (c->check->hint != NULL)
				gradeout_wrap(f, "        hint:     ",
					      c->check->hint);
		}
		if (g->error[0] != '\0')
			gradeout_wrap(f, "  LAB ERROR: ", g->error);
		fprintf(f, "  Score: %d/%d\n\n", g->score, g->max);
		score += g->score;
		max += g->max;
	}
	fprintf(f, "Total: %d/%d\n", score, max);
}

/* A TAP description may not contain '#' (it starts a directive). */
static void gradeout_tap_text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '#')
			fputc('\\', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
}

static void gradeout_tap(FILE *f, const struct grade_lab *labs, size_t n)
{
	char happened[1400];
	size_t i, k, total = 0;
	int test = 0, score = 0, max = 0;

	for (i = 0; i < n; i++)
		total += labs[i].nchecks;
	fprintf(f, "TAP version 13\n1..%zu\n", total);
	for (i = 0; i < n; i++) {
		const struct grade_lab *g = &labs[i];

		for (k = 0; k < g->nchecks; k++) {
			const struct grade_check *c = &g->checks[k];

			fprintf(f, "%sok %d - %s: ", c->passed ? "" : "not ",
				++test, g->dir);
			gradeout_tap_text(f, c->check->title);
			fprintf(f, " (%d.%d, %d/%d)\n", g->lab->number,
				c->number, c->score, c->check->points);
			if (c->passed)
				continue;
			gradeout_happened(c, happened, sizeof(happened));
			fputs("  ---\n  message: ", f);
			json_string(f, happened);
			fputs("\n  hint: ", f);
			json_string(f, c->check->hint);
			fputs("\n  ...\n", f);
		}
		if (g->error[0] != '\0') {
			fputs("# lab error: ", f);
			gradeout_tap_text(f, g->error);
			fputc('\n', f);
		}
		fprintf(f, "# Score %s: %d/%d\n", g->dir, g->score, g->max);
		score += g->score;
		max += g->max;
	}
	fprintf(f, "# Total: %d/%d\n", score, max);
}

static void gradeout_junit(FILE *f, const struct grade_lab *labs, size_t n)
{
	char happened[1400];
	size_t i, k, total = 0, failed = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < labs[i].nchecks; k++, total++)
			failed += !labs[i].checks[k].passed;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"mqlab\" tests=\"%zu\" "
		"failures=\"%zu\">\n",
		total, failed);
	for (i = 0; i < n; i++) {
		const struct grade_lab *g = &labs[i];

		for (k = 0, failed = 0; k < g->nchecks; k++)
			failed += !g->checks[k].passed;
		fprintf(f,
			"  <testsuite name=\"%s\" tests=\"%zu\" "
			"failures=\"%zu\" "
			"errors=\"%d\">\n",
			g->dir, g->nchecks, failed, g->error[0] != '\0');
		fprintf(f,
			"    <properties><property name=\"score\" "
			"value=\"%d/%d\"/></properties>\n",
			g->score, g->max);
		for (k = 0; k < g->nchecks; k++) {
			const struct grade_check *c = &g->checks[k];

			fprintf(f,
				"    <testcase classname=\"%s\" name=\"%d.%d ",
				g->dir, g->lab->number, c->number);
			json_xml(f, c->check->title);
			fprintf(f, " (%d/%d)\"", c->score, c->check->points);
			if (c->passed) {
				fputs("/>\n", f);
				continue;
			}
			gradeout_happened(c, happened, sizeof(happened));
			fputs(">\n      <failure message=\"", f);
			json_xml(f, happened);
			fputs("\">hint: ", f);
			json_xml(f, c->check->hint);
			fputs("</failure>\n    </testcase>\n", f);
		}
		if (g->error[0] != '\0') {
			fputs("    <system-err>", f);
			json_xml(f, g->error);
			fputs("</system-err>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
}

static void gradeout_gradescope(FILE *f, const struct grade_lab *labs, size_t n)
{
	char happened[1400], text[2048];
	int score = 0, max = 0;
	const char *sep = "";
	size_t i, k;

	for (i = 0; i < n; i++) {
		score += labs[i].score;
		max += labs[i].max;
	}
	fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n", score, max);
	for (i = 0, text[0] = '\0'; i < n; i++)
		if (labs[i].error[0] != '\0')
			snprintf(text + strlen(text),
				 sizeof(text) - strlen(text), "%s: %s\n",
				 labs[i].dir, labs[i].error);
	if (text[0] != '\0') {
		fputs("  \"output\": ", f);
		json_string(f, text);
		fputs(",\n", f);
	}
	fputs("  \"tests\": [", f);
	for (i = 0; i < n; i++) {
		const struct grade_lab *g = &labs[i];

		for (k = 0; k < g->nchecks; k++, sep = ",") {
			const struct grade_check *c = &g->checks[k];

			snprintf(text, sizeof(text), "%s: %s", g->dir,
				 c->check->title);
			fprintf(f, "%s\n    {\n      \"name\": ", sep);
			json_string(f, text);
			fprintf(f,
				",\n      \"number\": \"%d.%d\",\n"
				"      \"score\": %d,\n"
				"      \"max_score\": %d,\n"
				"      \"status\": \"%s\",\n"
				"      \"output\": ",
				g->lab->number, c->number, c->score,
				c->check->points,
				c->passed ? "passed" : "failed");
			if (c->passed) {
				snprintf(text, sizeof(text), "passed");
			} else {
				gradeout_happened(c, happened,
						  sizeof(happened));
				snprintf(text, sizeof(text),
					 "What happened: %s\nHint: %s",
					 happened,
					 c->check->hint ? c->check->hint : "");
			}
			json_string(f, text);
			fputs("\n    }", f);
		}
	}
	fputs("\n  ]\n}\n", f);
}

static const struct gradeout_writer gradeout_table[] = {
	[GRADEOUT_HUMAN] = {"human", gradeout_human},
	[GRADEOUT_TAP] = {"tap", gradeout_tap},
	[GRADEOUT_JUNIT] = {"junit", gradeout_junit},
	[GRADEOUT_GRADESCOPE] = {"gradescope", gradeout_gradescope},
};

int gradeout_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(gradeout_table) / sizeof(*gradeout_table); i++)
		if (strcmp(gradeout_table[i].name, name) == 0)
			return (int)i;
	return -1;
}

void gradeout_write(FILE *f, enum gradeout_format fmt,
		    const struct grade_lab *labs, size_t n)
{
	gradeout_table[fmt].write(f, labs, n);
}
