/* Linux test program: clock_gettime/gettimeofday/time answered by the vDSO (pvclock), never by a syscall. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/*
 * Prints "XL-TEST vdso_clock: PASS" or "XL-TEST vdso_clock: FAIL <what was
 * expected, what was seen>" and exits 0 or 1. Readings by syscall are
 * taken first; then a seccomp filter makes clock_gettime, gettimeofday
 * and time fail with EPERM, and the vDSO's functions (found in the image
 * at AT_SYSINFO_EHDR, not through libc) must still answer, monotonic
 * and in agreement with the syscall readings. A kernel that cannot read
 * pvclock from user mode (no secondary time area, or no
 * XEN_PVCLOCK_TSC_STABLE_BIT) falls back to the syscall inside the vDSO,
 * which the filter turns into EPERM. Also prints the cost per call of
 * the syscall and of the vDSO (a figure, not checked).
 */
#define ROUNDS 200000
#define SLACK_NS (10LL * 1000000000LL)

typedef int (*cgt_fn)(clockid_t, struct timespec *);
typedef int (*gtod_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	printf("XL-TEST vdso_clock: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return 1;
}

/* A symbol of the vDSO image (DT_HASH symbol table), or NULL. */
static void *vdso_sym(const char *name)
{
	const uint8_t *base = (const uint8_t *)getauxval(AT_SYSINFO_EHDR);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph;
	const Elf64_Dyn *dyn = NULL;
	const Elf64_Sym *symtab = NULL;
	const char *strtab = NULL;
	const uint32_t *hash = NULL;
	uintptr_t bias = 0;
	bool have_load = false;

	if (!base || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return NULL;
	ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			bias = (uintptr_t)base + ph[i].p_offset - ph[i].p_vaddr;
			have_load = true;
		} else if (ph[i].p_type == PT_DYNAMIC) {
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
		}
	}
	if (!dyn || !have_load)
		return NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			symtab = (const Elf64_Sym *)(bias + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_STRTAB)
			strtab = (const char *)(bias + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_HASH)
			hash = (const uint32_t *)(bias + dyn->d_un.d_ptr);
	}
	if (!symtab || !strtab || !hash)
		return NULL;
	for (uint32_t i = 0; i < hash[1]; i++) {     /* nchain = symbols */
		const Elf64_Sym *s = &symtab[i];

		if (s->st_shndx != SHN_UNDEF && !strcmp(strtab + s->st_name, name))
			return (void *)(bias + s->st_value);
	}
	return NULL;
}

static long long ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long mono_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ns_of(&t);
}

static int deny_time_syscalls(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clock_gettime, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_gettimeofday, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_time, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(void)
{
	cgt_fn cgt = (cgt_fn)vdso_sym("__vdso_clock_gettime");
	gtod_fn gtod = (gtod_fn)vdso_sym("__vdso_gettimeofday");
	time_fn tm = (time_fn)vdso_sym("__vdso_time");
	struct timespec m0, r0, t;
	struct timeval tv;
	long long last = 0, t0, t1, sys_ns, vdso_ns;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!cgt || !gtod || !tm)
		return fail("expected __vdso_clock_gettime, __vdso_gettimeofday and "
			    "__vdso_time in the vDSO, saw %p %p %p", (void *)cgt,
			    (void *)gtod, (void *)tm);

	/* Before the filter: the kernel's own answers, and a syscall's cost. */
	if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &m0) ||
	    syscall(SYS_clock_gettime, CLOCK_REALTIME, &r0))
		return fail("expected the clock_gettime syscall to work before the "
			    "filter, saw errno %d", errno);
	t0 = mono_now();
	for (int i = 0; i < 2000; i++)
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
	sys_ns = (mono_now() - t0) / 2000;

	if (deny_time_syscalls())
		return fail("expected seccomp to install, saw errno %d", errno);
	errno = 0;
	rc = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
	if (rc != -1 || errno != EPERM)
		return fail("expected the filtered syscall to fail with EPERM, saw "
			    "rc %d errno %d", rc, errno);

	t0 = 0;
	for (int i = 0; i < ROUNDS; i++) {
		clockid_t c = (i & 1) ? CLOCK_REALTIME : CLOCK_MONOTONIC;

		rc = cgt(c, &t);
		if (rc)
			return fail("expected vDSO clock_gettime(%s) = 0 at call %d, "
				    "saw %d (the vDSO fell back to the syscall)",
				    c == CLOCK_MONOTONIC ? "MONOTONIC" : "REALTIME",
				    i, rc);
		if (c == CLOCK_MONOTONIC) {
			long long n = ns_of(&t);

			if (n < last)
				return fail("expected CLOCK_MONOTONIC to never go "
					    "back, saw %lld after %lld at call %d",
					    n, last, i);
			if (i == 0 && (n < ns_of(&m0) || n - ns_of(&m0) > SLACK_NS))
				return fail("expected the vDSO's first CLOCK_MONOTONIC "
					    "within 10 s after the syscall's %lld, "
					    "saw %lld", ns_of(&m0), n);
			if (i == 0)
				t0 = n;
			last = n;
		} else if (i == 1 && (ns_of(&t) < ns_of(&r0) ||
				      ns_of(&t) - ns_of(&r0) > SLACK_NS)) {
			return fail("expected the vDSO's CLOCK_REALTIME within 10 s "
				    "after the syscall's %lld, saw %lld",
				    ns_of(&r0), ns_of(&t));
		}
	}
	t1 = last;
	vdso_ns = (t1 - t0) / (ROUNDS - 2);  /* calls between the two */
	if (t1 <= ns_of(&m0))
		return fail("expected CLOCK_MONOTONIC to advance over %d calls, "
			    "saw %lld then %lld", ROUNDS, ns_of(&m0), t1);
	if (gtod(&tv, NULL))
		return fail("expected vDSO gettimeofday = 0, saw errno %d", errno);
	if (tv.tv_sec < r0.tv_sec || tv.tv_sec > r0.tv_sec + 10)
		return fail("expected vDSO gettimeofday near %ld s, saw %ld",
			    (long)r0.tv_sec, (long)tv.tv_sec);
	if (tm(NULL) < r0.tv_sec || tm(NULL) > r0.tv_sec + 10)
		return fail("expected vDSO time() near %ld, saw %ld",
			    (long)r0.tv_sec, (long)tm(NULL));
	printf("XL-TEST vdso_clock: clock_gettime %lld ns by syscall, %lld ns "
	       "by the vDSO (%d calls)\n", sys_ns, vdso_ns, ROUNDS);
	printf("XL-TEST vdso_clock: PASS\n");
	return 0;
}
