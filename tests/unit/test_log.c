/* Unit tests: printk levels, "(XEN) " prefixes and the log ring (hv/log.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "log.h"

/* Each test runs in its own process (CK_FORK), so the log starts empty. */

static char ringbuf[1 << 23];

static const char *ring_text(void)
{
	size_t n = log_ring_read(ringbuf, sizeof(ringbuf) - 1);

	ringbuf[n] = 0;
	return ringbuf;
}

START_TEST(default_console_level)
{
	ck_assert_int_eq(log_console_level(), CONFIG_LOGLEVEL);
	log_set_console_level(42);
	ck_assert_int_eq(log_console_level(), 7);
	log_set_console_level(-1);
	ck_assert_int_eq(log_console_level(), 0);
}
END_TEST

START_TEST(level_filters_console_not_ring)
{
	harness_console_reset();
	log_set_console_level(4);
	printk(KERN_INFO "info %d\n", 1);
	printk(KERN_ERR "error %d\n", 2);
	printk(KERN_DEBUG "debug\n");
	printk(KERN_WARNING "warn\n");
	ck_assert_str_eq(harness_console, "(XEN) error 2\n(XEN) warn\n");
	ck_assert_str_eq(ring_text(),
		"(XEN) info 1\n(XEN) error 2\n(XEN) debug\n(XEN) warn\n");
}
END_TEST

START_TEST(no_prefix_is_info)
{
	harness_console_reset();
	log_set_console_level(5);
	printk("plain\n");
	ck_assert_str_eq(harness_console, "");
	log_set_console_level(6);
	printk("plain again\n");
	ck_assert_str_eq(harness_console, "(XEN) plain again\n");
}
END_TEST

START_TEST(prefix_once_per_line)
{
	harness_console_reset();
	log_set_console_level(7);
	printk("a");
	printk("b");
	printk("c\nd\n");
	printk("e\n\nf\n");
	ck_assert_str_eq(harness_console,
		"(XEN) abc\n(XEN) d\n(XEN) e\n(XEN) \n(XEN) f\n");
	ck_assert_str_eq(ring_text(), harness_console);
}
END_TEST

START_TEST(continuation_keeps_level)
{
	harness_console_reset();
	log_set_console_level(3);
	printk(KERN_ERR "x=");
	printk("%d\n", 5);             /* continuation: still KERN_ERR */
	printk(KERN_DEBUG "hidden ");
	printk("too\n");               /* continuation: still KERN_DEBUG */
	printk("info\n");              /* new line, no prefix: KERN_INFO */
	ck_assert_str_eq(harness_console, "(XEN) x=5\n");
	ck_assert_str_eq(ring_text(), "(XEN) x=5\n(XEN) hidden too\n(XEN) info\n");
}
END_TEST

START_TEST(level_mid_line_ends_line)
{
	harness_console_reset();
	log_set_console_level(7);
	printk("partial");
	printk(KERN_WARNING "new\n");
	ck_assert_str_eq(harness_console, "(XEN) partial\n(XEN) new\n");
}
END_TEST

START_TEST(ring_wrap_keeps_newest)
{
	size_t size = log_ring_size(), n, total = 0;
	char line[64], last[64];
	int i;

	ck_assert_uint_eq(size, 1UL << CONFIG_LOG_RING_SHIFT);
	log_set_console_level(0);
	for (i = 0; total < size * 2 + 100; i++) {
		snprintf(line, sizeof(line), KERN_INFO "line %06d\n", i);
		printk("%s", line);
		total += strlen("(XEN) line 000000\n");
	}
	n = log_ring_read(ringbuf, sizeof(ringbuf));
	ck_assert_uint_eq(n, size);
	snprintf(last, sizeof(last), "(XEN) line %06d\n", i - 1);
	ck_assert_msg(!memcmp(ringbuf + n - strlen(last), last, strlen(last)),
		      "expected the ring to end with \"%s\", saw \"%.*s\"", last,
		      (int)strlen(last), ringbuf + n - strlen(last));

	/* A short read returns the newest bytes. */
	n = log_ring_read(ringbuf, 7);
	ck_assert_uint_eq(n, 7);
	ringbuf[7] = 0;
	snprintf(last, sizeof(last), "%06d\n", i - 1);
	ck_assert_str_eq(ringbuf, last);
}
END_TEST

START_TEST(ring_read_before_full)
{
	char b[8];

	printk(KERN_DEBUG "hi\n");
	ck_assert_uint_eq(log_ring_read(b, sizeof(b)), 8);   /* newest 8 of 9 */
	ck_assert_int_eq(memcmp(b, "XEN) hi\n", 8), 0);
	ck_assert_str_eq(ring_text(), "(XEN) hi\n");
}
END_TEST

START_TEST(long_message_truncated_and_marked)
{
	char big[2000];
	const char *r;
	size_t len;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	printk("%s\n", big);
	r = ring_text();
	len = strlen(r);
	ck_assert_uint_eq(len, strlen("(XEN) ") + LOG_MSG_MAX - 1);
	ck_assert_str_eq(r + len - 6, "[...]\n");
	printk("next\n");
	ck_assert_str_eq(ring_text() + len, "(XEN) next\n");
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("printk");

	tcase_add_test(tc, default_console_level);
	tcase_add_test(tc, level_filters_console_not_ring);
	tcase_add_test(tc, no_prefix_is_info);
	tcase_add_test(tc, prefix_once_per_line);
	tcase_add_test(tc, continuation_keeps_level);
	tcase_add_test(tc, level_mid_line_ends_line);
	tcase_add_test(tc, ring_wrap_keeps_newest);
	tcase_add_test(tc, ring_read_before_full);
	tcase_add_test(tc, long_message_truncated_and_marked);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { log_suite, NULL };

	return harness_run(suites);
}
