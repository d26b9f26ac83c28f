/*
 * batch_elf.c - what a student's object may not contain.
 *
 * student.o is linked into the check runner, the program that writes
 * the grade, so it must not be able to act before the checks or in
 * their place.  Code that runs before main() could write a results file
 * of its own and end the runner: constructors (.init_array, .ctors,
 * .preinit_array, code added to .init) and IFUNC resolvers, which the
 * loader runs at start-up.  Tests of its own (Criterion's cr_* sections)
 * would be graded beside the lab's.  Such an object is refused, before
 * it is linked.  Functions named like the runner's (criterion_*, fopen)
 * are dealt with separately, by keeping only the lab's own functions
 * global (objcopy --keep-global-symbols, labs/batch_jail.c).
 *
 * It reads ELF64 relocatable objects, the only kind cc makes here; it
 * trusts nothing in them and checks every offset against the file.
 * Student code is compiled without sanitizers even in a sanitizer build
 * of mqlab (the Makefile's BATCH_CFLAGS): they add constructors of their
 * own.
 *
 * See also: labs/batch_jail.c, elf(5)
 * SPDX-License-Identifier: MIT
 */
#include "labs/batch.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sections whose presence means code that runs unasked, or tests. */
static const struct {
	const char *prefix;
	const char *what;
} batch_elf_banned[] = {
	{".init_array", "a constructor"}, {".preinit_array", "a constructor"},
	{".ctors", "a constructor"},	  {".init", "start-up code"},
	{".fini_array", "a destructor"},  {".dtors", "a destructor"},
	{".fini", "exit code"},		  {"cr_", "Criterion tests"},
};

#define BATCH_ELF_BANNED (sizeof(batch_elf_banned) / sizeof(*batch_elf_banned))

/* name is prefix, or prefix followed by ".suffix" (".init_array.101"). */
static bool batch_elf_is(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0)
		return false;
	return prefix[n - 1] == '_' || name[n] == '\0' || name[n] == '.';
}

static int batch_elf_refuse(char *why, size_t size, const char *what,
			    const char *name)
{
	snprintf(why, size,
		 "student.c has %s (%.40s): code that runs before main() "
		 "or beside the checks is not accepted",
		 what, name);
	errno = EPERM;
	return -1;
}

static int batch_elf_scan(const unsigned char *p, size_t len, char *why,
			  size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)p;
	const Elf64_Shdr *sh, *names;
	const Elf64_Sym *sym;
	const char *name;
	size_t i, k;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shentsize != sizeof(*sh) || eh->e_shoff > len ||
	    eh->e_shnum > (len - eh->e_shoff) / sizeof(*sh) ||
	    eh->e_shstrndx >= eh->e_shnum)
		goto out_bad;
	sh = (const Elf64_Shdr *)(p + eh->e_shoff);
	names = &sh[eh->e_shstrndx];
	if (names->sh_offset > len || names->sh_size > len - names->sh_offset)
		goto out_bad;
	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= names->sh_size)
			goto out_bad;
		name = (const char *)p + names->sh_offset + sh[i].sh_name;
		if (strnlen(name, names->sh_size - sh[i].sh_name) ==
		    names->sh_size - sh[i].sh_name)
			goto out_bad;
		for (k = 0; k < BATCH_ELF_BANNED; k++)
			if (batch_elf_is(name, batch_elf_banned[k].prefix))
				return batch_elf_refuse(
					why, size, batch_elf_banned[k].what,
					name);
		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (sh[i].sh_offset > len ||
		    sh[i].sh_size > len - sh[i].sh_offset)
			goto out_bad;
		sym = (const Elf64_Sym *)(p + sh[i].sh_offset);
		for (k = 0; k < sh[i].sh_size / sizeof(*sym); k++)
			if (ELF64_ST_TYPE(sym[k].st_info) == STT_GNU_IFUNC)
				return batch_elf_refuse(why, size,
							"an IFUNC resolver",
							"STT_GNU_IFUNC");
	}
	return 0;

out_bad:
	snprintf(why, size, "the compiler's object is not ELF64 as expected");
	errno = ENOEXEC;
	return -1;
}

int batch_elf_check(const char *path, char *why, size_t size)
{
	struct stat st;
	void *p;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size == 0) {
		snprintf(why, size, "cannot read %s: %s", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		snprintf(why, size, "cannot read %s: %s", path,
			 strerror(errno));
		return -1;
	}
	ret = batch_elf_scan(p, (size_t)st.st_size, why, size);
	munmap(p, (size_t)st.st_size);
	return ret;
}
