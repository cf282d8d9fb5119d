/* Test kernel: virtual NMIs (VCPUOP_send_nmi) through the trap table's vector 2, masked until the iret, across vCPUs; hostile arguments. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/vcpu.h>

volatile unsigned long nmi_count, nmi_rip, nmi_resend, nmi_count_in_handler;
void nmi_entry(void);

/*
 * Bounce frame: rcx, r11, rip, cs, rflags, rsp, ss. Count (atomically:
 * both vCPUs take NMIs here), record the rip, with nmi_resend send this
 * vCPU 0 another NMI from inside the handler (it must wait for our
 * iret), then iret with every register as it was.
 */
asm(".text\n"
    "nmi_entry:\n"
    "	push %rax\n"
    "	push %rdi\n"
    "	push %rsi\n"
    "	push %rdx\n"
    "	lock incq nmi_count(%rip)\n"
    "	mov 48(%rsp), %rax\n"
    "	mov %rax, nmi_rip(%rip)\n"
    "	cmpq $0, nmi_resend(%rip)\n"
    "	je 1f\n"
    "	movq $0, nmi_resend(%rip)\n"
    "	mov $24, %eax\n"               /* __HYPERVISOR_vcpu_op */
    "	mov $11, %edi\n"               /* VCPUOP_send_nmi */
    "	xor %esi, %esi\n"              /* vCPU 0 */
    "	xor %edx, %edx\n"              /* NULL */
    "	syscall\n"
    "	mov nmi_count(%rip), %rax\n"
    "	mov %rax, nmi_count_in_handler(%rip)\n"
    "1:	pop %rdx\n"
    "	pop %rsi\n"
    "	pop %rdi\n"
    "	pop %rax\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	pushq $0\n"
    "	push %rcx\n"
    "	push %r11\n"
    "	push %rax\n"
    "	mov $23, %eax\n"               /* __HYPERVISOR_iret */
    "	syscall\n"
    "	ud2\n");

static struct trap_info table[] = {
	{ 2, 0, 0xe033, (unsigned long)nmi_entry },
	{ 0, 0, 0, 0 },
};

static volatile unsigned long ap_ready, ap_saw, ap_stop;
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;

static long send_nmi(unsigned int id, void *arg)
{
	return rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_send_nmi, id,
			    (unsigned long)arg, 0, 0);
}

/* vCPU 1: its own trap table (they are per vCPU), then sleep in
 * SCHEDOP_block; an NMI wakes it and runs the handler on the way out. */
void ap_main(void)
{
	unsigned long seen = nmi_count;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	ap_ready = 1;
	while (!ap_stop) {
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
		if (nmi_count != seen)
			ap_saw = 1;
	}
	rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_down, 1, 0, 0, 0);
	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

void ap_entry(void);
asm(".text\n.globl ap_entry\nap_entry:\n call ap_main\n ud2\n");

static void wait_for(volatile unsigned long *flag, const char *what)
{
	for (int i = 0; i < 100000 && !*flag; i++)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	rt_check(*flag, "vCPU 1: %s", what);
}

void test_main(void)
{
	start_info_t *st = rt_start_info;
	uint64_t l4_mfn;
	unsigned long c;

	/* Hostile: a non-NULL argument, a vCPU that does not exist. */
	rt_expect(send_nmi(0, (void *)0x1000), -XEN_EINVAL);
	rt_expect(send_nmi(2, NULL), -XEN_ENOENT);
	rt_expect(send_nmi(~0u, NULL), -XEN_ENOENT);

	/* No handler at vector 2: the NMI is dropped, nothing else. */
	rt_expect(send_nmi(0, NULL), 0);
	rt_check(nmi_count == 0, "NMI taken with no handler");

	/* To ourselves: taken on the way back from the hypercall. */
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	rt_expect(send_nmi(0, NULL), 0);
	rt_check(nmi_count == 1, "NMI to self: %lu taken, expected 1",
		 nmi_count);
	rt_check(nmi_rip >= RT_VIRT_BASE, "NMI frame rip %#lx", nmi_rip);

	/* One sent from inside the handler waits for its iret: no nesting,
	 * then taken at once. */
	c = nmi_count;
	nmi_resend = 1;
	rt_expect(send_nmi(0, NULL), 0);
	rt_check(nmi_count_in_handler == c + 1, "NMI nested in its handler "
		 "(count %lu inside, expected %lu)", nmi_count_in_handler, c + 1);
	rt_check(nmi_count == c + 2, "NMI sent from the handler: %lu taken "
		 "after its iret, expected %lu", nmi_count, c + 2);
	/* Two sends before the return: one pending NMI, one taken. */
	c = nmi_count;
	rt_expect(send_nmi(0, NULL), 0);
	rt_check(nmi_count == c + 1, "back to back: %lu", nmi_count - c);

	/* To vCPU 1, asleep in SCHEDOP_block: it wakes and takes it. */
	rt_l1e_maddr(st->pt_base, &l4_mfn);
	l4_mfn = (l4_mfn & RT_ADDR_MASK) >> 12;
	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.rip = (unsigned long)ap_entry;
	ctxt.user_regs.rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
	ctxt.user_regs.cs = FLAT_KERNEL_CS64;
	ctxt.user_regs.ss = FLAT_KERNEL_SS64;
	ctxt.kernel_ss = FLAT_KERNEL_SS64;
	ctxt.kernel_sp = ctxt.user_regs.rsp;
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4_mfn);
	rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 1,
			       (unsigned long)&ctxt, 0, 0), 0);
	rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0, 0, 0), 0);
	wait_for(&ap_ready, "never started");
	rt_expect(send_nmi(1, NULL), 0);
	wait_for(&ap_saw, "an NMI did not wake it from SCHEDOP_block");
	c = nmi_count;
	ap_stop = 1;
	rt_expect(send_nmi(1, NULL), 0);         /* wakes it to stop */
	rt_printf("nmi: %lu virtual NMIs taken, masked until the iret, "
		  "across vCPUs\n", c);
}
