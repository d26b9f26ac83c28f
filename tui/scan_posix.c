/*
 * scan_posix.c - the POSIX message queues of this IPC namespace.
 *
 * The child mounts on /tmp inside its own private mount namespace: that
 * hides nothing from anyone else and creates nothing anywhere, and the
 * namespace dies with the child.  The descriptor comes back over a
 * socket pair as SCM_RIGHTS, or the child's errno as the message.
 *
 * See also: tui/scan_posix.h, unix(7) (SCM_RIGHTS),
 *           mount_namespaces(7) (MS_PRIVATE)
 * SPDX-License-Identifier: MIT
 */
#include "tui/scan_posix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Send err, and fd when err is 0, over sock. */
static void scan_posix_send(int sock, int err, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = {&err, sizeof(err)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *c;

	if (err == 0) {
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	(void)sendmsg(sock, &mh, MSG_NOSIGNAL);
}

/* The descriptor sent on sock, or -1 with the child's errno. */
static int scan_posix_receive(int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	int err = EIO, fd = -1;
	struct iovec iov = {&err, sizeof(err)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *c;

	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) != sizeof(err))
		err = EIO;
	c = CMSG_FIRSTHDR(&mh);
	if (err == 0 && c != NULL && c->cmsg_type == SCM_RIGHTS) {
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
		return fd;
	}
	errno = err ? err : EIO;
	return -1;
}

static void scan_posix_child(int sock)
{
	int fd;

	if (unshare(CLONE_NEWNS) < 0)
		goto fail;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		goto fail;
	if (mount("mqlab", "/tmp", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		goto fail;
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		goto fail;
	scan_posix_send(sock, 0, fd);
	_exit(0);
fail:
	scan_posix_send(sock, errno, -1);
	_exit(1);
}

static int scan_posix_private_mount(void)
{
	int sv[2], fd, saved;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		goto out_close;
	if (pid == 0) {
		close(sv[0]);
		scan_posix_child(sv[1]);
	}
	close(sv[1]);
	sv[1] = -1;
	fd = scan_posix_receive(sv[0]);
	saved = errno;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(sv[0]);
	errno = saved;
	return fd;

out_close:
	saved = errno;
	close(sv[0]);
	close(sv[1]);
	errno = saved;
	return -1;
}

/* An mqueue mount already in our mount namespace, opened, or -1.  Fields
 * of mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE ... */
static int scan_posix_existing_mount(char *path, size_t size)
{
	char line[1024], point[512], *dash;
	int fd = -1;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (f == NULL)
		return -1;
	while (fd < 0 && fgets(line, sizeof(line), f) != NULL) {
		dash = strstr(line, " - mqueue ");
		if (dash == NULL ||
		    sscanf(line, "%*s %*s %*s %*s %511s", point) != 1)
			continue;
		/* Octal escapes (\040) are not worth decoding here. */
		if (strchr(point, '\\') != NULL)
			continue;
		fd = open(point, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			snprintf(path, size, "%s", point);
	}
	fclose(f);
	return fd;
}

static int scan_posix_open(struct scan_posix *s)
{
	static char existing[512];
	int err;

	s->dirfd = scan_posix_private_mount();
	if (s->dirfd >= 0) {
		s->mounted_at = "a private mount";
		return 0;
	}
	err = errno;
	s->dirfd = scan_posix_existing_mount(existing, sizeof(existing));
	if (s->dirfd >= 0) {
		s->mounted_at = existing;
		return 0;
	}
	s->open_errno = err;
	errno = err;
	return -1;
}

static int scan_posix_cmp(const void *a, const void *b)
{
	const struct scan_posix_queue *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Read one queue's file.  Its descriptor is the queue itself, so
 * mq_getattr() works on it as on one from mq_open(). */
static void scan_posix_queue(int dirfd, const char *name,
			     struct scan_posix_queue *q)
{
	struct mq_attr attr;
	struct stat st;
	char text[256];
	ssize_t len;
	int fd;

	memset(q, 0, sizeof(*q));
	snprintf(q->name, sizeof(q->name), "/%s", name);
	q->maxmsg = q->msgsize = q->curmsgs = -1;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		q->mode = st.st_mode & 07777;
		q->uid = st.st_uid;
		q->gid = st.st_gid;
	}
	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		q->attr_errno = errno;
		return;
	}
	len = pread(fd, text, sizeof(text) - 1, 0);
	text[len > 0 ? len : 0] = '\0';
	sscanf(text, "QSIZE:%lu NOTIFY:%d SIGNO:%d NOTIFY_PID:%d", &q->qsize,
	       &q->notify, &q->signo, &q->notify_pid);
	if (mq_getattr(fd, &attr) == 0) {
		q->maxmsg = attr.mq_maxmsg;
		q->msgsize = attr.mq_msgsize;
		q->curmsgs = attr.mq_curmsgs;
	} else {
		q->attr_errno = errno;
	}
	close(fd);
}

void scan_posix_init(struct scan_posix *s)
{
	memset(s, 0, sizeof(*s));
	s->dirfd = -1;
}

int scan_posix_read(struct scan_posix *s)
{
	struct scan_posix_queue *queues = NULL, *grown;
	size_t n = 0, cap = 0;
	struct dirent *e;
	struct stat ns;
	int fd, saved;
	DIR *dir;

	if (stat("/proc/self/ns/ipc", &ns) == 0 && ns.st_ino != s->ipc_ns) {
		/* Another IPC namespace: the old mount shows other queues. */
		if (s->dirfd >= 0)
			close(s->dirfd);
		s->dirfd = -1;
		s->open_errno = 0;
		s->ipc_ns = ns.st_ino;
	}
	if (s->dirfd < 0 && s->open_errno != 0) {
		errno = s->open_errno; /* no use forking again every scan */
		return -1;
	}
	if (s->dirfd < 0 && scan_posix_open(s) < 0)
		return -1;
	/* closedir() closes the copy; the mount stays open.  Close-on-exec:
	 * the grader and the lab are started from this process. */
	fd = fcntl(s->dirfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	dir = fdopendir(fd);
	if (dir == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	rewinddir(dir);
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(queues, cap * sizeof(*queues));
			if (grown == NULL)
				goto out_free;
			queues = grown;
		}
		scan_posix_queue(s->dirfd, e->d_name, &queues[n++]);
	}
	closedir(dir);
	if (n > 1)
		qsort(queues, n, sizeof(*queues), scan_posix_cmp);
	free(s->queues);
	s->queues = queues;
	s->n = n;
	return 0;

out_free:
	closedir(dir);
	free(queues);
	errno = ENOMEM;
	return -1;
}

const struct scan_posix_queue *scan_posix_find(const struct scan_posix *s,
					       const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->queues[i].name, name) == 0)
			return &s->queues[i];
	return NULL;
}

void scan_posix_free(struct scan_posix *s)
{
	free(s->queues);
	if (s->dirfd >= 0)
		close(s->dirfd);
	scan_posix_init(s);
}
