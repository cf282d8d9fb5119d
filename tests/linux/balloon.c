/* balloon: lowering xen_memory0/target_kb gives frames back to the hypervisor (current_kb, MemTotal and XENMEM_current_reservation drop), raising it takes them again, and the pages come back zeroed and usable. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#define SYSDIR "/sys/devices/system/xen_memory/xen_memory0/"
#define STEP_KB (16 * 1024)       /* how far the balloon is blown up */
#define WAIT_S 60                 /* the balloon thread's budget per step */

/* Linux's privcmd interface (include/uapi/xen/privcmd.h): */
struct privcmd_hypercall { uint64_t op, arg[5]; };
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define HYPERVISOR_memory_op 12
#define XENMEM_current_reservation 3
#define DOMID_SELF 0x7ff0

static long read_long(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

static int write_long(const char *path, long v)
{
	char buf[32];
	int fd = open(path, O_WRONLY), len = snprintf(buf, sizeof(buf), "%ld\n", v);
	int rc = fd >= 0 && write(fd, buf, (size_t)len) == len ? 0 : -1;

	if (fd >= 0)
		close(fd);
	return rc;
}

static long memtotal_kb(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "MemTotal:", 9))
			v = strtol(line + 9, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* The hypervisor's count of our frames (tot_pages), through privcmd; -1 if unavailable. */
static long hv_pages_here(void)
{
	static uint16_t domid = DOMID_SELF;
	struct privcmd_hypercall h = {
		.op = HYPERVISOR_memory_op,
		.arg = { XENMEM_current_reservation, (uint64_t)(uintptr_t)&domid },
	};
	int fd = open("/dev/xen/privcmd", O_RDWR);
	long r;

	if (fd < 0)
		return -1;
	r = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
	close(fd);
	return r;
}

/*
 * hv_pages_here() in a child, given HV_WAIT_S seconds: -2 when it did not
 * answer (the child is left behind, killed).
 */
#define HV_WAIT_S 20
static int hv_hung;
static long hv_pages(void)
{
	int p[2];
	long r = -2;
	pid_t c;

	if (hv_hung || pipe(p))
		return -2;
	c = fork();
	if (c == 0) {
		r = hv_pages_here();
		write(p[1], &r, sizeof(r));
		_exit(0);
	}
	close(p[1]);
	for (int i = 0; i < HV_WAIT_S * 10; i++) {
		struct timespec ts = { 0, 100000000 };
		int fl = fcntl(p[0], F_GETFL);

		fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
		if (read(p[0], &r, sizeof(r)) == sizeof(r))
			break;
		r = -2;
		nanosleep(&ts, NULL);
	}
	close(p[0]);
	if (r == -2) {
		kill(c, SIGKILL);
		hv_hung = 1;
	}
	return r;
}

/* The kernel command line. */
static const char *cmdline(void)
{
	static char buf[1024];
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Wait until current_kb reaches want; returns what it was last. */
static long wait_current(long want)
{
	long cur = -1;

	for (int i = 0; i < WAIT_S * 10; i++) {
		cur = read_long(SYSDIR "info/current_kb");
		if (cur == want)
			break;
		usleep(100000);
	}
	return cur;
}

int main(void)
{
	long cur0, tot0, hv0, cur, tot, hv, target;

	xl_start("balloon");
	cur0 = read_long(SYSDIR "info/current_kb");
	tot0 = memtotal_kb();
	xl_note("current_kb %ld, MemTotal %ld kB; asking the hypervisor", cur0, tot0);
	hv0 = hv_pages();
	if (cur0 <= 0) {
		xl_fail("expected " SYSDIR "info/current_kb (CONFIG_XEN_BALLOON), saw none "
			"(errno %d)", errno);
		return xl_end();
	}
	/*
	 * A domU's privcmd waits for xenstore to name its target domain
	 * before open() returns (drivers/xen/privcmd.c restrict_driver);
	 * boot-time domains have no xenstore, so the integration cases boot
	 * with xen_privcmd.unrestricted=1. Without it: no hypervisor count.
	 */
	if (hv0 == -2) {
		if (strstr(cmdline(), "xen_privcmd.unrestricted=1"))
			xl_fail("XENMEM_current_reservation through an unrestricted "
				"/dev/xen/privcmd did not answer in %d s", HV_WAIT_S);
		else
			xl_note("privcmd is restricted until xenstore comes (boot with "
				"xen_privcmd.unrestricted=1): the hypervisor's count is "
				"not checked");
	}
	else if (hv0 < 0)
		xl_fail("expected XENMEM_current_reservation through privcmd, saw %ld "
			"(errno %d)", hv0, errno);
	xl_note("start: current_kb %ld, MemTotal %ld kB, hypervisor %ld pages (%ld kB)",
		cur0, tot0, hv0, hv0 * 4);

	/* down */
	target = cur0 - STEP_KB;
	if (write_long(SYSDIR "target_kb", target)) {
		xl_fail("write target_kb %ld: errno %d", target, errno);
		return xl_end();
	}
	cur = wait_current(target);
	tot = memtotal_kb();
	hv = hv_pages();
	xl_note("down: current_kb %ld, MemTotal %ld kB, hypervisor %ld pages", cur, tot, hv);
	if (cur != target)
		xl_fail("balloon down: expected current_kb %ld within %d s, saw %ld",
			target, WAIT_S, cur);
	if (tot0 - tot != STEP_KB)
		xl_fail("balloon down: expected MemTotal %ld - %d kB, saw %ld", tot0, STEP_KB, tot);
	if (hv0 >= 0 && hv0 - hv != STEP_KB / 4)
		xl_fail("balloon down: expected the hypervisor to hold %d frames fewer "
			"(%ld), saw %ld", STEP_KB / 4, hv0 - STEP_KB / 4, hv);

	/* up again */
	if (write_long(SYSDIR "target_kb", cur0)) {
		xl_fail("write target_kb %ld: errno %d", cur0, errno);
		return xl_end();
	}
	cur = wait_current(cur0);
	tot = memtotal_kb();
	hv = hv_pages();
	xl_note("up: current_kb %ld, MemTotal %ld kB, hypervisor %ld pages", cur, tot, hv);
	if (cur != cur0)
		xl_fail("balloon up: expected current_kb %ld within %d s, saw %ld",
			cur0, WAIT_S, cur);
	if (tot != tot0)
		xl_fail("balloon up: expected MemTotal back at %ld kB, saw %ld", tot0, tot);
	if (hv0 >= 0 && hv != hv0)
		xl_fail("balloon up: expected the hypervisor to hold %ld frames again, saw %ld",
			hv0, hv);

	/* the memory is usable: fill most of the free memory, fresh pages are zero */
	{
		size_t len = (size_t)STEP_KB * 1024 * 2;
		unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		unsigned long bad = 0;

		if (m == MAP_FAILED) {
			xl_fail("mmap %zu bytes after the balloon: errno %d", len, errno);
		} else {
			for (size_t i = 0; i < len; i += 4096) {
				if (m[i] || m[i + 4095])
					bad++;
				m[i] = (unsigned char)(i >> 12) | 1;
			}
			for (size_t i = 0; i < len; i += 4096)
				if (m[i] != ((unsigned char)(i >> 12) | 1))
					bad++;
			if (bad)
				xl_fail("after the balloon: %lu pages not zero or not holding data", bad);
			munmap(m, len);
		}
	}
	return xl_end();
}
