/* fork_exec: many children with distinct exit codes, execve with arguments and environment, wait statuses. */
#include "xltest.h"
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#define SERIAL 100   /* children forked and reaped one at a time */
#define BURST 48     /* children alive at once, reaped in any order */
#define EXECS 20     /* execve round trips */

static int code_of(int i)
{
	return (i * 37 + 5) & 0xff;
}

/* The re-executed image: exit with argv[2] if XL_MAGIC is in the environment. */
static int exec_child(int argc, char **argv)
{
	const char *m = getenv("XL_MAGIC");

	if (argc != 3 || !m || strcmp(m, "fork-exec-42"))
		return 99;
	return atoi(argv[2]);
}

static void reap(pid_t pid, int want_code, const char *what)
{
	int st;
	pid_t r = waitpid(pid, &st, 0);

	if (r != pid)
		xl_fail("%s: waitpid(%d) returned %d (errno %d)", what, pid, r, errno);
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != want_code)
		xl_fail("%s: expected exit code %d, saw status %#x", what,
			want_code, st);
}

int main(int argc, char **argv)
{
	pid_t pids[BURST];
	int i, st, seen[BURST] = { 0 };

	if (argc > 1 && !strcmp(argv[1], "child"))
		return exec_child(argc, argv);
	xl_start("fork_exec");

	for (i = 0; i < SERIAL && !xl_failed; i++) {
		pid_t p = fork();

		if (p < 0) {
			xl_fail("fork %d: errno %d", i, errno);
			break;
		}
		if (p == 0)
			_exit(code_of(i));
		reap(p, code_of(i), "serial child");
	}

	for (i = 0; i < BURST; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			xl_fail("burst fork %d: errno %d", i, errno);
			return xl_end();
		}
		if (pids[i] == 0) {
			/* a little work so the children overlap */
			volatile unsigned long x = 0;
			for (unsigned long k = 0; k < 20000UL * (i % 5); k++)
				x += k;
			_exit(code_of(i + 1000));
		}
	}
	for (int n = 0; n < BURST; n++) {
		pid_t r = wait(&st);
		int j;

		for (j = 0; j < BURST && pids[j] != r; j++)
			;
		if (j == BURST) {
			xl_fail("burst: wait() returned unknown pid %d (errno %d)", r, errno);
			break;
		}
		seen[j]++;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != code_of(j + 1000))
			xl_fail("burst child %d: expected exit %d, saw status %#x",
				j, code_of(j + 1000), st);
	}
	for (i = 0; i < BURST; i++)
		if (seen[i] != 1)
			xl_fail("burst child %d reaped %d times, expected once", i, seen[i]);
	if (wait(&st) != -1 || errno != ECHILD)
		xl_fail("expected ECHILD after reaping every child, saw errno %d", errno);

	for (i = 0; i < EXECS && !xl_failed; i++) {
		char num[16];
		pid_t p;

		snprintf(num, sizeof(num), "%d", code_of(i + 7));
		p = fork();
		if (p == 0) {
			char *av[] = { argv[0], "child", num, NULL };
			char *ev[] = { "XL_MAGIC=fork-exec-42", NULL };

			execve("/proc/self/exe", av, ev);
			_exit(98);
		}
		reap(p, code_of(i + 7), "execve of itself");
	}

	/* a child killed by a signal reports it */
	{
		pid_t p = fork();

		if (p == 0) {
			pause();
			_exit(0);
		}
		kill(p, SIGKILL);
		if (waitpid(p, &st, 0) != p || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
			xl_fail("killed child: expected WTERMSIG SIGKILL, saw status %#x", st);
	}
	if (!xl_failed)
		xl_note("%d serial, %d concurrent, %d execve children", SERIAL, BURST, EXECS);
	return xl_end();
}
