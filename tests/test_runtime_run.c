/*
 * test_runtime_run.c - `mqlab run`: what the timeline and summary show.
 *
 * Lab 01 is the reference: on the untouched skeleton the producer ends
 * up blocked in mq_timedsend; on the solution it drops late orders, says
 * so, and exits by itself.  Per-role faults land on their role only, and
 * the fallback without namespaces removes the queue the run created.
 * Lab 05's presets show the summary counting a lost report once, on the
 * side that knew.  Nothing here is timed: the assertions are on what was
 * reported.
 *
 * See also: tests/test_runtime.h, labs/run.c, labs/01-full-queue/
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

TestSuite(run, .init = isolate_or_fail, .timeout = 60);

static struct cmd_out r;

/* The summary object of a --json run, and one role's object in it. */
static const char *summary_of(const char *out)
{
	const char *s = strstr(out, "{\"t\":");

	for (; s != NULL; s = strstr(s + 1, "\n{\"t\":"))
		if (strstr(s, "\"type\":\"summary\"") != NULL &&
		    strchr(s + 1, '\n') == strrchr(out, '\n'))
			break;
	cr_assert(s != NULL, "no summary at the end of:\n%s", out);
	return s;
}

static const char *role_of(const char *summary, const char *role)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "{\"role\":\"%s\"", role);
	p = strstr(summary, key);
	cr_assert(p != NULL, "no role %s in %s", role, summary);
	return p;
}

static long number_after(const char *s, const char *key)
{
	const char *p = strstr(s, key);

	cr_assert(p != NULL, "no %s in %.300s", key, s);
	return strtol(p + strlen(key), NULL, 10);
}

Test(run, skeleton_shows_the_producer_blocked)
{
	const char *args[] = {"run", "01", "--for", "2", "--json", NULL};
	const char *sum, *producer;

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(json_valid(r.out, true), "invalid JSON Lines:\n%s", r.out);
	sum = summary_of(r.out);
	producer = role_of(sum, "producer");
	cr_assert(number_after(producer, "\"blocks\":") >= 1, "%s", sum);
	cr_assert(strstr(r.out, "\"type\":\"blocked\",\"role\":\"producer\"") !=
			  NULL,
		  "no blocked event for the producer");
	cr_assert(strstr(r.out, "\"syscall\":\"mq_timedsend\"") != NULL);
}

Test(run, text_timeline_says_blocked_and_summarises)
{
	const char *args[] = {"run", "1", "--for", "2", NULL};

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.out, "producer[") != NULL, "%s", r.out);
	cr_assert(strstr(r.out, "BLOCKED in mq_timedsend") != NULL, "%s",
		  r.out);
	cr_assert(strstr(r.out, "\nsummary after ") != NULL, "%s", r.out);
	cr_assert(strstr(r.out, "  messages: ") != NULL, "%s", r.out);
}

/* The sum of the n of every report of kind in a JSON timeline. */
static long reported(const char *out, const char *kind)
{
	char key[64];
	const char *p, *k, *eol;
	long total = 0;

	snprintf(key, sizeof(key), "\"kind\":\"%s\",\"n\":", kind);
	for (p = out; (p = strstr(p, "\"type\":\"report\",")) != NULL; p++) {
		k = strstr(p, key);
		eol = strchr(p, '\n');
		if (k != NULL && (eol == NULL || k < eol))
			total += strtol(k + strlen(key), NULL, 10);
	}
	return total;
}

Test(run, solution_honours_the_deadline_and_ends_by_itself)
{
	/* Long enough for the roles to finish their work and exit. */
	const char *args[] = {"run",   "01", "--solution", "--json",
			      "--for", "30", NULL};
	const char *sum, *producer;

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(json_valid(r.out, true), "invalid JSON Lines:\n%s", r.out);
	sum = summary_of(r.out);
	cr_assert(strstr(sum, "\"end\":\"done\"") != NULL, "%s", sum);
	cr_assert(number_after(sum, "\"lost\":") >= 1, "%s", sum);
	cr_assert(strstr(r.out, "deadline passed") != NULL);
	producer = role_of(sum, "producer");
	cr_assert(strncmp(strstr(producer, "\"code\":"), "\"code\":0,", 9) == 0,
		  "%s", producer);
	cr_assert(strstr(producer, "\"blocked_at_end\":null") != NULL, "%s",
		  producer);
	/* The summary adds up what the roles reported, and the consumer
	 * drained every order that went in. */
	cr_assert_eq(number_after(sum, "\"sent\":"), reported(r.out, "sent"));
	cr_assert_eq(number_after(sum, "\"lost\":"), reported(r.out, "lost"));
	cr_assert_eq(number_after(sum, "\"received\":"),
		     number_after(sum, "\"sent\":"), "%s", sum);
}

Test(run, role_spec_applies_to_that_role_only)
{
	const char *args[] = {"run",
			      "01",
			      "--for",
			      "1",
			      "--json",
			      "-e",
			      "producer@mq_send:error=EAGAIN:when=1",
			      NULL};
	const char *sum;

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	sum = summary_of(r.out);
	cr_assert(strstr(role_of(sum, "producer"), "EAGAIN x1") != NULL, "%s",
		  sum);
	cr_assert(strstr(role_of(sum, "consumer"), "\"faults\":\"\"") != NULL,
		  "%s", sum);
	cr_assert(strstr(r.out, "\"verdict\":\"error\"") != NULL);
}

Test(run, fallback_without_namespaces_removes_its_queue)
{
	const char *args[] = {"run", "01", "--for", "1", NULL};
	char name[64];
	const char *p;
	mqd_t q;

	mqlab_cmd(&r, args, (const char *[]){"MQLAB_NO_NAMESPACES=1", NULL});
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "warning: no private namespaces") != NULL,
		  "stderr: %s", r.err);
	cr_assert(strstr(r.out, "removed 1 queue the run created") != NULL,
		  "%s", r.out);
	/* The name carries the run's id, so that runs never meet. */
	p = strstr(r.out, "/mqlab-01-orders-");
	cr_assert(p != NULL, "no name unique to the run:\n%s", r.out);
	snprintf(name, sizeof(name), "%.*s",
		 (int)strspn(p + 17, "0123456789") + 17, p);
	/* The run shared this test's IPC namespace: the queue is gone. */
	q = mq_open(name, O_RDONLY);
	cr_assert(q == (mqd_t)-1 && errno == ENOENT, "the run left %s behind",
		  name);
}

Test(run, fallback_leaves_a_queue_of_the_same_base_name_alone)
{
	const char *args[] = {"run", "01", "--for", "1", NULL};
	struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 8};
	mqd_t q;

	/* Another student's run, or anyone's queue, with the plain name. */
	q = mq_open("/mqlab-01-orders", O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	cr_assert(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	mq_close(q);
	mqlab_cmd(&r, args, (const char *[]){"MQLAB_NO_NAMESPACES=1", NULL});
	cr_expect_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_expect(mq_unlink("/mqlab-01-orders") == 0,
		  "the run removed a queue it did not create: %s",
		  strerror(errno));
}

Test(run, interrupted_run_still_summarises)
{
	const char *args[] = {"run", "01", "--json", NULL};
	char buf[1 << 16] = "";
	size_t n = 0;
	int out, err, status;
	ssize_t got;
	pid_t pid;

	pid = mqlab_start(args, NULL, &out, &err);
	/* Wait until the producer has made a call: the run is going. */
	while (strstr(buf, "\"type\":\"call\",\"role\":\"producer\"") == NULL) {
		got = read(out, buf + n, sizeof(buf) - 1 - n);
		cr_assert(got > 0, "the run ended early:\n%.*s", (int)n, buf);
		n += got;
		buf[n] = '\0';
	}
	cr_assert(kill(pid, SIGINT) == 0);
	while ((got = read(out, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += got;
	buf[n] = '\0';
	cr_assert(waitpid(pid, &status, 0) == pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 130,
		  "status 0x%x", status);
	cr_assert(strstr(buf, "\"end\":\"interrupted\"") != NULL, "%s", buf);
	close(out);
	close(err);
}

/* Lab 05 under preset, to its end: each lost report is counted once, by
 * the role named lost_by, and by no other. */
static void lost_once(const char *preset, const char *lost_by)
{
	const char *args[] = {"run",  "05",    "--solution", "--json", "-p",
			      preset, "--for", "30",	     NULL};
	static const char *const roles[] = {"sender-a", "sender-b", "consumer"};
	const char *sum;
	long lost;

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	sum = summary_of(r.out);
	cr_assert(strstr(sum, "\"end\":\"done\"") != NULL, "%s", sum);
	cr_assert_eq(number_after(sum, "\"lost\":"), 1,
		     "one report was lost, counted %ld times: %s",
		     number_after(sum, "\"lost\":"), sum);
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		lost = number_after(role_of(sum, roles[i]), "\"lost\":");
		cr_assert_eq(lost, strcmp(roles[i], lost_by) == 0,
			     "%s counted %ld lost under \"%s\": %s", roles[i],
			     lost, preset, sum);
	}
}

Test(run, lab05_a_send_that_fails_halfway_is_lost_once_by_its_sender)
{
	lost_once("a send fails halfway", "sender-b");
}

Test(run, lab05_a_fragment_lost_unseen_is_lost_once_by_the_consumer)
{
	lost_once("a fragment is lost", "consumer");
}
