/* The bench kernel's shared parts: samples, the median, table rows, the phases. */
#ifndef TESTS_GUESTS_BENCH_H
#define TESTS_GUESTS_BENCH_H

#include "rt_mm.h"

#define BENCH_MAX_SAMPLES 100000

/* bench_n timings go into bench_samples[0..bench_n); rows are medians. */
extern uint64_t bench_samples[BENCH_MAX_SAMPLES];
extern long bench_n;

static inline uint64_t bench_tsc(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

/* The median of bench_samples[0..bench_n) (reorders them). */
uint64_t bench_median(void);

/* One table row: cycles and their ratio to the empty rdtsc pair. */
void bench_row(const char *name, uint64_t cycles);

static inline void bench_yield(void)
{
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

/*
 * bench_pair.c, the two-domain protocol over one interdomain port.
 * bench_pair_open(): the main domain offers a port to peer and waits for
 * the peer's "ready" (its grant is in place); false if that failed.
 * bench_evtchn_rows(): the round-trip rows, then the final event that
 * releases the peer. bench_peer(): everything the peer domain does.
 */
bool bench_pair_open(domid_t peer);
void bench_evtchn_rows(void);
void bench_peer(domid_t main);

/*
 * bench_grant.c. The peer grants one patterned page to main as
 * BENCH_GREF (bench_grant_offer) and takes it back once main is done
 * (bench_grant_end); main times map + unmap and copy of it.
 */
#define BENCH_GREF 8
bool bench_grant_offer(domid_t main);
void bench_grant_end(void);
void bench_grant_rows(domid_t peer);

/* bench_vcpu.c: vCPU 0 and 1 of this domain ping-pong with yield. */
void bench_vcpu_rows(void);

#endif
