# pvguest/builder: the PV domain builder (a library) and its Check suite.
#
# The hypervisor compiles BUILDER_SRCS itself; the tests compile them hosted
# (tests/unit/build.mk's hvobj rule) and load real ELF kernels linked here
# from tests/unit/builder_*.S at test-build time.

BUILDER_SRCS := pvguest/builder/elf.c pvguest/builder/xen_notes.c \
	pvguest/builder/parse.c pvguest/builder/layout.c \
	pvguest/builder/build.c pvguest/builder/pagetable.c
BUILDER_T := $(BUILD)/tests/unit
BUILDER_ELFS := $(BUILDER_T)/builder_linux.elf $(BUILDER_T)/builder_minios.elf

$(BUILDER_T)/builder_linux.elf: BUILDER_LDEXTRA := --build-id=sha1
$(BUILDER_T)/builder_minios.elf: BUILDER_LDEXTRA := --build-id=none
$(BUILDER_T)/builder_%.elf: tests/unit/builder_%.S tests/unit/builder_%.lds \
		tests/unit/builder_elfnote.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c -o $(@:.elf=.o) $<
	$(Q)$(LD) -nostdlib -static -z max-page-size=0x1000 \
		--no-warn-rwx-segments $(BUILDER_LDEXTRA) -T $(word 2,$^) \
		-o $@ $(@:.elf=.o)

$(eval $(call unit_test,test_builder,tests/unit/test_builder.c \
	tests/unit/test_builder_build.c tests/unit/test_builder_hostile.c \
	tests/unit/test_builder_notes.c tests/unit/test_builder_p2m.c \
	tests/unit/test_builder_util.c tests/unit/test_builder_mem.c \
	$(patsubst %.c,$(BUILD)/tests/unit/hvobj/%.o,$(BUILDER_SRCS)),\
	-iquote hv/include -iquote pvguest/builder \
	-DBUILDER_LINUX_ELF='"$(abspath $(BUILDER_T))/builder_linux.elf"' \
	-DBUILDER_MINIOS_ELF='"$(abspath $(BUILDER_T))/builder_minios.elf"'))
$(BUILD)/tests/unit/test_builder: $(BUILDER_ELFS) tests/unit/test_builder.h
