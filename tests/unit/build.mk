# Unit tests of the hypervisor's pure cores (lib, log, boot, cmdline, mm).
#
# Product sources are compiled hosted into $(UT_HVOBJ) and their formatted
# output functions renamed (hv_vsnprintf, ...) with objcopy so that they do
# not clash with libc's; the product code itself is not changed. string.c is
# never linked here: libc provides those functions.

UT_HVOBJ   := $(BUILD)/tests/unit/hvobj
UT_HVFLAGS := $(HOST_CFLAGS) -include $(AUTOCONF) -iquote hv/include
UT_RENAME  := --redefine-sym vsnprintf=hv_vsnprintf \
	--redefine-sym snprintf=hv_snprintf \
	--redefine-sym vscnprintf=hv_vscnprintf \
	--redefine-sym scnprintf=hv_scnprintf

$(UT_HVOBJ)/%.o: %.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UT_HVFLAGS) -MT $@ -MF $(@:.o=.d) -c $< -o $@.tmp
	$(Q)$(OBJCOPY) $(UT_RENAME) $@.tmp $@
	$(Q)rm -f $@.tmp

UT_HV = $(addprefix $(UT_HVOBJ)/,$(1:.c=.o))

$(eval $(call unit_test,test_lib,tests/unit/test_lib.c \
	$(call UT_HV,hv/lib/vsnprintf.c hv/lib/strtoull.c),-iquote hv/include))
$(eval $(call unit_test,test_log,tests/unit/test_log.c \
	$(call UT_HV,hv/log.c hv/lib/vsnprintf.c),-iquote hv/include))
$(eval $(call unit_test,test_multiboot2,tests/unit/test_multiboot2.c \
	$(call UT_HV,hv/arch/x86_64/multiboot2.c),-iquote hv/include))
$(eval $(call unit_test,test_cmdline,tests/unit/test_cmdline.c \
	$(call UT_HV,hv/cmdline.c hv/lib/strtoull.c),-iquote hv/include))
$(eval $(call unit_test,test_mm,tests/unit/test_mm.c \
	$(call UT_HV,hv/mm/buddy.c hv/mm/frame.c hv/mm/xmalloc.c),-iquote hv/include))
$(eval $(call unit_test,test_page_type,tests/unit/test_page_type.c \
	tests/unit/test_page_type_random.c tests/unit/page_type_fixture.c \
	$(call UT_HV,hv/mm/page_type.c hv/mm/page_table.c hv/iomem.c hv/rangeset.c hv/mm/frame.c \
	hv/arch/x86_64/descriptor.c),-iquote hv/include))
$(UT_HVOBJ)/hv/arch/x86_64/%.o: UT_HVFLAGS += -iquote hv/arch/x86_64/include
$(eval $(call unit_test,test_emulate,tests/unit/test_emulate.c \
	$(call UT_HV,hv/arch/x86_64/emulate.c hv/arch/x86_64/cpuid.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_ptwr,tests/unit/test_ptwr.c \
	$(call UT_HV,hv/arch/x86_64/ptwr_insn.c hv/arch/x86_64/emulate.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_ptwr_width,tests/unit/test_ptwr_width.c \
	$(call UT_HV,hv/arch/x86_64/ptwr_insn.c hv/arch/x86_64/emulate.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_descriptor,tests/unit/test_descriptor.c \
	$(call UT_HV,hv/arch/x86_64/descriptor.c),-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_sched,tests/unit/test_sched.c \
	$(call UT_HV,hv/timer.c hv/sched/credit.c hv/lib/mktime.c), \
	-iquote hv/include))
$(eval $(call unit_test,test_event_channel,tests/unit/test_event_channel.c \
	tests/unit/test_event_hv.c tests/unit/event_fixture.c tests/unit/test_pirq.c \
	$(call UT_HV,hv/event_channel.c hv/event_op.c hv/event_2l.c \
	hv/event_hv.c hv/pirq.c hv/log.c hv/lib/vsnprintf.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_console_ring,tests/unit/test_console_ring.c \
	$(call UT_HV,hv/console_ring.c),-iquote hv/include -Iinclude))
$(eval $(call unit_test,test_debugreg,tests/unit/test_debugreg.c \
	$(call UT_HV,hv/arch/x86_64/debugreg.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_grant_table,tests/unit/test_grant_table.c \
	tests/unit/test_grant_copy.c tests/unit/grant_fixture.c \
	tests/unit/page_type_fixture.c \
	$(call UT_HV,hv/grant_table.c hv/grant_pin.c hv/grant_map.c hv/grant_copy.c \
	hv/mm/grant_pte.c hv/mm/page_type.c hv/mm/page_table.c hv/iomem.c hv/rangeset.c hv/mm/frame.c \
	hv/arch/x86_64/descriptor.c),-iquote hv/include))
$(eval $(call unit_test,test_madt,tests/unit/test_madt.c \
	$(call UT_HV,hv/arch/x86_64/madt.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
# Issue 10: bounded work under the lock
$(eval $(call unit_test,test_preempt,tests/unit/test_preempt.c \
	tests/unit/page_type_fixture.c \
	$(call UT_HV,hv/preempt.c hv/ratelimit.c hv/mm/page_type.c \
	hv/mm/page_table.c hv/iomem.c hv/rangeset.c hv/mm/frame.c hv/arch/x86_64/descriptor.c), \
	-iquote hv/include -Iinclude))
# Issue 11: memory reservations (balloon)
$(eval $(call unit_test,test_reservation,tests/unit/test_reservation.c \
	tests/unit/page_type_fixture.c \
	$(call UT_HV,hv/mm/reservation.c hv/mm/page_type.c hv/mm/page_table.c hv/iomem.c hv/rangeset.c \
	hv/mm/frame.c hv/arch/x86_64/descriptor.c),-iquote hv/include -Iinclude))
$(eval $(call unit_test,test_pvclock,tests/unit/test_pvclock.c \
	$(call UT_HV,hv/arch/x86_64/pvclock.c), \
	-iquote hv/include -iquote hv/arch/x86_64/include))
$(eval $(call unit_test,test_iomem,tests/unit/test_iomem.c \
	$(call UT_HV,hv/rangeset.c hv/iomem.c hv/dom0_mem.c hv/cmdline.c \
	hv/lib/strtoull.c),-iquote hv/include))
