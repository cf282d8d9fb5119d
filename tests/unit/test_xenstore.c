/* xenstore core tests: every request type, errors, permissions, bad input. */
#include <errno.h>
#include <check.h>
#include <stdlib.h>
#include "harness.h"
#define XT_DEFAULT_FIXTURE
#include "test_xenstore_util.h"

/* A domain's home, owned by it, as a toolstack would make it. */
static void make_home(unsigned int domid)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
	xt_rq(d0, XS_MKDIR, 0, buf, (unsigned int)n + 1);
	n += snprintf(buf + n + 1, sizeof(buf) - n - 1, "n%u", domid) + 1;
	XT_OK(xt_rq(d0, XS_SET_PERMS, 0, buf, (unsigned int)n + 1));
}

START_TEST(error_table_in_xen_order)
{
	static const char *const want[] = {
		"EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM",
		"ENOSPC", "EIO", "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY",
		"EAGAIN", "EISCONN", "E2BIG", "EPERM",
	};
	ck_assert_uint_eq(sizeof(xsd_errors) / sizeof(*xsd_errors), 16);
	for (int i = 0; i < 16; i++)
		ck_assert_str_eq(xsd_errors[i].errstring, want[i]);
	ck_assert_int_eq(xsd_errors[12].errnum, EAGAIN);
	ck_assert_uint_eq(sizeof(struct xsd_sockmsg), 16);
	ck_assert_uint_eq(sizeof(struct xenstore_domain_interface), 2048 + 28);
	ck_assert_int_eq(XS_SET_QUOTA, 26);
	ck_assert_int_eq(XS_DEBUG, XS_CONTROL);
}
END_TEST

START_TEST(write_read_with_parents)
{
	struct xt_msg *m = RQ(d0, XS_WRITE, 0, "/a/b/c\0" "hello");
	XT_OK(m);
	ck_assert_uint_eq(m->h.type, XS_WRITE);
	ck_assert_uint_eq(m->h.len, 3);
	XT_DATA(RQ(d0, XS_READ, 0, "/a/b/c\0"), "hello");
	XT_DATA(RQ(d0, XS_READ, 0, "/a/b\0"), "");
	XT_ERR(RQ(d0, XS_READ, 0, "/a/x\0"), "ENOENT");
	XT_OK(RQ(d0, XS_WRITE, 0, "/a/b/c\0"));  /* empty value */
	XT_DATA(RQ(d0, XS_READ, 0, "/a/b/c\0"), "");
	XT_OK(RQ(d0, XS_WRITE, 0, "/bin\0" "x\0y"));  /* values are bytes */
	XT_DATA(RQ(d0, XS_READ, 0, "/bin\0"), "x\0y");
}
END_TEST

START_TEST(reply_echoes_req_and_tx)
{
	char buf[sizeof(struct xsd_sockmsg) + 8];
	struct xsd_sockmsg h = { XS_READ, 0xabcdef, 0, 6 };
	struct xt_msg m;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "/tool\0", 6);
	ck_assert_int_eq(xs_conn_feed(d0, buf, sizeof(h) + 6),
			 (int)sizeof(h) + 6);
	ck_assert(xt_pop(d0, &m));
	ck_assert_uint_eq(m.h.req_id, 0xabcdef);
	ck_assert_uint_eq(m.h.type, XS_READ);
}
END_TEST

START_TEST(mkdir_and_rm)
{
	XT_OK(RQ(d0, XS_MKDIR, 0, "/m/n\0"));
	XT_DATA(RQ(d0, XS_READ, 0, "/m/n\0"), "");
	XT_OK(RQ(d0, XS_WRITE, 0, "/m/n\0" "v"));
	XT_OK(RQ(d0, XS_MKDIR, 0, "/m/n\0"));  /* exists: fine, kept */
	XT_DATA(RQ(d0, XS_READ, 0, "/m/n\0"), "v");
	XT_OK(RQ(d0, XS_WRITE, 0, "/m/n/o/p\0" "1"));
	XT_OK(RQ(d0, XS_RM, 0, "/m/n\0"));  /* recursive */
	XT_ERR(RQ(d0, XS_READ, 0, "/m/n/o/p\0"), "ENOENT");
	XT_DATA(RQ(d0, XS_DIRECTORY, 0, "/m\0"), "");
	XT_OK(RQ(d0, XS_RM, 0, "/m/gone\0"));  /* parent exists: OK */
	XT_ERR(RQ(d0, XS_RM, 0, "/m/gone/deeper\0"), "ENOENT");
	XT_ERR(RQ(d0, XS_RM, 0, "/\0"), "EINVAL");
}
END_TEST

START_TEST(directory_lists_in_creation_order)
{
	XT_OK(RQ(d0, XS_WRITE, 0, "/d/zeta\0" "1"));
	XT_OK(RQ(d0, XS_WRITE, 0, "/d/alpha\0" "2"));
	XT_OK(RQ(d0, XS_MKDIR, 0, "/d/mid\0"));
	XT_DATA(RQ(d0, XS_DIRECTORY, 0, "/d\0"), "zeta\0alpha\0mid\0");
	XT_ERR(RQ(d0, XS_DIRECTORY, 0, "/nope\0"), "ENOENT");
}
END_TEST

START_TEST(directory_part_pages)
{
	struct xt_msg *m;
	char gen[XENSTORE_PAYLOAD_MAX + 1];

	XT_OK(RQ(d0, XS_WRITE, 0, "/d/aa\0"));
	XT_OK(RQ(d0, XS_WRITE, 0, "/d/bb\0"));
	m = RQ(d0, XS_DIRECTORY_PART, 0, "/d\0" "0\0");
	ck_assert_uint_ne(m->h.type, XS_ERROR);
	snprintf(gen, sizeof(gen), "%s", m->data);
	ck_assert_uint_eq(m->h.len, strlen(gen) + 1 + 7);
	ck_assert(memcmp(m->data + strlen(gen) + 1, "aa\0bb\0\0", 7) == 0);
	m = RQ(d0, XS_DIRECTORY_PART, 0, "/d\0" "3\0");
	ck_assert_str_eq(m->data, gen);
	ck_assert(memcmp(m->data + strlen(gen) + 1, "bb\0\0", 4) == 0);
	XT_ERR(RQ(d0, XS_DIRECTORY_PART, 0, "/d\0" "1\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_DIRECTORY_PART, 0, "/d\0" "99\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_DIRECTORY_PART, 0, "/d\0"), "EINVAL");
	XT_OK(RQ(d0, XS_WRITE, 0, "/d/cc\0"));
	m = RQ(d0, XS_DIRECTORY_PART, 0, "/d\0" "0\0");
	ck_assert_str_ne(m->data, gen);  /* generation moved */
}
END_TEST

START_TEST(perms_get_set)
{
	XT_DATA(RQ(d0, XS_GET_PERMS, 0, "/\0"), "n0\0");
	XT_OK(RQ(d0, XS_WRITE, 0, "/p\0" "x"));
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/p\0" "n1\0" "r2\0" "w3\0" "b4\0"));
	XT_DATA(RQ(d0, XS_GET_PERMS, 0, "/p\0"), "n1\0r2\0w3\0b4\0");
	XT_ERR(RQ(d0, XS_SET_PERMS, 0, "/p\0" "x1\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_SET_PERMS, 0, "/p\0" "r\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_SET_PERMS, 0, "/p\0" "r1x\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_SET_PERMS, 0, "/p\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_SET_PERMS, 0, "/q\0" "n0\0"), "ENOENT");
	XT_ERR(RQ(d0, XS_GET_PERMS, 0, "/q\0"), "ENOENT");
}
END_TEST

START_TEST(relative_paths_and_domain_path)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);

	make_home(5);
	XT_OK(RQ(d5, XS_WRITE, 0, "device/vif/0/state\0" "1"));
	XT_DATA(RQ(d0, XS_READ, 0, "/local/domain/5/device/vif/0/state\0"),
		"1");
	XT_DATA(RQ(d5, XS_READ, 0, "device/vif/0/state\0"), "1");
	XT_DATA(RQ(d5, XS_GET_DOMAIN_PATH, 0, "7\0"), "/local/domain/7\0");
	XT_ERR(RQ(d5, XS_GET_DOMAIN_PATH, 0, "x7\0"), "EINVAL");
	XT_ERR(RQ(d5, XS_GET_DOMAIN_PATH, 0, "7"), "EINVAL");
}
END_TEST

START_TEST(bad_paths)
{
	char big[XENSTORE_ABS_PATH_MAX + 16];

	XT_ERR(RQ(d0, XS_READ, 0, "//a\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_READ, 0, "/a/\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_WRITE, 0, "/a b\0" "1"), "EINVAL");
	XT_ERR(RQ(d0, XS_WRITE, 0, "@introduceDomain\0" "1"), "EINVAL");
	big[0] = '/';
	memset(big + 1, 'x', sizeof(big) - 2);
	big[sizeof(big) - 1] = 0;
	XT_ERR(xt_rq(d0, XS_READ, 0, big, sizeof(big)), "EINVAL");
	XT_OK(RQ(d0, XS_WRITE, 0, "/ok-_@9\0" "1"));
}
END_TEST

START_TEST(unknown_types_are_enosys)
{
	XT_ERR(RQ(d0, 20, 0, "\0"), "ENOSYS");  /* was XS_RESTRICT */
	XT_ERR(RQ(d0, XS_WATCH_EVENT, 0, "/a\0t\0"), "ENOSYS");
	XT_ERR(RQ(d0, XS_ERROR, 0, "\0"), "ENOSYS");
	XT_ERR(RQ(d0, XS_GET_FEATURE, 0, "\0"), "ENOSYS");
	XT_ERR(RQ(d0, XS_SET_FEATURE, 0, "\0"), "ENOSYS");
	XT_ERR(RQ(d0, 27, 0, "\0"), "ENOSYS");
	XT_ERR(RQ(d0, XS_INVALID, 0, "\0"), "ENOSYS");
	XT_ERR(RQ(d0, 0xdeadbeef, 0, ""), "ENOSYS");
}
END_TEST

START_TEST(domain_requests)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);

	XT_DATA(RQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3\0"), "F\0");
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "3\0" "4096\0" "7\0"));
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "3\0" "4096\0" "7\0"));  /* same: OK */
	XT_ERR(RQ(d0, XS_INTRODUCE, 0, "3\0" "4097\0" "7\0"), "EEXIST");
	XT_ERR(RQ(d0, XS_INTRODUCE, 0, "3\0" "4096\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_INTRODUCE, 0, "4\0" "zz\0" "1\0"), "EINVAL");
	XT_ERR(RQ(d5, XS_INTRODUCE, 0, "6\0" "1\0" "1\0"), "EACCES");
	XT_DATA(RQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3\0"), "T\0");
	XT_DATA(RQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "0\0"), "T\0");
	XT_ERR(RQ(d5, XS_IS_DOMAIN_INTRODUCED, 0, "3\0"), "EACCES");
	XT_OK(RQ(d0, XS_RESUME, 0, "3\0"));
	XT_ERR(RQ(d0, XS_RESUME, 0, "8\0"), "ENOENT");
	XT_ERR(RQ(d5, XS_RESUME, 0, "3\0"), "EACCES");
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "5\0" "1\0" "1\0"));
	XT_OK(RQ(d0, XS_SET_TARGET, 0, "5\0" "3\0"));
	XT_ERR(RQ(d0, XS_SET_TARGET, 0, "5\0" "9\0"), "ENOENT");
	XT_ERR(RQ(d0, XS_SET_TARGET, 0, "5\0"), "EINVAL");
	XT_ERR(RQ(d5, XS_SET_TARGET, 0, "5\0" "3\0"), "EACCES");
	XT_OK(RQ(d0, XS_RELEASE, 0, "3\0"));
	XT_ERR(RQ(d0, XS_RELEASE, 0, "3\0"), "ENOENT");
	XT_ERR(RQ(d5, XS_RELEASE, 0, "5\0"), "EACCES");
	XT_DATA(RQ(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3\0"), "F\0");
}
END_TEST

START_TEST(control_and_quota_requests)
{
	struct xs_conn *d5 = xs_conn_new(&s, 5);
	struct xt_msg *m;

	XT_OK(RQ(d0, XS_CONTROL, 0, "log\0" "on\0"));
	ck_assert_int_eq(s.log_on, 1);
	XT_OK(RQ(d0, XS_CONTROL, 0, "log\0" "off\0"));
	ck_assert_int_eq(s.log_on, 0);
	XT_ERR(RQ(d0, XS_CONTROL, 0, "log\0" "maybe\0"), "EINVAL");
	m = RQ(d0, XS_CONTROL, 0, "quota\0");
	ck_assert_ptr_nonnull(strstr(m->data, "nodes"));
	ck_assert_ptr_nonnull(strstr(m->data, "1000"));
	XT_OK(RQ(d0, XS_CONTROL, 0, "print\0" "hello log\0"));
	ck_assert_ptr_nonnull(strstr(xt_log, "hello log"));
	XT_ERR(RQ(d0, XS_CONTROL, 0, "frobnicate\0"), "EINVAL");
	XT_ERR(RQ(d5, XS_CONTROL, 0, "log\0"), "EACCES");
	XT_ERR(RQ(d0, XS_CONTROL, 0, ""), "EINVAL");

	XT_DATA(xt_rq(d0, XS_GET_QUOTA, 0, "", 0),
		"nodes watches transactions outstanding nodesize permissions\0");
	XT_DATA(RQ(d0, XS_GET_QUOTA, 0, "nodes\0"), "1000\0");
	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "nodes\0" "50\0"));
	XT_DATA(RQ(d0, XS_GET_QUOTA, 0, "nodes\0"), "50\0");
	XT_ERR(RQ(d0, XS_GET_QUOTA, 0, "bogus\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_SET_QUOTA, 0, "nodes\0" "x\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_GET_QUOTA, 0, "9\0" "nodes\0"), "ENOENT");
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "9\0" "1\0" "1\0"));
	XT_DATA(RQ(d0, XS_GET_QUOTA, 0, "9\0" "nodes\0"), "50\0");
	XT_OK(RQ(d0, XS_SET_QUOTA, 0, "9\0" "nodes\0" "7\0"));
	XT_DATA(RQ(d0, XS_GET_QUOTA, 0, "9\0" "nodes\0"), "7\0");
	XT_DATA(RQ(d0, XS_GET_QUOTA, 0, "nodes\0"), "50\0");
	XT_ERR(RQ(d5, XS_GET_QUOTA, 0, "nodes\0"), "EACCES");
	XT_ERR(RQ(d5, XS_SET_QUOTA, 0, "nodes\0" "1\0"), "EACCES");
}
END_TEST

/* Owner n1; r2 reads; w3 writes; b4 both; everyone else (5) nothing. */
START_TEST(permission_matrix)
{
	static const struct { unsigned int dom; const char *rd, *wr; } row[] = {
		{ 0, NULL, NULL }, { 1, NULL, NULL }, { 2, NULL, "EACCES" },
		{ 3, "EACCES", NULL }, { 4, NULL, NULL },
		{ 5, "EACCES", "EACCES" },
	};

	XT_OK(RQ(d0, XS_WRITE, 0, "/p\0" "v"));
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/p\0" "n1\0" "r2\0" "w3\0" "b4\0"));
	for (unsigned int i = 0; i < 6; i++) {
		struct xs_conn *c = xs_conn_new(&s, row[i].dom);
		struct xt_msg *m = RQ(c, XS_READ, 0, "/p\0");
		if (row[i].rd)
			XT_ERR(m, row[i].rd);
		else
			XT_DATA(m, "v");
		m = RQ(c, XS_WRITE, 0, "/p\0" "v");
		if (row[i].wr)
			XT_ERR(m, row[i].wr);
		else
			XT_OK(m);
		/* directory and get_perms follow read access */
		m = RQ(c, XS_GET_PERMS, 0, "/p\0");
		if (row[i].rd)
			XT_ERR(m, row[i].rd);
		m = RQ(c, XS_DIRECTORY, 0, "/p\0");
		if (row[i].rd)
			XT_ERR(m, row[i].rd);
		/* only the owner (and dom0) may set permissions */
		m = RQ(c, XS_SET_PERMS, 0, "/p\0" "n1\0" "r2\0" "w3\0" "b4\0");
		if (row[i].dom <= 1)
			XT_OK(m);
		else
			XT_ERR(m, "EACCES");
	}
}
END_TEST

START_TEST(permission_inheritance_and_owner)
{
	struct xs_conn *d3 = xs_conn_new(&s, 3), *d5 = xs_conn_new(&s, 5);

	XT_OK(RQ(d0, XS_WRITE, 0, "/p\0" "v"));
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/p\0" "n1\0" "r2\0" "w3\0"));
	XT_OK(RQ(d3, XS_WRITE, 0, "/p/c/d\0" "1"));  /* creator owns */
	XT_DATA(RQ(d0, XS_GET_PERMS, 0, "/p/c/d\0"), "n3\0r2\0w3\0");
	XT_DATA(RQ(d0, XS_GET_PERMS, 0, "/p/c\0"), "n3\0r2\0w3\0");
	XT_OK(RQ(d0, XS_WRITE, 0, "/p/e\0" "1"));  /* dom0 keeps parent's */
	XT_DATA(RQ(d0, XS_GET_PERMS, 0, "/p/e\0"), "n1\0r2\0w3\0");
	XT_ERR(RQ(d3, XS_SET_PERMS, 0, "/p/c\0" "n5\0"), "EPERM");
	XT_OK(RQ(d3, XS_SET_PERMS, 0, "/p/c\0" "n3\0" "b5\0"));
	XT_OK(RQ(d5, XS_WRITE, 0, "/p/c\0" "by5"));
	/* unreadable parent: missing child is EACCES, not ENOENT */
	XT_ERR(RQ(d5, XS_READ, 0, "/p/missing\0"), "EACCES");
	XT_ERR(RQ(d5, XS_WRITE, 0, "/p/new\0" "1"), "EACCES");
	XT_ERR(RQ(d5, XS_MKDIR, 0, "/p/new\0"), "EACCES");
	XT_ERR(RQ(d5, XS_RM, 0, "/p/e\0"), "EACCES");
	XT_ERR(RQ(d5, XS_WRITE, 0, "/top\0" "1"), "EACCES");  /* "/" is n0 */
}
END_TEST

START_TEST(set_target_grants_target_rights)
{
	struct xs_conn *d6 = xs_conn_new(&s, 6);

	make_home(5);
	XT_OK(RQ(d0, XS_WRITE, 0, "/local/domain/5/x\0" "1"));
	XT_OK(RQ(d0, XS_SET_PERMS, 0, "/local/domain/5/x\0" "n5\0"));
	XT_ERR(RQ(d6, XS_READ, 0, "/local/domain/5/x\0"), "EACCES");
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "5\0" "1\0" "1\0"));
	XT_OK(RQ(d0, XS_INTRODUCE, 0, "6\0" "2\0" "2\0"));
	XT_OK(RQ(d0, XS_SET_TARGET, 0, "6\0" "5\0"));
	XT_DATA(RQ(d6, XS_READ, 0, "/local/domain/5/x\0"), "1");
}
END_TEST

START_TEST(malformed_input)
{
	struct xs_conn *other = xs_conn_new(&s, 0);
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

	XT_ERR(RQ(d0, XS_READ, 0, "/tool"), "EINVAL");        /* no NUL */
	XT_ERR(RQ(d0, XS_READ, 0, "/tool\0extra\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_WRITE, 0, "/nonul"), "EINVAL");
	XT_ERR(RQ(d0, XS_WATCH, 0, "/a\0"), "EINVAL");
	XT_ERR(RQ(d0, XS_READ, 77, "/tool\0"), "ENOENT");     /* bad tx */
	XT_ERR(RQ(d0, XS_TRANSACTION_END, 0, "T\0"), "ENOENT");
	XT_ERR(xt_rq(d0, XS_READ, 0, "", 0), "EINVAL");
	XT_OK(RQ(d0, XS_WRITE, 0, "/secret\0" "s3cret"));
	/* over-long message: the connection is dropped, nobody else hurt */
	ck_assert_int_eq(xs_conn_feed(other, &h, sizeof(h)), -1);
	ck_assert_int_eq(other->dead, 1);
	ck_assert_int_eq(xs_conn_feed(other, "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(xt_log, "over 4096"));
	XT_DATA(RQ(d0, XS_READ, 0, "/secret\0"), "s3cret");
}
END_TEST

START_TEST(header_and_payload_in_pieces)
{
	char buf[64];
	struct xsd_sockmsg h = { XS_WRITE, 9, 0, 6 };
	struct xt_msg m;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "/f\0" "abc", 6);
	for (unsigned int i = 0; i < sizeof(h) + 6; i++) {
		ck_assert(!xs_conn_has_output(d0));
		ck_assert_int_eq(xs_conn_feed(d0, buf + i, 1), 1);
	}
	ck_assert(xt_pop(d0, &m));
	ck_assert_str_eq(m.data, "OK");
	XT_DATA(RQ(d0, XS_READ, 0, "/f\0"), "abc");
	/* two requests in one feed */
	memcpy(buf + sizeof(h) + 6, buf, sizeof(h) + 6);
	ck_assert_int_eq(xs_conn_feed(d0, buf, 2 * (sizeof(h) + 6)),
			 2 * (int)(sizeof(h) + 6));
	ck_assert(xt_pop(d0, &m) && xt_pop(d0, &m));
	ck_assert(!xt_pop(d0, &m));
}
END_TEST

static Suite *messages_suite(void)
{
	Suite *su = suite_create("xenstore messages");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, error_table_in_xen_order);
	tcase_add_test(tc, write_read_with_parents);
	tcase_add_test(tc, reply_echoes_req_and_tx);
	tcase_add_test(tc, mkdir_and_rm);
	tcase_add_test(tc, directory_lists_in_creation_order);
	tcase_add_test(tc, directory_part_pages);
	tcase_add_test(tc, perms_get_set);
	tcase_add_test(tc, relative_paths_and_domain_path);
	tcase_add_test(tc, bad_paths);
	tcase_add_test(tc, unknown_types_are_enosys);
	tcase_add_test(tc, domain_requests);
	tcase_add_test(tc, control_and_quota_requests);
	tcase_add_test(tc, permission_matrix);
	tcase_add_test(tc, permission_inheritance_and_owner);
	tcase_add_test(tc, set_target_grants_target_rights);
	tcase_add_test(tc, malformed_input);
	tcase_add_test(tc, header_and_payload_in_pieces);
	suite_add_tcase(su, tc);
	return su;
}

Suite *xenstore_watch_suite(void);
Suite *xenstore_trans_suite(void);

int main(void)
{
	static Suite *(*const suites[])(void) = {
		messages_suite, xenstore_watch_suite, xenstore_trans_suite,
		NULL,
	};
	return harness_run(suites);
}
