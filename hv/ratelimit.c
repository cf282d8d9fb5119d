/* Byte rate limits: a token bucket that counts and reports what it refused. */
#include "ratelimit.h"

#define NS_PER_SEC 1000000000ULL

/* Add the tokens earned since rl->last (whole bytes; the rest carries). */
static void refill(struct ratelimit *rl, s_time_t now, uint64_t rate,
		   uint64_t burst)
{
	uint64_t dt, add;

	if (rl->tokens >= burst) {
		rl->tokens = burst;
		rl->last = now;
		return;
	}
	if (now <= rl->last || !rate)
		return;
	dt = (uint64_t)(now - rl->last);
	if (dt >= (burst - rl->tokens) * NS_PER_SEC / rate) {
		rl->tokens = burst;
		rl->last = now;
		return;
	}
	/* dt * rate < burst * 10^9: no overflow for any sane burst. */
	add = dt * rate / NS_PER_SEC;
	rl->tokens += add;
	rl->last += (s_time_t)(add * NS_PER_SEC / rate);
}

bool ratelimit_take(struct ratelimit *rl, s_time_t now, uint64_t n,
		    uint64_t rate, uint64_t burst, uint64_t *report)
{
	*report = 0;
	if (!rl->started) {
		rl->started = true;
		rl->tokens = burst;
		rl->last = now;
	}
	refill(rl, now, rate, burst);
	if (rl->tokens >= n && (!rl->suppressing || rl->tokens >= burst / 2)) {
		rl->tokens -= n;
		if (rl->suppressing) {
			rl->suppressing = false;        /* suppression ends */
			*report = rl->suppressed;
			rl->suppressed = 0;
		}
		return true;
	}
	if (!rl->suppressing) {
		rl->suppressing = true;                 /* suppression begins */
		rl->reported = now;
	}
	rl->suppressed += n;
	if (now - rl->reported >= RATELIMIT_REPORT_PERIOD) {
		*report = rl->suppressed;               /* still suppressing */
		rl->suppressed = 0;
		rl->reported = now;
	}
	return false;
}

uint64_t ratelimit_flush(struct ratelimit *rl)
{
	uint64_t n = rl->suppressed;

	rl->suppressed = 0;
	return n;
}
