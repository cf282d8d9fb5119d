# ABI check: our include/xen/ against Linux 6.1's include/xen/interface.
#
# Two generated programs print sizes, offsets and constant values, one
# compiled against our headers and one against Linux's (extracted once from
# Debian's linux-source-6.1 tarball into $(ABI_DIR)/linux/<mtime-size>);
# the Check binary test_abi compares their outputs. Without the tarball the
# Linux side reports a skip and test_abi says so.

ABI_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
ABI_DIR     := $(BUILD)/abi
ABI_KEY     := $(shell stat -c '%Y-%s' $(ABI_TARBALL) 2>/dev/null)
ABI_LX_HDRS := include/xen/interface/xen.h include/xen/interface/event_channel.h \
	include/xen/interface/grant_table.h include/xen/interface/memory.h \
	include/xen/interface/sched.h include/xen/interface/vcpu.h \
	include/xen/interface/callback.h include/xen/interface/physdev.h \
	include/xen/interface/version.h include/xen/interface/features.h \
	include/xen/interface/nmi.h include/xen/interface/elfnote.h \
	arch/x86/include/asm/xen/interface.h \
	arch/x86/include/asm/xen/interface_64.h arch/x86/include/asm/pvclock-abi.h \
	include/xen/interface/io/console.h include/xen/interface/io/ring.h \
	include/xen/interface/io/blkif.h include/xen/interface/io/netif.h \
	include/xen/interface/io/pciif.h include/xen/interface/io/protocols.h \
	include/xen/interface/hvm/start_info.h include/xen/interface/hvm/hvm_op.h \
	include/xen/interface/hvm/params.h
# Keyed by the tarball's mtime and size and by the header list.
ABI_LX      := $(ABI_DIR)/linux/$(ABI_KEY)-$(shell echo $(ABI_LX_HDRS) | md5sum | cut -c1-8)
ABI_OURS_HDRS := $(wildcard include/xen/*.h include/xen/io/*.h include/xen/hvm/*.h) \
	tests/abi/ours_all.h
ABI_SHIM    := $(wildcard tests/abi/shim/*.h tests/abi/shim/*/*.h)
ABI_CFLAGS  := -std=gnu11 -O0 -Wall -Werror
ABI_LXFLAGS := -Itests/abi/shim -I$(ABI_LX)/include -I$(ABI_LX)/arch/x86/include

# Only these headers, once per tarball version and header list (about 15 s).
$(ABI_LX)/.extracted:
	@rm -rf $(ABI_DIR)/linux && mkdir -p $(ABI_LX)
	@echo "abi: extracting Linux's Xen interface headers from $(ABI_TARBALL)"
	$(Q)tar -xJf $(ABI_TARBALL) -C $(ABI_LX) --strip-components=1 \
		$(addprefix linux-source-6.1/,$(ABI_LX_HDRS))
	@touch $@

$(ABI_DIR)/base.macros:
	@mkdir -p $(dir $@)
	$(Q)echo '#include <stdint.h>' | $(CC) -std=gnu11 -dM -E -x c - > $@
$(ABI_DIR)/ours.macros: $(ABI_OURS_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -Iinclude -dM -E tests/abi/ours_all.h > $@

$(ABI_DIR)/ours.txt: $(ABI_DIR)/abi_ours
	$(Q)$< > $@.tmp && mv $@.tmp $@
$(ABI_DIR)/abi_ours: $(ABI_DIR)/abi_ours.c $(ABI_OURS_HDRS)
	$(Q)$(CC) $(ABI_CFLAGS) -Iinclude -Itests/abi -o $@ $<

ifneq ($(ABI_KEY),)
$(ABI_DIR)/linux.macros: $(ABI_LX)/.extracted $(ABI_SHIM)
	$(Q)$(CC) -std=gnu11 $(ABI_LXFLAGS) -dM -E tests/abi/shim/linux_all.h > $@
$(ABI_DIR)/abi_ours.c $(ABI_DIR)/abi_linux.c: tests/abi/genabi.py \
		tests/abi/items.list $(ABI_DIR)/ours.macros \
		$(ABI_DIR)/linux.macros $(ABI_DIR)/base.macros
	$(Q)$(PY) tests/abi/genabi.py tests/abi/items.list \
		$(ABI_DIR)/ours.macros $(ABI_DIR)/linux.macros \
		$(ABI_DIR)/base.macros $(ABI_DIR)
$(ABI_DIR)/abi_linux: $(ABI_DIR)/abi_linux.c $(ABI_SHIM)
	$(Q)$(CC) $(ABI_CFLAGS) $(ABI_LXFLAGS) -o $@ $<
$(ABI_DIR)/linux.txt: $(ABI_DIR)/abi_linux
	$(Q)$< > $@.tmp && mv $@.tmp $@
else
# No Linux tree: compare nothing, and say why.
$(ABI_DIR)/linux.macros:
	@mkdir -p $(dir $@)
	$(Q): > $@
$(ABI_DIR)/abi_ours.c: tests/abi/genabi.py tests/abi/items.list \
		$(ABI_DIR)/ours.macros $(ABI_DIR)/linux.macros $(ABI_DIR)/base.macros
	$(Q)$(PY) tests/abi/genabi.py /dev/null $(ABI_DIR)/ours.macros \
		$(ABI_DIR)/linux.macros $(ABI_DIR)/base.macros $(ABI_DIR)
$(ABI_DIR)/linux.txt: FORCE_ABI
	@mkdir -p $(dir $@)
	$(Q)echo "SKIP $(ABI_TARBALL) is absent (scripts/deps installs linux-source-6.1)" > $@
.PHONY: FORCE_ABI
endif

# Every public header compiles on its own, hosted and freestanding (as in
# the hypervisor); test_abi reports the lines that are not "ok".
ABI_FREE := -ffreestanding -nostdinc -isystem $(shell $(CC) -print-file-name=include)
$(ABI_DIR)/headers.txt: $(wildcard include/xen/*.h include/xen/io/*.h include/xen/hvm/*.h)
	@mkdir -p $(dir $@)
	$(Q)for h in $(patsubst include/%,%,$^); do \
		for mode in hosted freestanding; do \
			f=; [ $$mode = hosted ] || f="$(ABI_FREE)"; \
			if printf '#include <%s>\n#include <%s>\n' $$h $$h | \
				$(CC) -std=gnu11 -Wall -Wextra -Werror $$f -Iinclude \
				-x c -c - -o /dev/null 2>/dev/null; \
			then echo "$$h $$mode ok"; else echo "$$h $$mode FAILS"; fi; \
		done; \
	done > $@.tmp && mv $@.tmp $@

$(eval $(call unit_test,test_abi,tests/abi/test_abi.c,\
	-DABI_DIR='"$(abspath $(ABI_DIR))"'))
$(BUILD)/tests/unit/test_abi: $(ABI_DIR)/ours.txt $(ABI_DIR)/linux.txt \
	$(ABI_DIR)/headers.txt
