/* timers: nanosleep within a loose bound, monotonic clock never backwards, a plausible wall clock, setitimer and timerfd firing the right number of times. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>

#define SLOW_NS 5000000000LL   /* "a few seconds": far above any TCG jitter */

static int64_t now_ns(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	alarms++;
}

int main(void)
{
	int64_t t0, dt, prev;
	struct timespec ts = { 0, 100000000 };

	xl_start("timers");

	for (int i = 0; i < 3; i++) {
		t0 = now_ns(CLOCK_MONOTONIC);
		if (nanosleep(&ts, NULL))
			xl_fail("nanosleep: errno %d", errno);
		dt = now_ns(CLOCK_MONOTONIC) - t0;
		if (dt < 100000000LL || dt >= SLOW_NS)
			xl_fail("nanosleep(100 ms): expected 100 ms <= slept < 5 s, saw %lld ns",
				(long long)dt);
		if (i == 0)
			xl_note("nanosleep(100 ms) slept %lld us", (long long)dt / 1000);
	}

	prev = now_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < 200000; i++) {
		int64_t t = now_ns(CLOCK_MONOTONIC);

		if (t < prev) {
			xl_fail("CLOCK_MONOTONIC went back by %lld ns at read %d",
				(long long)(prev - t), i);
			break;
		}
		prev = t;
	}

	/* the wall clock came from the hypervisor: after 2020, before 2100 */
	dt = now_ns(CLOCK_REALTIME) / 1000000000LL;
	if (dt < 1577836800LL || dt > 4102444800LL)
		xl_fail("CLOCK_REALTIME: expected a date in 2020..2100, saw %lld s", (long long)dt);

	/* setitimer: 10 SIGALRMs 20 ms apart */
	{
		struct sigaction sa = { .sa_handler = on_alarm };
		struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, off = { 0 };

		sigaction(SIGALRM, &sa, NULL);
		t0 = now_ns(CLOCK_MONOTONIC);
		setitimer(ITIMER_REAL, &it, NULL);
		while (alarms < 10 && now_ns(CLOCK_MONOTONIC) - t0 < 2 * SLOW_NS)
			pause();
		setitimer(ITIMER_REAL, &off, NULL);
		dt = now_ns(CLOCK_MONOTONIC) - t0;
		if (alarms < 10)
			xl_fail("setitimer(20 ms): expected 10 SIGALRM, saw %d in %lld ms",
				(int)alarms, (long long)dt / 1000000);
		else if (dt < 200000000LL - 1000000)
			xl_fail("setitimer(20 ms): 10 SIGALRM after only %lld us, expected >= 200 ms",
				(long long)dt / 1000);
	}

	/* timerfd: periodic 10 ms, count expirations up to 20 */
	{
		int fd = timerfd_create(CLOCK_MONOTONIC, 0);
		struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } };
		uint64_t n, total = 0;

		if (fd < 0 || timerfd_settime(fd, 0, &its, NULL)) {
			xl_fail("timerfd: errno %d", errno);
		} else {
			t0 = now_ns(CLOCK_MONOTONIC);
			while (total < 20 && now_ns(CLOCK_MONOTONIC) - t0 < 2 * SLOW_NS) {
				if (read(fd, &n, 8) != 8) {
					xl_fail("timerfd read: errno %d", errno);
					break;
				}
				total += n;
			}
			dt = now_ns(CLOCK_MONOTONIC) - t0;
			if (total < 20)
				xl_fail("timerfd(10 ms): expected 20 expirations, saw %llu in %lld ms",
					(unsigned long long)total, (long long)dt / 1000000);
			else if (dt < (int64_t)total * 10000000LL - 10000000LL)
				xl_fail("timerfd(10 ms): %llu expirations in only %lld us",
					(unsigned long long)total, (long long)dt / 1000);
			close(fd);
		}
	}
	return xl_end();
}
