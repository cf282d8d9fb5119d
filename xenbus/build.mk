# xenbus: xenstore core, transports, client library, host daemon and tools.

XS_CORE_SRCS := xenbus/xs_perms.c xenbus/xs_tree.c xenbus/xs_store.c \
	xenbus/xs_conn.c xenbus/xs_ops.c xenbus/xs_watch.c xenbus/xs_trans.c \
	xenbus/xs_domain.c


XS_CLIENT_SRCS := xenbus/xs_client.c xenbus/xs_client_ops.c \
	xenbus/xs_client_ring.c xenbus/xs_ring.c xenbus/xenbus_state.c \
	xenbus/xs_escape.c
XS_HOST_SRCS := xenbus/xs_client_unix.c
XS_LIB_SRCS := $(XS_CORE_SRCS) $(XS_CLIENT_SRCS) $(XS_HOST_SRCS)
XS_LIB_OBJS := $(patsubst %.c,$(BUILD)/host/obj/%.o,$(XS_LIB_SRCS))

$(BUILD)/host/obj/xenbus/libxenstore.a: $(XS_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/host/xenstored: $(BUILD)/host/obj/xenbus/xenstored_main.o \
		$(BUILD)/host/obj/xenbus/libxenstore.a
	$(Q)$(CC) -o $@ $^

XS_TOOLS := read write rm ls list exists chmod watch
XS_TOOL_LINKS := $(addprefix $(BUILD)/host/xenstore-,$(XS_TOOLS))

$(BUILD)/host/xenstore: $(BUILD)/host/obj/xenbus/xenstore_main.o \
		$(BUILD)/host/obj/xenbus/libxenstore.a
	$(Q)$(CC) -o $@ $^

$(XS_TOOL_LINKS): $(BUILD)/host/xenstore
	$(Q)ln -sf xenstore $@

HOST_PROGS += $(BUILD)/host/xenstored $(BUILD)/host/xenstore $(XS_TOOL_LINKS)

# Unit tests: the core through raw messages; ring and client library;
# the host tools end to end against the host daemon.
XS_TEST_FLAGS := -Ixenbus
$(eval $(call unit_test,xenstore,tests/unit/test_xenstore.c \
	tests/unit/test_xenstore_watch.c $(XS_CORE_SRCS),$(XS_TEST_FLAGS)))
$(eval $(call unit_test,xenstore_ring,tests/unit/test_xenstore_ring.c \
	$(XS_CORE_SRCS) $(XS_CLIENT_SRCS),$(XS_TEST_FLAGS)))
$(eval $(call unit_test,xenstore_tools,tests/unit/test_xenstore_tools.c \
	$(XS_LIB_SRCS),$(XS_TEST_FLAGS) \
	-DHOST_BIN_DIR='"$(abspath $(BUILD)/host)"'))
$(BUILD)/tests/unit/xenstore_tools: $(BUILD)/host/xenstored \
	$(BUILD)/host/xenstore $(XS_TOOL_LINKS)

# Benchmark: round trips over the socket (1 and 8 clients) and the ring.
$(BUILD)/tests/bench/xenstore_bench: tests/bench/xenstore_bench.c \
		$(BUILD)/host/obj/xenbus/libxenstore.a $(BUILD)/host/xenstored
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(HOST_CFLAGS) -Ixenbus \
		-DHOST_BIN_DIR='"$(abspath $(BUILD)/host)"' -o $@ $< \
		$(BUILD)/host/obj/xenbus/libxenstore.a
BENCH_TARGETS += $(BUILD)/tests/bench/xenstore_bench
