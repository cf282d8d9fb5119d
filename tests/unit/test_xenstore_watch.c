/* xenstore core tests: watches, transactions and quotas. */
#include <check.h>
#include <stdlib.h>
#include "harness.h"
#define XT_DEFAULT_FIXTURE
#include "test_xenstore_util.h"

#define EV(c, want) ck_assert_str_eq(xt_event(c), want)
#define NO_EV(c) ck_assert_str_eq(xt_event(c), "")

START_TEST(watch_fires_on_registration_then_after_reply)
{
	struct xt_msg m;

	xt_send(d0, XS_WATCH, 0, "/w\0tok\0", 7);
	ck_assert(xt_pop(d0, &m));
	ck_assert_uint_eq(m.h.type, XS_WATCH);  /* reply first */
	ck_assert(xt_pop(d0, &m));
	ck_assert_uint_eq(m.h.type, XS_WATCH_EVENT);
	ck_assert_uint_eq(m.h.req_id, 0);
	ck_assert_uint_eq(m.h.len, 7);
	ck_assert(memcmp(m.data, "/w\0tok\0", 7) == 0);
	XT_ERR(RQ(d0, XS_WATCH, 0, "/w\0tok\0"), "EEXIST");
	XT_OK(RQ(d0, XS_WATCH, 0, "/w\0tok2\0"));
	EV(d0, "/w|tok2");
}
END_TEST

START_TEST(watch_covers_path_and_children)
{
	struct xs_conn *c = xs_conn_new(&s, 0);

	XT_OK(RQ(c, XS_WATCH, 0, "/w\0t\0"));
	EV(c, "/w|t");
	XT_OK(RQ(d0, XS_WRITE, 0, "/w/x/y\0" "1"));
	EV(c, "/w/x/y|t");
	NO_EV(c);
	XT_OK(RQ(d0, XS_WRITE, 0, "/wx\0" "1"));  /* a sibling, not a child */
	XT_OK(RQ(d0, XS_WRITE, 0, "/other\0" "1"));
	NO_EV(c);
	XT_OK(RQ(d0, XS_MKDIR, 0, "/w/dir\0"));
	EV(c, "/w/dir|t");
	XT_OK(RQ(d0, XS_MKDIR, 0, "/w/dir\0"));  /* nothing changed */
	NO_EV(c);
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/w\0" "n0\0"));
	EV(c, "/w|t");
	XT_OK(RQ(d0, XS_RM, 0, "/w\0"));
	EV(c, "/w|t");
	NO_EV(c);
}
END_TEST

START_TEST(rm_fires_watches_below)
{
	XT_OK(RQ(d0, XS_WRITE, 0, "/r/a/b\0" "1"));
	XT_OK(RQ(d0, XS_WATCH, 0, "/r/a/b\0" "deep\0"));
	EV(d0, "/r/a/b|deep");
	XT_OK(RQ(d0, XS_RM, 0, "/r\0"));
	EV(d0, "/r/a/b|deep");
}
END_TEST

START_TEST(root_watch_sees_everything)
{
	XT_OK(RQ(d0, XS_WATCH, 0, "/\0" "all\0"));
	EV(d0, "/|all");
	XT_OK(RQ(d0, XS_WRITE, 0, "/x/y\0" "1"));
	EV(d0, "/x/y|all");
}
END_TEST

START_TEST(special_watches)
{
	XT_OK(RQ(d0, XS_WATCH, 0, "@introduceDomain\0" "in\0"));
	EV(d0, "@introduceDomain|in");
	XT_OK(RQ(d0, XS_WATCH, 0, "@releaseDomain\0" "out\0"));
	EV(d0, "@releaseDomain|out");
	XT_OK(RQ(d0, XS_WRITE, 0, "/local/x\0" "1"));
	NO_EV(d0);
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "3\0" "1\0" "1\0"));
	EV(d0, "@introduceDomain|in");
	NO_EV(d0);
	XT_OK(RQ(d0, XS_RELEASE, 0, "3\0"));
	EV(d0, "@releaseDomain|out");
	NO_EV(d0);
	XT_ERR(RQ(d0, XS_WATCH, 0, "@bad name\0t\0"), "EINVAL");
}
END_TEST

START_TEST(unwatch_and_reset)
{
	XT_OK(RQ(d0, XS_WATCH, 0, "/u\0a\0"));
	XT_OK(RQ(d0, XS_WATCH, 0, "/u\0b\0"));
	EV(d0, "/u|a");
	EV(d0, "/u|b");
	XT_OK(RQ(d0, XS_UNWATCH, 0, "/u\0a\0"));
	XT_ERR(RQ(d0, XS_UNWATCH, 0, "/u\0a\0"), "ENOENT");
	XT_ERR(RQ(d0, XS_UNWATCH, 0, "/u\0"), "EINVAL");
	XT_OK(RQ(d0, XS_WRITE, 0, "/u\0" "1"));
	EV(d0, "/u|b");
	NO_EV(d0);
	XT_OK(RQ(d0, XS_RESET_WATCHES, 0, "\0"));
	XT_OK(RQ(d0, XS_WRITE, 0, "/u\0" "2"));
	NO_EV(d0);
	ck_assert_uint_eq(d0->nwatches, 0);
}
END_TEST

START_TEST(relative_watch_gets_relative_events)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);

	XT_OK(RQ(d0, XS_MKDIR, 0, "/local/domain/5\0"));
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/local/domain/5\0" "n5\0"));
	XT_OK(RQ(d5, XS_WATCH, 0, "device\0" "dev\0"));
	EV(d5, "device|dev");
	XT_OK(RQ(d0, XS_WRITE, 0, "/local/domain/5/device/vbd\0" "1"));
	EV(d5, "device/vbd|dev");
}
END_TEST

START_TEST(events_need_read_access)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);

	XT_OK(RQ(d0, XS_WRITE, 0, "/hidden\0" "1"));
	XT_OK(RQ(d5, XS_WATCH, 0, "/hidden\0t\0"));
	EV(d5, "/hidden|t");  /* registration always fires */
	XT_OK(RQ(d0, XS_WRITE, 0, "/hidden\0" "2"));
	NO_EV(d5);
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/hidden\0" "n0\0" "r5\0"));
	EV(d5, "/hidden|t");
}
END_TEST

START_TEST(trans_isolation_and_commit)
{
	struct xs_conn *c = xs_conn_new(&s, 0);
	struct xt_msg *m;
	unsigned int tx;

	XT_OK(RQ(c, XS_WATCH, 0, "/t\0w\0"));
	EV(c, "/t|w");
	m = RQ(d0, XS_TRANSACTION_START, 0, "\0");
	ck_assert_uint_ne(m->h.type, XS_ERROR);
	tx = (unsigned int)strtoul(m->data, NULL, 10);
	ck_assert_uint_ne(tx, 0);
	XT_OK(RQ(d0, XS_WRITE, tx, "/t/a\0" "1"));
	XT_OK(RQ(d0, XS_WRITE, tx, "/t/a\0" "2"));  /* nested writes */
	XT_OK(RQ(d0, XS_WRITE, tx, "/t/b/c\0" "3"));
	XT_OK(RQ(d0, XS_MKDIR, tx, "/t/d\0"));
	XT_OK(RQ(d0, XS_SET_PERMS, tx, "/t/d\0" "n0\0" "r7\0"));
	XT_OK(RQ(d0, XS_RM, tx, "/t/b\0"));
	XT_DATA(RQ(d0, XS_READ, tx, "/t/a\0"), "2");
	XT_ERR(RQ(d0, XS_READ, tx, "/t/b/c\0"), "ENOENT");
	XT_ERR(RQ(d0, XS_READ, 0, "/t/a\0"), "ENOENT");  /* not yet */
	NO_EV(c);
	m = RQ(d0, XS_TRANSACTION_END, tx, "T\0");
	XT_OK(m);
	ck_assert_uint_eq(m->h.tx_id, tx);
	XT_DATA(RQ(d0, XS_READ, 0, "/t/a\0"), "2");
	XT_ERR(RQ(d0, XS_READ, 0, "/t/b\0"), "ENOENT");
	XT_DATA(RQ(d0, XS_GET_PERMS, 0, "/t/d\0"), "n0\0r7\0");
	ck_assert_str_ne(xt_event(c), "");  /* fired on commit */
	XT_ERR(RQ(d0, XS_TRANSACTION_END, tx, "T\0"), "ENOENT");  /* gone */
}
END_TEST

START_TEST(trans_conflict_is_eagain)
{
	struct xs_conn *c2 = xs_conn_new(&s, 0);
	unsigned int t1, t2;

	XT_OK(RQ(d0, XS_WRITE, 0, "/c\0" "0"));
	t1 = (unsigned int)strtoul(RQ(d0, XS_TRANSACTION_START, 0, "\0")->data,
				   NULL, 10);
	t2 = (unsigned int)strtoul(RQ(c2, XS_TRANSACTION_START, 0, "\0")->data,
				   NULL, 10);
	ck_assert_uint_ne(t1, t2);
	XT_DATA(RQ(d0, XS_READ, t1, "/c\0"), "0");
	XT_DATA(RQ(c2, XS_READ, t2, "/c\0"), "0");
	XT_OK(RQ(d0, XS_WRITE, t1, "/c\0" "1"));
	XT_OK(RQ(c2, XS_WRITE, t2, "/c\0" "2"));
	XT_OK(RQ(c2, XS_WRITE, t2, "/other\0" "x"));
	XT_OK(RQ(d0, XS_TRANSACTION_END, t1, "T\0"));
	XT_ERR(RQ(c2, XS_TRANSACTION_END, t2, "T\0"), "EAGAIN");
	XT_DATA(RQ(d0, XS_READ, 0, "/c\0"), "1");
	XT_ERR(RQ(d0, XS_READ, 0, "/other\0"), "ENOENT");  /* all or nothing */
	ck_assert_ptr_nonnull(strstr(xt_log, "EAGAIN"));
}
END_TEST

START_TEST(trans_conflict_on_created_node)
{
	unsigned int t1 = (unsigned int)strtoul(
		RQ(d0, XS_TRANSACTION_START, 0, "\0")->data, NULL, 10);

	XT_ERR(RQ(d0, XS_READ, t1, "/n\0"), "ENOENT");
	XT_OK(RQ(d0, XS_WRITE, 0, "/n\0" "outside"));
	XT_OK(RQ(d0, XS_WRITE, t1, "/m\0" "inside"));
	XT_ERR(RQ(d0, XS_TRANSACTION_END, t1, "T\0"), "EAGAIN");
}
END_TEST

START_TEST(trans_abort_and_errors)
{
	unsigned int tx = (unsigned int)strtoul(
		RQ(d0, XS_TRANSACTION_START, 0, "\0")->data, NULL, 10);

	XT_OK(RQ(d0, XS_WRITE, tx, "/ab\0" "1"));
	XT_ERR(RQ(d0, XS_TRANSACTION_START, tx, "\0"), "EBUSY");
	XT_ERR(RQ(d0, XS_TRANSACTION_END, tx, "X\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_TRANSACTION_END, tx, "T"), "EINVAL");
	XT_ERR(RQ(d0, XS_TRANSACTION_START, 0, ""), "EINVAL");
	XT_OK(RQ(d0, XS_TRANSACTION_END, tx, "F\0"));
	XT_ERR(RQ(d0, XS_READ, 0, "/ab\0"), "ENOENT");
	XT_ERR(RQ(d0, XS_READ, tx, "/ab\0"), "ENOENT");  /* tx gone */
	XT_ERR(RQ(d0, XS_WRITE, 12345, "/ab\0" "1"), "ENOENT");
}
END_TEST

static void home(struct xs_conn *c, const char *path, const char *perm)
{
	char buf[128];
	size_t n = strlen(path) + 1;

	memcpy(buf, path, n);
	memcpy(buf + n, perm, strlen(perm) + 1);
	XT_OK(xt_rq(c, XS_MKDIR, 0, path, (unsigned int)n));
	XT_OK(xt_rq(c, XS_SET_PERMS, 0, buf, (unsigned int)(n + strlen(perm) + 1)));
}

START_TEST(quota_transactions)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);

	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "transactions\0" "2\0"));
	ck_assert_uint_ne(RQ(d5, XS_TRANSACTION_START, 0, "\0")->h.type, XS_ERROR);
	ck_assert_uint_ne(RQ(d5, XS_TRANSACTION_START, 0, "\0")->h.type, XS_ERROR);
	XT_ERR(RQ(d5, XS_TRANSACTION_START, 0, "\0"), "ENOSPC");
	ck_assert_ptr_nonnull(strstr(xt_log, "dom5 refused transaction"));
	for (int i = 0; i < 5; i++)  /* dom0 is exempt */
		ck_assert_uint_ne(RQ(d0, XS_TRANSACTION_START, 0, "\0")->h.type,
				  XS_ERROR);
}
END_TEST

START_TEST(quota_nodes_in_and_out_of_transactions)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);
	unsigned int tx;

	XT_OK(RQ(d0, XS_INTRODUCE, 0, "5\0" "1\0" "1\0"));
	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "5\0" "nodes\0" "3\0"));
	home(d0, "/local/domain/5", "n5");  /* owned: 1 */
	XT_OK(RQ(d5, XS_WRITE, 0, "a\0" "1"));     /* 2 */
	XT_ERR(RQ(d5, XS_WRITE, 0, "b/c\0" "1"), "ENOSPC");  /* would be 4 */
	ck_assert_ptr_nonnull(strstr(xt_log, "dom5 refused nodes"));
	tx = (unsigned int)strtoul(RQ(d5, XS_TRANSACTION_START, 0, "\0")->data,
				   NULL, 10);
	XT_OK(RQ(d5, XS_WRITE, tx, "b\0" "1"));    /* 3 */
	XT_ERR(RQ(d5, XS_WRITE, tx, "c\0" "1"), "ENOSPC");
	XT_OK(RQ(d5, XS_RM, tx, "a\0"));           /* frees one */
	XT_OK(RQ(d5, XS_WRITE, tx, "c\0" "1"));
	XT_OK(RQ(d5, XS_TRANSACTION_END, tx, "T\0"));
	XT_ERR(RQ(d5, XS_WRITE, 0, "d\0" "1"), "ENOSPC");
	XT_OK(RQ(d5, XS_RM, 0, "c\0"));
	XT_OK(RQ(d5, XS_WRITE, 0, "d\0" "1"));
	XT_OK(RQ(d0, XS_WRITE, 0, "/local/domain/5/e/f/g\0" "1"));  /* dom0 */
}
END_TEST

START_TEST(quota_watches_size_perms)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);
	char big[64];

	home(d0, "/local/domain/5", "n5");
	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "watches\0" "2\0"));
	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "nodesize\0" "8\0"));
	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "permissions\0" "1\0"));
	XT_OK(RQ(d5, XS_WATCH, 0, "a\0" "1\0"));
	XT_OK(RQ(d5, XS_WATCH, 0, "b\0" "2\0"));
	XT_ERR(RQ(d5, XS_WATCH, 0, "c\0" "3\0"), "E2BIG");
	ck_assert_ptr_nonnull(strstr(xt_log, "dom5 refused watch"));
	XT_OK(RQ(d5, XS_WRITE, 0, "s\0" "12345678"));
	XT_ERR(RQ(d5, XS_WRITE, 0, "s\0" "123456789"), "ENOSPC");
	ck_assert_ptr_nonnull(strstr(xt_log, "dom5 refused nodesize"));
	XT_OK(RQ(d5, XS_SET_PERMS, 0, "s\0" "n5\0" "r1\0"));
	XT_ERR(RQ(d5, XS_SET_PERMS, 0, "s\0" "n5\0" "r1\0" "r2\0"), "ENOSPC");
	ck_assert_ptr_nonnull(strstr(xt_log, "dom5 refused permissions"));
	memset(big, 'x', sizeof(big));
	memcpy(big, "/big", 5);
	XT_OK(xt_rq(d0, XS_WRITE, 0, big, sizeof(big)));  /* dom0 exempt */
}
END_TEST

START_TEST(quota_outstanding_holds_input)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);
	struct xsd_sockmsg h = { XS_GET_DOMAIN_PATH, 1, 0, 2 };
	char buf[10 * (sizeof(h) + 2)];
	unsigned int one = sizeof(h) + 2;
	struct xt_msg m;
	int n;

	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "outstanding\0" "3\0"));
	for (int i = 0; i < 10; i++) {
		memcpy(buf + i * one, &h, sizeof(h));
		memcpy(buf + i * one + sizeof(h), "5\0", 2);
	}
	n = xs_conn_feed(d5, buf, sizeof(buf));
	ck_assert_int_eq(n, 3 * (int)one);  /* three answered, rest held */
	ck_assert_ptr_nonnull(strstr(xt_log, "dom5 outstanding 3 >= 3"));
	ck_assert(xt_pop(d5, &m));
	n = xs_conn_feed(d5, buf + 3 * one, sizeof(buf) - 3 * one);
	ck_assert_int_eq(n, (int)one);
}
END_TEST

Suite *xenstore_watch_suite(void)
{
	Suite *su = suite_create("xenstore watches");
	TCase *tc = tcase_create("watch");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, watch_fires_on_registration_then_after_reply);
	tcase_add_test(tc, watch_covers_path_and_children);
	tcase_add_test(tc, rm_fires_watches_below);
	tcase_add_test(tc, root_watch_sees_everything);
	tcase_add_test(tc, special_watches);
	tcase_add_test(tc, unwatch_and_reset);
	tcase_add_test(tc, relative_watch_gets_relative_events);
	tcase_add_test(tc, events_need_read_access);
	suite_add_tcase(su, tc);
	return su;
}

Suite *xenstore_trans_suite(void)
{
	Suite *su = suite_create("xenstore transactions and quotas");
	TCase *tc = tcase_create("trans");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, trans_isolation_and_commit);
	tcase_add_test(tc, trans_conflict_is_eagain);
	tcase_add_test(tc, trans_conflict_on_created_node);
	tcase_add_test(tc, trans_abort_and_errors);
	tcase_add_test(tc, quota_transactions);
	tcase_add_test(tc, quota_nodes_in_and_out_of_transactions);
	tcase_add_test(tc, quota_watches_size_perms);
	tcase_add_test(tc, quota_outstanding_holds_input);
	suite_add_tcase(su, tc);
	return su;
}
