/* The PV console ring page: one page shared by a domain and its console. */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#ifdef __KERNEL__
#include <linux/types.h>   /* Linux builds against these headers (README) */
#else
#include <stdint.h>
#endif

/*
 * Indices are free-running 32-bit counters: a ring holds prod - cons bytes
 * (at most the ring's size), and index i lives at ring[i & (size - 1)].
 * The guest writes out[] and out_prod and reads in[] up to in_prod; the
 * console back end reads out[] up to out_prod, advancing out_cons, and
 * writes in[], advancing in_prod. Both sizes are powers of two.
 */
typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
};

#endif
