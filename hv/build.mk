# The hypervisor image and its boot ISO.

# Every entry builds a 21-word struct cpu_regs below a 16-byte aligned
# stack top, so C runs with %rsp 8 bytes off the ABI's 16: say so, and
# the compiler stops padding frames for an alignment it never had (no
# SSE in the hypervisor, -mgeneral-regs-only, so nothing needs it).
HV_CFLAGS += -mpreferred-stack-boundary=3

HV_SRCS := \
	hv/arch/x86_64/head.S \
	hv/arch/x86_64/entry.S \
	hv/arch/x86_64/setup.c \
	hv/arch/x86_64/desc.c \
	hv/arch/x86_64/traps.c \
	hv/arch/x86_64/irq.c \
	hv/arch/x86_64/apic.c \
	hv/arch/x86_64/time.c \
	hv/arch/x86_64/pvclock.c \
	hv/arch/x86_64/paging.c \
	hv/arch/x86_64/uart.c \
	hv/arch/x86_64/power.c \
	hv/arch/x86_64/symbols.c \
	hv/arch/x86_64/multiboot2.c \
	hv/arch/x86_64/usercopy.S \
	hv/arch/x86_64/uaccess.c \
	hv/arch/x86_64/m2p.c \
	hv/arch/x86_64/pv_domain.c \
	hv/arch/x86_64/pv_traps.c \
	hv/arch/x86_64/pv_mm.c \
	hv/arch/x86_64/pv_bounce.c \
	hv/arch/x86_64/pv_emul.c \
	hv/arch/x86_64/emulate.c \
	hv/arch/x86_64/cpuid.c \
	hv/console.c \
	hv/domain.c \
	hv/preempt.c \
	hv/ratelimit.c \
	hv/sched/schedule.c \
	hv/sched/credit.c \
	hv/sched/vcpu_timer.c \
	hv/timer.c \
	hv/lib/mktime.c \
	hv/arch/x86_64/rtc.c \
	hv/arch/x86_64/pv_vcpu.c \
	hypercall/vcpu.c \
	hv/log.c \
	hv/cmdline.c \
	hv/lib/string.c \
	hv/lib/strtoull.c \
	hv/lib/vsnprintf.c \
	hv/mm/frame.c \
	hv/mm/buddy.c \
	hv/mm/page_alloc.c \
	hv/mm/xmalloc.c \
	hv/mm/page_type.c \
	hv/mm/reservation.c \
	hv/mm/page_table.c \
	hv/iomem.c \
	hv/dom0_mem.c \
	hv/rangeset.c \
	hypercall/table.c \
	hypercall/console.c \
	hypercall/mmu.c \
	hypercall/multicall.c \
	hypercall/sched.c \
	hypercall/version.c \
	hypercall/callback.c \
	hypercall/arch_x86_64.c \
	hypercall/memory.c \
	hypercall/physdev.c \
	hypercall/platform.c \
	hv/arch/x86_64/dom0.c \
	pvguest/builder/parse.c \
	pvguest/builder/elf.c \
	pvguest/builder/xen_notes.c \
	pvguest/builder/layout.c \
	pvguest/builder/pagetable.c \
	pvguest/builder/build.c
HV_SRCS += hv/arch/x86_64/ptwr_insn.c hv/arch/x86_64/pv_ptwr.c
HV_SRCS += hv/arch/x86_64/descriptor.c hv/arch/x86_64/descriptor_tables.c
HV_SRCS += hv/event_channel.c hv/event_op.c hv/pirq.c hv/event_2l.c hv/event_hv.c \
	hypercall/event_channel.c
HV_SRCS += hv/console_ring.c hv/domain_console.c hv/keyhandler.c
HV_SRCS += hv/arch/x86_64/debugreg.c hv/arch/x86_64/pv_debugreg.c hypercall/debugreg.c
HV_SRCS += hv/arch/x86_64/pv_failsafe.c
HV_SRCS += hv/grant_table.c hv/grant_pin.c hv/grant_map.c hv/grant_copy.c \
	hv/mm/grant_pte.c \
	hypercall/grant_table.c
HV_SRCS += hv/arch/x86_64/smp.c hv/arch/x86_64/smpboot.c \
	hv/arch/x86_64/trampoline.S hv/arch/x86_64/madt.c \
	hv/arch/x86_64/io_apic.c
# Compressed kernels: the builder's container parser and the decoders
# (hv/decompress/build.mk compiles Linux's lib/ ones from linux-source).
HV_SRCS += pvguest/builder/image.c hv/decompress/decompress.c \
	hv/decompress/env.c hv/decompress/lx_inflate.c hv/decompress/lx_unxz.c \
	hv/decompress/lx_unlz4.c hv/decompress/lx_unzstd.c

HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(basename $(HV_SRCS)))
HV_LDS  := hv/arch/x86_64/xenolith.lds
HV_ELF  := $(BUILD)/xenolith
HV_ISO  := $(BUILD)/xenolith.iso
HV_TARGETS := $(HV_ELF) $(HV_ISO)

# Two links: the first with an empty symbol table, the second with the
# table made from the first. The table is the last thing in the image,
# so text addresses are the same in both.
$(BUILD)/hv/symtab0.S: scripts/gensyms
	@mkdir -p $(dir $@)
	$(Q)scripts/gensyms > $@
$(BUILD)/hv/xenolith.pass1: $(HV_OBJS) $(BUILD)/hv/symtab0.o $(HV_LDS)
	$(Q)$(LD) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) $(BUILD)/hv/symtab0.o
$(BUILD)/hv/symtab.S: $(BUILD)/hv/xenolith.pass1 scripts/gensyms
	$(Q)scripts/gensyms $< > $@
$(BUILD)/hv/symtab0.o: $(BUILD)/hv/symtab0.S $(AUTOCONF)
	$(Q)$(CC) $(HV_ASFLAGS) -c $< -o $@
$(BUILD)/hv/symtab.o: $(BUILD)/hv/symtab.S $(AUTOCONF)
	$(Q)$(CC) $(HV_ASFLAGS) -c $< -o $@
$(HV_ELF): $(HV_OBJS) $(BUILD)/hv/symtab.o $(HV_LDS)
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) $(BUILD)/hv/symtab.o
	$(Q)grub-file --is-x86-multiboot2 $@ || \
		{ echo "$@: not a Multiboot2 image"; rm -f $@; exit 1; }

$(HV_ISO): $(HV_ELF) scripts/mkiso
	@echo "  ISO     $@"
	$(Q)scripts/mkiso $@ $(HV_ELF) ""
