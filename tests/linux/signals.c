/* signals: handlers with siginfo, sigprocmask and pending signals, kill between processes, SIGSEGV/SIGILL/SIGFPE with the right si_addr and si_code. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#define PINGS 200

static volatile sig_atomic_t usr1, usr2;
static volatile pid_t last_pid;
static siginfo_t fault_info;
static sigjmp_buf fault_jmp;

static void on_usr(int sig, siginfo_t *si, void *uc)
{
	if (sig == SIGUSR1)
		usr1++;
	else
		usr2++;
	last_pid = si->si_pid;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	fault_info = *si;
	siglongjmp(fault_jmp, 1);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Run fn; expect signal sig with si_addr addr (when want_addr) and si_code. */
static void expect_fault(const char *what, void (*fn)(void), int sig,
			 int want_addr, void *addr, int code1, int code2)
{
	memset(&fault_info, 0, sizeof(fault_info));
	if (sigsetjmp(fault_jmp, 1) == 0) {
		fn();
		xl_fail("%s: expected signal %d, none came", what, sig);
		return;
	}
	if (fault_info.si_signo != sig)
		xl_fail("%s: expected signal %d, saw %d", what, sig, fault_info.si_signo);
	else if (want_addr && fault_info.si_addr != addr)
		xl_fail("%s: expected si_addr %p, saw %p", what, addr, fault_info.si_addr);
	else if (fault_info.si_code != code1 && fault_info.si_code != code2)
		xl_fail("%s: expected si_code %d or %d, saw %d", what, code1, code2,
			fault_info.si_code);
}

static volatile int *bad_user = (int *)0xdead000;                 /* unmapped */
static volatile int *bad_hv = (int *)0xffff800000100000UL;        /* Xen's area */
static volatile int *bad_kernel = (int *)0xffffffff81000000UL;    /* kernel text */
static volatile int zero, quotient;

static void touch_user(void) { (void)*bad_user; }
static void write_user(void) { *bad_user = 1; }
static void touch_hv(void) { (void)*bad_hv; }
static void write_kernel(void) { *bad_kernel = 1; }
static void divide(void) { quotient = 100 / zero; }
extern char ud2_here[];
static void undefined(void) { __asm__ volatile("ud2_here: ud2"); }

int main(void)
{
	sigset_t block, old, pend;
	pid_t child;
	int st, ok_pings = 0;

	xl_start("signals");
	handle(SIGUSR1, on_usr);
	handle(SIGUSR2, on_usr);
	handle(SIGSEGV, on_fault);
	handle(SIGILL, on_fault);
	handle(SIGFPE, on_fault);

	/* a handler runs with siginfo */
	raise(SIGUSR1);
	if (usr1 != 1 || last_pid != getpid())
		xl_fail("raise(SIGUSR1): expected 1 delivery from pid %d, saw %d from %d",
			getpid(), (int)usr1, (int)last_pid);

	/* blocked: pending, not delivered; delivered once when unblocked */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR2);
	raise(SIGUSR2);
	sigpending(&pend);
	if (usr2 != 0 || !sigismember(&pend, SIGUSR2))
		xl_fail("blocked SIGUSR2: expected pending and undelivered, saw %d "
			"deliveries, pending %d", (int)usr2, sigismember(&pend, SIGUSR2));
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (usr2 != 1)
		xl_fail("unblocked SIGUSR2: expected exactly 1 delivery, saw %d", (int)usr2);

	/* ping-pong between processes: parent SIGUSR1 -> child, child SIGUSR2 -> parent */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);
	usr1 = usr2 = 0;
	child = fork();
	if (child == 0) {
		sigset_t wait_mask = old;

		for (int i = 0; i < PINGS; i++) {
			while (usr1 == i)
				sigsuspend(&wait_mask);
			if (last_pid != getppid())
				_exit(2);
			kill(getppid(), SIGUSR2);
		}
		_exit(usr1 == PINGS ? 0 : 3);
	}
	for (int i = 0; i < PINGS; i++) {
		kill(child, SIGUSR1);
		while (usr2 == i)
			sigsuspend(&old);
		if (last_pid == child)
			ok_pings++;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))
		xl_fail("signal ping-pong child: expected exit 0, saw status %#x", st);
	if (ok_pings != PINGS || usr2 != PINGS)
		xl_fail("signal ping-pong: expected %d signals from pid %d, saw %d (%d "
			"from it)", PINGS, child, (int)usr2, ok_pings);

	/* synchronous faults: the right signal, address and code */
	expect_fault("read of unmapped 0xdead000", touch_user, SIGSEGV, 1,
		     (void *)bad_user, SEGV_MAPERR, SEGV_MAPERR);
	expect_fault("write of unmapped 0xdead000", write_user, SIGSEGV, 1,
		     (void *)bad_user, SEGV_MAPERR, SEGV_MAPERR);
	expect_fault("read of the hypervisor's area", touch_hv, SIGSEGV, 1,
		     (void *)bad_hv, SEGV_MAPERR, SEGV_ACCERR);
	expect_fault("write to kernel text", write_kernel, SIGSEGV, 1,
		     (void *)bad_kernel, SEGV_MAPERR, SEGV_ACCERR);
	expect_fault("ud2", undefined, SIGILL, 1, ud2_here, ILL_ILLOPN, ILL_ILLOPN);
	expect_fault("divide by zero", divide, SIGFPE, 0, NULL, FPE_INTDIV, FPE_INTDIV);
	/* and once more after all that: the process is still sane */
	expect_fault("read of unmapped 0xdead000 again", touch_user, SIGSEGV, 1,
		     (void *)bad_user, SEGV_MAPERR, SEGV_MAPERR);
	return xl_end();
}
