/* The machine-to-physical table: hypervisor-writable, guest-readable. */
#ifndef ASM_M2P_H
#define ASM_M2P_H

#include "types.h"

#define INVALID_M2P_ENTRY (~0UL)

/*
 * Allocate the table for frames [0, nr_mfns), fill it with
 * INVALID_M2P_ENTRY and map it read-only for guests at RO_MPT_VIRT_START.
 */
void m2p_init(unsigned long nr_mfns);

/* Record that machine frame mfn backs pseudo-physical frame pfn. */
void m2p_set(mfn_t mfn, unsigned long pfn);
unsigned long m2p_get(mfn_t mfn);
unsigned long m2p_size(void);   /* entries */

#endif
