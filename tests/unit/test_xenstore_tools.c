/*
 * xenstore end to end: build/host/xenstored on a socket in a temporary
 * directory, driven by the xenstore-* tools and the socket client library.
 * Every wait is bounded (tools run under timeout(1), daemon start/stop poll
 * with a deadline).
 */
#include <errno.h>
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "xenstore.h"

#ifndef HOST_BIN_DIR
#error "HOST_BIN_DIR must name build/host"
#endif

static char top[40], dir[64], sock[96];
static pid_t daemon_pid;
static char out[65536], errout[8192];

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
}

static int try_connect(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok;

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", sock);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	if (!ok) {
		close(fd);
		return -1;
	}
	return fd;
}

static void start_daemon(void)
{
	snprintf(dir, sizeof(dir), "%s/XXXXXX", top);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("XENSTORED_PATH", sock, 1);
	daemon_pid = fork();
	ck_assert_int_ge(daemon_pid, 0);
	if (daemon_pid == 0) {
		char log[128];
		prctl(PR_SET_PDEATHSIG, SIGKILL);  /* a failed test kills it */
		snprintf(log, sizeof(log), "%s/daemon.log", dir);
		if (!freopen(log, "w", stderr))
			_exit(126);
		execl(HOST_BIN_DIR "/xenstored", "xenstored", "--socket", sock,
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {  /* up to 5 s */
		int fd = try_connect();
		if (fd >= 0) {
			close(fd);
			return;
		}
		sleep_ms(10);
	}
	ck_abort_msg("xenstored did not listen on %s within 5 s", sock);
}

static void stop_daemon(void)
{
	int status;

	if (daemon_pid <= 0)
		return;
	kill(daemon_pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(daemon_pid, &status, WNOHANG) == daemon_pid)
			goto gone;
		sleep_ms(10);
	}
	kill(daemon_pid, SIGKILL);
	waitpid(daemon_pid, &status, 0);
gone:
	daemon_pid = 0;
	unlink(sock);
	char errfile[128];
	snprintf(errfile, sizeof(errfile), "%s/stderr", dir);
	unlink(errfile);
	snprintf(errfile, sizeof(errfile), "%s/daemon.log", dir);
	unlink(errfile);
	rmdir(dir);
}

/* Runs "tool args" (shell words) from build/host; stdout into out, stderr
 * into errout; returns the exit status. */
static int run(const char *cmd)
{
	char line[2048], errfile[128];
	FILE *p, *e;
	size_t n;
	int status;

	snprintf(errfile, sizeof(errfile), "%s/stderr", dir);
	snprintf(line, sizeof(line), "cd %s && timeout 10 %s 2>%s", HOST_BIN_DIR,
		 cmd, errfile);
	p = popen(line, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	status = pclose(p);
	e = fopen(errfile, "r");
	n = e ? fread(errout, 1, sizeof(errout) - 1, e) : 0;
	errout[n] = 0;
	if (e)
		fclose(e);
	ck_assert_msg(WIFEXITED(status), "%s: did not exit", cmd);
	return WEXITSTATUS(status);
}

#define RUN_OK(cmd, want) do { \
	int rc_ = run(cmd); \
	ck_assert_msg(rc_ == 0, "%s: exit %d, stderr \"%s\"", cmd, rc_, errout); \
	ck_assert_msg(strcmp(out, want) == 0, "%s: expected \"%s\", got \"%s\"", \
		      cmd, want, out); \
} while (0)

#define RUN_FAIL(cmd, code, errpart) do { \
	int rc_ = run(cmd); \
	ck_assert_msg(rc_ == code, "%s: expected exit %d, got %d", cmd, code, rc_); \
	ck_assert_msg(strstr(errout, errpart), "%s: stderr \"%s\" lacks \"%s\"", \
		      cmd, errout, errpart); \
} while (0)

START_TEST(write_then_read)
{
	RUN_OK("./xenstore-write /a/b 1 && ./xenstore-read /a/b", "1\n");
	RUN_OK("./xenstore-write /a/c x /a/d 'two words'", "");
	RUN_OK("./xenstore-read -p /a/c /a/d", "/a/c: x\n/a/d: two words\n");
	RUN_OK("./xenstore read /a/b", "1\n");
	RUN_FAIL("./xenstore-read /a/nope", 1,
		 "xenstore-read: couldn't read path /a/nope");
	RUN_FAIL("./xenstore-read /a/b /a/nope", 1, "couldn't read path");
	RUN_OK("./xenstore-write /esc 'a\\tb\\x01\\\\'", "");
	RUN_OK("./xenstore-read /esc", "a\\tb\\001\\\\\n");
	RUN_OK("./xenstore-read -R /esc", "a\tb\001\\");
	RUN_OK("./xenstore-write -R /raw 'a\\tb' && ./xenstore-read -R /raw",
	       "a\\tb");
}
END_TEST

START_TEST(ls_formats)
{
	char want[256], x100[101];

	RUN_OK("./xenstore-write /x/y 1 /x/z '' /x/y/deep v", "");
	RUN_OK("./xenstore-ls /x", "y = \"1\"\n deep = \"v\"\nz = \"\"\n");
	RUN_OK("./xenstore-ls -f /x",
	       "/x/y = \"1\"\n/x/y/deep = \"v\"\n/x/z = \"\"\n");
	RUN_OK("./xenstore-ls", "tool = \"\"\n xenstored = \"\"\nx = \"\"\n"
	       " y = \"1\"\n  deep = \"v\"\n z = \"\"\n");
	ck_assert_int_eq(run("./xenstore-ls -p /x/y"), 0);
	snprintf(want, sizeof(want), "%-60s  (n0)\n", "deep = \"v\"");
	for (int i = 11; i < 60; i++)  /* the dotted leader */
		want[i] = i & 1 ? '.' : ' ';
	ck_assert_str_eq(out, want);
	memset(x100, 'x', 100);
	x100[100] = 0;
	snprintf(want, sizeof(want), "./xenstore-write /long %s", x100);
	RUN_OK(want, "");
	ck_assert_int_eq(run("./xenstore-ls /long"), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(run("./xenstore-ls / | grep long"), 0);
	snprintf(want, sizeof(want), "long = \"%.68s\\...\"\n", x100);
	ck_assert_str_eq(out, want);
	RUN_FAIL("./xenstore-ls /nope", 1,
		 "xs_directory (/nope): No such file or directory");
}
END_TEST

START_TEST(list_exists_rm)
{
	RUN_OK("./xenstore-write /l/a 1 /l/b 2 /t/u/v/w 3", "");
	RUN_OK("./xenstore-list /l", "a\nb\n");
	RUN_OK("./xenstore-list -p /l", "/l/a\n/l/b\n");
	RUN_OK("./xenstore-list -p / | head -1", "/tool\n");
	RUN_FAIL("./xenstore-list /nope", 1, "could not list path /nope");
	RUN_OK("./xenstore-exists /l/a", "");
	RUN_FAIL("./xenstore-exists /l/zz", 1, "");
	RUN_OK("./xenstore-rm /l/a && ./xenstore-list /l", "b\n");
	RUN_FAIL("./xenstore-rm /nope/deeper", 1,
		 "could not remove path /nope/deeper");
	RUN_OK("./xenstore-write /t/keep 1", "");
	RUN_OK("./xenstore-rm -t /t/u/v/w && ./xenstore-list /t", "keep\n");
}
END_TEST

START_TEST(chmod_sets_permissions)
{
	RUN_OK("./xenstore-write /c/d/e 1", "");
	RUN_OK("./xenstore-chmod /c n1 r2", "");
	RUN_OK("./xenstore-ls -p / | grep '^c ' | sed 's/.*  (/(/'",
	       "(n1,r2)\n");
	RUN_OK("./xenstore-ls -p /c | sed 's/.*  (/(/'", "(n0)\n(n0)\n");
	RUN_OK("./xenstore-chmod -r /c b3", "");
	RUN_OK("./xenstore-ls -p /c | sed 's/.*  (/(/'", "(b3)\n(b3)\n");
	RUN_FAIL("./xenstore-chmod /c x1", 1,
		 "Invalid permission specification: 'x'");
	RUN_FAIL("./xenstore-chmod /nope n0", 1,
		 "Error occurred setting permissions on '/nope'");
}
END_TEST

START_TEST(watch_prints_events)
{
	char line[256], cmd[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "timeout 10 %s/xenstore-watch -n 2 /wt",
		 HOST_BIN_DIR);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "/wt\n");  /* registration */
	RUN_OK("./xenstore-write /wt/k 1", "");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_str_eq(line, "/wt/k\n");
	int status = pclose(p);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "xenstore-watch -n 2 status %d", status);
}
END_TEST

START_TEST(usage_and_errors)
{
	RUN_FAIL("./xenstore-read", 1,
		 "Usage: ./xenstore-read [-h] [-p] [-R] key [...]");
	RUN_FAIL("./xenstore-write /odd", 1,
		 "Usage: ./xenstore-write [-h] [-R] key value [...]");
	RUN_FAIL("./xenstore read", 1,
		 "Usage: ./xenstore read [-h] [-p] [-R] key [...]");
	RUN_FAIL("./xenstore-ls -t", 1, "Usage: ./xenstore-ls [-h] [-f] [-p] [path]");
	RUN_FAIL("./xenstore-rm -h", 0, "Usage: ./xenstore-rm [-h] [-t] key [...]");
	RUN_FAIL("./xenstore", 1, "Usage: ./xenstore <mode> [-h] [...]");
	RUN_FAIL("./xenstore frob", 1, "unknown mode frob");
	RUN_FAIL("env XENSTORED_PATH=/nonexistent/sock ./xenstore-read /a", 1,
		 "xs_open");
}
END_TEST

START_TEST(library_transaction_conflict_over_socket)
{
	struct xs_handle *a = xs_open(0), *b = xs_open(0);
	xs_transaction_t t;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_ge(xs_fileno(a), 0);
	ck_assert(xs_write(a, XBT_NULL, "/k", "0", 1));
	t = xs_transaction_start(a);
	free(xs_read(a, t, "/k", NULL));
	ck_assert(xs_write(b, XBT_NULL, "/k", "b", 1));
	ck_assert(xs_write(a, t, "/k", "a", 1));
	ck_assert(!xs_transaction_end(a, t, false));
	ck_assert_msg(errno == EAGAIN, "expected EAGAIN, got %d", errno);
	ck_assert(xs_watch(b, "/k", "t"));
	char **ev = xs_read_watch_timeout(b, NULL, 5000);
	ck_assert_ptr_nonnull(ev);
	free(ev);
	ck_assert(xs_write(a, XBT_NULL, "/k", "c", 1));  /* other client */
	ev = xs_read_watch_timeout(b, NULL, 5000);
	ck_assert_ptr_nonnull(ev);
	ck_assert_str_eq(ev[XS_WATCH_PATH], "/k");
	free(ev);
	xs_close(a);
	xs_close(b);
}
END_TEST

START_TEST(concurrent_clients)
{
	pid_t kids[8];

	for (int k = 0; k < 8; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			struct xs_handle *h = xs_open(0);
			char path[32], val[16];
			int bad = !h;
			for (int i = 0; h && i < 200; i++) {
				snprintf(path, sizeof(path), "/cc/%d", k);
				snprintf(val, sizeof(val), "%d", i);
				bad |= !xs_write(h, XBT_NULL, path, val,
						 (unsigned int)strlen(val));
				char *v = xs_read(h, XBT_NULL, path, NULL);
				bad |= !v || strcmp(v, val);
				free(v);
			}
			_exit(bad);
		}
	}
	for (int k = 0; k < 8; k++) {
		int status = -1;
		for (int i = 0; i < 1000; i++) {  /* 10 s */
			if (waitpid(kids[k], &status, WNOHANG) == kids[k])
				break;
			sleep_ms(10);
		}
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "client %d status %d", k, status);
	}
	RUN_OK("./xenstore-list /cc | wc -l", "8\n");
	RUN_OK("./xenstore-read /cc/7", "199\n");
}
END_TEST

START_TEST(daemon_survives_bad_clients)
{
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	char buf[64];
	int fd = try_connect();

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, &h, sizeof(h)), (int)sizeof(h));
	struct timeval tv = { 5, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 0);  /* closed on us */
	close(fd);
	fd = try_connect();  /* a request without its NUL */
	h.len = 3;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "/ab", 3);
	ck_assert_int_eq(write(fd, buf, sizeof(h) + 3), (int)sizeof(h) + 3);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), (int)sizeof(h) + 7);
	memcpy(&h, buf, sizeof(h));
	ck_assert_uint_eq(h.type, XS_ERROR);
	ck_assert_str_eq(buf + sizeof(h), "EINVAL");
	close(fd);
	RUN_OK("./xenstore-write /still 1 && ./xenstore-read /still", "1\n");
}
END_TEST

/* Many requests in one write are all answered, in order; a client that
 * never reads its answers does not stall anybody else. */
START_TEST(daemon_pipelines_and_never_waits_on_a_client)
{
	enum { N = 300 };
	static char buf[N * 32];
	struct xsd_sockmsg h = { XS_GET_DOMAIN_PATH, 0, 0, 4 };
	struct timeval tv = { 5, 0 };
	size_t len = 0, got = 0;
	int fd = try_connect(), hog = try_connect();

	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(hog, 0);
	for (int i = 0; i < N; i++) {
		h.req_id = (uint32_t)i;
		memcpy(buf + len, &h, sizeof(h));
		memcpy(buf + len + sizeof(h), "123", 4);
		len += sizeof(h) + 4;
	}
	ck_assert_int_eq(write(fd, buf, len), (int)len);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	static char rep[N * 64];
	size_t want = N * (sizeof(h) + sizeof("/local/domain/123"));
	while (got < want) {
		ssize_t n = read(fd, rep + got, sizeof(rep) - got);
		ck_assert_msg(n > 0, "pipelined replies stopped at %zu of %zu",
			      got, want);
		got += (size_t)n;
	}
	memcpy(&h, rep + want - sizeof(h) - sizeof("/local/domain/123"),
	       sizeof(h));
	ck_assert_uint_eq(h.req_id, N - 1);
	close(fd);

	/* the hog asks for big values and never reads them */
	RUN_OK("./xenstore-write /bigval "
	       "$(head -c 4000 /dev/zero | tr '\\0' x)", "");
	h = (struct xsd_sockmsg){ XS_READ, 1, 0, 8 };
	len = 0;
	for (int i = 0; i < 64; i++) {
		memcpy(buf + len, &h, sizeof(h));
		memcpy(buf + len + sizeof(h), "/bigval", 8);
		len += sizeof(h) + 8;
	}
	for (int k = 0; k < 8; k++)  /* ~2 MB of answers it will not take */
		ck_assert_int_eq(write(hog, buf, len), (int)len);
	RUN_OK("./xenstore-write /other 1 && ./xenstore-read /other", "1\n");
	close(hog);
}
END_TEST

static Suite *tools_suite(void)
{
	Suite *su = suite_create("xenstore tools end to end");
	TCase *tc = tcase_create("tools");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, start_daemon, stop_daemon);
	tcase_add_test(tc, write_then_read);
	tcase_add_test(tc, ls_formats);
	tcase_add_test(tc, list_exists_rm);
	tcase_add_test(tc, chmod_sets_permissions);
	tcase_add_test(tc, watch_prints_events);
	tcase_add_test(tc, usage_and_errors);
	tcase_add_test(tc, library_transaction_conflict_over_socket);
	tcase_add_test(tc, concurrent_clients);
	tcase_add_test(tc, daemon_survives_bad_clients);
	tcase_add_test(tc, daemon_pipelines_and_never_waits_on_a_client);
	suite_add_tcase(su, tc);
	return su;
}

/* Each test's daemon lives in a directory under one top directory, removed
 * at the end even if failed tests could not clean up after themselves. */
int main(void)
{
	static Suite *(*const suites[])(void) = { tools_suite, NULL };
	char cmd[64];
	int rc;

	snprintf(top, sizeof(top), "/tmp/xenstore-test.XXXXXX");
	if (!mkdtemp(top)) {
		perror("mkdtemp");
		return 1;
	}
	rc = harness_run(suites);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", top);
	return rc;
}
