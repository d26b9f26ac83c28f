/*
 * batch.h - grade a whole class: one jailed build and run per lab.
 *
 * An instructor's folder holds one entry per student: a folder NAME/
 * with that student's labs/NN-slug/student.c files, or a tarball
 * NAME.tar.gz, NAME.tgz or NAME.tar holding labs/ at its top or under
 * one top folder.  Each (student, lab) pair with a student.c is built
 * and graded on its own, inside a jail (labs/jail.h): the grader opens
 * the file itself, refusing links, special files and huge files, and
 * hands the open descriptor to the jail, which copies (or extracts) it
 * into its own /tmp, compiles it against the kit (headers, libraries
 * and each lab's prebuilt checks, built by make) and runs the lab's
 * checks there.  Nothing a submission contains is ever written on the
 * host, and nothing it does reaches beyond its jail.  A lab not
 * submitted scores 0 without running anything; one that does not
 * compile scores 0 with the compiler's message.  Students are graded in
 * byte order of their names, several labs at once (labs/grade.h runs
 * them), and the same submissions always get the same scores.
 *
 * The results are one Gradescope results.json per student and a
 * summary.csv (labs/batch_out.c).  This is library code: it prints
 * nothing; the caller shows progress through a callback.
 *
 * See also: labs/jail.h, labs/grade.h, tui/cmd-grade-class.c,
 *           docs/labs.md ("Grading a class")
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_BATCH_H
#define MQLAB_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "labs/grade.h"
#include "labs/jail.h"

#define BATCH_SOURCE_MAX  (1 << 20)	/* bytes of one student.c */
#define BATCH_TARBALL_MAX (8 << 20)	/* bytes of one tarball */
#define BATCH_LIMIT_S	  120		/* per lab: build and checks, scaled */
#define BATCH_SUMMARY	  "summary.csv" /* in OUT, beside one folder each */

enum batch_kind {
	BATCH_FOLDER,
	BATCH_TAR,
	BATCH_TGZ,
};

/* What became of one lab of one student. */
enum batch_outcome {
	BATCH_GRADED,	     /* its checks ran: the score is theirs */
	BATCH_NOT_SUBMITTED, /* no student.c for this lab: 0 */
	BATCH_REFUSED,	     /* not read (a link, not a file, too big): 0 */
	BATCH_NO_BUILD,	     /* did not compile or link: 0 */
	BATCH_BROKEN,	     /* its checks died or hung before the end: 0 */
	BATCH_UNGRADED,	     /* the grader failed (no jail): not its fault */
};

struct batch;
struct batch_student;

/* One lab of one student, beside its struct grade_lab. */
struct batch_lab {
	struct batch *batch;
	struct batch_student *student;
	size_t index;  /* in the catalog */
	unsigned slot; /* its jail's ids: unique in the class */
	enum batch_outcome outcome;
	char why[256]; /* one line, for REFUSED and UNGRADED */
	double wall_s; /* build and checks, in its jail */
};

struct batch_student {
	char *entry;	/* its name in the folder, bytes as they are */
	size_t stem;	/* entry[0..stem) is the student's name */
	char name[256]; /* that name, printable, safe as a file name */
	enum batch_kind kind;
	struct grade_lab *labs; /* one per lab of the catalog */
	struct batch_lab *state;
	int score, max;
	double wall_s; /* the sum over its labs */
	size_t pending;
};

struct batch {
	/* Set by batch_open(). */
	int dirfd;
	const struct lab *const *labs; /* the catalog, NULL-terminated */
	size_t nlabs;
	struct batch_student *students;
	size_t n;
	char **skipped; /* "NAME: why", one per entry that is not graded */
	size_t nskipped;

	/* Optional, set by the caller: called after each lab that ran
	 * (labs_done of labs_run), with s the student whose last lab it
	 * was (done counts them), else NULL; and once for each student
	 * with nothing to run, before the first. */
	void (*progress)(void *arg, const struct batch *b,
			 const struct batch_student *s);
	void *progress_arg;

	/* Set by batch_grade(). */
	size_t done, labs_done, labs_run;
	bool ungraded; /* some lab could not be graded by our fault */
	char kit[4096];

	/* Set by batch_open(): the jail slots this run owns, from
	 * slot_base on, held by slots_fd (labs/batch_slots.c). */
	unsigned slot_base;
	int slots_fd;
};

/* Jail slots come in ranges, one per grading run at a time. */
#define BATCH_SLOT_RANGES 8
#define BATCH_SLOT_RANGE  (JAIL_SLOTS / BATCH_SLOT_RANGES)

/* Claim a range of jail slots no other running grader holds, for as
 * long as the returned descriptor stays open.  Returns it with *base
 * set, or -1 with errno (EBUSY: every range is taken; socket(2)'s). */
int batch_slots_claim(unsigned *base);

/*
 * Read the submissions folder dir: every entry but hidden ones becomes
 * a student, or a line of skipped (a symbolic link, a file that is not
 * a tarball, a second entry of one name).  Then check each student's
 * files for each lab of labs (NULL-terminated), without reading them.
 * Returns 0, or -1 with errno and a one-line reason in why: ENOENT,
 * ENOTDIR, EACCES (dir itself), ENODATA (no submission in it), E2BIG
 * (more than the jail's slots allow), EBUSY (every range of slots is
 * taken: batch_slots_claim()), ENOMEM; then b holds nothing.
 */
int batch_open(struct batch *b, const char *dir, const struct lab *const *labs,
	       char *why, size_t size);

/*
 * Find the kit (b->kit) and check that everything a jailed build needs
 * is in it.  Returns 0, or -1 with errno and a reason in why.
 */
int batch_kit(struct batch *b, char *why, size_t size);

/*
 * Grade every student, jobs labs at once.  Returns 0 once every lab has
 * an outcome (b->ungraded tells whether the grader failed at some), or
 * -1 with errno and a reason in why when grading could not start: the
 * kit is missing (batch_kit()), no fork, no memory.
 */
int batch_grade(struct batch *b, int jobs, char *why, size_t size);

/* Free everything batch_open() and batch_grade() made; closes dirfd. */
/* For a lab whose outcome is BATCH_NO_BUILD: "did not link" or "did
 * not compile", from the message its jail left in g->error. */
const char *batch_build_failure(const struct grade_lab *g);

void batch_free(struct batch *b);

/* --- labs/batch_out.c: the results ---------------------------------- */

/*
 * Create the folder out (its parent must exist; an existing folder is
 * fine) and check that we can write in it.  Returns its descriptor, or
 * -1 with errno and a one-line reason in why.
 */
int batch_out_open(const char *out, char *why, size_t size);

/*
 * Write OUT/NAME/results.json for every student and OUT/summary.csv,
 * each through a temporary file and rename(2); other files in out are
 * left alone.  Returns 0, or -1 with errno and the file in why.
 */
int batch_out_write(const struct batch *b, int outfd, char *why, size_t size);

/* The summary table, one line per student, for people. */
void batch_out_table(FILE *f, const struct batch *b);

/* What went wrong with s's labs in a few words, "" when nothing did:
 * "01 did not compile; 02: 3 checks failed; 03 not submitted". */
void batch_out_failures(const struct batch_student *s, size_t nlabs, char *buf,
			size_t size);

/* --- labs/batch_scan.c: reading the folder safely -------------------- */

/*
 * Open a student's student.c for lab (folder) or their tarball, from
 * the submissions folder, never following a symbolic link at any step,
 * never blocking on a FIFO, and only if it is a regular file within its
 * size cap.  Returns the descriptor (close-on-exec), or -1 with errno
 * (ENOENT: not submitted; ELOOP, EISDIR, EFBIG, ...) and a one-line
 * reason in why.
 */
int batch_scan_source(const struct batch *b, const struct batch_student *s,
		      size_t lab, char *why, size_t size);

/* Escape a name into out: bytes outside [A-Za-z0-9._-], and a leading
 * dot, become %XX; a result longer than 200 bytes is cut and ends with
 * "~" and a hash of the whole name, so distinct names stay distinct.
 * The name BATCH_SUMMARY has its dot escaped: OUT/summary.csv is ours. */
void batch_scan_name(const char *entry, char *out, size_t size);

/* --- labs/batch_elf.c: what student.o may not hold ------------------ */

/*
 * Refuse the object at path if code in it would run before main()
 * (constructors, start-up code, IFUNC resolvers) or it brings Criterion
 * tests of its own.  Returns 0, or -1 with errno (EPERM: refused;
 * ENOEXEC: not an ELF64 object) and a reason in why.
 */
int batch_elf_check(const char *path, char *why, size_t size);

/* --- labs/batch_jail.c: one lab, inside its jail --------------------- */

/* The kit's folder, from /proc/self/exe: ../libexec/mqlab/kit. */
int batch_jail_kit(char *buf, size_t size);

/* grade_lab.child: open the source, enter the jail, copy or extract,
 * compile, link; on success runner names the built check runner. */
int batch_jail_child(struct grade_lab *g, char *runner, size_t size);

/* Exit statuses of a jail that stopped before the checks (the runner
 * itself exits 0 or 1). */
#define BATCH_EXIT_NO_BUILD 91 /* its log holds the compiler's message */
#define BATCH_EXIT_REFUSED  92 /* its log holds why */
#define BATCH_EXIT_MISSING  93 /* the tarball has no student.c for it */
/* How the process outside a jail that could not be built ends: a signal
 * that nothing inside a jail can send it. */
#define BATCH_JAIL_FAILED SIGUSR2

#endif
