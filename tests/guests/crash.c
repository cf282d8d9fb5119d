/* Test kernel that misbehaves on purpose (how: "how=" on its command line). */
#include "rt.h"
#include "rt_mm.h"

void test_main(void)
{
	rt_printf("crash: command line \"%s\"\n", (char *)rt_start_info->cmd_line);
	if (rt_cmdline_has("how=pagefault")) {
		rt_printf("crash: reading unmapped 0x1000 with no trap table\n");
		(void)*(volatile unsigned long *)0x1000;
	} else if (rt_cmdline_has("how=ud2")) {
		asm volatile("ud2");
	} else if (rt_cmdline_has("how=int3")) {
		asm volatile("int3");
	} else if (rt_cmdline_has("how=iret_noncanonical")) {
		/* iret_context {rax, r11, rcx, flags, rip, cs, rflags, rsp,
		 * ss}: to guest kernel mode (cs RPL 0) at a non-canonical rip */
		static unsigned long frame[9] = {
			0, 0, 0, 0, 0x0000800000000000UL, 0xe030, 0x202, 0, 0xe02b,
		};
		asm volatile("mov %0, %%rsp; mov $23, %%eax; syscall"
			     :: "r"(frame) : "rax", "memory");
	} else if (rt_cmdline_has("how=iret_noncanonical_sysret")) {
		/* The same with VGCF_in_syscall (a sysretq candidate): never
		 * returned to by sysretq, the iretq's fault. */
		static unsigned long frame[9] = {
			0, 0, 0, 0x100, 0xffff7ffffffff000UL, 0xe030, 0x202, 0,
			0xe02b,
		};
		asm volatile("mov %0, %%rsp; mov $23, %%eax; syscall"
			     :: "r"(frame) : "rax", "memory");
	} else if (rt_cmdline_has("how=syscall_at_edge")) {
		/*
		 * XSA-7: a hypercall `syscall` in the last 2 bytes of the lower
		 * half leaves rcx = 0x800000000000, non-canonical. A sysretq
		 * there would fault in ring 0 on the guest's stack (Intel); the
		 * return must take the iretq, whose #GP is the guest's failsafe
		 * (none here: the domain dies alone). Maps a code page at
		 * 0x7ffffffff000 through new L3, L2 and L1 tables.
		 */
		static const uint8_t code[2] = { 0x0f, 0x05 };   /* syscall */
		unsigned long n = rt_start_info->nr_pages;
		unsigned long l3 = n - 2, l2 = n - 3, l1 = n - 4, pg = n - 5;
		unsigned long l4 = (rt_start_info->pt_base - RT_VIRT_BASE) >> 12;
		struct mmu_update u = { (rt_mfn(l4) << 12) + 255 * 8,
					(rt_mfn(l3) << 12) | 7 };

		rt_fill_frame(pg, code, 2, 4094, -1, 0);
		rt_fill_frame(l1, NULL, 0, 0, 511, (rt_mfn(pg) << 12) | 5);
		rt_fill_frame(l2, NULL, 0, 0, 511, (rt_mfn(l1) << 12) | 7);
		rt_fill_frame(l3, NULL, 0, 0, 511, (rt_mfn(l2) << 12) | 7);
		rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u,
				       1, 0, DOMID_SELF, 0), 0);
		rt_printf("crash: hypercall from 0x7ffffffffffe\n");
		asm volatile("mov $17, %%eax; xor %%edi, %%edi; xor %%esi, %%esi; "
			     "jmp *%0" :: "r"(0x7ffffffffffeUL) : "rax", "rdi",
			     "rsi", "rcx", "r11", "memory");
	} else if (rt_cmdline_has("how=iret_badframe")) {
		asm volatile("mov $0xffff830000000000, %%rsp; mov $23, %%eax; syscall"
			     ::: "rax", "memory");
	} else if (rt_cmdline_has("how=hvwrite")) {
		/* Ring 3 writing the hypervisor's direct map: a #PF, not a hole. */
		*(volatile unsigned long *)0xffff830000100000UL = 1;
	} else if (rt_cmdline_has("how=m2pwrite")) {
		/* The M2P is readable by guests but never writable. */
		unsigned long v = *(volatile unsigned long *)0xffff800000000000UL;

		rt_printf("crash: M2P[0] = %#lx (readable)\n", v);
		*(volatile unsigned long *)0xffff800000000000UL = v;
	} else if (rt_cmdline_has("how=badstack")) {
		/* A handler exists, but the stack for its frame is unmapped. */
		static struct trap_info t[] = {
			{ 6, 0, 0xe033, 0xffffffff80000000UL }, { 0, 0, 0, 0 },
		};
		rt_hypercall(__HYPERVISOR_set_trap_table, (unsigned long)t, 0, 0, 0, 0);
		asm volatile("mov $0x1000, %%rsp; ud2" ::: "memory");
	} else if (rt_cmdline_has("how=cli")) {
		asm volatile("cli");
	} else if (rt_cmdline_has("how=syscall32")) {
		/* Far jump to the 32-bit code segment, then syscall. */
		asm volatile("pushq $0xe023; lea 1f(%%rip), %%rax; pushq %%rax; "
			     "lretq; .code32; 1: syscall; .code64" ::: "rax", "memory");
	} else {
		rt_fail("no how=... on the command line");
		return;
	}
	rt_fail("survived the misbehaviour");
}
