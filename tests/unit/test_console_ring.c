/* Unit tests: console ring take/put with hostile indices, Ctrl-A, focus. */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "console_ring.h"
#include <xen/xen.h>

static struct xencons_interface ring;

static void fill_out(XENCONS_RING_IDX from, const char *s)
{
	for (size_t i = 0; s[i]; i++)
		ring.out[MASK_XENCONS_IDX(from + i, ring.out)] = s[i];
}

START_TEST(take_in_order_and_across_the_wrap)
{
	char buf[64];

	memset(&ring, 0, sizeof(ring));
	ring.out_cons = 0xfffffffc;
	fill_out(ring.out_cons, "abcdefgh");
	ring.out_prod = 0xfffffffc + 8;
	ck_assert_int_eq(xencons_out_take(&ring, buf, 5), 5);
	ck_assert_mem_eq(buf, "abcde", 5);
	ck_assert_uint_eq(ring.out_cons, 1);
	ck_assert_int_eq(xencons_out_take(&ring, buf, sizeof(buf)), 3);
	ck_assert_mem_eq(buf, "fgh", 3);
	ck_assert_uint_eq(ring.out_cons, ring.out_prod);
	ck_assert_int_eq(xencons_out_take(&ring, buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(take_a_full_ring)
{
	static char buf[4096];

	memset(&ring, 0, sizeof(ring));
	memset(ring.out, 'x', sizeof(ring.out));
	ring.out_cons = 100;
	ring.out_prod = 100 + sizeof(ring.out);
	ck_assert_int_eq(xencons_out_take(&ring, buf, sizeof(buf)), 2048);
	ck_assert_uint_eq(ring.out_cons, 100 + 2048);
}
END_TEST

START_TEST(hostile_out_indices_reset_the_ring)
{
	static const XENCONS_RING_IDX bad[] = { 2049, 0x80000000u, 0xffffffffu };
	char buf[16];

	for (unsigned int i = 0; i < 3; i++) {
		memset(&ring, 0, sizeof(ring));
		ring.out_cons = 7;
		ring.out_prod = 7 + bad[i];
		ck_assert_int_eq(xencons_out_take(&ring, buf, sizeof(buf)), -1);
		ck_assert_uint_eq(ring.out_cons, ring.out_prod);
		/* Then the ring works again. */
		fill_out(ring.out_prod, "ok");
		ring.out_prod += 2;
		ck_assert_int_eq(xencons_out_take(&ring, buf, sizeof(buf)), 2);
		ck_assert_mem_eq(buf, "ok", 2);
	}
}
END_TEST

START_TEST(put_until_full_and_hostile_in_indices)
{
	static char big[2000];

	memset(&ring, 0, sizeof(ring));
	memset(big, 'y', sizeof(big));
	ring.in_cons = ring.in_prod = 0xfffffffe;
	ck_assert_uint_eq(xencons_in_put(&ring, "hi", 2), 2);
	ck_assert_int_eq(ring.in[1022], 'h');
	ck_assert_int_eq(ring.in[1023], 'i');
	ck_assert_uint_eq(ring.in_prod, 0);
	ck_assert_uint_eq(xencons_in_put(&ring, big, sizeof(big)), 1022);
	ck_assert_uint_eq(xencons_in_put(&ring, "z", 1), 0);
	ring.in_cons += 10;
	ck_assert_uint_eq(xencons_in_put(&ring, big, sizeof(big)), 10);
	/* The guest claims more than the ring holds: nothing is written. */
	memset(&ring, 0, sizeof(ring));
	ring.in_prod = 5000;
	ck_assert_uint_eq(xencons_in_put(&ring, "a", 1), 0);
	ck_assert_uint_eq(ring.in_prod, 5000);
	for (size_t i = 0; i < sizeof(ring.in); i++)
		ck_assert_int_eq(ring.in[i], 0);
}
END_TEST

/* Feed a byte string; return what reached the owner and count switches. */
static size_t feed(struct console_switch *s, const char *in, size_t n,
		   char *out, int *switches)
{
	size_t got = 0;

	*switches = 0;
	for (size_t i = 0; i < n; i++) {
		bool sw;
		unsigned int k = console_switch_rx(s, in[i], out + got, &sw);

		ck_assert_uint_le(k, 3);
		got += k;
		*switches += sw;
	}
	return got;
}

START_TEST(ctrl_a_three_times_switches)
{
	struct console_switch s = { 0 };
	char out[64];
	int sw;

	ck_assert_uint_eq(feed(&s, "ab\x01\x01\x01" "c", 6, out, &sw), 3);
	ck_assert_mem_eq(out, "abc", 3);
	ck_assert_int_eq(sw, 1);
	/* One or two Ctrl-A followed by text are passed on. */
	ck_assert_uint_eq(feed(&s, "\x01x\x01\x01y", 5, out, &sw), 5);
	ck_assert_mem_eq(out, "\x01x\x01\x01y", 5);
	ck_assert_int_eq(sw, 0);
	/* Six in a row switch twice; four leave one held back. */
	ck_assert_uint_eq(feed(&s, "\x01\x01\x01\x01\x01\x01", 6, out, &sw), 0);
	ck_assert_int_eq(sw, 2);
	ck_assert_uint_eq(feed(&s, "\x01\x01\x01\x01" "z", 5, out, &sw), 2);
	ck_assert_mem_eq(out, "\x01z", 2);
	ck_assert_int_eq(sw, 1);
}
END_TEST

START_TEST(focus_cycles_xen_then_domains)
{
	const uint16_t ids[] = { 3, 1, 7 };

	ck_assert_uint_eq(console_focus_next(DOMID_XEN, ids, 3), 1);
	ck_assert_uint_eq(console_focus_next(1, ids, 3), 3);
	ck_assert_uint_eq(console_focus_next(3, ids, 3), 7);
	ck_assert_uint_eq(console_focus_next(7, ids, 3), DOMID_XEN);
	/* The current one died: the next live one above it. */
	ck_assert_uint_eq(console_focus_next(2, ids, 3), 3);
	ck_assert_uint_eq(console_focus_next(DOMID_XEN, ids, 0), DOMID_XEN);
	ck_assert_uint_eq(console_focus_next(0, (const uint16_t[]){ 0 }, 1),
			  DOMID_XEN);
	ck_assert_uint_eq(console_focus_next(DOMID_XEN, (const uint16_t[]){ 0 }, 1),
			  0);
}
END_TEST

static Suite *console_ring_suite(void)
{
	Suite *s = suite_create("console_ring");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, take_in_order_and_across_the_wrap);
	tcase_add_test(tc, take_a_full_ring);
	tcase_add_test(tc, hostile_out_indices_reset_the_ring);
	tcase_add_test(tc, put_until_full_and_hostile_in_indices);
	tcase_add_test(tc, ctrl_a_three_times_switches);
	tcase_add_test(tc, focus_cycles_xen_then_domains);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { console_ring_suite, NULL };

	return harness_run(suites);
}
