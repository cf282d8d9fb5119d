# Xenolith top-level Makefile: configuration, hypervisor, host tools, tests.
# Everything is built out of tree under $(BUILD). Subdirectories add to the
# build through their own build.mk fragments, included below.

BUILD     ?= build
PY        := /usr/bin/python3
CC        := gcc
LD        := ld
OBJCOPY   := objcopy
Q         := $(if $(V),,@)

KCONFIG_CONFIG := $(BUILD)/.config
AUTOCONF  := $(BUILD)/include/generated/autoconf.h
export KCONFIG_CONFIG

.DEFAULT_GOAL := all
.PHONY: all run run-hv check bench unit integration deps clean distclean linux \
	menuconfig defconfig olddefconfig savedefconfig

# ---- configuration (Kconfig through python3-kconfiglib) -------------------
$(KCONFIG_CONFIG):
	@mkdir -p $(BUILD)
	$(Q)$(PY) -m defconfig --kconfig Kconfig configs/defconfig >/dev/null

$(AUTOCONF) $(BUILD)/auto.conf: $(KCONFIG_CONFIG) Kconfig
	@mkdir -p $(dir $(AUTOCONF))
	$(Q)$(PY) -m genconfig --header-path $(AUTOCONF) \
		--config-out $(BUILD)/auto.conf Kconfig
	@touch $(AUTOCONF) $(BUILD)/auto.conf

menuconfig:
	@mkdir -p $(BUILD)
	$(PY) -m menuconfig Kconfig
defconfig:
	@mkdir -p $(BUILD)
	$(PY) -m defconfig --kconfig Kconfig configs/defconfig
olddefconfig: | $(KCONFIG_CONFIG)
	$(PY) -m olddefconfig Kconfig
savedefconfig: $(KCONFIG_CONFIG)
	$(PY) -m savedefconfig --kconfig Kconfig --out $(BUILD)/defconfig
	@echo "wrote $(BUILD)/defconfig"

# ---- flags ----------------------------------------------------------------
WARN := -Wall -Wextra -Werror -Wno-unused-parameter

# The hypervisor: freestanding, linked high inside the L4 slots reserved for
# it in every PV guest, so position-independent code (RIP-relative) is used.
HV_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin \
	-fpie -fno-plt -mcmodel=small -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-mno-red-zone -mgeneral-regs-only -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-include $(AUTOCONF) -Iinclude -Ihv/include -Ihv/arch/x86_64/include \
	-MMD -MP
HV_ASFLAGS := $(filter-out -std=gnu11,$(HV_CFLAGS)) -D__ASSEMBLY__
HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments --build-id=none

# Host programs and unit tests: the same sources, hosted.
HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -D_GNU_SOURCE -Iinclude -MMD -MP
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

# ---- generic rules -----------------------------------------------------------
$(BUILD)/hv/%.o: %.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HV_CFLAGS) -c $< -o $@
$(BUILD)/hv/%.o: %.S $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HV_ASFLAGS) -c $< -o $@
$(BUILD)/host/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HOST_CFLAGS) $(EXTRA_CFLAGS_$(subst /,_,$*)) -c $< -o $@

# unit_test NAME, SOURCES, EXTRA FLAGS: a Check binary build/tests/unit/NAME
# compiled from the real sources plus the shared harness.
UNIT_BINS :=
define unit_test
UNIT_BINS += $(BUILD)/tests/unit/$(1)
$(BUILD)/tests/unit/$(1): $(2) tests/unit/harness.c tests/unit/harness.h $(AUTOCONF)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(HOST_CFLAGS) $$(CHECK_CFLAGS) -include $$(AUTOCONF) \
		-Itests/unit $(3) -o $$@ $(2) tests/unit/harness.c $$(CHECK_LIBS)
endef

HOST_PROGS :=
BENCH_TARGETS :=

include $(wildcard */build.mk */*/build.mk)

# ---- top-level targets ----------------------------------------------------------
all: $(HV_TARGETS) $(HOST_PROGS)

unit: $(UNIT_BINS)
	@scripts/test-unit $(UNIT_BINS)

integration: all
	@$(PY) tests/integration/run.py

deps:
	@scripts/deps

# dom0 Linux (the cached `make linux`) with a disk and a NIC; `make run-hv`
# boots the hypervisor alone.
run: deps
	@$(MAKE) -s --no-print-directory all linux
	scripts/run --dom0-linux $(RUNARGS)

run-hv: deps
	@$(MAKE) -s --no-print-directory all
	scripts/run $(RUNARGS)

# The Linux guest too: its integration cases boot it (a cache hit takes
# seconds; a fresh machine builds it once, ~12 minutes on 2 cores).
check: deps
	@$(MAKE) -s --no-print-directory all $(UNIT_BINS)
	@$(MAKE) -s --no-print-directory linux
	@scripts/check $(UNIT_BINS)

bench: deps
	@$(MAKE) -s --no-print-directory all $(BENCH_TARGETS)
	@scripts/bench $(BENCH_TARGETS)

# The pv-ops Linux guest (pvguest/linux/): vmlinux, bzImage, a busybox
# initramfs and the same files as an ext4 root image in $(BUILD)/linux/.
# The kernel is built by scripts/linux-build and cached in
# ~/.cache/xenolith/ (a long build on a miss, seconds on a hit).
linux: deps
	@scripts/linux-build $(BUILD)/linux
	@$(MAKE) -s --no-print-directory linux-tests
	@pvguest/linux/mkinitramfs $(BUILD)/linux/initramfs.cpio.gz $(LINUX_INITRAMFS_ARGS)
	@pvguest/linux/mkrootimg $(BUILD)/linux/initramfs.cpio.gz $(BUILD)/linux/rootfs.ext4

clean:
	rm -rf $(BUILD)/hv $(BUILD)/host $(BUILD)/tests $(BUILD)/iso $(BUILD)/xenolith*
distclean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
