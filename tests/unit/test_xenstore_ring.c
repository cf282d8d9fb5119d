/* xenstore ring transport and client library tests (in-process store). */
#include <errno.h>
#include <check.h>
#include <stdlib.h>
#include "harness.h"
#include "test_xenstore_util.h"
#include "xs_ring.h"
#include "xenstore.h"

static struct xs_store s;
static struct xenstore_domain_interface *intf;
static struct xs_conn *rc;

static void setup(void)
{
	xt_store(&s);
	intf = calloc(1, sizeof(*intf));
	xs_ring_server_init(intf);
	rc = xs_conn_new(&s, 0);
}

static void teardown(void)
{
	free(intf);
	xs_store_free(&s);
}

/* Puts a whole request on the request ring as a guest would. */
static void guest_send(uint32_t type, const void *p, unsigned int len)
{
	char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = { type, 42, 0, len };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	ck_assert_int_eq(xs_ring_write(intf, buf, sizeof(h) + len),
			 (int)(sizeof(h) + len));
}

/* Takes one whole reply off the response ring. */
static void guest_recv(struct xt_msg *m)
{
	ck_assert_int_eq(xs_ring_read(intf, &m->h, sizeof(m->h)),
			 (int)sizeof(m->h));
	ck_assert_int_eq(xs_ring_read(intf, m->data, m->h.len), (int)m->h.len);
	m->data[m->h.len] = 0;
}

static void start_at(XENSTORE_RING_IDX idx)
{
	intf->req_cons = intf->req_prod = idx;
	intf->rsp_cons = intf->rsp_prod = idx;
}

START_TEST(ring_features_announced)
{
	ck_assert_uint_eq(intf->server_features,
			  XENSTORE_SERVER_FEATURE_RECONNECTION |
			  XENSTORE_SERVER_FEATURE_ERROR);
	ck_assert_uint_eq(intf->connection, XENSTORE_CONNECTED);
	ck_assert_uint_eq(intf->error, XENSTORE_ERROR_NONE);
}
END_TEST

/* Header and payload straddle the end of both rings. */
START_TEST(ring_messages_straddle_the_end)
{
	static const XENSTORE_RING_IDX starts[] = { 1016, 1010, 1023,
						    0xfffffff8u, 0xfffffffeu };
	struct xt_msg m;

	for (unsigned int i = 0; i < 5; i++) {
		start_at(starts[i]);
		guest_send(XS_WRITE, "/wrap\0" "across the end", 20);
		ck_assert_int_eq(xs_ring_serve(intf, rc), 1);
		guest_recv(&m);
		ck_assert_uint_eq(m.h.req_id, 42);
		ck_assert_str_eq(m.data, "OK");
		guest_send(XS_READ, "/wrap\0", 6);
		ck_assert_int_eq(xs_ring_serve(intf, rc), 1);
		guest_recv(&m);
		ck_assert_str_eq(m.data, "across the end");
		ck_assert_uint_eq(intf->req_cons, intf->req_prod);
		ck_assert_uint_eq(intf->rsp_cons, intf->rsp_prod);
	}
}
END_TEST

START_TEST(ring_partial_header_waits)
{
	char buf[sizeof(struct xsd_sockmsg) + 6];
	struct xsd_sockmsg h = { XS_READ, 1, 0, 6 };
	struct xt_msg m;

	start_at(1020);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "/tool\0", 6);
	ck_assert_int_eq(xs_ring_write(intf, buf, 7), 7);
	xs_ring_serve(intf, rc);
	ck_assert_uint_eq(xs_ring_avail(intf), 0);
	ck_assert_int_eq(xs_ring_write(intf, buf + 7, 12), 12);
	xs_ring_serve(intf, rc);
	ck_assert_uint_eq(xs_ring_avail(intf), 0);
	ck_assert_int_eq(xs_ring_write(intf, buf + 19, 3), 3);
	ck_assert_int_eq(xs_ring_serve(intf, rc), 1);
	guest_recv(&m);
	ck_assert_uint_eq(m.h.type, XS_READ);
	ck_assert_uint_eq(m.h.len, 0);
}
END_TEST

START_TEST(ring_large_messages_flow_through)
{
	char val[3000], buf[sizeof(val) + 32];
	struct xt_msg m;
	unsigned int sent = 0, got = 0, total;
	struct xsd_sockmsg h = { XS_WRITE, 7, 0, 0 };

	memset(val, 'v', sizeof(val));
	memcpy(buf + sizeof(h), "/big\0", 5);
	memcpy(buf + sizeof(h) + 5, val, sizeof(val));
	h.len = 5 + sizeof(val);
	memcpy(buf, &h, sizeof(h));
	total = sizeof(h) + h.len;
	while (sent < total) {  /* more than a ring's worth: in rounds */
		int n = xs_ring_write(intf, buf + sent, total - sent);
		ck_assert_int_gt(n, 0);
		sent += (unsigned int)n;
		ck_assert_int_ge(xs_ring_serve(intf, rc), 0);
	}
	guest_recv(&m);
	ck_assert_str_eq(m.data, "OK");
	guest_send(XS_READ, "/big\0", 5);
	char *out = malloc(sizeof(h) + sizeof(val));
	while (got < sizeof(h) + sizeof(val)) {
		ck_assert_int_ge(xs_ring_serve(intf, rc), 0);
		int n = xs_ring_read(intf, out + got,
				     (unsigned int)(sizeof(h) + sizeof(val)) - got);
		ck_assert_int_ge(n, 0);
		got += (unsigned int)n;
	}
	ck_assert(memcmp(out + sizeof(h), val, sizeof(val)) == 0);
	free(out);
}
END_TEST

START_TEST(ring_garbage_indices_close_only_that_ring)
{
	struct xenstore_domain_interface *good = calloc(1, sizeof(*good));
	struct xs_conn *gc = xs_conn_new(&s, 0);
	struct xt_msg m;

	intf->req_prod = intf->req_cons + XENSTORE_RING_SIZE + 1;
	ck_assert_int_eq(xs_ring_serve(intf, rc), -1);
	ck_assert_uint_eq(intf->error, XENSTORE_ERROR_RINGIDX);
	ck_assert_int_eq(rc->dead, 1);
	ck_assert_int_eq(xs_ring_serve(intf, rc), -1);
	ck_assert_ptr_nonnull(strstr(xt_log, "indices invalid"));

	/* the other ring still works */
	struct xenstore_domain_interface *save = intf;
	intf = good;
	guest_send(XS_READ, "/tool\0", 6);
	ck_assert_int_eq(xs_ring_serve(good, gc), 1);
	guest_recv(&m);
	ck_assert_uint_eq(m.h.type, XS_READ);
	intf = save;
	free(good);
}
END_TEST

START_TEST(ring_garbage_response_indices)
{
	intf->rsp_cons = intf->rsp_prod - 5000;
	guest_send(XS_READ, "/tool\0", 6);
	ck_assert_int_eq(xs_ring_serve(intf, rc), -1);
	ck_assert_uint_eq(intf->error, XENSTORE_ERROR_RINGIDX);
}
END_TEST

START_TEST(ring_overlong_message_is_protocol_error)
{
	struct xsd_sockmsg h = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

	ck_assert_int_eq(xs_ring_write(intf, &h, sizeof(h)), (int)sizeof(h));
	ck_assert_int_eq(xs_ring_serve(intf, rc), -1);
	ck_assert_uint_eq(intf->error, XENSTORE_ERROR_PROTO);
	ck_assert_uint_eq(xs_ring_avail(intf), 0);
}
END_TEST

START_TEST(ring_reconnect_resets_the_connection)
{
	struct xt_msg m;

	guest_send(XS_WATCH, "/r\0t\0", 5);
	xs_ring_serve(intf, rc);
	ck_assert_uint_eq(rc->nwatches, 1);
	start_at(77);
	intf->connection = XENSTORE_RECONNECT;
	ck_assert_int_eq(xs_ring_serve(intf, rc), 1);
	ck_assert_uint_eq(intf->connection, XENSTORE_CONNECTED);
	ck_assert_uint_eq(rc->nwatches, 0);
	ck_assert_uint_eq(intf->req_prod, 0);
	guest_send(XS_GET_DOMAIN_PATH, "1\0", 2);
	xs_ring_serve(intf, rc);
	guest_recv(&m);
	ck_assert_str_eq(m.data, "/local/domain/1");
}
END_TEST

/* ---- the client library over the in-process ring ---- */

START_TEST(client_basic_calls)
{
	struct xs_handle *h = xs_open_store_ring(&s, 0);
	unsigned int len, num;
	char *v, **dir;

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(xs_fileno(h), -1);
	ck_assert(xs_write(h, XBT_NULL, "/a/b", "1", 1));
	v = xs_read(h, XBT_NULL, "/a/b", &len);
	ck_assert_str_eq(v, "1");
	ck_assert_uint_eq(len, 1);
	free(v);
	ck_assert(xs_mkdir(h, XBT_NULL, "/a/c"));
	dir = xs_directory(h, XBT_NULL, "/a", &num);
	ck_assert_uint_eq(num, 2);
	ck_assert_str_eq(dir[0], "b");
	ck_assert_str_eq(dir[1], "c");
	free(dir);
	ck_assert(xs_rm(h, XBT_NULL, "/a/b"));
	ck_assert_ptr_null(xs_read(h, XBT_NULL, "/a/b", NULL));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert(!xs_write(h, XBT_NULL, "bad//path", "", 0));
	ck_assert_int_eq(errno, EINVAL);
	v = xs_get_domain_path(h, 4);
	ck_assert_str_eq(v, "/local/domain/4");
	free(v);
	xs_close(h);
}
END_TEST

START_TEST(client_permissions_and_errno)
{
	struct xs_handle *h = xs_open_store_ring(&s, 0);
	struct xs_handle *u = xs_open_store_ring(&s, 9);
	struct xs_permissions p[2] = { { 0, XS_PERM_NONE }, { 9, XS_PERM_READ } };
	struct xs_permissions *got;
	unsigned int n;

	ck_assert(xs_write(h, XBT_NULL, "/p", "x", 1));
	ck_assert_ptr_null(xs_read(u, XBT_NULL, "/p", NULL));
	ck_assert_int_eq(errno, EACCES);
	ck_assert(xs_set_permissions(h, XBT_NULL, "/p", p, 2));
	got = xs_get_permissions(h, XBT_NULL, "/p", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(got[1].id, 9);
	ck_assert_int_eq(got[1].perms, XS_PERM_READ);
	free(got);
	free(xs_read(u, XBT_NULL, "/p", NULL));
	ck_assert(!xs_write(u, XBT_NULL, "/p", "y", 1));
	ck_assert_int_eq(errno, EACCES);
	ck_assert(!xs_introduce_domain(u, 3, 1, 1));
	ck_assert_int_eq(errno, EACCES);
	ck_assert(xs_introduce_domain(h, 3, 1, 1));
	ck_assert(xs_is_domain_introduced(h, 3));
	ck_assert(xs_release_domain(h, 3));
	ck_assert(!xs_is_domain_introduced(h, 3));
	char *q = xs_control_command(h, "quota", NULL, 0);
	ck_assert_ptr_nonnull(strstr(q, "watches"));
	free(q);
	xs_close(u);
	xs_close(h);
}
END_TEST

START_TEST(client_watches)
{
	struct xs_handle *h = xs_open_store_ring(&s, 0);
	struct xs_handle *w = xs_open_store_ring(&s, 0);
	unsigned int num;
	char **ev;

	ck_assert(xs_watch(w, "/wd", "tok"));
	ev = xs_read_watch_timeout(w, &num, 100);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(num, 2);
	ck_assert_str_eq(ev[XS_WATCH_PATH], "/wd");
	ck_assert_str_eq(ev[XS_WATCH_TOKEN], "tok");
	free(ev);
	ck_assert_ptr_null(xs_check_watch(w));
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert(xs_write(h, XBT_NULL, "/wd/x", "1", 1));
	/* events that arrive during a request are kept for later */
	ck_assert(xs_write(w, XBT_NULL, "/unrelated", "1", 1));
	ev = xs_read_watch(w, &num);
	ck_assert_str_eq(ev[XS_WATCH_PATH], "/wd/x");
	free(ev);
	ck_assert(xs_unwatch(w, "/wd", "tok"));
	ck_assert(!xs_unwatch(w, "/wd", "tok"));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert(xs_write(h, XBT_NULL, "/wd/y", "1", 1));
	ck_assert_ptr_null(xs_read_watch_timeout(w, &num, 0));
	ck_assert_int_eq(errno, ETIMEDOUT);
	xs_close(w);
	xs_close(h);
}
END_TEST

START_TEST(client_transaction_conflict)
{
	struct xs_handle *a = xs_open_store_ring(&s, 0);
	struct xs_handle *b = xs_open_store_ring(&s, 0);
	xs_transaction_t t;

	ck_assert(xs_write(a, XBT_NULL, "/cnt", "0", 1));
	t = xs_transaction_start(a);
	ck_assert_uint_ne(t, XBT_NULL);
	free(xs_read(a, t, "/cnt", NULL));
	ck_assert(xs_write(b, XBT_NULL, "/cnt", "5", 1));
	ck_assert(xs_write(a, t, "/cnt", "1", 1));
	ck_assert(!xs_transaction_end(a, t, false));
	ck_assert_int_eq(errno, EAGAIN);
	t = xs_transaction_start(a);  /* the retry succeeds */
	free(xs_read(a, t, "/cnt", NULL));
	ck_assert(xs_write(a, t, "/cnt", "6", 1));
	ck_assert(xs_transaction_end(a, t, false));
	t = xs_transaction_start(a);
	ck_assert(xs_write(a, t, "/cnt", "9", 1));
	ck_assert(xs_transaction_end(a, t, true));  /* abort */
	char *v = xs_read(b, XBT_NULL, "/cnt", NULL);
	ck_assert_str_eq(v, "6");
	free(v);
	xs_close(a);
	xs_close(b);
}
END_TEST

START_TEST(client_big_directory_in_parts)
{
	struct xs_handle *h = xs_open_store_ring(&s, 0);
	unsigned int num;
	char path[64], **dir;

	for (int i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/big/child-with-long-name-%04d", i);
		ck_assert(xs_write(h, XBT_NULL, path, "", 0));
	}
	dir = xs_directory(h, XBT_NULL, "/big", &num);
	ck_assert_ptr_nonnull(dir);
	ck_assert_uint_eq(num, 300);
	ck_assert_str_eq(dir[0], "child-with-long-name-0000");
	ck_assert_str_eq(dir[299], "child-with-long-name-0299");
	free(dir);
	xs_close(h);
}
END_TEST

START_TEST(xenbus_state_handshake)
{
	struct xs_handle *front = xs_open_store_ring(&s, 0);
	struct xs_handle *back = xs_open_store_ring(&s, 0);
	const char *fe = "/local/domain/1/device/vbd/51712";
	const char *be = "/local/domain/0/backend/vbd/1/51712";

	ck_assert_int_eq(xenbus_read_state(front, be), XenbusStateUnknown);
	ck_assert(xenbus_switch_state(back, be, XenbusStateInitWait));
	ck_assert_int_eq(xenbus_wait_state(front, be, XenbusStateInitWait,
					   false, 100), XenbusStateInitWait);
	ck_assert(xenbus_switch_state(front, fe, XenbusStateInitialised));
	ck_assert_int_eq(xenbus_wait_state(back, fe, XenbusStateInitialised,
					   true, 100), XenbusStateInitialised);
	ck_assert(xenbus_switch_state(back, be, XenbusStateConnected));
	ck_assert_int_eq(xenbus_wait_state(front, be, XenbusStateInitialised,
					   true, 100), XenbusStateConnected);
	ck_assert_int_eq(xenbus_wait_state(front, be, XenbusStateClosed,
					   false, 0), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_str_eq(xenbus_strstate(XenbusStateConnected), "Connected");
	ck_assert_str_eq(xenbus_strstate(99), "Invalid");
	xs_close(front);
	xs_close(back);
}
END_TEST

START_TEST(escapes_round_trip)
{
	char all[256], text[XS_SANITISED_MAX(256)], back[sizeof(text)];

	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	xs_sanitise(all, 256, text);
	for (const char *p = text; *p; p++)
		ck_assert_msg(*p >= ' ' && *p <= '~', "unprintable %d", *p);
	ck_assert_uint_eq(xs_unsanitise(back, text), 256);
	ck_assert(memcmp(back, all, 256) == 0);
	xs_sanitise("a\tb\n\001\000", 6, text);
	ck_assert_str_eq(text, "a\\tb\\n\\001\\000");
	xs_sanitise("\t\x7f\\", 3, text);
	ck_assert_str_eq(text, "\\t\\x7f\\\\");
	ck_assert_uint_eq(xs_unsanitise(back, "\\xzz"), 3);
	ck_assert_str_eq(back, "xzz");
}
END_TEST

static Suite *ring_suite(void)
{
	Suite *su = suite_create("xenstore ring and client");
	TCase *tc = tcase_create("ring");
	TCase *cl = tcase_create("client");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ring_features_announced);
	tcase_add_test(tc, ring_messages_straddle_the_end);
	tcase_add_test(tc, ring_partial_header_waits);
	tcase_add_test(tc, ring_large_messages_flow_through);
	tcase_add_test(tc, ring_garbage_indices_close_only_that_ring);
	tcase_add_test(tc, ring_garbage_response_indices);
	tcase_add_test(tc, ring_overlong_message_is_protocol_error);
	tcase_add_test(tc, ring_reconnect_resets_the_connection);
	suite_add_tcase(su, tc);
	tcase_add_checked_fixture(cl, setup, teardown);
	tcase_add_test(cl, client_basic_calls);
	tcase_add_test(cl, client_permissions_and_errno);
	tcase_add_test(cl, client_watches);
	tcase_add_test(cl, client_transaction_conflict);
	tcase_add_test(cl, client_big_directory_in_parts);
	tcase_add_test(cl, xenbus_state_handshake);
	tcase_add_test(cl, escapes_round_trip);
	suite_add_tcase(su, cl);
	return su;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { ring_suite, NULL };
	return harness_run(suites);
}
