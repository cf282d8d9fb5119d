# The Linux guest's test programs: every tests/linux/*.c is one static test
# program, built into $(BUILD)/linux/tests/ and installed by `make linux` into
# the initramfs under /tests/, where /init runs them all with xenolith.tests.
# Each prints "XL-TEST <name>: PASS" or "... FAIL <expected, saw>".
# tests/bench/linux_bench.c (not a test) goes to /bin/ of the same initramfs.
LINUX_TEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	-static -pthread -s
LINUX_TEST_SRCS := $(wildcard tests/linux/*.c)
LINUX_TESTS := $(patsubst tests/linux/%.c,$(BUILD)/linux/tests/%,$(LINUX_TEST_SRCS))
LINUX_BENCH := $(BUILD)/linux/bench/linux_bench

$(BUILD)/linux/tests/%: tests/linux/%.c tests/linux/xltest.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LINUX_TEST_CFLAGS) -o $@ $<

$(LINUX_BENCH): tests/bench/linux_bench.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LINUX_TEST_CFLAGS) -o $@ $<

# What mkinitramfs packs besides busybox and /init.
LINUX_INITRAMFS_INPUTS := $(LINUX_TESTS) $(LINUX_BENCH)
LINUX_INITRAMFS_ARGS := --tests $(BUILD)/linux/tests --bin $(LINUX_BENCH)

.PHONY: linux-tests
linux-tests: $(LINUX_INITRAMFS_INPUTS)

# `make bench`: the same kernel as a PV domU and natively (tests/bench/linux.py;
# needs `make linux` first).
BENCH_TARGETS += tests/bench/linux.py
