/* Writable page tables (Xen's ptwr): emulating a PV guest kernel's writes to its own L1 tables. */
#include "types.h"
#include "log.h"
#include "domain.h"
#include "page_type.h"
#include "asm/emulate.h"
#include "asm/percpu.h"
#include "asm/ptwr.h"
#include "iomem.h"
#include "asm/pv.h"
#include "asm/pv_mm.h"
#include "asm/regs.h"
#include "asm/uaccess.h"

#define PFEC_page_present  (1u << 0)
#define PFEC_write_access  (1u << 1)
#define PFEC_reserved_bit  (1u << 3)
#define PFEC_insn_fetch    (1u << 4)

/*
 * The bytes of the instruction at va, one at a time so that an
 * instruction ending just before an unmapped page is still read whole.
 * Returns how many bytes could be read (at most 15).
 */
static unsigned int ptwr_fetch(uint64_t va, uint8_t *buf)
{
	unsigned int n;

	for (n = 0; n < X86_MAX_INSN_LEN; n++)
		if (copy_from_guest(&buf[n], va + n, 1))
			break;
	return n;
}

/* The entry index of the table at mfn (read through the direct map). */
static uint64_t ptwr_read_entry(mfn_t mfn, unsigned int index)
{
	const uint64_t *t = map_domain_page(mfn);
	uint64_t e = __atomic_load_n(&t[index], __ATOMIC_ACQUIRE);

	unmap_domain_page(t);
	return e;
}

/*
 * Xen leaves TLB maintenance after a ptwr write to the guest, as on
 * hardware, and protects itself with its TLB-flush clock when a frame
 * changes type. We have no such clock, so a mapping that loses its frame,
 * its presence or its write permission is flushed from the TLB of every
 * CPU running the domain here (a stale writable entry could otherwise outlive the frame's
 * writable type). Entries that only gain rights or change A/D/software
 * bits (ptep_test_and_clear_young, a new mapping) need no flush. The VA
 * the entry maps is unknown, so the flush is a full one: costly on a
 * guest that write-protects many entries at fork, one flush per entry.
 */
static bool ptwr_needs_flush(uint64_t old, uint64_t new_val)
{
	if (!(old & _PAGE_PRESENT))
		return false;
	return !(new_val & _PAGE_PRESENT) ||
	       pte_mfn(old) != pte_mfn(new_val) ||
	       ((old & _PAGE_RW) && !(new_val & _PAGE_RW));
}

/* The fs or gs base a segment override selects (guest kernel mode). */
static uint64_t ptwr_seg_base(const struct arch_vcpu *a, uint8_t seg)
{
	if (seg == 0x64)
		return a->fs_base;
	if (seg == 0x65)
		return a->gs_base_kernel;
	return 0;           /* es, cs, ss, ds: base 0 in 64-bit mode */
}

/*
 * Say why a write to an L1 entry was not emulated (KERN_DEBUG): the
 * instruction's bytes, the address written and the entry before and
 * after the merge (equal when the refusal came before the merge).
 */
static void ptwr_log_refusal(const char *why, const uint8_t *insn,
			     unsigned int avail, uint64_t rip, uint64_t cr2,
			     uint64_t addr, uint64_t old, uint64_t new_val,
			     int rc)
{
	static const char hex[] = "0123456789abcdef";
	struct vcpu *v = current_vcpu();
	char bytes[3 * X86_MAX_INSN_LEN + 1];
	unsigned int k;

	if (!pv_debug_log_ok(v->domain, PV_LOG_PTWR))
		return;
	for (k = 0; k < avail; k++) {
		bytes[3 * k] = hex[insn[k] >> 4];
		bytes[3 * k + 1] = hex[insn[k] & 15];
		bytes[3 * k + 2] = k + 1 < avail ? ' ' : '\0';
	}
	if (!avail)
		bytes[0] = '\0';
	printk(KERN_DEBUG "Domain %u (%s) vCPU %u: ptwr write refused (%s, "
	       "rc %d): insn [%s] at %#lx, cr2 %#lx, operand %#lx, entry %#lx "
	       "-> %#lx\n", v->domain->domain_id, v->domain->name, v->vcpu_id,
	       why, rc, bytes, (unsigned long)rip, (unsigned long)cr2,
	       (unsigned long)addr, (unsigned long)old, (unsigned long)new_val);
}

/*
 * Decode and execute the instruction at regs->rip on the entry of the L1
 * table at l1 that contains cr2: 0 with *regs updated, or -1 (the
 * guest's #PF, logged with why).
 */
static int ptwr_emulate_l1(struct domain *d, struct cpu_regs *regs,
			   uint64_t cr2, mfn_t l1)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	unsigned int index = (cr2 & (PAGE_SIZE - 1)) / sizeof(uint64_t);
	uint8_t insn[X86_MAX_INSN_LEN];
	unsigned int avail = ptwr_fetch(regs->rip, insn);
	struct ptwr_insn in;
	struct cpu_regs next = *regs;
	uint64_t addr, old, new_val;
	int rc;

	old = ptwr_read_entry(l1, index);
	if (x86_decode_ptwr(insn, avail, &in)) {
		ptwr_log_refusal("instruction not decoded", insn, avail,
				 regs->rip, cr2, 0, old, old, -1);
		return -1;
	}
	/*
	 * The operand written must be at cr2 (so in this page and this
	 * entry); x86_ptwr_update() refuses a misaligned one, so a write
	 * never straddles two entries (Xen: naturally aligned stores only).
	 */
	addr = x86_ptwr_addr(&in, regs, ptwr_seg_base(a, in.seg));
	if (addr != cr2) {
		ptwr_log_refusal("operand not at cr2", insn, in.len, regs->rip,
				 cr2, addr, old, old, -1);
		return -1;
	}
	rc = x86_ptwr_update(&in, &next, addr, old, &new_val);
	if (rc == PTWR_REFUSE) {
		ptwr_log_refusal("misaligned operand", insn, in.len, regs->rip,
				 cr2, addr, old, old, rc);
		return -1;
	}
	/*
	 * Under the big lock no hypercall changes the entry between the
	 * read above and mod_l1_entry()'s own read, so the lock'ed forms
	 * stay atomic (only another CPU's hardware A/D update can race).
	 * The merged entry is validated whole, like mmu_update's.
	 */
	if (rc == PTWR_WRITE) {
		rc = mod_l1_entry(d, l1, index, new_val, false);
		if (rc) {
			ptwr_log_refusal("new entry refused", insn, in.len,
					 regs->rip, cr2, addr, old, new_val, rc);
			return -1;
		}
		if (ptwr_needs_flush(old, new_val))
			pv_flush_tlb_domain(current_vcpu()->domain);
	}
	*regs = next;
	return 0;
}

/*
 * Xen's mmio_ro_emulated_write(): a plain store (mov) by the hardware
 * domain's kernel to an I/O frame it may map read-only only (iomem.h:
 * the LAPIC, I/O APICs, MSI window) is dropped, rip moves past it. Other
 * writing instructions stay the guest's #PF, as in Xen. true if dropped.
 */
static bool mmio_ro_write(struct cpu_regs *regs, uint64_t cr2, uint64_t pte)
{
	struct vcpu *v = current_vcpu();
	const struct io_perms *io = iomem_perms_of(v->domain->domain_id);
	uint8_t insn[X86_MAX_INSN_LEN];
	unsigned int avail;
	struct ptwr_insn in;

	if (!io || iomem_l1e_access(io, pte_mfn(pte)) != IOMEM_RO)
		return false;
	avail = ptwr_fetch(regs->rip, insn);
	if (x86_decode_ptwr(insn, avail, &in) || in.op != PTWR_MOV ||
	    x86_ptwr_addr(&in, regs, ptwr_seg_base(arch_of(v), in.seg)) != cr2)
		return false;
	printk(KERN_DEBUG "d%u: write to read-only I/O frame %#lx (va %#lx, "
	       "rip %#lx) dropped\n", v->domain->domain_id,
	       (unsigned long)pte_mfn(pte), (unsigned long)cr2,
	       (unsigned long)regs->rip);
	regs->rip += in.len;
	return true;
}

bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t cr2)
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;
	struct page_info *pg;
	unsigned long type;
	unsigned int index;
	uint64_t pte;
	mfn_t map_l1;
	int rc = -1;

	if ((regs->error_code & (PFEC_page_present | PFEC_write_access |
				 PFEC_reserved_bit | PFEC_insn_fetch)) !=
	    (PFEC_page_present | PFEC_write_access) ||
	    !arch_of(v)->kernel_mode)
		return false;
	/* Xen's guest_get_eff_kern_l1e(): a present, read-only mapping. */
	map_l1 = pv_guest_l1_mfn(v, cr2, &index);
	if (map_l1 == INVALID_MFN)
		return false;
	pte = ptwr_read_entry(map_l1, index);
	if ((pte & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT)
		return false;
	if (mmio_ro_write(regs, cr2, pte))
		return true;
	/* Xen's ptwr_do_page_fault(): one of d's L1 tables, in use. */
	pg = get_page_from_mfn(pte_mfn(pte), d);
	if (!pg)
		return false;
	type = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
	if ((type & PGT_type_mask) == PGT_l1_page_table &&
	    (type & PGT_count_mask) && (type & PGT_validated))
		rc = ptwr_emulate_l1(d, regs, cr2, pte_mfn(pte));
	put_page(pg);
	return rc == 0;
}
