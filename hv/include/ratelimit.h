/* Byte rate limits: a token bucket that counts and reports what it refused. */
#ifndef HV_RATELIMIT_H
#define HV_RATELIMIT_H

#include "types.h"
#include "timer.h"

/* While bytes are refused, how often the count so far is reported. */
#define RATELIMIT_REPORT_PERIOD MILLISECS(5000)

/* One bucket; all zero is a valid start (full at the first take). */
struct ratelimit {
	bool started;
	bool suppressing;            /* refusing until half full again */
	uint64_t tokens;             /* bytes that may pass now */
	s_time_t last;               /* tokens are counted up to this time */
	uint64_t suppressed;         /* bytes refused, not yet reported */
	s_time_t reported;           /* start of the current report period */
};

/*
 * n bytes at time now (ns), from a bucket that fills at rate bytes a
 * second up to burst bytes and starts full. True if they pass (n tokens
 * taken). False if there are fewer than n tokens: suppression begins, and
 * lasts until the bucket is half full again (so a flood is let through
 * in bursts of burst / 2, not line by line); the bytes refused meanwhile
 * are counted. *report is set to the count the caller should report now,
 * else 0: when suppression ends (before the bytes that pass), and every
 * RATELIMIT_REPORT_PERIOD while it goes on; the count then restarts.
 */
bool ratelimit_take(struct ratelimit *rl, s_time_t now, uint64_t n,
		    uint64_t rate, uint64_t burst, uint64_t *report);

/* The suppressed bytes not reported yet (a last report); count cleared. */
uint64_t ratelimit_flush(struct ratelimit *rl);

#endif
