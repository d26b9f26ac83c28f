/*
 * batch_scan.c - find a class's submissions, and open them safely.
 *
 * The grader runs as root and reads folders that students filled, so
 * every path below the submissions folder is resolved by openat2() with
 * RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS: a student.c that is a link to
 * another student's file, to /etc/shadow or to a folder above is
 * refused, never followed, and so is one reached through a linked
 * folder.  The file is first opened with O_PATH, which opens nothing
 * (no FIFO can block us, no device wakes up), and only a regular file
 * within its size cap is then opened for reading.  Names are data, not
 * paths: what goes into outputs is an escaped copy.
 *
 * It reads no content: tarballs are listed and extracted inside the
 * jail (labs/batch_jail.c), so a hostile archive never meets the host.
 *
 * See also: labs/batch.h, openat2(2)
 * SPDX-License-Identifier: MIT
 */
#include "labs/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "faults/quote.h"
#include "labs/catalog.h"
#include "labs/jail.h"

/* The tarballs we take, by the end of their name. */
static const struct {
	const char *suffix;
	enum batch_kind kind;
} batch_scan_kinds[] = {
	{".tar.gz", BATCH_TGZ},
	{".tgz", BATCH_TGZ},
	{".tar", BATCH_TAR},
};

void batch_scan_name(const char *entry, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	uint64_t hash = 14695981039346656037ull; /* FNV-1a */
	const unsigned char *p;
	size_t n = 0;

	for (p = (const unsigned char *)entry; *p != '\0'; p++) {
		hash = (hash ^ *p) * 1099511628211ull;
		if (n + 4 > size)
			continue;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    (*p == '.' && p != (const unsigned char *)entry)) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
	/* Past 200 bytes, keep 180 and add "~" and 16 hex digits of the
	 * hash: 197 bytes, under NAME_MAX (255), as OUT/NAME/ needs. */
	if (n > 200 && size > 220)
		snprintf(out + 180, size - 180, "~%016llx",
			 (unsigned long long)hash);
	/* A folder of that name would stand where the summary goes. */
	if (strcmp(out, BATCH_SUMMARY) == 0)
		snprintf(out, size, "summary%%2Ecsv");
}

static long long batch_scan_cap(const struct batch_student *s)
{
	return s->kind == BATCH_FOLDER ? BATCH_SOURCE_MAX : BATCH_TARBALL_MAX;
}

int batch_scan_source(const struct batch *b, const struct batch_student *s,
		      size_t lab, char *why, size_t size)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	char path[512], dir[64], self[64], name[160];
	struct stat st, again;
	int pfd, fd = -1, saved;

	catalog_dir(b->labs[lab], dir, sizeof(dir));
	if (s->kind == BATCH_FOLDER) {
		snprintf(path, sizeof(path), "%s/labs/%s/student.c", s->entry,
			 dir);
		snprintf(name, sizeof(name), "labs/%s/student.c", dir);
	} else {
		snprintf(path, sizeof(path), "%s", s->entry);
		snprintf(name, sizeof(name), "the tarball");
	}
	pfd = (int)syscall(SYS_openat2, b->dirfd, path, &how, sizeof(how));
	if (pfd < 0) {
		saved = errno;
		if (saved == ELOOP)
			snprintf(why, size,
				 "%s, or a folder on its way, is a symbolic "
				 "link: submit the file itself",
				 name);
		else if (saved == ENOTDIR && s->kind == BATCH_FOLDER)
			snprintf(why, size, "labs/%s is not a folder", dir);
		else
			snprintf(why, size, "cannot open %s: %s", name,
				 strerror(saved));
		errno = saved == ENOTDIR ? ENOENT : saved;
		return -1;
	}
	if (fstat(pfd, &st) < 0)
		goto out_fail;
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, size, "%s is not a regular file", name);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto out_close;
	}
	if (st.st_size > batch_scan_cap(s)) {
		snprintf(why, size, "%s is larger than %lld MiB", name,
			 batch_scan_cap(s) >> 20);
		errno = EFBIG;
		goto out_close;
	}
	/* Reopening an O_PATH descriptor for reading goes through its
	 * magic link, which names the very file we checked. */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &again) < 0)
		goto out_fail;
	if (again.st_dev != st.st_dev || again.st_ino != st.st_ino) {
		snprintf(why, size, "%s changed while it was opened", name);
		errno = ESTALE;
		goto out_close;
	}
	close(pfd);
	return fd;

out_fail:
	saved = errno;
	snprintf(why, size, "cannot read %s: %s", name, strerror(saved));
	errno = saved;
out_close:
	saved = errno;
	if (fd >= 0)
		close(fd);
	close(pfd);
	errno = saved;
	return -1;
}

/* Note one entry that is not graded, "NAME: why". */
static int batch_scan_skip(struct batch *b, const char *entry, const char *why)
{
	char name[256], **grown;

	grown = realloc(b->skipped, (b->nskipped + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	b->skipped = grown;
	batch_scan_name(entry, name, sizeof(name));
	if (asprintf(&b->skipped[b->nskipped], "%s: %s", name, why) < 0)
		return -1;
	b->nskipped++;
	return 0;
}

/* The student an entry is, or a reason in why to skip it. */
static int batch_scan_kind(int dirfd, const char *entry,
			   struct batch_student *s, const char **why)
{
	size_t len = strlen(entry), i, n;
	struct stat st;

	if (fstatat(dirfd, entry, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		*why = "vanished while the folder was read";
		return -1;
	}
	s->kind = BATCH_FOLDER;
	s->stem = len;
	if (S_ISDIR(st.st_mode))
		return 0;
	*why = S_ISLNK(st.st_mode) ? "a symbolic link: put the folder or "
				     "tarball itself there"
				   : "neither a folder nor a tarball "
				     "(.tar.gz, .tgz or .tar)";
	if (!S_ISREG(st.st_mode))
		return -1;
	for (i = 0; i < sizeof(batch_scan_kinds) / sizeof(*batch_scan_kinds);
	     i++) {
		n = strlen(batch_scan_kinds[i].suffix);
		if (len > n &&
		    strcmp(entry + len - n, batch_scan_kinds[i].suffix) == 0) {
			s->kind = batch_scan_kinds[i].kind;
			s->stem = len - n;
			return 0;
		}
	}
	return -1;
}

/* Byte order of the students' names; a folder before a tarball. */
static int batch_scan_cmp(const void *a, const void *b)
{
	const struct batch_student *x = a, *y = b;
	size_t n = x->stem < y->stem ? x->stem : y->stem;
	int c = memcmp(x->entry, y->entry, n);

	if (c != 0)
		return c;
	if (x->stem != y->stem)
		return x->stem < y->stem ? -1 : 1;
	return strcmp(x->entry, y->entry);
}

/* Read the folder's entries into b->students, in byte order. */
static int batch_scan_dir(struct batch *b)
{
	struct batch_student *grown, s;
	const char *why;
	struct dirent *d;
	size_t cap = 0;
	DIR *dir;
	int fd;

	fd = fcntl(b->dirfd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -1;
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return -1;
	}
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		memset(&s, 0, sizeof(s));
		s.entry = strdup(d->d_name);
		if (s.entry == NULL)
			goto out_close;
		if (batch_scan_kind(b->dirfd, d->d_name, &s, &why) < 0) {
			free(s.entry);
			if (batch_scan_skip(b, d->d_name, why) < 0)
				goto out_close;
			continue;
		}
		if (b->n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(b->students, cap * sizeof(*grown));
			if (grown == NULL) {
				free(s.entry);
				goto out_close;
			}
			b->students = grown;
		}
		b->students[b->n++] = s;
	}
	closedir(dir);
	/* qsort() of no array (an empty folder) is undefined. */
	if (b->n > 1)
		qsort(b->students, b->n, sizeof(*b->students), batch_scan_cmp);
	return 0;

out_close:
	closedir(dir);
	errno = ENOMEM;
	return -1;
}

/* Drop a second entry of one name (alice/ and alice.tgz), keeping the
 * first in order; the rest get their escaped names. */
static int batch_scan_names(struct batch *b)
{
	struct batch_student *last = NULL;
	size_t i, kept = 0;
	char stem[256];

	for (i = 0; i < b->n; i++) {
		struct batch_student *s = &b->students[i];

		if (last != NULL && last->stem == s->stem &&
		    memcmp(last->entry, s->entry, s->stem) == 0) {
			if (batch_scan_skip(b, s->entry,
					    "a second submission of this "
					    "student; only the first is "
					    "graded") < 0)
				return -1;
			free(s->entry);
			continue;
		}
		snprintf(stem, sizeof(stem), "%.*s", (int)s->stem, s->entry);
		batch_scan_name(stem, s->name, sizeof(s->name));
		b->students[kept] = *s;
		last = &b->students[kept++];
	}
	b->n = kept;
	return 0;
}

/* Give each student its labs, and settle those not to run. */
static int batch_scan_labs(struct batch *b)
{
	char why[256];
	size_t i, k;
	int fd;

	for (i = 0; i < b->n; i++) {
		struct batch_student *s = &b->students[i];

		s->labs = calloc(b->nlabs, sizeof(*s->labs));
		s->state = calloc(b->nlabs, sizeof(*s->state));
		if (s->labs == NULL || s->state == NULL)
			return -1;
		for (k = 0; k < b->nlabs; k++) {
			struct batch_lab *l = &s->state[k];

			s->labs[k].lab = b->labs[k];
			s->labs[k].arg = l;
			catalog_dir(b->labs[k], s->labs[k].dir,
				    sizeof(s->labs[k].dir));
			l->batch = b;
			l->student = s;
			l->index = k;
			l->slot = b->slot_base + (unsigned)(i * b->nlabs + k);
			l->outcome = BATCH_GRADED;
			if (s->kind != BATCH_FOLDER && k > 0) {
				/* One tarball for every lab. */
				l->outcome = s->state[0].outcome;
				snprintf(l->why, sizeof(l->why), "%s",
					 s->state[0].why);
				continue;
			}
			fd = batch_scan_source(b, s, k, why, sizeof(why));
			if (fd >= 0) {
				close(fd);
				continue;
			}
			l->outcome = errno == ENOENT && s->kind == BATCH_FOLDER
					     ? BATCH_NOT_SUBMITTED
					     : BATCH_REFUSED;
			snprintf(l->why, sizeof(l->why), "%s", why);
		}
	}
	return 0;
}

int batch_open(struct batch *b, const char *dir, const struct lab *const *labs,
	       char *why, size_t size)
{
	char shown[4 * QUOTE_VALUE_MAX + 8];
	int saved;

	/* The folder and who is in it. */
	quote_value(shown, sizeof(shown), dir);
	memset(b, 0, sizeof(*b));
	b->dirfd = -1;
	b->slots_fd = -1;
	b->labs = labs;
	while (labs[b->nlabs] != NULL)
		b->nlabs++;
	b->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (b->dirfd < 0) {
		if (errno == ENOENT)
			snprintf(why, size,
				 "no folder '%s'; give the folder that holds "
				 "one folder or tarball per student",
				 shown);
		else if (errno == ENOTDIR)
			snprintf(why, size,
				 "'%s' is not a folder; give the folder that "
				 "holds one folder or tarball per student",
				 shown);
		else
			snprintf(why, size,
				 "cannot read '%s': %s; check the path and "
				 "its permissions",
				 shown, strerror(errno));
		return -1;
	}
	if (batch_scan_dir(b) < 0 || batch_scan_names(b) < 0)
		goto out_errno;
	/* Enough of them to grade, and not too many for one run's slots. */
	if (b->n == 0) {
		snprintf(why, size,
			 "no submissions in '%s'; it should hold one folder "
			 "NAME/labs/NN-slug/student.c or one NAME.tar.gz per "
			 "student",
			 shown);
		errno = ENODATA;
		goto out_free;
	}
	if (b->n * (b->nlabs ? b->nlabs : 1) > BATCH_SLOT_RANGE) {
		snprintf(why, size,
			 "%zu submissions are more than one run can grade "
			 "(%u labs in all); split the folder",
			 b->n, BATCH_SLOT_RANGE);
		errno = E2BIG;
		goto out_free;
	}
	/* Jail ids no other grading run uses, then each lab's file. */
	b->slots_fd = batch_slots_claim(&b->slot_base);
	if (b->slots_fd < 0 && errno == EBUSY) {
		snprintf(why, size,
			 "%d other classes are being graded on this machine; "
			 "wait for one to finish",
			 BATCH_SLOT_RANGES);
		goto out_free;
	}
	if (b->slots_fd < 0) {
		snprintf(why, size, "cannot claim jail ids: %s; try again",
			 strerror(errno));
		goto out_free;
	}
	if (batch_scan_labs(b) < 0)
		goto out_errno;
	return 0;

out_errno:
	if (errno != ENOMEM)
		snprintf(why, size,
			 "cannot read '%s': %s; check the path and its "
			 "permissions",
			 shown, strerror(errno));
	else
		snprintf(why, size, "out of memory");
out_free:
	saved = errno;
	batch_free(b);
	errno = saved;
	return -1;
}
