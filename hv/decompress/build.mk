# hv/decompress: the decompressors the domain builder's hook calls.
#
# Linux's own freestanding decompressors (lib/zlib_inflate, lib/xz with its
# x86 BCJ filter, lib/lz4, lib/zstd, lib/xxhash) are compiled from Debian's
# linux-source-6.1 tarball at build time: the files below are extracted once
# into $(DECOMP_LX) (keyed by the tarball's mtime and size and the file
# list; about 25 s) and never copied into our tree. hv/decompress/shim/
# holds the few freestanding headers they include (ours). The objects are
# freestanding and are linked into the hypervisor and, unchanged, into the
# builder's unit tests.

DECOMP_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
DECOMP_FILES := lib/decompress_inflate.c lib/decompress_unxz.c \
	lib/decompress_unlz4.c lib/decompress_unzstd.c lib/xxhash.c \
	lib/zlib_inflate lib/xz lib/lz4 lib/zstd \
	include/linux/zlib.h include/linux/zconf.h include/linux/zutil.h \
	include/linux/xz.h include/linux/lz4.h include/linux/xxhash.h \
	include/linux/zstd.h include/linux/zstd_errors.h include/linux/zstd_lib.h \
	include/linux/decompress
DECOMP_KEY := $(shell stat -c '%Y-%s' $(DECOMP_TARBALL) 2>/dev/null)-$(shell \
	echo $(DECOMP_FILES) | md5sum | cut -c1-8)
DECOMP_LX := $(BUILD)/linux-lib/$(DECOMP_KEY)

$(DECOMP_LX)/.extracted:
	@rm -rf $(BUILD)/linux-lib && mkdir -p $(DECOMP_LX)
	@test -r $(DECOMP_TARBALL) || { echo "$(DECOMP_TARBALL) is missing: scripts/deps installs linux-source-6.1"; exit 1; }
	@echo "  TAR     $(DECOMP_LX) (Linux's lib/ decompressors)"
	$(Q)tar -xJf $(DECOMP_TARBALL) -C $(DECOMP_LX) --strip-components=1 \
		$(addprefix linux-source-6.1/,$(DECOMP_FILES))
	@touch $@

# The units that #include Linux's sources: their own flags (the shim and
# the extracted tree, none of our headers; Linux's code is not warning-free
# under our -Wextra for sign compares, pointer signs and the wrappers'
# unused preboot functions).
DECOMP_LX_SRCS := hv/decompress/lx_inflate.c hv/decompress/lx_unxz.c \
	hv/decompress/lx_unlz4.c hv/decompress/lx_unzstd.c
DECOMP_LX_OBJS := $(patsubst %.c,$(BUILD)/hv/%.o,$(DECOMP_LX_SRCS))
DECOMP_OBJS := $(DECOMP_LX_OBJS) $(BUILD)/hv/hv/decompress/decompress.o
DECOMP_LXFLAGS = $(filter-out -Iinclude -Ihv/include -Ihv/arch/x86_64/include \
	-include $(AUTOCONF),$(HV_CFLAGS)) -Wno-sign-compare -Wno-pointer-sign \
	-Wno-unused-function -D__KERNEL__ -Ihv/decompress/shim \
	-I$(DECOMP_LX)/include -I$(DECOMP_LX)/lib
$(BUILD)/hv/hv/decompress/lx_%.o: hv/decompress/lx_%.c $(DECOMP_LX)/.extracted
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(DECOMP_LXFLAGS) -c $< -o $@
