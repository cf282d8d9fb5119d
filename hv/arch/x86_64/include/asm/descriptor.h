/* Guest segment descriptors: Xen's check_descriptor, descriptor pages, the PV GDT and LDT. */
#ifndef ASM_DESCRIPTOR_H
#define ASM_DESCRIPTOR_H

#include "types.h"
#include "mm.h"

/* Bits of a descriptor's high dword (Xen's _SEGMENT_*). */
#define _SEGMENT_TYPE  (15U << 8)
#define _SEGMENT_S     (1U << 12)   /* code or data (else system) */
#define _SEGMENT_DPL   (3U << 13)
#define _SEGMENT_P     (1U << 15)
#define _SEGMENT_L     (1U << 21)   /* 64-bit code */
#define _SEGMENT_DB    (1U << 22)
#define _SEGMENT_G     (1U << 23)

#define SYS_DESC_ldt        2U      /* system type of an LDT descriptor */
#define SYS_DESC_call_gate  12U     /* 64-bit call gate */

#define LDT_ENTRY_SIZE      8
#define MAX_LDT_ENTRIES     8192    /* 16 frames */
#define MAX_LDT_FRAMES      (MAX_LDT_ENTRIES * LDT_ENTRY_SIZE / PAGE_SIZE)

/*
 * Xen's check_descriptor() for a 64-bit PV domain: true if the 8-byte
 * descriptor *d may sit in the domain's GDT or LDT, after fixing it up in
 * place. Not present: any contents. Code and data: any base, limit and
 * L bit, DPL raised to 3 (the guest kernel runs in ring 3). System type 0
 * (the upper half of a call gate): accepted as is. A call gate: its target
 * selector must be a guest one (below the reserved area or in the LDT) or
 * FLAT_RING3_CS64, its DPL is forced to 0 (any use #GPs; the original DPL
 * goes to the target selector's RPL, as Xen keeps it for emulation) and
 * bits 0-7 of the high dword must be zero. Everything else (TSS, LDT,
 * interrupt and trap gates) is refused.
 */
bool check_descriptor(uint64_t *d);

/* alloc_segdesc_page(), the page-type hook, is declared in page_type.h. */

struct vcpu;

/*
 * HYPERVISOR_set_gdt for v (the current vCPU): frames[] are MFNs of v's
 * domain, ceil(entries / 512) of them; each is typed PGT_seg_desc_page
 * (general and type reference held while it is part of the GDT). On
 * success the old GDT's references go and the CPU's copy is reloaded.
 * 0, -EINVAL (entries > FIRST_RESERVED_GDT_ENTRY, a frame not the
 * domain's or not usable as a descriptor page) or -ENOMEM.
 */
int pv_set_gdt(struct vcpu *v, const mfn_t *frames, unsigned int entries);

/*
 * HYPERVISOR_update_descriptor: write descriptor desc (after
 * check_descriptor) at machine address maddr, 8-aligned, in a frame of
 * v's domain that is a descriptor page or can be typed writable; copies
 * the CPU holds (GDT, LDT) are refreshed. 0 or -EINVAL.
 */
int pv_update_descriptor(struct vcpu *v, uint64_t maddr, uint64_t desc);

/*
 * MMUEXT_SET_LDT: ents descriptors at guest-linear address ptr (page
 * aligned), ents 0 meaning none. The frames mapping them in v's kernel
 * page tables are typed PGT_seg_desc_page while the LDT is set and copied
 * into a hypervisor buffer the LDT descriptor points at. 0, -EINVAL (bad
 * arguments, a page not mapped or not usable) or -ENOMEM.
 */
int pv_set_ldt(struct vcpu *v, unsigned long ptr, unsigned int ents);

/*
 * Before entering v on this CPU: make this CPU's GDT show v's descriptors
 * (copied below byte 0xe000 unless they already are) and load v's LDT
 * (lldt) or none.
 */
void pv_load_desc_tables(struct vcpu *v);

/* Drop v's GDT and LDT references and state (vCPU or domain teardown). */
void pv_destroy_desc_tables(struct vcpu *v);

#endif
