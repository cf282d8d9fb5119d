# pvguest/builder: the PV domain builder (a library) and its Check suite.
#
# The hypervisor compiles BUILDER_SRCS itself; the tests compile them hosted
# (tests/unit/build.mk's hvobj rule) and load real ELF kernels linked here
# from tests/unit/builder_*.S at test-build time.

BUILDER_SRCS := pvguest/builder/elf.c pvguest/builder/xen_notes.c \
	pvguest/builder/parse.c pvguest/builder/layout.c \
	pvguest/builder/build.c pvguest/builder/pagetable.c \
	pvguest/builder/image.c
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

# Compressed kernels made with the real tools at test-build time, as
# Linux's build makes them (scripts/Makefile.lib, scripts/xz_wrap.sh),
# wrapped into bzImage containers by tests/unit/builder_mkbz: gzip, xz with
# the x86 BCJ filter, LZ4 legacy, zstd, and a gzip'd ELF. "big" is the ELF
# with 9 MiB more after it (as Linux's relocations follow vmlinux), so that
# LZ4 needs two 8 MiB blocks.
BZ_T := $(BUILDER_T)/bz
BZ_PAYLOADS := linux.gz linux.xz linux.lz4 linux.zst big.lz4 big.xz notelf.gz
BZ_FILES := $(addprefix $(BZ_T)/,$(BZ_PAYLOADS:=.bzImage) linux.elf.gz big.bin)
$(BZ_T)/linux.bin: $(BUILDER_T)/builder_linux.elf
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(BZ_T)/big.bin: $(BUILDER_T)/builder_linux.elf
	@mkdir -p $(dir $@)
	$(Q)$(PY) -c 'import sys; e = open(sys.argv[1], "rb").read(); \
		pad = bytes((i * 7 + (i >> 12)) & 0xff for i in range(9 << 20)); \
		open(sys.argv[2], "wb").write(e + pad)' $< $@
$(BZ_T)/notelf.bin: tests/unit/builder_linux.lds
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(BZ_T)/%.gz: $(BZ_T)/%.bin
	$(Q)gzip -n -9 -c $< > $@
$(BZ_T)/%.xz: $(BZ_T)/%.bin
	$(Q)xz --x86 --lzma2 --check=crc32 -c $< > $@
$(BZ_T)/%.lz4: $(BZ_T)/%.bin
	$(Q)lz4 -q -l -9 -c $< > $@
$(BZ_T)/%.zst: $(BZ_T)/%.bin
	$(Q)cat $< | zstd -q -19 -c > $@
$(BZ_T)/linux.elf.gz: $(BZ_T)/linux.gz
	$(Q)cp $< $@
$(BZ_T)/%.gz.bzImage: $(BZ_T)/%.gz tests/unit/builder_mkbz
	$(Q)$(PY) tests/unit/builder_mkbz --no-size $< $(BZ_T)/$*.bin $@
$(BZ_T)/%.bzImage: $(BZ_T)/% tests/unit/builder_mkbz
	$(Q)$(PY) tests/unit/builder_mkbz $< $(BZ_T)/$(basename $*).bin $@

# The hypervisor's decompression objects themselves (freestanding; made by
# hv/build.mk and hv/decompress/build.mk), so the tests run the same code.
BUILDER_DECOMP_OBJS := $(addprefix $(BUILD)/hv/hv/decompress/,decompress.o \
	lx_inflate.o lx_unxz.o lx_unlz4.o lx_unzstd.o)

$(eval $(call unit_test,test_builder,tests/unit/test_builder.c \
	tests/unit/test_builder_build.c tests/unit/test_builder_hostile.c \
	tests/unit/test_builder_notes.c tests/unit/test_builder_p2m.c \
	tests/unit/test_builder_util.c tests/unit/test_builder_mem.c \
	tests/unit/test_builder_image.c $(BUILDER_DECOMP_OBJS) \
	$(patsubst %.c,$(BUILD)/tests/unit/hvobj/%.o,$(BUILDER_SRCS)),\
	-iquote hv/include -iquote pvguest/builder -iquote hv/decompress \
	-DBUILDER_BZ_DIR='"$(abspath $(BZ_T))"' \
	-DBUILDER_LINUX_ELF='"$(abspath $(BUILDER_T))/builder_linux.elf"' \
	-DBUILDER_MINIOS_ELF='"$(abspath $(BUILDER_T))/builder_minios.elf"'))
$(BUILD)/tests/unit/test_builder: $(BUILDER_ELFS) tests/unit/test_builder.h \
	$(BZ_FILES)
