# PV test kernels: each links the runtime in pvguest/rt with one test.

GUEST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin \
	-fno-pic -fno-pie -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Ipvguest/rt -iquote hv/include -include $(AUTOCONF) -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=none

$(BUILD)/guests/obj/%.o: %.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@
$(BUILD)/guests/obj/%.o: %.S $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

GUEST_RT := pvguest/rt/head.S pvguest/rt/rt.c pvguest/rt/mm.c pvguest/rt/cmdline.c \
	pvguest/rt/time.c pvguest/rt/sched.c \
	hv/lib/vsnprintf.c \
	hv/lib/string.c
GUEST_RT_OBJS := $(patsubst %,$(BUILD)/guests/obj/%.o,$(basename $(GUEST_RT)))

# guest NAME, HYPERCALL FLAVOUR (syscall|page)[, EXTRA OBJECTS]:
# build/guests/NAME.elf
GUEST_KERNELS :=
define guest
GUEST_KERNELS += $(BUILD)/guests/$(1).elf
$(BUILD)/guests/$(1).elf: $(GUEST_RT_OBJS) $(BUILD)/guests/obj/tests/guests/$(1).o \
		$(BUILD)/guests/obj/pvguest/rt/hypercall_$(2).o $(3) pvguest/rt/guest.lds
	$$(Q)$$(LD) $$(GUEST_LDFLAGS) -T pvguest/rt/guest.lds -o $$@ \
		$(GUEST_RT_OBJS) $(BUILD)/guests/obj/tests/guests/$(1).o \
		$(BUILD)/guests/obj/pvguest/rt/hypercall_$(2).o $(3)
endef

$(eval $(call guest,boot_console,syscall))
$(eval $(call guest,boot_console_hcpage,page))
$(eval $(call guest,crash,syscall))
$(eval $(call guest,dom0,syscall))
$(eval $(call guest,traps,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
$(eval $(call guest,bench,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o \
	$(BUILD)/guests/obj/tests/guests/bench_user.o \
	$(patsubst %,$(BUILD)/guests/obj/tests/guests/%.o,bench_pair bench_grant \
		bench_vcpu gnt_common upcall_asm)))

$(BUILD)/guests/obj/tests/guests/boot_console_hcpage.o: tests/guests/boot_console.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

HV_TARGETS += $(GUEST_KERNELS)
$(eval $(call guest,privops,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
HV_TARGETS += $(BUILD)/guests/privops.elf
$(eval $(call guest,pagetables,syscall))
HV_TARGETS += $(BUILD)/guests/pagetables.elf

$(eval $(call guest,usermode,syscall,$(BUILD)/guests/obj/tests/guests/usermode_asm.o))
HV_TARGETS += $(BUILD)/guests/usermode.elf
$(eval $(call guest,ptwr,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
HV_TARGETS += $(BUILD)/guests/ptwr.elf
# Issue 11: memory reservations (balloon)
$(eval $(call guest,balloon,syscall))
HV_TARGETS += $(BUILD)/guests/balloon.elf
$(eval $(call guest,descriptors,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
HV_TARGETS += $(BUILD)/guests/descriptors.elf
$(eval $(call guest,timers,syscall,$(BUILD)/guests/obj/tests/guests/upcall_asm.o))
HV_TARGETS += $(BUILD)/guests/timers.elf
$(eval $(call guest,smp,syscall))
HV_TARGETS += $(BUILD)/guests/smp.elf
$(eval $(call guest,nmi,syscall))
HV_TARGETS += $(BUILD)/guests/nmi.elf
$(eval $(call guest,hog,syscall))
HV_TARGETS += $(BUILD)/guests/hog.elf
$(eval $(call guest,events,syscall))
HV_TARGETS += $(BUILD)/guests/events.elf
$(eval $(call guest,evtchn_pingpong,syscall))
HV_TARGETS += $(BUILD)/guests/evtchn_pingpong.elf
$(eval $(call guest,console,syscall))
HV_TARGETS += $(BUILD)/guests/console.elf
$(eval $(call guest,debugreg,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
HV_TARGETS += $(BUILD)/guests/debugreg.elf
$(eval $(call guest,compat,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
HV_TARGETS += $(BUILD)/guests/compat.elf
$(eval $(call guest,failsafe,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o))
HV_TARGETS += $(BUILD)/guests/failsafe.elf
GNT_OBJS := $(BUILD)/guests/obj/tests/guests/gnt_common.o
$(eval $(call guest,grants,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o $(GNT_OBJS)))
HV_TARGETS += $(BUILD)/guests/grants.elf
# Two domains (role=a|b peer=N); needs a scheduler that interleaves them.
$(eval $(call guest,grant_pair,syscall,$(GNT_OBJS)))
HV_TARGETS += $(BUILD)/guests/grant_pair.elf
# Three domains (role=a|b|c dom_a= dom_b= dom_c=): grants of a dying domain.
$(eval $(call guest,grant_dead,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o $(GNT_OBJS)))
HV_TARGETS += $(BUILD)/guests/grant_dead.elf
# Three domains (role=a|b|c dom_a= dom_b= dom_c=): c meddles with a's ports.
$(eval $(call guest,evtchn_trio,syscall))
HV_TARGETS += $(BUILD)/guests/evtchn_trio.elf
# Two domains (role=a|b dom_a= dom_b=): grants of what is no plain page.
$(eval $(call guest,grant_foreign,syscall,$(GNT_OBJS)))
HV_TARGETS += $(BUILD)/guests/grant_foreign.elf
$(eval $(call guest,smp_parallel,syscall,$(BUILD)/guests/obj/tests/guests/upcall_asm.o))
HV_TARGETS += $(BUILD)/guests/smp_parallel.elf

# Issue 10: entry paths under a hostile guest
$(eval $(call guest,segreload,syscall))
HV_TARGETS += $(BUILD)/guests/segreload.elf

# Issue 10: bounded work under the lock
$(eval $(call guest,lock_hog,syscall))
$(eval $(call guest,lock_hog_hcpage,page))
$(BUILD)/guests/obj/tests/guests/lock_hog_hcpage.o: tests/guests/lock_hog.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@
HV_TARGETS += $(BUILD)/guests/lock_hog.elf $(BUILD)/guests/lock_hog_hcpage.elf

# Issue 11: virtual IOPL, port I/O, TSC_AUX
$(eval $(call guest,iopl,syscall,$(BUILD)/guests/obj/tests/guests/traps_asm.o \
	$(BUILD)/guests/obj/tests/guests/iopl_asm.o))
HV_TARGETS += $(BUILD)/guests/iopl.elf
# Issue 11 item 9: the secondary time area (vDSO pvclock)
$(eval $(call guest,timearea,syscall))
HV_TARGETS += $(BUILD)/guests/timearea.elf
